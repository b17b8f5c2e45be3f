// The dashboard's request validation (server::parse_run_request): what a POST /api/run body may
// hold, and the message a 400 carries for each way it can be wrong.
#include "server/server.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace sendtwin::server {
namespace {

const auto kKnown = [](const std::string& code) { return code == "886" || code == "202"; };

std::string error_of(const std::string& body) {
  try {
    parse_run_request(body, kKnown, 2015);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(ServerRunRequest, AFullBody_IsRead) {
  const auto r = parse_run_request(R"({"la": "886", "levers": {"inclusion_incentive": 0.3, "special_places_per_year": 500},
                                       "from": 2027, "to": 2032, "replicates": 3, "scale": 0.05})", kKnown, 2015);
  EXPECT_EQ(r.la, "886");
  EXPECT_EQ(r.to, 2032);
  EXPECT_EQ(r.replicates, 3);
  EXPECT_DOUBLE_EQ(r.scale, 0.05);
  ASSERT_EQ(r.scenario.levers.size(), 2u);
  for (const auto& l : r.scenario.levers) EXPECT_EQ(l.from, 2027);
}

TEST(ServerRunRequest, AnEmptyObject_IsEnglandWithNoLevers) {
  const auto r = parse_run_request("{}", kKnown, 2015);
  EXPECT_TRUE(r.la.empty());
  EXPECT_TRUE(r.scenario.levers.empty());
}

// An LA's run is its funding unit alone (issue 21): full scale unless asked, and up to 1; England's
// a share of every LA, up to 0.25.
TEST(ServerRunRequest, AnLasRun_IsAtFullScaleByDefault_AndMayBeUpTo1) {
  EXPECT_DOUBLE_EQ(parse_run_request(R"({"la": "886"})", kKnown, 2015).scale, 1.0);
  EXPECT_DOUBLE_EQ(parse_run_request(R"({"scale": 0.5, "la": "886"})", kKnown, 2015).scale, 0.5);
  EXPECT_DOUBLE_EQ(parse_run_request("{}", kKnown, 2015).scale, 0.02);
  EXPECT_EQ(error_of(R"({"scale": 0.5, "la": ""})"), "scale must be a number in [0.001, 0.25] for England, [0.001, 1] for an LA");
  EXPECT_EQ(error_of(R"({"la": "886", "scale": 1.5})"), "scale must be a number in [0.001, 0.25] for England, [0.001, 1] for an LA");
}

TEST(ServerRunRequest, EachWayABodyCanBeWrong_HasItsMessage) {
  EXPECT_EQ(error_of("[1]"), "the body must be a JSON object");
  EXPECT_EQ(error_of(R"({"la": 886})"), "la must be a string: an LA code, or \"\" for England");
  EXPECT_EQ(error_of(R"({"la": "999"})"), "la: \"999\" is not an LA of the run");
  EXPECT_EQ(error_of(R"({"colour": 1})"), "\"colour\" is not a field of a run (la, preset, levers, local, goals, goals_name, from, to, replicates, scale, progress)");
  EXPECT_EQ(error_of(R"({"from": 2015})"), "from must be a whole number in [2016, 2040]");
  EXPECT_EQ(error_of(R"({"to": 2030.5})"), "to must be a whole number in [2016, 2040]");
  EXPECT_EQ(error_of(R"({"replicates": 11})"), "replicates must be a whole number in [1, 10]");
  EXPECT_EQ(error_of(R"({"scale": 1})"), "scale must be a number in [0.001, 0.25] for England, [0.001, 1] for an LA");
  EXPECT_EQ(error_of(R"({"levers": [1]})"), "levers must be an object {name: value}");
  EXPECT_EQ(error_of(R"({"levers": {"x": 1}})"), "levers: \"x\" is not a lever");
  EXPECT_EQ(error_of(R"({"levers": {"inclusion_incentive": 0.95}})"), "levers.inclusion_incentive must be a number in [0, 0.9]");
  EXPECT_EQ(error_of(R"({"levers": {"inclusion_incentive": "0.5"}})"), "levers.inclusion_incentive must be a number in [0, 0.9]");
  EXPECT_EQ(error_of(R"({"from": 2030, "to": 2028})"), "to must not be before from");
  EXPECT_EQ(error_of(std::string(17000, ' ') + "{}"), "the request body is over 16 KiB");
  EXPECT_EQ(error_of("{la:").rfind("the body is not JSON", 0), 0u);
}

// Issue 20: "goals" carries the text of an LA's goals file (goals/kent.toml's form) and
// "goals_name" the name its messages give; goals are an LA's, so England's run refuses them.
TEST(ServerRunRequest, Goals_AreAnLasTextWithItsName) {
  const auto r = parse_run_request(R"({"la": "886", "goals": "[[goal]]\nmeasure = \"ehc_plans\"", "goals_name": "kent.toml"})", kKnown, 2015);
  EXPECT_EQ(r.goals, "[[goal]]\nmeasure = \"ehc_plans\"");
  EXPECT_EQ(r.goals_name, "kent.toml");
  EXPECT_EQ(parse_run_request(R"({"la": "886", "goals": "x = 1"})", kKnown, 2015).goals_name, "goals");
  EXPECT_EQ(error_of(R"({"goals": "[[goal]]"})"),
            "goals: goals are an LA's (its own targets, as `la CODE --goals` takes them): choose an LA, not England");
  EXPECT_EQ(error_of(R"({"la": "", "goals": "[[goal]]"})").rfind("goals: goals are an LA's", 0), 0u);
  EXPECT_EQ(error_of(R"({"la": "886", "goals": 1})"), "goals must be a string: the text of a goals file (goals/kent.toml's form)");
  EXPECT_EQ(error_of(R"({"la": "886", "goals_name": ""})"), "goals_name must be a file name of 1 to 100 bytes");
  // An empty text is no goals: England's run takes it.
  EXPECT_TRUE(parse_run_request(R"({"goals": ""})", kKnown, 2015).goals.empty());
}

// Issue 20: "local" sets an LA's own levers (a scenario file's [la."886".levers]), from "from", for
// a run of that LA or of England; England's levers stay in scenario.levers.
TEST(ServerRunRequest, LocalLevers_AreTheLasOwn) {
  const auto r = parse_run_request(R"({"la": "886", "levers": {"high_needs_funding_growth": 0.05},
                                       "local": {"886": {"inclusion_incentive": 0.3, "sen_support_quality": 0.2}}, "from": 2027})",
                                   kKnown, 2015);
  ASSERT_EQ(r.scenario.levers.size(), 1u);
  EXPECT_EQ(r.scenario.levers[0].name, "high_needs_funding_growth");
  ASSERT_EQ(r.scenario.local.size(), 1u);
  EXPECT_EQ(r.scenario.local[0].code, "886");
  ASSERT_EQ(r.scenario.local[0].levers.size(), 2u);
  EXPECT_EQ(r.scenario.local[0].levers[0].name, "inclusion_incentive");
  EXPECT_DOUBLE_EQ(r.scenario.local[0].levers[0].value, 0.3);
  EXPECT_EQ(r.scenario.local[0].levers[0].from, 2027);
  // A run of England may set one LA's own levers; an LA with none adds nothing.
  const auto england = parse_run_request(R"({"local": {"202": {"pupil_numbers": 0.9}, "886": {}}})", kKnown, 2015);
  ASSERT_EQ(england.scenario.local.size(), 1u);
  EXPECT_EQ(england.scenario.local[0].code, "202");
  // The levers sent reach the model of that LA alone (scenario::apply_local).
  model::SendParams kent, camden;
  scenario::apply_local(england.scenario, "202", camden);
  scenario::apply_local(england.scenario, "886", kent);
  EXPECT_FALSE(camden.population.intake_effect.values.empty());
  EXPECT_TRUE(kent.population.intake_effect.values.empty());
}

