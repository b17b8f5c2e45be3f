// Promises of the policy scenarios (src/scenario): the scenario file format and its errors, the
// levers' ramps, what each lever does to the parameters (no simulation), the replicate's draw of
// the uncertain parameters, the runs with common random numbers (a null scenario differs from the
// baseline by exactly nothing; each lever moves its target the way the rules say), and goal-seek.
#include "scenario/scenario.h"
#include "io/input_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "data/embedded.h"
#include "data/la_register.h"
#include "data/la_start.h"
#include "data/send_params.h"
#include "report/scenario_report.h"
#include "pipeline/scenarios.h"
#include "../support/input_error.h"

namespace sendtwin::scenario {
namespace {

using test_support::error_of;
using test_support::input_error;

const model::SendParams& send_params() {
  static const model::SendParams p = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  return p;
}
const finance::FinanceParams& finance_params() {
  static const finance::FinanceParams p = data::parse_finance_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  return p;
}

// A scenario file's head, three lines, then `rest`.
std::string with_head(const std::string& rest) {
  return "[scenario]\nname = \"t\"\ndescription = \"a test\"\nsource = \"tests\"\n" + rest;
}

// The error a scenario text gives.
std::string parse_error(const std::string& text) { return error_of([&] { parse_scenario(text, "s.toml"); }); }

// A scenario with one lever.
Scenario one_lever(const std::string& name, double value, int from = 2026, int phase_years = 1) {
  Scenario s;
  s.name = name;
  s.levers.push_back({name, value, from, phase_years, 0});
  return s;
}

// ---------------------------------------------------------------------------------------------
// Parsing

TEST(ScenarioParse, ASweepPlan_IsToldApartFromAScenario) {
  EXPECT_TRUE(is_sweep_plan("[sweep]\nname = \"x\"\n"));
  EXPECT_FALSE(is_sweep_plan("[scenario]\nname = \"x\"\n"));
  EXPECT_FALSE(is_sweep_plan("[sweep\n"));
  EXPECT_TRUE(is_sweep_plan(io::read_text_file(std::string(SENDTWIN_SOURCE_DIR) + "/scenarios/example-sweep.toml")));
}

TEST(ScenarioParse, EveryExampleFile_Parses) {
  const std::filesystem::path dir = std::filesystem::path(SENDTWIN_SOURCE_DIR) / "scenarios";
  ASSERT_TRUE(std::filesystem::exists(dir)) << dir;
  std::set<std::string> names;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    if (is_sweep_plan(io::read_text_file(entry.path().string()))) continue;  // example-sweep.toml
    ++files;
    SCOPED_TRACE(entry.path().string());
    Scenario s;
    ASSERT_NO_THROW(s = load_scenario(entry.path().string(), 2015));
    EXPECT_FALSE(s.name.empty());
    EXPECT_NE(s.name, "baseline");
    EXPECT_FALSE(s.description.empty());
    EXPECT_FALSE(s.source.empty());
    EXPECT_EQ(s.file, entry.path().string());
    EXPECT_TRUE(names.insert(s.name).second) << "two files are named " << s.name;
    for (const auto& l : s.levers) {
      const Lever* info = find_lever(l.name);
      ASSERT_NE(info, nullptr) << l.name;
      EXPECT_GE(l.value, info->lo);
      EXPECT_LE(l.value, info->hi);
      EXPECT_GT(l.line, 0);
    }
    // apply knows every lever the examples use.
    model::SendParams send = send_params();
    finance::FinanceParams money = finance_params();
    EXPECT_NO_THROW(apply(s, send, money));
  }
  EXPECT_GE(files, 6);
}

TEST(ScenarioParse, AnExampleFile_GivesItsLeversAndPlaces) {
  const auto s = load_scenario(std::string(SENDTWIN_SOURCE_DIR) + "/scenarios/special-places.toml", 2015);
  EXPECT_EQ(s.name, "special-places");
  ASSERT_EQ(s.levers.size(), 1u);
  EXPECT_EQ(s.levers[0].name, "special_places_per_year");
  EXPECT_EQ(s.levers[0].value, 5000);
  EXPECT_EQ(s.levers[0].from, 2026);
  EXPECT_EQ(s.levers[0].phase_years, 1);
  ASSERT_EQ(s.places_by_la.size(), 1u);
  EXPECT_EQ(s.places_by_la[0].code, "886");
  EXPECT_EQ(s.places_by_la[0].per_year, 300);
  EXPECT_EQ(s.places_by_la[0].from, 2026);

  const auto inclusion = load_scenario(std::string(SENDTWIN_SOURCE_DIR) + "/scenarios/nao-inclusion.toml", 2015);
  ASSERT_EQ(inclusion.levers.size(), 1u);
  EXPECT_EQ(inclusion.levers[0].name, "inclusion_incentive");
  EXPECT_EQ(inclusion.levers[0].value, 0.25);
  EXPECT_EQ(inclusion.levers[0].phase_years, 3);

  const auto null = load_scenario(std::string(SENDTWIN_SOURCE_DIR) + "/scenarios/null.toml", 2015);
  EXPECT_TRUE(null.levers.empty());
  EXPECT_TRUE(null.places_by_la.empty());
}

TEST(ScenarioParse, AWellFormedText_GivesItsFieldsLinesAndDefaults) {
  const auto s = parse_scenario(with_head("[levers]\n"                                                 // 5
                                          "inclusion_incentive = { value = 0.3, from = 2027, phase_years = 3 }\n"  // 6
                                          "independent_fee = { value = 2 }\n"                        // 7
                                          "[special_places_by_la]\n"                                 // 8
                                          "\"886\" = { value = -50, from = 2030, phase_years = 2 }\n"),  // 9
                                "s.toml");
  EXPECT_EQ(s.name, "t");
  EXPECT_EQ(s.description, "a test");
  EXPECT_EQ(s.source, "tests");
  EXPECT_EQ(s.file, "s.toml");
  ASSERT_EQ(s.levers.size(), 2u);
  std::map<std::string, LeverSetting> by_name;
  for (const auto& l : s.levers) by_name[l.name] = l;
  const auto& inc = by_name.at("inclusion_incentive");
  EXPECT_EQ(inc.value, 0.3);
  EXPECT_EQ(inc.from, 2027);
  EXPECT_EQ(inc.phase_years, 3);
  EXPECT_EQ(inc.line, 6);
  const auto& fee = by_name.at("independent_fee");
  EXPECT_EQ(fee.value, 2);  // an integer is a number
  EXPECT_EQ(fee.from, 2026);  // the defaults
  EXPECT_EQ(fee.phase_years, 1);
  EXPECT_EQ(fee.line, 7);
  ASSERT_EQ(s.places_by_la.size(), 1u);
  EXPECT_EQ(s.places_by_la[0].code, "886");
  EXPECT_EQ(s.places_by_la[0].per_year, -50);
  EXPECT_EQ(s.places_by_la[0].from, 2030);
  EXPECT_EQ(s.places_by_la[0].phase_years, 2);
  EXPECT_EQ(s.places_by_la[0].line, 9);
}

TEST(ScenarioParse, LeverTableRangesAreInclusive) {
  for (const auto& info : lever_table()) {
    SCOPED_TRACE(info.name);
    for (const double v : {info.lo, info.hi, info.neutral}) {
      if (std::isnan(v)) continue;  // a lever without a neutral value
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", v);
      const std::string text = with_head("[levers]\n" + std::string(info.name) + " = { value = " + buf + " }\n");
      EXPECT_EQ(parse_error(text), "no error");
    }
    if (!std::isnan(info.neutral)) {
      EXPECT_LE(info.lo, info.neutral);
      EXPECT_GE(info.hi, info.neutral);
    }
    EXPECT_EQ(find_lever(info.name), &info);
  }
  EXPECT_EQ(find_lever("no_such_lever"), nullptr);
  EXPECT_EQ(lever_table().size(), 19u);
}

TEST(ScenarioParse, UnknownLever_IsAnErrorAtItsLine) {
  const auto e = input_error([] {
    parse_scenario(with_head("[levers]\n"                                        // 5
                             "inclusion_incentive = { value = 0.3 }\n"           // 6
                             "\n"                                                // 7
                             "more_money = { value = 1 }\n"),                    // 8
                   "s.toml");
  });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->file(), "s.toml");
  EXPECT_EQ(e->line(), 8);
  EXPECT_EQ(e->field(), "levers.more_money");
  std::string known;
  for (const auto& l : lever_table()) known += (known.empty() ? "" : ", ") + std::string(l.name);
  EXPECT_EQ(known.rfind("notional_sen_threshold, element2_paid_by_high_needs, inclusion_incentive, ", 0), 0u) << known;
  EXPECT_EQ(std::string(e->what()), "s.toml:8: levers.more_money: not a known key (known: " + known + ")");
}

