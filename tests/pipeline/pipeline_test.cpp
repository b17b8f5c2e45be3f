// Promises of the one run (src/pipeline/pipeline.h): a plan is checked before any work; run()
// applies the scenario's levers to the model and to the money it builds the ledgers with; the
// result is the same for any thread count; a pupils-only plan builds no ledgers.
#include "pipeline/pipeline.h"

#include <gtest/gtest.h>

#include <string>

#include "../support/input_error.h"
#include "data/embedded.h"
#include "data/la_register.h"
#include "data/la_start.h"
#include "data/send_params.h"

namespace sendtwin::pipeline {
namespace {

using test_support::error_of;

const data::LaRegister& reg() {
  static const auto r = data::LaRegister::parse(data::embedded_la_register(), data::kEmbeddedRegisterName);
  return r;
}

// Three small LAs to 2021, so that the ledgers (published from 2019-20) have years.
RunPlan small_plan() {
  RunPlan p;
  p.start_year = 2015;
  p.send = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  p.money = data::parse_finance_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  for (const auto& a : data::starts_in(data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName), 2015))
    if (a.code == "202" || a.code == "886" || a.code == "330") p.areas.push_back(a);
  p.funding = data::parse_la_funding(data::embedded_la_funding(), data::kEmbeddedFundingName);
  p.la_register = &reg();
  p.scale = 0.05;
  p.threads = 1;
  p.last_year = 2021;
  return p;
}

TEST(RunPlan, SettingsOutOfRange_AreRefusedNamingTheFlag) {
  RunPlan p = small_plan();
  p.first_year = 2014;
  EXPECT_NE(error_of([&] { p.check(); }).find("--from"), std::string::npos);
  p = small_plan();
  p.first_year = 2020;
  p.last_year = 2019;
  EXPECT_NE(error_of([&] { run(p); }).find("--to: 2019 is before --from 2020"), std::string::npos);
  p = small_plan();
  p.scale = 0;
  EXPECT_NE(error_of([&] { run(p); }).find("--scale"), std::string::npos);
  p = small_plan();
  p.replicates = 0;
  EXPECT_NE(error_of([&] { run(p); }).find("--replicates"), std::string::npos);
  EXPECT_EQ(error_of([&] { small_plan().check(); }), "no error");
}

TEST(Run, BuildsEveryReplicatesLedgers_AndTheSameForAnyThreadCount) {
  RunPlan p = small_plan();
  p.replicates = 2;
  const RunResult one = run(p);
  ASSERT_EQ(one.ledgers.size(), 2u);
  ASSERT_EQ(one.ledgers[0].size(), 3u);  // Camden, Kent, Birmingham: a ledger each
  EXPECT_EQ(one.ledgers[0][0].years.front().fy, 2019);
  p.threads = 3;
  const RunResult three = run(p);
  const auto a = one.england_money(), b = three.england_money();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].spend, b[k].spend);
    EXPECT_EQ(a[k].cumulative, b[k].cumulative);
  }
}

TEST(Run, PupilsOnlyPlan_BuildsNoLedgers) {
  RunPlan p = small_plan();
  p.with_ledgers = false;
  const RunResult r = run(p);
  EXPECT_TRUE(r.ledgers.empty());
  EXPECT_EQ(r.run.replicates.size(), 1u);
}

// A money lever reaches the ledgers: the run's money carries it, and the spend moves.
TEST(Run, ScenarioLevers_ReachTheModelAndTheMoney) {
  RunPlan p = small_plan();
  p.last_year = 2028;
  const RunResult base = run(p);
  scenario::Scenario s;
  s.name = "fees";
  s.levers.push_back({"independent_fee", 2.0, 2026, 1, 0});
  p.scenario = &s;
  const RunResult fees = run(p);
  const auto b = base.england_money(), f = fees.england_money();
  ASSERT_EQ(b.size(), f.size());
  int raised = 0;
  for (std::size_t k = 0; k < b.size(); ++k) {
    if (b[k].fy < 2026) {
      EXPECT_EQ(f[k].spend, b[k].spend) << b[k].fy;
    } else if (b[k].independent_spend > 0) {
      EXPECT_GT(f[k].spend, b[k].spend) << b[k].fy;
      ++raised;
    }
  }
  EXPECT_GE(raised, 2);  // 2026-27 and 2027-28
  // The pupils are the same run: the lever is money only.
  const auto& bt = base.run.replicates.at(0);
  const auto& ft = fees.run.replicates.at(0);
  ASSERT_EQ(bt.size(), ft.size());
  for (std::size_t y = 0; y < bt.size(); ++y) EXPECT_EQ(bt[y].census.plans_by_setting, ft[y].census.plans_by_setting) << y;
}

}  // namespace
}  // namespace sendtwin::pipeline
