// The money (DESIGN.md §1 "Money", domain.md §3): what each LA's EHC plans cost its high needs
// block under the place-plus rules, what the block is allocated, and the LA's DSG balance year by
// year. Financial years are named by the year they start: 2020 is 2020-21 (April 2020 - March 2021).
//
// Spend. A plan costs its place funding (domain.md §3.2: £10,000 a place in special schools and
// AP, £6,000 in units and resourced provision and FE, nominal and unchanged since 2013) plus its
// element 3 top-up paid by the home LA (uprated by the price index), or the independent school's
// fee; mainstream schools meet the first £6,000 from their notional SEN budget (element 2, the
// schools block), which is reported, not charged to the high needs block. A financial year's
// spend is the plans of the two January censuses it spans, averaged, times those costs, plus the
// block's spending on pupils without a plan (AP, hospital education, FE high needs) as a share.
//
// Ledgers are kept per funding unit: an LA, or the LAs that one reorganisation joins (Dorset,
// Poole and Bournemouth with Dorset and BCP; Northamptonshire with North and West Northamptonshire;
// Cumbria with Cumberland and Westmorland and Furness), since the model runs the LAs of the January
// it starts from and the grant is paid to those of each year. A ledger starts from the cumulative
// DSG balance DfE published for March 2020 (the years before, from 2015-16, solved back from it);
// then closing = opening + allocation - spend + transfer + write-off + central
// + interest. Years before the run's start spend on the LAs' published Januaries.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"
#include "core/year_effects.h"