TEST(ScenarioParse, ValueOutOfRange_IsAnErrorAtTheValuesLine) {
  // Inline: the value's line is the lever's.
  EXPECT_EQ(parse_error(with_head("[levers]\ninclusion_incentive = { value = 0.95, from = 2026 }\n")),
            "s.toml:6: levers.inclusion_incentive.value: 0.95 is outside the lever's range [0, 0.9]: share, 0-0.9");
  EXPECT_EQ(parse_error(with_head("[levers]\nindependent_fee = { value = 0.2 }\n")),
            "s.toml:6: levers.independent_fee.value: 0.2 is outside the lever's range [0.3, 3]: factor, 0.3-3");
  EXPECT_EQ(parse_error(with_head("[levers]\nhigh_needs_funding_growth = { value = -0.25 }\n")),
            "s.toml:6: levers.high_needs_funding_growth.value: -0.25 is outside the lever's range [-0.2, 0.5]: a year, -0.2 to 0.5");
  // A table of its own: the value's line, not the table's.
  EXPECT_EQ(parse_error(with_head("[levers.pupil_numbers]\n"  // 5
                                  "from = 2027\n"             // 6
                                  "value = 1.6\n")),          // 7
            "s.toml:7: levers.pupil_numbers.value: 1.6 is outside the lever's range [0.5, 1.5]: factor, 0.5-1.5");
  EXPECT_EQ(parse_error(with_head("[levers]\ntimeliness_target = { value = inf }\n")),
            "s.toml:6: levers.timeliness_target.value: must be a number");
  EXPECT_EQ(parse_error(with_head("[levers]\ntimeliness_target = { value = nan }\n")),
            "s.toml:6: levers.timeliness_target.value: must be a number");
  // Places by LA: [-10000, 10000].
  EXPECT_EQ(parse_error(with_head("[special_places_by_la]\n\"886\" = { value = 10001 }\n")),
            "s.toml:6: special_places_by_la.886.value: 10001 is outside the lever's range [-10000, 10000]: places a year in one LA "
            "(Birmingham, the largest, had 3,812 plans in state special schools in 2015)");
}

TEST(ScenarioParse, ANonNumberValue_IsAnError) {
  EXPECT_EQ(parse_error(with_head("[levers]\n\nsen_support_quality = { value = \"0.3\" }\n")),
            "s.toml:7: levers.sen_support_quality.value: must be a number");
  EXPECT_EQ(parse_error(with_head("[levers]\nsen_support_quality = { value = [0.3] }\n")),
            "s.toml:6: levers.sen_support_quality.value: must be a number");
  EXPECT_EQ(parse_error(with_head("[levers.sen_support_quality]\nfrom = 2026\nvalue = 2026-01-01\n")),
            "s.toml:7: levers.sen_support_quality.value: must be a number");
  EXPECT_EQ(parse_error(with_head("[levers]\nsen_support_quality = { from = 2026 }\n")),
            "s.toml:6: levers.sen_support_quality.value: missing");
  // A lever that is not a table.
  EXPECT_EQ(parse_error(with_head("[levers]\nsen_support_quality = 0.3\n")),
            "s.toml:6: levers.sen_support_quality: must be a table { value = ..., from = YEAR, phase_years = N }");
  EXPECT_EQ(parse_error("levers = 3\n" + with_head("")), "s.toml:1: levers: must be a table of levers");
}

TEST(ScenarioParse, AnUnknownFieldInALeverTable_IsAnErrorAtItsLine) {
  EXPECT_EQ(parse_error(with_head("[levers]\ntimeliness_target = { value = 0.9, form = 2026 }\n")),
            "s.toml:6: levers.timeliness_target.form: not a known key (did you mean from?)");
  EXPECT_EQ(parse_error(with_head("[levers.timeliness_target]\n"  // 5
                                  "value = 0.9\n"                  // 6
                                  "from = 2026\n"                  // 7
                                  "phase = 3\n")),                 // 8
            "s.toml:8: levers.timeliness_target.phase: not a known key (known: value, from, phase_years)");
  EXPECT_EQ(parse_error(with_head("[special_places_by_la]\n\"886\" = { value = 10, until = 2030 }\n")),
            "s.toml:6: special_places_by_la.886.until: not a known key (known: value, from, phase_years)");
}

TEST(ScenarioParse, FromAndPhaseYears_MustBeWholeAndInRange) {
  const auto lever = [](const std::string& fields) {
    return parse_error(with_head("[levers]\n\ntribunal_appeal_rate = { value = 2, " + fields + " }\n"));  // line 7
  };
  const std::string from = "s.toml:7: levers.tribunal_appeal_rate.from: must be a whole number in [2000, 2060]";
  const std::string phase = "s.toml:7: levers.tribunal_appeal_rate.phase_years: must be a whole number in [1, 30]";
  EXPECT_EQ(lever("from = 2026.5"), from);
  EXPECT_EQ(lever("from = 1999"), from);
  EXPECT_EQ(lever("from = 2061"), from);
  EXPECT_EQ(lever("from = \"2026\""), from);
  EXPECT_EQ(lever("from = 1e300"), from);
  EXPECT_EQ(lever("from = 2000"), "no error");
  EXPECT_EQ(lever("from = 2060"), "no error");
  EXPECT_EQ(lever("from = 2026.0"), "no error");  // whole, if written as a float
  EXPECT_EQ(lever("phase_years = 0"), phase);
  EXPECT_EQ(lever("phase_years = 31"), phase);
  EXPECT_EQ(lever("phase_years = 2.5"), phase);
  EXPECT_EQ(lever("phase_years = -1"), phase);
  EXPECT_EQ(lever("phase_years = 1"), "no error");
  EXPECT_EQ(lever("phase_years = 30"), "no error");
  // Own table: the field's line.
  EXPECT_EQ(parse_error(with_head("[levers.tribunal_appeal_rate]\n"  // 5
                                  "value = 2\n"                      // 6
                                  "from = 2026\n"                    // 7
                                  "phase_years = 0\n")),             // 8
            "s.toml:8: levers.tribunal_appeal_rate.phase_years: must be a whole number in [1, 30]");
  EXPECT_EQ(parse_error(with_head("[special_places_by_la]\n\"886\" = { value = 10, from = 1990 }\n")),
            "s.toml:6: special_places_by_la.886.from: must be a whole number in [2000, 2060]");
}

TEST(ScenarioParse, TheScenarioSectionAndItsFields_AreRequired) {
  EXPECT_EQ(parse_error("[levers]\ninclusion_incentive = { value = 0.3 }\n"),
            "s.toml:1: scenario: missing: a [scenario] section with name, description and source");
  EXPECT_EQ(parse_error(""), "s.toml:1: scenario: missing: a [scenario] section with name, description and source");
  // Each missing field is reported at the [scenario] header's line.
  EXPECT_EQ(parse_error("# a comment\n\n[scenario]\ndescription = \"d\"\nsource = \"s\"\n"),
            "s.toml:3: scenario.name: missing: every scenario says what it is and where it comes from");
  EXPECT_EQ(parse_error("[scenario]\nname = \"n\"\nsource = \"s\"\n"),
            "s.toml:1: scenario.description: missing: every scenario says what it is and where it comes from");
  EXPECT_EQ(parse_error("\n[scenario]\nname = \"n\"\ndescription = \"d\"\n"),
            "s.toml:2: scenario.source: missing: every scenario says what it is and where it comes from");
  // Empty or not a string: at the field's line.
  EXPECT_EQ(parse_error("[scenario]\nname = \"n\"\ndescription = \"\"\nsource = \"s\"\n"),
            "s.toml:3: scenario.description: must be a non-empty string");
  EXPECT_EQ(parse_error("[scenario]\nname = 3\ndescription = \"d\"\nsource = \"s\"\n"),
            "s.toml:2: scenario.name: must be a non-empty string");
  // An unknown field of [scenario].
  EXPECT_EQ(parse_error(with_head("author = \"me\"\n")),
            "s.toml:5: scenario.author: not a known key (known: name, description, source)");
}

TEST(ScenarioParse, AnUnknownTopLevelSection_IsAnErrorAtItsLine) {
  EXPECT_EQ(parse_error(with_head("\n[lever]\ninclusion_incentive = { value = 0.3 }\n")),
            "s.toml:6: lever: not a known key (did you mean levers?)");
  EXPECT_EQ(parse_error("seed = 3\n[scenario]\nname = \"n\"\ndescription = \"d\"\nsource = \"s\"\n"),
            "s.toml:1: seed: not a known key (known: scenario, levers, special_places_by_la, la)");
}

