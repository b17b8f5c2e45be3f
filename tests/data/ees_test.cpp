// Promises of data/ees.h: DfE's real EES files read as published (figures checked against the
// published facts, LA rows adding up to England, both SEN2 layouts giving the same LA codes), and a
// file that is wrong is refused with `file:line: field: message`.
//
// The real files are read from $SENDTWIN_SHARED/data/dfe (default ../shared, as ctest sets it); the
// tests that need them skip when they are not there.
#include "data/ees.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "../support/input_error.h"
#include "core/error.h"

namespace sendtwin::data {
namespace {

namespace fs = std::filesystem;
using test_support::error_of;

constexpr char kEstab2022[] = "ehcp-2022/data/sen2_estab_caseload.csv";
constexpr char kCaseload2025[] = "ehcp-2025/data/caseload.csv";
constexpr char kAnnualReviews2025[] = "ehcp-2025/data/annual_reviews.csv";
constexpr char kDsgAllocations[] = "dsg_allocations_201920_202324.csv";
constexpr char kDsgBalance[] = "dsg_cumulative_balance_pc_201920_202122.csv";

// The filters that pick the all-plans row of each layout.
const std::vector<EesFilter> kEstabTotal = {{"establishment_type", "Total"},
                                            {"establishment_group", "Total"}};
const std::vector<EesFilter> kAllPlans = {{"breakdown", "All EHC plans"}};

fs::path dfe_dir() {
  const char* shared = std::getenv("SENDTWIN_SHARED");
  return fs::path(shared != nullptr ? shared : "../shared") / "data/dfe";
}

std::string dfe_path(const std::string& relative) {
  return (dfe_dir() / relative).string();
}

// A real file, read once per run of the test binary.
const EesFile& real_file(const std::string& relative) {
  static std::map<std::string, std::unique_ptr<EesFile>> cache;
  std::unique_ptr<EesFile>& slot = cache[relative];
  if (!slot) slot = std::make_unique<EesFile>(dfe_path(relative));
  return *slot;
}

// The value of a cell, or NaN when it is missing (so a comparison with a number fails visibly).
double number(const EesFile& file, std::size_t row, std::string_view column) {
  return file.value(row, column).value.value_or(std::numeric_limits<double>::quiet_NaN());
}

EesFile parse(std::string_view text) {
  return EesFile(CsvTable::parse(text, "t.csv"));
}

// Tests of the real files skip when the shared data is not there.
class EesRealFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(dfe_dir() / kCaseload2025)) GTEST_SKIP() << dfe_dir() << " is not there";
  }
};

// ---- Geographic levels and symbols --------------------------------------------------------------

TEST(EesGeographicLevel, ParsesTheThreeEesLevels) {
  EXPECT_EQ(parse_geographic_level("National"), GeographicLevel::National);
  EXPECT_EQ(parse_geographic_level("Regional"), GeographicLevel::Regional);
  EXPECT_EQ(parse_geographic_level("Local authority"), GeographicLevel::LocalAuthority);
}

TEST(EesGeographicLevel, IgnoresCaseAndSurroundingSpaces) {
  EXPECT_EQ(parse_geographic_level(" Local Authority "), GeographicLevel::LocalAuthority);
}

TEST(EesGeographicLevel, AnyOtherTextIsOther) {
  EXPECT_EQ(parse_geographic_level("Parliamentary constituency"), GeographicLevel::Other);
  EXPECT_EQ(parse_geographic_level(""), GeographicLevel::Other);
}

TEST(EesGeographicLevel, NameReadsBackAsTheSameLevel) {
  for (GeographicLevel level : {GeographicLevel::National, GeographicLevel::Regional,
                                GeographicLevel::LocalAuthority, GeographicLevel::Other}) {
    EXPECT_EQ(parse_geographic_level(geographic_level_name(level)), level);
  }
}

TEST(EesGeographicLevel, OtherLevelKeepsItsText) {
  const EesFile f = parse("time_period,time_identifier,geographic_level\n2024,Calendar year,MAT\n");
  EXPECT_EQ(f.level(0), GeographicLevel::Other);
  EXPECT_EQ(f.level_name(0), "MAT");
}

