// Promises of data/send_params.h and data/embedded.h: the embedded default parses and is the file
// in data/params; every parameter carries a source; and every way a parameter file can be wrong
// is reported as an InputError `file:line: field: message` pointing at the line to fix.
//
// Bad inputs are made by replacing one line of the embedded default, so each test changes exactly
// one thing and the expected line number follows the file as it is edited.
#include "data/send_params.h"

#include <gtest/gtest.h>

#include "../support/input_error.h"
#include <toml++/toml.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.h"
#include "data/embedded.h"

namespace sendtwin::data {
namespace {

const std::string kParamsPath = std::string(SENDTWIN_SOURCE_DIR) + "/data/params/send.toml";

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      if (start < text.size()) lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out.append(l).append("\n");
  return out;
}

// The 1-based number of the one line of the embedded default that starts with `prefix`.
int line_of(std::string_view prefix) {
  const auto lines = split_lines(embedded_send_params());
  int found = 0;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (lines[k].rfind(prefix, 0) == 0) {
      if (found) throw std::logic_error("more than one line starts with " + std::string(prefix));
      found = static_cast<int>(k) + 1;
    }
  }
  if (!found) throw std::logic_error("no line starts with " + std::string(prefix));
  return found;
}

// The embedded default with the line that starts with `prefix` replaced by `replacement`.
std::string with_line(std::string_view prefix, const std::string& replacement) {
  auto lines = split_lines(embedded_send_params());
  lines[static_cast<std::size_t>(line_of(prefix) - 1)] = replacement;
  return join_lines(lines);
}

model::SendParams parse(const std::string& text) { return parse_send_params(text, "t.toml"); }

using test_support::error_of;
using test_support::input_error;

std::string at(int line) { return "t.toml:" + std::to_string(line) + ": "; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// --- The default --------------------------------------------------------------------------------

TEST(SendParamsDefault, EmbeddedDefaultParses) {
  EXPECT_NO_THROW(parse_send_params(embedded_send_params(), kEmbeddedParamsName));
}

TEST(SendParamsDefault, EmbeddedDefaultIsTheFileInDataParams) {
  const std::string file = read_file(kParamsPath);
  ASSERT_FALSE(file.empty()) << kParamsPath;
  EXPECT_TRUE(embedded_send_params() == file) << "rebuild: the embedded default is stale";
}

TEST(SendParamsDefault, ParsedValuesAreThoseWritten) {
  const auto p = parse_send_params(embedded_send_params(), kEmbeddedParamsName);
  EXPECT_EQ(p.source_file, kEmbeddedParamsName);
  EXPECT_EQ(p.population.pupils, 8438145);
  EXPECT_EQ(p.population.pupils_with_plan, 236165);
  EXPECT_EQ(p.requests.decision_weeks_max, 6);
  EXPECT_EQ(p.stock.by_age_band[1], 91045);
  EXPECT_EQ(p.population.intake_years.size(), p.population.intake.size());
}

TEST(SendParamsDefault, TheFileInDataParamsLoads) {
  const auto p = load_send_params_file(kParamsPath);
  EXPECT_EQ(p.source_file, kParamsPath);
}

TEST(SendParamsDefault, EveryParameterInTheFileHasANonEmptySource) {
  // Independent of the loader: every key of every section is a table with a non-empty source.
  const toml::table root = toml::parse_file(kParamsPath);
  int parameters = 0;
  for (const auto& [section, node] : root) {
    const toml::table* table = node.as_table();
    ASSERT_NE(table, nullptr) << section.str() << " is not a section";
    for (const auto& [name, param] : *table) {
      ++parameters;
      const std::string path = std::string(section.str()) + "." + std::string(name.str());
      const toml::table* t = param.as_table();
      ASSERT_NE(t, nullptr) << path << " is not a table";
      const auto source = t->get_as<std::string>("source");
      EXPECT_TRUE(source && !source->get().empty()) << path << " has no source";
    }
  }
  EXPECT_GT(parameters, 40);
}

// --- Errors -------------------------------------------------------------------------------------

TEST(SendParamsErrors, MalformedTomlIsReportedAtItsLine) {
  const int line = line_of("[requests]");
  const auto e = input_error([&] { parse(with_line("[requests]", "[requests")); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->file(), "t.toml");
  EXPECT_EQ(e->line(), line);
  EXPECT_EQ(e->field(), "");
  EXPECT_FALSE(e->message().empty());
  EXPECT_EQ(std::string(e->what()), at(line) + e->message());
}

TEST(SendParamsErrors, AParameterWithoutSourceIsRefused) {
  const int line = line_of("male_share =");
  EXPECT_EQ(error_of([&] { parse(with_line("male_share =", "male_share = { value = 0.512 }")); }),
            at(line) + "population.male_share: has no source: every parameter says where it comes from");
}

TEST(SendParamsErrors, AParameterWithAnEmptySourceIsRefused) {
  const int line = line_of("male_share =");
  EXPECT_EQ(error_of([&] { parse(with_line("male_share =", "male_share = { value = 0.512, source = \"\" }")); }),
            at(line) + "population.male_share: has no source: every parameter says where it comes from");
}

TEST(SendParamsErrors, AParameterWrittenAsABareValueIsRefused) {
  const int line = line_of("male_share =");
  EXPECT_EQ(error_of([&] { parse(with_line("male_share =", "male_share = 0.512")); }),
            at(line) + "population.male_share: must be a table { value = ..., source = \"...\" }");
}

TEST(SendParamsErrors, AProbabilityAboveOneIsRefused) {
  const int line = line_of("withdrawn =");
  EXPECT_EQ(error_of([&] { parse(with_line("withdrawn =", "withdrawn = { value = 1.7, source = \"x\" }")); }),
            at(line) + "requests.withdrawn.value: 1.7 is outside the possible range [0, 1]: a probability");
}

TEST(SendParamsErrors, ANegativeProbabilityIsRefused) {
  const int line = line_of("withdrawn =");
  EXPECT_EQ(error_of([&] { parse(with_line("withdrawn =", "withdrawn = { value = -0.1, source = \"x\" }")); }),
            at(line) + "requests.withdrawn.value: -0.1 is outside the possible range [0, 1]: a probability");
}

TEST(SendParamsErrors, AValueThatIsNotANumberIsRefused) {
  const int line = line_of("withdrawn =");
  EXPECT_EQ(error_of([&] { parse(with_line("withdrawn =", "withdrawn = { value = \"low\", source = \"x\" }")); }),
            at(line) + "requests.withdrawn.value: must be a number");
}

TEST(SendParamsErrors, AnArrayWithTheWrongNumberOfElementsIsRefused) {
  const int line = line_of("after_year_11 =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("after_year_11 =", "after_year_11 = { value = [0.30, 0.58, 0.12], source = \"x\" }"));
            }),
            at(line) + "placement.after_year_11.value: has 3 numbers, expected 4");
}

