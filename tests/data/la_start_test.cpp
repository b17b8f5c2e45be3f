// Promises of data/la_start.h: every LA's January 2015 state is read from DfE's real EES files
// exactly as published (plans by age band and by placement, LA sums equal to England's row), pupils
// and SEN Support add up to England's, the embedded data/la/start_2015.csv is what the reader derives
// from those files, the table reads back to identical numbers, and malformed files and tables are
// refused with `file:line: field: message`.
//
// The real files are read from $SENDTWIN_SHARED/data/dfe (default: ../shared next to the source
// tree); the tests that need them skip when they are not there.
#include "data/la_start.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "../support/input_error.h"
#include "../support/shared_data.h"
#include "core/error.h"
#include "data/csv.h"
#include "data/ees.h"
#include "data/embedded.h"
#include "data/la_register.h"
#include "data/send_params.h"

#ifndef SENDTWIN_SOURCE_DIR
#error "SENDTWIN_SOURCE_DIR must name the source tree (CMakeLists.txt defines it for the tests)"
#endif

namespace sendtwin::data {
namespace {

namespace fs = std::filesystem;
using test_support::error_of;
using test_support::input_error;
using test_support::dfe_dir;
using test_support::england;
using test_support::la_register;

constexpr char kAgeFile[] = "ehcp-2022/data/sen2_age_caseload.csv";
constexpr char kEstabFile[] = "ehcp-2022/data/sen2_estab_caseload.csv";
constexpr char kMiFile[] = "ehcp-2022/data/sen2_mi.csv";
constexpr char kDsgFile[] = "dsg_formula_inputs_202021_202324.csv";

constexpr char kRegenerate[] =
    "data/la/start_2015.csv is not what the reader derives from DfE's files: regenerate it with "
    "`./build/sendtwin data starts --data ../shared/data/dfe --out data/la/start_2015.csv`";

// The SEN2 age bands in the order of AreaStart::plans_by_age_band.
constexpr std::array<const char*, model::kAgeBandCount> kAgeBands = {"Under 5", "Age 5 to 10", "Age 11 to 15",
                                                                      "Age 16 to 19", "Age 20 to 25"};

// The placements of AreaStart::plans_by_setting as sums of sen2_estab_caseload.csv's detailed
// establishment_type rows (every group's detailed rows add up to its Total row in January 2015; the
// reader works from the Total rows instead, so this is an independent check of its grouping).
// Rows DfE did not publish for 2015 (academy and free school units, NEET) count as none.
const std::array<std::vector<const char*>, kSettingCount>& placement_types() {
  static const std::array<std::vector<const char*>, kSettingCount> types = {{
      {"Mainstream - LA maintained", "Mainstream - Academy", "Mainstream - Free school"},
      {"Mainstream - LA maintained - SEN unit", "Mainstream - LA maintained - Resourced provision",
       "Mainstream - Academy - SEN unit", "Mainstream - Academy - Resourced Provision",
       "Mainstream - Free school - SEN unit", "Mainstream - Free school - Resourced provision"},
      {"Special - LA maintained", "Special - Academy", "Special - Free school", "Hospital School"},
      {"Special - Independent", "Special - Non-maintained"},
      {"AP/PRU - LA maintained", "AP/PRU - Academy", "AP/PRU - Free school"},
      {"Mainstream - Independent"},
      {"General FE and tertiary colleges/HE", "Other FE", "Sixth form college", "Independent specialist providers"},
      {"Non-maintained early years"},
      {"Awaiting provision - total", "Other arrangements by local authority", "Other arrangements by parents",
       "Permanently excluded", "Work-based learning"},
  }};
  return types;
}

// ---- The real files -----------------------------------------------------------------------------

// Every January's starts from the real files, read once.
const std::vector<model::AreaStart>& real_all() {
  static const std::vector<model::AreaStart> all = read_la_starts(dfe_dir().string(), england(), la_register());
  return all;
}

// January 2015's.
const std::vector<model::AreaStart>& real_starts() {
  static const std::vector<model::AreaStart> starts = starts_in(real_all(), 2015);
  return starts;
}

const EesFile& real_file(const char* relative) {
  static std::map<std::string, std::unique_ptr<EesFile>> cache;
  std::unique_ptr<EesFile>& slot = cache[relative];
  if (!slot) slot = std::make_unique<EesFile>((dfe_dir() / relative).string());
  return *slot;
}

// The published Total_all of one row; NaN when the cell is missing (so a comparison fails visibly).
double total_all(const EesFile& file, std::size_t row) {
  return file.value(row, "Total_all").value.value_or(std::numeric_limits<double>::quiet_NaN());
}

// The January 2015 plans of one LA (or England, for an empty code) in one SEN2 age band.
double published_band(const std::string& code, const char* band) {
  const EesFile& age = real_file(kAgeFile);
  if (code.empty()) {
    const auto rows = age.rows_where(GeographicLevel::National, 2015, {{"characteristic_age", band}});
    return rows.size() == 1 ? total_all(age, rows[0]) : std::numeric_limits<double>::quiet_NaN();
  }
  const auto row = age.la_row(code, 2015, {{"characteristic_age", band}});
  return row ? total_all(age, *row) : std::numeric_limits<double>::quiet_NaN();
}

// Total_all of every January 2015 row of sen2_estab_caseload.csv, by {old_la_code ("" for England),
// establishment_type}, with the number of rows found (each detailed type is in one group only).
const std::map<std::pair<std::string, std::string>, std::pair<double, int>>& estab_2015() {
  static const auto index = [] {
    std::map<std::pair<std::string, std::string>, std::pair<double, int>> m;
    const EesFile& estab = real_file(kEstabFile);
    const std::size_t type = estab.column("establishment_type");
    for (const GeographicLevel level : {GeographicLevel::National, GeographicLevel::LocalAuthority})
      for (const std::size_t row : estab.rows_where(level, 2015)) {
        auto& [total, rows] = m[{std::string(estab.old_la_code(row)), std::string(estab.table().cell(row, type))}];
        total += total_all(estab, row);
        ++rows;
      }
    return m;
  }();
  return index;
}

// The January 2015 plans of one LA (or England, for an empty code) in placement `s`.
double published_placement(const std::string& code, int s) {
  double n = 0;
  for (const char* type : placement_types()[static_cast<std::size_t>(s)]) {
    const auto it = estab_2015().find({code, type});
    if (it == estab_2015().end()) continue;
    if (it->second.second != 1) return std::numeric_limits<double>::quiet_NaN();
    n += it->second.first;
  }
  return n;
}

const model::AreaStart* find_area(const std::vector<model::AreaStart>& areas, const std::string& code) {
  for (const auto& a : areas)
    if (a.code == code) return &a;
  return nullptr;
}

// Tests of the real files skip when the shared data is not there.
class LaStartRealFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* file : {kAgeFile, kEstabFile, kMiFile, kDsgFile})
      if (!fs::exists(dfe_dir() / file)) GTEST_SKIP() << dfe_dir() / file << " is not there";
  }
};

TEST_F(LaStartRealFiles, January2015_Has152LasInOrderOfLaCode) {
  const auto& areas = real_starts();
  ASSERT_EQ(areas.size(), 152u);
  std::set<std::string> codes;
  for (std::size_t k = 0; k < areas.size(); ++k) {
    EXPECT_EQ(areas[k].code.size(), 3u) << areas[k].code;
    EXPECT_FALSE(areas[k].name.empty()) << areas[k].code;
    if (k > 0) {
      EXPECT_LT(areas[k - 1].code, areas[k].code);
    }
    codes.insert(areas[k].code);
  }
  EXPECT_EQ(codes.size(), areas.size());
}

