// Promises of data/la_start.h for every January 2015-2025 (issue 17) and of data/la_flows.h: every
// LA DfE published each January, under that year's code; its plans by age band and by placement
// adding up exactly to its published total and the LAs' to England's; pupils adding up to England's;
// SEN Support at the LA's own LAIT rate; need shares from January 2025; practice from the LA's own
// flows of the three years before the January only, shrunk toward England by the formula in
// la_start.h; a start that does not change when any figure of a later year does (the backtest's
// no-leak proof for the data); the January 2015 rows exactly the first starts' (the table before
// issue 17 is kept as tests/data/golden/start_2015.csv); and bad tables refused with
// `file:line: field: message`.
//
// The real files are read from $SENDTWIN_SHARED/data (default: ../shared next to the source tree);
// the tests that need them skip when they are not there.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "../support/input_error.h"
#include "../support/shared_data.h"
#include "core/error.h"
#include "data/csv.h"
#include "data/ees.h"
#include "data/embedded.h"
#include "data/la_flows.h"
#include "data/la_register.h"
#include "data/la_start.h"
#include "data/published.h"
#include "data/send_params.h"
#include "io/input_file.h"

#ifndef SENDTWIN_SOURCE_DIR
#error "SENDTWIN_SOURCE_DIR must name the source tree (CMakeLists.txt defines it for the tests)"
#endif

namespace sendtwin::data {
namespace {

namespace fs = std::filesystem;
using test_support::input_error;
using test_support::dfe_dir;
using test_support::england;
using test_support::la_register;
using test_support::shared_data;

class LaStartsYears : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(dfe_dir() / "ehcp-2025/data/caseload.csv") || !fs::exists(shared_data() / "census"))
      GTEST_SKIP() << "DfE's and the census files are not under " << shared_data();
  }
};

const std::vector<model::AreaStart>& all_starts() {
  static const std::vector<model::AreaStart> all = read_la_starts(dfe_dir().string(), england(), la_register());
  return all;
}

const model::AreaStart* find(const std::vector<model::AreaStart>& all, const std::string& code, int year) {
  for (const auto& a : all)
    if (a.code == code && a.year == year) return &a;
  return nullptr;
}

double sum(const auto& values) { return std::accumulate(values.begin(), values.end(), 0.0); }

const EesFile& file(const std::string& relative) {
  static std::map<std::string, std::unique_ptr<EesFile>> cache;
  auto& slot = cache[relative];
  if (!slot) slot = std::make_unique<EesFile>((dfe_dir() / relative).string());
  return *slot;
}

// The published January total of EHC plans of LA `code` ("" for England): the 2022 release's
// Total_all to 2022, the 2025 release's ehcplans after.
double published_total(const std::string& code, int year) {
  if (year <= 2022) {
    const EesFile& age = file("ehcp-2022/data/sen2_age_caseload.csv");
    const auto rows = code.empty() ? age.rows_where(GeographicLevel::National, year, {{"characteristic_age", "Total"}})
                                   : std::vector<std::size_t>{*age.la_row(code, year, {{"characteristic_age", "Total"}})};
    return *age.value(rows.at(0), "Total_all").value;
  }
  const EesFile& caseload = file("ehcp-2025/data/caseload.csv");
  const int period = (year - 1) * 100 + year % 100;
  const auto rows = code.empty() ? caseload.rows_where(GeographicLevel::National, period, {{"breakdown_topic", "All EHC plans"}})
                                 : std::vector<std::size_t>{*caseload.la_row(code, period, {{"breakdown_topic", "All EHC plans"}})};
  return *caseload.value(rows.at(0), "ehcplans").value;
}

// ---- Every January, every LA --------------------------------------------------------------------

