// Promises of data/la_register.h: the committed data/la/register.csv finds LAs by either code or
// by name however it is written, maps each reorganisation's abolished LAs to their successors as the
// DfE data show, and lists for any January the LAs DfE published; a malformed register is refused
// with `file:line: field: message`.
//
// The counts are checked against DfE's files in $SENDTWIN_SHARED/data/dfe (default: ../shared next
// to the source tree); those tests skip when the files are not there.
#include "data/la_register.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../support/input_error.h"
#include "../support/shared_data.h"
#include "data/ees.h"

#ifndef SENDTWIN_SOURCE_DIR
#error "SENDTWIN_SOURCE_DIR must name the source tree (CMakeLists.txt defines it for the tests)"
#endif

namespace sendtwin::data {
namespace {

namespace fs = std::filesystem;
using test_support::error_of;
using test_support::dfe_dir;

constexpr char kCaseload2025[] = "ehcp-2025/data/caseload.csv";          // Academic year 201819 …
constexpr char kEstab2022[] = "ehcp-2022/data/sen2_estab_caseload.csv";  // Calendar year 2010 …

const LaRegister& real_register() {
  static const LaRegister reg = [] {
    const std::string path = std::string(SENDTWIN_SOURCE_DIR) + "/data/la/register.csv";
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return LaRegister::parse(text.str(), path);
  }();
  return reg;
}

// The distinct old LA codes of the Local authority rows of `file` for `period`.
std::set<std::string> published_las(const EesFile& file, int period) {
  std::set<std::string> codes;
  for (std::size_t row : file.rows_where(GeographicLevel::LocalAuthority, period)) {
    codes.emplace(file.old_la_code(row));
  }
  return codes;
}

// The 2025 release's academic-year period for a January: 2019 → 201819.
int academic_period(int january_year) {
  return (january_year - 1) * 100 + january_year % 100;
}

std::vector<std::string> old_codes(const std::vector<const LaRecord*>& records) {
  std::vector<std::string> codes;
  for (const LaRecord* record : records) codes.push_back(record->old_code);
  return codes;
}

std::vector<std::string> successor_names(const std::string& old_code) {
  const LaRecord* record = real_register().find(old_code);
  if (record == nullptr) return {"not found"};
  std::vector<std::string> names;
  for (const LaRecord* successor : real_register().successors_of(*record)) names.push_back(successor->name);
  return names;
}

// ---- The committed register: finding LAs ---------------------------------------------------------

TEST(LaRegisterFile, FindsKentByOldCode) {
  const LaRecord* kent = real_register().find("886");
  ASSERT_NE(kent, nullptr);
  EXPECT_EQ(kent->name, "Kent");
  EXPECT_EQ(kent->new_code, "E10000016");
  EXPECT_EQ(kent->region_name, "South East");
}

TEST(LaRegisterFile, FindsKentByNewCodeInAnyCase) {
  EXPECT_EQ(real_register().find("E10000016"), real_register().find("886"));
  EXPECT_EQ(real_register().find("e10000016"), real_register().find("886"));
}

TEST(LaRegisterFile, FindsKentByNameInAnyCase) {
  EXPECT_EQ(real_register().find("Kent"), real_register().find("886"));
  EXPECT_EQ(real_register().find(" KENT "), real_register().find("886"));
}

TEST(LaRegisterFile, FindsCamdenByNameInAnyCase) {
  const LaRecord* camden = real_register().find("Camden");
  ASSERT_NE(camden, nullptr);
  EXPECT_EQ(camden->old_code, "202");
  EXPECT_EQ(real_register().find("camden"), camden);
}

TEST(LaRegisterFile, FindsANameWrittenInAnyWordOrderOrPunctuation) {
  const LaRecord* bristol = real_register().find("Bristol, City of");
  ASSERT_NE(bristol, nullptr);
  EXPECT_EQ(bristol->old_code, "801");
  EXPECT_EQ(real_register().find("City of Bristol"), bristol);
  EXPECT_EQ(real_register().find("city of bristol"), bristol);
}

TEST(LaRegisterFile, FindsANameWrittenWithAmpersandOrWithoutAnd) {
  const LaRecord* wf = real_register().find("Westmorland and Furness");
  ASSERT_NE(wf, nullptr);
  EXPECT_EQ(real_register().find("Westmorland & Furness"), wf);
  EXPECT_EQ(real_register().find("Westmorland Furness"), wf);
  EXPECT_EQ(real_register().find("Bournemouth, Christchurch & Poole"), real_register().find("839"));
}

TEST(LaRegisterFile, FindsTheCurrentLaForANameTwoLasShare) {
  const LaRecord* dorset = real_register().find("Dorset");
  ASSERT_NE(dorset, nullptr);
  EXPECT_EQ(dorset->old_code, "838");  // Dorset Council; Dorset County Council (835) stays findable by code
  EXPECT_EQ(real_register().find("835")->name, "Dorset");
}

TEST(LaRegisterFile, FindsNothingForAnUnknownNameOrCode) {
  EXPECT_EQ(real_register().find("Atlantis"), nullptr);
  EXPECT_EQ(real_register().find("999"), nullptr);
  EXPECT_EQ(real_register().find("E10999999"), nullptr);
  EXPECT_EQ(real_register().find(""), nullptr);
}

TEST(LaRegisterFile, NearestNamesToAMisspellingStartWithTheIntendedLa) {
  const std::vector<std::string> names = real_register().nearest_names("Camdn");
  ASSERT_EQ(names.size(), 3U);
  EXPECT_EQ(names.front(), "Camden");
}

TEST(LaRegisterFile, NearestNamesAreDistinct) {
  const std::vector<std::string> names = real_register().nearest_names("Dorsett", 5);
  ASSERT_EQ(names.size(), 5U);
  EXPECT_EQ(names.front(), "Dorset");
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
}

// ---- The committed register: reorganisations ----------------------------------------------------

TEST(LaRegisterFile, BournemouthAndPooleAreSucceededByBournemouthChristchurchAndPoole) {
  const std::vector<std::string> bcp = {"Bournemouth, Christchurch and Poole"};
  EXPECT_EQ(successor_names(real_register().find("Bournemouth")->old_code), bcp);
  EXPECT_EQ(successor_names(real_register().find("Poole")->old_code), bcp);
  EXPECT_EQ(real_register().find("Bournemouth")->last_year, 2019);
  EXPECT_EQ(real_register().find("Bournemouth, Christchurch and Poole")->first_year, 2020);
}

TEST(LaRegisterFile, DorsetCountyIsSucceededByDorsetAndBournemouthChristchurchAndPoole) {
  EXPECT_EQ(successor_names("835"),
            (std::vector<std::string>{"Dorset", "Bournemouth, Christchurch and Poole"}));
  EXPECT_EQ(real_register().find("835")->new_code, "E10000009");
  EXPECT_EQ(real_register().find("838")->new_code, "E06000059");
}

TEST(LaRegisterFile, NorthamptonshireIsSucceededByNorthAndWestNorthamptonshire) {
  EXPECT_EQ(successor_names(real_register().find("Northamptonshire")->old_code),
            (std::vector<std::string>{"North Northamptonshire", "West Northamptonshire"}));
  EXPECT_EQ(real_register().find("Northamptonshire")->last_year, 2021);
  EXPECT_EQ(real_register().find("North Northamptonshire")->first_year, 2022);
}

TEST(LaRegisterFile, CumbriaIsSucceededByCumberlandAndWestmorlandAndFurness) {
  EXPECT_EQ(successor_names(real_register().find("Cumbria")->old_code),
            (std::vector<std::string>{"Cumberland", "Westmorland and Furness"}));
  EXPECT_EQ(real_register().find("Cumbria")->last_year, 2023);
  EXPECT_EQ(real_register().find("Cumberland")->first_year, 2024);
}

// DfE kept publishing North Yorkshire (815, E10000023) and Somerset (933, E10000027) under their
// old codes after the 2023 unitary reorganisation, so the register carries one continuing LA each.
TEST(LaRegisterFile, NorthYorkshireAndSomersetContinueUnderTheirDfeCodes) {
  for (const char* name : {"North Yorkshire", "Somerset"}) {
    const LaRecord* la = real_register().find(name);
    ASSERT_NE(la, nullptr) << name;
    EXPECT_TRUE(la->successors.empty()) << name;
    EXPECT_EQ(la->last_year, 2025) << name;
  }
  EXPECT_EQ(real_register().find("North Yorkshire")->new_code, "E10000023");
  EXPECT_EQ(real_register().find("Somerset")->new_code, "E10000027");
}

TEST(LaRegisterFile, EveryLaNoLongerPublishedHasSuccessorsPublishedTheNextJanuary) {
  for (const LaRecord& la : real_register().records()) {
    if (la.last_year == 2025) {
      EXPECT_TRUE(la.successors.empty()) << la.name;
      continue;
    }
    EXPECT_FALSE(la.successors.empty()) << la.name;
    for (const LaRecord* successor : real_register().successors_of(la)) {
      EXPECT_EQ(successor->first_year, la.last_year + 1) << la.name << " -> " << successor->name;
    }
  }
}

// ---- The committed register: LAs in existence ---------------------------------------------------

class LaRegisterRealFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(dfe_dir() / kCaseload2025)) GTEST_SKIP() << dfe_dir() << " is not there";
  }
  static const EesFile& caseload_2025() {
    static const EesFile file((dfe_dir() / kCaseload2025).string());
    return file;
  }
};