// ehcp-2022/data/sen2_age_caseload.csv and sen2_estab_caseload.csv, 2015, Local authority, 886
// (Kent), Total_all: Total 6884; Under 5 315, 5 to 10 2480, 11 to 15 3156, 16 to 19 933, 20 to 25 0.
// Establishments: Mainstream school Total 2820, of which LA maintained SEN unit 430, LA maintained
// resourced provision 249, independent 78; Special school Total 3793, of which independent 466 and
// non-maintained 13; AP/PRU Total 23; Further education Total 0; Non-maintained early years 32;
// Educated elsewhere Total 216; Unknown Total 0.
TEST_F(LaStartRealFiles, Kent_HasItsPublishedJanuary2015Plans) {
  const model::AreaStart* kent = find_area(real_starts(), "886");
  ASSERT_NE(kent, nullptr);
  EXPECT_EQ(kent->name, "Kent");
  EXPECT_EQ(kent->plans_by_age_band, (std::array<double, model::kAgeBandCount>{315, 2480, 3156, 933, 0}));
  EXPECT_EQ(kent->plans_by_setting, (std::array<double, kSettingCount>{
                                        2820 - 430 - 249 - 78,  // mainstream
                                        430 + 249,              // SEN unit or resourced provision
                                        3793 - 466 - 13,        // state special
                                        466 + 13,               // independent and non-maintained special
                                        23,                     // AP/PRU
                                        78,                     // independent mainstream
                                        0,                      // FE
                                        32,                     // non-maintained early years
                                        216 + 0,                // educated elsewhere, unknown
                                    }));
  EXPECT_EQ(kent->plans(), 6884);
}

// The same files, 2015, Local authority, 202 (Camden), Total_all: Total 964; Under 5 62, 5 to 10 390,
// 11 to 15 426, 16 to 19 86, 20 to 25 0. Establishments: Mainstream school Total 582, of which LA
// maintained SEN unit 18, LA maintained resourced provision 40, independent 21; Special school Total
// 359, of which independent 70 and non-maintained 4; AP/PRU Total 10; Further education Total 0;
// Non-maintained early years 5; Educated elsewhere Total 8; Unknown Total 0.
TEST_F(LaStartRealFiles, Camden_HasItsPublishedJanuary2015Plans) {
  const model::AreaStart* camden = find_area(real_starts(), "202");
  ASSERT_NE(camden, nullptr);
  EXPECT_EQ(camden->name, "Camden");
  EXPECT_EQ(camden->plans_by_age_band, (std::array<double, model::kAgeBandCount>{62, 390, 426, 86, 0}));
  EXPECT_EQ(camden->plans_by_setting, (std::array<double, kSettingCount>{
                                          582 - 18 - 40 - 21,  // mainstream
                                          18 + 40,             // SEN unit or resourced provision
                                          359 - 70 - 4,        // state special
                                          70 + 4,              // independent and non-maintained special
                                          10,                  // AP/PRU
                                          21,                  // independent mainstream
                                          0,                   // FE
                                          5,                   // non-maintained early years
                                          8 + 0,               // educated elsewhere, unknown
                                      }));
  EXPECT_EQ(camden->plans(), 964);
}

// ehcp-2022/data/sen2_mi.csv, Kent (886) and England, 2016-2019: initial requests (InreqEHC) 1634,
// 3251, 2868, 2992 and 55235, 64555, 72423, 82329; refusals to assess (AssRefusedEHC) 433, 359,
// 1067, 827 and 14795, 14586, 17890, 18755. 2015-2019: plans issued excluding exceptions
// (TotNoExcEHC) 363, 698, 1345, 1618, 1903 and 19712, 30942, 36702, 45145, 49519, of them within 20
// weeks (NoExc20weekEHC) 313, 599, 791, 468, 546 and 11675, 18140, 23805, 27111, 29895. Kent
// published every year, so each rate is Kent's over England's over the same years; requests are per
// pupil, Kent's share of England's requests over its share of England's January 2015 pupils.
TEST_F(LaStartRealFiles, Kent_HasItsPublishedPracticeRelativeToEngland) {
  const model::AreaStart* kent = find_area(real_starts(), "886");
  ASSERT_NE(kent, nullptr);
  const double kent_requests = 1634 + 3251 + 2868 + 2992, england_requests = 55235 + 64555 + 72423 + 82329;
  const double request = (kent_requests / england_requests) / (kent->pupils / england().population.pupils);
  const double refused =
      ((433.0 + 359 + 1067 + 827) / kent_requests) / ((14795.0 + 14586 + 17890 + 18755) / england_requests);
  const double timely = ((313.0 + 599 + 791 + 468 + 546) / (363 + 698 + 1345 + 1618 + 1903)) /
                        ((11675.0 + 18140 + 23805 + 27111 + 29895) / (19712 + 30942 + 36702 + 45145 + 49519));
  EXPECT_NEAR(kent->request_relative, request, 1e-12 * request);
  EXPECT_NEAR(kent->refused_relative, refused, 1e-12 * refused);
  EXPECT_NEAR(kent->timely_relative, timely, 1e-12 * timely);
  // New plans per completed assessment (NewallEHC of NewallEHC_AssnoneEHC_sum), 2016-2019.
  const double issued = ((1004.0 + 1472 + 1787 + 2141) / (1047 + 1539 + 2060 + 2394)) /
                        ((36094.0 + 42162 + 48907 + 53899) / (37751 + 45205 + 51594 + 57267));
  EXPECT_NEAR(kent->issued_relative, issued, 1e-12 * issued);
}

// Camden refused no request to assess in 2016-2019 (sen2_mi.csv AssRefusedEHC 0, 0, 0, 0).
TEST_F(LaStartRealFiles, Camden_RefusedNoAssessmentSoHasNoRefusals) {
  const model::AreaStart* camden = find_area(real_starts(), "202");
  ASSERT_NE(camden, nullptr);
  EXPECT_EQ(camden->refused_relative, 0);
}

TEST_F(LaStartRealFiles, EveryLa_HasItsPublishedPlansByAgeBand) {
  for (const auto& a : real_starts()) {
    for (int b = 0; b < model::kAgeBandCount; ++b)
      EXPECT_EQ(a.plans_by_age_band[b], published_band(a.code, kAgeBands[b])) << a.code << " " << kAgeBands[b];
    EXPECT_EQ(a.plans(), published_band(a.code, "Total")) << a.code;
  }
}

TEST_F(LaStartRealFiles, EveryLa_HasItsPublishedPlansByPlacement) {
  for (const auto& a : real_starts()) {
    for (int s = 0; s < kSettingCount; ++s)
      EXPECT_EQ(a.plans_by_setting[s], published_placement(a.code, s)) << a.code << " placement " << s;
  }
}

TEST_F(LaStartRealFiles, LaSumsOfEachAgeBand_EqualTheNationalRow) {
  for (int b = 0; b < model::kAgeBandCount; ++b) {
    double sum = 0;
    for (const auto& a : real_starts()) sum += a.plans_by_age_band[b];
    EXPECT_EQ(sum, published_band("", kAgeBands[b])) << kAgeBands[b];
  }
  double plans = 0;
  for (const auto& a : real_starts()) plans += a.plans();
  EXPECT_EQ(plans, published_band("", "Total"));
}

TEST_F(LaStartRealFiles, LaSumsOfEachPlacement_EqualTheNationalRows) {
  for (int s = 0; s < kSettingCount; ++s) {
    double sum = 0;
    for (const auto& a : real_starts()) sum += a.plans_by_setting[s];
    EXPECT_EQ(sum, published_placement("", s)) << "placement " << s;
  }
}

TEST_F(LaStartRealFiles, PupilsAndSenSupport_AddUpToEnglandsJanuary2015Totals) {
  double pupils = 0, support = 0;
  for (const auto& a : real_starts()) {
    pupils += a.pupils;
    support += a.sen_support;
  }
  const auto& pop = england().population;
  EXPECT_NEAR(pupils, pop.pupils, 1e-6 * pop.pupils);
  EXPECT_NEAR(support, pop.sen_support, 1e-6 * pop.sen_support);
}

