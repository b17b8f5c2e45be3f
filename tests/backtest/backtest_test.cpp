// Promises of the backtest (src/backtest, src/calibrate/flow_fit.h; issue 17): a forecast from an
// origin reads nothing published after it; each LA's fit meets its own new plans over the window;
// the model and the rivals are scored over the same LAs; origins the data cannot serve are refused.
#include "backtest/backtest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "../support/input_error.h"
#include "calibrate/flow_fit.h"
#include "core/statistics.h"
#include "data/embedded.h"
#include "data/la_flows.h"
#include "data/la_start.h"
#include "data/send_params.h"
#include "model/send/send_run.h"
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

// The replicates' draws of one LA: the normal's n quantiles at (i + 1/2) / n, each once, so their
// mean is 0 and their spread the normal's; shuffled by (seed, origin, LA), the same every call.
TEST(Backtest, AnLasDraws_AreTheNormalsQuantilesEachOnce_InAnOrderOfItsOwn) {
  const int n = 20;
  const std::vector<double> z = stratified_normals(1, 2022, n, "886");
  ASSERT_EQ(z.size(), static_cast<std::size_t>(n));
  std::vector<double> sorted = z;
  std::sort(sorted.begin(), sorted.end());
  double mean = 0, sq = 0;
  for (int i = 0; i < n; ++i) {
    EXPECT_NEAR(sorted[static_cast<std::size_t>(i)], normal_quantile((i + 0.5) / n), 1e-12);
    mean += z[static_cast<std::size_t>(i)] / n;
  }
  for (double x : z) sq += (x - mean) * (x - mean);
  EXPECT_NEAR(mean, 0.0, 1e-12);
  EXPECT_NEAR(std::sqrt(sq / (n - 1)), 1.0, 0.05);
  EXPECT_EQ(z, stratified_normals(1, 2022, n, "886"));
  EXPECT_NE(z, sorted);  // shuffled
  EXPECT_NE(z, stratified_normals(1, 2022, n, "202"));
  EXPECT_NE(z, stratified_normals(1, 2023, n, "886"));
  EXPECT_NE(z, stratified_normals(2, 2022, n, "886"));
}

// latest_weight: LAs whose shares of England's new plans wander (each year's share the last one's
// times noise that persists) are best foreseen from their latest year alone; LAs whose shares are
// steady with noise that does not persist, from two years averaged. A year from the start on is not
// read.
std::map<std::string, std::map<int, double>> shares_of(bool persistent, std::uint64_t seed) {
  std::map<std::string, std::map<int, double>> n;
  std::uint64_t x = seed;
  auto uniform = [&] {  // a small LCG: the test's own stream
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(x >> 11) / 9007199254740992.0;
  };
  for (int la = 0; la < 100; ++la) {
    double level = 500;
    for (int year = 2014; year <= 2024; ++year) {
      // A normal shock (Box-Muller), sd 0.1 on the log scale.
      const double shock = std::exp(0.1 * std::sqrt(-2 * std::log(1 - uniform())) * std::cos(6.283185307179586 * uniform()));
      if (persistent) level *= shock;
      n["L" + std::to_string(la)][year] = persistent ? level : level * shock;
    }
  }
  return n;
}

TEST(FlowFit, TheLatestYearsWeight_IsHighWhereSharesWander_AndLowWhereNoiseDoesNotPersist) {
  EXPECT_GE(calibrate::latest_weight(shares_of(true, 1), 2024), 0.85);
  EXPECT_LE(calibrate::latest_weight(shares_of(false, 1), 2024), 0.6);
  auto later = shares_of(false, 1);
  for (auto& [code, years] : later) years[2024] *= 3;  // a year the weight at 2024 may not read
  EXPECT_EQ(calibrate::latest_weight(later, 2024), calibrate::latest_weight(shares_of(false, 1), 2024));
  EXPECT_EQ(calibrate::latest_weight({}, 2024), 1.0);
}