TEST_F(LaRegisterRealFiles, InExistence2025IsTheLasDfePublishedForJanuary2025) {
  const std::set<std::string> published = published_las(caseload_2025(), academic_period(2025));
  ASSERT_EQ(published.size(), 153U);
  const std::vector<std::string> codes = old_codes(real_register().in_existence(2025));
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()), published);
  EXPECT_EQ(codes.size(), published.size());
}

TEST_F(LaRegisterRealFiles, InExistence2019IsTheLasDfePublishedForJanuary2019) {
  const std::set<std::string> published = published_las(caseload_2025(), academic_period(2019));
  ASSERT_EQ(published.size(), 152U);
  const std::vector<std::string> codes = old_codes(real_register().in_existence(2019));
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()), published);
  EXPECT_EQ(codes.size(), published.size());
}

TEST_F(LaRegisterRealFiles, InExistenceIsTheLasPublishedInEveryJanuaryOfBothReleases) {
  if (!fs::exists(dfe_dir() / kEstab2022)) GTEST_SKIP() << kEstab2022 << " is not there";
  const EesFile estab_2022((dfe_dir() / kEstab2022).string());
  for (int period : estab_2022.periods()) {
    const std::vector<std::string> codes = old_codes(real_register().in_existence(period));
    EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()), published_las(estab_2022, period)) << period;
  }
  for (int period : caseload_2025().periods()) {
    const int january = period / 100 + 1;
    const std::vector<std::string> codes = old_codes(real_register().in_existence(january));
    EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()), published_las(caseload_2025(), period))
        << period;
  }
}