TEST(ServerRunRequest, EachWayLocalCanBeWrong_HasItsMessage) {
  EXPECT_EQ(error_of(R"({"local": [1]})"), "local must be an object {LA code: {name: value}}");
  EXPECT_EQ(error_of(R"({"local": {"999": {"inclusion_incentive": 0.3}}})"), "local: \"999\" is not an LA of the run");
  EXPECT_EQ(error_of(R"({"la": "886", "local": {"202": {"inclusion_incentive": 0.3}}})"),
            "local: \"202\" is not the LA of the run (886): a run of one LA takes its own levers");
  EXPECT_EQ(error_of(R"({"local": {"886": 0.3}})"), "local.886 must be an object {name: value}");
  EXPECT_EQ(error_of(R"({"local": {"886": {"x": 1}}})"), "local.886: \"x\" is not a lever");
  EXPECT_EQ(error_of(R"({"local": {"886": {"inclusion_incentive": 0.95}}})"), "local.886.inclusion_incentive must be a number in [0, 0.9]");
  EXPECT_EQ(error_of(R"({"local": {"886": {"inclusion_incentive": null}}})"), "local.886.inclusion_incentive must be a number in [0, 0.9]");
  EXPECT_EQ(error_of(R"({"local": {"886": {"high_needs_funding_growth": 0.05}}})"),
            "local.886.high_needs_funding_growth: acts on England's money or places, not one LA's (send it in levers, for every LA)");
  EXPECT_EQ(error_of(R"({"local": {"886": {"special_places_per_year": 100}}})"),
            "local.886.special_places_per_year: acts on England's money or places, not one LA's (send it in levers, for every LA)");
}