// Issue 15: a misspelt lever, field or section is refused with the nearest known name.
TEST(ScenarioParse, AMisspeltLever_GetsTheNearestName) {
  EXPECT_EQ(parse_error(with_head("[levers]\ninclusion_incentiv = { value = 0.3 }\n")),
            "s.toml:6: levers.inclusion_incentiv: not a known key (did you mean inclusion_incentive?)");
  EXPECT_EQ(parse_error(with_head("[levers]\nindependent_fees = { value = 0.9 }\n")),
            "s.toml:6: levers.independent_fees: not a known key (did you mean independent_fee?)");
  EXPECT_EQ(parse_error(with_head("[levers]\ntimeliness_target = { valeu = 0.9 }\n")),
            "s.toml:6: levers.timeliness_target.valeu: not a known key (did you mean value?)");
  EXPECT_EQ(parse_error("[scenaro]\nname = \"n\"\n"), "s.toml:1: scenaro: not a known key (did you mean scenario?)");
  EXPECT_EQ(parse_error(with_head("descripton = \"d\"\n")), "s.toml:5: scenario.descripton: not a known key (did you mean description?)");
}

TEST(ScenarioParse, OfSeveralUnknownKeys_TheFirstInTheFileIsReported) {
  EXPECT_EQ(parse_error(with_head("[levers]\nzz_last = { value = 1 }\naa_first = { value = 1 }\n")),
            "s.toml:6: levers.zz_last: not a known key (known: " + [] {
              std::string known;
              for (const auto& l : lever_table()) known += (known.empty() ? "" : ", ") + std::string(l.name);
              return known;
            }() + ")");
}

// Issue 15: places for an LA that no run has were added to nothing without a word.
TEST(ScenarioCheckLas, AnLaNotInTheRegister_OrMadeAfter2015_IsRefused) {
  const data::LaRegister las = data::LaRegister::parse(data::embedded_la_register(), data::kEmbeddedRegisterName);
  EXPECT_NO_THROW(check_las(parse_scenario(with_head("[special_places_by_la]\n\"886\" = { value = 10 }\n"), "s.toml"), las, 2015));
  EXPECT_EQ(error_of([&] { check_las(parse_scenario(with_head("[special_places_by_la]\n\"999\" = { value = 10 }\n"), "s.toml"), las, 2015); }),
            "s.toml:6: special_places_by_la.999: not an LA of DfE's register (data/la/register.csv)");
  // North Northamptonshire (940) replaced Northamptonshire (928) in 2021.
  const std::string e =
      error_of([&] { check_las(parse_scenario(with_head("[special_places_by_la]\n\n\"940\" = { value = 10 }\n"), "s.toml"), las, 2015); });
  EXPECT_EQ(e.rfind("s.toml:7: special_places_by_la.940: North Northamptonshire did not exist in January 2015, where the run starts: "
                    "name the LA it replaced (928",
                    0),
            0u)
      << e;
  // From a start in 2025, 940 is an LA of the run and 928 (abolished in 2021) is not.
  EXPECT_NO_THROW(check_las(parse_scenario(with_head("[special_places_by_la]\n\"940\" = { value = 10 }\n"), "s.toml"), las, 2025));
  EXPECT_NE(error_of([&] { check_las(parse_scenario(with_head("[special_places_by_la]\n\"928\" = { value = 10 }\n"), "s.toml"), las, 2025); })
                .find("did not exist in January 2025"),
            std::string::npos);
}

TEST(ScenarioParse, TheNameBaseline_IsReserved) {
  EXPECT_EQ(parse_error("[scenario]\ndescription = \"d\"\nname = \"baseline\"\nsource = \"s\"\n"),
            "s.toml:3: scenario.name: \"baseline\" names the run without levers");
}

TEST(ScenarioParse, ABadLaCode_IsAnErrorAtItsLine) {
  const std::string msg = ": is not a DfE 3-digit LA code";
  EXPECT_EQ(parse_error(with_head("[special_places_by_la]\n\"886\" = { value = 10 }\n\"88\" = { value = 10 }\n")),
            "s.toml:7: special_places_by_la.88" + msg);
  EXPECT_EQ(parse_error(with_head("[special_places_by_la]\nKent = { value = 10 }\n")), "s.toml:6: special_places_by_la.Kent" + msg);
  EXPECT_EQ(parse_error(with_head("[special_places_by_la]\n\"8860\" = { value = 10 }\n")),
            "s.toml:6: special_places_by_la.8860" + msg);
  EXPECT_EQ(parse_error(with_head("[special_places_by_la]\n\"E10000016\" = { value = 10 }\n")),
            "s.toml:6: special_places_by_la.E10000016" + msg);
  EXPECT_EQ(parse_error(with_head("[special_places_by_la]\n\"8a6\" = { value = 10 }\n")), "s.toml:6: special_places_by_la.8a6" + msg);
  EXPECT_EQ(parse_error(with_head("[special_places_by_la]\n\"886\" = 10\n")),
            "s.toml:6: special_places_by_la.886: must be a table { value = ..., from = YEAR, phase_years = N }");
}