TEST(LaRegisterFile, InExistenceAfterTheLastJanuaryIsTheLastJanuarysLas) {
  EXPECT_EQ(real_register().in_existence(2035), real_register().in_existence(2025));
  EXPECT_FALSE(real_register().in_existence(2035).empty());
}

TEST(LaRegisterFile, InExistenceBeforeTheFirstJanuaryIsTheFirstJanuarysLas) {
  EXPECT_EQ(real_register().in_existence(2005), real_register().in_existence(2010));
  EXPECT_FALSE(real_register().in_existence(2005).empty());
}

// ---- Malformed registers ------------------------------------------------------------------------

constexpr char kHeader[] =
    "old_la_code,new_la_code,la_name,region_code,region_name,first_period,last_period,"
    "successor_old_codes,source\n";
constexpr char kKent[] = "886,E10000016,Kent,E12000008,South East,2010,2025,,DfE\n";

std::string parse_error(const std::string& rows) {
  return error_of([&] { LaRegister::parse(kHeader + rows, "t.csv"); });
}

TEST(LaRegisterParse, ReadsAWellFormedRegister) {
  const LaRegister reg = LaRegister::parse(
      std::string(kHeader) + kKent + "202,E09000007,Camden,E12000007,London,2010,2025,,DfE\n", "t.csv");
  EXPECT_EQ(reg.size(), 2U);
  EXPECT_EQ(reg.find("Camden")->region_code, "E12000007");
}