TEST_F(LaStartsYears, EveryJanuary_HasEveryLaDfePublishedUnderItsCodeOfThatYear) {
  const std::map<int, std::size_t> expected = {{2015, 152}, {2016, 152}, {2017, 152}, {2018, 152},
                                               {2019, 152}, {2020, 151}, {2021, 151}, {2022, 152},
                                               {2023, 152}, {2024, 153}, {2025, 153}};
  std::map<int, std::size_t> count;
  for (const auto& a : all_starts()) ++count[a.year];
  EXPECT_EQ(count, expected);
  EXPECT_TRUE(std::is_sorted(all_starts().begin(), all_starts().end(), [](const auto& a, const auto& b) {
    return a.year != b.year ? a.year < b.year : a.code < b.code;
  }));
  EXPECT_EQ(latest_start_year(all_starts()), 2025);
  // The reorganisations, as SEN2 publishes them.
  EXPECT_TRUE(find(all_starts(), "835", 2019) && !find(all_starts(), "835", 2020) && find(all_starts(), "838", 2020));
  EXPECT_TRUE(find(all_starts(), "928", 2021) && !find(all_starts(), "928", 2022) && find(all_starts(), "941", 2022));
  EXPECT_TRUE(find(all_starts(), "909", 2023) && !find(all_starts(), "909", 2024) && find(all_starts(), "943", 2024));
}

TEST_F(LaStartsYears, EveryLaAndJanuary_BandsAndPlacementsAddUpExactlyToItsPublishedTotal) {
  for (const auto& a : all_starts()) {
    const double total = published_total(a.code, a.year);
    EXPECT_EQ(a.plans(), total) << a.code << " " << a.year;
    EXPECT_EQ(sum(a.plans_by_setting), total) << a.code << " " << a.year;
    for (const double n : a.plans_by_age_band) EXPECT_TRUE(n >= 0 && n == std::floor(n)) << a.code << " " << a.year;
    for (const double n : a.plans_by_setting) EXPECT_TRUE(n >= 0 && n == std::floor(n)) << a.code << " " << a.year;
  }
}

TEST_F(LaStartsYears, LaSumsOfPlans_AreEnglandsPublishedJanuaryTotals) {
  // Each LA's published figures add up to England's row exactly in these files (SEN2's counts are
  // not rounded), so no tolerance is needed; ages and placements shared out keep each LA's total.
  std::map<int, double> plans;
  for (const auto& a : all_starts()) plans[a.year] += a.plans();
  for (const auto& [year, n] : plans) EXPECT_EQ(n, published_total("", year)) << year;
}

TEST_F(LaStartsYears, PupilsAddUpToEnglandsEachJanuary) {
  const PublishedSeries national = PublishedSeries::embedded();
  std::map<int, double> pupils;
  for (const auto& a : all_starts()) pupils[a.year] += a.pupils;
  for (const auto& [year, n] : pupils) {
    const double england_pupils = year == england().population.census_year ? england().population.pupils : national.find("pupils", year)->value;
    EXPECT_NEAR(n, england_pupils, 1e-9 * england_pupils) << year;
  }
}

TEST_F(LaStartsYears, SenSupport_IsTheLasOwnLaitRateTimesItsPupils) {
  // Kent, January 2024: LAIT SEN_TotSENSuP for LA 886 in 2024.
  const CsvTable lait = read_csv_file((shared_data() / "census/sen-lait-2026/lait_sen_prevalence_la_2016_2025.csv").string());
  double pct = -1;
  for (std::size_t r = 0; r < lait.rows(); ++r)
    if (lait.cell(r, *lait.column("Short Desc")) == "SEN_TotSENSuP" && lait.cell(r, *lait.column("Years")) == "2024" &&
        lait.cell(r, *lait.column("LA Number")) == "886")
      pct = lait.number(r, *lait.column("Values"));
  ASSERT_GT(pct, 0);
  const model::AreaStart* kent = find(all_starts(), "886", 2024);
  ASSERT_NE(kent, nullptr);
  EXPECT_DOUBLE_EQ(kent->sen_support, kent->pupils * pct / 100);
}

TEST_F(LaStartsYears, SenSupport_AddsUpToEnglandsPublishedWithinHalfAPercent) {
  // Each LA at its own LAIT rate (rounded to 0.1 point) times its pupils: not England's published
  // count exactly, but within 0.5% of it in every January it is published (2016-2018, 2021, 2024).
  const PublishedSeries national = PublishedSeries::embedded();
  std::map<int, double> support;
  for (const auto& a : all_starts()) support[a.year] += a.sen_support;
  int compared = 0;
  for (const auto& [year, n] : support)
    if (const PublishedFigure* published = national.find("sen_support", year)) {
      EXPECT_NEAR(n / published->value, 1.0, year == 2015 ? 1e-12 : 0.005) << year;
      ++compared;
    }
  EXPECT_GE(compared, 5);
}