TEST(SendParamsErrors, AnArrayElementOutOfRangeIsRefusedByPosition) {
  const int line = line_of("after_year_11 =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("after_year_11 =",
                              "after_year_11 = { value = [0.30, 0.58, 1.08, -0.96], source = \"x\" }"));
            }),
            at(line) + "placement.after_year_11.value: element 3 must be a number in [0, 1]: a share");
}

TEST(SendParamsErrors, SharesThatDoNotAddUpToOneAreRefused) {
  const int line = line_of("after_year_11 =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("after_year_11 =",
                              "after_year_11 = { value = [0.30, 0.58, 0.08, 0.14], source = \"x\" }"));
            }),
            at(line) + "placement.after_year_11.value: shares add up to 1.1, not 1");
}

TEST(SendParamsErrors, YearThirteenShareAboveYearTwelveIsRefused) {
  const int line = line_of("share_y13 =");
  EXPECT_EQ(error_of([&] { parse(with_line("share_y13 =", "share_y13 = { value = 0.50, source = \"x\" }")); }),
            at(line) + "population.share_y13: is larger than share_y12: year 13 cannot keep more pupils than year 12");
}

TEST(SendParamsErrors, DecisionWeeksMinAboveMaxIsRefused) {
  const int line = line_of("decision_weeks_min =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("decision_weeks_min =", "decision_weeks_min = { value = 7, source = \"x\" }"));
            }),
            at(line) + "requests.decision_weeks_min: is larger than decision_weeks_max");
}

TEST(SendParamsErrors, NotIssueWeeksMinAboveMaxIsRefused) {
  const int line = line_of("not_issue_weeks_min =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("not_issue_weeks_min =", "not_issue_weeks_min = { value = 20, source = \"x\" }"));
            }),
            at(line) + "assessment.not_issue_weeks_min: is larger than not_issue_weeks_max");
}

