// Every LA starts from its own published January 2015 caseload, exactly (issue: every local
// authority): the January 2015 census of each LA's simulated population equals the plans by age
// band and by placement it was given, and England's census is the sum of the LAs'.
#include <gtest/gtest.h>

#include <numeric>

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

// An LA's placement factors (fitted by src/calibrate/flow_fit.h) tilt England's placement shares:
// the chosen group's shares are multiplied, the rest scaled so that each list adds up as before, and
// moves to special scale with the special factor. At 1 nothing changes, bit for bit.
TEST(LaPlacement, TheFactors_TiltEnglandsSharesAndKeepEachListsSum) {
  const AreaStart& la = areas().front();
  const auto as_england = area_params(params(), la).placement;
  EXPECT_EQ(as_england.school, params().placement.school);
  EXPECT_EQ(as_england.after_year_11, params().placement.after_year_11);
  EXPECT_EQ(as_england.mainstream_to_special, params().placement.mainstream_to_special);
  const auto& e = params().placement;
  auto sum = [](const auto& a) { return std::accumulate(a.begin(), a.end(), 0.0); };
  auto with = [&](double AreaStart::*factor, double value) {
    AreaStart tilted = la;
    tilted.*factor = value;
    const auto pl = area_params(params(), tilted).placement;
    for (const auto* shares : {&pl.school, &pl.post16, &pl.school_entry}) EXPECT_NEAR(sum(*shares), 1.0, 1e-9);
    for (const auto* shares : {&pl.after_year_11, &pl.after_year_13, &pl.after_special}) EXPECT_NEAR(sum(*shares), 1.0, 1e-9);
    return pl;
  };
  const auto m = with(&AreaStart::mainstream_relative, 1.1);
  EXPECT_NEAR(m.school[0] + m.school[1] + m.school[5], 1.1 * (e.school[0] + e.school[1] + e.school[5]), 1e-9);
  EXPECT_NEAR(m.school[0] / m.school[1], e.school[0] / e.school[1], 1e-9);  // within the group, as England
  EXPECT_NEAR(m.school[2] / m.school[4], e.school[2] / e.school[4], 1e-9);  // and outside it
  EXPECT_EQ(m.mainstream_to_special, e.mainstream_to_special);
  const auto s = with(&AreaStart::special_relative, 0.5);
  EXPECT_NEAR(s.school[2] + s.school[3], 0.5 * (e.school[2] + e.school[3]), 1e-9);
  EXPECT_NEAR(s.mainstream_to_special, 0.5 * e.mainstream_to_special, 1e-12);
  EXPECT_NEAR(s.phase_transfer_to_special, 0.5 * e.phase_transfer_to_special, 1e-12);
  const auto f = with(&AreaStart::fe_relative, 1.2);
  EXPECT_NEAR(f.post16[6], 1.2 * e.post16[6], 1e-9);
  EXPECT_NEAR(f.after_year_11[1], 1.2 * e.after_year_11[1], 1e-12);
  EXPECT_NEAR(f.after_special[1], 1.2 * e.after_special[1], 1e-12);
  EXPECT_EQ(f.school, e.school);
  // A factor past the list's sum takes all of it.
  const auto all = with(&AreaStart::fe_relative, 5.0);
  EXPECT_NEAR(all.after_year_13[1], 1.0, 1e-12);
}

}  // namespace
}  // namespace sendtwin::model