TEST_F(LaStartRealFiles, EveryLa_HasPositivePupilsAndFiniteNonNegativeRates) {
  for (const auto& a : real_starts()) {
    EXPECT_TRUE(std::isfinite(a.pupils) && a.pupils > 0) << a.code << " pupils " << a.pupils;
    EXPECT_TRUE(std::isfinite(a.sen_support) && a.sen_support > 0 && a.sen_support < a.pupils)
        << a.code << " sen_support " << a.sen_support;
    for (const double r : {a.request_relative, a.refused_relative, a.timely_relative, a.issued_relative})
      EXPECT_TRUE(std::isfinite(r) && r >= 0) << a.code << " relative rate " << r;
  }
}

// Dorset County (835), Poole (836) and Bournemouth (837) were abolished in 2019, before the DSG
// year: they share the pupils of their successors, Dorset (838) and BCP (839), in proportion to
// their plans. Poole and Bournemouth have BCP alone, so their pupils per plan are the same.
TEST_F(LaStartRealFiles, DorsetPooleAndBournemouth_GetPupilsFromTheirSuccessors) {
  const model::AreaStart* dorset = find_area(real_starts(), "835");
  const model::AreaStart* poole = find_area(real_starts(), "836");
  const model::AreaStart* bournemouth = find_area(real_starts(), "837");
  ASSERT_NE(dorset, nullptr);
  ASSERT_NE(poole, nullptr);
  ASSERT_NE(bournemouth, nullptr);
  for (const auto* a : {dorset, poole, bournemouth}) EXPECT_GT(a->pupils, 0) << a->code;
  EXPECT_NEAR(poole->pupils / poole->plans(), bournemouth->pupils / bournemouth->plans(),
              1e-12 * poole->pupils / poole->plans());
  // Dorset County also has Dorset Council's pupils, so more pupils per plan than Poole.
  EXPECT_GT(dorset->pupils / dorset->plans(), poole->pupils / poole->plans());
  EXPECT_EQ(find_area(real_starts(), "838"), nullptr);  // not published for January 2015
  EXPECT_EQ(find_area(real_starts(), "839"), nullptr);
}

// City of London (201) and the Isles of Scilly (420) have no pupils in the DSG file: each gets
// England's pupils per plan, so the same pupils per plan.
TEST_F(LaStartRealFiles, CityOfLondonAndIslesOfScilly_GetPositivePupils) {
  const model::AreaStart* city = find_area(real_starts(), "201");
  const model::AreaStart* scilly = find_area(real_starts(), "420");
  ASSERT_NE(city, nullptr);
  ASSERT_NE(scilly, nullptr);
  EXPECT_GT(city->pupils, 0);
  EXPECT_GT(scilly->pupils, 0);
  EXPECT_NEAR(city->pupils / city->plans(), scilly->pupils / scilly->plans(), 1e-12 * city->pupils / city->plans());
}

// The first line on which two texts differ, for a readable failure.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream in_a(a), in_b(b);
  std::string line_a, line_b;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(in_a, line_a));
    const bool more_b = static_cast<bool>(std::getline(in_b, line_b));
    if (!more_a && !more_b) return "the texts are equal";
    if (!more_a || !more_b || line_a != line_b)
      return "line " + std::to_string(line) + ":\n  derived:  " + (more_a ? line_a : "<end>") +
             "\n  embedded: " + (more_b ? line_b : "<end>");
  }
}

TEST_F(LaStartRealFiles, EmbeddedTable_IsWhatTheReaderDerivesFromTheRealFiles) {
  const std::string derived = la_starts_csv(real_all());
  const std::string embedded(embedded_la_starts());
  EXPECT_TRUE(derived == embedded) << kRegenerate << "\nfirst difference at " << first_difference(derived, embedded);
}

// ---- The table: reading back --------------------------------------------------------------------

// The same double bit for bit (so -0.0 differs from 0.0, and NaN would equal itself).
::testing::AssertionResult same_bits(double a, double b) {
  std::uint64_t x = 0, y = 0;
  std::memcpy(&x, &a, sizeof x);
  std::memcpy(&y, &b, sizeof y);
  if (x == y) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << std::hexfloat << a << " vs " << b;
}

::testing::AssertionResult identical(const std::vector<model::AreaStart>& a, const std::vector<model::AreaStart>& b) {
  if (a.size() != b.size()) return ::testing::AssertionFailure() << a.size() << " LAs vs " << b.size();
  for (std::size_t k = 0; k < a.size(); ++k) {
    const auto fail = [&](const std::string& field, const ::testing::AssertionResult& why) {
      return ::testing::AssertionFailure() << "LA " << a[k].code << " " << field << ": " << why.message();
    };
    if (a[k].code != b[k].code) return ::testing::AssertionFailure() << a[k].code << " vs " << b[k].code;
    if (a[k].name != b[k].name) return ::testing::AssertionFailure() << a[k].name << " vs " << b[k].name;
    if (a[k].year != b[k].year) return ::testing::AssertionFailure() << a[k].year << " vs " << b[k].year;
    for (std::size_t i = 0; i < a[k].need_shares.size(); ++i)
      if (auto r = same_bits(a[k].need_shares[i], b[k].need_shares[i]); !r) return fail("need " + std::to_string(i), r);
    if (auto r = same_bits(a[k].cease_relative, b[k].cease_relative); !r) return fail("cease_relative", r);
    if (auto r = same_bits(a[k].pupils, b[k].pupils); !r) return fail("pupils", r);
    if (auto r = same_bits(a[k].sen_support, b[k].sen_support); !r) return fail("sen_support", r);
    for (int i = 0; i < model::kAgeBandCount; ++i)
      if (auto r = same_bits(a[k].plans_by_age_band[i], b[k].plans_by_age_band[i]); !r)
        return fail("band " + std::to_string(i), r);
    for (int i = 0; i < kSettingCount; ++i)
      if (auto r = same_bits(a[k].plans_by_setting[i], b[k].plans_by_setting[i]); !r)
        return fail("placement " + std::to_string(i), r);
    if (auto r = same_bits(a[k].request_relative, b[k].request_relative); !r) return fail("request_relative", r);
    if (auto r = same_bits(a[k].refused_relative, b[k].refused_relative); !r) return fail("refused_relative", r);
    if (auto r = same_bits(a[k].timely_relative, b[k].timely_relative); !r) return fail("timely_relative", r);
    if (auto r = same_bits(a[k].issued_relative, b[k].issued_relative); !r) return fail("issued_relative", r);
  }
  return ::testing::AssertionSuccess();
}

TEST_F(LaStartRealFiles, TableOfTheRealStarts_ReadsBackToIdenticalNumbers) {
  EXPECT_TRUE(identical(parse_la_starts(la_starts_csv(real_all()), "t.csv"), real_all()));
}

TEST(LaStartTable, EmbeddedTable_ReadsBackToIdenticalNumbers) {
  const auto embedded = parse_la_starts(embedded_la_starts(), kEmbeddedStartsName);
  ASSERT_EQ(starts_in(embedded, 2015).size(), 152u);
  EXPECT_TRUE(identical(parse_la_starts(la_starts_csv(embedded), "t.csv"), embedded));
  EXPECT_EQ(la_starts_csv(embedded), std::string(embedded_la_starts()));
}

