// An LA's goals (`la --goals FILE`, issue 20): for each, the figures published so far, the forecast
// in the goal's year with its 90% interval, the probability of meeting it (the share of replicates
// that do) and its red/amber/green status, under the baseline and each scenario: the terminal
// table, and the CSVs the workbook's sheets and the HTML report's table are made from.
#pragma once
#include <string>
#include <vector>

#include "pipeline/goals.h"

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