TEST_F(LaStartsYears, NeedShares_AreJanuary2025sAndAddUpToOne) {
  for (const auto& a : all_starts()) {
    if (a.year < 2025) EXPECT_EQ(sum(a.need_shares), 0) << a.code << " " << a.year;
    else EXPECT_NEAR(sum(a.need_shares), 1, 1e-12) << a.code;
  }
  const EesFile& needs = file("ehcp-2025/data/sen_needs_all_plans.csv");
  const auto row = needs.la_row("886", 202425, {{"breakdown_topic", "All EHC plans"}});
  ASSERT_TRUE(row);
  const model::AreaStart* kent = find(all_starts(), "886", 2025);
  ASSERT_NE(kent, nullptr);
  const double asd = *needs.value(*row, "number_asd").value;
  const double plans = *needs.value(*row, "ehc_plans").value;
  EXPECT_DOUBLE_EQ(kent->need_shares[static_cast<int>(NeedType::ASD)], asd / plans);
}

TEST_F(LaStartsYears, PlacementFrom2019_IsCaseloadsColumnsGroupedAsThe2022Release) {
  const EesFile& caseload = file("ehcp-2025/data/caseload.csv");
  const auto row = caseload.la_row("886", 202324, {{"breakdown_topic", "All EHC plans"}});
  ASSERT_TRUE(row);
  auto v = [&](const char* column) { return *caseload.value(*row, column).value; };
  const model::AreaStart* kent = find(all_starts(), "886", 2024);
  ASSERT_NE(kent, nullptr);
  const auto& s = kent->plans_by_setting;
  EXPECT_EQ(s[static_cast<int>(Setting::StateSpecial)], v("special_la_maintained") + v("special_academy_free"));
  EXPECT_EQ(s[static_cast<int>(Setting::IndependentSpecial)], v("special_independent") + v("special_non_maintained"));
  EXPECT_EQ(s[static_cast<int>(Setting::IndependentMainstream)], v("mainstream_independent"));
  EXPECT_EQ(s[0] + s[1] + s[static_cast<int>(Setting::IndependentMainstream)], v("mainstream_total"));
  EXPECT_EQ(s[static_cast<int>(Setting::AlternativeProvision)], v("ap_pru_total"));
  EXPECT_EQ(s[6], v("fe_total"));
  EXPECT_EQ(s[7], v("nm_early_years"));
  EXPECT_EQ(s[8], v("ehcplans") - v("mainstream_total") - v("special_total") - v("ap_pru_total") - v("fe_total") -
                      v("nm_early_years"));
}

TEST_F(LaStartsYears, PlacementDfeDidNotPublish_IsTheLasOwnEarlierShares) {
  // Peterborough's January 2024 placements are `x`: its 2024 total by its 2023 shares.
  const model::AreaStart* before = find(all_starts(), "874", 2023);
  const model::AreaStart* now = find(all_starts(), "874", 2024);
  ASSERT_TRUE(before && now);
  for (int s = 0; s < kSettingCount; ++s)
    EXPECT_NEAR(now->plans_by_setting[s], now->plans() * before->plans_by_setting[s] / before->plans(), 1.0) << s;
}

TEST_F(LaStartsYears, AgesOfJanuary2023_AreTheLasJanuary2022Shares) {
  const model::AreaStart* before = find(all_starts(), "886", 2022);
  const model::AreaStart* now = find(all_starts(), "886", 2023);
  ASSERT_TRUE(before && now);
  EXPECT_NE(now->plans(), before->plans());
  for (int b = 0; b < model::kAgeBandCount; ++b)
    EXPECT_NEAR(now->plans_by_age_band[b], now->plans() * before->plans_by_age_band[b] / before->plans(), 1.0) << b;
}

// ---- January 2015: the first starts, unchanged ----------------------------------------------------