// New plans of 40 LAs, 2015-2024, whose growth carries over from year to year by phi_true: England's
// growth into year t is phi_true times its growth into t-1, renewed by a surge of 30% every third
// year, and each LA grows with England give or take a point or two. growth_damping should find
// phi_true.
std::map<std::string, std::map<int, double>> growing(double phi_true) {
  std::map<std::string, std::map<int, double>> out;
  for (int la = 0; la < 40; ++la) out["L" + std::to_string(la)][2015] = 400 + 10 * la;
  double last_growth = 0.3;
  for (int t = 2016; t <= 2024; ++t) {
    const double g = (t % 3 == 0) ? 0.3 : phi_true * last_growth;
    double before = 0, after = 0;
    for (int la = 0; la < 40; ++la) {
      auto& years = out["L" + std::to_string(la)];
      years[t] = years[t - 1] * (1 + g + 0.01 * ((la * 7 + t) % 5 - 2));
      before += years[t - 1];
      after += years[t];
    }
    last_growth = after / before - 1;
  }
  return out;
}

TEST(FlowFit, TheGrowthsDamping_IsHowMuchOfEnglandsLastGrowthCarriedOver_BeforeTheStart) {
  EXPECT_NEAR(calibrate::growth_damping(growing(0.9), 2025), 0.9, 0.1);
  EXPECT_NEAR(calibrate::growth_damping(growing(0.3), 2025), 0.3, 0.1);
  auto later = growing(0.3);
  for (auto& [code, years] : later) years[2023] *= 2;  // years the damping at 2023 may not read
  EXPECT_EQ(calibrate::growth_damping(later, 2023), calibrate::growth_damping(growing(0.3), 2023));
  EXPECT_EQ(calibrate::growth_damping({}, 2024), calibrate::kGrowthDamping);
}

// Requests and new plans of 40 LAs, 2015-2024: England's requests grow by a pattern of surges and
// lulls, and each LA's new plans grow a year later by what its requests grew (`lagged`), or by a
// growth of their own that carries over from year to year while the requests do something else
// (not lagged). request_growth_rule should lean on the requests in the first case and not in the
// second, and read nothing from the start's year on.
calibrate::FlowTargets leading(bool lagged) {
  const std::map<int, double> surge = {{2016, 0.30}, {2017, 0.05}, {2018, 0.20}, {2019, -0.05}, {2020, 0.25},
                                       {2021, 0.02}, {2022, 0.22}, {2023, 0.08}, {2024, 0.15}};
  calibrate::FlowTargets t;
  double own = 0.10;
  for (int la = 0; la < 40; ++la) {
    auto& asked = t.requests["L" + std::to_string(la)];
    auto& plans = t.new_plans["L" + std::to_string(la)];
    asked[2015] = 900 + 10 * la;
    plans[2015] = 600 + 10 * la;
  }
  for (int year = 2016; year <= 2024; ++year) {
    own = 0.9 * own + 0.02;
    for (int la = 0; la < 40; ++la) {
      auto& asked = t.requests["L" + std::to_string(la)];
      auto& plans = t.new_plans["L" + std::to_string(la)];
      const double noise = 0.01 * ((la * 7 + year) % 5 - 2);
      asked[year] = asked[year - 1] * (1 + surge.at(year) + noise);
      const double growth = lagged ? (year > 2016 ? surge.at(year - 1) : 0.1) : own;
      plans[year] = plans[year - 1] * (1 + growth + noise);
    }
  }
  return t;
}