TEST(EesMissingReason, GivesDfEWordsForEverySymbol) {
  EXPECT_EQ(missing_reason('c'), "confidential (suppressed)");
  EXPECT_EQ(missing_reason('x'), "unavailable");
  EXPECT_EQ(missing_reason('z'), "not applicable");
  EXPECT_EQ(missing_reason('l'), "low (rounds to 0, but is not 0)");
  EXPECT_EQ(missing_reason('u'), "low reliability");
}

TEST(EesMissingReason, IsEmptyForAPresentValue) {
  EXPECT_EQ(missing_reason(0), "");
}

// ---- Cells --------------------------------------------------------------------------------------

constexpr char kSymbolsFile[] =
    "time_period,time_identifier,geographic_level,a,b,c,d,e,f,g\n"
    "2024,Calendar year,National,c,low,u,:,..,~,\n";

TEST(EesCells, SuppressedLowAndLowReliability_AreMissingWithTheirCodes) {
  const EesFile f = parse(kSymbolsFile);
  EXPECT_EQ(f.value(0, "a").missing, 'c');
  EXPECT_EQ(f.value(0, "b").missing, 'l');
  EXPECT_EQ(f.value(0, "c").missing, 'u');
  for (const char* column : {"a", "b", "c"}) EXPECT_FALSE(f.value(0, column).value.has_value());
}

TEST(EesCells, ObsoleteSymbolsAndEmptyCells_ReadAsTheirCurrentCodes) {
  const EesFile f = parse(kSymbolsFile);
  EXPECT_EQ(f.value(0, "d").missing, 'x');  // `:` is the obsolete x
  EXPECT_EQ(f.value(0, "e").missing, 'x');  // `..`, as CsvTable::ees_number reads it
  EXPECT_EQ(f.value(0, "f").missing, 'l');  // `~` is the obsolete low
  EXPECT_EQ(f.value(0, "g").missing, 'x');  // an empty cell is not available
}

TEST(EesCells, Numbers_AreValuesWithNoMissingCode) {
  const EesFile f = parse(
      "time_period,time_identifier,geographic_level,a,b,c\n"
      "2024,Calendar year,National, 12 ,-2.5,+1e3\n");
  EXPECT_EQ(f.value(0, "a").value, 12.0);
  EXPECT_EQ(f.value(0, "b").value, -2.5);
  EXPECT_EQ(f.value(0, "c").value, 1000.0);
  EXPECT_EQ(f.value(0, "a").missing, 0);
}

TEST(EesCells, NumberOutsideTheRangeAsked_IsAnErrorAtItsLineAndColumn) {
  const EesFile f = parse(
      "time_period,time_identifier,geographic_level,a,b\n"
      "2024,Calendar year,National,-3,1e308\n");
  const ValueRange count{0, 100, "a count"};
  EXPECT_EQ(error_of([&] { f.value(0, "a", count); }), "t.csv:2: a: \"-3\" is negative: a count cannot be");
  EXPECT_EQ(error_of([&] { f.value(0, "b", count); }), "t.csv:2: b: \"1e308\" is outside 0 to 100, the plausible range of a count");
  EXPECT_EQ(f.value(0, "a").value, -3.0);  // without a range, as before
}

TEST(EesCells, SymbolsWithARange_AreStillMissingWithTheirCodes) {
  const EesFile f = parse(kSymbolsFile);
  const ValueRange count{0, 100, "a count"};
  for (const char* column : {"a", "b", "c", "d", "e", "f", "g"}) {
    EXPECT_FALSE(f.value(0, column, count).value.has_value()) << column;
    EXPECT_EQ(f.value(0, column, count).missing, f.value(0, column).missing) << column;
  }
}

TEST(EesCells, ByIndexAndByName_AreTheSameCell) {
  const EesFile f = parse(
      "time_period,time_identifier,geographic_level,a\n"
      "2024,Calendar year,National,7\n");
  EXPECT_EQ(f.value(0, f.column("a")).value, f.value(0, "a").value);
}