TEST(SendParamsErrors, ATrendThatExceedsOneWithinItsYearsIsRefused) {
  // 0.25 in 2016 doubling each year: 0.5 in 2017, 1 in 2018.
  const int line = line_of("rate = { base = 0.0427");
  EXPECT_EQ(error_of([&] {
              parse(with_line("rate = { base = 0.0427",
                              "rate = { base = 0.25, base_year = 2016, growth = 1.0, first_year = 2015, "
                              "last_year = 2024, source = \"x\" }"));
            }),
            at(line) + "requests.rate: reaches 1 in 2018, above the possible 0.5: requests per pupil on SEN Support a year, "
                       "a few times England's highest (0.10 in 2024)");
}

TEST(SendParamsErrors, ATrendThatWouldExceedOneOnlyAfterItsLastYearIsAccepted) {
  // Held at its 2017 value (exactly 0.4) after 2017, times the calendar-year effect held after its last year.
  const auto p = parse(with_line("rate = { base = 0.0427",
                                 "rate = { base = 0.2, base_year = 2016, growth = 1.0, first_year = 2015, "
                                 "last_year = 2017, source = \"x\" }"));
  EXPECT_EQ(p.requests.rate.at(2030), 0.4 * p.requests.rate.effect.at(2030));
}

TEST(SendParamsErrors, ATrendEndingBeforeItStartsIsRefused) {
  const int line = line_of("rate = { base = 0.0427");
  EXPECT_EQ(error_of([&] {
              parse(with_line("rate = { base = 0.0427",
                              "rate = { base = 0.04, base_year = 2016, growth = 0.1, first_year = 2020, "
                              "last_year = 2019, source = \"x\" }"));
            }),
            at(line) + "requests.rate.last_year: is before first_year");
}

TEST(SendParamsErrors, PlansBySettingThatDoNotAddUpToPlansByAgeBandAreRefused) {
  const int line = line_of("by_setting =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("by_setting =",
                              "by_setting = { value = [208640, 13129, 96693, 12826, 1549, 2885, 67, 956, 3438], "
                              "source = \"x\" }"));
            }),
            at(line) + "stock.by_setting: plans by setting add up to 340183 but plans by age band to 240183");
}

TEST(SendParamsErrors, SenSupportAndPlansAbovePupilsAreRefused) {
  const int line = line_of("sen_support =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("pupils =", "pupils = { value = 1000000, source = \"x\" }"));
            }),
            at(line) + "population.sen_support: SEN Support and plans together exceed the number of pupils");
}

TEST(SendParamsErrors, IntakeYearsThatSkipAYearAreRefused) {
  const int line = line_of("intake =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("intake =",
                              "intake = { years = [2015, 2017], value = [759400, 759700], source = \"x\" }"));
            }),
            at(line) + "population.intake.years: must be consecutive whole years");
}

TEST(SendParamsErrors, AMissingParameterIsReportedAtItsSection) {
  const int section = line_of("[population]");
  EXPECT_EQ(error_of([&] { parse(with_line("male_share =", "# male_share removed")); }),
            at(section) + "population.male_share: missing parameter");
}

TEST(SendParamsErrors, AMissingFileIsReportedWithItsPath) {
  const std::string path = "/nonexistent/sendtwin/send.toml";
  const auto e = input_error([&] { load_send_params_file(path); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->line(), 0);
  EXPECT_EQ(std::string(e->what()), path + ": cannot open file");
}

TEST(SendParamsErrors, ErrorsNameTheFileTheyWereGiven) {
  EXPECT_EQ(error_of([&] {
              parse_send_params(with_line("withdrawn =", "withdrawn = { value = 1.7, source = \"x\" }"),
                                "scenario/my.toml");
            }).rfind("scenario/my.toml:" + std::to_string(line_of("withdrawn =")) + ": ", 0),
            0u);
}

TEST(SendParamsErrors, AFractionOfAMonthIsRefusedWhereWholeMonthsAreNeeded) {
  const int line = line_of("hearing_months =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("hearing_months =", "hearing_months = { value = 6.9, source = \"x\" }"));
            }),
            at(line) + "appeals.hearing_months.value: must be a whole number");
}

// --- Issue 15: a misspelt key is refused, never ignored --------------------------------------------

TEST(SendParamsUnknownKeys, AMisspeltParameterIsRefusedWithTheNearestName) {
  const int line = line_of("refused =");
  EXPECT_EQ(error_of([&] { parse(with_line("refused =", "refusd = { value = 0.2356, source = \"x\" }")); }),
            at(line) + "requests.refusd: not a known key (did you mean refused?)");
}