TEST(LaStartTable, AwkwardNumbersAndNames_ReadBackIdentically) {
  model::AreaStart a;
  a.code = "886";
  a.name = "Kent, \"the garden of England\"";
  a.year = 2015;
  a.need_shares = {0.1, 0.2, 0.3, 0.4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  a.cease_relative = 2.0 / 3.0;
  a.pupils = 1.0 / 3.0 * 1e6;
  a.sen_support = 0.1;
  a.plans_by_age_band = {0.1, 0.2, 0.3, 1e-300, 5e-324};
  a.plans_by_setting = {0.6, 1e-300, 5e-324, 0, 0, 0, 0, 0, 0};
  a.request_relative = std::nextafter(50.0, 0.0);  // just inside its range
  a.refused_relative = 0;
  a.timely_relative = 2.0 / 3.0;
  model::AreaStart b;
  b.code = "202";
  b.name = "Camden";
  b.year = 2024;
  b.pupils = 21085.19915633792;
  b.sen_support = 2661.916920989585;
  b.plans_by_age_band = {62, 390, 426, 86, 0};
  b.plans_by_setting = {503, 58, 285, 74, 10, 21, 0, 5, 8};
  b.request_relative = std::nextafter(1.0, 2.0);
  b.refused_relative = std::nextafter(1.0, 0.0);
  b.timely_relative = 1e-310;  // subnormal
  const std::vector<model::AreaStart> areas = {a, b};
  EXPECT_TRUE(identical(parse_la_starts(la_starts_csv(areas), "t.csv"), areas));
}

// ---- The table: malformed -----------------------------------------------------------------------

constexpr char kHeader[] =
    "old_la_code,la_name,pupils,sen_support,plans_under_5,plans_5_10,plans_11_15,plans_16_19,plans_20_25,"
    "plans_mainstream,plans_unit,plans_state_special,plans_independent_special,plans_ap,"
    "plans_independent_mainstream,plans_fe,plans_early_years,plans_other,request_relative,refused_relative,"
    "timely_relative,issued_relative,source,year,need_spld,need_mld,need_sld,need_pmld,need_semh,need_slcn,"
    "need_hi,need_vi,need_msi,need_pd,need_asd,need_oth,need_nsa,need_ds,cease_relative\n";
// The columns issue 17 added are last, so that the fields of the older ones keep their numbers.
constexpr char kKentRow[] =
    "886,Kent,200000,25000,315,2480,3156,933,0,2063,679,3314,479,23,78,0,32,216,1.25,0.5,0.75,1.0625,DfE,"
    "2015,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1\n";
constexpr char kCamdenRow[] =
    "202,Camden,21085.5,2661.5,62,390,426,86,0,503,58,285,74,10,21,0,5,8,1.375,0,1.125,0.9375,DfE,"
    "2015,0.5,0.5,0,0,0,0,0,0,0,0,0,0,0,0,0.875\n";

// `row` with its field `field` (0-based) replaced by `value`.
std::string row_with(std::string row, int field, const std::string& value) {
  std::size_t begin = 0;
  for (int k = 0; k < field; ++k) begin = row.find(',', begin) + 1;
  const std::size_t end = row.find_first_of(",\n", begin);
  return row.replace(begin, end - begin, value);
}

// kKentRow with its field `field` (0-based) replaced by `value`.
std::string kent_with(int field, const std::string& value) { return row_with(kKentRow, field, value); }

// The InputError parse_la_starts throws for a table of `rows` under kHeader.
std::optional<InputError> table_error(const std::string& rows) {
  return input_error([&] { parse_la_starts(std::string(kHeader) + rows, "t.csv"); });
}

TEST(LaStartParse, ReadsAWellFormedTable) {
  const auto areas = parse_la_starts(std::string(kHeader) + kCamdenRow + kKentRow, "t.csv");
  ASSERT_EQ(areas.size(), 2u);
  EXPECT_EQ(areas[0].code, "202");
  EXPECT_EQ(areas[0].name, "Camden");
  EXPECT_EQ(areas[0].pupils, 21085.5);
  EXPECT_EQ(areas[0].sen_support, 2661.5);
  EXPECT_EQ(areas[0].plans_by_age_band, (std::array<double, model::kAgeBandCount>{62, 390, 426, 86, 0}));
  EXPECT_EQ(areas[0].plans_by_setting, (std::array<double, kSettingCount>{503, 58, 285, 74, 10, 21, 0, 5, 8}));
  EXPECT_EQ(areas[0].request_relative, 1.375);
  EXPECT_EQ(areas[0].refused_relative, 0);
  EXPECT_EQ(areas[0].timely_relative, 1.125);
  EXPECT_EQ(areas[0].issued_relative, 0.9375);
  EXPECT_EQ(areas[1].code, "886");
  EXPECT_EQ(areas[1].plans(), 6884);
}

TEST(LaStartParse, TableWithoutAColumnItNeeds_IsAnErrorNamingTheColumn) {
  std::string header = kHeader;
  header.replace(header.find("timely_relative,"), std::strlen("timely_relative,"), "");
  std::string row = kKentRow;
  row.replace(row.find(",0.75,"), std::strlen(",0.75,"), ",");
  const auto e = input_error([&] { parse_la_starts(header + row, "t.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), "t.csv");
  EXPECT_EQ(e->line(), 1);
  EXPECT_EQ(e->field(), "timely_relative");
  EXPECT_EQ(e->message(), "missing column");
}

TEST(LaStartParse, CountThatIsNotANumber_IsAnErrorAtItsLineAndColumn) {
  const auto e = table_error(std::string(kCamdenRow) + kent_with(2, "many"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), "t.csv");
  EXPECT_EQ(e->line(), 3);
  EXPECT_EQ(e->field(), "pupils");
  EXPECT_EQ(e->message(), "\"many\" is not a number");
}

TEST(LaStartParse, RelativeRateThatIsNotFinite_IsAnErrorAtItsLineAndColumn) {
  for (const char* text : {"inf", "nan", ""}) {
    const auto e = table_error(kent_with(18, text));
    ASSERT_TRUE(e) << text;
    EXPECT_EQ(e->line(), 2) << text;
    EXPECT_EQ(e->field(), "request_relative") << text;
  }
}

TEST(LaStartParse, NegativeCount_IsAnErrorAtItsLineAndColumn) {
  const auto e = table_error(kent_with(7, "-933"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), "t.csv");
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "plans_16_19");
  EXPECT_EQ(e->message(), "\"-933\" is negative: a count for one LA cannot be");
}

TEST(LaStartParse, NegativePupils_IsAnErrorAtItsLineAndColumn) {
  const auto e = table_error(kent_with(2, "-1"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "pupils");
}

TEST(LaStartParse, NegativeRelativeRate_IsAnErrorAtItsLineAndColumn) {
  const auto e = table_error(std::string(kCamdenRow) + kent_with(19, "-0.5"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), "t.csv");
  EXPECT_EQ(e->line(), 3);
  EXPECT_EQ(e->field(), "refused_relative");
  EXPECT_EQ(e->message(), "\"-0.5\" is negative: a rate relative to England's cannot be");
}

// Issue 15: values no LA could have are refused at their line, before anything is simulated.
TEST(LaStartParse, PupilsOf1e308_IsAnErrorAtItsLineAndColumn) {
  const auto e = table_error(std::string(kCamdenRow) + kent_with(2, "1e308"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 3);
  EXPECT_EQ(e->field(), "pupils");
  EXPECT_EQ(e->message(), "\"1e308\" is outside 0 to 1000000, the plausible range of pupils of one LA");
}

TEST(LaStartParse, CountOf1e308_IsAnErrorAtItsLineAndColumn) {
  const auto e = table_error(kent_with(5, "1e308"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "plans_5_10");
}

TEST(LaStartParse, RelativeRateAbove50_IsAnErrorAtItsLineAndColumn) {
  const auto e = table_error(kent_with(20, "1e6"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "timely_relative");
  EXPECT_EQ(e->message(), "\"1e6\" is outside 0 to 50, the plausible range of a rate relative to England's");
}

TEST(LaStartParse, NoPupils_IsAnErrorAtItsLine) {
  const auto e = table_error(std::string(kCamdenRow) + row_with(kent_with(2, "0"), 3, "0"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 3);
  EXPECT_EQ(e->field(), "pupils");
  EXPECT_EQ(e->message(), "LA 886 has no pupils");
}

TEST(LaStartParse, MorePlansThanPupils_IsAnErrorAtItsLine) {
  const auto e = table_error(row_with(kent_with(2, "964"), 3, "100"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "pupils");
  EXPECT_EQ(e->message(), "LA 886 has 6884 EHC plans but only 964 pupils");
}

TEST(LaStartParse, PupilsAddingUpToMoreThanEnglandCouldHold_IsAnErrorAtTheLineThatPassesIt) {
  // 21 LAs of 999,999 pupils each: each is within one LA's range, together not England's.
  std::string rows;
  int added = 0;
  for (const LaRecord* record : la_register().in_existence(2015)) {
    if (added == 21) break;
    rows += row_with(kent_with(2, "999999"), 0, record->old_code);
    ++added;
  }
  const auto e = table_error(rows);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 22);
  EXPECT_EQ(e->field(), "pupils");
  EXPECT_NE(e->message().find("the LAs' pupils add up to 20999979 in 2015 by this line"), std::string::npos) << e->message();
}

TEST(LaStartParse, LaCodeNotInTheRegister_IsAnErrorAtItsLine) {
  for (const char* code : {"999", "Kent", "E10000016", "0886"}) {
    const auto e = table_error(std::string(kCamdenRow) + kent_with(0, code));
    ASSERT_TRUE(e) << code;
    EXPECT_EQ(e->line(), 3) << code;
    EXPECT_EQ(e->field(), "old_la_code") << code;
    EXPECT_EQ(e->message(), "\"" + std::string(code) +
                                "\" is not the 3-digit code of an LA in the register (data/la/register.csv)")
        << code;
  }
}

TEST(LaStartParse, SuccessorBesideItsPredecessor_IsAnErrorAtTheLaterLine) {
  // Dorset County Council (835) was replaced by Dorset Council (838) and BCP (839) in 2019.
  const std::string dorset_cc = kent_with(0, "835"), dorset = kent_with(0, "838"), bcp = kent_with(0, "839");
  for (const auto& [rows, line] : {std::pair{dorset_cc + kCamdenRow + dorset, 4}, std::pair{bcp + dorset_cc, 3}}) {
    const auto e = table_error(rows);
    ASSERT_TRUE(e) << rows;
    EXPECT_EQ(e->line(), line) << rows;
    EXPECT_EQ(e->field(), "old_la_code") << rows;
    EXPECT_NE(e->message().find("replaced LA 835 (Dorset)"), std::string::npos) << e->message();
    EXPECT_NE(e->message().find("counted twice"), std::string::npos) << e->message();
  }
}

TEST(LaStartParse, LasAfterAReorganisationWithoutTheirPredecessors_AreAccepted) {
  EXPECT_EQ(error_of([] { parse_la_starts(std::string(kHeader) + kent_with(0, "838") + kent_with(0, "839"), "t.csv"); }),
            "no error");
}

TEST(LaStartParse, PlacementsThatDifferFromAges_IsAnErrorAtTheLine) {
  const auto e = table_error(kent_with(17, "217"));  // plans_other one more than published
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), "t.csv");
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "plans_mainstream");
  EXPECT_EQ(e->message(), "plans by placement add up to 6885 but plans by age to 6884");
}

TEST(LaStartParse, PlacementsWithinRoundingOfAges_AreAccepted) {
  EXPECT_EQ(error_of([] { parse_la_starts(std::string(kHeader) + kent_with(17, "216.000001"), "t.csv"); }),
            "no error");
}

TEST(LaStartParse, DuplicateLaCode_IsAnErrorAtTheSecondLine) {
  const auto e = table_error(std::string(kKentRow) + kCamdenRow + kKentRow);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), "t.csv");
  EXPECT_EQ(e->line(), 4);
  EXPECT_EQ(e->field(), "old_la_code");
  EXPECT_EQ(e->message(), "LA 886 appears twice in 2015");
}

TEST(LaStartParse, EmptyLaCode_IsAnErrorAtItsLine) {
  const auto e = table_error(kent_with(0, " "));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "old_la_code");
}

TEST(LaStartParse, SenSupportAbovePupils_IsAnErrorAtItsLine) {
  const auto e = table_error(kent_with(3, "200001"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "sen_support");
}

TEST(LaStartParse, EmptyTable_IsAnError) {
  const auto e = table_error("");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), "t.csv");
  EXPECT_EQ(e->line(), 1);
  EXPECT_EQ(e->field(), "");
  EXPECT_EQ(e->message(), "no LAs in the table");
}

TEST(LaStartParse, EmptyText_IsAnError) {
  EXPECT_TRUE(input_error([] { parse_la_starts("", "t.csv"); }));
}

// ---- Malformed copies of the real files ---------------------------------------------------------

// A CSV file as cells, to copy with one thing changed.
struct Cells {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::size_t column(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw std::runtime_error("no column " + name);
    return static_cast<std::size_t>(it - header.begin());
  }
  // The 2015 Local authority row of `code` whose filter columns hold the given values.
  std::vector<std::string>& la_row(const std::string& code,
                                   const std::vector<std::pair<std::string, std::string>>& filters) {
    const std::size_t period = column("time_period"), level = column("geographic_level"), la = column("old_la_code");
    for (auto& row : rows) {
      if (row[period] != "2015" || row[level] != "Local authority" || row[la] != code) continue;
      if (std::all_of(filters.begin(), filters.end(), [&](const auto& f) { return row[column(f.first)] == f.second; }))
        return row;
    }
    throw std::runtime_error("no 2015 row for LA " + code);
  }
  std::string text() const {
    CsvWriter w;
    w.row(header);
    for (const auto& row : rows) w.row(row);
    return w.text();
  }
};

// A real file as cells; only its 2015 rows if `only_2015` (the reader reads nothing else of the
// caseload files). Read once per run of the test binary.
const Cells& real_cells(const char* relative, bool only_2015) {
  static std::map<std::string, Cells> cache;
  const auto it = cache.find(relative);
  if (it != cache.end()) return it->second;
  const CsvTable table = read_csv_file((dfe_dir() / relative).string());
  Cells cells;
  cells.header = table.header();
  const std::size_t period = *table.column("time_period");
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (only_2015 && table.cell(r, period) != "2015") continue;
    std::vector<std::string> row;
    for (std::size_t c = 0; c < table.header().size(); ++c) row.emplace_back(table.cell(r, c));
    cells.rows.push_back(std::move(row));
  }
  return cache.emplace(relative, std::move(cells)).first->second;
}