// ---- The real files -----------------------------------------------------------------------------

TEST_F(EesRealFiles, Estab2022_England2015TotalPlans_Is240183) {
  const EesFile& f = real_file(kEstab2022);
  const auto rows = f.rows_where(GeographicLevel::National, 2015, kEstabTotal);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(number(f, rows[0], "Total_all"), 240183);
}

// Caseload is "as at January", published by academic year: 202425 is January 2025.
TEST_F(EesRealFiles, Caseload2025_KentJanuary2025Plans_Is20635) {
  const EesFile& f = real_file(kCaseload2025);
  const auto row = f.la_row("886", 202425, kAllPlans);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(number(f, *row, "ehcplans"), 20635);  // facts/send_facts.csv: Kent, January 2025
}

// DfE's LA rows add up exactly to England in every year of both releases (151 to 153 LAs).
TEST_F(EesRealFiles, Caseload2025_LaRowsAddUpToTheNationalRow_InEveryPeriod) {
  const EesFile& f = real_file(kCaseload2025);
  ASSERT_EQ(f.periods().size(), 7u);  // January 2019 to January 2025
  for (int period : f.periods()) {
    const auto national = f.rows_where(GeographicLevel::National, period, kAllPlans);
    ASSERT_EQ(national.size(), 1u) << period;
    double sum = 0;
    for (std::size_t r : f.rows_where(GeographicLevel::LocalAuthority, period, kAllPlans)) {
      sum += number(f, r, "ehcplans");
    }
    EXPECT_EQ(sum, number(f, national[0], "ehcplans")) << period;
  }
}

TEST_F(EesRealFiles, Estab2022_LaRowsAddUpToTheNationalRow_InEveryYear) {
  const EesFile& f = real_file(kEstab2022);
  ASSERT_EQ(f.periods().size(), 13u);  // January 2010 to January 2022
  for (int period : f.periods()) {
    const auto national = f.rows_where(GeographicLevel::National, period, kEstabTotal);
    ASSERT_EQ(national.size(), 1u) << period;
    double sum = 0;
    for (std::size_t r : f.rows_where(GeographicLevel::LocalAuthority, period, kEstabTotal)) {
      sum += number(f, r, "Total_all");
    }
    EXPECT_EQ(sum, number(f, national[0], "Total_all")) << period;
  }
}

// Statements ended in 2018, so the 2022 release marks them z.
TEST_F(EesRealFiles, Estab2022_StatementsIn2022_AreMissingNotApplicable) {
  const EesFile& f = real_file(kEstab2022);
  const auto rows = f.rows_where(GeographicLevel::National, 2022, kEstabTotal);
  ASSERT_EQ(rows.size(), 1u);
  const EesCell cell = f.value(rows[0], "Total_st");
  EXPECT_FALSE(cell.value.has_value());
  EXPECT_EQ(cell.missing, 'z');
  EXPECT_EQ(missing_reason(cell.missing), "not applicable");
}

// Elective home education was not collected before the 2023 person-level SEN2, so January 2019 is x.
TEST_F(EesRealFiles, Caseload2025_HomeEducationIn2019_IsMissingUnavailable) {
  const EesFile& f = real_file(kCaseload2025);
  const auto rows = f.rows_where(GeographicLevel::National, 201819, kAllPlans);
  ASSERT_EQ(rows.size(), 1u);
  const EesCell cell = f.value(rows[0], "elective_home_education");
  EXPECT_FALSE(cell.value.has_value());
  EXPECT_EQ(cell.missing, 'x');
  EXPECT_EQ(missing_reason(cell.missing), "unavailable");
}

TEST_F(EesRealFiles, Period_IsReadAsPublished) {
  EXPECT_EQ(real_file(kEstab2022).period(0), 2022);
  EXPECT_EQ(real_file(kEstab2022).time_identifier(0), "Calendar year");
  EXPECT_EQ(real_file(kCaseload2025).period(0), 201819);
  EXPECT_EQ(real_file(kCaseload2025).time_identifier(0), "Academic year");
}