TEST(ScenarioParse, MalformedToml_IsAnErrorAtItsLine) {
  const auto e = input_error([] { parse_scenario(with_head("[levers]\ninclusion_incentive = { value = \n"), "s.toml"); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->file(), "s.toml");
  EXPECT_EQ(e->line(), 6);
  // A lever set twice is a duplicate key.
  const auto twice = input_error([] {
    parse_scenario(with_head("[levers]\ninclusion_incentive = { value = 0.3 }\ninclusion_incentive = { value = 0.2 }\n"), "s.toml");
  });
  ASSERT_TRUE(twice.has_value());
  EXPECT_EQ(twice->line(), 7);
}

TEST(ScenarioParse, LoadScenario_NamesAMissingFile) {
  EXPECT_THROW(load_scenario("/nonexistent/scenario.toml", 2015), std::exception);
}

// ---------------------------------------------------------------------------------------------
// Ramps

TEST(ScenarioRamp, IsZeroBeforeFrom_LinearOverThePhase_OneAfter) {
  const LeverSetting three{"x", 1, 2026, 3, 0};
  EXPECT_EQ(three.ramp(2000), 0.0);
  EXPECT_EQ(three.ramp(2025), 0.0);
  EXPECT_DOUBLE_EQ(three.ramp(2026), 1.0 / 3);
  EXPECT_DOUBLE_EQ(three.ramp(2027), 2.0 / 3);
  EXPECT_EQ(three.ramp(2028), 1.0);
  EXPECT_EQ(three.ramp(2029), 1.0);
  EXPECT_EQ(three.ramp(2100), 1.0);
  const LeverSetting one{"x", 1, 2030, 1, 0};
  EXPECT_EQ(one.ramp(2029), 0.0);
  EXPECT_EQ(one.ramp(2030), 1.0);
  EXPECT_EQ(one.ramp(2031), 1.0);
  const LeverSetting four{"x", 1, 2020, 4, 0};
  for (int y = 2020; y < 2024; ++y) EXPECT_DOUBLE_EQ(four.ramp(y), (y - 2019) / 4.0) << y;
  // Rising by a constant step over the phase.
  for (int y = 2021; y < 2024; ++y) EXPECT_NEAR(four.ramp(y) - four.ramp(y - 1), 0.25, 1e-15) << y;
}

// ---------------------------------------------------------------------------------------------
// apply: what each lever does to the parameters

// The White Paper's mechanisms (params.h ReformParams) as they are without it, in `year`.
void expect_no_reform(const model::ReformParams& r, int year) {
  EXPECT_EQ(r.isp.amount_at(year, 0.0), 0.0) << year;
  EXPECT_EQ(r.package_eligibility.amount_at(year, 1.0), 1.0) << year;
  EXPECT_EQ(r.other_eligibility.amount_at(year, 1.0), 1.0) << year;
  EXPECT_EQ(r.reassessed_to_isp.amount_at(year, 0.0), 0.0) << year;
  EXPECT_EQ(r.school_age_reviews.at(year), 1.0) << year;
  EXPECT_EQ(r.tribunal_names_school.amount_at(year, 1.0), 1.0) << year;
}

struct Applied {
  model::SendParams send = send_params();
  finance::FinanceParams money = finance_params();
  explicit Applied(const Scenario& s) { apply(s, send, money); }
};

TEST(ScenarioApply, NotionalSenThreshold_MovesTheThresholdFromItsYearPhasedIn) {
  const Applied a(one_lever("notional_sen_threshold", 12000, 2026, 2));
  const auto& base = finance_params();
  ASSERT_EQ(base.notional_sen, 6000);
  for (int fy = 2015; fy <= 2025; ++fy) EXPECT_DOUBLE_EQ(finance::notional_threshold(a.money, fy), 6000) << fy;
  EXPECT_DOUBLE_EQ(finance::notional_threshold(a.money, 2026), 9000);
  EXPECT_DOUBLE_EQ(finance::notional_threshold(a.money, 2027), 12000);
  EXPECT_DOUBLE_EQ(finance::notional_threshold(a.money, 2040), 12000);
  EXPECT_DOUBLE_EQ(finance::notional_threshold(a.money, 2080), 12000);
  // The school meets more of a mainstream plan (its additional support is above 12,000 by 2027).
  EXPECT_GT(finance::school_share(a.money, Setting::Mainstream, 2027), finance::school_share(base, Setting::Mainstream, 2027));
  EXPECT_LT(finance::plan_cost(a.money, Setting::Mainstream, 2027), finance::plan_cost(base, Setting::Mainstream, 2027));
  EXPECT_EQ(finance::plan_cost(a.money, Setting::Mainstream, 2025), finance::plan_cost(base, Setting::Mainstream, 2025));
  EXPECT_EQ(finance::plan_cost(a.money, Setting::StateSpecial, 2027), finance::plan_cost(base, Setting::StateSpecial, 2027));
  // Money only: the model's parameters do not move.
  EXPECT_EQ(a.send.requests.rate.at(2030), send_params().requests.rate.at(2030));
}

// Pounds stay pounds: the lever sets the threshold itself, by financial year, not a factor of the
// published one, so it acts even where the published threshold is 0.
TEST(ScenarioApply, NotionalSenThreshold_SetsTheThresholdInPounds) {
  finance::FinanceParams money = finance_params();
  money.notional_sen = 0;
  model::SendParams send = send_params();
  apply(one_lever("notional_sen_threshold", 4500, 2026, 3), send, money);
  EXPECT_EQ(finance::notional_threshold(money, 2025), 0);
  EXPECT_EQ(finance::notional_threshold(money, 2026), 1500);
  EXPECT_EQ(finance::notional_threshold(money, 2028), 4500);
  EXPECT_EQ(money.notional_sen_threshold.amount_at(2030, 0), 4500);
}

TEST(ScenarioApply, Element2PaidByHighNeeds_MovesTheSchoolsShareToTheBlock) {
  const auto& base = finance_params();
  const Applied all(one_lever("element2_paid_by_high_needs", 1.0, 2026));
  const double before = finance::school_share(base, Setting::Mainstream, 2026);
  ASSERT_GT(before, 0);
  EXPECT_EQ(finance::school_share(all.money, Setting::Mainstream, 2026), 0.0);
  EXPECT_EQ(finance::school_share(all.money, Setting::Mainstream, 2035), 0.0);
  EXPECT_DOUBLE_EQ(finance::plan_cost(all.money, Setting::Mainstream, 2026), finance::plan_cost(base, Setting::Mainstream, 2026) + before);
  EXPECT_EQ(finance::school_share(all.money, Setting::Mainstream, 2025), finance::school_share(base, Setting::Mainstream, 2025));
  EXPECT_EQ(finance::plan_cost(all.money, Setting::Mainstream, 2025), finance::plan_cost(base, Setting::Mainstream, 2025));
  // Other settings have no element 2 of the school's.
  EXPECT_EQ(finance::plan_cost(all.money, Setting::StateSpecial, 2026), finance::plan_cost(base, Setting::StateSpecial, 2026));
  // Phased: half of it in the first of two years.
  const Applied phased(one_lever("element2_paid_by_high_needs", 1.0, 2026, 2));
  EXPECT_DOUBLE_EQ(finance::school_share(phased.money, Setting::Mainstream, 2026), 0.5 * before);
  EXPECT_EQ(finance::school_share(phased.money, Setting::Mainstream, 2027), 0.0);
  // A share.
  const Applied half(one_lever("element2_paid_by_high_needs", 0.5, 2026));
  EXPECT_DOUBLE_EQ(finance::school_share(half.money, Setting::Mainstream, 2028), 0.5 * finance::school_share(base, Setting::Mainstream, 2028));
}

TEST(ScenarioApply, InclusionIncentive_LowersSpecialPlacementsAndMoves) {
  const Applied a(one_lever("inclusion_incentive", 0.3, 2026, 3));
  const auto& pl = a.send.placement;
  EXPECT_EQ(pl.special_effect.at(2025), 1.0);
  EXPECT_EQ(pl.move_to_special_effect.at(2025), 1.0);
  EXPECT_EQ(pl.special_effect.at(2015), 1.0);
  EXPECT_DOUBLE_EQ(pl.special_effect.at(2026), 0.9);
  EXPECT_DOUBLE_EQ(pl.move_to_special_effect.at(2027), 0.8);
  EXPECT_DOUBLE_EQ(pl.special_effect.at(2028), 0.7);
  EXPECT_DOUBLE_EQ(pl.move_to_special_effect.at(2050), 0.7);
  EXPECT_EQ(pl.independent_direct_effect.at(2030), 1.0);
}

TEST(ScenarioApply, SpecialPlacesPerYear_AddsPlacesFromItsYear) {
  const Applied a(one_lever("special_places_per_year", 6000, 2027, 3));
  const auto& added = a.send.capacity.added;
  EXPECT_EQ(added.amount_at(2015, -1), 0.0);
  EXPECT_EQ(added.amount_at(2026, -1), 0.0);
  EXPECT_DOUBLE_EQ(added.amount_at(2027, 0), 2000);
  EXPECT_DOUBLE_EQ(added.amount_at(2028, 0), 4000);
  EXPECT_DOUBLE_EQ(added.amount_at(2029, 0), 6000);
  EXPECT_DOUBLE_EQ(added.amount_at(2060, 0), 6000);
  EXPECT_TRUE(send_params().capacity.added.values.empty());
}

TEST(ScenarioApply, IndependentDirectShare_MultipliesTheDirectShare) {
  const Applied a(one_lever("independent_direct_share", 0.5, 2026, 2));
  EXPECT_EQ(a.send.placement.independent_direct_effect.at(2025), 1.0);
  EXPECT_DOUBLE_EQ(a.send.placement.independent_direct_effect.at(2026), 0.75);
  EXPECT_DOUBLE_EQ(a.send.placement.independent_direct_effect.at(2027), 0.5);
  EXPECT_EQ(a.send.placement.special_effect.at(2030), 1.0);
}

TEST(ScenarioApply, IndependentFee_ScalesIndependentSpecialCostsOnly) {
  const auto& base = finance_params();
  const Applied a(one_lever("independent_fee", 0.5, 2026));
  EXPECT_EQ(finance::support_cost(a.money, Setting::IndependentSpecial, 2025),
            finance::support_cost(base, Setting::IndependentSpecial, 2025));
  for (int fy : {2026, 2030})
    EXPECT_DOUBLE_EQ(finance::support_cost(a.money, Setting::IndependentSpecial, fy),
                     0.5 * finance::support_cost(base, Setting::IndependentSpecial, fy))
        << fy;
  for (int s = 0; s < kSettingCount; ++s)
    if (static_cast<Setting>(s) != Setting::IndependentSpecial) {
      EXPECT_EQ(finance::support_cost(a.money, static_cast<Setting>(s), 2030), finance::support_cost(base, static_cast<Setting>(s), 2030))
          << s;
    }
}

TEST(ScenarioApply, HighNeedsFundingGrowth_SetsTheGrowthFromItsYear) {
  const auto& base = finance_params();
  ASSERT_EQ(base.allocation_growth, 0.03);
  const Applied a(one_lever("high_needs_funding_growth", 0.07, 2026, 2));
  const auto& g = a.money.high_needs_funding_growth;
  EXPECT_DOUBLE_EQ(g.amount_at(2024, base.allocation_growth), 0.03);
  EXPECT_DOUBLE_EQ(g.amount_at(2025, base.allocation_growth), 0.03);
  EXPECT_DOUBLE_EQ(g.amount_at(2026, base.allocation_growth), 0.05);
  EXPECT_DOUBLE_EQ(g.amount_at(2027, base.allocation_growth), 0.07);
  EXPECT_DOUBLE_EQ(g.amount_at(2050, base.allocation_growth), 0.07);
  const Applied cut(one_lever("high_needs_funding_growth", -0.2, 2028));
  EXPECT_DOUBLE_EQ(cut.money.high_needs_funding_growth.amount_at(2027, 0), 0.03);
  EXPECT_DOUBLE_EQ(cut.money.high_needs_funding_growth.amount_at(2028, 0), -0.2);
}

TEST(ScenarioApply, TimelinessTarget_IsAGoalEveryLaMovesTowardAsItIsPhasedIn) {
  const auto& base = send_params();
  const Applied a(one_lever("timeliness_target", 0.9, 2026, 3));
  // The fitted timeliness is left as it was; the goal and its weight by year carry the lever.
  for (int y = 2015; y <= 2060; ++y)
    EXPECT_DOUBLE_EQ(a.send.assessment.within_20_weeks_effect.at(y), base.assessment.within_20_weeks_effect.at(y)) << y;
  EXPECT_TRUE(base.assessment.timeliness_goal.values.empty());
  for (int y = 2015; y <= 2025; ++y) EXPECT_EQ(a.send.assessment.timeliness_goal_weight.amount_at(y, 0.0), 0.0) << y;
  EXPECT_NEAR(a.send.assessment.timeliness_goal_weight.at(2026), 1.0 / 3, 1e-12);
  EXPECT_NEAR(a.send.assessment.timeliness_goal_weight.at(2027), 2.0 / 3, 1e-12);
  for (int y : {2028, 2035, 2060, 2070}) {
    EXPECT_NEAR(a.send.assessment.timeliness_goal_weight.at(y), 1.0, 1e-12) << y;
    EXPECT_NEAR(a.send.assessment.timeliness_goal.at(y), 0.9, 1e-12) << y;
  }
}

TEST(ScenarioApply, SenSupportQuality_LowersRequestRatesAfterFromOnly) {
  const auto& base = send_params();
  const Applied a(one_lever("sen_support_quality", 0.4, 2027, 2));
  for (int y = 2015; y <= 2026; ++y) {
    EXPECT_DOUBLE_EQ(a.send.requests.rate.at(y), base.requests.rate.at(y)) << y;
    EXPECT_DOUBLE_EQ(a.send.requests.early_years_rate.at(y), base.requests.early_years_rate.at(y)) << y;
  }
  EXPECT_NEAR(a.send.requests.rate.at(2027), 0.8 * base.requests.rate.at(2027), 1e-15);
  EXPECT_NEAR(a.send.requests.early_years_rate.at(2027), 0.8 * base.requests.early_years_rate.at(2027), 1e-15);
  for (int y : {2028, 2040}) {
    EXPECT_NEAR(a.send.requests.rate.at(y), 0.6 * base.requests.rate.at(y), 1e-15) << y;
    EXPECT_NEAR(a.send.requests.early_years_rate.at(y), 0.6 * base.requests.early_years_rate.at(y), 1e-15) << y;
    EXPECT_LT(a.send.requests.rate.at(y), base.requests.rate.at(y));
  }
}

TEST(ScenarioApply, TribunalLevers_MoveTheAppealRateAndTheUpheldShare) {
  const auto& base = send_params();
  const Applied rate(one_lever("tribunal_appeal_rate", 3, 2026));
  EXPECT_DOUBLE_EQ(rate.send.appeals.rate.at(2025), base.appeals.rate.at(2025));
  EXPECT_NEAR(rate.send.appeals.rate.at(2026), 3 * base.appeals.rate.at(2026), 1e-15);
  EXPECT_NEAR(rate.send.appeals.rate.at(2040), 3 * base.appeals.rate.at(2040), 1e-15);
  const Applied upheld(one_lever("tribunal_upheld", 0.5, 2026, 2));
  // A share stays a share: the lever sets the upheld share by year, the published one before it.
  EXPECT_EQ(upheld.send.appeals.upheld, base.appeals.upheld);
  EXPECT_EQ(upheld.send.appeals.upheld_in(2025), base.appeals.upheld);
  EXPECT_DOUBLE_EQ(upheld.send.appeals.upheld_in(2026), base.appeals.upheld + (0.5 - base.appeals.upheld) / 2);
  EXPECT_EQ(upheld.send.appeals.upheld_in(2027), 0.5);
  EXPECT_EQ(upheld.send.appeals.upheld_in(2045), 0.5);
}

TEST(ScenarioApply, PupilNumbers_ScalesTheIntakeFromItsYear) {
  const auto& base = send_params();
  const Applied a(one_lever("pupil_numbers", 0.8, 2026, 2));
  for (int y = 2015; y <= 2025; ++y) EXPECT_DOUBLE_EQ(a.send.population.intake_in(y), base.population.intake_in(y)) << y;
  EXPECT_NEAR(a.send.population.intake_in(2026), 0.9 * base.population.intake_in(2026), 1e-6);
  for (int y : {2027, 2030, 2060})
    EXPECT_NEAR(a.send.population.intake_in(y), 0.8 * base.population.intake_in(y), 1e-6) << y;
}

TEST(ScenarioApply, PlacesByLa_FillsTheLasOwnPlaces) {
  Scenario s;
  s.name = "las";
  s.places_by_la.push_back({"886", 300, 2026, 2, 0});
  s.places_by_la.push_back({"201", -20, 2028, 1, 0});
  const Applied a(s);
  ASSERT_EQ(a.send.added_places_by_la.size(), 2u);
  const auto& kent = a.send.added_places_by_la.at("886");
  EXPECT_EQ(kent.amount_at(2025, -1), 0.0);
  EXPECT_DOUBLE_EQ(kent.amount_at(2026, 0), 150);
  EXPECT_DOUBLE_EQ(kent.amount_at(2027, 0), 300);
  EXPECT_DOUBLE_EQ(kent.amount_at(2050, 0), 300);
  const auto& city = a.send.added_places_by_la.at("201");
  EXPECT_EQ(city.amount_at(2027, -1), 0.0);
  EXPECT_DOUBLE_EQ(city.amount_at(2028, 0), -20);
  // England's places are not touched.
  EXPECT_TRUE(a.send.capacity.added.values.empty());
}

// Every YearEffects a scenario may touch, and the scalars around them.
void expect_same_effects(const YearEffects& a, const YearEffects& b, const char* what) {
  EXPECT_EQ(a.from, b.from) << what;
  EXPECT_EQ(a.values, b.values) << what;
}
void expect_same_parameters(const model::SendParams& a0, const model::SendParams& b0, const finance::FinanceParams& ma,
                            const finance::FinanceParams& mb) {
  model::SendParams a = a0, b = b0;
  const auto sa = model::year_effect_slots(a), sb = model::year_effect_slots(b);
  for (std::size_t k = 0; k < sa.size(); ++k)
    for (std::size_t j = 0; j < sa[k].effects.size(); ++j) expect_same_effects(*sa[k].effects[j], *sb[k].effects[j], sa[k].name);
  expect_same_effects(a.population.intake_effect, b.population.intake_effect, "intake_effect");
  expect_same_effects(a.placement.special_effect, b.placement.special_effect, "special_effect");
  expect_same_effects(a.placement.independent_direct_effect, b.placement.independent_direct_effect, "independent_direct_effect");
  expect_same_effects(a.placement.move_to_special_effect, b.placement.move_to_special_effect, "move_to_special_effect");
  expect_same_effects(a.capacity.added, b.capacity.added, "capacity.added");
  expect_same_effects(a.appeals.rate.effect, b.appeals.rate.effect, "appeals.rate.effect");
  expect_same_effects(a.appeals.tribunal_upheld, b.appeals.tribunal_upheld, "appeals.tribunal_upheld");
  EXPECT_EQ(a.added_places_by_la.size(), b.added_places_by_la.size());
  EXPECT_EQ(a.assessment.within_20_weeks, b.assessment.within_20_weeks);
  EXPECT_EQ(a.appeals.upheld, b.appeals.upheld);
  EXPECT_EQ(a.population.intake, b.population.intake);
  EXPECT_EQ(a.placement.school, b.placement.school);
  expect_same_effects(ma.notional_sen_threshold, mb.notional_sen_threshold, "notional_sen_threshold");
  expect_same_effects(ma.element2_paid_by_high_needs, mb.element2_paid_by_high_needs, "element2_paid_by_high_needs");
  expect_same_effects(ma.independent_fee_effect, mb.independent_fee_effect, "independent_fee_effect");
  expect_same_effects(ma.high_needs_funding_growth, mb.high_needs_funding_growth, "high_needs_funding_growth");
  EXPECT_EQ(ma.notional_sen, mb.notional_sen);
  EXPECT_EQ(ma.allocation_growth, mb.allocation_growth);
}

TEST(ScenarioApply, ANullScenario_LeavesEveryParameterUnchanged) {
  const auto null = load_scenario(std::string(SENDTWIN_SOURCE_DIR) + "/scenarios/null.toml", 2015);
  const Applied a(null);
  expect_same_parameters(a.send, send_params(), a.money, finance_params());
  // Also after a draw.
  model::SendParams drawn = send_params();
  draw_parameters(drawn, 1, 0);
  model::SendParams applied = drawn;
  finance::FinanceParams money = finance_params();
  apply(null, applied, money);
  expect_same_parameters(applied, drawn, money, finance_params());
}

// Each lever, from 2026, changes nothing in the years before it (every parameter's values up to 2025).
TEST(ScenarioApply, EveryLever_LeavesTheYearsBeforeItsStartAlone) {
  const auto& base = send_params();
  const auto& money0 = finance_params();
  for (const auto& info : lever_table()) {
    SCOPED_TRACE(info.name);
    const double v = info.lo != info.neutral ? info.lo : info.hi;
    const Applied a(one_lever(info.name, v, 2026, 2));
    for (int y = 2015; y <= 2025; ++y) {
      EXPECT_EQ(a.send.requests.rate.at(y), base.requests.rate.at(y));
      EXPECT_EQ(a.send.appeals.rate.at(y), base.appeals.rate.at(y));
      EXPECT_EQ(a.send.population.intake_in(y), base.population.intake_in(y));
      EXPECT_EQ(a.send.assessment.within_20_weeks_effect.at(y), base.assessment.within_20_weeks_effect.at(y));
      EXPECT_EQ(a.send.appeals.upheld_in(y), base.appeals.upheld_in(y));
      EXPECT_EQ(a.send.placement.special_effect.at(y), 1.0);
      EXPECT_EQ(a.send.placement.move_to_special_effect.at(y), 1.0);
      EXPECT_EQ(a.send.placement.independent_direct_effect.at(y), 1.0);
      EXPECT_EQ(a.send.capacity.added.amount_at(y, 0.0), 0.0);
      for (int s = 0; s < kSettingCount; ++s)
        EXPECT_EQ(finance::plan_cost(a.money, static_cast<Setting>(s), y), finance::plan_cost(money0, static_cast<Setting>(s), y));
      EXPECT_EQ(finance::notional_threshold(a.money, y), finance::notional_threshold(money0, y));
      EXPECT_EQ(a.money.high_needs_funding_growth.amount_at(y, money0.allocation_growth), money0.allocation_growth);
      expect_no_reform(a.send.reform, y);
      EXPECT_EQ(a.money.white_paper_grants.amount_at(y, 0.0), 0.0);
    }
  }
}

// Lever::neutral is documented as "the value that changes nothing". For the levers that have one,
// applying the neutral value leaves every parameter as it was (up to rounding).
TEST(ScenarioApply, EveryLeverAtItsNeutralValue_ChangesNothing) {
  for (const auto& info : lever_table()) {
    const std::string name = info.name;
    if (std::isnan(info.neutral)) continue;  // a goal or share: leaving the lever out is what changes nothing
    SCOPED_TRACE(name);
    const Applied a(one_lever(name, info.neutral, 2026, 3));
    const auto& base = send_params();
    const auto& money = finance_params();
    for (int y = 2015; y <= 2060; ++y) {
      EXPECT_NEAR(a.send.requests.rate.at(y), base.requests.rate.at(y), 1e-15);
      EXPECT_NEAR(a.send.appeals.rate.at(y), base.appeals.rate.at(y), 1e-15);
      EXPECT_NEAR(a.send.population.intake_in(y), base.population.intake_in(y), 1e-6);
      EXPECT_NEAR(a.send.placement.special_effect.at(y), 1.0, 1e-15);
      EXPECT_NEAR(a.send.placement.independent_direct_effect.at(y), 1.0, 1e-15);
      EXPECT_EQ(a.send.capacity.added.amount_at(y, 0.0), 0.0);
      EXPECT_NEAR(finance::notional_threshold(a.money, y), finance::notional_threshold(money, y), 1e-9);
      EXPECT_NEAR(finance::plan_cost(a.money, Setting::Mainstream, y), finance::plan_cost(money, Setting::Mainstream, y), 1e-6);
      EXPECT_NEAR(finance::plan_cost(a.money, Setting::IndependentSpecial, y),
                  finance::plan_cost(money, Setting::IndependentSpecial, y), 1e-6);
      EXPECT_NEAR(a.money.high_needs_funding_growth.amount_at(y, money.allocation_growth), money.allocation_growth, 1e-15);
      expect_no_reform(a.send.reform, y);
    }
  }
}

// The two levers that set a goal or a share have no neutral value (NaN): leaving them out is what
// changes nothing.
TEST(ScenarioApply, TimelinessAndUpheld_HaveNoNeutralValue) {
  EXPECT_TRUE(std::isnan(find_lever("timeliness_target")->neutral));
  EXPECT_TRUE(std::isnan(find_lever("tribunal_upheld")->neutral));
}

TEST(ScenarioApply, TwoLeversOnTheSameParameter_Compose) {
  Scenario s;
  s.name = "both";
  s.levers.push_back({"sen_support_quality", 0.5, 2026, 1, 0});
  s.levers.push_back({"sen_support_quality", 0.5, 2028, 1, 0});
  const Applied a(s);
  const auto& base = send_params();
  EXPECT_NEAR(a.send.requests.rate.at(2027), 0.5 * base.requests.rate.at(2027), 1e-15);
  EXPECT_NEAR(a.send.requests.rate.at(2028), 0.25 * base.requests.rate.at(2028), 1e-15);
}

TEST(ScenarioApply, AnUnknownLever_IsALogicError) {
  model::SendParams send = send_params();
  finance::FinanceParams money = finance_params();
  EXPECT_THROW(apply(one_lever("no_such_lever", 1), send, money), std::logic_error);
}

// ---------------------------------------------------------------------------------------------
// draw_parameters

// The last year each slot's fitted effects cover.
std::vector<int> last_fitted_years() {
  model::SendParams p = send_params();
  std::vector<int> out;
  for (const auto& slot : model::year_effect_slots(p))
    out.push_back(slot.effects.front()->from + static_cast<int>(slot.effects.front()->values.size()) - 1);
  return out;
}

TEST(ScenarioDraw, TheSameSeedAndReplicate_GiveTheSameParameters) {
  model::SendParams a = send_params(), b = send_params();
  draw_parameters(a, 11, 2);
  draw_parameters(b, 11, 2);
  expect_same_parameters(a, b, finance_params(), finance_params());
  // And the draw changed something.
  model::SendParams base = send_params();
  bool changed = false;
  const auto sa = model::year_effect_slots(a), sb = model::year_effect_slots(base);
  for (std::size_t k = 0; k < sa.size(); ++k) changed |= sa[k].effects[0]->at(2030) != sb[k].effects[0]->at(2030);
  EXPECT_TRUE(changed);
}

TEST(ScenarioDraw, DifferentReplicatesOrSeeds_GiveDifferentFutureEffects) {
  model::SendParams r0 = send_params(), r1 = send_params(), s2 = send_params();
  draw_parameters(r0, 11, 0);
  draw_parameters(r1, 11, 1);
  draw_parameters(s2, 12, 0);
  const auto a = model::year_effect_slots(r0), b = model::year_effect_slots(r1), c = model::year_effect_slots(s2);
  const auto last = last_fitted_years();
  int differ_r = 0, differ_s = 0, drawn = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k].effects[0]->values.size() < 3) continue;
    ++drawn;
    differ_r += a[k].effects[0]->at(last[k] + 1) != b[k].effects[0]->at(last[k] + 1);
    differ_s += a[k].effects[0]->at(last[k] + 1) != c[k].effects[0]->at(last[k] + 1);
  }
  ASSERT_GE(drawn, 6);
  EXPECT_EQ(differ_r, drawn);
  EXPECT_EQ(differ_s, drawn);
}

