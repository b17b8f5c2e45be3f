// Running scenarios: the baseline and each scenario, replicate by replicate, with common random
// numbers (the same seed and replicate address every agent's draws in every scenario) and, unless
// switched off, the same draw of the uncertain parameters (draw_parameters); and goal-seeking a
// lever's value.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pipeline/figures.h"
#include "pipeline/pipeline.h"
#include "scenario/scenario.h"

namespace sendtwin::pipeline {

using scenario::Scenario;

// progress(runs done, runs in all); or, where named `months`, (area-months done, area-months in all).
using Progress = std::function<void(int, int)>;

// One run's figures: `plan` with the scenario (null: the baseline) on parameter draw `draw` (-1:
// the parameters as they are) and replicate `replicate` of the random streams, one replicate.
// `months`: run()'s progress, after each area-month.
std::vector<Figure> one_run(const Scenario* scenario, int draw, int replicate, const RunPlan& plan, const Progress& months = {});

// The baseline (named "baseline") and every scenario, `replicates` each; with
// plan.parameter_uncertainty, replicate r of each draws the uncertain parameters as draw r.
// progress: after each run; months: after each area-month of any run, over all the runs' (the
// dashboard's progress bar, which moves within a long replicate). Each is called serially; neither
// changes what is run.
ScenarioResults run_scenarios(const std::vector<Scenario>& scenarios, int replicates, const RunPlan& plan,
                              const Progress& progress = {}, const Progress& months = {});

// The figure `measure` in `period` of one run: the scenario with `lever` set to `value`, replicate r;
// England's, or with `code` an LA's (its DfE code; a money measure: its own ledger's).
double figure_with(const Scenario& scenario, const std::string& lever, double value, const std::string& measure,
                   const std::string& period, int replicate, const RunPlan& plan, const std::string& code = finance::kEnglandCode);

struct GoalSeek {
  std::vector<double> values;  // per replicate: the lever value that meets the target (NaN: not within the range)
  double median = 0, low = 0, high = 0;  // across the replicates that reached it; 90% interval
  int reached = 0, runs = 0;
  double at_lo = 0, at_hi = 0;  // the figure at the range's ends, mean over replicates
};
// For each replicate, bisection on the lever's value within [lo, hi] until the figure is within
// `tolerance` of `target` or the value within 1/1024 of the range; runs of one replicate share their random numbers, so
// the figure moves only with the lever.
// The target is England's figure, or with `code` an LA's (figure_with).
GoalSeek goal_seek(const Scenario& scenario, const std::string& lever, double lo, double hi, const std::string& measure,
                   const std::string& period, double target, double tolerance, int replicates, const RunPlan& plan,
                   const Progress& progress = {}, const std::string& code = finance::kEnglandCode);

}  // namespace sendtwin::pipeline
