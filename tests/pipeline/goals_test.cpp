// Promises of an LA's goals (src/pipeline/goals.h): a goals file is read into targets by period, and
// every fault is refused as `file:line: field: ...` before any run; a goal's probability is the
// share of replicates meeting it, its status green/amber/red at the declared thresholds.
#include "pipeline/goals.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "../support/input_error.h"

namespace sendtwin::pipeline {
namespace {

using test_support::error_of;

GoalRun run_2025_2035() {
  GoalRun r;
  r.first_year = 2025;
  r.last_year = 2035;
  r.la = "Kent";
  return r;
}

std::string error_for(const std::string& text, GoalRun run = run_2025_2035()) {
  return error_of([&] { parse_goals(text, "g.toml", run); });
}

TEST(Goals, ReadsEachGoalWithItsPeriodInItsMeasuresForm) {
  const auto goals = parse_goals(
      "[[goal]]\nmeasure = \"high_needs_in_year_balance\"\nyear = \"2028-29\"\nat_least = 0\nname = \"Balance\"\n\n"
      "[[goal]]\nmeasure = \"pct_within_20_weeks\"\nyear = 2027\nat_least = 60\n\n"
      "[[goal]]\nmeasure = \"plans_independent_special\"\nyear = 2030\nat_most = 1500\n",
      "g.toml", run_2025_2035());
  ASSERT_EQ(goals.size(), 3u);
  EXPECT_EQ(goals[0].name, "Balance");
  EXPECT_EQ(goals[0].period, "2028-29");
  EXPECT_EQ(goals[0].year, 2028);
  EXPECT_EQ(goals[0].unit, "GBP");
  EXPECT_TRUE(goals[0].at_least);
  EXPECT_EQ(goals[0].line, 1);
  EXPECT_EQ(goals[1].period, "2027");
  EXPECT_EQ(goals[1].unit, "percent");
  EXPECT_EQ(goals[1].line, 7);
  EXPECT_EQ(goals[2].period, "2030-01");
  EXPECT_FALSE(goals[2].at_least);
  EXPECT_DOUBLE_EQ(goals[2].target, 1500);
  EXPECT_NE(goals[2].name.find("at most 1500 in 2030-01"), std::string::npos) << goals[2].name;
  EXPECT_TRUE(goals[2].met(1500));
  EXPECT_FALSE(goals[2].met(1501));
  EXPECT_TRUE(goals[0].met(0));
  EXPECT_FALSE(goals[0].met(-1));
  // A January's period may also be given as its label.
  EXPECT_EQ(parse_goals("[[goal]]\nmeasure = \"ehc_plans\"\nyear = \"2031-01\"\nat_most = 9\n", "g.toml", run_2025_2035())[0].year, 2031);
}

TEST(Goals, RefusesAnUnknownMeasureWithTheNearest) {
  const std::string e = error_for("[[goal]]\nmeasure = \"pct_within_20_week\"\nyear = 2027\nat_least = 60\n");
  EXPECT_NE(e.find("g.toml:2: goal.measure: \"pct_within_20_week\" is not a measure; did you mean pct_within_20_weeks?"),
            std::string::npos) << e;
}

TEST(Goals, RefusesAMeasureNotComputedForEachLa) {
  const std::string e = error_for("[[goal]]\nmeasure = \"las_overspending\"\nyear = \"2028-29\"\nat_most = 3\n");
  EXPECT_NE(e.find("g.toml:2: goal.measure: las_overspending is not computed for each LA"), std::string::npos) << e;
  EXPECT_NE(e.find("high_needs_in_year_balance"), std::string::npos) << e;
}

TEST(Goals, RefusesMoneyOfALedgerTheLaShares) {
  GoalRun shared = run_2025_2035();
  shared.own_ledger = false;
  const std::string e = error_for("[[goal]]\nmeasure = \"high_needs_spend\"\nyear = \"2028-29\"\nat_most = 3\n", shared);
  EXPECT_NE(e.find("g.toml:2: goal.measure: Kent shares its DSG ledger"), std::string::npos) << e;
  // Its pupils' measures are its own.
  EXPECT_EQ(error_for("[[goal]]\nmeasure = \"ehc_plans\"\nyear = 2030\nat_most = 3\n", shared), "no error");
}

TEST(Goals, RefusesAPeriodNotInItsMeasuresForm) {
  EXPECT_NE(error_for("[[goal]]\nmeasure = \"high_needs_in_year_balance\"\nyear = 2028\nat_least = 0\n")
                .find("g.toml:3: goal.year: high_needs_in_year_balance is a financial year's figure: give year = \"2028-29\""),
            std::string::npos);
  EXPECT_NE(error_for("[[goal]]\nmeasure = \"high_needs_in_year_balance\"\nyear = \"2028-30\"\nat_least = 0\n").find("g.toml:3: goal.year"),
            std::string::npos);
  EXPECT_NE(error_for("[[goal]]\nmeasure = \"new_plans\"\nyear = \"2027-28\"\nat_least = 0\n")
                .find("g.toml:3: goal.year: new_plans is a calendar year's figure"),
            std::string::npos);
  EXPECT_NE(error_for("[[goal]]\nmeasure = \"ehc_plans\"\nyear = \"2030-02\"\nat_least = 0\n")
                .find("g.toml:3: goal.year: ehc_plans is a January census figure"),
            std::string::npos);
  EXPECT_NE(error_for("[[goal]]\nmeasure = \"ehc_plans\"\nat_least = 0\n").find("g.toml:1: goal.year: missing"), std::string::npos);
}

TEST(Goals, RefusesAPeriodOutsideTheRun) {
  const std::string late = error_for("[[goal]]\nmeasure = \"ehc_plans\"\nyear = 2036\nat_least = 0\n");
  EXPECT_NE(late.find("g.toml:3: goal.year: 2036-01 is after the run ends (--to 2035"), std::string::npos) << late;
  // The run's last financial year is the one before --to: its money needs the January after it.
  const std::string fy = error_for("[[goal]]\nmeasure = \"cumulative_dsg_balance\"\nyear = \"2035-36\"\nat_least = 0\n");
  EXPECT_NE(fy.find("last financial year is 2034-35): give --to 2036"), std::string::npos) << fy;
  EXPECT_EQ(error_for("[[goal]]\nmeasure = \"cumulative_dsg_balance\"\nyear = \"2034-35\"\nat_least = 0\n"), "no error");
  const std::string early = error_for("[[goal]]\nmeasure = \"new_plans\"\nyear = 2024\nat_least = 0\n");
  EXPECT_NE(early.find("g.toml:3: goal.year: 2024 is before the run reports (from 2025)"), std::string::npos) << early;
}

TEST(Goals, NeedsExactlyOneTarget) {
  EXPECT_NE(error_for("[[goal]]\nmeasure = \"ehc_plans\"\nyear = 2030\n").find("g.toml:1: goal: give at_least = N or at_most = N"),
            std::string::npos);
  EXPECT_NE(error_for("[[goal]]\nmeasure = \"ehc_plans\"\nyear = 2030\nat_least = 1\nat_most = 2\n")
                .find("g.toml:5: goal.at_most: give at_least or at_most, not both"),
            std::string::npos);
  EXPECT_NE(error_for("[[goal]]\nmeasure = \"ehc_plans\"\nyear = 2030\nat_least = \"many\"\n").find("g.toml:4: goal.at_least: must be a number"),
            std::string::npos);
  EXPECT_NE(error_for("[[goal]]\nmeasure = \"ehc_plans\"\nyear = 2030\nat_most = -5\n").find("is negative"), std::string::npos);
}

TEST(Goals, RefusesAPercentageGivenAsAShareOrBeyond100) {
  const std::string share = error_for("[[goal]]\nmeasure = \"pct_within_20_weeks\"\nyear = 2027\nat_least = 0.6\n");
  EXPECT_NE(share.find("g.toml:4: goal.at_least: 0.6 reads as a share: pct_within_20_weeks is a percentage from 0 to 100; give 60"),
            std::string::npos) << share;
  EXPECT_NE(error_for("[[goal]]\nmeasure = \"pct_within_20_weeks\"\nyear = 2027\nat_least = 160\n").find("is outside 0-100"),
            std::string::npos);
  // A count or money target below 1 is no share.
  EXPECT_EQ(error_for("[[goal]]\nmeasure = \"ehc_plans\"\nyear = 2030\nat_most = 0.5\n"), "no error");
}

TEST(Goals, RefusesUnknownKeysAndAnEmptyFile) {
  EXPECT_NE(error_for("[[goal]]\nmeasure = \"ehc_plans\"\nyear = 2030\nat_leats = 1\n").find("g.toml:4: goal.at_leats: not a known key (did you mean at_least?)"),
            std::string::npos);
  EXPECT_NE(error_for("goals = 1\n").find("g.toml:1: goals: not a known key"), std::string::npos);
  EXPECT_NE(error_for("# nothing\n").find("g.toml:1: goal: no goals"), std::string::npos);
  EXPECT_NE(error_for("[[goal]]\nmeasure = \"ehc_plans\"\nyear = \n").find("g.toml:3"), std::string::npos);
}

TEST(Goals, StatusAtTheThresholds) {
  EXPECT_EQ(rag_of(kGreenFrom), Rag::Green);
  EXPECT_EQ(rag_of(std::nextafter(kGreenFrom, 0.0)), Rag::Amber);
  EXPECT_EQ(rag_of(kAmberFrom), Rag::Amber);
  EXPECT_EQ(rag_of(std::nextafter(kAmberFrom, 0.0)), Rag::Red);
  EXPECT_EQ(rag_of(0), Rag::Red);
  EXPECT_EQ(rag_of(std::nan("")), Rag::None);
  EXPECT_EQ(to_string(Rag::Amber), "amber");
}

TEST(Goals, ProbabilityIsTheShareOfReplicatesMeetingTheGoal) {
  Goal g;
  g.measure = "ehc_plans";
  g.period = "2030-01";
  g.at_least = false;
  g.target = 100;
  ScenarioResults results;
  results.names = {"baseline", "fewer"};
  auto fig = [](double v, const std::string& code) {
    Figure f;
    f.measure = "ehc_plans";
    f.period = "2030-01";
    f.value = v;
    f.code = code;
    return f;
  };
  // The baseline: 90, 110, 120, 130 for LA 886 (1 of 4 at most 100); another LA's and another
  // period's figures are not the goal's.
  results.figures.resize(2);
  for (const double v : {90.0, 110.0, 120.0, 130.0}) results.figures[0].push_back({fig(0, "887"), fig(v, "886")});
  results.figures[0][0].push_back(fig(0, "886"));  // a second figure of the run: the first counts
  for (const double v : {80.0, 90.0, 100.0, 130.0}) results.figures[1].push_back({fig(v, "886")});
  const auto f = forecast(g, results, "886");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].scenario, "baseline");
  EXPECT_EQ(f[0].replicates, 4);
  EXPECT_EQ(f[0].met, 1);
  EXPECT_DOUBLE_EQ(f[0].probability, 0.25);
  EXPECT_EQ(f[0].rag, Rag::Red);
  EXPECT_DOUBLE_EQ(f[0].mean, 112.5);
  EXPECT_DOUBLE_EQ(f[0].low, 90 + 0.15 * 20);    // type 7: h = 3 x 0.05
  EXPECT_DOUBLE_EQ(f[0].high, 120 + 0.85 * 10);  // h = 3 x 0.95
  EXPECT_EQ(f[1].met, 3);
  EXPECT_EQ(f[1].rag, Rag::Amber);
  // An LA no run has: no figure, no status.
  const auto none = forecast(g, results, "999");
  EXPECT_EQ(none[0].replicates, 0);
  EXPECT_TRUE(std::isnan(none[0].probability));
  EXPECT_EQ(none[0].rag, Rag::None);
}

}  // namespace
}  // namespace sendtwin::pipeline