TEST(LaStartsTable, Rows2015_AreTheFirstStartsFiguresExactly) {
  const std::string golden = io::read_text_file(std::string(SENDTWIN_SOURCE_DIR) + "/tests/data/golden/start_2015.csv");
  const CsvTable before = CsvTable::parse(golden, "start_2015.csv");
  const CsvTable now = CsvTable::parse(embedded_la_starts(), kEmbeddedStartsName);
  const std::size_t year = *now.column("year");
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < now.rows(); ++r)
    if (now.cell(r, year) == "2015") rows.push_back(r);
  ASSERT_EQ(rows.size(), before.rows());
  for (std::size_t r = 0; r < before.rows(); ++r)
    for (std::size_t c = 0; c < before.header().size(); ++c)
      EXPECT_EQ(now.cell(rows[r], *now.column(before.header()[c])), before.cell(r, c))
          << "line " << before.line(r) << " " << before.header()[c];
}

// ---- Practice: the LA's own earlier flows, shrunk toward England ---------------------------------

TEST_F(LaStartsYears, Practice_IsTheShrinkageFormulaOnASmallLasFlowsOfTheThreeYearsBefore) {
  // The Isles of Scilly, January 2021: flows of 2018-2020 (none of 2021 or later).
  std::vector<LaFlow> england_flows;
  const auto flows = read_la_flows(dfe_dir().string(), la_register(), &england_flows);
  double x = 0, n = 0, xe = 0, ne = 0, requests = 0, requests_e = 0;
  for (int y = 2018; y <= 2020; ++y) {
    const auto la = std::find_if(flows.begin(), flows.end(), [&](const LaFlow& f) { return f.code == "420" && f.year == y; });
    const auto e = std::find_if(england_flows.begin(), england_flows.end(), [&](const LaFlow& f) { return f.year == y; });
    ASSERT_TRUE(la != flows.end() && e != england_flows.end()) << y;
    if (la->refused && la->requests && *la->requests > 0) {
      x += *la->refused;
      n += *la->requests;
      xe += *e->refused;
      ne += *e->requests;
    }
    if (la->requests) {
      requests += *la->requests;
      requests_e += *e->requests;
    }
  }
  ASSERT_GT(n, 0);
  const double p = xe / ne;
  const model::AreaStart* scilly = find(all_starts(), "420", 2021);
  ASSERT_NE(scilly, nullptr);
  EXPECT_DOUBLE_EQ(scilly->refused_relative, ((x + 100 * p) / (n + 100)) / p);
  // Few requests: the shrunk rate lies between the LA's raw rate and England's.
  const double raw = (x / n) / p;
  EXPECT_TRUE((raw < scilly->refused_relative && scilly->refused_relative <= 1) ||
              (raw > scilly->refused_relative && scilly->refused_relative >= 1))
      << raw << " " << scilly->refused_relative;
  const double national_pupils = PublishedSeries::embedded().find("pupils", 2021)->value;
  const double expected = scilly->pupils / national_pupils * requests_e;
  EXPECT_DOUBLE_EQ(scilly->request_relative, (requests + 100) / (expected + 100));
}

// ---- No figure of a later year reaches a start ----------------------------------------------------