TEST(ScenarioDraw, TheFittedYearsAreKept_AndEachSlotGetsOneFactorAfterThem) {
  const auto last = last_fitted_years();
  model::SendParams base = send_params();
  model::SendParams drawn = send_params();
  draw_parameters(drawn, 5, 4);
  const auto a = model::year_effect_slots(base), b = model::year_effect_slots(drawn);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    SCOPED_TRACE(a[k].name);
    ASSERT_EQ(a[k].effects.size(), b[k].effects.size());
    const double factor = b[k].effects[0]->at(last[k] + 1) / a[k].effects[0]->at(last[k] + 1);
    EXPECT_GT(factor, 0.0);
    EXPECT_TRUE(std::isfinite(factor));
    for (std::size_t j = 0; j < a[k].effects.size(); ++j) {
      for (int y = 2000; y <= last[k]; ++y) EXPECT_EQ(b[k].effects[j]->at(y), a[k].effects[j]->at(y)) << y;
      for (int y = last[k] + 1; y <= 2070; ++y)
        EXPECT_NEAR(b[k].effects[j]->at(y) / a[k].effects[j]->at(y), factor, 1e-12 * factor) << y;
    }
  }
}

// The draws are standard normals scaled by each effect's historical spread: over many replicates
// the log factor has mean about 0 and standard deviation about sigma.
TEST(ScenarioDraw, LogFactors_HaveTheFittedEffectsSpread) {
  model::SendParams base = send_params();
  const auto slots = model::year_effect_slots(base);
  const std::size_t k = 1;  // requests_rate
  const auto& fitted = *slots[k].effects[0];
  double mean = 0, square = 0;
  const std::size_t n = fitted.values.size() - 1;
  for (std::size_t i = 1; i < fitted.values.size(); ++i) {
    mean += std::log(fitted.values[i]) / static_cast<double>(n);
    square += std::log(fitted.values[i]) * std::log(fitted.values[i]) / static_cast<double>(n);
  }
  const double sigma = std::sqrt(square - mean * mean);
  ASSERT_GT(sigma, 0.01);
  constexpr int kDraws = 2000;
  double m = 0, s2 = 0;
  for (int r = 0; r < kDraws; ++r) {
    model::SendParams p = send_params();
    draw_parameters(p, 1, r);
    const double x = std::log(model::year_effect_slots(p)[k].effects[0]->at(2040) / fitted.at(2040));
    m += x / kDraws;
    s2 += x * x / kDraws;
  }
  EXPECT_NEAR(m, 0.0, 4 * sigma / std::sqrt(double(kDraws)));
  EXPECT_NEAR(std::sqrt(s2 - m * m), sigma, 0.1 * sigma);
}

