// The HTML report: self-contained (no script or style from the network), a figure with a text
// alternative and a data table for each chart, and script text that cannot end its element early.
#include "report/html.h"

#include <gtest/gtest.h>

#include <string>

#include "report/la_report.h"

namespace sendtwin::report {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(ReportHtml, ScriptText_CannotEndItsElement_ButRegexesStay) {
  EXPECT_EQ(script_safe("a</script>b</ScRiPt >"), "a<\\/script>b<\\/ScRiPt >");
  EXPECT_EQ(script_safe("x.replace(/</g, '&lt;')"), "x.replace(/</g, '&lt;')");
}

TEST(ReportHtml, EachMeasure_IsAFigureWithATextAlternativeAndADataTable) {
  HtmlInput in;
  in.title = "t <&>";
  in.scorecard_csv =
      "measure,geography,code,period,value,unit,scenario,replicate\n"
      "ehc_plans,England,E92000001,2024-01,570000,count,baseline,1\n"
      "ehc_plans,England,E92000001,2025-01,630000,count,baseline,1\n"
      "ehc_plans,England,E92000001,2025-01,640000,count,baseline,2\n"
      "requests,England,E92000001,2024,150000,count,baseline,1\n"
      "ehc_plans,Kent,886,2025-01,20000,count,baseline,1\n";
  const std::string html = html_report(in, data::PublishedSeries::embedded());
  EXPECT_EQ(count(html, "<figure>"), 2u);
  EXPECT_EQ(count(html, "role=\"img\" aria-label=\""), 2u);
  EXPECT_EQ(count(html, "<details><summary>Data table: "), 2u);
  EXPECT_NE(html.find("<title>t &lt;&amp;&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  // The mean of two replicates, and DfE's published January 2025 figure beside it.
  EXPECT_NE(html.find("<td>635000</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>638745</td>"), std::string::npos);
  // Kent's row is not England's.
  EXPECT_EQ(html.find("20000"), std::string::npos);
  // Nothing from the network: no script or stylesheet by address.
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(count(html, "<script>"), 4u);  // vega, vega-lite, vega-embed, the charts
}

// An LA's report (issue 20): a two-replicate ledger of three financial years, a deficit that passes
// 20% of a GBP 100m DSG (GBP -20m) in 2025-26, the override ending with 2024-25.
HtmlInput la_input() {
  HtmlInput in;
  in.title = "Kent";
  in.geography = "Kent";
  in.scorecard_csv =
      "measure,geography,code,period,value,unit,scenario,replicate\n"
      "ehc_plans,Kent,886,2024-01,1000,count,baseline,1\n"
      "ehc_plans,Kent,886,2025-01,1200,count,baseline,1\n";
  in.ledger_csv =
      "measure,geography,code,period,value,unit,scenario,replicate\n"
      "high_needs_spend,Kent,886,2024-25,30000000,GBP,baseline,1\nhigh_needs_spend,Kent,886,2024-25,32000000,GBP,baseline,2\n"
      "high_needs_spend,Kent,886,2025-26,40000000,GBP,baseline,1\nhigh_needs_spend,Kent,886,2025-26,40000000,GBP,baseline,2\n"
      "high_needs_allocation,Kent,886,2024-25,25000000,GBP,baseline,1\nhigh_needs_allocation,Kent,886,2024-25,25000000,GBP,baseline,2\n"
      "high_needs_allocation,Kent,886,2025-26,26000000,GBP,baseline,1\nhigh_needs_allocation,Kent,886,2025-26,26000000,GBP,baseline,2\n"
      "cumulative_dsg_balance,Kent,886,2024-25,-10000000,GBP,baseline,1\ncumulative_dsg_balance,Kent,886,2024-25,-12000000,GBP,baseline,2\n"
      "cumulative_dsg_balance,Kent,886,2025-26,-24000000,GBP,baseline,1\ncumulative_dsg_balance,Kent,886,2025-26,-26000000,GBP,baseline,2\n"
      "dsg_balance_pct,Kent,886,2024-25,-11,percent,baseline,1\ndsg_balance_pct,Kent,886,2024-25,-11,percent,baseline,2\n"
      "dsg_balance_pct,Kent,886,2025-26,-25,percent,baseline,1\ndsg_balance_pct,Kent,886,2025-26,-25,percent,baseline,2\n";
  in.threshold_share = 0.2;
  in.threshold_balance = {{"2024-25", -20e6}, {"2025-26", -20e6}};
  in.override_end = "2024-25";
  in.headline = true;
  in.published_years_before = 5;
  return in;
}

TEST(ReportHtml, AnLasMoney_IsOneChartOnOneAxisWithTheThresholdAndTheOverridesEnd) {
  const std::string html = html_report(la_input(), data::PublishedSeries{});
  EXPECT_EQ(count(html, "high needs spend, allocation and the cumulative DSG balance (GBP million)</h3>"), 1u);
  // Spend and allocation are not charted apart any more; the % of DSG is, with its threshold.
  EXPECT_EQ(count(html, "<h3 id=\"chart-1-title\">Cumulative DSG balance, % of DSG income (%)</h3>"), 1u);
  EXPECT_EQ(count(html, "High needs spend (GBP million)</h3>"), 0u);
  EXPECT_NE(html.find("\"Deficit of 20% of the DSG\""), std::string::npos);
  EXPECT_NE(html.find("Statutory override ends, 31 March 2025"), std::string::npos);
  EXPECT_NE(html.find("\"y\":-20.0"), std::string::npos);  // the % chart's threshold line
  // The band: the two replicates' range of the balance, in GBP million.
  EXPECT_NE(html.find("\"high\":-10.0,\"low\":-12.0"), std::string::npos);
}

TEST(ReportHtml, AnLasHeadline_SaysPlansSpendTheThresholdYearAndTheBalance) {
  const std::string html = html_report(la_input(), data::PublishedSeries{});
  const auto at = html.find("<section class=\"headline\"");
  ASSERT_NE(at, std::string::npos);
  const std::string headline = html.substr(at, html.find("</section>", at) - at);
  EXPECT_NE(headline.find("1,000 in January 2024"), std::string::npos);
  EXPECT_NE(headline.find("1,200 in January 2025 (+20%)"), std::string::npos);
  // The first financial year is the first January's: 2024-25, spend the mean of 30 and 32.
  EXPECT_NE(headline.find("2024-25:</strong> high needs spend GBP 31.0m against an allocation of GBP 25.0m (an overspend of GBP 6.0m)"),
            std::string::npos);
  EXPECT_NE(headline.find("passes 20% of the DSG</strong> in 2025-26"), std::string::npos);
  EXPECT_NE(headline.find("a deficit of GBP 25.0m at 31 March 2026"), std::string::npos);
  EXPECT_NE(headline.find("(31 March 2025): a deficit of GBP 11.0m"), std::string::npos);
  // Above the contents.
  EXPECT_LT(at, html.find("<nav"));
}

TEST(ReportHtml, AnLasPublishedFigures_AreChartedWithTheirPast_AndJanuariesReadAsYears) {
  const std::string csv = la_published_csv("886", "Kent", {{2022, 900}, {2024, 1010}}, {}, {});
  const std::string html = html_report(la_input(), data::PublishedSeries::parse(csv, "kent.csv"));
  EXPECT_NE(html.find("{\"period\":\"2022\",\"published\":900.0}"), std::string::npos);  // before the run
  EXPECT_NE(html.find("\"period\":\"2024\",\"published\":1010.0"), std::string::npos);   // beside the model
  EXPECT_NE(html.find("red diamonds: DfE's published figures"), std::string::npos);
  EXPECT_EQ(html.find("\"2024-01\""), std::string::npos);
  // Without them, the caption says none is charted.
  const std::string none = html_report(la_input(), data::PublishedSeries{});
  EXPECT_NE(none.find("No published figure is charted here."), std::string::npos);
  EXPECT_EQ(none.find("red diamonds: DfE's published figures."), std::string::npos);
}

TEST(ReportHtml, TheSimilarLasChart_NamesEveryLineAndDrawsTheLaThick) {
  HtmlInput in;
  in.geography = "Kent";
  in.peers_csv =
      "measure,geography,code,period,value,unit,scenario,replicate\n"
      "ehc_plans,Kent,886,2025-01,200,count,baseline,1\npupils,Kent,886,2025-01,10000,count,baseline,1\n"
      "ehc_plans,Essex,881,2025-01,300,count,baseline,1\npupils,Essex,881,2025-01,10000,count,baseline,1\n"
      "ehc_plans,England,E92000001,2025-01,250,count,baseline,1\npupils,England,E92000001,2025-01,10000,count,baseline,1\n";
  const std::string html = html_report(in, data::PublishedSeries{});
  // The key, highest first, with the LA red and thick and England dashed.
  EXPECT_NE(html.find("\"domain\":[\"Essex\",\"England\",\"Kent\"],\"range\":[\"#1d70b8\",\"#0b0c0c\",\"#d4351c\"]"), std::string::npos);
  EXPECT_NE(html.find("\"range\":[1.5,1.5,4.0]"), std::string::npos);
  EXPECT_NE(html.find("Highest in 2025 first"), std::string::npos);
}

// The breakdowns (issue 20): plans by placement and by primary need, one line a part, each with
// its data table; a report whose run has none of them has no such section.
TEST(ReportHtml, PlansByPlacementAndByNeed_AreChartedWithTheirParts) {
  HtmlInput in;
  in.title = "Kent";
  in.geography = "Kent";
  in.scorecard_csv =
      "measure,geography,code,period,value,unit,scenario,replicate\n"
      "plans_state_special,Kent,886,2025-01,6000,count,baseline,1\n"
      "plans_independent_special,Kent,886,2025-01,1600,count,baseline,1\n"
      "plans_in_units,Kent,886,2025-01,900,count,baseline,1\n"
      "plans_need_asd,Kent,886,2025-01,7000,count,baseline,1\n"
      "plans_need_semh,Kent,886,2025-01,4000,count,baseline,1\n";
  const std::string html = html_report(in, data::PublishedSeries{});
  EXPECT_NE(html.find("Kent: EHC plans by placement and by primary need"), std::string::npos);
  EXPECT_NE(html.find("<caption>Kent: EHC plans by placement</caption>"), std::string::npos);
  EXPECT_NE(html.find("<caption>Kent: EHC plans by primary need</caption>"), std::string::npos);
  // The placement table: a column for each part the run has, in the declared order.
  EXPECT_NE(html.find("<th scope=\"col\">January</th><th scope=\"col\">Units/RP</th><th scope=\"col\">State special</th>"
                      "<th scope=\"col\">Indep. special</th>"),
            std::string::npos);
  EXPECT_NE(html.find("<th scope=\"row\">2025</th><td>900</td><td>6000</td><td>1600</td>"), std::string::npos);
  in.scorecard_csv = "measure,geography,code,period,value,unit,scenario,replicate\nehc_plans,Kent,886,2025-01,20000,count,baseline,1\n";
  EXPECT_EQ(html_report(in, data::PublishedSeries{}).find("by primary need"), std::string::npos);
}

TEST(ReportHtml, AScenarioReport_ListsEachScenariosLevers) {
  HtmlInput in;
  scenario::Scenario s;
  s.name = "inclusion";
  s.description = "more mainstream";
  s.file = "a.toml";
  s.levers.push_back({.name = "inclusion_incentive", .value = 0.3, .from = 2027, .phase_years = 3});
  s.places_by_la.push_back({.code = "886", .per_year = 50, .from = 2026});
  s.local.push_back({.code = "881", .levers = {{.name = "independent_fee", .value = 0.9, .from = 2028}}});
  in.scenarios = {s};
  in.la_names = {{"886", "Kent"}, {"881", "Essex"}};
  const std::string html = html_report(in, data::PublishedSeries{});
  EXPECT_NE(html.find("<h2 id=\"levers\">The scenarios and their levers</h2>"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"row\">inclusion_incentive</th><td>England</td><td>0.3</td><td>share, 0-0.9</td><td>2027</td><td>3 years</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<th scope=\"row\">independent_fee</th><td>Essex (881)</td><td>0.9</td>"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"row\">special places</th><td>Kent (886)</td><td>50</td><td>places a year</td><td>2026</td><td>at once</td>"),
            std::string::npos);
}

}  // namespace
}  // namespace sendtwin::report
