// `sendtwin validate`: how wrong the model is against what DfE published (in sample), and where its
// futures stand beside the projections others have published (data/published/projections.csv, the
// `Projection:` rows of ../shared/facts with their sources).
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "data/published.h"
#include "finance/finance.h"
#include "model/send/params.h"
#include "finance/england.h"
#include "report/finance_report.h"
#include "report/results.h"

namespace sendtwin::report {

// Per measure with published figures: the % difference in each year, its mean absolute value and
// the largest.
std::string render_in_sample(const ResultTable& england, const data::PublishedSeries& published);

struct Projection {
  std::string name, published_period, measure, unit, source;
  int model_period = 0;  // January census year, or financial year by its start
  double value = 0;
};
// InputError `file:line: column: ...` for a measure the model does not project, a model_period
// outside 1990..2100, and a value that is not a finite number within 0..20 million (a count) or
// 0..£1 trillion (a unit starting GBP).
std::vector<Projection> parse_projections(std::string_view csv_text, const std::string& source_name);
// The last year a run must simulate (to December) for every projection to have a model figure: a
// January figure needs its year, a financial year the January after it starts.
int last_year_needed(const std::vector<Projection>& projections);

// The model's figure for a projection: EHC plans in January, plans added since January 2025, high
// needs spend, overspend (spend less allocation) and cumulative deficit in a financial year, the
// independent school fee the parameters assume. NaN if the run does not reach it.
double model_figure(const Projection& p, const ResultTable& england, const std::vector<finance::EnglandYear>& money,
                    const finance::FinanceParams& finance);

// The projections with the model beside them, then what drives the model's futures (its
// assumptions after the last published year, read from the parameters).
std::string render_futures(const std::vector<Projection>& projections, const ResultTable& england,
                           const std::vector<finance::EnglandYear>& money, const model::SendParams& params,
                           const finance::FinanceParams& finance);

// `sendtwin compare FILE.csv`: a user's own figures (columns measure, geography, period, value, as in
// ../shared/facts) beside the run. `measure` is a model measure id (scorecard.csv's) or one of the
// money measures the registry marks for `compare` (measures::Shown::compare, by financial year),
// `geography` England or an LA of the run (code or name, `find_la` resolves it to an index into the
// run's LAs, or -1), `period` a year 1990..2100 ("2025", "2025-01", "January 2025") or, for the
// money, a financial year ("2024-25", "FY 2024-25"), `value` a finite number. read_compare_rows
// checks every row before the run (InputError `file:line: column: ...` for anything else);
// compare_csv then writes the rows: measure, geography, period, yours, model, difference (model -
// yours), difference_pct (100 x difference / yours). model and both differences are empty where the
// run has no figure (a year outside it); difference_pct is empty where yours is 0 or so near 0 that
// the percentage is not a finite number.
//
// An LA's money is its DSG ledger's (finance::Ledger, Measure::from_ledger), the mean over the
// run's replicates as England's is. An LA that a reorganisation joins with others shares one ledger
// (Dorset, Poole, Bournemouth and their successors; Northamptonshire; Cumbria): its own money is
// not modelled, so its money rows are refused at their line (geography), naming the ledger and its
// LAs. A financial year outside the financial years the run's ledgers can hold is refused at its
// line (period) before the run; one the LA's ledger still lacks after the run, at its line too.
struct CompareLedgers {
  std::vector<std::string> la_codes;     // [LA index of the run] -> its code
  std::vector<finance::Ledger> units;    // the run's funding units (pipeline::funding_units; years not needed)
  int first_fy = 0, last_fy = 0;         // the financial years the run's ledgers can hold
};
struct CompareRow {
  std::string measure, geography, period;  // as given, without surrounding blanks
  int line = 0;                            // in the file
  int year = 0;                            // January census year, or financial year by its start
  bool financial = false;
  const measures::Measure* money = nullptr;  // one of the money measures, or null
  std::size_t measure_index = 0;  // into measures::pupils(), when not money
  int la = -1;                    // the LA's index in the run, -1 for England
  std::string ledger_code;        // money of an LA: its code, which its ledger's model_codes hold
  double yours = 0;
};
std::vector<CompareRow> read_compare_rows(std::string_view csv_text, const std::string& source_name,
                                          const std::function<int(std::string_view)>& find_la,
                                          const CompareLedgers& ledgers = {});
// `ledgers`: the run's, [replicate][ledger] (needed for an LA's money); `source_name` names the
// file in the error for a year an LA's ledger lacks.
std::string compare_csv(const std::vector<CompareRow>& rows, const ResultTable& england,
                        const std::vector<ResultTable>& las, const std::vector<finance::EnglandYear>& money,
                        const std::vector<std::vector<finance::Ledger>>& ledgers = {},
                        const std::string& source_name = "");

}  // namespace sendtwin::report