// Copies of the four files the reader needs (the caseload files cut to January 2015), in a fresh
// directory that is removed at the end; a test breaks one thing in one of them.
class LaStartMalformed : public LaStartRealFiles {
 protected:
  void SetUp() override {
    LaStartRealFiles::SetUp();
    if (IsSkipped()) return;
    dir_ = fs::temp_directory_path() /
           ("sendtwin_la_start_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write("sen2_age_caseload.csv", age());
    write("sen2_estab_caseload.csv", estab());
    write("sen2_mi.csv", real_cells(kMiFile, false));
    write("dsg_formula_inputs_202021_202324.csv", real_cells(kDsgFile, false));
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  static Cells age() { return real_cells(kAgeFile, true); }
  static Cells estab() { return real_cells(kEstabFile, true); }

  // Writes `cells` as `name` in the directory and returns its path.
  std::string write(const std::string& name, const Cells& cells) const {
    const std::string path = path_of(name);
    std::ofstream out(path, std::ios::binary);
    out << cells.text();
    return path;
  }
  std::string path_of(const std::string& name) const { return (dir_ / name).string(); }
  // January 2015's starts: the copies hold the four files it needs.
  std::vector<model::AreaStart> read() const { return read_la_starts(dir_.string(), england(), la_register(), 2015); }
  std::optional<InputError> read_error() const {
    return input_error([&] { read(); });
  }
  // The line of the 2015 row of LA `code` passing `filters` in the written file `name`.
  int line_of(const std::string& name, const std::string& code, const std::vector<EesFilter>& filters) const {
    const EesFile file(path_of(name));
    const auto row = file.la_row(code, 2015, filters);
    return row ? file.line(*row) : -1;
  }

  static inline int counter_ = 0;
  fs::path dir_;
};

TEST_F(LaStartMalformed, UnchangedCopies_ReadAsTheRealFiles) {
  EXPECT_EQ(la_starts_csv(read()), la_starts_csv(real_starts()));
}

// ---- Issue 15: figures no LA could have, in copies of DfE's files, are refused at their line ----

// The row of `code` in `period` in a file's cells (any geographic level but Local authority's).
std::vector<std::string>& row_of(Cells& cells, const std::string& period, const std::string& code) {
  const std::size_t p = cells.column("time_period"), la = cells.column("old_la_code");
  for (auto& row : cells.rows)
    if (row[p] == period && row[la] == code) return row;
  throw std::runtime_error("no " + period + " row for LA " + code);
}

// The line of the row of `code` in `period` in the written file `path`.
int line_in(const std::string& path, const std::string& code, int period) {
  const EesFile file(path);
  const auto row = file.la_row(code, period);
  return row ? file.line(*row) : -1;
}

TEST_F(LaStartMalformed, NegativePlans_AreRefusedWithTheMessageTheTableGives) {
  Cells cells = age();
  cells.la_row("886", {{"characteristic_age", "Age 16 to 19"}})[cells.column("Total_all")] = "-933";
  const std::string path = write("sen2_age_caseload.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), line_of("sen2_age_caseload.csv", "886", {{"characteristic_age", "Age 16 to 19"}}));
  EXPECT_EQ(e->field(), "Total_all");
  // The table of starts refuses the same figure in the same words (NegativeCount_IsAnErrorAtItsLineAndColumn).
  EXPECT_EQ(e->message(), "\"-933\" is negative: a count for one LA cannot be");
}

TEST_F(LaStartMalformed, PlansOf1e308_AreRefusedAtTheirLine) {
  Cells cells = age();
  cells.la_row("202", {{"characteristic_age", "Total"}})[cells.column("Total_all")] = "1e308";
  const std::string path = write("sen2_age_caseload.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), line_of("sen2_age_caseload.csv", "202", {{"characteristic_age", "Total"}}));
  EXPECT_EQ(e->field(), "Total_all");
  EXPECT_EQ(e->message(), "\"1e308\" is outside 0 to 1000000, the plausible range of a count for one LA");
}

TEST_F(LaStartMalformed, NegativePlacement_IsRefusedAtItsLine) {
  Cells cells = estab();
  cells.la_row("886", {{"establishment_group", "Educated elsewhere"}, {"establishment_type", "Total"}})
      [cells.column("Total_all")] = "-216";
  const std::string path = write("sen2_estab_caseload.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), line_of("sen2_estab_caseload.csv", "886",
                               {{"establishment_group", "Educated elsewhere"}, {"establishment_type", "Total"}}));
  EXPECT_EQ(e->field(), "Total_all");
}

TEST_F(LaStartMalformed, PupilsOf1e308_AreRefusedAtTheirLine) {
  // Without the check, England's pupils went to this one LA and every other LA's became 0 or -nan.
  Cells cells = real_cells(kDsgFile, false);
  row_of(cells, "202021", "202")[cells.column("primary_pupils")] = "1e308";
  const std::string path = write("dsg_formula_inputs_202021_202324.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), line_in(path, "202", 202021));
  EXPECT_EQ(e->field(), "primary_pupils");
  EXPECT_EQ(e->message(), "\"1e308\" is outside 0 to 1000000, the plausible range of pupils of one LA");
}

TEST_F(LaStartMalformed, NegativePupils_AreRefusedAtTheirLine) {
  Cells cells = real_cells(kDsgFile, false);
  row_of(cells, "202021", "202")[cells.column("secondary_pupils")] = "-8009.33";
  const std::string path = write("dsg_formula_inputs_202021_202324.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), line_in(path, "202", 202021));
  EXPECT_EQ(e->field(), "secondary_pupils");
  EXPECT_EQ(e->message(), "\"-8009.33\" is negative: pupils of one LA cannot be");
}

TEST_F(LaStartMalformed, NoPupilsForAnLaWithPlans_IsRefusedAtItsPupilsLine) {
  // Camden held 964 plans in January 2015; 0 pupils would leave it 0 pupils for them.
  Cells cells = real_cells(kDsgFile, false);
  auto& camden = row_of(cells, "202021", "202");
  camden[cells.column("primary_pupils")] = "0";
  camden[cells.column("secondary_pupils")] = "0";
  const std::string path = write("dsg_formula_inputs_202021_202324.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), line_in(path, "202", 202021));
  EXPECT_EQ(e->field(), "primary_pupils");
  EXPECT_EQ(e->message(), "LA 202's 0 primary and secondary pupils give it 0 pupils in January 2015, fewer than its 964 EHC plans");
}

TEST_F(LaStartMalformed, NegativeRequests_AreRefusedAtTheirLine) {
  Cells cells = real_cells(kMiFile, false);
  row_of(cells, "2017", "202")[cells.column("InreqEHC")] = "-100";
  const std::string path = write("sen2_mi.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), line_in(path, "202", 2017));
  EXPECT_EQ(e->field(), "InreqEHC");
  EXPECT_EQ(e->message(), "\"-100\" is negative: a count for one LA cannot be");
}

TEST_F(LaStartMalformed, EnglandRequestsBeyondAnyFigure_AreRefusedAtTheirLine) {
  Cells cells = real_cells(kMiFile, false);
  const std::size_t p = cells.column("time_period"), level = cells.column("geographic_level");
  int line = 1, england_line = -1;
  for (auto& row : cells.rows) {
    ++line;
    if (row[p] == "2017" && row[level] == "National") {
      row[cells.column("InreqEHC")] = "1e308";
      england_line = line;
    }
  }
  ASSERT_GT(england_line, 1);
  const std::string path = write("sen2_mi.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), england_line);
  EXPECT_EQ(e->field(), "InreqEHC");
  EXPECT_EQ(e->message(), "\"1e308\" is outside 0 to 20000000, the plausible range of a count for England");
}

TEST_F(LaStartMalformed, UnknownLa_IsRefusedAtItsLine) {
  // An LA 999 beside the real ones would be added into England's totals.
  Cells cells = age();
  auto unknown = cells.la_row("202", {{"characteristic_age", "Total"}});
  unknown[cells.column("old_la_code")] = "999";
  cells.rows.push_back(unknown);
  const std::string path = write("sen2_age_caseload.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), line_of("sen2_age_caseload.csv", "999", {{"characteristic_age", "Total"}}));
  EXPECT_EQ(e->field(), "old_la_code");
  EXPECT_EQ(e->message(), "\"999\" is not the 3-digit code of an LA in the register (data/la/register.csv)");
}

TEST_F(LaStartMalformed, SuccessorBesideItsPredecessor_IsRefusedAtTheLaterLine) {
  // Dorset Council (838) replaced Dorset County Council (835), whose January 2015 row is there.
  Cells cells = age();
  auto successor = cells.la_row("835", {{"characteristic_age", "Total"}});
  successor[cells.column("old_la_code")] = "838";
  cells.rows.push_back(successor);
  const std::string path = write("sen2_age_caseload.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), line_of("sen2_age_caseload.csv", "838", {{"characteristic_age", "Total"}}));
  EXPECT_EQ(e->field(), "old_la_code");
  EXPECT_NE(e->message().find("replaced LA 835"), std::string::npos) << e->message();
}

TEST_F(LaStartMalformed, SuppressedPupils_KeepTheirHandling) {
  // A suppressed figure is no figure, as before: Camden then takes England's pupils per plan.
  Cells cells = real_cells(kDsgFile, false);
  row_of(cells, "202021", "202")[cells.column("primary_pupils")] = "c";
  write("dsg_formula_inputs_202021_202324.csv", cells);
  const auto areas = read();
  const auto camden = std::find_if(areas.begin(), areas.end(), [](const auto& a) { return a.code == "202"; });
  ASSERT_NE(camden, areas.end());
  EXPECT_GT(camden->pupils, camden->plans());
}

TEST_F(LaStartMalformed, EachRequiredFileMissing_IsAnErrorNamingTheFile) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"sen2_age_caseload.csv", "sen2_age_caseload.csv"},
      {"sen2_estab_caseload.csv", "sen2_estab_caseload.csv"},
      {"sen2_mi.csv", "sen2_mi.csv"},
      {"dsg_formula_inputs_202021_202324.csv", "dsg_formula_inputs_*"},
  };
  for (const auto& [file, field] : files) {
    const fs::path aside = dir_ / (file + ".aside");  // not a .csv, so not found
    fs::rename(dir_ / file, aside);
    const auto e = read_error();
    fs::rename(aside, dir_ / file);
    ASSERT_TRUE(e) << file;
    EXPECT_EQ(e->file(), dir_.string()) << file;
    EXPECT_EQ(e->line(), 0) << file;
    EXPECT_EQ(e->field(), field) << file;
    EXPECT_EQ(e->message(), "not found under the data directory") << file;
  }
}

TEST_F(LaStartMalformed, MiFileMissing_IsAnErrorNamingIt) {
  fs::remove(dir_ / "sen2_mi.csv");
  EXPECT_EQ(error_of([&] { read(); }), dir_.string() + ": sen2_mi.csv: not found under the data directory");
}

TEST_F(LaStartMalformed, FilesInSubdirectories_AreFound) {
  fs::create_directories(dir_ / "ehcp-2022" / "data");
  fs::rename(dir_ / "sen2_mi.csv", dir_ / "ehcp-2022" / "data" / "sen2_mi.csv");
  EXPECT_EQ(la_starts_csv(read()), la_starts_csv(real_starts()));
}

TEST_F(LaStartMalformed, TotalAllColumnMissing_IsAnErrorNamingTheColumn) {
  Cells cells = age();
  const std::size_t col = cells.column("Total_all");
  cells.header.erase(cells.header.begin() + static_cast<std::ptrdiff_t>(col));
  for (auto& row : cells.rows) row.erase(row.begin() + static_cast<std::ptrdiff_t>(col));
  const std::string path = write("sen2_age_caseload.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), 1);
  EXPECT_EQ(e->field(), "Total_all");
  EXPECT_EQ(e->message(), "missing column");
}

TEST_F(LaStartMalformed, SuppressedLaFigure_IsAnErrorAtItsLine) {
  Cells cells = age();
  cells.la_row("886", {{"characteristic_age", "Under 5"}})[cells.column("Total_all")] = "c";
  const std::string path = write("sen2_age_caseload.csv", cells);
  const int line = line_of("sen2_age_caseload.csv", "886", {{"characteristic_age", "Under 5"}});
  ASSERT_GT(line, 1);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), line);
  EXPECT_EQ(e->field(), "Total_all");
  EXPECT_NE(e->message().find("confidential"), std::string::npos) << e->message();
}

TEST_F(LaStartMalformed, MissingAgeBandRow_IsAnErrorAtTheLasTotalLine) {
  Cells cells = age();
  const std::vector<std::string> kent_under_5 = cells.la_row("886", {{"characteristic_age", "Under 5"}});
  std::erase(cells.rows, kent_under_5);
  write("sen2_age_caseload.csv", cells);
  const int line = line_of("sen2_age_caseload.csv", "886", {{"characteristic_age", "Total"}});
  ASSERT_GT(line, 1);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), line);
  EXPECT_EQ(e->field(), "characteristic_age");
  EXPECT_EQ(e->message(), "no \"Under 5\" row for LA 886");
}

TEST_F(LaStartMalformed, PlansByAgeNotAddingUpToTheTotal_IsAnErrorAtTheTotalLine) {
  Cells cells = age();
  cells.la_row("886", {{"characteristic_age", "Under 5"}})[cells.column("Total_all")] = "316";  // published: 315
  const std::string path = write("sen2_age_caseload.csv", cells);
  const int line = line_of("sen2_age_caseload.csv", "886", {{"characteristic_age", "Total"}});
  ASSERT_GT(line, 1);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), line);
  EXPECT_EQ(e->field(), "Total_all");
  EXPECT_EQ(e->message(), "LA 886's plans by age add up to 6885, not its total 6884");
}

TEST_F(LaStartMalformed, PlansByPlacementNotAddingUpToTheTotal_IsAnErrorAtTheTotalLine) {
  Cells cells = estab();
  // Kent's Educated elsewhere total, published 216.
  cells.la_row("886", {{"establishment_group", "Educated elsewhere"}, {"establishment_type", "Total"}})
      [cells.column("Total_all")] = "217";
  const std::string path = write("sen2_estab_caseload.csv", cells);
  const int line =
      line_of("sen2_estab_caseload.csv", "886", {{"establishment_group", "Total"}, {"establishment_type", "Total"}});
  ASSERT_GT(line, 1);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), line);
  EXPECT_EQ(e->field(), "Total_all");
  EXPECT_EQ(e->message(), "LA 886's plans by placement add up to 6885, not its total 6884");
}

