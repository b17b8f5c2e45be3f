#include "cli/la_goals.h"

#include "data/embedded.h"
#include "io/input_file.h"

namespace sendtwin::cli {

std::vector<pipeline::Goal> read_goals(const std::string& file, const RunFlags& f, const pipeline::RunPlan& plan,
                                       const model::AreaStart& la) {
  return pipeline::parse_goals(io::read_text_file(file), file, pipeline::goal_run(plan, la, f.from, f.to));
}

report::GoalSources goal_sources(const RunFlags& f) {
  report::GoalSources in;
  in.plans = published_la_plans();
  in.plans_source = data::kEmbeddedLaPlansName;
  in.flows = la_flows(f.data);
  in.flows_source = f.data.empty() ? std::string(data::kEmbeddedFlowsName) : f.data;
  in.table = !f.las.empty() ? f.las : !f.data.empty() ? f.data : data::kEmbeddedStartsName;
  return in;
}

std::vector<report::GoalResult> assess_goals(const std::vector<pipeline::Goal>& goals, const pipeline::ScenarioResults& results,
                                             const pipeline::RunPlan& plan, const model::AreaStart& la,
                                             const std::vector<finance::Ledger>& own, const RunFlags& f) {
  return report::assess_goals(goals, results, plan, la, goal_sources(f), own);
}

}  // namespace sendtwin::cli