// 2022 puts old_la_code before new_la_code; 2025 (with a byte order mark) the other way round.
TEST_F(EesRealFiles, BothLayouts_GiveTheSameCodesForEveryLa) {
  const EesFile& old_layout = real_file(kEstab2022);
  const EesFile& new_layout = real_file(kCaseload2025);
  ASSERT_LT(old_layout.column("old_la_code"), old_layout.column("new_la_code"));
  ASSERT_GT(new_layout.column("old_la_code"), new_layout.column("new_la_code"));
  const auto las = old_layout.rows_where(GeographicLevel::LocalAuthority, 2022, kEstabTotal);
  ASSERT_EQ(las.size(), 152u);
  for (std::size_t r : las) {
    const auto match = new_layout.la_row(old_layout.old_la_code(r), 202122, kAllPlans);
    ASSERT_TRUE(match.has_value()) << old_layout.la_name(r);
    EXPECT_EQ(new_layout.new_la_code(*match), old_layout.new_la_code(r));
    EXPECT_EQ(new_layout.la_name(*match), old_layout.la_name(r));
  }
  const auto kent = new_layout.la_row("886", 202122, kAllPlans);
  ASSERT_TRUE(kent.has_value());
  EXPECT_EQ(new_layout.new_la_code(*kent), "E10000016");
}

// The two releases overlap in January 2019 to 2022 (calendar 2019 = academic 201819, …).
TEST_F(EesRealFiles, BothReleases_AgreeOnEveryLaTotal_January2019To2022) {
  const EesFile& old_layout = real_file(kEstab2022);
  const EesFile& new_layout = real_file(kCaseload2025);
  int compared = 0;
  for (int year = 2019; year <= 2022; ++year) {
    const int academic = (year - 1) * 100 + year % 100;
    for (std::size_t r : old_layout.rows_where(GeographicLevel::LocalAuthority, year, kEstabTotal)) {
      const auto match = new_layout.la_row(old_layout.old_la_code(r), academic, kAllPlans);
      ASSERT_TRUE(match.has_value()) << old_layout.la_name(r) << " " << year;
      EXPECT_EQ(number(new_layout, *match, "ehcplans"), number(old_layout, r, "Total_all"))
          << old_layout.la_name(r) << " " << year;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 606);
}

TEST_F(EesRealFiles, EveryEhcpAndDsgFile_LoadsWithNationalRegionalAndLaRowsOnly) {
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dfe_dir())) {
    const fs::path& path = entry.path();
    if (path.extension() != ".csv" || path.parent_path().filename() == "supporting-files") continue;
    if (path.filename() == "annual_reviews.csv") continue;  // see the next test
    const EesFile f(path.string());
    EXPECT_GT(f.rows(), 0u) << path;
    for (std::size_t r = 0; r < f.rows(); ++r) {
      if (f.level(r) == GeographicLevel::Other) {
        ADD_FAILURE() << path << ":" << f.line(r) << ": level " << f.level_name(r);
        break;
      }
    }
    ++files;
  }
  EXPECT_EQ(files, 3 + 6 + 11);  // DSG, 2022 release, 2025 release without annual reviews
}

// DfE's annual_reviews.csv (2025 release) has the column review_meeting_prior_24 twice.
TEST_F(EesRealFiles, AnnualReviews2025_RepeatedColumn_IsRefusedByTheCsvReader) {
  const std::string path = dfe_path(kAnnualReviews2025);
  EXPECT_EQ(error_of([&] { EesFile f(path); }),
            path + ":1: review_meeting_prior_24: column name appears more than once");
}

TEST_F(EesRealFiles, DsgAllocations_KentHighNeedsBlock202324_Is311984606) {
  const EesFile& f = real_file(kDsgAllocations);
  const auto row = f.la_row("886", 202324);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(number(f, *row, "high_needs_block_before_deductions"), 311984606);
}