// A directory of links to every CSV under ../shared/data (DfE's and the census files), in which a
// test replaces some with changed copies; removed at the end.
class LaStartsPerturbed : public LaStartsYears {
 protected:
  void SetUp() override {
    LaStartsYears::SetUp();
    if (IsSkipped()) return;
    dir_ = fs::temp_directory_path() / ("sendtwin_la_starts_years_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const auto& entry : fs::recursive_directory_iterator(shared_data()))
      if (entry.is_regular_file() && entry.path().extension() == ".csv" && !fs::exists(dir_ / entry.path().filename()))
        fs::create_symlink(entry.path(), dir_ / entry.path().filename());
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  // Replaces the link `name` with a copy whose rows with `period_column` = `period` have `change`
  // applied to every cell of columns `first_column` .. `last_column` that is a number.
  void perturb(const std::string& name, const std::string& period_column, const std::string& period,
               std::size_t first_column, double (*change)(double), std::size_t last_column = 1000) {
    const CsvTable t = read_csv_file((dir_ / name).string());
    const std::size_t p = *t.column(period_column);
    CsvWriter w;
    w.row(t.header());
    for (std::size_t r = 0; r < t.rows(); ++r) {
      std::vector<std::string> row;
      for (std::size_t c = 0; c < t.header().size(); ++c) {
        std::string cell(t.cell(r, c));
        double value = 0;
        if (t.cell(r, p) == period && c >= first_column && c <= last_column && parse_number(cell, value) == NumberStatus::kOk) {
          char buffer[64];
          std::snprintf(buffer, sizeof buffer, "%.10g", change(value));
          cell = buffer;
        }
        row.push_back(cell);
      }
      w.row(row);
    }
    fs::remove(dir_ / name);
    std::ofstream(dir_ / name, std::ios::binary) << w.text();
  }
  fs::path dir_;
};

std::string starts_text(const std::vector<model::AreaStart>& all, int year) { return la_starts_csv(starts_in(all, year)); }

TEST_F(LaStartsPerturbed, FiguresOf2024Changed_LeaveEveryStartTo2023Unchanged) {
  auto twice = [](double v) { return 2 * v; };
  auto plus_one = [](double v) { return v + 1; };
  // Caseload, flows and the SEN Support rates of 2024, and the DSG pupils of 2023-24 (the January
  // 2024 start splits Cumbria's pupils by them).
  perturb("caseload.csv", "time_period", "202324", 12, twice);
  for (const char* flows : {"requests.csv", "assessments.csv", "newplans.csv", "timeliness_20_week.csv", "ceased_plans.csv"})
    perturb(flows, "time_period", "2024", 12, twice);
  perturb("lait_sen_prevalence_la_2016_2025.csv", "Years", "2024", 4, plus_one, 4);  // Values only
  perturb("dsg_formula_inputs_202021_202324.csv", "time_period", "202324", 7, twice);
  const auto changed = read_la_starts(dir_.string(), england(), la_register());
  for (int year = 2015; year <= 2023; ++year)
    EXPECT_EQ(starts_text(changed, year), starts_text(all_starts(), year)) << "January " << year;
  // The changes did reach the starts that may see them.
  EXPECT_NE(starts_text(changed, 2024), starts_text(all_starts(), 2024));
  EXPECT_NE(starts_text(changed, 2025), starts_text(all_starts(), 2025));
}

TEST_F(LaStartsPerturbed, FlowsOf2020Changed_LeaveTheStartsTo2020Unchanged) {
  // Practice of January Y uses flows of Y-3 .. Y-1: flows of 2020 first reach the start of 2021.
  auto twice = [](double v) { return 2 * v; };
  for (const char* flows : {"requests.csv", "assessments.csv", "timeliness_20_week.csv"})
    perturb(flows, "time_period", "2020", 12, twice);
  const auto changed = read_la_starts(dir_.string(), england(), la_register());
  for (int year = 2015; year <= 2020; ++year)
    EXPECT_EQ(starts_text(changed, year), starts_text(all_starts(), year)) << "January " << year;
  EXPECT_NE(starts_text(changed, 2021), starts_text(all_starts(), 2021));
}

TEST_F(LaStartsPerturbed, NegativePlacementInCaseload_IsRefusedAtItsLineAndColumn) {
  perturb("caseload.csv", "old_la_code", "886", 27, [](double v) { return -v - 1; });  // special_independent on
  const auto e = input_error([&] { read_la_starts(dir_.string(), england(), la_register()); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), (dir_ / "caseload.csv").string());
  EXPECT_GT(e->line(), 1);
  EXPECT_NE(e->message().find("is negative"), std::string::npos) << e->what();
}

// ---- The table ---------------------------------------------------------------------------------------

TEST(LaStartsTable, EmbeddedTable_HasEveryJanuary2015To2025) {
  const auto all = parse_la_starts(embedded_la_starts(), kEmbeddedStartsName);
  EXPECT_EQ(latest_start_year(all), 2025);
  for (int year = 2015; year <= 2025; ++year) EXPECT_GE(starts_in(all, year).size(), 151u) << year;
}

TEST(LaStartsTable, TableWithoutYear_IsRefusedNamingTheColumn) {
  const std::string golden = io::read_text_file(std::string(SENDTWIN_SOURCE_DIR) + "/tests/data/golden/start_2015.csv");
  const auto e = input_error([&] { parse_la_starts(golden, "old.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), "old.csv");
  EXPECT_EQ(e->field(), "year");
  EXPECT_EQ(e->message(), "missing column");
}

TEST(LaStartsTable, StartsIn_AJanuaryWithNoLa_NamesStartAndTheJanuariesThereAre) {
  const auto all = parse_la_starts(embedded_la_starts(), kEmbeddedStartsName);
  const auto e = input_error([&] { starts_in(all, 2014); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->field(), "--start");
  EXPECT_NE(e->message().find("no LA starts in January 2014"), std::string::npos) << e->message();
  EXPECT_NE(e->message().find("2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025"), std::string::npos)
      << e->message();
}

// The embedded table's header and its row of Camden in January 2015 (line 3), with `field`
// (0-based) of the row set to `value`.
std::string camden_with(int field, const std::string& value) {
  const std::string text(embedded_la_starts());
  const std::size_t header_end = text.find('\n') + 1;
  const std::size_t row_end = text.find('\n', text.find('\n', header_end) + 1) + 1;
  std::string row = text.substr(text.find('\n', header_end) + 1, row_end - text.find('\n', header_end) - 1);
  std::size_t begin = 0;
  for (int k = 0; k < field; ++k) begin = row.find(',', begin) + 1;
  row.replace(begin, row.find(',', begin) - begin, value);
  return text.substr(0, header_end) + row;
}

TEST(LaStartsTable, NeedSharesNotAddingUpToOne_IsAnErrorAtTheLine) {
  // need_spld is field 19 (0-based) after code, name, year, pupils, SEN Support, 5 bands, 9 placements.
  const auto e = input_error([] { parse_la_starts(camden_with(19, "0.5"), "t.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "need_spld");
}

TEST(LaStartsTable, NegativeNeedShare_IsAnErrorAtItsLineAndColumn) {
  const auto e = input_error([] { parse_la_starts(camden_with(20, "-0.25"), "t.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "need_mld");
}

TEST(LaStartsTable, YearThatIsNotAYear_IsAnErrorAtItsLineAndColumn) {
  const auto e = input_error([] { parse_la_starts(camden_with(2, "15"), "t.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "year");
}

TEST(LaStartsTable, AnLaInTwoJanuaries_IsAccepted_TwiceInOne_IsRefused) {
  const std::string one = camden_with(2, "2015");
  const std::string row = one.substr(one.find('\n') + 1);
  const auto other_year = camden_with(2, "2016").substr(one.find('\n') + 1);
  EXPECT_EQ(parse_la_starts(one + other_year, "t.csv").size(), 2u);
  const auto e = input_error([&] { parse_la_starts(one + row, "t.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 3);
  EXPECT_EQ(e->message(), "LA 202 appears twice in 2015");
}

// ---- Flows ---------------------------------------------------------------------------------------------

// DfE's newplans.csv gives LAs of some regions their region's 2022 total (Barnsley: 6,078, Yorkshire
// and The Humber's). The reader takes the total the row's own placements imply (Barnsley: 254 in
// mainstream at 79.6%, 319), or none where the row gives nothing else (Wakefield); the LAs' sum is
// then England's published 66,706 less Wakefield's unknown part, not 151,798.
TEST_F(LaStartsYears, NewPlans2022_AnLaGivenItsRegionsTotal_TakesItsOwn) {
  const auto flows = read_la_flows(dfe_dir().string(), la_register());
  double sum = 0;
  for (const auto& f : flows) {
    if (f.year != 2022 || !f.new_plans) continue;
    sum += *f.new_plans;
    if (f.code == "370") {
      EXPECT_EQ(*f.new_plans, 319.0);
    }
  }
  const auto wakefield = std::find_if(flows.begin(), flows.end(), [](const LaFlow& f) { return f.code == "384" && f.year == 2022; });
  ASSERT_NE(wakefield, flows.end());
  EXPECT_FALSE(wakefield->new_plans.has_value());
  EXPECT_GT(sum, 0.98 * 66706);
  EXPECT_LT(sum, 66706);
}

TEST_F(LaStartsYears, FlowsEmbeddedTable_IsWhatTheReaderDerivesAndReadsBack) {
  const auto flows = read_la_flows(dfe_dir().string(), la_register());
  EXPECT_EQ(la_flows_csv(flows), std::string(embedded_la_flows()))
      << "regenerate with `./build/sendtwin data flows --data ../shared/data/dfe --out data/la/flows.csv`";
  EXPECT_EQ(la_flows_csv(parse_la_flows(embedded_la_flows(), kEmbeddedFlowsName)), std::string(embedded_la_flows()));
  std::set<int> years;
  for (const auto& f : flows) years.insert(f.year);
  EXPECT_EQ(*years.begin(), 2014);
  EXPECT_EQ(*years.rbegin(), 2024);
  // Kent's requests of 2024 as published in requests.csv.
  const auto kent = std::find_if(flows.begin(), flows.end(), [](const LaFlow& f) { return f.code == "886" && f.year == 2024; });
  ASSERT_NE(kent, flows.end());
  const EesFile& requests = file("ehcp-2025/data/requests.csv");
  const auto row = requests.la_row("886", 2024, {{"breakdown_topic", "All requests for EHC needs assessments"}});
  ASSERT_TRUE(row && kent->requests);
  EXPECT_EQ(*kent->requests, *requests.value(*row, "requests_received_in_year").value);
}

constexpr char kFlowsHeader[] = "old_la_code,la_name,year,requests,refused,assessed,assessed_issued,new_plans,timely_of,timely,ceased,source\n";

TEST(LaFlowsTable, NegativeCount_IsAnErrorAtItsLineAndColumn) {
  const auto e = input_error([] { parse_la_flows(std::string(kFlowsHeader) + "886,Kent,2020,-5,1,1,1,1,1,1,1,s\n", "f.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), "f.csv");
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "requests");
  EXPECT_EQ(e->message(), "\"-5\" is negative: a count for one LA cannot be");
}

TEST(LaFlowsTable, EmptyCells_AreNotPublished) {
  const auto flows = parse_la_flows(std::string(kFlowsHeader) + "886,Kent,2020,,,,,,,,,s\n", "f.csv");
  ASSERT_EQ(flows.size(), 1u);
  EXPECT_FALSE(flows[0].requests);
  EXPECT_FALSE(flows[0].ceased);
}

TEST(LaFlowsTable, SecondRowForAnLaInAYear_IsAnErrorAtItsLine) {
  const std::string row = "886,Kent,2020,5,1,1,1,1,1,1,1,s\n";
  const auto e = input_error([&] { parse_la_flows(kFlowsHeader + row + row, "f.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 3);
  EXPECT_EQ(e->field(), "old_la_code");
}

TEST(LaFlowsTable, UnknownLaAndSuccessorBesidePredecessor_AreErrorsAtTheirLines) {
  auto e = input_error([] { parse_la_flows(std::string(kFlowsHeader) + "999,Nowhere,2020,5,1,1,1,1,1,1,1,s\n", "f.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "old_la_code");
  e = input_error([] {
    parse_la_flows(std::string(kFlowsHeader) + "835,Dorset,2018,5,1,1,1,1,1,1,1,s\n838,Dorset,2018,5,1,1,1,1,1,1,1,s\n", "f.csv");
  });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 3);
}

TEST(LaFlowsTable, MorePlansWithin20WeeksThanIssued_IsAnErrorAtItsLine) {
  const auto e = input_error([] { parse_la_flows(std::string(kFlowsHeader) + "886,Kent,2020,5,1,1,1,1,10,11,1,s\n", "f.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "timely");
}

TEST(LaFlowsTable, MissingColumn_IsAnErrorNamingIt) {
  const auto e = input_error([] { parse_la_flows("old_la_code,la_name,year,requests\n886,Kent,2020,5\n", "f.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->field(), "refused");
  EXPECT_EQ(e->message(), "missing column");
}

}  // namespace
}  // namespace sendtwin::data