// Exactly the levers a scenario file refuses in [la."CODE".levers] are refused in "local": the
// money levers and special_places_per_year.
TEST(ServerRunRequest, TheLeversRefusedLocally_AreThoseThatDoNotActOnOneLa) {
  int refused = 0;
  for (const auto& l : scenario::lever_table()) {
    const double value = std::isnan(l.neutral) ? l.lo : l.neutral;
    const std::string e = error_of(std::string(R"({"local": {"886": {")") + l.name + "\": " + std::to_string(value) + "}}}");
    EXPECT_EQ(e != "no error", !scenario::acts_on_one_la(l)) << l.name << ": " << e;
    refused += e != "no error";
  }
  EXPECT_EQ(refused, 6);  // notional_sen_threshold, element2, special places, independent fee, funding growth, inclusion funds
}

// GET /api/la?name=...: the query's value, percent-decoded; a bad escape is a 400's message.
TEST(ServerQuery, AValueIsPercentDecoded) {
  EXPECT_EQ(query_value("/api/la?name=Bristol", "name"), "Bristol");
  EXPECT_EQ(query_value("/api/la?name=Bristol%2C%20City+of", "name"), "Bristol, City of");
  EXPECT_EQ(query_value("/api/la?x=1&name=886&name=202", "name"), "886");
  EXPECT_EQ(query_value("/api/la?names=Kent", "name"), "");
  EXPECT_EQ(query_value("/api/la", "name"), "");
  EXPECT_EQ(query_value("/api/la?name", "name"), "");
  EXPECT_EQ(query_value("/api/la?name=%ff", "name"), "\xef\xbf\xbd");  // not UTF-8: replaced
  for (const char* bad : {"/api/la?name=%", "/api/la?name=%2", "/api/la?name=%zz"}) {
    try {
      (void)query_value(bad, "name");
      ADD_FAILURE() << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_STREQ(e.what(), "name: a % must be followed by two hexadecimal digits");
    }
  }
  EXPECT_THROW((void)query_value("/api/la?name=" + std::string(201, 'a'), "name"), std::invalid_argument);
  EXPECT_EQ(query_value("/api/la?name=" + std::string(200, 'a'), "name").size(), 200u);
}

