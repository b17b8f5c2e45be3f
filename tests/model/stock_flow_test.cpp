// Invariants of the SEND model's tallies (src/model/send/tally.h), as property tests over a small
// run (STYLE.md §6: stocks balance with flows). All are exact: they hold for any parameters.
//
// Census(y) is the January stock of year y; Flows(y) are the transitions of the calendar year y,
// i.e. of the months between census(y) and census(y + 1). So for every SEN status k
//   census(y + 1).by_status[k] == census(y).by_status[k] + flows(y).status_in[k] - flows(y).status_out[k].
#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "data/embedded.h"
#include "data/send_params.h"
#include "model/send/send_run.h"

namespace sendtwin::model {
namespace {

const std::vector<YearTally>& run_years() {
  static const SendRunResult run = [] {
    const SendParams params = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
    SendRunConfig config;
    config.start_year = 2015;  // the LA table's first January
    config.seed = 7;
    config.scale = 0.005;
    config.threads = 1;
    config.to = Month(2018, 12);
    return run_send(params, config);
  }();
  return run.replicates.at(0);
}

// Pairs of consecutive years that both have a census: (census(y), flows(y), census(y + 1)).
struct YearPair {
  const YearTally* year;
  const YearTally* next;
};
std::vector<YearPair> consecutive_censuses() {
  std::vector<YearPair> out;
  const auto& years = run_years();
  for (std::size_t k = 0; k + 1 < years.size(); ++k)
    if (years[k].has_census && years[k + 1].has_census && years[k + 1].year == years[k].year + 1)
      out.push_back({&years[k], &years[k + 1]});
  return out;
}

template <class Array>
std::int64_t sum(const Array& a) {
  return std::accumulate(a.begin(), a.end(), std::int64_t{0});
}

TEST(ModelStockFlow, RunToDecember2018_HasFourYearsWithCensusAndFullFlows) {
  const auto& years = run_years();
  ASSERT_EQ(years.size(), 4u);
  for (std::size_t k = 0; k < years.size(); ++k) {
    EXPECT_EQ(years[k].year, 2015 + static_cast<int>(k));
    EXPECT_TRUE(years[k].has_census) << years[k].year;
    EXPECT_TRUE(years[k].full_year) << years[k].year;
  }
  EXPECT_EQ(consecutive_censuses().size(), 3u);
}

TEST(ModelStockFlow, EveryStatusStock_ChangesByItsInflowsLessOutflows) {
  for (const auto& [y, next] : consecutive_censuses())
    for (int k = 0; k < kSenStatusCount; ++k) {
      const auto status = static_cast<SenStatus>(k);
      const std::int64_t expected = y->census.by_status[k] + y->flows.status_in[k] - y->flows.status_out[k];
      EXPECT_EQ(next->census.by_status[k], expected)
          << to_string(status) << ": census " << y->year << " = " << y->census.by_status[k] << ", in "
          << y->flows.status_in[k] << ", out " << y->flows.status_out[k] << ", census " << next->year << " = "
          << next->census.by_status[k] << " (gap " << next->census.by_status[k] - expected << ")";
    }
}

// Every agent that arrives enters a status and every one that leaves leaves one, so the change in
// all agents is arrivals less departures.
TEST(ModelStockFlow, AgentCount_ChangesByArrivalsLessDepartures) {
  for (const auto& [y, next] : consecutive_censuses()) {
    EXPECT_EQ(sum(y->flows.status_in) - sum(y->flows.status_out), y->flows.arrivals - y->flows.departures)
        << y->year << ": status flows and arrivals/departures disagree";
    EXPECT_EQ(sum(next->census.by_status) - sum(y->census.by_status), y->flows.arrivals - y->flows.departures)
        << y->year << " -> " << next->year;
  }
}

// A plan is made only by issuing one and ends only by ceasing it (send_model.cpp: set_status to
// Plan happens in on_assessment_end alone; every plan holder that leaves goes through cease()).
TEST(ModelStockFlow, PlanStock_ChangesByPlansIssuedLessPlansCeased) {
  const int plan = static_cast<int>(SenStatus::Plan);
  for (const auto& [y, next] : consecutive_censuses()) {
    EXPECT_EQ(y->flows.status_in[plan], y->flows.plans_issued) << y->year;
    EXPECT_EQ(y->flows.status_out[plan], y->flows.plans_ceased) << y->year;
    EXPECT_EQ(next->census.plans, y->census.plans + y->flows.plans_issued - y->flows.plans_ceased)
        << y->year << " -> " << next->year;
  }
}

TEST(ModelStockFlow, PlansInStatusCount_EqualPlans) {
  for (const auto& y : run_years())
    if (y.has_census) {
      EXPECT_EQ(y.census.by_status[static_cast<int>(SenStatus::Plan)], y.census.plans) << y.year;
    }
}

TEST(ModelStockFlow, PlansBySetting_SumToPlans) {
  for (const auto& y : run_years())
    if (y.has_census) {
      EXPECT_EQ(sum(y.census.plans_by_setting), y.census.plans) << y.year;
    }
}

TEST(ModelStockFlow, PlansByAgeBand_SumToPlans) {
  for (const auto& y : run_years())
    if (y.has_census) {
      EXPECT_EQ(sum(y.census.plans_by_age_band), y.census.plans) << y.year;
    }
}

TEST(ModelStockFlow, PlansByNeed_SumToPlans) {
  for (const auto& y : run_years())
    if (y.has_census) {
      EXPECT_EQ(sum(y.census.plans_by_need), y.census.plans) << y.year;
    }
}

// The joint tables the DfE returns read (placement x age, placement x need) have the margins the
// measures read: each placement's row sums to its plans, each age band's and need's column to theirs.
TEST(ModelStockFlow, JointTables_HaveTheMargins) {
  for (const auto& y : run_years()) {
    if (!y.has_census) continue;
    std::array<std::int64_t, model::kAgeBandCount> by_band{};
    std::array<std::int64_t, kNeedTypeCount> by_need{};
    for (int s = 0; s < kSettingCount; ++s) {
      EXPECT_EQ(sum(y.census.plans_by_setting_age[s]), y.census.plans_by_setting[s]) << y.year << " setting " << s;
      EXPECT_EQ(sum(y.census.plans_by_setting_need[s]), y.census.plans_by_setting[s]) << y.year << " setting " << s;
      for (int a = 0; a < model::kPlanAgeCount; ++a) by_band[model::age_band(a)] += y.census.plans_by_setting_age[s][a];
      for (int n = 0; n < kNeedTypeCount; ++n) by_need[n] += y.census.plans_by_setting_need[s][n];
    }
    EXPECT_EQ(by_band, y.census.plans_by_age_band) << y.year;
    EXPECT_EQ(by_need, y.census.plans_by_need) << y.year;
  }
}

// Requests, assessments and new plans by age band add up to their totals.
TEST(ModelStockFlow, FlowsByAgeBand_SumToTheirTotals) {
  for (const auto& y : run_years()) {
    EXPECT_EQ(sum(y.flows.requests_by_age_band), y.flows.requests) << y.year;
    EXPECT_EQ(sum(y.flows.assessments_by_age_band), y.flows.assessments_started) << y.year;
    EXPECT_EQ(sum(y.flows.plans_issued_by_age_band), y.flows.plans_issued) << y.year;
  }
}

// Pupils with a plan are the plan holders in school settings: never more than all plans.
TEST(ModelStockFlow, PupilsWithPlan_AreThePlansInSchoolSettings) {
  for (const auto& y : run_years()) {
    if (!y.has_census) continue;
    std::int64_t in_school = 0;
    for (int s = 0; s < kSettingCount; ++s)
      if (is_school(static_cast<Setting>(s))) in_school += y.census.plans_by_setting[s];
    EXPECT_EQ(y.census.pupils_with_plan, in_school) << y.year;
  }
}

}  // namespace
}  // namespace sendtwin::model
