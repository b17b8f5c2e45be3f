// Every measure sendtwin reports, pupils and money alike, declared once (STYLE.md §3): its id,
// label, unit, kind of period, how England's value is made from the LAs', what it is computed from
// (the compute function beside the declaration, in registry.cpp) and which outputs show it. The
// scorecard, the tidy CSV, the HTML report, the XLSX, the dashboard, `compare`, `validate`,
// calibration and the scenario figures read this registry; no other file in src/ spells a measure id.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "finance/england.h"
#include "finance/finance.h"
#include "model/send/tally.h"

namespace sendtwin::measures {

// The ids, each spelled once: code that names one measure uses these constants.
namespace id {
// Pupils: January census and SEN2 snapshot (stocks).
inline constexpr std::string_view kPupils = "pupils", kSenSupport = "sen_support", kSenSupportPct = "sen_support_pct",
                                  kPupilsWithPlan = "pupils_with_plan", kPupilsWithPlanPct = "pupils_with_plan_pct",
                                  kEhcPlans = "ehc_plans", kPlansStateSpecial = "plans_state_special",
                                  kPlansIndependentSpecial = "plans_independent_special",
                                  kStateSpecialPlaces = "state_special_places", kPlansMainstream = "plans_mainstream",
                                  kPlansFurtherEducation = "plans_further_education", kIsps = "isps",
                                  kIspPct = "isp_pct";
// Pupils: the breakdowns of EHC plans (issue 20), January: by DfE's 13 primary-need rows
// (dfe-returns.md §0.1: Down syndrome counted with "other", as DfE does), by SEN2's five age bands
// (§0.2) and by the placements the model has beyond those above; and the special places against the
// plans that hold a special placement.
inline constexpr std::string_view kPlansNeedAsd = "plans_need_asd", kPlansNeedHi = "plans_need_hi",
                                  kPlansNeedMld = "plans_need_mld", kPlansNeedMsi = "plans_need_msi",
                                  kPlansNeedPd = "plans_need_pd", kPlansNeedPmld = "plans_need_pmld",
                                  kPlansNeedSemh = "plans_need_semh", kPlansNeedSlcn = "plans_need_slcn",
                                  kPlansNeedSld = "plans_need_sld", kPlansNeedSpld = "plans_need_spld",
                                  kPlansNeedVi = "plans_need_vi", kPlansNeedOth = "plans_need_oth",
                                  kPlansAgeUnder5 = "plans_aged_under_5", kPlansAge5To10 = "plans_aged_5_10",
                                  kPlansAge11To15 = "plans_aged_11_15", kPlansAge16To19 = "plans_aged_16_19",
                                  kPlansAge20To25 = "plans_aged_20_25", kPlansUnits = "plans_in_units",
                                  kPlansMainstreamOnly = "plans_in_mainstream_school",
                                  kPlansIndependentMainstream = "plans_in_independent_mainstream",
                                  kPlansAlternativeProvision = "plans_in_alternative_provision",
                                  kPlansEarlyYears = "plans_in_early_years", kPlansOther = "plans_in_other",
                                  kSpecialPlaceDemand = "special_place_demand",
                                  kSpecialPlacesShortfall = "special_places_shortfall";
// The breakdowns as the charts draw them (largest parts first), one list each for the HTML report
// and the dashboard: DfE's primary-need rows, SEN2's age bands, and every placement.
inline constexpr std::array<std::string_view, 12> kNeedBreakdown = {
    kPlansNeedAsd, kPlansNeedSemh, kPlansNeedSlcn, kPlansNeedMld, kPlansNeedSld, kPlansNeedSpld,
    kPlansNeedPmld, kPlansNeedPd, kPlansNeedHi, kPlansNeedVi, kPlansNeedMsi, kPlansNeedOth};
inline constexpr std::array<std::string_view, 5> kAgeBreakdown = {kPlansAgeUnder5, kPlansAge5To10, kPlansAge11To15,
                                                                  kPlansAge16To19, kPlansAge20To25};
// Pupils: calendar-year flows.
inline constexpr std::string_view kRequests = "requests", kRefusalsToAssess = "refusals_to_assess", kNewPlans = "new_plans",
                                  kPctWithin20Weeks = "pct_within_20_weeks", kTribunalAppeals = "tribunal_appeals",
                                  kPlansCeased = "plans_ceased", kMainstreamToSpecial = "mainstream_to_special",
                                  kIndependentForWantOfPlace = "independent_for_want_of_place",
                                  kNoSpecialPlace = "no_special_place",
                                  kAppealsUpheld = "appeals_upheld", kPlansReassessed = "plans_reassessed",
                                  kNotEligible = "not_eligible";
// Money: the high needs block and the DSG, by financial year.
inline constexpr std::string_view kHighNeedsSpend = "high_needs_spend", kHighNeedsAllocation = "high_needs_allocation",
                                  kHighNeedsInYearBalance = "high_needs_in_year_balance",
                                  kCumulativeDsgBalance = "cumulative_dsg_balance", kDsgDeficitPct = "dsg_deficit_pct",
                                  kLasOverspending = "las_overspending", kNetOverspend = "net_overspend",
                                  kIndependentSpecialSpend = "independent_special_spend", kNotionalSen = "notional_sen",
                                  kLasPastDeficitThreshold = "las_past_deficit_threshold",
                                  kLasOverspendingPct = "las_overspending_pct",
                                  kImportExportAdjustment = "import_export_adjustment",
                                  kNotionalSenForPlans = "notional_sen_for_plans",
                                  kNotionalSenForSenSupport = "notional_sen_for_sen_support",
                                  kHighNeedsSpendReal = "high_needs_spend_real", kSpendPerPlanReal = "spend_per_plan_real",
                                  kSchoolsBlockTransfer = "schools_block_transfer", kDeficitInterest = "deficit_interest",
                                  kDsgBalancePct = "dsg_balance_pct", kHighNeedsWriteOff = "high_needs_write_off",
                                  kWhitePaperGrants = "white_paper_grants",
                                  kOverspendMetCentrally = "overspend_met_centrally";
// Money: high needs spend broken down (issue 20), by placement and by element.
inline constexpr std::string_view kSpendMainstream = "spend_mainstream", kSpendUnits = "spend_units",
                                  kSpendStateSpecial = "spend_state_special",
                                  kSpendAlternativeProvision = "spend_alternative_provision",
                                  kSpendIndependentMainstream = "spend_independent_mainstream",
                                  kSpendFurtherEducation = "spend_further_education",
                                  kSpendEarlyYears = "spend_early_years", kSpendOther = "spend_other",
                                  kSpendPlaceFunding = "spend_place_funding", kSpendTopUps = "spend_top_ups",
                                  kSpendWithoutPlans = "spend_without_plans";
// Published projections' measures (data/published/projections.csv) that derive from the above
// (measures/projections.h).
inline constexpr std::string_view kEhcPlansAddedSince2025 = "ehc_plans_added_since_2025",
                                  kHighNeedsOverspend = "high_needs_overspend",
                                  kCumulativeDsgDeficit = "cumulative_dsg_deficit", kIndependentFee = "independent_fee",
                                  kDsgDeficits = "dsg_deficits";
}  // namespace id

// As the CSVs print it: "count", "percent", "GBP" (nominal pounds, or base-year prices where the id
// ends in _real).
enum class Unit { Count, Percent, Pounds };

enum class Period {
  CensusJanuary,  // a stock on the January census / SEN2 snapshot; period "2015-01"
  CalendarYear,   // a flow over January-December; period "2015"
  FinancialYear,  // April to March; period "2028-29"
};

// How England's value is made from the LAs' (STYLE.md §6: totals of LAs equal the national row).
enum class England {
  SumOfAreas,      // a count summed over the run's LAs, replicate by replicate; mean over replicates
  RatioOfSums,     // a percentage or a rate recomputed from England's sums, never a mean of the LAs'
  SumOfLedgers,    // pounds summed over the ledgers, replicate by replicate; mean over replicates
  CountOfLedgers,  // how many ledgers meet a condition, each replicate; mean over replicates
  LedgerOnly,      // reported for each ledger, not for England
};

// Which outputs show a measure, beyond the tidy CSV of its source.
struct Shown {
  int scorecard = 0;        // the terminal scorecard's table 1 (census stocks) or 2 (flows); 0: none
  int england_row = 0;      // position among England's money rows of the tidy CSV (1 first); 0: not there
  int ledger_row = 0;       // position among each ledger's rows of the ledger CSV (1 first); 0: not there
  bool figure = false;      // a figure of every scenario run (scenario CSV, differences, goal-seek targets)
  bool scenario_table = false;  // the terminal table of scenario differences
  bool html_england = false;    // a chart of the HTML report's "high needs block" section (England's money)
  bool html_ledger = false;     // a chart of the HTML report's DSG ledger section
  bool html_difference = false; // a chart of the HTML report's scenario differences
  bool compare = false;         // `compare` takes it by financial year, for England and an LA's ledger (money)
  bool by_la = false;           // a figure of each LA (or DSG ledger, money) in a scenario run by LA (`scenario --by-la`)
  bool breakdown = false;       // a part of another measure (by need, age, placement, element): in the CSVs and
                                // workbooks, not in the terminal's table of an LA's scenario differences
  std::string_view title = {};  // the HTML charts' title
  std::string_view dashboard = {};  // the dashboard's label; empty: not on the dashboard
};

struct Measure {
  std::string_view id;           // tidy CSV `measure`, and the key of data/published/national.csv
  std::string_view label;        // scorecard heading
  std::string_view description;  // what it counts, and its published counterpart
  Unit unit;
  Period period;
  England england;
  // Computed from exactly one year of exactly one of these (the others null):
  // a run's YearTally, before scaling (counts are divided by the run's scale by the reader);
  // nullopt when the run does not cover it (a flow of a partial year, an empty ratio).
  std::optional<double> (*from_tally)(const model::YearTally&) = nullptr;
  // England's money year (the sum of the ledgers), with the money's parameters (for prices).
  double (*from_england)(const finance::EnglandYear&, const finance::FinanceParams&) = nullptr;
  // One ledger's year (the same id may also be computed for England, as above): every measure with
  // a ledger row, and every money measure `compare` takes (an LA's figure is its ledger's).
  double (*from_ledger)(const finance::LedgerYear&) = nullptr;
  Shown shown = {};
};

// Every measure, in the registry's order: the pupils' (from a tally) first, then the money.
std::span<const Measure> all();
// The measures computed from a tally, in order: the rows of a ResultTable (measures/table.h).
std::span<const Measure> pupils();
const Measure* find(std::string_view id);
// The index of pupil measure `id` in pupils(), or pupils().size() if there is none.
std::size_t pupil_index(std::string_view id);
// England's money rows, and each ledger's rows, in the order the tidy CSVs print them.
std::vector<const Measure*> england_rows();
std::vector<const Measure*> ledger_rows();

// The ids of the measures an output shows, in the registry's order: e.g. ids(&Shown::figure), the
// measures goal-seek may target; ids(&Shown::scenario_table), the scenario command's terminal table.
std::vector<std::string> ids(bool Shown::*shown);

std::string_view to_string(Unit unit);
// The period a value of `year` is reported as: "2015-01", "2015", or "2015-16" (financial year 2015).
std::string period_label(Period period, int year);
std::string period_label(const Measure& m, int year);
// As the wide CSV names a kind of period: "January", "calendar year", "financial year".
std::string_view period_name(Period period);

}  // namespace sendtwin::measures
