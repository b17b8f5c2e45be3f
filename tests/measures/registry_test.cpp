// Promises of the measure registry (src/measures/registry.h): every output reads it, so its ids
// must be unique and documented, its units must agree with the published series it is compared
// with and with what a real run prints, a measure is absent (nullopt) wherever the run does not
// cover it, and no file in src/ outside src/measures spells a measure id.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "data/csv.h"
#include "data/embedded.h"
#include "data/la_register.h"
#include "data/la_start.h"
#include "data/published.h"
#include "data/send_params.h"
#include "measures/projections.h"
#include "measures/registry.h"
#include "pipeline/pipeline.h"
#include "report/finance_report.h"
#include "report/results.h"

#ifndef SENDTWIN_SOURCE_DIR
#error "SENDTWIN_SOURCE_DIR must name the source tree (CMakeLists.txt defines it for the tests)"
#endif

namespace sendtwin::measures {
namespace {

using model::YearTally;

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

TEST(MeasuresRegistry, Registry_IsNotEmpty) {
  EXPECT_FALSE(pupils().empty());
  EXPECT_GT(all().size(), pupils().size());
}

TEST(MeasuresRegistry, EveryId_IsUnique) {
  std::set<std::string_view> seen;
  for (const auto& m : all()) EXPECT_TRUE(seen.insert(m.id).second) << "repeated id " << m.id;
}

TEST(MeasuresRegistry, EveryMeasure_HasIdLabelAndDescription) {
  for (const auto& m : all()) {
    EXPECT_FALSE(m.id.empty());
    EXPECT_FALSE(m.label.empty()) << m.id;
    EXPECT_FALSE(m.description.empty()) << m.id;
  }
}

// A measure is computed from one source: a tally (the pupils, by January or calendar year), or the
// money (by financial year) of England, of each ledger, or both.
TEST(MeasuresRegistry, EveryMeasure_IsComputedFromATallyOrFromTheMoney) {
  for (const auto& m : all()) {
    const bool money = m.from_england || m.from_ledger;
    EXPECT_NE(m.from_tally != nullptr, money) << m.id;
    EXPECT_EQ(money, m.period == Period::FinancialYear) << m.id;
    EXPECT_EQ(m.from_england != nullptr, m.shown.england_row > 0) << m.id;
    if (m.shown.ledger_row > 0) {
      EXPECT_NE(m.from_ledger, nullptr) << m.id;
    }
    // A ledger's figure beyond the ledger rows is for `compare` alone.
    if (m.from_ledger && m.shown.ledger_row == 0) {
      EXPECT_TRUE(m.shown.compare) << m.id;
    }
    EXPECT_EQ(m.england == England::LedgerOnly, !m.from_tally && !m.from_england) << m.id;
    if (m.from_tally) {
      EXPECT_TRUE(m.england == England::SumOfAreas || m.england == England::RatioOfSums) << m.id;
    }
    if (m.unit == Unit::Percent) {
      EXPECT_TRUE(m.england == England::RatioOfSums || m.england == England::LedgerOnly) << m.id;
    }
  }
}

// pupils() is the registry's tally measures, all of them, and first.
TEST(MeasuresRegistry, Pupils_AreTheTallyMeasures) {
  std::size_t tally = 0;
  for (const auto& m : all()) tally += m.from_tally != nullptr;
  ASSERT_EQ(pupils().size(), tally);
  for (const auto& m : pupils()) EXPECT_NE(m.from_tally, nullptr) << m.id;
  EXPECT_EQ(pupil_index(id::kEhcPlans), static_cast<std::size_t>(find(id::kEhcPlans) - pupils().data()));
  EXPECT_EQ(pupil_index(id::kHighNeedsSpend), pupils().size());
}

// England's rows and each ledger's are numbered 1, 2, ... without a gap or a repeat.
TEST(MeasuresRegistry, MoneyRows_AreNumberedInOrder) {
  const auto england = england_rows(), ledger = ledger_rows();
  ASSERT_FALSE(england.empty());
  ASSERT_FALSE(ledger.empty());
  for (std::size_t k = 0; k < england.size(); ++k) EXPECT_EQ(england[k]->shown.england_row, static_cast<int>(k + 1));
  for (std::size_t k = 0; k < ledger.size(); ++k) EXPECT_EQ(ledger[k]->shown.ledger_row, static_cast<int>(k + 1));
}

// What an output shows, it can compute: a chart has a title, the scenario outputs are figures, and
// `compare` takes nominal money of England and of a ledger.
TEST(MeasuresRegistry, WhatAnOutputShows_TheMeasureCanGive) {
  for (const auto& m : all()) {
    const auto& s = m.shown;
    if (s.html_england || s.html_ledger || s.html_difference) {
      EXPECT_FALSE(s.title.empty()) << m.id;
    }
    if (s.html_england) {
      EXPECT_NE(m.from_england, nullptr) << m.id;
    }
    if (s.html_ledger) {
      EXPECT_NE(m.from_ledger, nullptr) << m.id;
    }
    if (s.scenario_table || s.html_difference || !s.dashboard.empty()) {
      EXPECT_TRUE(s.figure) << m.id;
    }
    if (s.figure) {
      EXPECT_TRUE(m.from_tally || m.from_england) << m.id;
    }
    if (s.compare) {
      EXPECT_TRUE(m.from_england && m.from_ledger && m.unit == Unit::Pounds && !m.id.ends_with("_real")) << m.id;
    }
    if (s.scorecard != 0) {
      EXPECT_NE(m.from_tally, nullptr) << m.id;
    }
  }
}

// The orders the outputs had before the registry (issue 16), which their bytes depend on.
TEST(MeasuresRegistry, EnglandAndLedgerRows_KeepTheirOrder) {
  auto names = [](const std::vector<const Measure*>& rows) {
    std::vector<std::string> out;
    for (const Measure* m : rows) out.emplace_back(m->id);
    return out;
  };
  EXPECT_EQ(names(england_rows()),
            (std::vector<std::string>{"high_needs_spend", "high_needs_allocation", "high_needs_in_year_balance",
                                      "las_overspending", "las_overspending_pct", "net_overspend", "cumulative_dsg_balance",
                                      "dsg_deficit_pct", "import_export_adjustment", "notional_sen", "notional_sen_for_plans",
                                      "notional_sen_for_sen_support", "independent_special_spend",
                                      "las_past_deficit_threshold", "high_needs_spend_real", "spend_per_plan_real",
                                      "high_needs_write_off", "overspend_met_centrally", "white_paper_grants",
                                      "spend_mainstream", "spend_units", "spend_state_special", "spend_alternative_provision", "spend_independent_mainstream", "spend_further_education", "spend_early_years", "spend_other", "spend_place_funding", "spend_top_ups", "spend_without_plans"}));
  EXPECT_EQ(names(ledger_rows()),
            (std::vector<std::string>{"high_needs_spend", "high_needs_allocation", "import_export_adjustment",
                                      "high_needs_in_year_balance", "notional_sen", "schools_block_transfer",
                                      "deficit_interest", "cumulative_dsg_balance", "dsg_balance_pct",
                                      "high_needs_write_off", "overspend_met_centrally", "white_paper_grants",
                                      "spend_mainstream", "spend_units", "spend_state_special", "spend_alternative_provision", "spend_independent_mainstream", "spend_further_education", "spend_early_years", "spend_other", "spend_place_funding", "spend_top_ups", "spend_without_plans"}));
}

// goal-seek's targets: every pupil measure, then the money figures in the scenario CSV's order.
TEST(MeasuresRegistry, Figures_AreEveryPupilMeasureThenTheMoneyFigures) {
  std::vector<std::string> expected;
  for (const auto& m : pupils()) expected.emplace_back(m.id);
  for (const char* id : {"high_needs_spend", "high_needs_allocation", "high_needs_in_year_balance", "cumulative_dsg_balance",
                         "dsg_deficit_pct", "las_overspending", "net_overspend", "independent_special_spend", "notional_sen",
                         "las_past_deficit_threshold", "high_needs_write_off", "overspend_met_centrally", "white_paper_grants",
                         "spend_mainstream", "spend_units", "spend_state_special", "spend_alternative_provision", "spend_independent_mainstream", "spend_further_education", "spend_early_years", "spend_other", "spend_place_funding", "spend_top_ups", "spend_without_plans"})
    expected.emplace_back(id);
  EXPECT_EQ(ids(&Shown::figure), expected);
}

// The scenario command's terminal table, as src/cli listed it.
TEST(MeasuresRegistry, ScenarioTable_IsTheMeasuresTheCommandListed) {
  EXPECT_EQ(ids(&Shown::scenario_table),
            (std::vector<std::string>{"pupils", "sen_support", "pupils_with_plan_pct", "ehc_plans", "plans_state_special",
                                      "plans_independent_special", "isps", "requests", "new_plans", "pct_within_20_weeks", "tribunal_appeals",
                                      "mainstream_to_special", "high_needs_spend", "high_needs_in_year_balance",
                                      "cumulative_dsg_balance", "las_overspending", "independent_special_spend", "notional_sen",
                                      "high_needs_write_off", "overspend_met_centrally"}));
}

TEST(MeasuresRegistry, PeriodLabels_AreJanuaryCalendarAndFinancialYears) {
  EXPECT_EQ(period_label(Period::CensusJanuary, 2015), "2015-01");
  EXPECT_EQ(period_label(Period::CalendarYear, 2015), "2015");
  EXPECT_EQ(period_label(Period::FinancialYear, 2028), "2028-29");
  EXPECT_EQ(period_label(Period::FinancialYear, 2099), "2099-00");
  EXPECT_EQ(period_label(*find(id::kHighNeedsSpend), 2020), "2020-21");
}

// The id is the tidy CSV's `measure` column: a plain identifier that needs no quoting.
TEST(MeasuresRegistry, EveryId_IsALowercaseIdentifier) {
  for (const auto& m : all())
    for (char ch : m.id) EXPECT_TRUE((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_') << m.id;
}

TEST(MeasuresRegistry, ScorecardTable_IsNoneCensusOrFlows) {
  for (const auto& m : pupils()) {
    EXPECT_TRUE(m.shown.scorecard >= 0 && m.shown.scorecard <= 2) << m.id;
    // Table 1 holds January stocks, table 2 calendar-year flows.
    if (m.shown.scorecard == 1) {
      EXPECT_EQ(m.period, Period::CensusJanuary) << m.id;
    } else if (m.shown.scorecard == 2) {
      EXPECT_EQ(m.period, Period::CalendarYear) << m.id;
    }
  }
}

TEST(MeasuresRegistry, MeasureWithAPublishedCounterpart_HasTheSameUnit) {
  const auto published = data::PublishedSeries::embedded();
  int compared = 0;
  for (const auto& m : all())
    for (int year = 2000; year <= 2040; ++year)
      if (const auto* p = published.find(m.id, year)) {
        ++compared;
        EXPECT_EQ(p->unit, to_string(m.unit)) << m.id << " " << year;
      }
  EXPECT_GT(compared, 0) << "no measure has a published counterpart";
}

// Every figure in data/published/national.csv is compared with something: its measure is in the
// registry (otherwise it is silently never shown).
TEST(MeasuresRegistry, EveryPublishedMeasure_IsInTheRegistry) {
  const auto table = data::CsvTable::parse(data::embedded_national_series(), data::kEmbeddedSeriesName);
  const auto col = table.require_column("measure");
  std::string missing;
  for (std::size_t r = 0; r < table.rows(); ++r)
    if (!find(table.cell(r, col))) missing += " " + std::string(table.cell(r, col));
  EXPECT_EQ(missing, "") << "published but not in the registry";
}

TEST(MeasuresRegistry, FindMeasure_ReturnsTheMeasureWithThatId) {
  for (const auto& m : all()) {
    const Measure* found = find(m.id);
    ASSERT_NE(found, nullptr) << m.id;
    EXPECT_EQ(found, &m) << m.id;
  }
  ASSERT_NE(find("ehc_plans"), nullptr);
  EXPECT_EQ(find("ehc_plans")->period, Period::CensusJanuary);
}

TEST(MeasuresRegistry, FindMeasure_ReturnsNullForAnUnknownId) {
  EXPECT_EQ(find("no_such_measure"), nullptr);
  EXPECT_EQ(find(""), nullptr);
  EXPECT_EQ(find("EHC_PLANS"), nullptr);
}

// As the CSVs have always printed them.
TEST(MeasuresRegistry, UnitNames_AreCountPercentAndGBP) {
  EXPECT_EQ(to_string(Unit::Count), "count");
  EXPECT_EQ(to_string(Unit::Percent), "percent");
  EXPECT_EQ(to_string(Unit::Pounds), "GBP");
}

TEST(MeasuresRegistry, PercentMeasures_AreNulloptForAnEmptyYear) {
  YearTally empty;  // covered, but nobody in it: every ratio has a zero denominator
  empty.year = 2016;
  empty.has_census = true;
  empty.full_year = true;
  int percents = 0;
  for (const auto& m : pupils())
    if (m.unit == Unit::Percent) {
      ++percents;
      EXPECT_FALSE(m.from_tally(empty).has_value()) << m.id;
    }
  EXPECT_GT(percents, 0);
}

TEST(MeasuresRegistry, EveryMeasure_IsNulloptForAYearTheRunDidNotCover) {
  YearTally uncovered = busy_year();
  uncovered.has_census = false;
  uncovered.full_year = false;
  for (const auto& m : pupils()) EXPECT_FALSE(m.from_tally(uncovered).has_value()) << m.id;
}

TEST(MeasuresRegistry, EveryMeasure_HasAValueForACoveredBusyYear) {
  const YearTally y = busy_year();
  for (const auto& m : pupils()) EXPECT_TRUE(m.from_tally(y).has_value()) << m.id;
}

// A year with a census but not all twelve months (the last year of a run ending before December):
// stocks are there, flows are not. This is what `period` declares.
TEST(MeasuresRegistry, PeriodDeclared_MatchesWhatTheMeasureNeeds) {
  YearTally partial = busy_year();
  partial.full_year = false;
  for (const auto& m : pupils())
    EXPECT_EQ(m.from_tally(partial).has_value(), m.period == Period::CensusJanuary) << m.id;
}

TEST(MeasuresRegistry, PercentMeasures_AreBetweenZeroAndHundred) {
  const YearTally y = busy_year();
  for (const auto& m : pupils()) {
    if (m.unit != Unit::Percent) continue;
    const auto v = m.from_tally(y);
    ASSERT_TRUE(v.has_value()) << m.id;
    EXPECT_GE(*v, 0.0) << m.id;
    EXPECT_LE(*v, 100.0) << m.id;
  }
}

TEST(MeasuresRegistry, EhcPlans_IsThePlansOnTheCensus) {
  const YearTally y = busy_year();
  ASSERT_NE(find("ehc_plans"), nullptr);
  EXPECT_EQ(find("ehc_plans")->from_tally(y), 40.0);
}

// DfE's measure: plans issued within 20 weeks as a share of plans issued, exception cases excluded.
TEST(MeasuresRegistry, PctWithin20Weeks_IsTimelyPlansOverPlansWithoutException) {
  const YearTally y = busy_year();
  ASSERT_NE(find("pct_within_20_weeks"), nullptr);
  EXPECT_DOUBLE_EQ(*find("pct_within_20_weeks")->from_tally(y), 100.0 * 6 / 9);
}

// Every measure of data/published/projections.csv has a model figure, and its period kind is one a
// projection's model_period can be (a January census or a financial year).
TEST(MeasuresRegistry, EveryProjectionMeasure_IsKnownWithItsKindOfPeriod) {
  const auto table = data::CsvTable::parse(data::embedded_projections(), data::kEmbeddedProjectionsName);
  const auto col = table.require_column("measure");
  ASSERT_GT(table.rows(), 0u);
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const ProjectionMeasure* m = find_projection_measure(table.cell(r, col));
    ASSERT_NE(m, nullptr) << table.cell(r, col);
    EXPECT_NE(m->model_figure, nullptr) << m->id;
    EXPECT_NE(m->period, Period::CalendarYear) << m->id;
  }
  std::set<std::string_view> seen;
  for (const auto& m : projection_measures()) EXPECT_TRUE(seen.insert(m.id).second) << "repeated id " << m.id;
}

// ---------------------------------------------------------------------------------------------
// A real run's scorecard.csv, made as `sendtwin run --out` makes it: England and every LA, England's
// money, every ledger.

std::string small_run_scorecard() {
  static const std::string csv = [] {
    static const auto reg = data::LaRegister::parse(data::embedded_la_register(), data::kEmbeddedRegisterName);
    pipeline::RunPlan plan;
    plan.start_year = 2015;
    plan.send = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
    plan.money = data::parse_finance_params(data::embedded_send_params(), data::kEmbeddedParamsName);
    plan.areas = data::starts_in(data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName), 2015);
    plan.funding = data::parse_la_funding(data::embedded_la_funding(), data::kEmbeddedFundingName);
    plan.la_register = &reg;
    plan.scale = 0.01;
    plan.threads = 2;
    plan.first_year = 2015;
    plan.last_year = 2022;
    const pipeline::RunResult result = pipeline::run(plan);
    const auto england = report::collect(result.run, plan.first_year, plan.last_year);
    const auto las = report::collect_areas(result.run, plan.first_year, plan.last_year);
    std::vector<const report::ResultTable*> tables = {&england};
    for (const auto& t : las) tables.push_back(&t);
    return report::tidy_csv(tables, "baseline") + report::finance_tidy_rows(result.england_money(), result.money, "baseline") +
           report::ledger_tidy_rows(result.ledgers, "baseline");
  }();
  return csv;
}

// Every row of a real run is a measure of the registry, in its unit and its kind of period; and
// every measure of the registry is printed.
TEST(MeasuresRegistry, EveryMeasureOfARealRunsScorecard_IsInTheRegistryWithItsUnitAndPeriod) {
  const auto t = data::CsvTable::parse(small_run_scorecard(), "scorecard.csv");
  const std::size_t measure = t.require_column("measure"), unit = t.require_column("unit"), period = t.require_column("period");
  ASSERT_GT(t.rows(), 1000u);
  std::set<std::string_view> printed;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const Measure* m = find(t.cell(r, measure));
    ASSERT_NE(m, nullptr) << "row " << r << ": " << t.cell(r, measure) << " is not in the registry";
    printed.insert(m->id);
    EXPECT_EQ(t.cell(r, unit), to_string(m->unit)) << m->id;
    const std::string p(t.cell(r, period));
    const int year = std::stoi(p.substr(0, 4));
    EXPECT_EQ(p, period_label(*m, year)) << m->id;
  }
  for (const auto& m : all()) EXPECT_TRUE(printed.count(m.id)) << m.id << " is in the registry but no run prints it";
}

// ---------------------------------------------------------------------------------------------
// No measure id spelled outside src/measures: a string literal "id" (or, in a page's script, 'id')
// equal to a registry id, in any file under src/ but src/measures/.

// Literals that merely coincide with a measure id: names of something else, read or written by that
// file. Each (file under src/, literal) with its reason; nothing else may spell an id.
const std::map<std::pair<std::string, std::string>, std::string>& coincidences() {
  static const std::map<std::pair<std::string, std::string>, std::string> allowed = {
      {{"data/la_start.cpp", "pupils"}, "a column of data/la/starts.csv and of `data starts` (the LA's pupils each January)"},
      {{"data/la_start.cpp", "sen_support"}, "a column of data/la/starts.csv and of `data starts`"},
      {{"data/la_start.cpp", "plans_mainstream"}, "a column of data/la/starts.csv (plans by setting)"},
      {{"data/la_start.cpp", "plans_state_special"}, "a column of data/la/starts.csv (plans by setting)"},
      {{"data/la_start.cpp", "plans_independent_special"}, "a column of data/la/starts.csv (plans by setting)"},
      {{"data/la_flows.cpp", "requests"}, "a column of data/la/flows.csv and of `data flows` (an LA's published requests)"},
      {{"data/la_flows.cpp", "new_plans"}, "a column of data/la/flows.csv and of `data flows` (an LA's published new plans)"},
      {{"data/la_start.cpp", "ehc_plans"}, "a column of data/la/plans.csv and of `data plans` (DfE's SEN2 plans by LA)"},
      {{"data/send_params.cpp", "pupils"}, "a key of data/params/send.toml's [population] section (England's pupils in its census_year)"},
      {{"data/send_params.cpp", "pupils_with_plan"}, "a key of data/params/send.toml's [population] section"},
      {{"data/send_params.cpp", "sen_support"}, "a section of data/params/send.toml"},
      {{"data/send_params.cpp", "requests"}, "a section of data/params/send.toml"},
      {{"data/send_params.cpp", "mainstream_to_special"}, "a key of data/params/send.toml's [placement] section"},
      {{"data/send_params.cpp", "notional_sen"}, "a key of data/params/send.toml's [finance] section"},
      {{"calibrate/calibrate.cpp", "sen_support"}, "the [sen_support] section of send.toml that stage one patches"},
      {{"calibrate/calibrate.cpp", "requests"}, "the [requests] section of send.toml that stage one patches"},
      {{"core/types.cpp", "sen_support"}, "the name of SenStatus::SenSupport"},
      {{"data/la_start.cpp", "import_export_adjustment"}, "a column of `data funding` and of data/la/funding.csv"},
      {{"calibrate/calibrate.h", "requests"}, "a comment naming send.toml's [requests] section"},
      {{"scenario/scenario.cpp", "independent_fee"}, "a lever's name (the fee lever of scenario files), not the projection"},
  };
  return allowed;
}

// Every id of the registry and of the projections' measures.
std::set<std::string> every_id() {
  std::set<std::string> ids;
  for (const auto& m : all()) ids.emplace(m.id);
  for (const auto& m : projection_measures()) ids.emplace(m.id);
  return ids;
}

// Every literal in `text` ("..." and '...') that is a measure id, with its line.
std::vector<std::pair<int, std::string>> measure_literals(const std::string& text) {
  static const std::set<std::string> ids = every_id();
  std::vector<std::pair<int, std::string>> out;
  for (const auto& id : ids)
    for (const char quote : {'"', '\''}) {
      const std::string literal = quote + id + quote;
      for (std::size_t at = text.find(literal); at != std::string::npos; at = text.find(literal, at + 1))
        out.emplace_back(1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n')),
                         id);
    }
  return out;
}

// The literals spelled outside src/measures and not allowed above: "file:line: id" each.
std::vector<std::string> stray_measure_literals(const std::filesystem::path& src) {
  std::vector<std::string> stray;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(src)) {
    if (!entry.is_regular_file()) continue;
    const std::string rel = entry.path().lexically_relative(src).generic_string();
    if (rel.starts_with("measures/")) continue;
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".h") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    for (const auto& [line, id] : measure_literals(text.str()))
      if (!coincidences().count({rel, id})) stray.push_back(rel + ":" + std::to_string(line) + ": " + id);
  }
  return stray;
}

