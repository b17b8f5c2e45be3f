// An LA's own figures (issue 20, "Local data"): a TOML file the LA fills in, read by `sendtwin la
// --local FILE`, that overrides the published defaults for that LA alone. README "Local data"
// documents it; local/example-kent.toml is a filled-in example.
//
//   [local]      la = "886", source = "...", year = 2025 (the January its caseload describes)
//   [caseload]   by_age_band = { under_5 = N, "5_10" = N, ... }, by_setting = { mainstream = N, ... },
//                by_need = { ASD = N, ... }: EHC plans in that January; or the joint table,
//                [[caseload.rows]] { age_band, setting, need, plans } or rows_csv = "FILE.csv"
//                (relative to the TOML; columns age_band,setting,need,plans)
//   [places]     state_special = N (places that January), mainstream_unit = N (unit and resourced
//                provision places: reported, no limit in the model), growth = 0.02 (a year),
//                new_special = { "2026" = 120, ... } (places added in a calendar year)
//   [costs]      place = { state_special = 10000 }, top_up = { state_special = 24000 },
//                fee = { independent_special = 62000 } (GBP a plan a year)
//   [money]      allocation = { "2025-26" = 380e6 }, closing_balance = { "2024-25" = -150e6 },
//                notional_sen_budget = { "2025-26" = 60e6 }
//
// Every section but [local] is optional, and so is every key in it; each may carry its own
// `source`. This reader checks what the file alone can tell (known keys, numbers in range, a
// table naming every category); pipeline/local.h checks it against the run (the LA, the start,
// the published figures it replaces) before any work.
#pragma once
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/types.h"
#include "model/send/params.h"

namespace sendtwin::data {

// One figure and the line the file gives it on.
struct LocalFigure {
  double value = 0;
  int line = 0;
};

// One cell of the joint caseload: plans of an age band, a setting and a primary need, and where
// the file gives it (a row of [[caseload.rows]] or of the CSV named by caseload.rows_csv).
struct CaseloadCell {
  int age_band = 0, setting = 0, need = 0;
  double plans = 0;
  int line = 0;
};

struct LocalData {
  std::string file;
  std::string code;    // DfE 3-digit LA code ([local] la)
  std::string source;  // where the figures come from ([local] source)
  int year = 0;        // the January the caseload describes ([local] year)
  int line = 0;        // the [local] header's line
  // Each section's source: its own `source`, else [local]'s.
  std::string caseload_source, places_source, costs_source, money_source;

  // [caseload]: EHC plans by the margins the model starts from (age band x setting is fitted to
  // the two margins; the primary needs are shares). A table given names every category.
  std::optional<std::array<double, model::kAgeBandCount>> by_age_band;
  std::optional<std::array<double, kSettingCount>> by_setting;
  std::optional<std::array<double, kNeedTypeCount>> by_need;
  int by_age_band_line = 0, by_setting_line = 0, by_need_line = 0;
  // The joint table (cells not given hold no plans); empty: none. `rows_file` is the file its
  // lines are of (the TOML, or the CSV caseload.rows_csv names), `rows_line` the line naming it.
  // Margins given beside it must be its sums.
  std::vector<CaseloadCell> rows;
  std::string rows_file;
  int rows_line = 0;

  // [places]
  std::optional<LocalFigure> state_special_places;  // state special places in the January
  std::optional<LocalFigure> unit_places;           // unit and resourced provision places (reported only)
  std::optional<LocalFigure> place_growth;          // annual growth of the places (replaces the LA's trend)
  // Annual growth of the independent special places the LA commissions (replaces the line of its
  // independent special plans: model::CapacityParams::independent_growth).
  std::optional<LocalFigure> independent_place_growth;
  std::map<int, LocalFigure> new_special_places;    // calendar year -> places added in it, beyond the growth

  // [costs], GBP a plan a year: place funding (nominal) and top-up or fee (price_base_year prices).
  std::array<std::optional<LocalFigure>, kSettingCount> place{}, top_up{};
  std::array<bool, kSettingCount> top_up_as_fee{};  // given under `fee` (an independent setting's top-up)

  // [money], GBP: the high needs block by financial year (2025 = 2025-26), and the cumulative DSG
  // balance at the end of one financial year (31 March of the year after).
  std::map<int, LocalFigure> allocation;
  std::optional<int> balance_year;
  LocalFigure closing_balance;
  // The notional SEN budget the LA set in its schools funding formula, by financial year: reported
  // beside the model's notional SEN spend, replacing no figure of the run.
  std::map<int, LocalFigure> notional_sen_budget;

  bool has_money() const { return !allocation.empty() || balance_year.has_value() || !notional_sen_budget.empty(); }
  bool has_costs() const;
};

// The names [caseload] uses: age bands as data/la/starts.csv's columns, settings as core/types'
// names, needs as DfE's codes.
const std::array<std::string_view, model::kAgeBandCount>& local_age_band_names();

// Reads a local data file's text; `file` names it in errors (file:line: field: what is wrong).
LocalData parse_local_data(std::string_view text, const std::string& file);
LocalData read_local_data(const std::string& path);

}  // namespace sendtwin::data
