// Promises of the independent special places an LA commissions (model::CapacityParams::
// independent_growth, src/model/send/send_model.cpp end_month): without the limit (NaN, a run from
// January 2015) every special placement a state school cannot take is independent; with it, a
// placement finding neither place leaves the child where the child is, to take the first place that
// comes free, and independent special plans never outgrow the places but for those who have waited
// as long as an appeal takes to be heard (appeals.hearing_months), who go independent beyond them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "data/embedded.h"
#include "data/send_params.h"
#include "model/send/send_run.h"

namespace sendtwin::model {
namespace {

constexpr int kIndependent = static_cast<int>(Setting::IndependentSpecial);
constexpr int kMainstream = static_cast<int>(Setting::Mainstream);

// England's parameters with no placement chosen as independent special directly, so that every
// independent special plan made in the run is one a state school could not take.
// `longest_wait` far beyond the run: nobody waits long enough to go independent beyond the places.
SendParams params(double independent_growth, int longest_wait = 1000) {
  SendParams p = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  for (auto* shares : {&p.placement.early_years, &p.placement.school, &p.placement.post16, &p.placement.school_entry})
    (*shares)[3] = 0.0;  // the independent special share (kPlIndependentSpecial)
  p.capacity.independent_growth = independent_growth;
  p.capacity.longest_wait_months = longest_wait;
  return p;
}

SendRunResult run(double independent_growth, int threads, int longest_wait = 1000) {
  SendRunConfig config;
  config.start_year = 2015;
  config.seed = 5;
  config.scale = 0.02;
  config.threads = threads;
  config.to = Month(2019, 12);
  return run_send(params(independent_growth, longest_wait), config);
}

const std::vector<YearTally>& unlimited() {
  static const SendRunResult r = run(std::nan(""), 1);
  return r.replicates.at(0);
}
const std::vector<YearTally>& limited() {
  static const SendRunResult r = run(0.0, 1);
  return r.replicates.at(0);
}

std::int64_t no_place(const std::vector<YearTally>& years) {
  std::int64_t n = 0;
  for (const auto& y : years) n += y.flows.no_special_place;
  return n;
}

TEST(IndependentPlaces, WithoutALimit_EveryPlacementFindsAPlace) {
  EXPECT_EQ(no_place(unlimited()), 0);
  std::int64_t for_want = 0;
  for (const auto& y : unlimited()) for_want += y.flows.independent_for_want_of_place;
  EXPECT_GT(for_want, 0) << "the state places must run out in this run for the next tests to mean anything";
}

// Places held at the start's independent plans and 2% (capacity.initial_slack), none added: the
// January counts never pass them, while without the limit they grow.
TEST(IndependentPlaces, HeldPlaces_BoundTheIndependentPlans) {
  const auto& years = limited();
  ASSERT_TRUE(years.front().has_census);
  const double start = static_cast<double>(years.front().census.plans_by_setting[kIndependent]);
  const double places = start * (1.0 + params(0.0).capacity.initial_slack);
  for (const auto& y : years) {
    if (y.has_census) {
      EXPECT_LE(static_cast<double>(y.census.plans_by_setting[kIndependent]), std::floor(places) + 1) << y.year;
    }
  }
  EXPECT_GT(unlimited().back().census.plans_by_setting[kIndependent], std::floor(places) + 1);
}

// The children who find no place stay in mainstream: more mainstream plans than without the limit,
// and the placements that found none counted.
TEST(IndependentPlaces, ThoseWithoutAPlace_StayInMainstream) {
  EXPECT_GT(no_place(limited()), 0);
  const auto& a = limited().back().census;
  const auto& b = unlimited().back().census;
  EXPECT_GT(a.plans_by_setting[kMainstream], b.plans_by_setting[kMainstream]);
  EXPECT_LT(a.plans_by_setting[kIndependent], b.plans_by_setting[kIndependent]);
}

// The places that come free go to those waiting: after the first year in which a placement found no
// place, independent places are still taken (every independent placement here is one for want of a
// state place), as leavers at 19 free them. (Each September the leavers free state places too, which
// the waiting take first: the independent plans of January sit a little under the places.)
TEST(IndependentPlaces, PlacesThatComeFree_AreTakenByThoseWaiting) {
  const auto& years = limited();
  std::size_t first = years.size();
  for (std::size_t k = 0; k < years.size() && first == years.size(); ++k)
    if (years[k].flows.no_special_place > 0) first = k;
  ASSERT_LT(first + 1, years.size()) << "no year after the first without a place";
  std::int64_t taken_after = 0;
  for (std::size_t k = first + 1; k < years.size(); ++k) taken_after += years[k].flows.independent_for_want_of_place;
  EXPECT_GT(taken_after, 0);
}

// With England's months to a hearing (appeals.hearing_months, 6), those who have waited that long go
// independent beyond the places. State places shrinking 10% a year, so that none comes free: with
// waits unlimited the independent plans stay within the places; with England's, they pass them.
TEST(IndependentPlaces, ThoseWhoWaitedAsLongAsAnAppeal_GoIndependentBeyondThePlaces) {
  auto census_at_end = [](int longest_wait) {
    SendParams p = params(0.0, longest_wait);
    p.capacity.growth = -0.10;
    SendRunConfig config;
    config.start_year = 2015;
    config.seed = 5;
    config.scale = 0.02;
    config.threads = 1;
    config.to = Month(2019, 12);
    return run_send(p, config).replicates.at(0).back().census;
  };
  const double places = static_cast<double>(limited().front().census.plans_by_setting[kIndependent]) *
                        (1.0 + params(0.0).capacity.initial_slack);
  const auto waiting = census_at_end(1000), appealing = census_at_end(-1);
  EXPECT_LE(static_cast<double>(waiting.plans_by_setting[kIndependent]), std::floor(places) + 1);
  EXPECT_GT(static_cast<double>(appealing.plans_by_setting[kIndependent]), std::floor(places) + 1);
  EXPECT_GT(waiting.plans_by_setting[kMainstream], appealing.plans_by_setting[kMainstream]);
}

TEST(IndependentPlaces, TheWaiting_AreServedAlikeOnAnyNumberOfThreads) {
  const auto two = run(0.0, 2, -1).replicates.at(0);
  const auto one = run(0.0, 1, -1).replicates.at(0);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t k = 0; k < one.size(); ++k) {
    EXPECT_EQ(one[k].census.plans_by_setting, two[k].census.plans_by_setting) << one[k].year;
    EXPECT_EQ(one[k].flows.no_special_place, two[k].flows.no_special_place) << one[k].year;
    EXPECT_EQ(one[k].flows.placed_in, two[k].flows.placed_in) << one[k].year;
  }
}

}  // namespace
}  // namespace sendtwin::model