// 2019-20 was published in £m and converted to £ (data/dfe/README.md), so each LA row may be off
// by up to half a pound; later years add up exactly.
TEST_F(EesRealFiles, DsgAllocations_LaRowsAddUpToTheNationalRow_WithinHalfAPoundPerLa) {
  const EesFile& f = real_file(kDsgAllocations);
  const std::size_t first_amount = f.column("la_name") + 1;
  for (int period : f.periods()) {
    const auto national = f.rows_where(GeographicLevel::National, period);
    const auto las = f.rows_where(GeographicLevel::LocalAuthority, period);
    ASSERT_EQ(national.size(), 1u) << period;
    for (std::size_t c = first_amount; c < f.table().header().size(); ++c) {
      double sum = 0;
      for (std::size_t r : las) sum += f.value(r, c).value.value();
      EXPECT_NEAR(sum, f.value(national[0], c).value.value(), 0.5 * static_cast<double>(las.size()))
          << f.table().header()[c] << " " << period;
    }
  }
}

TEST_F(EesRealFiles, DsgAllocations_LacksOnlyNewLaCode) {
  EXPECT_EQ(real_file(kDsgAllocations).missing_standard_columns(),
            (std::vector<std::string_view>{"new_la_code"}));
}

TEST_F(EesRealFiles, DsgBalance_MissingStandardColumns_AreListed) {
  EXPECT_EQ(real_file(kDsgBalance).missing_standard_columns(),
            (std::vector<std::string_view>{"country_code", "country_name", "region_code", "old_la_code",
                                           "new_la_code"}));
}

TEST_F(EesRealFiles, DsgBalance_LaRow_SaysTheFileHasNoOldLaCode) {
  EXPECT_EQ(error_of([] { real_file(kDsgBalance).la_row("886", 202122); }),
            dfe_path(kDsgBalance) + ":1: old_la_code: missing column");
}