TEST(SendParamsUnknownKeys, AnExtraParameterIsRefusedEvenWhenNothingIsMissing) {
  const int line = line_of("refused =");
  const std::string text = with_line("refused =", "refused = { value = 0.2356, source = \"x\" }\nrefuse = { value = 0.5, source = \"x\" }");
  EXPECT_EQ(error_of([&] { parse(text); }), at(line + 1) + "requests.refuse: not a known key (did you mean refused?)");
}

TEST(SendParamsUnknownKeys, AMisspeltSectionIsRefused) {
  const int line = line_of("[requests]");
  EXPECT_EQ(error_of([&] { parse(with_line("[requests]", "[request]")); }), at(line) + "request: not a known key (did you mean requests?)");
}

TEST(SendParamsUnknownKeys, AMisspeltFieldOfAParameterIsRefused) {
  const int line = line_of("withdrawn =");
  EXPECT_EQ(error_of([&] { parse(with_line("withdrawn =", "withdrawn = { value = 0.03, source = \"x\", vlaue = 0.5 }")); }),
            at(line) + "requests.withdrawn.vlaue: not a known key (did you mean value?)");
  const int rate = line_of("rate = { base = 0.0427");
  EXPECT_EQ(error_of([&] {
              parse(with_line("rate = { base = 0.0427", "rate = { base = 0.0427, base_year = 2016, growth = 0.1, first_year = 2015, "
                                                        "last_year = 2024, lastyear = 2030, source = \"x\" }"));
            }),
            at(rate) + "requests.rate.lastyear: not a known key (did you mean last_year?)");
}

TEST(SendParamsUnknownKeys, AMisspeltMoneyKeyIsRefusedByBothReaders) {
  const int line = line_of("inflation =");
  const std::string text = with_line("inflation =", "inflaton = { value = 0.02, source = \"x\" }");
  const std::string expected = at(line) + "finance.inflaton: not a known key (did you mean inflation?)";
  EXPECT_EQ(error_of([&] { parse(text); }), expected);
  EXPECT_EQ(error_of([&] { parse_finance_params(text, "t.toml"); }), expected);
}

TEST(SendParamsUnknownKeys, AKeyFarFromEveryNameListsTheKnownOnes) {
  const int line = line_of("exit =");
  const std::string e = error_of([&] { parse(with_line("exit =", "exit = { value = 0.2, source = \"x\" }\ncolour = { value = 1, source = \"x\" }")); });
  EXPECT_EQ(e, at(line + 1) + "sen_support.colour: not a known key (known: identified_at_entry, identification, exit)");
}

// --- Issue 15: every value has a plausible range, checked when the file is read --------------------

TEST(SendParamsRanges, AnImplausibleRequestRateIsRefusedWithItsReason) {
  const int line = line_of("rate = { base = 0.0427");
  EXPECT_EQ(error_of([&] {
              parse(with_line("rate = { base = 0.0427", "rate = { base = 1e5, base_year = 2016, growth = 0.1, first_year = 2015, "
                                                        "last_year = 2024, source = \"x\" }"));
            }),
            at(line) + "requests.rate.base: 100000 is outside the possible range [0, 0.5]: requests per pupil on SEN Support a "
                       "year, a few times England's highest (0.10 in 2024)");
}

TEST(SendParamsRanges, ImplausiblePupilsAreRefused) {
  const int line = line_of("pupils =");
  EXPECT_EQ(error_of([&] { parse(with_line("pupils =", "pupils = { value = 1e9, source = \"x\" }")); }),
            at(line) + "population.pupils.value: 1e+09 is outside the possible range [1, 2e+07]: a number of pupils, at "
                       "most a few times England's 8.4 million");
  const int intake = line_of("intake =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("intake =", "intake = { years = [2015, 2016], value = [759400, 1e10], source = \"x\" }"));
            }),
            at(intake) + "population.intake.value: must be a number of pupils in [0, 3000000]: a reception intake, at most a few "
                         "times England's 760,000");
  EXPECT_EQ(error_of([&] {
              parse(with_line("by_age_band =", "by_age_band = { value = [11250, 91045, 112340, 25538, 1e9], source = \"x\" }"));
            }),
            at(line_of("by_age_band =")) + "stock.by_age_band.value: element 5 must be a number in [0, 2e+06]: a number of plans, "
                                           "at most a few times England's 639,000 (2025)");
}

