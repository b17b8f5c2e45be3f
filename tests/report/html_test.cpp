// The HTML report: self-contained (no script or style from the network), a figure with a text
// alternative and a data table for each chart, and script text that cannot end its element early.
#include "report/html.h"

#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace sendtwin::report
