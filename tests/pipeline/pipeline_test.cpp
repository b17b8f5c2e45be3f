// Promises of the one run (src/pipeline/pipeline.h): a plan is checked before any work; run()
// applies the scenario's levers to the model and to the money it builds the ledgers with; the
// result is the same for any thread count; a pupils-only plan builds no ledgers; a run of some LAs
// gives each of them what the run of every LA gives it.
#include "pipeline/pipeline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "../support/input_error.h"
#include "data/embedded.h"
#include "data/la_register.h"
#include "data/la_start.h"
#include "data/send_params.h"
#include "scenario/scenario.h"

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

// `la`'s own run: replicate r on parameter draw r, as the scenario drivers' baseline replicate r,
// whichever threads run it.
TEST(Run, DrawPerReplicate_GivesReplicateRItsOwnDraw) {
  RunPlan p = small_plan();
  p.replicates = 3;
  p.threads = 2;
  p.draw_per_replicate = true;
  const RunResult drawn = run(p);
  ASSERT_EQ(drawn.run.replicates.size(), 3u);
  ASSERT_EQ(drawn.ledgers.size(), 3u);
  RunPlan one = small_plan();
  one.first_replicate = 2;
  one.parameter_draw = 2;
  const RunResult third = run(one);
  for (std::size_t a = 0; a < p.areas.size(); ++a) {
    const auto &x = drawn.run.areas[a].replicates[2], &y = third.run.areas[a].replicates[0];
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t k = 0; k < x.size(); ++k) EXPECT_EQ(x[k].census.plans_by_setting, y[k].census.plans_by_setting) << a << " " << k;
  }
  EXPECT_EQ(drawn.ledgers[2][1].years.back().closing, third.ledgers[0][1].years.back().closing);
  // Another draw moves the figures (the parameters drawn are not the same).
  EXPECT_NE(drawn.run.replicates[2].back().census.plans_by_setting, drawn.run.replicates[1].back().census.plans_by_setting);
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

// Every LA of January 2025, with the Januaries before it as history, as `sendtwin la` plans them
// (England's parameters from every LA of the start).
RunPlan every_la_2025() {
  RunPlan p = small_plan();
  const auto all = data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName);
  p.start_year = 2025;
  p.areas = data::starts_in(all, 2025);
  std::copy_if(all.begin(), all.end(), std::back_inserter(p.history), [](const model::AreaStart& a) { return a.year < 2025; });
  p.send = model::england_at_start(p.send, p.areas);
  p.last_year = 2027;
  p.scale = 0.02;
  p.replicates = 2;
  return p;
}

const model::AreaResult& area_in(const RunResult& r, const std::string& code) {
  for (const auto& a : r.run.areas)
    if (a.code == code) return a;
  throw std::logic_error("no area " + code);
}

// The ledger that holds `code` in replicate `rep`.
const finance::Ledger& ledger_in(const RunResult& r, std::size_t rep, const std::string& code) {
  for (const auto& l : r.ledgers.at(rep))
    if (std::count(l.model_codes.begin(), l.model_codes.end(), code)) return l;
  throw std::logic_error("no ledger of " + code);
}

// Every figure of one year of a ledger that a run computes (the White Paper's inclusion funds aside:
// none in the baseline).
void expect_same_year(const finance::LedgerYear& a, const finance::LedgerYear& b) {
  EXPECT_EQ(a.fy, b.fy);
  EXPECT_EQ(a.plans, b.plans) << a.fy;
  EXPECT_EQ(a.spend, b.spend) << a.fy;
  EXPECT_EQ(a.independent_spend, b.independent_spend) << a.fy;
  EXPECT_EQ(a.spend_by_setting, b.spend_by_setting) << a.fy;
  EXPECT_EQ(a.sen_support, b.sen_support) << a.fy;
  EXPECT_EQ(a.allocation, b.allocation) << a.fy;
  EXPECT_EQ(a.total_dsg, b.total_dsg) << a.fy;
  EXPECT_EQ(a.transfer, b.transfer) << a.fy;
  EXPECT_EQ(a.interest, b.interest) << a.fy;
  EXPECT_EQ(a.opening, b.opening) << a.fy;
  EXPECT_EQ(a.closing, b.closing) << a.fy;
  EXPECT_EQ(a.published_closing, b.published_closing) << a.fy;
  EXPECT_EQ(a.write_off, b.write_off) << a.fy;
  EXPECT_EQ(a.central, b.central) << a.fy;
  EXPECT_EQ(a.white_paper_grants, b.white_paper_grants) << a.fy;
}

