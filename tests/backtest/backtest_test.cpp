// Promises of the backtest (src/backtest, src/calibrate/flow_fit.h; issue 17): a forecast from an
// origin reads nothing published after it; each LA's fit meets its own new plans over the window;
// the model and the rivals are scored over the same LAs; origins the data cannot serve are refused.
#include "backtest/backtest.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "../support/input_error.h"
#include "calibrate/flow_fit.h"
#include "data/embedded.h"
#include "data/la_flows.h"
#include "data/la_start.h"
#include "data/send_params.h"
#include "pipeline/pipeline.h"

namespace sendtwin::backtest {
namespace {

using test_support::error_of;

const model::SendParams& params() {
  static const auto p = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  return p;
}
const std::vector<model::AreaStart>& starts() {
  static const auto s = data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName);
  return s;
}
const std::vector<data::LaFlow>& flows() {
  static const auto f = data::parse_la_flows(data::embedded_la_flows(), data::kEmbeddedFlowsName);
  return f;
}

Options small(int origin) {
  Options o;
  o.first_origin = o.last_origin = origin;
  o.replicates = 3;
  o.scale = 0.02;
  o.threads = 2;
  return o;
}

// Every forecast of two results, figure for figure (not the published figures beside them).
bool same_forecasts(const Result& a, const Result& b) {
  if (a.forecasts.size() != b.forecasts.size()) return false;
  for (std::size_t k = 0; k < a.forecasts.size(); ++k) {
    const auto &x = a.forecasts[k], &y = b.forecasts[k];
    if (x.measure != y.measure || x.code != y.code || x.horizon != y.horizon || x.mean != y.mean || x.lo != y.lo || x.hi != y.hi)
      return false;
  }
  return true;
}

// The no-leak proof: every figure published after the origin (January stocks after 2021, flows of
// 2021 on) is changed, and the forecasts from 2021 stay exactly as they were, while the published
// figures they are scored against move. A change to a year the fit may read (the flows of 2020)
// does move them: the comparison can see a leak.
TEST(Backtest, AFigurePublishedAfterTheOrigin_ChangesNoForecast) {
  const Result before = run_backtest(params(), starts(), flows(), small(2021));
  ASSERT_FALSE(before.forecasts.empty());
  auto later_starts = starts();
  for (auto& a : later_starts)
    if (a.year > 2021) {
      for (double& b : a.plans_by_age_band) b *= 1.5;
      for (double& s : a.plans_by_setting) s *= 1.5;
      a.pupils *= 1.5;
      a.request_relative *= 2;
    }
  auto later_flows = flows();
  for (auto& f : later_flows)
    if (f.year >= 2021 && f.new_plans) *f.new_plans *= 1.5;
  const Result after = run_backtest(params(), later_starts, later_flows, small(2021));
  EXPECT_TRUE(same_forecasts(before, after));
  bool published_moved = false;
  for (std::size_t k = 0; k < before.forecasts.size() && k < after.forecasts.size(); ++k)
    if (!std::isnan(before.forecasts[k].published) && before.forecasts[k].published != after.forecasts[k].published) published_moved = true;
  EXPECT_TRUE(published_moved);

  auto window_flows = flows();
  for (auto& f : window_flows)
    if (f.year == 2020 && f.new_plans) *f.new_plans *= 1.5;
  EXPECT_FALSE(same_forecasts(before, run_backtest(params(), starts(), window_flows, small(2021))));
}

TEST(Backtest, TheModelAndEveryRival_AreScoredOverTheSameLas) {
  const Result r = run_backtest(params(), starts(), flows(), small(2022));
  int checked = 0;
  for (const auto& row : r.rows) {
    if (row.method != "model") continue;
    for (const auto& other : r.rows)
      if (other.measure == row.measure && other.origin == row.origin && other.horizon == row.horizon && other.method != "model") {
        EXPECT_EQ(other.scores.las, row.scores.las) << row.measure << " h" << row.horizon << " " << other.method;
        ++checked;
      }
    EXPECT_GE(row.coverage, 0.0);
    EXPECT_LE(row.coverage, 1.0);
  }
  EXPECT_GT(checked, 3 * 10);
  // EHC plans one year ahead: most LAs are scored.
  bool plans_h1 = false;
  for (const auto& row : r.rows)
    if (row.measure == "ehc_plans" && row.horizon == 1 && row.method == "model") plans_h1 = row.scores.las > 140;
  EXPECT_TRUE(plans_h1);
}

TEST(Backtest, AnOriginTheDataCannotServe_IsRefusedNamingTheFlag) {
  Options o = small(2025);
  EXPECT_NE(error_of([&] { run_backtest(params(), starts(), flows(), o); }).find("--last-origin"), std::string::npos);
  o = small(2016);
  EXPECT_NE(error_of([&] { run_backtest(params(), starts(), flows(), o); }).find("--first-origin"), std::string::npos);
}

// The fit at a start: a run from the window's first January with the fitted factors issues each
// LA's published new plans over the window, to within the noise of a run at scale 0.2.
TEST(FlowFit, TheFittedLas_IssueTheirPublishedNewPlansOverTheWindow) {
  calibrate::FlowTargets targets;
  for (const auto& a : starts()) targets.plans[a.code][a.year] = a.plans();
  for (const auto& f : flows())
    if (f.new_plans) targets.new_plans[f.code][f.year] = *f.new_plans;
  calibrate::FlowFitOptions o;
  o.scale = 0.2;
  o.threads = 2;
  const auto fit = calibrate::fit_flows(params(), starts(), targets, 2022, o);
  EXPECT_GT(fit.fitted, 140);
  // Run the window again with the fitted factors carried back to the window's LAs.
  pipeline::RunPlan plan;
  plan.send = calibrate::as_known_at(params(), 2022);
  plan.start_year = 2020;
  plan.last_year = 2021;
  plan.scale = 0.2;
  plan.threads = 2;
  plan.with_ledgers = false;
  plan.areas = data::starts_in(starts(), 2020);
  for (auto& a : plan.areas)
    for (const auto& f : fit.areas)
      if (f.code == a.code) {
        a.request_relative = f.request_relative;
        a.cease_relative = f.cease_relative;
      }
  const auto run = pipeline::run(plan).run;
  std::vector<double> misses;
  double model_total = 0, published_total = 0;
  for (const auto& area : run.areas) {
    const auto it = targets.new_plans.find(area.code);
    if (it == targets.new_plans.end() || !it->second.count(2020) || !it->second.count(2021)) continue;
    double issued = 0;
    for (const auto& y : area.replicates[0])
      if (y.year == 2020 || y.year == 2021) issued += static_cast<double>(y.flows.plans_issued) / 0.2;
    const double published = it->second.at(2020) + it->second.at(2021);
    model_total += issued;
    published_total += published;
    if (published > 500) misses.push_back(std::abs(issued / published - 1));
  }
  ASSERT_GT(misses.size(), 50u);
  std::sort(misses.begin(), misses.end());
  EXPECT_LT(misses[misses.size() / 2], 0.08);
  EXPECT_NEAR(model_total / published_total, 1.0, 0.03);
}

}  // namespace
}  // namespace sendtwin::backtest