// ---------------------------------------------------------------------------------------------
// Runs with common random numbers

pipeline::RunPlan small_spec(double scale, bool uncertainty = true) {
  static const auto areas = data::starts_in(data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName), 2015);
  static const auto funding = data::parse_la_funding(data::embedded_la_funding(), data::kEmbeddedFundingName);
  static const auto reg = data::LaRegister::parse(data::embedded_la_register(), data::kEmbeddedRegisterName);
  pipeline::RunPlan spec;
  spec.start_year = 2015;
  spec.send = send_params();
  spec.money = finance_params();
  spec.areas = areas;
  spec.funding = funding;
  spec.la_register = &reg;
  spec.seed = 1;
  spec.scale = scale;
  spec.threads = 2;
  spec.first_year = 2015;
  spec.last_year = 2030;
  spec.parameter_uncertainty = uncertainty;
  return spec;
}

TEST(ScenarioRun, ANullScenario_DiffersFromTheBaselineByExactlyNothing) {
  const auto null = load_scenario(std::string(SENDTWIN_SOURCE_DIR) + "/scenarios/null.toml", 2015);
  const auto results = pipeline::run_scenarios({null}, 2, small_spec(0.01, true));
  ASSERT_EQ(results.names, (std::vector<std::string>{"baseline", "null"}));
  ASSERT_EQ(results.figures.size(), 2u);
  ASSERT_EQ(results.figures[0].size(), 2u);
  for (int r = 0; r < 2; ++r) {
    const auto& b = results.figures[0][r];
    const auto& s = results.figures[1][r];
    ASSERT_EQ(b.size(), s.size());
    ASSERT_GT(b.size(), 100u);
    for (std::size_t k = 0; k < b.size(); ++k) {
      ASSERT_EQ(b[k].measure, s[k].measure);
      ASSERT_EQ(b[k].period, s[k].period);
      EXPECT_EQ(b[k].value, s[k].value) << b[k].measure << " " << b[k].period << " replicate " << r;
    }
  }
  const auto diffs = report::differences(results);
  ASSERT_EQ(diffs.size(), results.figures[0][0].size());
  for (const auto& d : diffs) {
    EXPECT_EQ(d.mean, 0.0) << d.measure << " " << d.period;
    EXPECT_EQ(d.low, 0.0) << d.measure << " " << d.period;
    EXPECT_EQ(d.high, 0.0) << d.measure << " " << d.period;
  }
  // The two replicates draw different parameters: their futures differ.
  double differ = 0;
  for (std::size_t k = 0; k < results.figures[0][0].size(); ++k)
    if (results.figures[0][0][k].period == "2030-01") differ += results.figures[0][0][k].value != results.figures[0][1][k].value;
  EXPECT_GT(differ, 0);
  // The periods the runs report: January stocks, calendar years and financial years to 2029-30.
  std::set<std::string> periods;
  for (const auto& f : results.figures[0][0]) periods.insert(f.period);
  EXPECT_TRUE(periods.count("2030-01"));
  EXPECT_TRUE(periods.count("2029"));
  EXPECT_TRUE(periods.count("2029-30"));
  EXPECT_FALSE(periods.count("2030-31"));
}

