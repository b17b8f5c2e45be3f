// Promises of the result table and its three renderings (src/report/results.h): the tidy CSV, the
// comparison with published figures and the terminal scorecard.
//
// One small run serves every test: scale 0.01, two replicates, January 2015 to March 2017, so 2017
// has a census but not a full year of flows; the table asks for 2015-2018, so 2018 is not covered
// at all.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "data/csv.h"
#include "data/embedded.h"
#include "data/published.h"
#include "data/send_params.h"
#include "measures/registry.h"
#include "model/send/send_run.h"
#include "report/results.h"

namespace sendtwin::report {
namespace {

constexpr double kScale = 0.01;
constexpr int kFirstYear = 2015;
constexpr int kLastYear = 2018;
const std::string kScenario = "baseline";

const model::SendRunResult& run() {
  static const model::SendRunResult r = [] {
    const auto params = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
    model::SendRunConfig config;
    config.start_year = 2015;  // the LA table's first January
    config.seed = 3;
    config.replicates = 2;
    config.threads = 1;
    config.scale = kScale;
    config.to = Month(2017, 3);
    return model::run_send(params, config);
  }();
  return r;
}

const ResultTable& table() {
  static const ResultTable t = collect(run(), kFirstYear, kLastYear);
  return t;
}

const data::PublishedSeries& published() {
  static const data::PublishedSeries p = data::PublishedSeries::embedded();
  return p;
}

const data::CsvTable& tidy() {
  static const data::CsvTable t = data::CsvTable::parse(tidy_csv(table(), kScenario), "tidy.csv");
  return t;
}

const data::CsvTable& comparison() {
  static const data::CsvTable t = data::CsvTable::parse(comparison_csv(table(), published()), "comparison.csv");
  return t;
}

int year_of_period(std::string_view period) { return std::stoi(std::string(period.substr(0, 4))); }

// The tidy row of one (measure, period, replicate), as its value cell; empty if there is none.
std::string tidy_value(std::string_view measure, const std::string& period, int replicate) {
  const auto& t = tidy();
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (t.cell(r, 0) == measure && t.cell(r, 3) == period && t.cell(r, 7) == std::to_string(replicate))
      return std::string(t.cell(r, 4));
  return "";
}

// --- Tidy CSV ---------------------------------------------------------------------------------

TEST(ReportResults, TidyCsv_HeaderIsTheEightTidyColumns) {
  const std::string csv = tidy_csv(table(), kScenario);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "measure,geography,code,period,value,unit,scenario,replicate");
}

TEST(ReportResults, TidyCsv_HasOneRowPerMeasureCoveredYearAndReplicate) {
  // What the run covers, from the run itself: a measure has a value for a year when its compute
  // says so (stocks: a census; flows: all twelve months; ratios: a non-zero denominator).
  std::multiset<std::tuple<std::string, int, int>> expected;
  for (int r = 0; r < static_cast<int>(run().replicates.size()); ++r)
    for (const auto& y : run().replicates[r])
      for (const auto& m : measures::pupils())
        if (y.year >= kFirstYear && y.year <= kLastYear && m.from_tally(y)) expected.emplace(std::string(m.id), y.year, r + 1);
  std::multiset<std::tuple<std::string, int, int>> rows;
  const auto& t = tidy();
  for (std::size_t r = 0; r < t.rows(); ++r)
    rows.emplace(std::string(t.cell(r, 0)), year_of_period(t.cell(r, 3)), std::stoi(std::string(t.cell(r, 7))));
  EXPECT_EQ(rows, expected);
  // The run covers 2015-2017 for stocks and 2015-2016 for flows, in both replicates.
  EXPECT_EQ(rows.count({"ehc_plans", 2017, 2}), 1u);
  EXPECT_EQ(rows.count({"new_plans", 2016, 2}), 1u);
  EXPECT_EQ(rows.count({"new_plans", 2017, 1}), 0u);
  EXPECT_EQ(rows.count({"ehc_plans", 2018, 1}), 0u);
}

TEST(ReportResults, TidyCsv_CensusPeriodIsJanuaryAndFlowPeriodIsTheYear) {
  const auto& t = tidy();
  ASSERT_GT(t.rows(), 0u);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const auto* m = measures::find(t.cell(r, 0));
    ASSERT_NE(m, nullptr) << t.cell(r, 0);
    const std::string_view period = t.cell(r, 3);
    const bool four_digits = period.size() >= 4 && std::isdigit(static_cast<unsigned char>(period[0])) &&
                             std::isdigit(static_cast<unsigned char>(period[1])) &&
                             std::isdigit(static_cast<unsigned char>(period[2])) &&
                             std::isdigit(static_cast<unsigned char>(period[3]));
    EXPECT_TRUE(four_digits) << period;
    if (m->period == measures::Period::CensusJanuary) {
      EXPECT_TRUE(period.size() == 7 && period.substr(4) == "-01") << m->id << " " << period;
    } else {
      EXPECT_EQ(period.size(), 4u) << m->id << " " << period;
    }
  }
}

