// `la CODE --goals FILE` (issue 20): the LA's goals read and checked before the run, and after it
// each goal's published figures so far and its forecast over the replicates (pipeline/goals.h).
#pragma once
#include <string>
#include <vector>

#include "cli/inputs.h"
#include "pipeline/figures.h"
#include "pipeline/goals.h"
#include "report/goals_report.h"

namespace sendtwin::cli {

// The goals of `file` for LA `la` of the run `plan` reports (its years: `f.from`, `f.to`), or an
// InputError `file:line: field: ...` before any work.
std::vector<pipeline::Goal> read_goals(const std::string& file, const RunFlags& f, const pipeline::RunPlan& plan,
                                       const model::AreaStart& la);

// What was published of the LAs' goals' measures: the embedded tables, or those of --data and --las
// (`la --goals` and `serve` read the same).
report::GoalSources goal_sources(const RunFlags& f);

// Each goal's published figures for the LA (its published EHC plans, its Januaries' placements in
// the LA table, its published flows, its ledger's published or reported DSG balances; `own`: the
// ledgers holding it) and its forecast under each scenario of `results`.
std::vector<report::GoalResult> assess_goals(const std::vector<pipeline::Goal>& goals, const pipeline::ScenarioResults& results,
                                             const pipeline::RunPlan& plan, const model::AreaStart& la,
                                             const std::vector<finance::Ledger>& own, const RunFlags& f);

}  // namespace sendtwin::cli