TEST(MeasuresRegistry, NoMeasureId_IsSpelledInSrcOutsideTheRegistry) {
  const std::filesystem::path src = std::filesystem::path(SENDTWIN_SOURCE_DIR) / "src";
  ASSERT_TRUE(std::filesystem::is_directory(src / "measures")) << src;
  std::string found;
  for (const auto& s : stray_measure_literals(src)) found += "\n  " + s;
  EXPECT_EQ(found, "") << "measure ids spelled outside src/measures (use measures::id::k...):";
}

// The scan itself finds a literal, in either quote, on its line; and the allowlist names only
// literals that are still there (a stale entry would hide a later real one).
TEST(MeasuresRegistry, TheScan_FindsALiteralAndTheAllowlistIsCurrent) {
  const auto hits = measure_literals("int a;\nauto x = \"high_needs_spend\";\nm.id === 'ehc_plans'\n");
  ASSERT_EQ(hits.size(), 2u);
  std::set<std::pair<int, std::string>> got(hits.begin(), hits.end());
  EXPECT_TRUE(got.count({2, "high_needs_spend"}));
  EXPECT_TRUE(got.count({3, "ehc_plans"}));
  EXPECT_TRUE(measure_literals("auto y = \"high_needs_spend_real_x\"; // high_needs_spend").empty());
  const std::filesystem::path src = std::filesystem::path(SENDTWIN_SOURCE_DIR) / "src";
  for (const auto& [where, reason] : coincidences()) {
    std::ifstream in(src / where.first, std::ios::binary);
    ASSERT_TRUE(in) << where.first;
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("\"" + where.second + "\""), std::string::npos)
        << where.first << " no longer spells \"" << where.second << "\": remove it from the allowlist";
  }
}

