#include "cli/la_goals.h"

#include <algorithm>

#include "data/embedded.h"
#include "io/input_file.h"
#include "measures/registry.h"

namespace sendtwin::cli {

namespace {

namespace id = measures::id;

// The LA's Januaries in the LA table (before the start, and the start): SEN2's placements.
std::vector<report::Actual> placements(const pipeline::RunPlan& plan, const std::string& code, Setting setting) {
  std::vector<report::Actual> out;
  auto add = [&](const model::AreaStart& a) {
    if (a.code == code)
      out.push_back({measures::period_label(measures::Period::CensusJanuary, a.year), a.plans_by_setting[static_cast<int>(setting)]});
  };
  for (const auto& a : plan.history) add(a);
  for (const auto& a : plan.areas) add(a);
  std::sort(out.begin(), out.end(), [](const report::Actual& a, const report::Actual& b) { return a.period < b.period; });
  return out;
}

// The LA's published flows by calendar year (SEN2), those DfE published.
std::vector<report::Actual> flows(const std::string& measure, const std::string& code, const RunFlags& f) {
  std::vector<report::Actual> out;
  for (const auto& flow : la_flows(f.data)) {
    if (flow.code != code) continue;
    std::optional<double> v;
    if (measure == id::kRequests) v = flow.requests;
    else if (measure == id::kNewPlans) v = flow.new_plans;
    else if (flow.timely && flow.timely_of && *flow.timely_of > 0) v = 100.0 * *flow.timely / *flow.timely_of;  // registry.cpp's percent()
    if (v) out.push_back({std::to_string(flow.year), *v});
  }
  return out;
}

// What was published of `measure` for the LA, and where from; nothing for a measure no published
// table of the LA holds (the in-year balance, spend, ISPs: the model's alone).
report::GoalResult published(const pipeline::Goal& goal, const pipeline::RunPlan& plan, const model::AreaStart& la,
                             const std::vector<finance::Ledger>& own, const RunFlags& f) {
  report::GoalResult r;
  r.goal = goal;
  const std::string& m = goal.measure;
  const std::string table = !f.las.empty() ? f.las : !f.data.empty() ? f.data : data::kEmbeddedStartsName;
  if (m == id::kEhcPlans) {
    const auto all = published_la_plans();
    if (const auto it = all.find(la.code); it != all.end())
      for (const auto& [year, plans] : it->second) r.published.push_back({measures::period_label(measures::Period::CensusJanuary, year), plans});
    r.source = std::string("DfE SEN2, January: ") + data::kEmbeddedLaPlansName;
  } else if (m == id::kPlansIndependentSpecial || m == id::kPlansStateSpecial) {
    r.published = placements(plan, la.code, m == id::kPlansStateSpecial ? Setting::StateSpecial : Setting::IndependentSpecial);
    r.source = "DfE SEN2 placements, January: the LA table " + table;
  } else if (m == id::kRequests || m == id::kNewPlans || m == id::kPctWithin20Weeks) {
    r.published = flows(m, la.code, f);
    r.source = "DfE SEN2, calendar years: " + (f.data.empty() ? std::string(data::kEmbeddedFlowsName) : f.data);
  } else if (m == id::kCumulativeDsgBalance) {
    for (const auto& l : own)
      for (const auto& y : l.years) {
        const auto v = y.published_closing ? y.published_closing : y.reported_closing;
        if (v) r.published.push_back({measures::period_label(measures::Period::FinancialYear, y.fy), *v});
      }
    r.source = "DfE's cumulative DSG balance at 31 March (% of DSG income times the DSG), else the balance the LA reported: " +
               std::string(data::kEmbeddedFundingName) + ", " + data::kEmbeddedBalancesName;
  }
  return r;
}

}  // namespace

std::vector<pipeline::Goal> read_goals(const std::string& file, const RunFlags& f, const pipeline::RunPlan& plan,
                                       const model::AreaStart& la) {
  pipeline::GoalRun run;
  run.first_year = f.from;
  run.last_year = f.to;
  run.la = la.name;
  // A money goal is the LA's own ledger's: one a reorganisation shares has no figure of the LA's.
  run.own_ledger = false;
  for (const auto& l : pipeline::funding_units(plan))
    run.own_ledger = run.own_ledger || (l.model_codes.size() == 1 && l.model_codes[0] == la.code);
  return pipeline::parse_goals(io::read_text_file(file), file, run);
}

std::vector<report::GoalResult> assess_goals(const std::vector<pipeline::Goal>& goals, const pipeline::ScenarioResults& results,
                                             const pipeline::RunPlan& plan, const model::AreaStart& la,
                                             const std::vector<finance::Ledger>& own, const RunFlags& f) {
  std::vector<report::GoalResult> out;
  for (const auto& g : goals) {
    out.push_back(published(g, plan, la, own, f));
    out.back().forecasts = pipeline::forecast(g, results, la.code);
  }
  return out;
}

}  // namespace sendtwin::cli
