// Promises of calibrate::place_growths (src/calibrate/flow_fit.h): each LA's state special places
// grow by the least-squares line through the logarithm of its state special plans of every January
// up to the start, shrunk toward England's line by empirical Bayes, and no later January is read.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "calibrate/flow_fit.h"

namespace sendtwin::calibrate {
namespace {

constexpr auto kState = static_cast<std::size_t>(Setting::StateSpecial);

model::AreaStart la(const std::string& code, int year, double state_special) {
  model::AreaStart a;
  a.code = code;
  a.year = year;
  a.plans_by_setting[kState] = state_special;
  return a;
}

// Eight LAs, January 2016-2022: "steady" growing exactly 6% a year from 100, "noisy" 1% a year from
// 100 with +-8% about it, and six others 1% to 11% a year, each off its curve by a few per cent, so
// that the LAs' growths spread more than their lines' noise.
std::vector<model::AreaStart> table() {
  std::vector<model::AreaStart> t;
  const double wobble[] = {0.015, -0.010, 0.005, -0.015, 0.010, -0.005, 0};
  for (int y = 2016; y <= 2022; ++y) {
    const int k = y - 2016;
    t.push_back(la("steady", y, 100 * std::pow(1.06, k)));
    t.push_back(la("noisy", y, 100 * std::pow(1.01, k) * (k % 2 == 0 ? 1.08 : 0.92)));
    for (int o = 0; o < 6; ++o)
      t.push_back(la("la" + std::to_string(o), y, 200 * std::pow(1.01 + 0.02 * o, k) * (1 + wobble[(k + o) % 7])));
  }
  return t;
}

double log_line_growth(const std::vector<model::AreaStart>& t, const std::string& code, int start) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& a : t) {
    if (a.code != code || a.year > start) continue;
    const double x = a.year, y = std::log(a.plans_by_setting[kState]);
    n += 1, sx += x, sy += y, sxx += x * x, sxy += x * y;
  }
  return std::expm1((n * sxy - sx * sy) / (n * sxx - sx * sx));
}

TEST(PlaceGrowth, ALaOnAnExactCurve_KeepsItsOwnGrowth) {
  const auto g = place_growths(table(), 2022);
  ASSERT_TRUE(g.count("steady"));
  EXPECT_NEAR(g.at("steady"), 0.06, 1e-12);
}

TEST(PlaceGrowth, ANoisyLa_IsPulledFromItsOwnLineTowardEngland) {
  const auto t = table();
  const auto g = place_growths(t, 2022);
  std::vector<model::AreaStart> england;
  for (int y = 2016; y <= 2022; ++y) {
    double sum = 0;
    for (const auto& a : t)
      if (a.year == y) sum += a.plans_by_setting[kState];
    england.push_back(la("E", y, sum));
  }
  const double own = log_line_growth(t, "noisy", 2022), national = log_line_growth(england, "E", 2022);
  ASSERT_LT(own, national);  // the fixture: about 1% a year against England's 5%
  EXPECT_GT(g.at("noisy"), own + 0.1 * (national - own));
  EXPECT_LT(g.at("noisy"), national);
}

TEST(PlaceGrowth, AJanuaryAfterTheStart_ChangesNoGrowth) {
  auto t = table();
  const auto before = place_growths(t, 2021);
  for (auto& a : t)
    if (a.year == 2022) a.plans_by_setting[kState] *= 3;  // published after a start of 2021
  EXPECT_EQ(place_growths(t, 2021), before);
  EXPECT_NE(place_growths(t, 2022), place_growths(table(), 2022));
}

TEST(PlaceGrowth, ALaWithFewerThanThreeJanuaries_TakesEnglandsGrowth_AndOneWithoutStateSpecialPlansNone) {
  auto t = table();
  t.push_back(la("new", 2021, 50));
  t.push_back(la("new", 2022, 80));  // +60% in its one year: no line to judge its noise by
  t.push_back(la("none", 2022, 0));
  const auto g = place_growths(t, 2022);
  EXPECT_FALSE(g.count("none"));
  ASSERT_TRUE(g.count("new"));
  EXPECT_LT(g.at("new"), 0.10);
  EXPECT_GT(g.at("new"), 0.0);
}

// The independent special places an LA commissions grow by the same line through its independent
// special plans (model::AreaStart::independent_place_growth): the column asked for is the one read.
TEST(PlaceGrowth, OfIndependentSpecialPlans_ReadsThatColumnAlone) {
  constexpr auto kIndependent = static_cast<std::size_t>(Setting::IndependentSpecial);
  auto t = table();
  for (auto& a : t) {
    a.plans_by_setting[kIndependent] = a.plans_by_setting[kState] / 4;  // the same lines, a quarter the size
    if (a.code == "steady") a.plans_by_setting[kIndependent] = 30 * std::pow(1.12, a.year - 2016);
    a.plans_by_setting[kState] *= 1 + 0.01 * (a.year - 2016);  // the state column's lines move
  }
  const auto independent = place_growths(t, 2022, Setting::IndependentSpecial);
  EXPECT_NEAR(independent.at("steady"), 0.12, 1e-12);
  EXPECT_NE(independent, place_growths(t, 2022));
  auto quarter = table();
  for (auto& a : quarter) a.plans_by_setting[kIndependent] = a.plans_by_setting[kState] / 4;
  const auto of_quarter = place_growths(quarter, 2022, Setting::IndependentSpecial);
  const auto of_state = place_growths(table(), 2022);
  for (const auto& [code, g] : of_state) EXPECT_NEAR(of_quarter.at(code), g, 1e-12) << code;  // logs: the scale drops out
}

}  // namespace
}  // namespace sendtwin::calibrate
