// The calibration's parts: the optimiser, the targets and the fitted parameter file.
#include "calibrate/calibrate.h"

#include <gtest/gtest.h>

#include <cmath>

#include "data/embedded.h"
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

}  // namespace
}  // namespace sendtwin::calibrate