TEST_F(LaStartMalformed, NegativePlacement_IsAnErrorAtTheTotalLine) {
  Cells cells = estab();
  // Kent's SEN units, published 430, made larger than its whole mainstream total (2820).
  cells.la_row("886", {{"establishment_type", "Mainstream - LA maintained - SEN unit"}})[cells.column("Total_all")] = "3000";
  const std::string path = write("sen2_estab_caseload.csv", cells);
  const int line =
      line_of("sen2_estab_caseload.csv", "886", {{"establishment_group", "Total"}, {"establishment_type", "Total"}});
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), line);
  EXPECT_EQ(e->field(), "Total_all");
}

TEST_F(LaStartMalformed, NegativePlacement_SaysWhichPlacementWentNegative) {
  Cells cells = estab();
  cells.la_row("886", {{"establishment_type", "Mainstream - LA maintained - SEN unit"}})[cells.column("Total_all")] = "3000";
  write("sen2_estab_caseload.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_NE(e->message().find("leave plans_mainstream at -"), std::string::npos) << e->message();
}

TEST_F(LaStartMalformed, DsgFileWithoutRows_IsAnErrorNamingIt) {
  Cells cells = real_cells(kDsgFile, false);
  cells.rows.clear();
  const std::string path = write("dsg_formula_inputs_202021_202324.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->field(), "time_period");
}

TEST_F(LaStartMalformed, DsgFileWithoutLaPupils_IsAnErrorNotNaNPupils) {
  Cells cells = real_cells(kDsgFile, false);
  const std::size_t level = cells.column("geographic_level"), pupils = cells.column("primary_pupils");
  for (auto& row : cells.rows)
    if (row[level] == "Local authority") row[pupils] = "x";
  const std::string path = write("dsg_formula_inputs_202021_202324.csv", cells);
  const auto e = read_error();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->field(), "primary_pupils");
}

// Dorset, Poole and Bournemouth published sen2_mi.csv up to 2018 only: England's side of their
// practice is summed over the same years (2016-2018 for requests), not over 2016-2019.
TEST_F(LaStartRealFiles, PracticeOfAnLaThatStoppedIn2018_IsComparedOverTheSameYears) {
  const EesFile& mi = real_file(kMiFile);
  double la = 0, national = 0;
  for (int y = 2016; y <= 2018; ++y) {
    la += *mi.value(*mi.la_row("835", y), "InreqEHC").value;
    national += *mi.value(mi.rows_where(GeographicLevel::National, y).at(0), "InreqEHC").value;
  }
  EXPECT_FALSE(mi.la_row("835", 2019).has_value());
  const auto* dorset = find_area(real_starts(), "835");
  ASSERT_NE(dorset, nullptr);
  const double share = dorset->pupils / england().population.pupils;
  EXPECT_NEAR(dorset->request_relative, (la / national) / share, 1e-12);
}

// --data naming something other than a directory needs no real file.
fs::path scratch_path(const std::string& what) {
  return fs::temp_directory_path() / ("sendtwin_la_start_test_" + std::to_string(::getpid()) + "_" + what);
}

TEST(LaStartDataDirectory, PathThatIsAFile_IsAnError) {
  const std::string file = scratch_path("file.csv").string();
  { std::ofstream(file) << "time_period\n"; }
  const auto e = input_error([&] { read_la_starts(file, england(), la_register()); });
  fs::remove(file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), file);
  EXPECT_EQ(e->line(), 0);
  EXPECT_EQ(e->field(), "--data");
  EXPECT_EQ(e->message(), "is not a directory");
}

