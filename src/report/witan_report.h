// witan.send's six output files from a run of its model, with witan.send's column names and
// order (model/output.clj, model/data_products.clj):
//   Output_Count.csv    calendar-year, <statistics>             the EHCP population
//   Output_Cost.csv     calendar-year, <statistics>             its cost (costs.csv; 0 where none)
//   Output_AY.csv       calendar-year, academic-year, <stats>   every year -5..25
//   Output_Need.csv     calendar-year, need, <statistics>
//   Output_Setting.csv  calendar-year, setting, <statistics>
//   Output_State.csv    calendar-year, academic-year, need-setting, <statistics>  (valid states)
// <statistics> = mean, std-dev, iqr, min, low-95pc-bound, q1, median, q3, high-95pc-bound, max,
// low-ci, high-ci over the simulations, rounded to 2 decimals as witan.send writes them.
//
// witan.send takes its statistics from an HdrHistogram of 3 significant digits, so its quantiles
// are the top of a histogram bucket (2 wide around 2,000, 2,048 wide around 2,000,000) and its
// mean the bucket mid-points' mean. sendtwin computes them exactly with the same definitions:
//   mean; std-dev: the population standard deviation (divisor n, as HdrHistogram's);
//   quantile q (min, 2.5%, 25%, 50%, 75%, 97.5%, max): the value of rank max(1, ceil(q n)) in
//     ascending order (HdrHistogram getValueAtPercentile); iqr = q3 - q1;
//   low-ci / high-ci: mean -/+ 1.96 std-dev / sqrt(n) (witan.send utils.clj confidence-intervals).
// Rows are in calendar year order, then by the slice's own order (year, name).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "model/witan/witan_model.h"

namespace sendtwin::report {

struct WitanSummary {
  double mean = 0, std_dev = 0, iqr = 0, min = 0, low_95 = 0, q1 = 0, median = 0, q3 = 0, high_95 = 0, max = 0, low_ci = 0,
         high_ci = 0;
};

// witan.send's statistics of one output cell over the simulations (values are sorted in place).
WitanSummary summarise_witan(std::vector<double>& values);

// The header's statistic columns, in order.
const std::vector<std::string>& witan_statistic_columns();

// The six files: (file name, CSV text), in the order listed above.
std::vector<std::pair<std::string, std::string>> witan_output_files(const model::witan::WitanRun& run,
                                                                     const model::witan::WitanInputs& inputs);

// The six files' names, in the order listed above.
const std::vector<std::string>& witan_output_names();

// Writes the files into `dir` (created if needed) as one io::OutputSet: each is written in full
// (temporary file, flushed) beside its final name, and only when all are written are they renamed
// into place; on a failure the new files are removed and the folder keeps its previous outputs.
// Throws InputError.
void write_witan_outputs(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

// A number as witan.send writes it: rounded to 2 decimals, shortest form, at least one decimal.
std::string witan_number(double x);

}  // namespace sendtwin::report