namespace sendtwin::finance {

// One LA's own money (`la --local`, issue 20), applied to its ledger only; none by default.
struct LocalMoney {
  // Costs per plan a year by setting, as FinanceParams' place and top_up; none: England's.
  std::array<std::optional<double>, kSettingCount> place{}, top_up{};
  int costs_from = 0;  // the first financial year they apply to (the one the run's start January is in)
  std::map<int, double> allocation;  // financial year -> its high needs block, GBP
  // The cumulative DSG balance at the end of this financial year (31 March of the next), GBP: it
  // replaces the balance the ledger carries to then (LedgerYear::restated), and the years after
  // carry it forward.
  std::optional<int> balance_year;
  double closing_balance = 0;
  // The notional SEN budget the LA set, by financial year: shown beside the ledger's notional SEN
  // spend (LedgerYear::reported_notional) in place of a published one; it moves no figure.
  std::map<int, double> notional_sen_budget;
};

// Every field comes from data/params/send.toml [finance] (data::parse_finance_params), where each
// carries its source; nothing here has a default a run uses, but cost_levels (a switch of method,
// not a figure: on in every run, off in calibrate's fit of England's costs).
struct FinanceParams {
  // Costs per plan a year, by setting (SendParams' Setting order).
  std::array<double, kSettingCount> place{};  // place funding, nominal, flat
  // Additional support a plan costs a year beyond the place, in base-year prices: in mainstream
  // elements 2 and 3 (the school meets the first notional_sen of it), elsewhere the top-up or fee.
  std::array<double, kSettingCount> top_up{};
  double notional_sen = 0;       // element 2 threshold, met by mainstream schools (schools block)
  double sen_support_cost = 0;   // additional support a pupil on SEN Support receives a year, base-year prices
  double non_plan_share = 0;     // block spending on pupils without a plan, share of plan spend
  int price_base_year = 0;       // financial year of the prices above (2024 = 2024-25)
  double inflation = 0;          // annual rise of top-ups and fees (an assumption), and of prices after price_rises
  // The deflator of real-terms figures: the published rise of prices into financial year fy, by fy
  // (the CPI's rise over the 12 months to the March before fy begins, ONS). Years it does not hold
  // rise by `inflation`. It does not move costs: what LAs paid per plan did not follow the CPI
  // (README, Money).
  std::map<int, double> price_rises;
  // A published rise of top-ups and fees into financial year fy, by fy: none in send.toml; a
  // --params file may set one, e.g. the school pay awards' of data/derive/cost_rises.py (staff are
  // most of what a place costs; README, Money, says why it is not the default). Years it does not
  // hold rise by `inflation`.
  std::map<int, double> cost_rises;
  // Funding and the ledger.
  double allocation_growth = 0;  // annual cash growth of allocations after the last published year
  double transfer_share = 0;     // schools block moved to the high needs block (Schools Forum: up to 0.5%)
  double interest_rate = 0;      // annual cost of carrying a deficit
  int override_end_year = 0;     // the statutory override ends with this financial year
  double threshold_share = 0;    // a deficit this share of the LA's DSG is "unmanageable"
  // The decisions of 2025-26 (reform-2026.md A). The High Needs Stability Grant writes off
  // write_off_share of each LA's deficit at the end of financial year write_off_balance_year (31
  // March 2026), paid the year after (autumn 2026), unless the LA is in write_off_withheld (old LA
  // codes: its local SEND reform plan not approved). From central_from_year (2028-29) an LA's
  // in-year overspend is met centrally (the `central` line), not added to its deficit.
  double write_off_share = 0;
  int write_off_balance_year = 0;
  std::vector<std::string> write_off_withheld;
  int central_from_year = 0;
  // Scenario levers (src/scenario), by financial year, each named as its lever and in its unit;
  // none unless a scenario sets them.
  YearEffects notional_sen_threshold;       // GBP a pupil a year (amount; none: notional_sen)
  YearEffects element2_paid_by_high_needs;  // share of element 2 of plans paid by the high needs block (amount; none: 0)
  YearEffects independent_fee_effect;       // multiplies independent special fees (the lever independent_fee, a factor)
  YearEffects high_needs_funding_growth;    // annual growth of allocations (amount; none: allocation_growth)
  // The White Paper's funds for mainstream inclusion, England, GBP a year (amount; none: 0): grants
  // outside the DSG (reform-2026.md B), each ledger shown its share by its plans.
  YearEffects white_paper_grants;
  // LAs' own money by the LA's code in the run (model code); a ledger holding one of them uses it.
  std::map<std::string, LocalMoney> local;
  // Each ledger's cost level (Ledger::cost_level) fitted to its published balances; false: every
  // ledger at England's unit costs (`calibrate`, which fits England's level, non_plan_share, first).
  bool cost_levels = true;
};

// The notional SEN threshold in financial year `fy` (GBP, nominal): the lever's amount for the year
// if a scenario sets it, else notional_sen.
double notional_threshold(const FinanceParams& p, int fy);

// The cost of top-ups and fees in financial year `fy` relative to the base year (1 in the base
// year): the rises of cost_rises, else `inflation`, compounded (divided out before the base year).
double cost_index(const FinanceParams& p, int fy);
// The rise of prices into financial year `fy`: the published one (price_rises), else `inflation`.
double price_rise(const FinanceParams& p, int fy);
// The deflator: the price level of financial year `fy` relative to the base year (1 in the base
// year), the rises from the base year to fy compounded (divided out for a year before the base).
// Real-terms figures are nominal ones divided by it.
double price_level(const FinanceParams& p, int fy);
// A plan's additional support for a year in `setting` (nominal, financial year `fy`), the part the
// school meets from its notional SEN budget (mainstream: up to notional_sen, the GBP 6,000 rule),
// and the cost to the high needs block: the place plus the support less the school's part.
double support_cost(const FinanceParams& p, Setting setting, int fy);
double school_share(const FinanceParams& p, Setting setting, int fy);
double plan_cost(const FinanceParams& p, Setting setting, int fy);
// What a school spends a year on one pupil on SEN Support (nominal): all of it from its notional SEN
// budget, since it is below the threshold (domain.md 3.2).
double sen_support_school_cost(const FinanceParams& p, int fy);

struct Ledger;
// True if one of the LAs paid into `l` is in params.write_off_withheld: no write-off for it.
bool write_off_withheld(const Ledger& l, const FinanceParams& params);

// One LA's published DSG figures for a financial year (dsg_allocations_*.csv and
// dsg_cumulative_balance_pc_*.csv), under its code of that year; or, `block_only`, a high needs
// block alone as DfE stated it where its per-LA tables are not to hand
// (data/la/high_needs_published.csv): England's total (code kEnglandCode) or one LA's figure.
inline constexpr const char* kEnglandCode = "E92000001";
struct FundingRow {
  std::string code;  // DfE 3-digit LA code
  std::string name;
  int fy = 0;
  double high_needs = 0;    // high needs block before deductions, £
  double total_dsg = 0;     // total DSG before recoupment, £
  double schools_block = 0; // schools block before recoupment, £
  std::optional<double> cumulative_balance_pct;  // cumulative DSG balance, % of DSG income (negative: deficit)
  // The import/export adjustment inside high_needs (domain.md 3.3, factor L: £6,000 for each pupil
  // placed across the LA's border, net), published for 2020-21 to 2023-24.
  std::optional<double> import_export;
  bool block_only = false;  // only high_needs is published; the DSG and its balance are not
  // With block_only and no high_needs: the cumulative balance at 31 March fy+1 the LA reported to
  // its schools forum (data/la/balances_reported.csv), not DfE's, £ (negative: deficit).
  std::optional<double> reported_balance{};
  // With block_only and no high_needs: the notional SEN budget the LA set in its schools funding
  // formula for the year, as it published it (data/la/notional_reported.csv), £.
  std::optional<double> reported_notional{};
};

// One year of a ledger (nominal £).
struct LedgerYear {
  int fy = 0;
  double plans = 0;            // plans held over the year (mean of the two Januaries)
  double spend = 0;            // high needs spend
  double independent_spend = 0;
  // Spend broken down (issue 20): each placement's plans at their costs (without the block's
  // spending on pupils without a plan), and the whole by element (domain.md 3.2): place funding
  // (element 1+2 of specialist places), top-ups and fees (element 3, what the LA pays beyond the
  // place and the school's notional SEN), and the spending on pupils without a plan (AP, hospital
  // education, FE high needs; FinanceParams::non_plan_share). place_funding + top_ups + without_plans
  // = spend.
  std::array<double, kSettingCount> spend_by_setting{};
  double place_funding = 0, top_ups = 0, without_plans = 0;
  double sen_support = 0;      // pupils on SEN Support over the year
  double notional_sen = 0;     // element 2 met by mainstream schools (schools block): both parts below
  double notional_sen_plans = 0;    // for pupils with plans, up to the threshold
  double notional_sen_support = 0;  // for pupils on SEN Support
  double allocation = 0;       // high needs block
  double import_export = 0;    // of which the import/export adjustment (held at its last published value after)
  double total_dsg = 0;
  double transfer = 0;         // from the schools block
  double interest = 0;         // cost of carrying the opening deficit (negative)
  double opening = 0, closing = 0;  // cumulative DSG balance (negative: deficit)
  // The cumulative DSG balance published for the year's end (31 March fy+1), where every LA of the
  // unit has one: DfE's % of DSG income times the published DSG (dsg_cumulative_balance_pc_*).
  std::optional<double> published_closing;
  // Where DfE published none: the balance the LA reported for the year's end (schools forum papers;
  // a ledger of one LA only).
  std::optional<double> reported_closing;
  // The notional SEN budget the LA set for the year (data/la/notional_reported.csv; a ledger of one
  // LA only), beside notional_sen, what the model's schools spend from it.
  std::optional<double> reported_notional;
  bool reported_notional_local = false;  // the LA's own (`la --local`), not data/la/notional_reported.csv
  double write_off = 0;        // the High Needs Stability Grant, paid this year (positive)
  double central = 0;          // the in-year overspend met centrally from central_from_year (positive)
  double interest_saved = 0;   // the interest the write-off saves this year (interest_rate x the grant so far)
  // The White Paper's inclusion funds (FinanceParams::white_paper_grants) the LA's settings and
  // specialists receive this year, its share by plans held: outside the DSG, so not in the balance.
  double white_paper_grants = 0;
  // Where the allocation comes from: the LA's own published figure, its share of England's
  // published total (DfE stated only the total that year), or grown from the last published year.
  // Local: the LA's own figure (`la --local`), in place of one of those.
  enum class Allocation : std::uint8_t { Published, Shared, Grown, Local };
  Allocation allocation_source = Allocation::Grown;
  bool published_allocation() const { return allocation_source == Allocation::Published; }
  // What the LA's own figures (`la --local`) replaced this year: the allocation, and the closing
  // balance the ledger would have had without its own balance.
  std::optional<double> allocation_replaced, closing_replaced;
  double restated = 0;         // the LA's own closing balance less the one carried to it (`la --local`)
  double in_year() const { return allocation + transfer - spend; }
  // closing = opening + in_year + write_off + central + interest (+ restated), to the penny.
  double reconciled_closing() const { return opening + in_year() + write_off + central + interest + restated; }
};

struct Ledger {
  std::string name;                // "Kent" or "Dorset, Poole, Bournemouth"
  std::vector<std::string> model_codes;    // the LAs of the run it covers
  std::vector<std::string> funding_codes;  // the LAs paid the grant
  std::vector<LedgerYear> years;   // from the first published allocation year on
  std::optional<int> threshold_year;  // first year the deficit passes threshold_share of the DSG
  // The ledger's spend per plan relative to England's unit costs (1: England's), fitted to the
  // balances DfE published for it (fit_cost_level in finance.cpp): it multiplies the spend of every
  // year at England's costs. `cost_level_years` the financial years it was fitted to (none: 1).
  double cost_level = 1.0;
  std::vector<int> cost_level_years;
};

// One area's January census in the run (already scaled to people): plans by setting and pupils on
// SEN Support.
struct CensusCounts {
  std::array<double, kSettingCount> plans{};
  double sen_support = 0;
};
// [year] -> the January census of that year.
using PlansBySetting = std::map<int, CensusCounts>;

// The ledgers of a run: `model_codes[a]` and `plans[a]` for each area of the run; `successors`
// maps a code to the codes that replaced it (from the register); `funding` the published rows.
// Years run from the first published funding year to `last_fy`.
std::vector<Ledger> build_ledgers(const std::vector<std::string>& model_codes, const std::vector<std::string>& model_names,
                                  const std::vector<PlansBySetting>& plans, const std::vector<FundingRow>& funding,
                                  const std::map<std::string, std::vector<std::string>>& successors,
                                  const FinanceParams& params, int last_fy);

}  // namespace sendtwin::finance
