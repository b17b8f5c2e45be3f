// The calibration's parts: the optimiser, the targets and the fitted parameter file.
#include "calibrate/calibrate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "data/embedded.h"
#include "data/la_start.h"
#include "data/published.h"
#include "data/send_params.h"

namespace sendtwin::calibrate {
namespace {

TEST(CalibrateNelderMead, FindsTheMinimumOfAQuadraticInTheBox) {
  const auto f = [](const std::vector<double>& x) {
    return (x[0] - 0.3) * (x[0] - 0.3) + 2 * (x[1] - 0.7) * (x[1] - 0.7) + (x[2] - 0.5) * (x[2] - 0.5);
  };
  int used = 0;
  const auto x = nelder_mead(f, {0.5, 0.5, 0.5}, 0.1, 400, &used);
  EXPECT_NEAR(x[0], 0.3, 1e-3);
  EXPECT_NEAR(x[1], 0.7, 1e-3);
  EXPECT_NEAR(x[2], 0.5, 1e-3);
  EXPECT_LE(used, 400);
}

TEST(CalibrateNelderMead, AMinimumOutsideTheBox_StopsAtItsEdge) {
  const auto f = [](const std::vector<double>& x) { return (x[0] - 2.0) * (x[0] - 2.0) + x[1] * x[1]; };
  const auto x = nelder_mead(f, {0.5, 0.5}, 0.1, 300);
  EXPECT_NEAR(x[0], 1.0, 1e-6);
  EXPECT_NEAR(x[1], 0.0, 1e-3);
}

TEST(CalibrateTargets, AreThePublishedFiguresTo2025) {
  const auto t = national_targets(data::PublishedSeries::embedded(), 2025);
  std::size_t plans = 0;
  for (const auto& x : t) plans += x.measure == "ehc_plans";
  EXPECT_EQ(plans, 10u);  // January 2016-2025
  const auto to_2019 = national_targets(data::PublishedSeries::embedded(), 2019);
  for (const auto& x : to_2019) EXPECT_LE(x.year, 2019);
}

TEST(CalibratePatch, WritesTheFittedValuesAndSourcesIntoTheFile_ThatStillLoads) {
  Result r;
  const auto params = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  r.fitted = params;
  for (const auto& p : fit_parameters()) r.fitted_values.push_back(p.lo + 0.25 * (p.hi - p.lo));
  r.evaluations = 42;
  Options options;
  const std::string text = patch_params(data::embedded_send_params(), r, options);
  const auto patched = data::parse_send_params(text, "fitted.toml");
  auto copy = patched;
  for (std::size_t i = 0; i < fit_parameters().size(); ++i)
    EXPECT_NEAR(*fit_parameters()[i].field(copy), r.fitted_values[i], 1e-5 * std::abs(r.fitted_values[i]) + 1e-9)
        << fit_parameters()[i].name;
  EXPECT_NE(text.find("fitted: sendtwin calibrate (simulated method of moments, Nelder-Mead, 42 runs"), std::string::npos);
  // Everything else is kept, comments included.
  EXPECT_NE(text.find("# Parameters of the SEND model"), std::string::npos);
  EXPECT_EQ(patched.requests.refused, params.requests.refused);
}

// The calendar-year effects: a short fit at a small scale brings the model nearer every series
// than no effects do, and the file it writes loads with the fitted factors.
TEST(CalibrateYearEffects, AFit_LowersTheErrorAndWritesAFileThatLoads) {
  auto params = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  const auto areas = data::starts_in(data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName), 2015);
  EffectsOptions options;
  options.until = 2019;
  options.scale = 0.05;
  options.iterations = 4;
  options.threads = 2;
  const auto r = fit_year_effects(params, areas, data::PublishedSeries::embedded(), options);
  ASSERT_EQ(r.targets.size(), r.model_start.size());
  double before = 0, after = 0;
  for (std::size_t k = 0; k < r.targets.size(); ++k) {
    EXPECT_LE(r.targets[k].year, 2019);
    before += std::pow((r.model_start[k] - r.targets[k].value) / r.targets[k].value, 2);
    after += std::pow((r.model_fitted[k] - r.targets[k].value) / r.targets[k].value, 2);
  }
  EXPECT_LT(after, 0.5 * before);
  ASSERT_EQ(r.values.size(), effect_series().size());
  // Flows to 2019 have factors to 2019; stocks to January 2019, through 2018.
  EXPECT_EQ(r.values[1].size(), 5u);  // requests_rate, 2015-2019
  EXPECT_EQ(r.values[0].size(), 4u);  // sen_support_identification, 2015-2018
  const std::string text = patch_year_effects(data::embedded_send_params(), r, options);
  EXPECT_EQ(text.find("[year_effects]"), text.rfind("[year_effects]"));  // replaced, not added twice
  const auto loaded = data::parse_send_params(text, "fitted.toml");
  ASSERT_EQ(loaded.requests.rate.effect.values.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_NEAR(loaded.requests.rate.effect.values[i], r.values[1][i], 1e-4);
}

// Per LA: fitting each LA's request rate to the growth of its published plans brings the LAs
// nearer their own figures in the last year, and the fitted table loads.
TEST(CalibrateLaPractice, AFit_BringsEachLaNearerItsPublishedPlans) {
  const auto params = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  const auto all = data::starts_in(data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName), 2015);
  std::vector<model::AreaStart> areas;
  for (const auto& a : all)
    if (a.name == "Kent" || a.name == "Camden" || a.name == "Leeds" || a.name == "Cornwall" || a.name == "Hackney") areas.push_back(a);
  ASSERT_EQ(areas.size(), 5u);
  std::map<std::string, std::map<int, double>> published;
  for (const auto& f : data::parse_la_plans(data::embedded_la_plans(), data::kEmbeddedLaPlansName)) published[f.code][f.year] = f.plans;
  LaFitOptions options;
  options.until = 2022;
  options.scale = 0.5;
  options.iterations = 4;
  options.threads = 2;
  const auto r = fit_la_practice(params, areas, published, options);
  ASSERT_EQ(r.error_start.size(), 5u);
  double before = 0, after = 0;
  for (std::size_t a = 0; a < 5; ++a) {
    before += std::abs(r.error_start[a]);
    after += std::abs(r.error_fitted[a]);
    EXPECT_DOUBLE_EQ(r.fitted[a].request_relative, areas[a].request_relative * r.factor[a]);
  }
  EXPECT_LT(after, 0.5 * before);
  const std::string csv = data::la_starts_csv(r.fitted, "fitted in a test");
  const auto loaded = data::parse_la_starts(csv, "fitted.csv");
  for (std::size_t a = 0; a < 5; ++a) EXPECT_NEAR(loaded[a].request_relative, r.fitted[a].request_relative, 1e-9);
  EXPECT_NE(csv.find("fitted in a test"), std::string::npos);
}

}  // namespace
}  // namespace sendtwin::calibrate