// One baseline and one scenario per lever, at a small scale, one replicate: each lever moves its
// target the way the rules imply. The figure a lever moves is summed over the years it acts in.
TEST(ScenarioRun, EachLever_MovesItsTargetTheWayTheRulesImply) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<Scenario> scenarios;
  const auto add = [&](const std::string& lever, double value) { scenarios.push_back(one_lever(lever, value, 2026)); };
  add("inclusion_incentive", 0.6);
  add("special_places_per_year", 20000);
  add("independent_direct_share", 0.0);
  add("sen_support_quality", 0.5);
  add("timeliness_target", 0.9);
  add("tribunal_appeal_rate", 3);
  add("pupil_numbers", 0.8);
  add("high_needs_funding_growth", 0.2);
  add("independent_fee", 0.5);
  add("notional_sen_threshold", 12000);
  add("element2_paid_by_high_needs", 1);
  const auto results = pipeline::run_scenarios(scenarios, 1, small_spec(0.02));
  const auto diffs = report::differences(results);
  // scenario -> measure -> period -> difference.
  std::map<std::string, std::map<std::string, std::map<std::string, report::Difference>>> d;
  for (const auto& x : diffs) d[x.scenario][x.measure][x.period] = x;
  const auto sum = [&](const std::string& scenario, const std::string& measure, std::vector<std::string> periods) {
    double out = 0;
    for (const auto& p : periods) {
      const auto& by_period = d.at(scenario).at(measure);
      const auto it = by_period.find(p);
      EXPECT_NE(it, by_period.end()) << scenario << " " << measure << " " << p;
      if (it != by_period.end()) out += it->second.mean;
    }
    return out;
  };
  const auto base = [&](const std::string& measure, const std::string& period) {
    return d.at("inclusion_incentive").at(measure).at(period).baseline;
  };
  const std::vector<std::string> flows = {"2026", "2027", "2028", "2029", "2030"};
  const std::vector<std::string> stocks = {"2027-01", "2028-01", "2029-01", "2030-01"};
  const std::vector<std::string> fys = {"2026-27", "2027-28", "2028-29", "2029-30"};

  // Nothing moves before 2026 (the levers start then).
  for (const auto& s : scenarios)
    for (const auto& m : {"ehc_plans", "requests", "pupils", "high_needs_spend", "high_needs_allocation"})
      for (const auto& p : {"2020", "2024", "2025-01", "2025", "2024-25"}) {
        const auto& by = d.at(s.name).at(m);
        if (by.count(p)) {
          EXPECT_EQ(by.at(p).mean, 0.0) << s.name << " " << m << " " << p;
        }
      }

  EXPECT_LT(sum("inclusion_incentive", "mainstream_to_special", flows), -0.2 * 5 * base("mainstream_to_special", "2029"));
  EXPECT_LT(sum("inclusion_incentive", "plans_independent_special", stocks) + sum("inclusion_incentive", "plans_state_special", stocks), 0);
  EXPECT_GT(sum("inclusion_incentive", "plans_mainstream", stocks), 0);

  EXPECT_GT(sum("special_places_per_year", "plans_state_special", stocks), 0);
  EXPECT_LT(sum("special_places_per_year", "plans_independent_special", stocks), 0);
  EXPECT_GT(sum("special_places_per_year", "state_special_places", stocks), 0);

  EXPECT_LT(sum("independent_direct_share", "plans_independent_special", stocks), 0);

  EXPECT_LT(sum("sen_support_quality", "requests", flows), -0.2 * 5 * base("requests", "2029"));

  EXPECT_GT(sum("timeliness_target", "pct_within_20_weeks", {"2027", "2028", "2029", "2030"}), 4 * 20.0);

  EXPECT_GT(sum("tribunal_appeal_rate", "tribunal_appeals", flows), 5 * base("tribunal_appeals", "2029"));

  EXPECT_LT(sum("pupil_numbers", "pupils", stocks), 0);
  // By January 2030 four reception intakes (September 2026-2029) are a fifth smaller.
  double intakes = 0;
  for (int y = 2026; y <= 2029; ++y) intakes += send_params().population.intake_in(y);
  EXPECT_NEAR(sum("pupil_numbers", "pupils", {"2030-01"}), -0.2 * intakes, 0.25 * 0.2 * intakes);

  // Finance-only levers: the plans are the baseline's exactly, the money moves.
  for (const char* s : {"high_needs_funding_growth", "independent_fee", "notional_sen_threshold", "element2_paid_by_high_needs"})
    for (const auto& p : stocks) EXPECT_EQ(d.at(s).at("ehc_plans").at(p).mean, 0.0) << s << " " << p;
  EXPECT_GT(sum("high_needs_funding_growth", "high_needs_allocation", fys), 0);
  EXPECT_GT(sum("high_needs_funding_growth", "high_needs_in_year_balance", fys), 0);
  EXPECT_GT(sum("high_needs_funding_growth", "high_needs_allocation", {"2029-30"}), 0.5 * base("high_needs_allocation", "2029-30"));
  EXPECT_EQ(sum("high_needs_funding_growth", "high_needs_spend", fys), 0.0);
  EXPECT_LT(sum("independent_fee", "independent_special_spend", fys), 0);
  EXPECT_NEAR(d.at("independent_fee").at("independent_special_spend").at("2029-30").value,
              0.5 * base("independent_special_spend", "2029-30"), 0.05 * base("independent_special_spend", "2029-30"));
  EXPECT_LT(sum("independent_fee", "high_needs_spend", fys), 0);
  EXPECT_LT(sum("notional_sen_threshold", "high_needs_spend", fys), 0);
  EXPECT_GT(sum("notional_sen_threshold", "notional_sen", fys), 0);
  EXPECT_GT(sum("element2_paid_by_high_needs", "high_needs_spend", fys), 0);
  EXPECT_LT(sum("element2_paid_by_high_needs", "notional_sen", fys), 0);
  EXPECT_LT(sum("element2_paid_by_high_needs", "high_needs_in_year_balance", fys), 0);

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  RecordProperty("seconds", std::to_string(seconds));
}