TEST(SendParamsRanges, NotANumberOrInfinityIsRefusedEverywhere) {
  const int intake = line_of("intake =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("intake =", "intake = { years = [2015, 2016], value = [759400, nan], source = \"x\" }"));
            }),
            at(intake) + "population.intake.value: must be a number of pupils in [0, 3000000]: a reception intake, at most a few "
                         "times England's 760,000");
  EXPECT_EQ(error_of([&] { parse(with_line("exit =", "exit = { value = inf, source = \"x\" }")); }),
            at(line_of("exit =")) + "sen_support.exit.value: must be a number");
  EXPECT_EQ(error_of([&] {
              parse_finance_params(with_line("top_up =", "top_up = { value = [1, 1, 1, 1, nan, 1, 1, 1, 1], source = \"x\" }"), "t.toml");
            }),
            at(line_of("top_up =")) + "finance.top_up.value: element 5 must be a number in [0, 1e+06]: GBP a plan a year, at most "
                                      "the dearest placements' GBP 1 million");
}

TEST(SendParamsRanges, IntakeYearsOutsideTheModelsSpanAreRefused) {
  // 2147483647 + 1 overflowed an int before.
  const int intake = line_of("intake =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("intake =", "intake = { years = [2147483647, 2147483648], value = [1, 1], source = \"x\" }"));
            }),
            at(intake) + "population.intake.years: must be whole years in [2000, 2100]: a calendar year near the model's span "
                         "(2015 to 2080)");
}

TEST(SendParamsRanges, YearEffectsThatPushARateBeyondItsRangeAreRefused) {
  const int line = line_of("rate = { base = 0.0427");
  const std::string e = error_of([&] { parse(with_line("requests_rate = {", "requests_rate = { value = [20.0], source = \"x\" }")); });
  EXPECT_EQ(e.rfind(at(line) + "requests.rate: reaches ", 0), 0u) << e;
  EXPECT_NE(e.find("above the possible 0.5"), std::string::npos) << e;
}

TEST(SendParamsRanges, CostsBeyondPlausiblePoundsAreRefused) {
  EXPECT_EQ(error_of([&] { parse_finance_params(with_line("notional_sen =", "notional_sen = { value = 1e308, source = \"x\" }"), "t.toml"); }),
            at(line_of("notional_sen =")) + "finance.notional_sen.value: 1e+308 is outside the possible range [0, 100000]: GBP a "
                                            "pupil a year, at most GBP 100,000");
}

// [year_effects]: each factor applies in its year, the first before and the last after; the
// requests effect sets both request rates; an unknown name or an impossible factor is an error at
// its line.
TEST(SendParamsYearEffects, EachFactorActsInItsYear_TheEndsHold) {
  const auto p = parse(with_line("requests_rate = {",
                                 "requests_rate = { value = [0.5, 2.0], source = \"test\" }"));
  const int from = p.requests.rate.effect.from;
  EXPECT_EQ(p.requests.rate.effect.at(from - 3), 0.5);
  EXPECT_EQ(p.requests.rate.effect.at(from), 0.5);
  EXPECT_EQ(p.requests.rate.effect.at(from + 1), 2.0);
  EXPECT_EQ(p.requests.rate.effect.at(from + 10), 2.0);
  EXPECT_EQ(p.requests.early_years_rate.effect.values, p.requests.rate.effect.values);
  model::SendParams none = p;
  none.requests.rate.effect = {};
  EXPECT_DOUBLE_EQ(p.requests.rate.at(from + 1), 2.0 * none.requests.rate.at(from + 1));
}

TEST(SendParamsYearEffects, AnUnknownName_IsAnErrorAtItsLine) {
  const int line = line_of("requests_rate = {");
  EXPECT_EQ(error_of([&] { parse(with_line("requests_rate = {", "request_rate = { value = [1.0], source = \"x\" }")); }),
            at(line) + "year_effects.request_rate: not a known key (did you mean requests_rate?)");
}

TEST(SendParamsYearEffects, AnImpossibleFactor_IsAnErrorAtItsLine) {
  const int line = line_of("cease_at_review = {");
  EXPECT_EQ(error_of([&] { parse(with_line("cease_at_review = {", "cease_at_review = { value = [1.0, -2], source = \"x\" }")); }),
            at(line) + "year_effects.cease_at_review.value: element 2 must be a factor in [0.05, 20]");
}

TEST(SendParamsYearEffects, WithoutTheSection_ThereAreNone) {
  std::string text(embedded_send_params());
  text.erase(text.find("\n[year_effects]"));
  const auto p = parse(text);
  EXPECT_TRUE(p.requests.rate.effect.values.empty());
  EXPECT_EQ(p.cease.effect.at(2020), 1.0);
}

