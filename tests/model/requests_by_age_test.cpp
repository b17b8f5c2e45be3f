// Requests by age (requests.age_relative, thinned in SendModel::process) and requests under way at
// the start (SendModel::resume_request, seed_early_years_requests). SEN Support is commonest in the
// last years of primary school and in secondary school, but requests come younger: DfE's new plans
// by age were about 24% under 5, 46% aged 5-10, 24% aged 11-15 and 5% aged 16-19 in 2016-2018
// (sen2_age_new_plans.csv), where a request rate equal at every age gave about 16%, 37%, 38% and 9%.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "data/embedded.h"
#include "data/send_params.h"
#include "model/send/send_run.h"

namespace sendtwin::model {
namespace {

const SendParams& params() {
  static const SendParams p = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  return p;
}

const YearTally& year_of(const SendRunResult& run, int year) {
  for (const auto& y : run.replicates.at(0))
    if (y.year == year) return y;
  throw std::out_of_range("year not in the run");
}

SendRunResult run_2015_to_2016(const SendParams& p, double scale = 0.05) {
  SendRunConfig config;
  config.start_year = 2015;
  config.scale = scale;
  config.threads = 2;
  config.to = Month(2016, 12);
  return run_send(p, config);
}

double share(const std::array<std::int64_t, kAgeBandCount>& by_band, int band) {
  std::int64_t total = 0;
  for (const auto n : by_band) total += n;
  return static_cast<double>(by_band[static_cast<std::size_t>(band)]) / static_cast<double>(total);
}

TEST(RequestsByAge, EachBandsRequestsMoveWithItsOwnFactor) {
  // Doubling the 5-10 band's factor and halving the 11-15 band's (the others unchanged) moves the
  // ratio of the two bands' requests by four in a year, less what the changed requests do to who
  // is on SEN Support: the thinning reaches each pupil at its own band's rate.
  SendParams even = params(), tilted = params();
  even.requests.age_relative = {1.0, 1.0, 1.0, 1.0};
  tilted.requests.age_relative = {1.0, 2.0, 0.5, 1.0};
  const auto even_run = run_2015_to_2016(even, 0.25), tilted_run = run_2015_to_2016(tilted, 0.25);
  const auto& a = year_of(even_run, 2016).flows.requests_by_age_band;
  const auto& b = year_of(tilted_run, 2016).flows.requests_by_age_band;
  ASSERT_GT(a[2], 2000);
  const double ratio_even = static_cast<double>(a[1]) / static_cast<double>(a[2]);
  const double ratio_tilted = static_cast<double>(b[1]) / static_cast<double>(b[2]);
  EXPECT_NEAR(ratio_tilted / ratio_even, 4.0, 0.6) << ratio_even << " then " << ratio_tilted;
  // Children in early years ask at their own rate, untouched by the school bands' factors.
  EXPECT_NEAR(static_cast<double>(b[0]) / static_cast<double>(a[0]), 1.0, 0.1);
}

TEST(RequestsByAge, NewPlansComeAtDfEsAgesWithTheParametersFactors) {
  // The embedded factors give new plans by age band near DfE's 2016-2018 shares (the run's second
  // year, 2016: 23.8/46.0/23.7/5.2% published, 20-25 aside: the model makes no new plan there).
  const auto run = run_2015_to_2016(params());
  const auto& issued = year_of(run, 2016).flows.plans_issued_by_age_band;
  EXPECT_NEAR(share(issued, 0), 0.242, 0.03);
  EXPECT_NEAR(share(issued, 1), 0.468, 0.03);
  EXPECT_NEAR(share(issued, 2), 0.241, 0.03);
  EXPECT_NEAR(share(issued, 3), 0.053, 0.02);
}

TEST(RequestsByAge, TheFirstYearIssuesPlansToUnderFivesAsTheSecondDoes) {
  // Requests of children in early years under way at the start: without them the first year's
  // share of new plans under 5 was about two-thirds of the second's (16% against 25% from 2021).
  const auto run = run_2015_to_2016(params());
  const double first = share(year_of(run, 2015).flows.plans_issued_by_age_band, 0);
  const double second = share(year_of(run, 2016).flows.plans_issued_by_age_band, 0);
  EXPECT_NEAR(first, second, 0.03) << first << " against " << second;
}

// Plans held in January by children not yet at school (aged 3 or under on 31 August), in one setting.
std::int64_t before_school(const SendRunResult& run, int year, Setting setting) {
  const auto& by_age = year_of(run, year).census.plans_by_setting_age[static_cast<std::size_t>(setting)];
  std::int64_t n = 0;
  for (int age = 0; age <= 3; ++age) n += by_age[static_cast<std::size_t>(age)];
  return n;
}

TEST(EarlyYears, APlanMadeBeforeSchoolTakesTheSettingItNames) {
  // A plan for a child of two or three names an early years setting or a school's nursery class
  // (placement.early_years); it is not held in early years until reception whatever it names, as
  // it was (which put 2-3 times DfE's plans in early years settings a year after any start).
  SendParams to_school = params(), to_early_years = params();
  to_school.placement.early_years = {1.0, 0, 0, 0, 0, 0, 0, 0, 0};
  to_early_years.placement.early_years = {0, 0, 0, 0, 0, 0, 0, 1.0, 0};
  const auto a = run_2015_to_2016(to_school, 0.1), b = run_2015_to_2016(to_early_years, 0.1);
  // (Plans of the start's stock held at two in January 2015 are still before school in 2016, in the
  // settings the published stock gave them: the comparison is between the two runs.)
  const auto a_early = before_school(a, 2016, Setting::EarlyYears), b_early = before_school(b, 2016, Setting::EarlyYears);
  const auto a_school = before_school(a, 2016, Setting::Mainstream), b_school = before_school(b, 2016, Setting::Mainstream);
  ASSERT_GT(b_early, 50);
  EXPECT_GT(b_early, 3 * a_early) << b_early << " against " << a_early;
  EXPECT_GT(a_school, b_school + b_early / 2) << a_school << " against " << b_school;
}

TEST(EarlyYears, RequestsBeforeSchoolComeAtTwoByTheParametersShare) {
  // requests.early_years_aged_two: the share of requests before school made at two on 31 August
  // (else three). At two a plan is held before school for two Januaries, at three for one at most.
  SendParams at_two = params(), at_three = params();
  at_two.requests.early_years_aged_two = 1.0;
  at_three.requests.early_years_aged_two = 0.0;
  const auto a = run_2015_to_2016(at_two, 0.1), b = run_2015_to_2016(at_three, 0.1);
  const auto& a_ages = year_of(a, 2016).census.plans_by_setting_age[static_cast<std::size_t>(Setting::EarlyYears)];
  const auto& b_ages = year_of(b, 2016).census.plans_by_setting_age[static_cast<std::size_t>(Setting::EarlyYears)];
  // In January 2016 the children asking at two in 2015-16 are two; those asking at three are three.
  EXPECT_GT(a_ages[2], 3 * b_ages[2]) << a_ages[2] << " against " << b_ages[2];
  EXPECT_GT(before_school(a, 2016, Setting::EarlyYears), before_school(b, 2016, Setting::EarlyYears));
}

}  // namespace
}  // namespace sendtwin::model
