// Promises of data/published.h: the embedded national series parses and holds the published
// figures with their sources; a series that is wrong is refused at the line to fix.
#include "data/published.h"

#include <gtest/gtest.h>

#include "../support/input_error.h"

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "core/error.h"
#include "data/embedded.h"

namespace sendtwin::data {
namespace {

const std::string kHeader = "measure,geography,period,value,unit,source\n";

PublishedSeries parse(const std::string& text) { return PublishedSeries::parse(text, "t.csv"); }

using test_support::error_of;
using test_support::input_error;

// --- The embedded series ------------------------------------------------------------------------

TEST(PublishedEmbedded, Parses) { EXPECT_NO_THROW(PublishedSeries::embedded()); }

TEST(PublishedEmbedded, IsTheFileInDataPublished) {
  std::ifstream in(std::string(SENDTWIN_SOURCE_DIR) + "/data/published/national.csv", std::ios::binary);
  std::ostringstream file;
  file << in.rdbuf();
  ASSERT_FALSE(file.str().empty());
  EXPECT_TRUE(embedded_national_series() == file.str()) << "rebuild: the embedded series is stale";
}

TEST(PublishedEmbedded, HoldsEhcPlansInJanuary2025) {
  const auto series = PublishedSeries::embedded();
  const PublishedFigure* f = series.find("ehc_plans", 2025);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, 638745);
  EXPECT_EQ(f->unit, "count");
  EXPECT_FALSE(f->source.empty());
}

TEST(PublishedEmbedded, HoldsRequestsIn2024) {
  const auto series = PublishedSeries::embedded();
  const PublishedFigure* f = series.find("requests", 2024);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, 154489);
  EXPECT_EQ(f->unit, "count");
  EXPECT_FALSE(f->source.empty());
}

TEST(PublishedEmbedded, HoldsPercentagesAsPercent) {
  const auto series = PublishedSeries::embedded();
  const PublishedFigure* f = series.find("pct_within_20_weeks", 2015);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, 59.2);
  EXPECT_EQ(f->unit, "percent");
}

TEST(PublishedEmbedded, HasAFigureForEveryRowOfTheFile) {
  std::size_t rows = 0;
  for (char c : embedded_national_series()) rows += c == '\n';
  if (!embedded_national_series().empty() && embedded_national_series().back() != '\n') ++rows;
  EXPECT_EQ(PublishedSeries::embedded().size(), rows - 1);  // less the header
}

TEST(PublishedEmbedded, FindsNothingForAnUnknownMeasureOrYear) {
  const auto series = PublishedSeries::embedded();
  EXPECT_EQ(series.find("no_such_measure", 2020), nullptr);
  EXPECT_EQ(series.find("ehc_plans", 1995), nullptr);
}

// --- Parsing ------------------------------------------------------------------------------------

TEST(PublishedParse, KeepsValueUnitAndSourceOfEachRow) {
  const auto s = parse(kHeader + "ehc_plans,England,2020,390109,count,DfE SEN2\n"
                                 "pct_within_20_weeks,England,2020,58,percent,\"DfE, SEN2 MI\"\n");
  ASSERT_EQ(s.size(), 2u);
  const auto* f = s.find("pct_within_20_weeks", 2020);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, 58);
  EXPECT_EQ(f->unit, "percent");
  EXPECT_EQ(f->source, "DfE, SEN2 MI");
}

TEST(PublishedParse, ADuplicateMeasureAndYearIsRefusedAtTheSecondRow) {
  EXPECT_EQ(error_of([] {
              parse(kHeader + "ehc_plans,England,2020,390109,count,a\n"
                              "new_plans,England,2020,60097,count,b\n"
                              "ehc_plans,England,2020,390110,count,c\n");
            }),
            "t.csv:4: measure: a second figure for ehc_plans 2020");
}

TEST(PublishedParse, AnEmptySourceIsRefused) {
  EXPECT_EQ(error_of([] {
              parse(kHeader + "ehc_plans,England,2020,390109,count,a\n"
                              "ehc_plans,England,2021,430697,count,\n");
            }),
            "t.csv:3: source: is empty: every figure needs its source");
}

TEST(PublishedParse, AnUnknownUnitIsRefused) {
  EXPECT_EQ(error_of([] { parse(kHeader + "ehc_plans,England,2020,390109,pounds,a\n"); }),
            "t.csv:2: unit: must be count or percent");
}

TEST(PublishedParse, ANonNumericValueIsRefused) {
  EXPECT_EQ(error_of([] {
              parse(kHeader + "ehc_plans,England,2020,390109,count,a\n"
                              "ehc_plans,England,2021,lots,count,a\n");
            }),
            "t.csv:3: value: \"lots\" is not a number");
}

TEST(PublishedParse, APeriodThatIsNotAYearIsRefused) {
  EXPECT_EQ(error_of([] { parse(kHeader + "ehc_plans,England,20,390109,count,a\n"); }),
            "t.csv:2: period: \"20\" is outside 1990 to 2100, the plausible range of a year");
}

TEST(PublishedParse, ACountBeyondAnyEnglandFigureIsRefused) {
  EXPECT_EQ(error_of([] { parse(kHeader + "ehc_plans,England,2020,1e308,count,a\n"); }),
            "t.csv:2: value: \"1e308\" is outside 0 to 20000000, the plausible range of a count for England");
}

TEST(PublishedParse, ANegativeCountIsRefused) {
  EXPECT_EQ(error_of([] { parse(kHeader + "ehc_plans,England,2020,-5,count,a\n"); }),
            "t.csv:2: value: \"-5\" is negative: a count for England cannot be");
}

TEST(PublishedParse, APercentAbove100IsRefused) {
  EXPECT_EQ(error_of([] { parse(kHeader + "pct_within_20_weeks,England,2020,101,percent,a\n"); }),
            "t.csv:2: value: \"101\" is outside 0 to 100, the plausible range of a percentage");
}

TEST(PublishedParse, NanAndInfinityAreRefused) {
  for (const char* value : {"nan", "inf", "-inf", "1e400"}) {
    const auto e = input_error([&] { parse(kHeader + "ehc_plans,England,2020," + value + ",count,a\n"); });
    ASSERT_TRUE(e.has_value()) << value;
    EXPECT_EQ(e->line(), 2) << value;
    EXPECT_EQ(e->field(), "value") << value;
  }
}

TEST(PublishedParse, AMissingColumnIsRefused) {
  const auto e = input_error([] { parse("measure,geography,period,value,unit\nehc_plans,England,2020,1,count\n"); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->field(), "source");
}

TEST(PublishedParse, LinesCountPhysicalLinesOfQuotedSources) {
  // A source that spans two lines moves the next row to line 4.
  EXPECT_EQ(error_of([] {
              parse(kHeader + "ehc_plans,England,2020,390109,count,\"first line\nsecond line\"\n"
                              "ehc_plans,England,2021,430697,pounds,a\n");
            }),
            "t.csv:4: unit: must be count or percent");
}

}  // namespace
}  // namespace sendtwin::data