TEST_F(EesRealFiles, DsgBalance_KentIsFoundByName) {
  const EesFile& f = real_file(kDsgBalance);
  const auto rows = f.rows_where(GeographicLevel::LocalAuthority, 202122, {{"la_name", "Kent"}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(number(f, rows[0], "dsg_cumulative_balance_pc_of_income"), -6.83);
}

TEST_F(EesRealFiles, Caseload2025_HasEveryStandardColumn) {
  EXPECT_TRUE(real_file(kCaseload2025).missing_standard_columns().empty());
}

// ---- Malformed copies of a real file ------------------------------------------------------------

// Copies of the first lines of caseload.csv (byte order mark, CRLF) with one thing broken, written
// to a fresh directory that is removed at the end.
class EesMalformed : public EesRealFiles {
 protected:
  void SetUp() override {
    EesRealFiles::SetUp();
    if (IsSkipped()) return;
    dir_ = fs::temp_directory_path() /
           ("sendtwin_ees_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ifstream in(dfe_path(kCaseload2025), std::ios::binary);
    std::string line;
    while (lines_.size() < 4 && std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines_.push_back(line);
    }
    ASSERT_EQ(lines_.size(), 4u);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // Replaces the first `from` on 1-based `line` with `to`.
  void replace(int line, const std::string& from, const std::string& to) {
    std::string& text = lines_.at(static_cast<std::size_t>(line - 1));
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  }
  // Writes the lines (CRLF, as the original) and returns the file's path.
  std::string write() const {
    const std::string path = (dir_ / "caseload.csv").string();
    std::ofstream out(path, std::ios::binary);
    for (const std::string& line : lines_) out << line << "\r\n";
    return path;
  }

  static inline int counter_ = 0;
  fs::path dir_;
  std::vector<std::string> lines_;  // the first four lines: header, then 201819 rows
};

TEST_F(EesMalformed, UnchangedCopy_Loads) {
  const EesFile f(write());
  EXPECT_EQ(f.rows(), 3u);
  EXPECT_EQ(number(f, 0, "ehcplans"), 353995);
}

TEST_F(EesMalformed, MissingRequiredColumn_NamesFileAndColumn) {
  replace(1, "geographic_level", "geography");
  const std::string path = write();
  EXPECT_EQ(error_of([&] { EesFile f(path); }), path + ":1: geographic_level: missing column");
}

TEST_F(EesMalformed, PeriodOfFiveDigits_IsAnErrorAtItsLine) {
  replace(3, "201819", "20189");
  const std::string path = write();
  EXPECT_EQ(error_of([&] { EesFile f(path); }),
            path +
                ":3: time_period: \"20189\" is not a time period of 4 digits (e.g. 2015) or 6 "
                "digits (e.g. 201819)");
}

TEST_F(EesMalformed, PeriodWithALetter_IsAnErrorAtItsLine) {
  replace(2, "201819", "2018a9");
  const std::string path = write();
  EXPECT_EQ(error_of([&] { EesFile f(path); }),
            path +
                ":2: time_period: \"2018a9\" is not a time period of 4 digits (e.g. 2015) or 6 "
                "digits (e.g. 201819)");
}

TEST_F(EesMalformed, SixDigitPeriodOfNonConsecutiveYears_IsAnErrorAtItsLine) {
  replace(4, "201819", "201820");
  const std::string path = write();
  EXPECT_EQ(error_of([&] { EesFile f(path); }),
            path + ":4: time_period: \"201820\" does not name two consecutive years (e.g. 201819)");
}

TEST_F(EesMalformed, ValueNeitherNumberNorSymbol_IsAnErrorAtItsLineAndColumn) {
  replace(2, ",353995,", ",35399five,");
  const std::string path = write();
  const EesFile f(path);
  EXPECT_EQ(error_of([&] { f.value(0, "ehcplans"); }),
            path + ":2: ehcplans: \"35399five\" is neither a number nor an EES symbol (c, x, z, low, u)");
}

TEST_F(EesMalformed, ValueOutOfRange_IsAnErrorAtItsLineAndColumn) {
  replace(2, ",353995,", ",1e999,");
  const std::string path = write();
  const EesFile f(path);
  EXPECT_EQ(error_of([&] { f.value(0, "ehcplans"); }), path + ":2: ehcplans: \"1e999\" is out of range");
}

TEST_F(EesMalformed, RaggedRow_IsAnErrorAtItsLine) {
  lines_[2].erase(lines_[2].rfind(','));
  const std::string path = write();
  EXPECT_EQ(error_of([&] { EesFile f(path); }), path + ":3: expected 60 fields, found 59");
}

TEST_F(EesMalformed, ValueOfAColumnThatIsNotThere_IsAnError) {
  const std::string path = write();
  const EesFile f(path);
  EXPECT_EQ(error_of([&] { f.value(0, "no_such_column"); }), path + ":1: no_such_column: missing column");
}

TEST_F(EesMalformed, FilterOnAColumnThatIsNotThere_IsAnError) {
  const std::string path = write();
  const EesFile f(path);
  EXPECT_EQ(error_of([&] {
              f.rows_where(GeographicLevel::National, 201819, {{"sex", "Male"}});
            }),
            path + ":1: sex: missing column");
}

TEST_F(EesMalformed, TwoRowsForOneLa_IsAnErrorNamingBothLines) {
  std::ifstream in(dfe_path(kCaseload2025), std::ios::binary);
  std::string line;
  std::string kent;
  while (std::getline(in, line)) {
    if (line.starts_with("202425,") && line.find(",886,Kent,All EHC plans,") != std::string::npos) {
      kent = line;
      break;
    }
  }
  ASSERT_FALSE(kent.empty());
  if (kent.back() == '\r') kent.pop_back();
  lines_ = {lines_[0], kent, kent};
  const std::string path = write();
  const EesFile f(path);
  EXPECT_EQ(error_of([&] { f.la_row("886", 202425, kAllPlans); }),
            path +
                ":3: old_la_code: \"886\" has more than one Local authority row for 202425 "
                "(lines 2 and 3); filter on more columns to pick one");
}

TEST(EesMissingFile, FileThatDoesNotExist_IsAnError) {
  const std::string path =
      (fs::temp_directory_path() / ("sendtwin_ees_test_" + std::to_string(::getpid()) + "_none.csv"))
          .string();
  EXPECT_EQ(error_of([&] { EesFile f(path); }), path + ": cannot open file");
}

}  // namespace
}  // namespace sendtwin::data
