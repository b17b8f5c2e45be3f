// Every LA starts from its own published January 2015 caseload, exactly (issue: every local
// authority): the January 2015 census of each LA's simulated population equals the plans by age
// band and by placement it was given, and England's census is the sum of the LAs'.
#include <gtest/gtest.h>

#include "data/embedded.h"
#include "data/la_start.h"
#include "data/send_params.h"
#include "model/send/send_run.h"

namespace sendtwin::model {
namespace {

const SendParams& params() {
  static const SendParams p = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  return p;
}

const std::vector<AreaStart>& areas() {
  static const auto a = data::starts_in(data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName), 2015);
  return a;
}

// Synthesis and the January 2015 census only: the run stops after its first month.
const SendRunResult& january_2015() {
  static const SendRunResult r = [] {
    SendRunConfig config;
    config.start_year = 2015;  // the LA table's first January
    config.threads = 2;
    config.to = Month(2015, 1);
    return run_send(params(), areas(), config);
  }();
  return r;
}

TEST(LaSynthesis, EveryLa_StartsFromItsPublishedPlansByAgeBandExactly) {
  const auto& run = january_2015();
  ASSERT_EQ(run.areas.size(), areas().size());
  for (std::size_t a = 0; a < areas().size(); ++a) {
    const Census& c = run.areas[a].replicates.at(0).at(0).census;
    for (int b = 0; b < kAgeBandCount; ++b)
      EXPECT_EQ(static_cast<double>(c.plans_by_age_band[b]), areas()[a].plans_by_age_band[b])
          << areas()[a].name << " band " << b;
  }
}

TEST(LaSynthesis, EveryLa_StartsFromItsPublishedPlansByPlacementExactly) {
  const auto& run = january_2015();
  for (std::size_t a = 0; a < areas().size(); ++a) {
    const Census& c = run.areas[a].replicates.at(0).at(0).census;
    for (int s = 0; s < kSettingCount; ++s)
      EXPECT_EQ(static_cast<double>(c.plans_by_setting[s]), areas()[a].plans_by_setting[s])
          << areas()[a].name << " setting " << s;
  }
}

TEST(LaSynthesis, England_IsTheSumOfTheLas_AndMeetsTheNationalStock) {
  const auto& run = january_2015();
  const Census& england = run.replicates.at(0).at(0).census;
  std::int64_t plans = 0;
  for (const auto& area : run.areas) plans += area.replicates.at(0).at(0).census.plans;
  EXPECT_EQ(england.plans, plans);
  for (int b = 0; b < kAgeBandCount; ++b)
    EXPECT_EQ(static_cast<double>(england.plans_by_age_band[b]), params().stock.by_age_band[b]) << "band " << b;
  for (int s = 0; s < kSettingCount; ++s)
    EXPECT_EQ(static_cast<double>(england.plans_by_setting[s]), params().stock.by_setting[s]) << "setting " << s;
}

TEST(LaSynthesis, EveryLa_StartsWithItsPupilsAndSenSupport) {
  const auto& run = january_2015();
  for (std::size_t a = 0; a < areas().size(); ++a) {
    const Census& c = run.areas[a].replicates.at(0).at(0).census;
    // Whole agents for fractional estimates; the cohorts are rounded year group by year group.
    EXPECT_NEAR(static_cast<double>(c.sen_support), areas()[a].sen_support, 1.0) << areas()[a].name;
    EXPECT_NEAR(static_cast<double>(c.pupils), areas()[a].pupils, 0.01 * areas()[a].pupils + 10) << areas()[a].name;
  }
}

}  // namespace
}  // namespace sendtwin::model
