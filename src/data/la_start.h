// Each local authority's published state and practice in every January from 2015 to the latest the
// data covers (2025), read from DfE's files (issue 17: a run starts from any published January), and
// the embedded table (data/la/starts.csv) that carries the same figures for runs without `--data`.
// Every LA DfE published that January, under its code of that year (the reorganisations are in
// data/la/register.csv: Dorset, Poole and Bournemouth to 838/839 from 2020, Northamptonshire to
// 940/941 from 2022, Cumbria to 942/943 from 2024, as SEN2 publishes them).
//
// From a directory of EES files (found by name anywhere under it, as `sendtwin data pull` or
// ../shared/data/dfe lay them out; the census files also in census/ beside it, as in ../shared/data):
//   - plans by age band: SEN2 2022 release sen2_age_caseload.csv (Total_all: statements and EHC
//     plans) for 2015-2022; SEN2 2025 release caseload.csv, "Child or young persons age" rows
//     (under 3 .. age 25 into the SEN2 bands) for 2024-2025; January 2023 (no LA age table was
//     published) shares the LA's total by its own January 2022 age shares.
//   - plans by placement: sen2_estab_caseload.csv for 2015-2018; caseload.csv (All EHC plans) from
//     2019, the newer release preferred where both cover a year (2019-2022: the same totals; its
//     placement columns run on to 2025 under one definition, so every start from 2019 groups
//     placements alike). Its columns are grouped as the 2022 release's rows (the source comment at
//     caseload_terms in la_start.cpp). A breakdown DfE did not publish for an LA (every cell `x`)
//     shares the LA's total by its own nearest earlier January's shares (England's of the same
//     January for an LA with none). Bands and placements each add up exactly to the LA's published
//     total; a total shared out is rounded by largest remainder.
//   - primary need (need_shares, NeedType order): sen_needs_all_plans.csv, "All EHC plans" rows,
//     January 2025 only (need not recorded = NSA; DS none); earlier Januaries all zero (England's).
//   - school pupils: England's January total (data/published/national.csv; 2015: the parameters'
//     SFR25/2015 figure, the same) shared out among the LAs. 2015-2017: by the mainstream primary
//     and secondary pupils of dsg_formula_inputs_*.csv in its earliest year (2020-21), the rule of
//     the first starts: an LA abolished before then takes its part of its successors' pupils in
//     proportion to its plans; an LA without pupils in the file gets England's pupils per plan (no
//     LA headcounts before January 2018 are in the data; these Januaries are before every backtest
//     origin). From 2018: by the SEND and AP dashboard's total_pupils (state nursery, primary and
//     secondary headcount, mainstream_with_sen_201718_202223.csv) of the latest January up to the
//     start (2023's for 2024-2025), LAs matched by name through the register; an LA created since
//     takes its part of its predecessor's headcount by the successors' DSG formula pupils of the
//     latest financial year starting before the January.
//   - pupils on SEN Support: 2015, England's share of pupils (SFR25/2015); from 2016, the LA's
//     pupils times its LAIT SEN_TotSENSuP (% of pupils on SEN Support, all schools,
//     lait_sen_prevalence_la_2016_2025.csv) that January (its nearest earlier one, or England's,
//     where LAIT has none). They do not add up to England's published SEN Support exactly.
//   - practice relative to England (1 = as England). For 2015 and 2016, from sen2_mi.csv as the
//     first starts had it (in-sample: requests 2016-2019, refusals per request 2016-2019, plans per
//     completed assessment 2016-2019, plans within 20 weeks excluding exceptions 2015-2019). From
//     2017, from the LA's own flows (data/la/flows.csv, src/data/la_flows.h) in the calendar years
//     Y-3 .. Y-1 only (never Y or later: the backtest's origins see nothing after them), summed over
//     the years both the LA and England published, and shrunk toward England where counts are few:
//       a rate x/n (refusals per request, plans within 20 weeks per plan issued, plans per completed
//       assessment) with England's rate p over the same years is relative
//           ((x + k p) / (n + k)) / p,   k = 100 (decisions, plans or assessments);
//       requests per pupil: the LA's requests x against E, the requests its share of England's
//       pupils in January Y would have made at England's rate over those years:
//           (x + k) / (E + k),           k = 100 requests
//       (the same formula, with a prior worth as many pupils as make 100 requests). An LA with no
//       published flows in those years keeps England's (1).
//   - cease_relative: 1 (fitted by src/calibrate).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "data/la_register.h"
#include "finance/finance.h"
#include "model/send/area.h"
#include "model/send/params.h"