TEST(LaRegisterParse, RefusesAnOldCodeThatIsNotThreeDigits) {
  EXPECT_EQ(parse_error("88,E10000016,Kent,E12000008,South East,2010,2025,,DfE\n"),
            "t.csv:2: old_la_code: \"88\" is not a 3-digit DfE LA code");
}

TEST(LaRegisterParse, RefusesANewCodeThatIsNotAnOnsLaCode) {
  EXPECT_EQ(parse_error("886,E12000016,Kent,E12000008,South East,2010,2025,,DfE\n"),
            "t.csv:2: new_la_code: \"E12000016\" is not an ONS LA code (E06, E08, E09 or E10 and 6 digits)");
}

TEST(LaRegisterParse, RefusesARegionCodeThatIsNotAnOnsRegionCode) {
  EXPECT_EQ(parse_error("886,E10000016,Kent,E1200008,South East,2010,2025,,DfE\n"),
            "t.csv:2: region_code: \"E1200008\" is not an ONS region code (E12 and 6 digits)");
}

TEST(LaRegisterParse, RefusesADuplicateOldCode) {
  EXPECT_EQ(parse_error(std::string(kKent) + "886,E09000007,Camden,E12000007,London,2010,2025,,DfE\n"),
            "t.csv:3: old_la_code: duplicate code 886 (also on line 2)");
}

TEST(LaRegisterParse, RefusesADuplicateNewCode) {
  EXPECT_EQ(parse_error(std::string(kKent) + "202,E10000016,Camden,E12000007,London,2010,2025,,DfE\n"),
            "t.csv:3: new_la_code: duplicate code E10000016 (also on line 2)");
}

TEST(LaRegisterParse, RefusesTwoLasOfOneNamePublishedToTheSameYear) {
  EXPECT_EQ(parse_error(std::string(kKent) + "202,E09000007,kent,E12000007,London,2010,2025,,DfE\n"),
            "t.csv:3: la_name: \"kent\" is also the name of 886 (line 2), published to the same year");
}

TEST(LaRegisterParse, RefusesASuccessorNotInTheRegister) {
  EXPECT_EQ(parse_error("886,E10000016,Kent,E12000008,South East,2010,2019,999,DfE\n"),
            "t.csv:2: successor_old_codes: successor 999 is not in the register");
}

TEST(LaRegisterParse, RefusesAnLaThatSucceedsItself) {
  EXPECT_EQ(parse_error("886,E10000016,Kent,E12000008,South East,2010,2019,886,DfE\n"),
            "t.csv:2: successor_old_codes: an LA cannot succeed itself");
}

TEST(LaRegisterParse, RefusesLastPeriodBeforeFirstPeriod) {
  EXPECT_EQ(parse_error("886,E10000016,Kent,E12000008,South East,2021,2019,,DfE\n"),
            "t.csv:2: last_period: 2019 is before first_period 2021");
}

TEST(LaRegisterParse, RefusesAPeriodThatIsNotAYear) {
  EXPECT_EQ(parse_error("886,E10000016,Kent,E12000008,South East,201819,2025,,DfE\n"),
            "t.csv:2: first_period: \"201819\" is not a January year (4 digits)");
}

TEST(LaRegisterParse, RefusesARegisterWithoutAColumnItNeeds) {
  EXPECT_EQ(error_of([] { LaRegister::parse("old_la_code,new_la_code\n886,E10000016\n", "t.csv"); }),
            "t.csv:1: la_name: missing column");
}

}  // namespace
}  // namespace sendtwin::data
