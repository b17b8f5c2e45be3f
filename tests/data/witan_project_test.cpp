// Promises of data/witan_project.h: witan.send's demo project reads as published, and each kind of
// bad configuration or CSV (one malformed copy of the demo per error, in a temporary folder) is an
// InputError `file:line: field: what is wrong`.
#include "data/witan_project.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/error.h"
#include "../support/input_error.h"

namespace sendtwin::data {
namespace {

namespace fs = std::filesystem;
using test_support::error_of;
using model::witan::WitanTransition;

fs::path demo_dir() {
  const char* shared = std::getenv("SENDTWIN_SHARED");
  return fs::path(shared ? shared : SENDTWIN_SOURCE_DIR "/../shared") / "peers" / "witan.send-demo";
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_all(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) ADD_FAILURE() << "no " << from;
  else text.replace(at, from.size(), to);
  return text;
}

// A copy of the demo project in a fresh temporary folder, removed at the end of the test.
class WitanProjectCopy : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(demo_dir() / "config.edn")) GTEST_SKIP() << "no " << demo_dir();
    dir_ = fs::temp_directory_path() /
           ("sendtwin-witan-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "data");
    fs::copy_file(demo_dir() / "config.edn", dir_ / "config.edn");
    for (const char* f : {"transitions.csv", "population.csv", "costs.csv", "valid-states.csv"})
      fs::copy_file(demo_dir() / "data" / f, dir_ / "data" / f);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string config() const { return (dir_ / "config.edn").string(); }
  std::string file(const std::string& name) const { return (dir_ / "data" / name).string(); }
  // Rewrites one data file, replacing its first `from` with `to`.
  void edit(const std::string& name, const std::string& from, const std::string& to) const {
    write_all(file(name), replace_once(read_all(file(name)), from, to));
  }
  void edit_config(const std::string& from, const std::string& to) const {
    write_all(config(), replace_once(read_all(config()), from, to));
  }
  std::string error() const {
    return error_of([&] { read_witan_project(config()); });
  }
  fs::path dir_;
};

TEST_F(WitanProjectCopy, DemoReadsAsPublished) {
  const auto p = read_witan_project(config());
  EXPECT_EQ(p.config.random_seed, 50u);
  EXPECT_EQ(p.config.simulations, 10);
  EXPECT_EQ(p.config.transitions, file("transitions.csv"));
  EXPECT_EQ(p.config.output_dir, (dir_ / "results").string());
  EXPECT_EQ(p.transitions.size(), 8351u);
  EXPECT_EQ(p.population.size(), 310u);  // 31 years x 10 calendar years
  EXPECT_EQ(p.costs.size(), 88u);
  ASSERT_EQ(p.valid_states.size(), 19u);
  EXPECT_EQ(p.valid_states[0].setting, "A");
  EXPECT_EQ(p.valid_states[0].needs.size(), 6u);
  EXPECT_EQ(p.valid_states[0].moves_to.size(), 18u);
  EXPECT_FALSE(p.config.scenario.modifies_transitions());
  EXPECT_TRUE(p.config.scenario.setting_made_invalid.empty());
}

TEST_F(WitanProjectCopy, PathsAreRelativeToTheConfigurationsFolder) {
  // Read from another working directory: the paths still resolve against config.edn's folder.
  const auto cwd = fs::current_path();
  fs::current_path(fs::temp_directory_path());
  const auto p = read_witan_project(config());
  fs::current_path(cwd);
  EXPECT_EQ(p.transitions.size(), 8351u);
}

TEST_F(WitanProjectCopy, ScenarioKeysAreRead) {
  edit_config(":settings-to-change nil}",
              ":settings-to-change nil\n :transitions-to-change [{:setting-2 :NONSEND :academic-year-1 [10 11] "
              ":modify-transition-by 2}]\n :modify-transitions-date-range {:from 2019}\n :make-setting-invalid :P}");
  const auto p = read_witan_project(config());
  const auto& s = p.config.scenario;
  ASSERT_EQ(s.transitions_to_change.size(), 1u);
  EXPECT_EQ(s.transitions_to_change[0].factor, 2.0);
  EXPECT_EQ(s.from_year, 2019);
  EXPECT_EQ(s.setting_made_invalid, "P");
  WitanTransition leaver{2015, "A", "T", 10, "NONSEND", "NONSEND", 11, 0};
  EXPECT_TRUE(s.transitions_to_change[0].matches(leaver));
  leaver.academic_year_1 = 12;
  EXPECT_FALSE(s.transitions_to_change[0].matches(leaver));
}

TEST_F(WitanProjectCopy, TransitionFiltersAreRead) {
  edit_config(":filter-transitions-from nil", ":filter-transitions-from [[:calendar-academic {:< 2015 :>= 12}]]");
  const auto p = read_witan_project(config());
  ASSERT_EQ(p.config.scenario.filters.size(), 1u);
  const auto& f = p.config.scenario.filters[0];
  // Removed when both comparisons hold on side 1 (calendar-year, academic-year-1) or both on
  // side 2 (calendar-year + 1, academic-year-2).
  EXPECT_TRUE(f.removes({2013, "A", "T", 12, "A", "T", 13, 0}));   // both sides
  EXPECT_TRUE(f.removes({2013, "A", "T", 11, "A", "T", 12, 0}));   // side 2: 2014 < 2015, year 12
  EXPECT_FALSE(f.removes({2014, "A", "T", 11, "A", "T", 12, 0}));  // side 1: year 11; side 2: 2015
  EXPECT_FALSE(f.removes({2014, "A", "T", 10, "A", "T", 11, 0}));
  EXPECT_FALSE(f.removes({2015, "A", "T", 12, "A", "T", 13, 0}));
}

TEST_F(WitanProjectCopy, FilterComparingANameWithLessThanIsRefused) {
  edit_config(":filter-transitions-from nil", ":filter-transitions-from {:calendar-setting {:< 2015 :> :A}}");
  EXPECT_EQ(error(), config() + ":6: transition-parameters.filter-transitions-from.calendar-setting: a setting can only be compared with :=");
}

// --- The configuration -------------------------------------------------------------------------

TEST_F(WitanProjectCopy, MalformedEdnNamesFileAndLine) {
  edit_config(":simulations 10}", ":simulations 10");
  EXPECT_EQ(error(), config() + ":1: '}' is missing: the bracket opened here is never closed");
}

TEST_F(WitanProjectCopy, WrongTypeInConfigurationNamesTheKey) {
  edit_config(":simulations 10", ":simulations \"ten\"");
  EXPECT_EQ(error(), config() + ":14: projection-parameters.simulations: expected an integer, found \"ten\"");
}

TEST_F(WitanProjectCopy, MissingInputFileKeyIsNamed) {
  edit_config(":costs \"data/costs.csv\"", "");
  EXPECT_EQ(error(), config() + ":1: file-inputs.costs: missing key :costs");
}

TEST_F(WitanProjectCopy, MissingInputFileIsNamed) {
  fs::remove(file("costs.csv"));
  EXPECT_EQ(error(), file("costs.csv") + ": cannot open file");
}

TEST_F(WitanProjectCopy, DanglingRefIsNamed) {
  edit_config("#ref [:file-inputs :population]", "#ref [:file-inputs :nothing]");
  EXPECT_EQ(error(), config() + ":22: output-parameters.population-file: #ref [:file-inputs :nothing] names nothing in the configuration");
}

TEST_F(WitanProjectCopy, UnsupportedScenarioKeyIsRefusedNotIgnored) {
  edit_config(":splice-ncy nil", ":splice-ncy 11");
  EXPECT_NE(error().find(config() + ":8: transition-parameters.splice-ncy: this witan.send scenario key is not supported"),
            std::string::npos);
}

TEST_F(WitanProjectCopy, ModifyTransitionByNeedsWhichTransitionsAndSettings) {
  edit_config(":modify-transition-by nil", ":modify-transition-by 2");
  EXPECT_EQ(error(), config() + ":9: transition-parameters.which-transitions?: needed with :modify-transition-by (joiners, "
                                "leavers, movers-to, movers-from)");
}

TEST_F(WitanProjectCopy, SettingsToChangeAreRead) {
  write_all(dir_ / "data" / "settings-to-change.csv", "setting-1,setting-2\nA,B\nC,nil\n");
  edit_config(":which-transitions? nil", ":which-transitions? [\"joiners\" \"movers-to\"]");
  edit_config(":modify-transition-by nil", ":modify-transition-by 0.5");
  edit_config(":settings-to-change nil", ":settings-to-change \"data/settings-to-change.csv\"");
  const auto p = read_witan_project(config());
  const auto& s = p.config.scenario;
  EXPECT_EQ(s.modify_transition_by, 0.5);
  EXPECT_EQ(s.which_transitions, (std::vector<std::string>{"joiners", "movers-to"}));
  ASSERT_EQ(s.settings_to_change.size(), 2u);
  EXPECT_EQ(s.settings_to_change[0].setting_2, "B");
  EXPECT_EQ(s.settings_to_change[1].setting_1, "C");
  EXPECT_TRUE(s.settings_to_change[1].setting_2.empty());
  EXPECT_TRUE(s.modifies_transitions());
}

TEST_F(WitanProjectCopy, SettingsToChangeWithUnknownSettingIsNamed) {
  write_all(dir_ / "data" / "settings-to-change.csv", "setting-1,setting-2\nA,B\nZZ,B\n");
  edit_config(":which-transitions? nil", ":which-transitions? [\"joiners\"]");
  edit_config(":modify-transition-by nil", ":modify-transition-by 0.5");
  edit_config(":settings-to-change nil", ":settings-to-change \"data/settings-to-change.csv\"");
  EXPECT_EQ(error(), file("settings-to-change.csv") + ":3: setting-1: ZZ is not a setting of " + file("valid-states.csv"));
}

TEST_F(WitanProjectCopy, UnknownSettingMadeInvalidIsNamedAtItsLine) {
  edit_config(":settings-to-change nil}", ":settings-to-change nil :make-setting-invalid :ZZ}");
  EXPECT_EQ(error(), config() + ":11: make-setting-invalid: ZZ is not a setting of " + file("valid-states.csv"));
}

// Issue 15: what a scenario names must exist, or it changes nothing without a word.
TEST_F(WitanProjectCopy, UnknownSettingInTransitionsToChangeIsRefused) {
  edit_config(":settings-to-change nil}",
              ":settings-to-change nil\n :transitions-to-change [{:setting-2 :A :modify-transition-by 2}\n {:setting-2 :Z "
              ":academic-year-2 1 :modify-transition-by 40}]}");
  EXPECT_EQ(error(), config() + ":13: transitions-to-change.setting-2: Z is not a setting of " + file("valid-states.csv"));
}

TEST_F(WitanProjectCopy, UnknownNeedOrImpossibleYearInTransitionsToChangeIsRefused) {
  edit_config(":settings-to-change nil}", ":settings-to-change nil :transitions-to-change [{:need-1 [:T :Q] :modify-transition-by 2}]}");
  EXPECT_EQ(error(), config() + ":11: transitions-to-change.need-1: Q is not a need of " + file("valid-states.csv"));
  edit_config(":need-1 [:T :Q]", ":academic-year-2 40");
  EXPECT_EQ(error(), config() + ":11: transitions-to-change.academic-year-2: 40 is not a national curriculum year -5..25");
}

TEST_F(WitanProjectCopy, UnknownSettingInAFilterIsRefused) {
  edit_config(":filter-transitions-from nil", ":filter-transitions-from {:calendar-setting {:< 2015 := :ZZ}}");
  EXPECT_EQ(error(), config() + ":6: filter-transitions-from.calendar-setting: ZZ is not a setting of " + file("valid-states.csv"));
}

TEST_F(WitanProjectCopy, AMisspeltScenarioKeyIsRefusedWithTheNearest) {
  edit_config(":settings-to-change nil}", ":settings-to-change nil :transitons-to-change [{:setting-2 :A :modify-transition-by 2}]}");
  EXPECT_EQ(error(), config() + ":11: transition-parameters.transitons-to-change: not a known key (did you mean transitions-to-change?)");
}

TEST_F(WitanProjectCopy, AMisspeltKeyAnywhereInTheConfigurationIsRefused) {
  edit_config(":simulations 10", ":simulation 10");
  EXPECT_EQ(error(), config() + ":14: projection-parameters.simulation: not a known key (did you mean simulations?)");
  edit_config(":simulation 10", ":simulations 10");
  edit_config(":output-dir", ":output-dri");
  EXPECT_EQ(error(), config() + ":18: output-parameters.output-dri: not a known key (did you mean output-dir?)");
  edit_config(":output-dri", ":output-dir");
  edit_config(":file-inputs", ":file-input");
  EXPECT_EQ(error(), config() + ":1: file-input: not a known key (did you mean file-inputs?)");
}

TEST_F(WitanProjectCopy, AMisspeltConditionInTransitionsToChangeIsRefused) {
  edit_config(":settings-to-change nil}", ":settings-to-change nil :transitions-to-change [{:seting-2 :A :modify-transition-by 2}]}");
  EXPECT_EQ(error(), config() + ":11: transition-parameters.transitions-to-change.seting-2: not a known key (did you mean setting-2?)");
}

TEST_F(WitanProjectCopy, AnImplausibleFactorOrYearIsRefused) {
  edit_config(":settings-to-change nil}", ":settings-to-change nil :transitions-to-change [{:setting-2 :A :modify-transition-by 1e308}]}");
  EXPECT_EQ(error(), config() + ":11: transition-parameters.transitions-to-change.modify-transition-by: expected a number in [0, 1000] "
                                "(each matching transition counts this many times), found 1e+308");
  edit_config(":modify-transition-by 1e308", ":modify-transition-by 2");
  edit_config(":modify-transitions-from nil", ":modify-transitions-from 99999999999");
  EXPECT_EQ(error(), config() + ":10: transition-parameters.modify-transitions-from: 99999999999 is not a calendar year 1900..2100");
}

// A witan.send file saved by a Windows editor starts with a byte order mark.
TEST_F(WitanProjectCopy, AConfigurationWithAByteOrderMarkReads) {
  write_all(config(), "\xEF\xBB\xBF" + read_all(config()));
  EXPECT_EQ(read_witan_project(config()).config.simulations, 10);
}

// --- transitions.csv -----------------------------------------------------------------------------

TEST_F(WitanProjectCopy, TransitionWithBadYearNamesLineAndColumn) {
  edit("transitions.csv", "2013,B,X,5,B,X,6", "2013,B,X,five,B,X,6");
  EXPECT_EQ(error(), file("transitions.csv") + ":3: academic-year-1: \"five\" is not a number");
}

TEST_F(WitanProjectCopy, TransitionOfMoreThanOneYearIsRefused) {
  edit("transitions.csv", "2013,B,X,5,B,X,6", "2013,B,X,5,B,X,8");
  EXPECT_EQ(error(), file("transitions.csv") + ":3: academic-year-2: 8 should be one more than academic-year-1 (5): a transition is one year");
}

TEST_F(WitanProjectCopy, TransitionOutsideWitansYearsIsRefused) {
  edit("transitions.csv", "2013,B,X,5,B,X,6", "2013,B,X,30,B,X,31");
  EXPECT_EQ(error(), file("transitions.csv") + ":3: academic-year-1: 30 is outside witan.send's academic years -5..25");
}

TEST_F(WitanProjectCopy, TransitionWithUnknownSettingIsNamed) {
  edit("transitions.csv", "2013,B,X,5,B,X,6", "2013,B,X,5,Z,X,6");
  EXPECT_EQ(error(), file("transitions.csv") + ":3: setting-2: Z is not a setting of " + file("valid-states.csv"));
}

TEST_F(WitanProjectCopy, TransitionHalfNonSendIsRefused) {
  edit("transitions.csv", "2013,B,X,5,B,X,6", "2013,B,X,5,NONSEND,X,6");
  EXPECT_EQ(error(), file("transitions.csv") + ":3: need-2: need-2 and setting-2 must both be NONSEND or neither (found X, NONSEND)");
}

TEST_F(WitanProjectCopy, TransitionsWithAMissingColumnAreRefused) {
  edit("transitions.csv", "calendar-year,", "year,");
  EXPECT_EQ(error(), file("transitions.csv") + ":1: calendar-year: missing column");
}

TEST_F(WitanProjectCopy, RaggedTransitionRowIsRefused) {
  edit("transitions.csv", "2013,B,X,5,B,X,6", "2013,B,X,5,B,X");
  EXPECT_EQ(error(), file("transitions.csv") + ":3: expected 7 fields, found 6");
}

// --- population.csv, costs.csv, valid-states.csv ----------------------------------------------

TEST_F(WitanProjectCopy, NegativePopulationIsRefused) {
  edit("population.csv", "2013,-5,9618", "2013,-5,-9618");
  EXPECT_EQ(error(), file("population.csv") + ":2: population: a population cannot be negative");
}

TEST_F(WitanProjectCopy, RepeatedPopulationRowIsRefused) {
  edit("population.csv", "2013,-4,9398", "2013,-5,9398");
  EXPECT_EQ(error(), file("population.csv") + ":3: academic-year: calendar-year 2013 has academic-year -5 twice");
}

TEST_F(WitanProjectCopy, BadCostIsNamed) {
  edit("costs.csv", "U,G,1000.0", "U,G,lots");
  EXPECT_EQ(error(), file("costs.csv") + ":2: cost: \"lots\" is not a number");
}

// Issue 15: a cost of 1e308 gave inf.0 and -nan.0; a missing row was costed at GBP 0.
TEST_F(WitanProjectCopy, AnImplausibleCostIsRefused) {
  edit("costs.csv", "U,G,1000.0", "U,G,1e308");
  EXPECT_EQ(error(), file("costs.csv") + ":2: cost: \"1e308\" is above 1000000: GBP a plan a year, at most the dearest placements' GBP 1 million");
}

TEST_F(WitanProjectCopy, AMissingCostRowIsRefusedNamingNeedAndSetting) {
  edit("costs.csv", "U,G,1000.0\n", "");
  const std::string e = error();
  EXPECT_EQ(e.rfind(file("costs.csv") + ": cost: no row for need U in setting G (" + file("transitions.csv") + ":", 0), 0u) << e;
  EXPECT_NE(e.find("it would be costed at GBP 0"), std::string::npos) << e;
}

TEST_F(WitanProjectCopy, AnImplausiblePopulationIsRefused) {
  edit("population.csv", "2013,-5,9618", "2013,-5,1e10");
  EXPECT_EQ(error(), file("population.csv") + ":2: population: \"1e10\" is above 5000000: children in one national curriculum year, "
                                             "at most a few times England's 700,000");
}

TEST_F(WitanProjectCopy, CostOfUnknownNeedIsNamed) {
  edit("costs.csv", "U,G,1000.0", "Q9,G,1000.0");
  EXPECT_EQ(error(), file("costs.csv") + ":2: need: Q9 is not a need of " + file("valid-states.csv"));
}

TEST_F(WitanProjectCopy, ValidStateWithReversedYearsIsRefused) {
  edit("valid-states.csv", "A,group1,-3,15,", "A,group1,15,-3,");
  EXPECT_EQ(error(), file("valid-states.csv") + ":2: max-academic-year: is below min-academic-year");
}

TEST_F(WitanProjectCopy, ValidStateMovingToUnknownSettingIsNamed) {
  edit("valid-states.csv", "\"A,B,C,D,E,F,G,H,I,J,K,L,N,O,P,Q,R,S\"", "\"A,B,ZZ\"");
  EXPECT_EQ(error(), file("valid-states.csv") + ":2: setting->setting: ZZ is not a setting of this file");
}

TEST_F(WitanProjectCopy, ValidStateWithEmptyNeedIsRefused) {
  edit("valid-states.csv", "\"T,U,V,W,X,Y\"", "\"T,,V\"");
  EXPECT_EQ(error(), file("valid-states.csv") + ":2: needs: an empty name in the list \"T,,V\"");
}

}  // namespace
}  // namespace sendtwin::data