namespace sendtwin::data {

// The path of the file called `file_name` under `dir` (searched recursively, the shortest path
// first if several). Throws InputError(dir, 0, file_name, "not found under the data directory").
std::string find_data_file(const std::string& dir, std::string_view file_name);

// Every LA that DfE published in each January from 2015 to the latest, sorted by year then LA code,
// each with `year` set. Throws InputError
// `file:line: column: message` for a missing file, column or LA figure, a figure outside its range
// (data/plausible.h: negative, or beyond any LA's), plans by age or by placement that do not add up
// to the LA's total, an LA code not in `la_register` or beside one that replaced it, pupil numbers
// that leave an LA fewer pupils than plans, and practice relative to England outside 0..50, for any
// January.
// `la_register` gives the successors of LAs abolished before the pupil numbers' year.
// `last_year` (0: the latest the files cover) stops at that January; only the files the Januaries
// to it need are read (January 2015: sen2_age_caseload.csv, sen2_estab_caseload.csv, sen2_mi.csv and
// dsg_formula_inputs_*.csv, as before issue 17). A directory of only those four (as `sendtwin data
// pull` fetches them) covers January 2015; one with caseload.csv or the LAIT file must hold every
// file the later Januaries need.
// The earliest January a start is read for: that of EHC plans' first full calendar year.
inline constexpr int kFirstStartYear = 2015;
std::vector<model::AreaStart> read_la_starts(const std::string& dir, const model::SendParams& england,
                                             const LaRegister& la_register, int last_year = 0);

// The starts of January `year` among `all`, in their order. InputError naming `--start` if there are
// none, listing the Januaries there are.
std::vector<model::AreaStart> starts_in(const std::vector<model::AreaStart>& all, int year);
// The latest January among `all` (0 if empty).
int latest_start_year(const std::vector<model::AreaStart>& all);

// The table of data/la/starts.csv: one row per LA and January with every AreaStart field, numbers written
// so that they read back exactly (shortest round-trip form), and each row's source.
// `note`, if given, is added to every row's source (e.g. how a column was fitted).
std::string la_starts_csv(const std::vector<model::AreaStart>& areas, const std::string& note = "");
// Reads that table back. InputError `file:line: column: message` for a missing column, a number
// that is not one or lies outside its range (data/plausible.h: a count or pupils that is negative
// or beyond any LA's, a relative rate outside 0..50, a need share outside 0..1), pupils of a January
// that add up to more than England could hold, no pupils, more plans or pupils on SEN Support than
// pupils, plans by age and by placement that differ, need shares that add up to neither 0 nor 1, an
// LA twice in a January, a code that is not in `la_register`, and an LA beside one that replaced it
// in a January (their pupils would be added into England's twice). A table without `year` (one
// written before issue 17) is refused: "missing column". The same checks across a row as
// read_la_starts makes of DfE's files.
std::vector<model::AreaStart> parse_la_starts(std::string_view csv_text, const std::string& source_name,
                                             const LaRegister& la_register = LaRegister::embedded());

// EHC plans (and statements) each LA held in January, as DfE published them, for comparing an LA's
// run with its own series: SEN2 2022 release sen2_age_caseload.csv (characteristic_age Total,
// Total_all) for 2010-2022 and the 2025 release caseload.csv (All EHC plans, ehcplans) for
// 2023-2025 (its time_period 202425 is January 2025). Keyed by the LA code of the year; an LA
// reorganised away has no figures after it.
struct LaPlansFigure {
  std::string code;
  int year = 0;
  double plans = 0;
};
std::vector<LaPlansFigure> read_la_plans(const std::string& dir);
// The table of data/la/plans_published.csv (old_la_code, year, ehc_plans, source) and back.
std::string la_plans_csv(const std::vector<LaPlansFigure>& figures);
// parse_la_plans: InputError for a year outside 1990..2100, plans outside 0..1,000,000, a second
// figure for an LA in a year, an LA not in `la_register` or, in one year, beside one that replaced it.
std::vector<LaPlansFigure> parse_la_plans(std::string_view csv_text, const std::string& source_name,
                                          const LaRegister& la_register = LaRegister::embedded());

// Each LA's DSG by financial year, as published: dsg_allocations_*.csv (high needs block before
// deductions, total DSG and schools block before recoupment, by LA code) and, where published,
// dsg_cumulative_balance_pc_*.csv (cumulative DSG balance as % of income, by LA name, matched to
// the register). A balance row whose name the register does not know is an error.
std::vector<finance::FundingRow> read_la_funding(const std::string& dir, const LaRegister& la_register);
// The table of data/la/funding.csv and back.
std::string la_funding_csv(const std::vector<finance::FundingRow>& rows);
// Both readers refuse pounds outside their range (data/plausible.h), a high needs or schools block
// larger than the whole DSG, an import/export adjustment larger than the high needs block, a balance
// outside -100%..100% of income, a second row for an LA in a year, and an LA not in `la_register` or,
// in one year, beside one that replaced it.
std::vector<finance::FundingRow> parse_la_funding(std::string_view csv_text, const std::string& source_name,
                                                  const LaRegister& la_register = LaRegister::embedded());

// data/la/high_needs_published.csv: high needs blocks DfE stated where its per-LA DSG tables are
// not to hand (columns code, la_name, financial_year, high_needs_block, source): England's total
// (code E92000001) or one LA's, as FundingRow::block_only rows. Refuses a code neither England nor
// in `la_register`, a second figure for a code in a year, a block of 0 or below, a row without its
// source, and LAs' figures adding up to more than England's that year.
std::vector<finance::FundingRow> parse_high_needs_published(std::string_view csv_text, const std::string& source_name,
                                                            const LaRegister& la_register = LaRegister::embedded());

// data/la/balances_reported.csv: cumulative DSG balances at 31 March as LAs reported them to their
// schools forums (columns code, la_name, financial_year, cumulative_balance, source), as
// FundingRow::reported_balance rows. Refuses a code not in `la_register`, a second balance for an LA
// in a year, pounds outside the plausible range and a row without its source.
std::vector<finance::FundingRow> parse_balances_reported(std::string_view csv_text, const std::string& source_name,
                                                        const LaRegister& la_register = LaRegister::embedded());

// data/la/notional_reported.csv: the notional SEN budget an LA set in its schools funding formula
// for a financial year, as the LA published it (columns code, la_name, financial_year,
// notional_sen_budget, source), as FundingRow::reported_notional rows. Refuses what
// parse_balances_reported does, and a budget of 0 or below.
std::vector<finance::FundingRow> parse_notional_reported(std::string_view csv_text, const std::string& source_name,
                                                        const LaRegister& la_register = LaRegister::embedded());

}  // namespace sendtwin::data