TEST(ReportResults, TidyCsv_EveryRowNamesEnglandItsUnitAndTheScenario) {
  const auto& t = tidy();
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const auto* m = measures::find(t.cell(r, 0));
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(t.cell(r, 1), "England");
    EXPECT_EQ(t.cell(r, 2), "E92000001");
    EXPECT_EQ(t.cell(r, 5), measures::to_string(m->unit)) << m->id;
    EXPECT_EQ(t.cell(r, 6), kScenario);
  }
}

TEST(ReportResults, TidyCsv_CountsAreAgentsDividedByScale) {
  const auto& y2015 = run().replicates.at(1).at(0);
  ASSERT_EQ(y2015.year, 2015);
  char expected[32];
  std::snprintf(expected, sizeof expected, "%.0f", static_cast<double>(y2015.census.plans) / kScale);
  EXPECT_EQ(tidy_value("ehc_plans", "2015-01", 2), expected);
  std::snprintf(expected, sizeof expected, "%.0f", static_cast<double>(y2015.flows.plans_issued) / kScale);
  EXPECT_EQ(tidy_value("new_plans", "2015", 2), expected);
}

TEST(ReportResults, TidyCsv_PercentsAreNotScaled) {
  const auto& y2016 = run().replicates.at(0).at(1);
  ASSERT_EQ(y2016.year, 2016);
  const double expected = 100.0 * static_cast<double>(y2016.census.sen_support) / static_cast<double>(y2016.census.pupils);
  const std::string v = tidy_value("sen_support_pct", "2016-01", 1);
  ASSERT_FALSE(v.empty());
  EXPECT_NEAR(std::stod(v), expected, 0.005);
}

// At scale 0.01 the January 2015 stock is the synthesised one, so the published figure comes back.
TEST(ReportResults, TidyCsv_EhcPlans2015_IsWithinHalfAPercentOfPublished) {
  const auto* pub = published().find("ehc_plans", 2015);
  ASSERT_NE(pub, nullptr);
  EXPECT_EQ(pub->value, 240183);
  for (int replicate : {1, 2}) {
    const std::string v = tidy_value("ehc_plans", "2015-01", replicate);
    ASSERT_FALSE(v.empty());
    EXPECT_NEAR(std::stod(v), pub->value, 0.005 * pub->value) << "replicate " << replicate;
  }
}

// --- Comparison CSV ---------------------------------------------------------------------------

TEST(ReportResults, ComparisonCsv_HasTheComparisonColumns) {
  EXPECT_EQ(comparison().header(),
            (std::vector<std::string>{"measure", "period", "model", "published", "difference_pct", "unit", "source"}));
}

TEST(ReportResults, ComparisonCsv_EveryRowHasThePublishedValueAndSource) {
  const auto& t = comparison();
  ASSERT_GT(t.rows(), 0u);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const auto* m = measures::find(t.cell(r, 0));
    ASSERT_NE(m, nullptr) << t.cell(r, 0);
    const auto* pub = published().find(m->id, year_of_period(t.cell(r, 1)));
    ASSERT_NE(pub, nullptr) << m->id << " " << t.cell(r, 1);
    const double rounding = m->unit == measures::Unit::Count ? 0.5 : 0.005;
    EXPECT_NEAR(t.number(r, 3), pub->value, rounding) << m->id << " " << t.cell(r, 1);
    EXPECT_EQ(t.cell(r, 6), pub->source) << m->id << " " << t.cell(r, 1);
    EXPECT_FALSE(t.cell(r, 6).empty());
  }
}

TEST(ReportResults, ComparisonCsv_HasOneRowPerPublishedFigureTheRunCovers) {
  std::set<std::pair<std::string, int>> expected;
  const auto measures = measures::pupils();
  for (std::size_t k = 0; k < measures.size(); ++k)
    for (int year = kFirstYear; year <= kLastYear; ++year)
      if (published().find(measures[k].id, year) && !std::isnan(table().mean(k, year)))
        expected.emplace(std::string(measures[k].id), year);
  std::set<std::pair<std::string, int>> rows;
  const auto& t = comparison();
  for (std::size_t r = 0; r < t.rows(); ++r) rows.emplace(std::string(t.cell(r, 0)), year_of_period(t.cell(r, 1)));
  EXPECT_EQ(t.rows(), rows.size()) << "a (measure, period) appears twice";
  EXPECT_EQ(rows, expected);
  EXPECT_TRUE(rows.count({"ehc_plans", 2015}));
}

