// Promises of the scenario comparisons (src/report/scenario_report.h): the type 7 quantile, the
// differences from the baseline with their 90% intervals, and the tidy CSVs, on hand-built results.
#include "report/scenario_report.h"

#include "core/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace sendtwin::report {
namespace {

TEST(ScenarioReportQuantile, MatchesRsType7) {
  // R: quantile(c(1, 2, 3, 4), c(0, .25, .5, .75, 1), type = 7) -> 1, 1.75, 2.5, 3.25, 4.
  const std::vector<double> v = {4, 1, 3, 2};  // unsorted on purpose
  EXPECT_DOUBLE_EQ(quantile(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile(v, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(quantile(v, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile(v, 0.75), 3.25);
  EXPECT_DOUBLE_EQ(quantile(v, 1.0), 4.0);
  // R: quantile(c(10, 20, 30, 40, 50), c(.05, .1, .95), type = 7) -> 12, 14, 48.
  const std::vector<double> w = {50, 10, 40, 20, 30};
  EXPECT_DOUBLE_EQ(quantile(w, 0.05), 12.0);
  EXPECT_DOUBLE_EQ(quantile(w, 0.1), 14.0);
  EXPECT_DOUBLE_EQ(quantile(w, 0.95), 48.0);
  // R: quantile(c(-3, 7.5, 0, 2), .9, type = 7) -> 5.85.
  EXPECT_NEAR(quantile({-3, 7.5, 0, 2}, 0.9), 5.85, 1e-12);
  // One value is every quantile; none is NaN.
  EXPECT_EQ(quantile({3.5}, 0.05), 3.5);
  EXPECT_EQ(quantile({3.5}, 0.95), 3.5);
  EXPECT_TRUE(std::isnan(quantile({}, 0.5)));
  // Ties.
  EXPECT_EQ(quantile({2, 2, 2}, 0.3), 2.0);
}

Figure fig(const std::string& measure, const std::string& period, const std::string& unit, double value) {
  return {measure, period, unit, value};
}

// Baseline and one scenario, five replicates, two figures.
ScenarioResults five_replicates() {
  ScenarioResults r;
  r.names = {"baseline", "more"};
  r.figures.assign(2, {});
  for (int k = 0; k < 5; ++k) {
    r.figures[0].push_back({fig("ehc_plans", "2030-01", "count", 100.0 + k), fig("high_needs_spend", "2029-30", "GBP", 1e9)});
    // Differences: plans +1..+5 (in a shuffled order of replicates), spend -2e6 each.
    const double d = (k * 3) % 5 + 1;  // 1, 4, 2, 5, 3
    r.figures[1].push_back({fig("ehc_plans", "2030-01", "count", 100.0 + k + d), fig("high_needs_spend", "2029-30", "GBP", 1e9 - 2e6)});
  }
  return r;
}

TEST(ScenarioReportDifferences, GiveMeansAndThe5thAnd95thPercentiles) {
  const auto diffs = differences(five_replicates());
  ASSERT_EQ(diffs.size(), 2u);
  const auto& plans = diffs[0];
  EXPECT_EQ(plans.measure, "ehc_plans");
  EXPECT_EQ(plans.period, "2030-01");
  EXPECT_EQ(plans.unit, "count");
  EXPECT_EQ(plans.scenario, "more");
  EXPECT_DOUBLE_EQ(plans.baseline, 102.0);
  EXPECT_DOUBLE_EQ(plans.value, 105.0);
  EXPECT_DOUBLE_EQ(plans.mean, 3.0);
  EXPECT_DOUBLE_EQ(plans.low, 1.2);   // type 7 of 1..5 at 0.05
  EXPECT_DOUBLE_EQ(plans.high, 4.8);  // and at 0.95
  const auto& spend = diffs[1];
  EXPECT_EQ(spend.measure, "high_needs_spend");
  EXPECT_EQ(spend.period, "2029-30");
  EXPECT_DOUBLE_EQ(spend.baseline, 1e9);
  EXPECT_NEAR(spend.mean, -2e6, 1e-6);
  EXPECT_EQ(spend.low, -2e6);
  EXPECT_EQ(spend.high, -2e6);
}

TEST(ScenarioReportDifferences, EachScenarioInTurn_AndNoneWithoutScenarios) {
  auto r = five_replicates();
  r.names.push_back("same");
  r.figures.push_back(r.figures[0]);
  const auto diffs = differences(r);
  ASSERT_EQ(diffs.size(), 4u);
  EXPECT_EQ(diffs[0].scenario, "more");
  EXPECT_EQ(diffs[2].scenario, "same");
  for (std::size_t k = 2; k < 4; ++k) {
    EXPECT_EQ(diffs[k].mean, 0.0);
    EXPECT_EQ(diffs[k].low, 0.0);
    EXPECT_EQ(diffs[k].high, 0.0);
  }
  ScenarioResults only_baseline = five_replicates();
  only_baseline.names.resize(1);
  only_baseline.figures.resize(1);
  EXPECT_TRUE(differences(only_baseline).empty());
  EXPECT_TRUE(differences(ScenarioResults{}).empty());
}

TEST(ScenarioReportDifferences, AFigureARunDoesNotDefine_IsLeftOutOfThatReplicate) {
  // A small LA's run can have no new plans in a year, so no pct_within_20_weeks, in one replicate of
  // one scenario and not in the others (issue 15: the dashboard crashed for 59 LAs).
  auto r = five_replicates();
  for (int k = 0; k < 5; ++k) {
    r.figures[0][k].insert(r.figures[0][k].begin() + 1, fig("pct_within_20_weeks", "2029", "percent", 50.0 + k));
    r.figures[1][k].insert(r.figures[1][k].begin() + 1, fig("pct_within_20_weeks", "2029", "percent", 60.0 + k));
  }
  r.figures[1][2].erase(r.figures[1][2].begin() + 1);  // undefined in the scenario's third replicate
  r.figures[0][4].erase(r.figures[0][4].begin() + 1);  // and in the baseline's fifth
  r.figures[0][0].erase(r.figures[0][0].begin() + 1);  // and in the baseline's first: order from the next run
  const auto diffs = differences(r);
  ASSERT_EQ(diffs.size(), 3u);
  EXPECT_EQ(diffs[0].measure, "ehc_plans");
  EXPECT_DOUBLE_EQ(diffs[0].mean, 3.0);  // every replicate
  EXPECT_EQ(diffs[1].measure, "pct_within_20_weeks");
  EXPECT_EQ(diffs[1].period, "2029");
  EXPECT_DOUBLE_EQ(diffs[1].baseline, (51.0 + 53.0) / 2);  // replicates 2 and 4 only
  EXPECT_DOUBLE_EQ(diffs[1].value, (61.0 + 63.0) / 2);
  EXPECT_DOUBLE_EQ(diffs[1].mean, 10.0);
  EXPECT_DOUBLE_EQ(diffs[1].low, 10.0);
  EXPECT_EQ(diffs[2].measure, "high_needs_spend");
  // A figure that no replicate has in both runs has no difference; one only a scenario has, none.
  auto none = five_replicates();
  for (int k = 0; k < 5; ++k) none.figures[1][k].push_back(fig("new_plans", "2029", "count", 7));
  none.figures[0][3].push_back(fig("pct_within_20_weeks", "2029", "percent", 40));
  EXPECT_EQ(differences(none).size(), 2u);
}

TEST(ScenarioReportDifferences, AMissingReplicateOrAFigureTwice_Throw) {
  {
    auto r = five_replicates();
    r.figures[1].pop_back();  // a replicate missing
    EXPECT_THROW(differences(r), std::invalid_argument);
  }
  {
    auto r = five_replicates();
    r.figures[1][3].push_back(r.figures[1][3][0]);  // a figure twice in one run
    EXPECT_THROW(differences(r), std::invalid_argument);
  }
  {
    auto r = five_replicates();
    r.figures[1][1][0].unit = "percent";  // one figure in two units
    EXPECT_THROW(differences(r), std::invalid_argument);
  }
}

TEST(ScenarioReportCsv, FiguresAreTidyWithScenarioAndReplicate) {
  ScenarioResults r;
  r.names = {"baseline", "s"};
  r.figures = {{{fig("ehc_plans", "2030-01", "count", 1234.4), fig("pct_within_20_weeks", "2029", "percent", 46.456)}},
               {{fig("ehc_plans", "2030-01", "count", 1300.6), fig("pct_within_20_weeks", "2029", "percent", 90)}}};
  EXPECT_EQ(scenario_figures_csv(r),
            "measure,geography,code,period,value,unit,scenario,replicate\n"
            "ehc_plans,England,E92000001,2030-01,1234,count,baseline,1\n"
            "pct_within_20_weeks,England,E92000001,2029,46.46,percent,baseline,1\n"
            "ehc_plans,England,E92000001,2030-01,1301,count,s,1\n"
            "pct_within_20_weeks,England,E92000001,2029,90.00,percent,s,1\n");
}

TEST(ScenarioReportCsv, DifferencesHaveTwoDecimals) {
  const auto csv = differences_csv(differences(five_replicates()));
  EXPECT_EQ(csv,
            "measure,geography,code,period,unit,scenario,baseline,value,difference,difference_p05,difference_p95\n"
            "ehc_plans,England,E92000001,2030-01,count,more,102.00,105.00,3.00,1.20,4.80\n"
            "high_needs_spend,England,E92000001,2029-30,GBP,more,1000000000.00,998000000.00,-2000000.00,-2000000.00,-2000000.00\n");
}

TEST(ScenarioReportRender, ShowsTheChosenMeasuresAndPeriods) {
  const auto text = render_differences(differences(five_replicates()), {"high_needs_spend"}, {"2029-30"}, 5);
  EXPECT_NE(text.find("Scenario more against the baseline (mean of 5 replicates"), std::string::npos) << text;
  EXPECT_NE(text.find("high_needs_spend"), std::string::npos) << text;
  EXPECT_EQ(text.find("ehc_plans"), std::string::npos) << text;
  EXPECT_NE(text.find("[-2, -2]"), std::string::npos) << text;  // GBP in millions
  EXPECT_TRUE(render_differences(differences(five_replicates()), {"high_needs_spend"}, {"2030-31"}, 5).empty());
}

}  // namespace
}  // namespace sendtwin::report

namespace sendtwin::report {
namespace {

// `variation --scenario`: the LAs' changes, made to follow one driver exactly (the share of plans in
// mainstream), are explained in full by it, and the LA falling most is listed first.
TEST(ScenarioReportVariation, AChangeThatFollowsOneDriver_IsExplainedByIt) {
  std::vector<model::AreaStart> areas;
  std::vector<Difference> diffs;
  for (int k = 0; k < 20; ++k) {
    model::AreaStart a;
    a.code = std::to_string(800 + k);
    a.name = "LA " + std::to_string(k);
    a.pupils = 10000 + 37 * k;
    a.plans_by_age_band = {0, 100, 100, 0, 0};
    const double mainstream = 0.3 + 0.02 * k;
    a.plans_by_setting[static_cast<int>(Setting::Mainstream)] = 200 * mainstream;
    a.plans_by_setting[static_cast<int>(Setting::StateSpecial)] = 200 * (1 - mainstream);
    a.need_shares[static_cast<int>(NeedType::ASD)] = 0.5 + 0.01 * (k % 3);
    a.need_shares[static_cast<int>(NeedType::MLD)] = 0.5 - 0.01 * (k % 3);
    a.request_relative = 1 + 0.05 * ((k * 7) % 5);
    areas.push_back(a);
    Difference d;
    d.measure = "ehc_plans";
    d.period = "2035-01";
    d.scenario = "reform";
    d.code = a.code;
    d.geography = a.name;
    d.baseline = 400 + 3 * ((k * 11) % 7);
    d.mean = -d.baseline * mainstream;  // the change, -100 x the mainstream share, in %
    diffs.push_back(d);
  }
  const std::string text = render_scenario_variation(diffs, areas, "2035-01");
  EXPECT_NE(text.find("20 LAs"), std::string::npos) << text;
  EXPECT_NE(text.find("R squared 1.00"), std::string::npos) << text;
  EXPECT_NE(text.find("share of plans in mainstream                -1.00"), std::string::npos) << text;
  EXPECT_NE(text.find("the largest falls:\n  LA 19 "), std::string::npos) << text;
  EXPECT_NE(text.find("-68.0%"), std::string::npos) << text;  // the largest fall: 0.3 + 0.38
  // Fewer than ten LAs: nothing to fit.
  diffs.resize(5);
  EXPECT_EQ(render_scenario_variation(diffs, areas, "2035-01"), "");
}

}  // namespace
}  // namespace sendtwin::report