// The breakdowns of issue 20 add up to what they break down: plans by need (DfE's 13 rows, Down
// syndrome with "other"), by age band and by placement to the EHC plans; in a ledger, spend by
// placement and on pupils without a plan, and by element, to the spend.
TEST(MeasuresRegistry, Breakdowns_AddUpToTheirWhole) {
  model::YearTally y;
  y.year = 2030;
  y.has_census = true;
  for (int n = 0; n < kNeedTypeCount; ++n) y.census.plans_by_need[n] = static_cast<NeedType>(n) == NeedType::NSA ? 0 : 10 + n;
  for (int b = 0; b < model::kAgeBandCount; ++b) y.census.plans_by_age_band[b] = 30 + 7 * b;
  for (int s = 0; s < kSettingCount; ++s) y.census.plans_by_setting[s] = 5 + s;
  auto sum_of = [&](std::string_view prefix) {
    double total = 0;
    for (const auto& m : pupils())
      if (m.id.starts_with(prefix) && m.shown.breakdown) total += *m.from_tally(y);
    return total;
  };
  std::int64_t plans = 0;
  for (auto n : y.census.plans_by_need) plans += n;
  EXPECT_EQ(sum_of("plans_need_"), static_cast<double>(plans));
  plans = 0;
  for (auto n : y.census.plans_by_age_band) plans += n;
  EXPECT_EQ(sum_of("plans_aged_"), static_cast<double>(plans));
  // The placements: the new ones and the four the registry had (mainstream takes units and
  // independent mainstream in, so the new mainstream school row replaces it).
  double placed = sum_of("plans_in_");
  for (auto id : {"plans_state_special", "plans_independent_special", "plans_further_education"}) placed += *find(id)->from_tally(y);
  plans = 0;
  for (auto n : y.census.plans_by_setting) plans += n;
  EXPECT_EQ(placed, static_cast<double>(plans));

  finance::LedgerYear l;
  l.spend_by_setting = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  l.without_plans = 11;
  l.place_funding = 20, l.top_ups = 25;
  l.independent_spend = l.spend_by_setting[static_cast<int>(Setting::IndependentSpecial)];
  double by_placement = find("independent_special_spend") ? l.independent_spend : 0;
  double by_element = 0;
  for (const auto& m : all())
    if (m.shown.breakdown && m.from_ledger) {
      const std::string_view id = m.id;
      if (id == "spend_place_funding" || id == "spend_top_ups") by_element += m.from_ledger(l);
      else if (id == "spend_without_plans") by_element += m.from_ledger(l), by_placement += m.from_ledger(l);
      else by_placement += m.from_ledger(l);
    }
  EXPECT_EQ(by_placement, 45 + 11);  // every placement and the pupils without a plan
  EXPECT_EQ(by_element, 20 + 25 + 11);
}

}  // namespace
}  // namespace sendtwin::measures
