// Promises of the measure registry (src/model/send/measures.h): every output reads it, so its ids
// must be unique and documented, its units must agree with the published series it is compared
// with, and a measure is absent (nullopt) wherever the run does not cover it.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

#include "data/csv.h"
#include "data/embedded.h"
#include "data/published.h"
#include "model/send/measures.h"

namespace sendtwin::model {
namespace {

// A year the run covered in full, with every counter non-zero, so only the coverage flags decide.
YearTally busy_year() {
  YearTally y;
  y.year = 2016;
  y.has_census = true;
  y.full_year = true;
  auto& c = y.census;
  c.pupils = 1000;
  c.sen_support = 120;
  c.pupils_with_plan = 30;
  c.plans = 40;
  c.state_special_places = 12;
  for (auto& v : c.plans_by_setting) v = 4;
  for (auto& v : c.plans_by_age_band) v = 8;
  auto& f = y.flows;
  f.requests = 20;
  f.refused_assessment = 5;
  f.plans_issued = 10;
  f.issued_within_20_weeks = 6;
  f.issued_without_exception = 9;
  f.appeals_registered = 2;
  f.appeals_upheld = 1;
  f.plans_ceased = 3;
  f.mainstream_to_special = 2;
  f.independent_for_want_of_place = 1;
  return y;
}

TEST(ModelMeasures, Registry_IsNotEmpty) { EXPECT_FALSE(send_measures().empty()); }

TEST(ModelMeasures, EveryId_IsUnique) {
  std::set<std::string_view> seen;
  for (const auto& m : send_measures()) EXPECT_TRUE(seen.insert(m.id).second) << "repeated id " << m.id;
}

TEST(ModelMeasures, EveryMeasure_HasIdLabelAndDescription) {
  for (const auto& m : send_measures()) {
    EXPECT_FALSE(m.id.empty());
    EXPECT_FALSE(m.label.empty()) << m.id;
    EXPECT_FALSE(m.description.empty()) << m.id;
    EXPECT_NE(m.compute, nullptr) << m.id;
  }
}

// The id is the tidy CSV's `measure` column: a plain identifier that needs no quoting.
TEST(ModelMeasures, EveryId_IsALowercaseIdentifier) {
  for (const auto& m : send_measures())
    for (char ch : m.id) EXPECT_TRUE((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_') << m.id;
}

TEST(ModelMeasures, ScorecardTable_IsNoneCensusOrFlows) {
  for (const auto& m : send_measures()) {
    EXPECT_TRUE(m.scorecard_table >= 0 && m.scorecard_table <= 2) << m.id;
    // Table 1 holds January stocks, table 2 calendar-year flows.
    if (m.scorecard_table == 1) {
      EXPECT_EQ(m.period, MeasurePeriod::CensusJanuary) << m.id;
    } else if (m.scorecard_table == 2) {
      EXPECT_EQ(m.period, MeasurePeriod::CalendarYear) << m.id;
    }
  }
}

TEST(ModelMeasures, MeasureWithAPublishedCounterpart_HasTheSameUnit) {
  const auto published = data::PublishedSeries::embedded();
  int compared = 0;
  for (const auto& m : send_measures())
    for (int year = 2000; year <= 2040; ++year)
      if (const auto* p = published.find(m.id, year)) {
        ++compared;
        EXPECT_EQ(p->unit, to_string(m.unit)) << m.id << " " << year;
      }
  EXPECT_GT(compared, 0) << "no measure has a published counterpart";
}

// Every figure in data/published/national.csv is compared with something: its measure is in the
// registry (otherwise it is silently never shown).
TEST(ModelMeasures, EveryPublishedMeasure_IsInTheRegistry) {
  const auto table = data::CsvTable::parse(data::embedded_national_series(), data::kEmbeddedSeriesName);
  const auto col = table.require_column("measure");
  std::string missing;
  for (std::size_t r = 0; r < table.rows(); ++r)
    if (!find_measure(table.cell(r, col))) missing += " " + std::string(table.cell(r, col));
  EXPECT_EQ(missing, "") << "published but not in the registry";
}

TEST(ModelMeasures, FindMeasure_ReturnsTheMeasureWithThatId) {
  for (const auto& m : send_measures()) {
    const MeasureDef* found = find_measure(m.id);
    ASSERT_NE(found, nullptr) << m.id;
    EXPECT_EQ(found, &m) << m.id;
  }
  ASSERT_NE(find_measure("ehc_plans"), nullptr);
  EXPECT_EQ(find_measure("ehc_plans")->period, MeasurePeriod::CensusJanuary);
}

TEST(ModelMeasures, FindMeasure_ReturnsNullForAnUnknownId) {
  EXPECT_EQ(find_measure("no_such_measure"), nullptr);
  EXPECT_EQ(find_measure(""), nullptr);
  EXPECT_EQ(find_measure("EHC_PLANS"), nullptr);
}

TEST(ModelMeasures, UnitNames_AreCountAndPercent) {
  EXPECT_EQ(to_string(MeasureUnit::Count), "count");
  EXPECT_EQ(to_string(MeasureUnit::Percent), "percent");
}

TEST(ModelMeasures, PercentMeasures_AreNulloptForAnEmptyYear) {
  YearTally empty;  // covered, but nobody in it: every ratio has a zero denominator
  empty.year = 2016;
  empty.has_census = true;
  empty.full_year = true;
  int percents = 0;
  for (const auto& m : send_measures())
    if (m.unit == MeasureUnit::Percent) {
      ++percents;
      EXPECT_FALSE(m.compute(empty).has_value()) << m.id;
    }
  EXPECT_GT(percents, 0);
}

TEST(ModelMeasures, EveryMeasure_IsNulloptForAYearTheRunDidNotCover) {
  YearTally uncovered = busy_year();
  uncovered.has_census = false;
  uncovered.full_year = false;
  for (const auto& m : send_measures()) EXPECT_FALSE(m.compute(uncovered).has_value()) << m.id;
}

TEST(ModelMeasures, EveryMeasure_HasAValueForACoveredBusyYear) {
  const YearTally y = busy_year();
  for (const auto& m : send_measures()) EXPECT_TRUE(m.compute(y).has_value()) << m.id;
}

// A year with a census but not all twelve months (the last year of a run ending before December):
// stocks are there, flows are not. This is what `period` declares.
TEST(ModelMeasures, PeriodDeclared_MatchesWhatTheMeasureNeeds) {
  YearTally partial = busy_year();
  partial.full_year = false;
  for (const auto& m : send_measures())
    EXPECT_EQ(m.compute(partial).has_value(), m.period == MeasurePeriod::CensusJanuary) << m.id;
}

TEST(ModelMeasures, PercentMeasures_AreBetweenZeroAndHundred) {
  const YearTally y = busy_year();
  for (const auto& m : send_measures()) {
    if (m.unit != MeasureUnit::Percent) continue;
    const auto v = m.compute(y);
    ASSERT_TRUE(v.has_value()) << m.id;
    EXPECT_GE(*v, 0.0) << m.id;
    EXPECT_LE(*v, 100.0) << m.id;
  }
}

TEST(ModelMeasures, EhcPlans_IsThePlansOnTheCensus) {
  const YearTally y = busy_year();
  ASSERT_NE(find_measure("ehc_plans"), nullptr);
  EXPECT_EQ(find_measure("ehc_plans")->compute(y), 40.0);
}

// DfE's measure: plans issued within 20 weeks as a share of plans issued, exception cases excluded.
TEST(ModelMeasures, PctWithin20Weeks_IsTimelyPlansOverPlansWithoutException) {
  const YearTally y = busy_year();
  ASSERT_NE(find_measure("pct_within_20_weeks"), nullptr);
  EXPECT_DOUBLE_EQ(*find_measure("pct_within_20_weeks")->compute(y), 100.0 * 6 / 9);
}

}  // namespace
}  // namespace sendtwin::model