TEST(ReportResults, ComparisonCsv_ModelIsTheMeanOfReplicates) {
  const auto& t = comparison();
  const double mean = (static_cast<double>(run().replicates.at(0).at(0).census.plans) +
                       static_cast<double>(run().replicates.at(1).at(0).census.plans)) / 2.0 / kScale;
  bool found = false;
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (t.cell(r, 0) == "ehc_plans" && t.cell(r, 1) == "2015-01") {
      found = true;
      EXPECT_NEAR(t.number(r, 2), mean, 0.5);
      EXPECT_NEAR(t.number(r, 4), 100.0 * (mean - 240183) / 240183, 0.005 + 1e-9);
    }
  EXPECT_TRUE(found);
}

// --- Scorecard --------------------------------------------------------------------------------

// The scorecard's lines, split into its two tables (January stocks, calendar-year flows).
struct Scorecard {
  std::vector<std::string> census, flows;
};
Scorecard scorecard_tables(const std::string& text) {
  Scorecard s;
  std::vector<std::string>* current = nullptr;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("January census", 0) == 0) current = &s.census;
    else if (line.rfind("Calendar-year flows", 0) == 0) current = &s.flows;
    else if (current) current->push_back(line);
  }
  return s;
}
int rows_for_year(const std::vector<std::string>& lines, int year) {
  int n = 0;
  for (const auto& line : lines)
    if (line.rfind(std::to_string(year) + " ", 0) == 0) ++n;
  return n;
}

TEST(ReportResults, Scorecard_HasARowPerCoveredYearInEachTable) {
  const auto s = scorecard_tables(render_scorecard(table(), published(), ScorecardOptions{"test"}));
  ASSERT_FALSE(s.census.empty());
  ASSERT_FALSE(s.flows.empty());
  for (int year : {2015, 2016, 2017}) EXPECT_EQ(rows_for_year(s.census, year), 1) << year;
  for (int year : {2015, 2016}) EXPECT_EQ(rows_for_year(s.flows, year), 1) << year;
  EXPECT_EQ(rows_for_year(s.flows, 2017), 0) << "2017 has no full year of flows";
  EXPECT_EQ(rows_for_year(s.census, 2018), 0) << "the run does not reach 2018";
}

TEST(ReportResults, Scorecard_ShowsThePublished2015EhcPlansBesideTheModel) {
  const std::string text = render_scorecard(table(), published(), ScorecardOptions{"test"});
  const auto s = scorecard_tables(text);
  const auto* m = measures::find("ehc_plans");
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->shown.scorecard, 1);
  ASSERT_FALSE(s.census.empty());
  // The column of EHC plans starts where its label does in the heading; it holds the model's value
  // and the published one, in thousands.
  const std::string& heading = s.census.front();
  const auto at = heading.find(std::string(m->label));
  ASSERT_NE(at, std::string::npos) << heading;
  std::string row;
  for (const auto& line : s.census)
    if (line.rfind("2015 ", 0) == 0) row = line;
  ASSERT_GT(row.size(), at) << row;
  std::istringstream cells(row.substr(at, 16));
  double model_thousands = 0, published_thousands = 0;
  ASSERT_TRUE(cells >> model_thousands >> published_thousands) << row.substr(at, 16);
  const auto* pub = published().find("ehc_plans", 2015);
  ASSERT_NE(pub, nullptr);
  EXPECT_NEAR(published_thousands, pub->value / 1000.0, 0.05);  // 240,183 shows as 240.2
  const auto k = static_cast<std::size_t>(m - measures::pupils().data());
  EXPECT_NEAR(model_thousands, table().mean(k, 2015) / 1000.0, 0.05);
}

TEST(ReportResults, Scorecard_StartsWithTheTitleAndNamesTheScale) {
  const std::string text = render_scorecard(table(), published(), ScorecardOptions{"My title"});
  EXPECT_EQ(text.rfind("My title\n", 0), 0u);
  EXPECT_NE(text.find("2 replicates"), std::string::npos);
  EXPECT_NE(text.find("scale 0.01"), std::string::npos);
}

// --- The table ----------------------------------------------------------------------------------

TEST(ReportResults, Mean_IsNaNWhenAReplicateLacksTheYear) {
  const auto* m = measures::find("new_plans");
  ASSERT_NE(m, nullptr);
  const std::size_t k = static_cast<std::size_t>(m - measures::pupils().data());
  EXPECT_FALSE(std::isnan(table().mean(k, 2016)));
  EXPECT_TRUE(std::isnan(table().mean(k, 2017)));
}

}  // namespace
}  // namespace sendtwin::report
