// The 2026 White Paper's mechanisms (issue 19; params.h ReformParams, the levers in
// scenario.cpp): each moves what the rules say it moves, from its year and not before; the
// scenario's result does not depend on the thread count; and scenarios/white-paper-2026*.toml are
// the main file and its variants, apart only where each variant says.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "data/embedded.h"
#include "data/la_register.h"
#include "data/la_start.h"
#include "data/send_params.h"
#include "finance/finance.h"
#include "pipeline/scenarios.h"
#include "report/scenario_report.h"
#include "scenario/scenario.h"
#include "core/error.h"
#include "../support/input_error.h"

namespace sendtwin::scenario {
namespace {

pipeline::RunPlan spec(double scale, int threads) {
  static const auto areas = data::starts_in(data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName), 2015);
  static const auto funding = data::parse_la_funding(data::embedded_la_funding(), data::kEmbeddedFundingName);
  static const auto reg = data::LaRegister::parse(data::embedded_la_register(), data::kEmbeddedRegisterName);
  pipeline::RunPlan p;
  p.start_year = 2015;
  p.send = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  p.money = data::parse_finance_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  p.areas = areas;
  p.funding = funding;
  p.la_register = &reg;
  p.scale = scale;
  p.threads = threads;
  p.first_year = 2015;
  p.last_year = 2031;
  return p;
}

Scenario levers(const std::string& name, const std::vector<std::pair<std::string, double>>& settings, int from = 2026) {
  Scenario s;
  s.name = name;
  for (const auto& [lever, value] : settings) s.levers.push_back({lever, value, from, 1, 0});
  return s;
}

// scenario -> measure -> period -> England's difference.
using Table = std::map<std::string, std::map<std::string, std::map<std::string, report::Difference>>>;
Table england(const std::vector<report::Difference>& diffs) {
  Table t;
  for (const auto& d : diffs)
    if (d.code == "E92000001") t[d.scenario][d.measure][d.period] = d;
  return t;
}

double sum(const Table& t, const std::string& s, const std::string& measure, const std::vector<std::string>& periods,
           double report::Difference::*field = &report::Difference::mean) {
  double out = 0;
  for (const auto& p : periods) out += t.at(s).at(measure).at(p).*field;
  return out;
}

const std::vector<std::string> kBefore = {"2020", "2024", "2025"}, kFlows = {"2026", "2027", "2028", "2029", "2030"},
                               kStocks = {"2027-01", "2028-01", "2029-01", "2030-01", "2031-01"};

TEST(WhitePaperRun, EachMechanism_MovesItsTargetFromItsYear) {
  const std::vector<Scenario> scenarios = {
      levers("eligibility", {{"specialist_eligibility", 0.3}, {"specialist_eligibility_other", 0.1}}),
      levers("reassessment", {{"phase_transfer_reassessment", 0.5}}),
      levers("isp", {{"individual_support_plans", 1}}),
      levers("half_isp", {{"individual_support_plans", 0.5}}),
      levers("reviews", {{"annual_reviews_school_age", 0}}),
      levers("tribunal", {{"tribunal_names_school", 0}}),
  };
  const Table t = england(report::differences(pipeline::run_scenarios(scenarios, 1, spec(0.02, 2))));
  for (const auto& s : scenarios)
    for (const auto& m : {"ehc_plans", "new_plans", "plans_ceased", "tribunal_appeals", "plans_reassessed", "not_eligible", "isps"})
      for (const auto& p : {"2020", "2025", "2025-01"})
        if (t.at(s.name).count(m) && t.at(s.name).at(m).count(p)) {
          EXPECT_EQ(t.at(s.name).at(m).at(p).mean, 0.0) << s.name << " " << m << " " << p;
        }

  // Eligibility: about seven in ten would-be plans meet no package (the packaged needs are most of
  // them); they are counted, and new plans fall by nearly as many (a few are ordered on appeal).
  const double refused = sum(t, "eligibility", "not_eligible", kFlows, &report::Difference::value);
  const double fewer = -sum(t, "eligibility", "new_plans", kFlows);
  const double would_be = sum(t, "eligibility", "new_plans", kFlows, &report::Difference::baseline);
  EXPECT_GT(refused, 0.6 * would_be);
  EXPECT_LT(refused, 0.85 * would_be);
  EXPECT_GT(fewer, 0.8 * refused);
  EXPECT_LE(fewer, refused * 1.05);
  EXPECT_EQ(sum(t, "eligibility", "not_eligible", kFlows, &report::Difference::baseline), 0.0);

  // Reassessment: plans end at the phase transfers of September from 2026, none before; pupils
  // with a plan fall, special school plans are left to their phase.
  EXPECT_GT(sum(t, "reassessment", "plans_reassessed", kFlows, &report::Difference::value), 0);
  EXPECT_EQ(sum(t, "reassessment", "plans_reassessed", kBefore, &report::Difference::value), 0);
  EXPECT_LT(sum(t, "reassessment", "pupils_with_plan", kStocks), 0);
  const double special = sum(t, "reassessment", "plans_state_special", {"2027-01"});
  const double special_base = sum(t, "reassessment", "plans_state_special", {"2027-01"}, &report::Difference::baseline);
  EXPECT_LT(std::abs(special), 0.02 * special_base);

  // ISPs: every pupil on SEN Support holds one, or half of them (by id), from January 2026.
  for (const auto& p : kStocks) {
    const double support = t.at("isp").at("sen_support").at(p).value;
    EXPECT_EQ(t.at("isp").at("isps").at(p).value, support) << p;
    EXPECT_NEAR(t.at("half_isp").at("isps").at(p).value, 0.5 * support, 0.03 * support) << p;
  }
  EXPECT_EQ(t.at("isp").at("isps").at("2025-01").value, 0.0);

  // No school-age annual reviews: fewer plans end at review and fewer decisions are appealed.
  EXPECT_LT(sum(t, "reviews", "plans_ceased", kFlows), 0);
  EXPECT_LT(sum(t, "reviews", "tribunal_appeals", kFlows), 0);

  // A Tribunal that cannot name a school: fewer moves to special schools.
  EXPECT_LT(sum(t, "tribunal", "mainstream_to_special", kFlows), 0);
}

// The reform's result is byte for byte the same on one thread and on two, LA figures included.
TEST(WhitePaperRun, TheResult_DoesNotDependOnTheThreadCount) {
  const auto s = levers("reform", {{"specialist_eligibility", 0.4},
                                   {"phase_transfer_reassessment", 0.3},
                                   {"individual_support_plans", 1},
                                   {"annual_reviews_school_age", 0},
                                   {"tribunal_names_school", 0.5}});
  auto one = spec(0.01, 1), two = spec(0.01, 2);
  one.area_figures = two.area_figures = true;
  const auto a = pipeline::run_scenarios({s}, 1, one), b = pipeline::run_scenarios({s}, 1, two);
  ASSERT_EQ(a.figures.size(), b.figures.size());
  for (std::size_t k = 0; k < a.figures.size(); ++k) {
    ASSERT_EQ(a.figures[k][0].size(), b.figures[k][0].size());
    for (std::size_t f = 0; f < a.figures[k][0].size(); ++f) {
      const auto &x = a.figures[k][0][f], &y = b.figures[k][0][f];
      ASSERT_EQ(x.code + x.measure + x.period, y.code + y.measure + y.period);
      EXPECT_EQ(x.value, y.value) << x.code << " " << x.measure << " " << x.period;
    }
  }
  // And the LAs' figures add up to England's.
  std::map<std::string, double> las;
  for (const auto& f : a.figures[1][0])
    if (!f.england() && f.measure == "ehc_plans") las[f.period] += f.value;
  for (const auto& f : a.figures[1][0])
    if (f.england() && f.measure == "ehc_plans") {
      EXPECT_NEAR(las[f.period], f.value, 1e-6 * f.value) << f.period;
    }
}

std::string file(const std::string& name) { return std::string(SENDTWIN_SOURCE_DIR) + "/scenarios/" + name; }

std::map<std::string, LeverSetting> by_name(const Scenario& s) {
  std::map<std::string, LeverSetting> out;
  for (const auto& l : s.levers) out[l.name] = l;
  return out;
}

// Each variant is the main file but where it says it differs, so the fitted values cannot drift
// apart (scenarios/fit-white-paper-2026.py --write rewrites them all).
TEST(WhitePaperFiles, TheVariants_AreTheMainFileButWhereEachSaysItDiffers) {
  const auto main = by_name(read_scenario(file("white-paper-2026.toml")));
  ASSERT_EQ(main.size(), 10u);
  for (const char* fitted : {"sen_support_quality", "specialist_eligibility", "phase_transfer_reassessment"}) {
    ASSERT_TRUE(main.count(fitted)) << fitted;
    EXPECT_GT(main.at(fitted).value, 0.0);
    EXPECT_LT(main.at(fitted).value, 1.0);
  }
  const auto funding = by_name(read_scenario(file("white-paper-2026-funding-only.toml")));
  EXPECT_EQ(funding.size(), 3u);
  for (const auto& [name, l] : funding) {
    EXPECT_EQ(l.value, main.at(name).value) << name;
    EXPECT_EQ(l.from, main.at(name).from) << name;
  }
  const auto delayed = by_name(read_scenario(file("white-paper-2026-delayed.toml")));
  EXPECT_EQ(delayed.size(), main.size());
  for (const auto& [name, l] : delayed) {
    EXPECT_EQ(l.value, main.at(name).value) << name;
    // The statutory changes a year later; the money and the slowing before them as they are.
    EXPECT_EQ(l.from, main.at(name).from + (main.at(name).from == 2030 ? 1 : 0)) << name;
  }
  const auto half = by_name(read_scenario(file("white-paper-2026-half-strict.toml")));
  EXPECT_EQ(half.size(), main.size());
  for (const auto& [name, l] : half) {
    const double v = main.at(name).value;
    if (name == "specialist_eligibility" || name == "specialist_eligibility_other") {
      EXPECT_NEAR(1 - l.value, (1 - v) / 2, 1e-4) << name;
    } else if (name == "phase_transfer_reassessment") {
      EXPECT_NEAR(l.value, v / 2, 1e-4) << name;
    } else {
      EXPECT_EQ(l.value, v) << name;
    }
  }
  const auto appeals = by_name(read_scenario(file("white-paper-2026-appeals.toml")));
  EXPECT_EQ(appeals.size(), main.size() - 2);
  EXPECT_FALSE(appeals.count("tribunal_names_school"));
  EXPECT_FALSE(appeals.count("annual_reviews_school_age"));
  for (const auto& [name, l] : appeals) EXPECT_EQ(l.value, main.at(name).value) << name;
}

}  // namespace
}  // namespace sendtwin::scenario