TEST(LaStartDataDirectory, PathThatDoesNotExist_IsAnError) {
  const std::string missing = scratch_path("none").string();
  EXPECT_EQ(error_of([&] { read_la_starts(missing, england(), la_register()); }),
            missing + ": --data: is not a directory");
}

TEST(LaStartDataDirectory, EmptyDirectory_IsAnErrorNamingTheFirstFileNeeded) {
  const fs::path dir = scratch_path("empty");
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto e = input_error([&] { read_la_starts(dir.string(), england(), la_register()); });
  fs::remove_all(dir);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), dir.string());
  EXPECT_EQ(e->field(), "sen2_age_caseload.csv");
  EXPECT_EQ(e->message(), "not found under the data directory");
}

}  // namespace
}  // namespace sendtwin::data

namespace sendtwin::data {
namespace {

// ---- Each LA's published January EHC plans (data/la/plans_published.csv) ------------------------

TEST_F(LaStartRealFiles, PublishedPlans_JoinTheTwoReleasesForKent) {
  const auto figures = read_la_plans(dfe_dir().string());
  std::map<int, double> kent;
  for (const auto& f : figures)
    if (f.code == "886") kent[f.year] = f.plans;
  // sen2_age_caseload.csv (2022 release), Total_all: 6,035 in 2010, 6,884 in 2015, 17,733 in 2022;
  // caseload.csv (2025 release), ehcplans: 18,931 (202223), 20,635 (202425).
  EXPECT_EQ(kent.size(), 16u);
  EXPECT_EQ(kent.at(2010), 6035);
  EXPECT_EQ(kent.at(2015), 6884);
  EXPECT_EQ(kent.at(2022), 17733);
  EXPECT_EQ(kent.at(2023), 18931);
  EXPECT_EQ(kent.at(2025), 20635);
}

TEST_F(LaStartRealFiles, PublishedPlans_EmbeddedTableIsWhatTheReaderDerives) {
  EXPECT_EQ(la_plans_csv(read_la_plans(dfe_dir().string())), std::string(embedded_la_plans()))
      << "regenerate with ./build/sendtwin data plans --data ../shared/data/dfe --out data/la/plans_published.csv";
}

TEST(LaPlansTable, NegativePlans_IsAnErrorAtItsLine) {
  const auto e = input_error([] { parse_la_plans("old_la_code,year,ehc_plans,source\n886,2015,-1,x\n", "p.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "ehc_plans");
}

TEST(LaPlansTable, PlansOf1e308_IsAnErrorAtItsLine) {
  EXPECT_EQ(error_of([] { parse_la_plans("old_la_code,year,ehc_plans,source\n886,2015,1e308,x\n", "p.csv"); }),
            "p.csv:2: ehc_plans: \"1e308\" is outside 0 to 1000000, the plausible range of a count for one LA");
}

TEST(LaPlansTable, YearOutsideItsRange_IsAnErrorAtItsLine) {
  EXPECT_EQ(error_of([] { parse_la_plans("old_la_code,year,ehc_plans,source\n886,99999,1,x\n", "p.csv"); }),
            "p.csv:2: year: \"99999\" is outside 1990 to 2100, the plausible range of a year");
}

TEST(LaPlansTable, UnknownLa_IsAnErrorAtItsLine) {
  EXPECT_EQ(error_of([] { parse_la_plans("old_la_code,year,ehc_plans,source\n886,2015,1,x\n999,2015,1,x\n", "p.csv"); }),
            "p.csv:3: old_la_code: \"999\" is not the 3-digit code of an LA in the register (data/la/register.csv) (in 2015)");
}

TEST(LaPlansTable, SuccessorBesidePredecessorInOneYear_IsAnErrorAtTheLaterLine) {
  const auto e = input_error(
      [] { parse_la_plans("old_la_code,year,ehc_plans,source\n838,2020,1,x\n835,2018,1,x\n835,2020,1,x\n", "p.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 4);
  EXPECT_EQ(e->field(), "old_la_code");
  EXPECT_NE(e->message().find("replaced LA 835"), std::string::npos) << e->message();
}

TEST(LaPlansTable, SecondFigureForAnLaInAYear_IsAnErrorAtItsLine) {
  EXPECT_EQ(error_of([] { parse_la_plans("old_la_code,year,ehc_plans,source\n886,2015,1,x\n886,2015,2,x\n", "p.csv"); }),
            "p.csv:3: old_la_code: a second figure for LA 886 in 2015 (also on line 2)");
}

TEST(LaPlansTable, EmbeddedTable_PassesEveryCheck) {
  EXPECT_EQ(parse_la_plans(embedded_la_plans(), kEmbeddedLaPlansName).size(), 2432u);
}

// ---- Each LA's DSG (data/la/funding.csv) --------------------------------------------------------

constexpr char kFundingHeader[] =
    "old_la_code,la_name,financial_year,high_needs_block,total_dsg,schools_block,import_export_adjustment,"
    "cumulative_balance_pct,source\n";

std::string funding_error(const std::string& rows) {
  return error_of([&] { parse_la_funding(std::string(kFundingHeader) + rows, "f.csv"); });
}

TEST(LaFundingTable, EmbeddedTable_PassesEveryCheck) {
  EXPECT_FALSE(parse_la_funding(embedded_la_funding(), kEmbeddedFundingName).empty());
}

TEST(LaFundingTable, PoundsOf1e308_IsAnErrorAtItsLine) {
  EXPECT_EQ(funding_error("886,Kent,2023,1e308,1623876741,1202121381,,,x\n"),
            "f.csv:2: high_needs_block: \"1e308\" is outside 0 to 10000000000, the plausible range of pounds a year "
            "for one LA");
}

TEST(LaFundingTable, NegativeAllocation_IsAnErrorAtItsLine) {
  EXPECT_EQ(funding_error("886,Kent,2023,311984606,-5,1202121381,,,x\n"),
            "f.csv:2: total_dsg: \"-5\" is negative: pounds a year for one LA cannot be");
}

TEST(LaFundingTable, HighNeedsBlockAboveTheWholeDsg_IsAnErrorAtItsLine) {
  EXPECT_EQ(funding_error("886,Kent,2023,311984606,1000,0,,,x\n"),
            "f.csv:2: high_needs_block: LA 886's high needs block is larger than its whole DSG");
}

TEST(LaFundingTable, BalanceBeyondAWholeYearsIncome_IsAnErrorAtItsLine) {
  EXPECT_EQ(funding_error("886,Kent,2023,311984606,1623876741,1202121381,,-5000,x\n"),
            "f.csv:2: cumulative_balance_pct: \"-5000\" is outside -100 to 100, the plausible range of a DSG balance "
            "as a percentage of income");
}

TEST(LaFundingTable, UnknownLa_IsAnErrorAtItsLine) {
  EXPECT_EQ(funding_error("999,Nowhere,2023,311984606,1623876741,1202121381,,,x\n"),
            "f.csv:2: old_la_code: \"999\" is not the 3-digit code of an LA in the register (data/la/register.csv) "
            "(in 2023)");
}

TEST(LaFundingTable, SecondRowForAnLaInAYear_IsAnErrorAtItsLine) {
  const std::string row = "886,Kent,2023,311984606,1623876741,1202121381,,,x\n";
  EXPECT_EQ(funding_error(row + row), "f.csv:3: old_la_code: a second row for LA 886 in 2023 (also on line 2)");
}

TEST(LaPlansTable, YearThatIsNotWhole_IsAnErrorAtItsLine) {
  const auto e = input_error([] { parse_la_plans("old_la_code,year,ehc_plans,source\n886,2015.5,1,x\n", "p.csv"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "year");
}

}  // namespace
}  // namespace sendtwin::data
