// Scenario comparisons (issue 7): each scenario against the baseline, replicate by replicate with
// common random numbers, as the mean difference and its 90% interval across replicates.
#pragma once
#include <string>
#include <vector>

#include "pipeline/figures.h"

namespace sendtwin::report {

using pipeline::Figure;
using pipeline::ScenarioResults;

struct Difference {
  std::string measure, period, unit, scenario;
  double baseline = 0, value = 0;  // means across replicates
  double mean = 0, low = 0, high = 0;  // the difference: mean, 5th and 95th percentiles
};
// Every scenario's figures against the baseline's, replicate by replicate, matched on (measure,
// period): a run leaves out a figure it does not define (a percentage of no plans, in a small LA),
// so a difference is over the replicates in which both runs have the figure, and a figure neither
// pair of runs has is left out. Throws std::invalid_argument if a scenario lacks a replicate or a
// run has a figure twice.
std::vector<Difference> differences(const ScenarioResults& results);

// The terminal table: for each scenario, the chosen measures in the chosen periods.
std::string render_differences(const std::vector<Difference>& diffs, const std::vector<std::string>& measures,
                               const std::vector<std::string>& periods, int replicates);
// Tidy CSVs: every figure (measure, geography, code, period, value, unit, scenario, replicate), and
// every difference (measure, period, unit, scenario, baseline, value, difference, difference_p05,
// difference_p95).
std::string scenario_figures_csv(const ScenarioResults& results);
std::string differences_csv(const std::vector<Difference>& diffs);

}  // namespace sendtwin::report
