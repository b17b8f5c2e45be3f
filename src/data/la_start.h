// Each local authority's January 2015 state and practice, read from DfE's files as published
// (issue: every LA starts from its own published January caseload), and the embedded table
// (data/la/start_2015.csv) that carries the same figures for runs without `--data`.
//
// From a directory of EES files (found by name anywhere under it, as `sendtwin data pull` or
// ../shared/data/dfe lay them out):
//   - plans by age band and by placement, January 2015: SEN2 2022 release, sen2_age_caseload.csv
//     and sen2_estab_caseload.csv (Total_all: statements and EHC plans). Both must add up to the
//     LA's total, exactly as published.
//   - school pupils: England's January 2015 total (SendParams population) shared out in proportion
//     to the mainstream primary and secondary pupils of dsg_formula_inputs_*.csv in its earliest
//     year (2020-21). An LA abolished before then takes its part of its successors' pupils in
//     proportion to its plans (Dorset, Poole and Bournemouth share Dorset's and BCP's); an LA
//     without pupils in the file (City of London, Isles of Scilly) gets England's pupils per plan.
//   - pupils on SEN Support: England's January 2015 share of pupils (no LA figure is in the files).
//   - practice relative to England, SEN2 sen2_mi.csv: initial requests per pupil (2016-2019),
//     refusals to assess per request (2016-2019), new plans per completed assessment (2016-2019:
//     NewallEHC of NewallEHC_AssnoneEHC_sum), plans within 20 weeks excluding exceptions
//     (2015-2019), over the years both the LA and England published (suppressed or missing ones
//     are left out on both sides); an LA with none keeps England's.
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

// Every LA that DfE published for January 2015, in order of LA code. Throws InputError
// `file:line: column: message` for a missing file, column or LA figure, a figure outside its range
// (data/plausible.h: negative, or beyond any LA's), plans by age or by placement that do not add up
// to the LA's total, an LA code not in `la_register` or beside one that replaced it, pupil numbers
// that leave an LA fewer pupils than plans, and practice relative to England outside 0..50.
// `la_register` gives the successors of LAs abolished before the pupil numbers' year.
std::vector<model::AreaStart> read_la_starts(const std::string& dir, const model::SendParams& england,
                                             const LaRegister& la_register);

// The table of data/la/start_2015.csv: one row per LA with every AreaStart field, numbers written
// so that they read back exactly (shortest round-trip form), and each row's source.
// `note`, if given, is added to every row's source (e.g. how a column was fitted).
std::string la_starts_csv(const std::vector<model::AreaStart>& areas, const std::string& note = "");
// Reads that table back. InputError `file:line: column: message` for a missing column, a number
// that is not one or lies outside its range (data/plausible.h: a count or pupils that is negative
// or beyond any LA's, a relative rate outside 0..50), pupils that add up to more than England could
// hold, no pupils, more plans or pupils on SEN Support than pupils, plans by age and by placement
// that differ, a duplicate LA code, a code that is not in `la_register`, and an LA beside one that
// replaced it (their pupils would be added into England's twice). The same checks across a row as
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

// The LAs of January `year` among `all` (InputError naming --start, with the Januaries there are,
// if none), and the latest January `all` holds.
std::vector<model::AreaStart> starts_in(const std::vector<model::AreaStart>& all, int year);
int latest_start_year(const std::vector<model::AreaStart>& all);

}  // namespace sendtwin::data