// Issue 21: the dashboard's progress bar reads run_scenarios' area-months, which count up by one
// to every run's area-months (runs x months x LAs), serially; reporting them changes no figure.
TEST(ScenarioRun, MonthsProgress_CountsEveryAreaMonthOfEveryRun_AndChangesNothing) {
  auto plan = pipeline::only_las(small_spec(0.01), {"202", "201"});
  plan.last_year = 2016;  // 24 months
  const auto null = load_scenario(std::string(SENDTWIN_SOURCE_DIR) + "/scenarios/null.toml", 2015);
  std::vector<std::pair<int, int>> months, runs;
  const auto reported = pipeline::run_scenarios(
      {null}, 2, plan, [&](int done, int total) { runs.emplace_back(done, total); },
      [&](int done, int total) { months.emplace_back(done, total); });
  const int total = 4 * 24 * static_cast<int>(plan.areas.size());
  ASSERT_EQ(months.size(), static_cast<std::size_t>(total));
  for (std::size_t k = 0; k < months.size(); ++k) {
    EXPECT_EQ(months[k].first, static_cast<int>(k) + 1);
    EXPECT_EQ(months[k].second, total);
  }
  EXPECT_EQ(runs, (std::vector<std::pair<int, int>>{{1, 4}, {2, 4}, {3, 4}, {4, 4}}));
  const auto silent = pipeline::run_scenarios({null}, 2, plan);
  ASSERT_EQ(reported.figures.size(), silent.figures.size());
  for (std::size_t s = 0; s < silent.figures.size(); ++s)
    for (std::size_t r = 0; r < silent.figures[s].size(); ++r) {
      ASSERT_EQ(reported.figures[s][r].size(), silent.figures[s][r].size());
      for (std::size_t k = 0; k < silent.figures[s][r].size(); ++k)
        EXPECT_EQ(reported.figures[s][r][k].value, silent.figures[s][r][k].value) << silent.figures[s][r][k].measure;
    }
}

TEST(ScenarioRun, AtLeastOneReplicate) { EXPECT_THROW(pipeline::run_scenarios({}, 0, small_spec(0.01)), std::invalid_argument); }

// The difference of one scenario from the baseline in `measure`, summed over `periods`, and the
// baseline's sum.
struct Moved {
  double difference = 0, baseline = 0;
};
Moved moved(const Scenario& s, const std::string& measure, const std::vector<std::string>& periods) {
  const auto diffs = report::differences(pipeline::run_scenarios({s}, 1, small_spec(0.02)));
  Moved out;
  for (const auto& d : diffs)
    if (d.measure == measure && std::find(periods.begin(), periods.end(), d.period) != periods.end()) {
      out.difference += d.mean;
      out.baseline += d.baseline;
    }
  return out;
}

// The inclusion lever thins the moves from mainstream to special that schools and LAs decide:
// through the year and at the Year 7 phase transfer. Moves the SEND Tribunal orders on an upheld
// placement appeal (reg 44) are not thinned, and mainstream_to_special counts them too, so the
// measure falls by less than the lever's 60%, but by more than a quarter.
TEST(ScenarioRun, InclusionIncentive_ThinsTheMovesSchoolsAndLasDecide) {
  const auto m = moved(one_lever("inclusion_incentive", 0.6, 2026), "mainstream_to_special", {"2027", "2028", "2029", "2030"});
  ASSERT_GT(m.baseline, 0);
  EXPECT_LT(m.difference / m.baseline, -0.25) << "mainstream_to_special fell by " << -100 * m.difference / m.baseline << "%";
  EXPECT_GT(m.difference / m.baseline, -0.6) << "tribunal-ordered moves are not thinned";
}

// A timeliness goal is reached by England, less the plans of earlier, late requests that are
// still being issued (within 3 points once the goal is fully in place).
TEST(ScenarioRun, TimelinessTarget_EnglandReachesTheTarget) {
  const auto results = pipeline::run_scenarios({one_lever("timeliness_target", 0.9, 2026)}, 1, small_spec(0.02));
  for (const auto& d : report::differences(results))
    if (d.measure == "pct_within_20_weeks" && (d.period == "2028" || d.period == "2029" || d.period == "2030")) {
      EXPECT_NEAR(d.value, 90.0, 3.0) << d.period;
    }
}

// ---------------------------------------------------------------------------------------------
// goal-seek

TEST(ScenarioGoalSeek, FindsTheFundingGrowthThatMeetsAnInYearBalance_AndReportsAnUnreachableTarget) {
  const pipeline::RunPlan spec = small_spec(0.01);
  Scenario s;
  s.name = "seek";
  const std::string measure = "high_needs_in_year_balance", period = "2029-30";
  // A target the lever reaches: the balance at 10% growth.
  const double target = pipeline::figure_with(s, "high_needs_funding_growth", 0.1, measure, period, 0, spec);
  const double tolerance = 1e-3 * std::abs(target) + 1e6;  // GBP
  const auto g = pipeline::goal_seek(s, "high_needs_funding_growth", 0.0, 0.2, measure, period, target, tolerance, 1, spec);
  EXPECT_LT(g.at_lo, target);
  EXPECT_GT(g.at_hi, target);
  ASSERT_EQ(g.reached, 1);
  ASSERT_EQ(g.values.size(), 1u);
  EXPECT_NEAR(g.values[0], 0.1, 0.2 / 1024 + 1e-9);
  EXPECT_EQ(g.median, g.values[0]);
  EXPECT_EQ(g.low, g.values[0]);
  EXPECT_EQ(g.high, g.values[0]);
  EXPECT_LE(g.runs, 2 + 10);
  EXPECT_NEAR(pipeline::figure_with(s, "high_needs_funding_growth", g.values[0], measure, period, 0, spec), target, tolerance);
  // A scenario that sets the lever already: figure_with replaces its value.
  Scenario set = s;
  set.levers.push_back({"high_needs_funding_growth", 0.3, 2026, 1, 0});
  EXPECT_EQ(pipeline::figure_with(set, "high_needs_funding_growth", 0.1, measure, period, 0, spec), target);

  // Beyond what the range can do: two runs, the ends, and no value.
  const auto none =
      pipeline::goal_seek(s, "high_needs_funding_growth", 0.0, 0.2, measure, period, g.at_hi + 10 * (g.at_hi - g.at_lo), tolerance, 1, spec);
  EXPECT_EQ(none.reached, 0);
  EXPECT_EQ(none.runs, 2);
  ASSERT_EQ(none.values.size(), 1u);
  EXPECT_TRUE(std::isnan(none.values[0]));
  EXPECT_NEAR(none.at_lo, g.at_lo, 1e-6 * std::abs(g.at_lo));
  EXPECT_NEAR(none.at_hi, g.at_hi, 1e-6 * std::abs(g.at_hi));
}

}  // namespace
}  // namespace sendtwin::scenario
