// An LA's goals (`la --goals FILE`, issue 20): for each, the figures published so far, the forecast
// in the goal's year with its 90% interval, the probability of meeting it (the share of replicates
// that do) and its red/amber/green status, under the baseline and each scenario: the terminal
// table, and the CSVs the workbook's sheets and the HTML report's table are made from.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "data/la_flows.h"
#include "finance/finance.h"
#include "pipeline/goals.h"
#include "pipeline/pipeline.h"

namespace sendtwin::report {

// A published figure of the goal's measure for the LA, in its period ("2024-01", "2024", "2024-25").
struct Actual {
  std::string period;
  double value = 0;
};

struct GoalResult {
  pipeline::Goal goal;
  std::vector<Actual> published;  // by period, oldest first; none: nothing published for the LA
  std::string source;             // where the published figures come from
  std::vector<pipeline::GoalForecast> forecasts;  // the baseline, then each scenario
};

// What was published of the LAs' goals' measures, as `la --goals` and the dashboard read them.
struct GoalSources {
  std::map<std::string, std::map<int, double>> plans;  // each LA's published January EHC plans (SEN2): code -> year -> plans
  std::string plans_source;                            // where they come from
  std::vector<data::LaFlow> flows;                     // the LAs' published flows by calendar year (SEN2)
  std::string flows_source;
  std::string table;  // the LA table's name (its Januaries' placements)
};

// Each goal's published figures for the LA (its published EHC plans, its Januaries' placements in
// the LA table, its published flows, the published or reported DSG balances of `own`, the ledgers
// holding it) and its forecast (pipeline::forecast) under each scenario of `results`, a run with
// figures by LA (RunPlan::area_figures).
std::vector<GoalResult> assess_goals(const std::vector<pipeline::Goal>& goals, const pipeline::ScenarioResults& results,
                                     const pipeline::RunPlan& plan, const model::AreaStart& la, const GoalSources& sources,
                                     const std::vector<finance::Ledger>& own);

// The terminal table: a row for each goal under each scenario, its latest published figure, and
// after it the figures published for each goal. `geography`: the LA's name and code; `replicates`:
// the run's replicates each scenario; `parameter_draws`: whether each drew the uncertain parameters.
std::string render_goals(const std::vector<GoalResult>& goals, const std::string& geography, int replicates, bool parameter_draws);
// One row for each goal under each scenario: goal, measure, geography, code, period, condition
// (at_least | at_most), target, unit, scenario, published_period, published_value (the latest),
// mean, p05, p95, replicates, met, probability, status.
std::string goals_csv(const std::vector<GoalResult>& goals, const std::string& geography, const std::string& code);
// Every published figure of each goal's measure: goal, measure, geography, code, period, value,
// unit, source.
std::string goals_published_csv(const std::vector<GoalResult>& goals, const std::string& geography, const std::string& code);
// A value in the goal's unit as the tables show it: "£-12.3m", "61.2%", "1,234".
std::string goal_value_text(double value, const std::string& unit);

}  // namespace sendtwin::report