namespace sendtwin::scenario {
namespace {

// Issue 20: levers for one LA ([la."886".levers]) act on that LA alone.
TEST(LocalLevers, AreReadAtTheirLines_AndMoneyLeversAreRefused) {
  const std::string head = "[scenario]\nname = \"t\"\ndescription = \"a test\"\nsource = \"tests\"\n";
  const auto s = parse_scenario(head + "[la.\"886\".levers]\ninclusion_incentive = { value = 0.6, from = 2027 }\n", "s.toml");
  ASSERT_EQ(s.local.size(), 1u);
  EXPECT_EQ(s.local[0].code, "886");
  ASSERT_EQ(s.local[0].levers.size(), 1u);
  EXPECT_EQ(s.local[0].levers[0].name, "inclusion_incentive");
  EXPECT_EQ(s.local[0].levers[0].value, 0.6);
  EXPECT_EQ(s.local[0].levers[0].from, 2027);
  EXPECT_EQ(s.local[0].levers[0].line, 6);
  const auto error = [&](const std::string& rest) {
    return test_support::error_of([&] { parse_scenario(head + rest, "s.toml"); });
  };
  EXPECT_EQ(error("[la.\"886\".levers]\nindependent_fee = { value = 0.9 }\n"),
            "s.toml:6: la.886.levers.independent_fee: acts on England's money or places, not one LA's (for an LA's own "
            "places, [special_places_by_la])");
  EXPECT_EQ(error("[la.\"886\".levers]\nspecial_places_per_year = { value = 10 }\n").substr(0, 51),
            "s.toml:6: la.886.levers.special_places_per_year: ac");
  EXPECT_EQ(error("[la.\"886\".levers]\ninclusion_incentive = { value = 2 }\n"),
            "s.toml:6: la.886.levers.inclusion_incentive.value: 2 is outside the lever's range [0, 0.9]: share, 0-0.9");
  EXPECT_EQ(error("[la.\"886\".levers]\nno_such = { value = 2 }\n").substr(0, 44), "s.toml:6: la.886.levers.no_such: not a known");
  EXPECT_EQ(error("[la.\"88\".levers]\ninclusion_incentive = { value = 0.2 }\n"), "s.toml:5: la.88: is not a DfE 3-digit LA code");
  EXPECT_EQ(error("[la.\"886\"]\nplaces = 3\n"), "s.toml:6: la.886.places: not a known key (known: levers)");
  // Every lever is either one an LA can set alone or one it cannot; the money's are not.
  EXPECT_TRUE(acts_on_one_la(*find_lever("inclusion_incentive")));
  EXPECT_TRUE(acts_on_one_la(*find_lever("specialist_eligibility")));
  EXPECT_FALSE(acts_on_one_la(*find_lever("high_needs_funding_growth")));
  EXPECT_FALSE(acts_on_one_la(*find_lever("inclusion_funds")));
}

TEST(LocalLevers, MoveTheirLaAndNoOther) {
  Scenario s;
  s.name = "kent";
  s.local.push_back({"886", {{"inclusion_incentive", 0.6, 2026, 1, 0}}, 0});
  auto plan = spec(0.02, 2);
  plan.area_figures = true;
  const auto diffs = report::differences(pipeline::run_scenarios({s}, 1, plan));
  int others = 0;
  double kent_independent = 0;
  for (const auto& d : diffs) {
    if (d.code == "886" && d.measure == "plans_independent_special" && d.period == "2031-01") kent_independent = d.mean;
    // Every other LA and ledger, money included, is its baseline exactly.
    if (d.code.find("886") != std::string::npos || d.code == "E92000001") continue;
    ++others;
    EXPECT_EQ(d.mean, 0.0) << d.code << " " << d.measure << " " << d.period;
  }
  EXPECT_GT(others, 1000);
  EXPECT_LT(kent_independent, 0);
}

}  // namespace
}  // namespace sendtwin::scenario