TEST(FlowFit, TheRequestsGrowthLeads_WhenNewPlansFollowedIt_BeforeTheStart) {
  const auto lagged = calibrate::request_growth_rule(leading(true), 2025);
  EXPECT_GE(lagged.lead, 0.8);
  EXPECT_GE(lagged.damping, 0.8);
  EXPECT_LE(calibrate::request_growth_rule(leading(false), 2025).lead, 0.2);
  auto later = leading(true);
  for (auto& [code, years] : later.requests) years[2023] *= 3;  // a year the rule at 2023 may not read
  for (auto& [code, years] : later.new_plans) years[2024] /= 2;
  const auto at_2023 = calibrate::request_growth_rule(leading(true), 2023), moved = calibrate::request_growth_rule(later, 2023);
  EXPECT_EQ(moved.lead, at_2023.lead);
  EXPECT_EQ(moved.damping, at_2023.damping);
  // With no requests it is growth_damping: the new plans' growth alone.
  calibrate::FlowTargets plans_only = leading(true);
  plans_only.requests.clear();
  EXPECT_EQ(calibrate::request_growth_rule(plans_only, 2025).lead, 0.0);
  EXPECT_EQ(calibrate::request_growth_rule(plans_only, 2025).damping, calibrate::growth_damping(plans_only.new_plans, 2025));
}

// Plans of 100 LAs, 2010-2024, growing with England (8% a year) and by an LA's own growth: a
// fixed one for each LA (persistent: between -5% and +5% a year) or one drawn afresh each year (sd 5%).
// own_growth_weight should give an LA's own growth its full weight in the first case, little in
// the second.
std::map<std::string, std::map<int, double>> plans_growing(bool persistent) {
  std::map<std::string, std::map<int, double>> out;
  std::uint64_t x = 7;
  auto uniform = [&] {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(x >> 11) / 9007199254740992.0;
  };
  for (int la = 0; la < 100; ++la) {
    const double own = -0.05 + 0.1 * la / 99.0;
    double plans = 1000;
    for (int year = 2010; year <= 2024; ++year) {
      out["L" + std::to_string(la)][year] = plans;
      const double drawn = 0.05 * std::sqrt(-2 * std::log(1 - uniform())) * std::cos(6.283185307179586 * uniform());
      plans *= 1.08 + (persistent ? own : drawn);
    }
  }
  return out;
}

TEST(FlowFit, AnLAsOwnGrowthWeighs_AsMuchAsItHasPersisted_BeforeTheStart) {
  EXPECT_GE(calibrate::own_growth_weight(plans_growing(true), 2024, 2), 0.85);
  EXPECT_LE(calibrate::own_growth_weight(plans_growing(false), 2024, 2), 0.25);
  EXPECT_LE(calibrate::own_growth_weight(plans_growing(false), 2024, 1), 0.25);
  auto later = plans_growing(false);
  for (auto& [code, years] : later) years[2024] *= 1.5 + 0.01 * static_cast<double>(code.size());  // years the weight at 2023 may not read
  EXPECT_EQ(calibrate::own_growth_weight(later, 2023, 2), calibrate::own_growth_weight(plans_growing(false), 2023, 2));
  EXPECT_EQ(calibrate::own_growth_weight({}, 2024, 2), 1.0);
}

// The lean forecast's errors, from which the backtest's intervals are drawn: with two LAs of 100 and
// 300 plans at 2020, 121 and 300 at 2022 (England +5.25% over two years) and 130, 290 at 2023, the
// forecast of the first with weight 1/2 grows by sqrt(1 + (0.21 + 0.0525) / 2) a year; nothing but
// the three Januaries is read, and an LA below 50 plans at either end of its growth is left out.
TEST(FlowFit, TheLeanForecastsErrors_ReadTheWindowAndTheNextJanuaryOnly) {
  std::map<std::string, std::map<int, double>> plans = {{"a", {{2020, 100}, {2022, 121}, {2023, 130}}},
                                                        {"b", {{2020, 300}, {2022, 300}, {2023, 290}}},
                                                        {"small", {{2020, 40}, {2022, 60}, {2023, 70}}}};
  const double england = (121.0 + 300 + 60) / (100.0 + 300 + 40) - 1;
  const auto errors = calibrate::lean_errors(plans, 0.5, 2022, 2);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NEAR(errors[0], std::log(130 / (121 * std::sqrt(1 + (0.21 + england) / 2))), 1e-12);
  EXPECT_NEAR(errors[1], std::log(290 / (300 * std::sqrt(1 + (0.0 + england) / 2))), 1e-12);
  EXPECT_TRUE(calibrate::lean_errors(plans, 0.5, 2023, 2).empty());  // no January 2021: no growth of England's
  plans["a"][2021] = 1e6, plans["a"][2024] = 1e6, plans["a"][2019] = 1;  // other years: not read
  EXPECT_EQ(calibrate::lean_errors(plans, 0.5, 2022, 2), errors);
}