// Nothing couples LAs in a run: each draws from its own random streams (its code addresses them),
// and England's parameters are those of every LA whichever run. So a run of BCP -- whose ledger
// Dorset shares, both successors of the Dorset of 2015-2019 -- and of Camden, on more threads,
// gives them the tallies and ledgers the run of every LA gives them, to the last bit.
TEST(OnlyLas, EachLasTalliesAndLedger_AreThoseOfTheRunOfEveryLa) {
  RunPlan every = every_la_2025();
  const RunPlan some = only_las(every, {"839", "202"});
  std::vector<std::string> kept;
  for (const auto& a : some.areas) kept.push_back(a.code);
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(kept, (std::vector<std::string>{"202", "838", "839"}));  // BCP's ledger brings Dorset
  RunPlan some_threaded = some;
  some_threaded.threads = 2;
  const RunResult all = run(every), cut = run(some_threaded);
  for (const std::string code : {"202", "838", "839"}) {
    const auto &a = area_in(all, code), &b = area_in(cut, code);
    ASSERT_EQ(a.replicates.size(), 2u);
    ASSERT_EQ(b.replicates.size(), 2u);
    for (std::size_t r = 0; r < 2; ++r) {
      ASSERT_EQ(a.replicates[r].size(), b.replicates[r].size());
      for (std::size_t y = 0; y < a.replicates[r].size(); ++y) {
        EXPECT_EQ(a.replicates[r][y].census.plans_by_setting, b.replicates[r][y].census.plans_by_setting) << code << " " << y;
        EXPECT_EQ(a.replicates[r][y].census.sen_support, b.replicates[r][y].census.sen_support) << code << " " << y;
        EXPECT_EQ(a.replicates[r][y].flows.plans_issued, b.replicates[r][y].flows.plans_issued) << code << " " << y;
        EXPECT_EQ(a.replicates[r][y].flows.requests, b.replicates[r][y].flows.requests) << code << " " << y;
        EXPECT_EQ(a.replicates[r][y].flows.plans_ceased, b.replicates[r][y].flows.plans_ceased) << code << " " << y;
      }
    }
  }
  ASSERT_EQ(cut.ledgers.at(0).size(), 2u);  // Camden's, and the one Dorset and BCP share
  for (std::size_t r = 0; r < 2; ++r)
    for (const std::string code : {"202", "839"}) {
      const auto &a = ledger_in(all, r, code), &b = ledger_in(cut, r, code);
      EXPECT_EQ(a.name, b.name);
      EXPECT_EQ(a.model_codes, b.model_codes);
      EXPECT_EQ(a.funding_codes, b.funding_codes);
      EXPECT_EQ(a.threshold_year, b.threshold_year);
      ASSERT_EQ(a.years.size(), b.years.size());
      ASSERT_FALSE(a.years.empty());
      for (std::size_t y = 0; y < a.years.size(); ++y) expect_same_year(a.years[y], b.years[y]);
    }
}

// The White Paper's inclusion funds go to every LA by its plans: a run of some LAs shares them as
// if those LAs held their share of England's plans at the start, near what the run of every LA
// gives (finance alone would give them all of England's funds).
TEST(OnlyLas, TheInclusionFunds_AreTheLasShareOfEnglands) {
  RunPlan every = every_la_2025();
  every.replicates = 1;
  scenario::Scenario s;
  s.name = "funds";
  s.levers.push_back({"inclusion_funds", 1e9, 2026, 1, 0});
  every.scenario = &s;
  const RunResult all = run(every), cut = run(only_las(every, {"202", "886"}));
  for (const std::string code : {"202", "886"}) {
    const auto &a = ledger_in(all, 0, code), &b = ledger_in(cut, 0, code);
    ASSERT_EQ(a.years.size(), b.years.size());
    int funded = 0;
    for (std::size_t y = 0; y < a.years.size(); ++y) {
      EXPECT_EQ(a.years[y].closing, b.years[y].closing) << code << " " << a.years[y].fy;  // outside the DSG
      if (a.years[y].white_paper_grants == 0) continue;
      ++funded;
      // Within 8%: the LAs' share of England's plans moves (Camden and Kent: 4% in 2026-27).
      EXPECT_NEAR(b.years[y].white_paper_grants / a.years[y].white_paper_grants, 1.0, 0.08) << code << " " << a.years[y].fy;
      EXPECT_LT(b.years[y].white_paper_grants, 0.05e9) << code;  // a share, not England's 1bn
    }
    EXPECT_GE(funded, 1) << code;
  }
}

TEST(OnlyLas, ACodeNotOfTheRun_IsRefusedNamingTheFlag) {
  const std::string e = error_of([] { only_las(every_la_2025(), {"835"}, "--la"); });
  EXPECT_NE(e.find("--la"), std::string::npos) << e;
  EXPECT_NE(e.find("835"), std::string::npos) << e;
}

}  // namespace
}  // namespace sendtwin::pipeline