// --- [returns]: the splits of a model placement in the DfE returns, as published counts --------

TEST(SendParamsReturns, TheSharesAreTheCountsWritten) {
  const auto p = parse_send_params(embedded_send_params(), kEmbeddedParamsName);
  EXPECT_EQ(p.returns.specialist_post16.numerator, 9675);
  EXPECT_EQ(p.returns.specialist_post16.denominator, 88158);
  EXPECT_DOUBLE_EQ(p.returns.specialist_post16.share(), 9675.0 / 88158.0);
  EXPECT_DOUBLE_EQ(p.returns.non_maintained.share(), 4381.0 / (29647.0 + 4381.0));
  EXPECT_DOUBLE_EQ(p.returns.home_education.share(), 7155.0 / (49750.0 + 19339.0));
  EXPECT_DOUBLE_EQ(p.returns.eotas.share(), 11524.0 / (49750.0 + 19339.0));
  EXPECT_NE(p.returns.eotas.table.find("other_arrangements_la"), std::string::npos);
  EXPECT_NE(p.returns.eotas.source.find("Education, health and care plans 2025"), std::string::npos);
}

TEST(SendParamsReturns, AMissingShareIsRefusedAtItsSection) {
  const int section = line_of("[returns]");
  EXPECT_EQ(error_of([&] { parse(with_line("eotas =", "# eotas removed")); }), at(section) + "returns.eotas: missing parameter");
}

TEST(SendParamsReturns, AMissingDenominatorIsRefused) {
  const int line = line_of("specialist_post16 =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("specialist_post16 =", "specialist_post16 = { numerator = 9675, table = \"t\", source = \"x\" }"));
            }),
            at(line) + "returns.specialist_post16.denominator: missing");
}

TEST(SendParamsReturns, ANegativeCountIsRefused) {
  const int line = line_of("home_education =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("home_education =",
                              "home_education = { numerator = -7155, denominator = 69089, table = \"t\", source = \"x\" }"));
            }),
            at(line) + "returns.home_education.numerator: -7155 is outside the possible range [0, 2e+06]: a number of plans, at most a "
                       "few times England's 639,000 (2025)");
}

TEST(SendParamsReturns, ANumeratorAboveTheDenominatorIsRefused) {
  const int line = line_of("non_maintained_special =");
  EXPECT_EQ(error_of([&] {
              parse(with_line("non_maintained_special =",
                              "non_maintained_special = { numerator = 34029, denominator = 34028, table = \"t\", source = \"x\" }"));
            }),
            at(line) + "returns.non_maintained_special.numerator: 34029 is more than the denominator 34028: a share is a part of the whole");
}

TEST(SendParamsReturns, AShareWithoutItsTableOrSourceIsRefused) {
  const int line = line_of("eotas =");
  EXPECT_EQ(error_of([&] { parse(with_line("eotas =", "eotas = { numerator = 1, denominator = 2, source = \"x\" }")); }),
            at(line) + "returns.eotas.table: missing: the published table the counts are from");
  EXPECT_EQ(error_of([&] { parse(with_line("eotas =", "eotas = { numerator = 1, denominator = 2, table = \"t\" }")); }),
            at(line) + "returns.eotas: has no source: every parameter says where it comes from");
}

TEST(SendParamsReturns, AFractionOfAPlanOrAZeroDenominatorIsRefused) {
  const int line = line_of("eotas =");
  EXPECT_EQ(error_of([&] { parse(with_line("eotas =", "eotas = { numerator = 1.5, denominator = 2, table = \"t\", source = \"x\" }")); }),
            at(line) + "returns.eotas.numerator: must be a whole number of plans");
  EXPECT_EQ(error_of([&] { parse(with_line("eotas =", "eotas = { numerator = 0, denominator = 0, table = \"t\", source = \"x\" }")); }),
            at(line) + "returns.eotas.denominator: must be above 0: the plans the share is of");
}

TEST(SendParamsReturns, HomeEducationAndEotasTogetherBeyondAllOtherPlacementsAreRefused) {
  const int line = line_of("eotas =");
  EXPECT_EQ(error_of([&] { parse(with_line("eotas =", "eotas = { numerator = 65000, denominator = 69089, table = \"t\", source = \"x\" }")); }),
            at(line) + "returns.eotas: with returns.home_education is more than all of the model's other placements");
}

}  // namespace
}  // namespace sendtwin::data