// Issue 19: a run may name a preset scenario, the White Paper or a variant, embedded in the binary:
// its levers keep their own years, and the request's levers are added after them.
TEST(ServerRunRequest, APreset_GivesItsLeversThenTheRequestsOwn) {
  const auto presets = preset_scenarios();
  ASSERT_EQ(presets.size(), 5u);
  EXPECT_EQ(presets[0].name, "white-paper-2026");
  const auto r = parse_run_request(R"({"preset": "white-paper-2026", "to": 2035, "levers": {"pupil_numbers": 0.95}, "from": 2027})",
                                   kKnown, 2025, presets);
  ASSERT_EQ(r.scenario.levers.size(), presets[0].levers.size() + 1);
  for (std::size_t k = 0; k < presets[0].levers.size(); ++k) {
    EXPECT_EQ(r.scenario.levers[k].name, presets[0].levers[k].name);
    EXPECT_EQ(r.scenario.levers[k].value, presets[0].levers[k].value);
    EXPECT_EQ(r.scenario.levers[k].from, presets[0].levers[k].from);
  }
  EXPECT_EQ(r.scenario.levers.back().name, "pupil_numbers");
  EXPECT_EQ(r.scenario.levers.back().from, 2027);
  EXPECT_EQ(r.scenario.name, "white-paper-2026 + levers");
  // Alone, the preset is the scenario.
  EXPECT_EQ(parse_run_request(R"({"preset": "white-paper-2026-delayed"})", kKnown, 2025, presets).scenario.name,
            "white-paper-2026-delayed");
  const auto wrong = [&](const std::string& body) {
    try {
      parse_run_request(body, kKnown, 2025, presets);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(wrong(R"({"preset": 1})"),
            "preset must be a string: one of white-paper-2026, white-paper-2026-funding-only, white-paper-2026-delayed, "
            "white-paper-2026-half-strict, white-paper-2026-appeals");
  EXPECT_EQ(wrong(R"({"preset": "reform"})").rfind("preset: \"reform\" is not a preset (white-paper-2026, ", 0), 0u);
  // Without presets (the fuzz target's server-free parse), none is known.
  EXPECT_EQ(error_of(R"({"preset": "white-paper-2026"})"), "preset: \"white-paper-2026\" is not a preset (there are none)");
}

// The embedded presets are the files in scenarios/ byte for byte (the build embeds them).
TEST(ServerPresets, AreTheScenarioFiles) {
  for (const auto& p : preset_scenarios()) {
    const std::string path = std::string(SENDTWIN_SOURCE_DIR) + "/scenarios/" + p.file.substr(p.file.rfind('/') + 1);
    const auto file = scenario::read_scenario(path);
    EXPECT_EQ(file.name, p.name);
    ASSERT_EQ(file.levers.size(), p.levers.size()) << path;
    for (std::size_t k = 0; k < p.levers.size(); ++k) EXPECT_EQ(file.levers[k].value, p.levers[k].value) << path;
  }
}

// Issue 15: numbers beyond a double and bytes that are not UTF-8 are a 400's message, not an
// exception the server answers with 500 (nlohmann's out_of_range escaped the parse_error catch).
TEST(ServerRunRequest, NumbersBeyondADouble_AreRefusedWithAMessage) {
  EXPECT_EQ(error_of(R"({"scale": 1e400})"), "the body has a number too large to represent (beyond 1.8e308)");
  EXPECT_EQ(error_of(R"({"levers": {"pupil_numbers": 1e400}})"), "the body has a number too large to represent (beyond 1.8e308)");
  EXPECT_EQ(error_of(R"({"levers": {"pupil_numbers": -1e400}})"), "the body has a number too large to represent (beyond 1.8e308)");
  EXPECT_EQ(error_of(R"({"replicates": 1e400})"), "the body has a number too large to represent (beyond 1.8e308)");
  EXPECT_EQ(error_of(R"({"replicates": 18446744073709551615})"), "replicates must be a whole number in [1, 10]");
  EXPECT_EQ(error_of(R"({"to": -9223372036854775808})"), "to must be a whole number in [2016, 2040]");
  EXPECT_EQ(error_of(R"({"scale": 1e-400})"), "scale must be a number in [0.001, 0.25] for England, [0.001, 1] for an LA");
}

TEST(ServerRunRequest, BytesThatAreNotUtf8_AreRefusedWithAMessage) {
  for (const std::string& body : {std::string("{\"la\": \"\xff\xfe\"}"), std::string("{\"\xff\": 1}"), std::string("{\"la\": \"\\udcff\"}"),
                                 std::string("{\"la\": \"\xc0\xaf\"}")}) {
    const std::string e = error_of(body);
    EXPECT_EQ(e.rfind("the body is not JSON", 0), 0u) << e;
    // The message goes into a JSON answer: it must be UTF-8 itself (before, it quoted the raw bytes,
    // the answer's dump threw, and the server answered 500).
    EXPECT_NO_THROW((void)nlohmann::json(e).dump()) << e;
  }
}

TEST(ServerContentType, IsTheMediaTypeApplicationJson_ParametersAllowed) {
  EXPECT_TRUE(is_json_content_type("application/json"));
  EXPECT_TRUE(is_json_content_type("application/json; charset=utf-8"));
  EXPECT_TRUE(is_json_content_type("Application/JSON;charset=UTF-8"));
  EXPECT_TRUE(is_json_content_type(" application/json "));
  EXPECT_FALSE(is_json_content_type("text/plain; charset=application/json"));
  EXPECT_FALSE(is_json_content_type("text/plain;application/json"));
  EXPECT_FALSE(is_json_content_type("application/json-seq"));
  EXPECT_FALSE(is_json_content_type("application/jsonp"));
  EXPECT_FALSE(is_json_content_type("application/x-www-form-urlencoded"));
  EXPECT_FALSE(is_json_content_type("multipart/form-data; boundary=application/json"));
  EXPECT_FALSE(is_json_content_type(""));
}


// Issue 21: "progress" is the page's id for GET /api/progress: 8 to 32 letters and digits.
TEST(ServerRunRequest, AProgressId_IsEightToThirtyTwoLettersAndDigits) {
  EXPECT_EQ(parse_run_request(R"({"progress": "abcDEF12"})", kKnown, 2015).progress, "abcDEF12");
  EXPECT_EQ(parse_run_request(R"({"progress": "abcdefghijABCDEFGHIJ012345678901"})", kKnown, 2015).progress.size(), 32u);
  EXPECT_TRUE(parse_run_request("{}", kKnown, 2015).progress.empty());
  const std::string message = "progress must be a string of 8 to 32 letters and digits (an id of the page's own choosing)";
  for (const char* body : {R"({"progress": "abc1234"})", R"({"progress": "abcdefghijABCDEFGHIJ0123456789012"})",
                           R"({"progress": "abcd-1234"})", R"({"progress": "abcd 1234"})", R"({"progress": 12345678})",
                           R"({"progress": ""})", R"({"progress": "abcd\u00e91234"})", R"({"progress": null})"})
    EXPECT_EQ(error_of(body), message) << body;
}

TEST(ServerQuery, TheProgressId_IsTheQuerysId_OfItsForm) {
  EXPECT_EQ(progress_id("/api/progress?id=abcDEF12"), "abcDEF12");
  EXPECT_EQ(progress_id("/api/progress?x=1&id=0123456789"), "0123456789");
  const std::string message = "id must be 8 to 32 letters and digits (the id the run was sent with as \"progress\")";
  for (const char* target : {"/api/progress", "/api/progress?id=", "/api/progress?id=short", "/api/progress?id=abcd%2D1234",
                             "/api/progress?id=abcd1234%00", "/api/progress?id=../../etc"}) {
    try {
      progress_id(target);
      ADD_FAILURE() << target << " was taken";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()), message) << target;
    }
  }
  EXPECT_THROW(progress_id("/api/progress?id=%zz"), std::invalid_argument);
  EXPECT_TRUE(is_progress_id("Z0000000"));
  EXPECT_FALSE(is_progress_id("Z000000"));
}

}  // namespace
}  // namespace sendtwin::server