TEST(Statistics, TheNormalQuantile_InvertsTheNormalsDistribution) {
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-11);
  EXPECT_NEAR(normal_quantile(0.95), 1.6448536269514722, 1e-10);
  EXPECT_NEAR(normal_quantile(0.025), -1.959963984540054, 1e-10);
  EXPECT_NEAR(normal_quantile(1e-6), -4.753424308822899, 1e-9);
  EXPECT_TRUE(std::isnan(normal_quantile(0.0)));
  EXPECT_TRUE(std::isnan(normal_quantile(1.0)));
}

// The fit at a start: a run from the window's first January with the fitted factors issues each
// LA's published new plans over the window, to within the noise of a run at scale 0.2.
// The fit at 2022 (window 2020-2021, scale 0.2), and the window run again from January 2020 to
// January 2022 with the fitted factors carried back to the window's LAs (all of them, or all but
// the placement factors).
struct WindowRun {
  calibrate::FlowTargets targets;
  calibrate::FlowFit fit;
  model::SendRunResult fitted, england_placements;
};

const WindowRun& window_run() {
  static const WindowRun w = [] {
    WindowRun r;
    for (const auto& a : starts()) r.targets.plans[a.code][a.year] = a.plans();
    for (const auto& f : flows())
      if (f.new_plans) r.targets.new_plans[f.code][f.year] = *f.new_plans;
    calibrate::FlowFitOptions o;
    o.scale = 0.2;
    o.threads = 2;
    r.fit = calibrate::fit_flows(params(), starts(), r.targets, 2022, o);
    model::SendRunConfig config;
    config.scale = 0.2;
    config.threads = 2;
    config.start_year = 2020;
    config.to = Month(2022, 1);
    auto areas = data::starts_in(starts(), 2020);
    const auto send = calibrate::as_known_at(model::england_at_start(params(), areas), 2022);
    for (auto& a : areas)
      for (const auto& f : r.fit.areas)
        if (f.code == a.code) {
          a.request_relative = r.fit.request_in_window.at(f.code);
          a.cease_relative = f.cease_relative;
          a.mainstream_relative = f.mainstream_relative;
          a.special_relative = f.special_relative;
          a.fe_relative = f.fe_relative;
        }
    r.fitted = model::run_send(send, areas, config);
    for (auto& a : areas) a.mainstream_relative = a.special_relative = a.fe_relative = 1.0;
    r.england_placements = model::run_send(send, areas, config);
    return r;
  }();
  return w;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

TEST(FlowFit, TheFittedLas_IssueTheirPublishedNewPlansOverTheWindow) {
  const auto& w = window_run();
  EXPECT_GT(w.fit.fitted, 140);
  std::vector<double> misses;
  double model_total = 0, published_total = 0;
  for (const auto& area : w.fitted.areas) {
    const auto it = w.targets.new_plans.find(area.code);
    if (it == w.targets.new_plans.end() || !it->second.count(2020) || !it->second.count(2021)) continue;
    double issued = 0;
    for (const auto& y : area.replicates[0])
      if (y.year == 2020 || y.year == 2021) issued += static_cast<double>(y.flows.plans_issued) / 0.2;
    const double published = it->second.at(2020) + it->second.at(2021);
    model_total += issued;
    published_total += published;
    if (published > 500) misses.push_back(std::abs(issued / published - 1));
  }
  ASSERT_GT(misses.size(), 50u);
  EXPECT_LT(median(misses), 0.08);
  EXPECT_NEAR(model_total / published_total, 1.0, 0.03);
}

// From the start on, an LA's request level leans on its latest year: above its window's factor where
// its new plans grew faster than England's over the window's last year, below it where slower.
TEST(FlowFit, AnLasRequestLevel_FollowsItsLatestYear) {
  const auto& w = window_run();
  double england_2020 = 0, england_2021 = 0;
  for (const auto& [code, years] : w.targets.new_plans)
    if (years.count(2020) && years.count(2021)) england_2020 += years.at(2020), england_2021 += years.at(2021);
  int agree = 0, counted = 0;
  for (const auto& a : w.fit.areas) {
    const auto it = w.targets.new_plans.find(a.code);
    const auto window = w.fit.request_in_window.find(a.code);
    if (window == w.fit.request_in_window.end() || !it->second.count(2020) || it->second.at(2020) < 300) continue;
    const double relative = (it->second.at(2021) / it->second.at(2020)) / (england_2021 / england_2020);
    if (std::abs(relative - 1) < 0.1) continue;  // within the noise of a run at scale 0.2
    ++counted;
    agree += (relative > 1) == (a.request_relative > window->second);
  }
  EXPECT_GT(w.fit.latest_weight, 0.5);
  ASSERT_GT(counted, 20);
  EXPECT_GT(agree, 0.8 * counted) << agree << " of " << counted;
}

// Each LA's plans in mainstream, in independent special schools and in FE at the start are nearer
// its published ones with its fitted placement factors than with England's placement practice, and
// so are England's (the LAs added up).
TEST(FlowFit, TheFittedPlacements_MeetEachLasPlansBySettingAtTheStart) {
  const auto& w = window_run();
  const auto published = data::starts_in(starts(), 2022);
  const std::vector<std::vector<Setting>> groups{{Setting::Mainstream, Setting::MainstreamUnit, Setting::IndependentMainstream},
                                                 {Setting::IndependentSpecial},
                                                 {Setting::FurtherEducation}};
  for (const auto& group : groups) {
    std::vector<double> fitted_miss, england_miss;
    double fitted_total = 0, england_total = 0, published_total = 0;
    for (std::size_t k = 0; k < w.fitted.areas.size(); ++k) {
      const auto& code = w.fitted.areas[k].code;
      const auto p = std::find_if(published.begin(), published.end(), [&](const model::AreaStart& a) { return a.code == code; });
      if (p == published.end()) continue;
      auto in_group = [&](const auto& by_setting) {
        double n = 0;
        for (Setting s : group) n += static_cast<double>(by_setting[static_cast<std::size_t>(s)]);
        return n;
      };
      auto january_2022 = [&](const model::AreaResult& r) {
        for (const auto& y : r.replicates[0])
          if (y.year == 2022 && y.has_census) return in_group(y.census.plans_by_setting) / 0.2;
        ADD_FAILURE() << "no census of January 2022 for " << code;
        return 0.0;
      };
      const double pub = in_group(p->plans_by_setting);
      const double fitted = january_2022(w.fitted.areas[k]);
      const double with_england = january_2022(w.england_placements.areas[k]);
      fitted_total += fitted;
      england_total += with_england;
      published_total += pub;
      if (pub < 100) continue;  // scale 0.2: too few agents to judge one LA's group
      fitted_miss.push_back(std::abs(fitted / pub - 1));
      england_miss.push_back(std::abs(with_england / pub - 1));
    }
    ASSERT_GT(fitted_miss.size(), 30u) << static_cast<int>(group.front());
    EXPECT_LT(median(fitted_miss), median(england_miss)) << "setting group from " << static_cast<int>(group.front());
    EXPECT_LT(std::abs(fitted_total / published_total - 1), std::abs(england_total / published_total - 1))
        << "setting group from " << static_cast<int>(group.front());
    EXPECT_NEAR(fitted_total / published_total, 1.0, 0.08) << "setting group from " << static_cast<int>(group.front());
  }
}

}  // namespace
}  // namespace sendtwin::backtest
