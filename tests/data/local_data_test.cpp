// An LA's own figures (issue 20, data/local_data.h): the example file reads as it says; every
// mistake is refused at its line and field, naming what is wrong.
#include "data/local_data.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "../support/input_error.h"

namespace sendtwin::data {
namespace {

using test_support::input_error;

const std::string kHead = "[local]\nla = \"886\"\nsource = \"test\"\nyear = 2025\n";  // lines 1-4

TEST(LocalData, TheExampleFile_ReadsAsItSays) {
  const auto d = read_local_data(std::string(SENDTWIN_SOURCE_DIR) + "/local/example-kent.toml");
  EXPECT_EQ(d.code, "886");
  EXPECT_EQ(d.year, 2025);
  ASSERT_TRUE(d.by_age_band && d.by_setting);
  EXPECT_FALSE(d.by_need);
  EXPECT_EQ((*d.by_setting)[static_cast<int>(Setting::IndependentSpecial)], 1783);
  EXPECT_EQ((*d.by_age_band)[0], 664);
  ASSERT_TRUE(d.state_special_places);
  EXPECT_EQ(d.state_special_places->value, 6600);
  EXPECT_EQ(d.new_special_places.at(2027).value, 200);
  EXPECT_EQ(d.places_source, "Illustration: a made-up capital programme");
  EXPECT_EQ(d.costs_source, d.source);  // no source of its own: [local]'s
  // fee = { independent_special = ... } is its top-up.
  ASSERT_TRUE(d.top_up[static_cast<int>(Setting::IndependentSpecial)]);
  EXPECT_EQ(d.top_up[static_cast<int>(Setting::IndependentSpecial)]->value, 62000);
  EXPECT_FALSE(d.place[static_cast<int>(Setting::StateSpecial)]);
  EXPECT_EQ(d.allocation.at(2026).value, 355e6);
  ASSERT_TRUE(d.balance_year);
  EXPECT_EQ(*d.balance_year, 2024);
  EXPECT_EQ(d.closing_balance.value, -120e6);
}

TEST(LocalData, NeedsByDfECode_AndOneSectionAlone) {
  const auto d = parse_local_data(kHead +
                                      "[caseload]\nby_need = { SPLD = 1, MLD = 2, SLD = 3, PMLD = 0, SEMH = 4, SLCN = 5, HI = 0, VI = 0, MSI = 0, "
                                      "PD = 0, ASD = 9, OTH = 0, NSA = 0, DS = 1 }\n",
                                  "t.toml");
  ASSERT_TRUE(d.by_need);
  EXPECT_EQ((*d.by_need)[static_cast<int>(NeedType::ASD)], 9);
  EXPECT_EQ(d.by_need_line, 6);
  EXPECT_FALSE(d.has_costs());
  EXPECT_FALSE(d.has_money());
}

TEST(LocalData, TheJointExample_ReadsItsCsvRelativeToItself) {
  const std::string dir = std::string(SENDTWIN_SOURCE_DIR) + "/local/";
  const auto d = read_local_data(dir + "example-kent-joint.toml");
  EXPECT_EQ(d.rows_file, dir + "example-kent-joint.csv");
  ASSERT_FALSE(d.rows.empty());
  double plans = 0, independent = 0;
  for (const auto& c : d.rows) {
    plans += c.plans;
    if (c.setting == static_cast<int>(Setting::IndependentSpecial)) independent += c.plans;
  }
  EXPECT_EQ(plans, 20635);       // Kent's published plans, January 2025 (data/la/starts.csv)
  EXPECT_EQ(independent, 1623);  // its published independent special plans
  EXPECT_EQ(d.rows.front().line, 2);  // the CSV's first row, after its header
  ASSERT_TRUE(d.unit_places);
  EXPECT_EQ(d.unit_places->value, 1130);
  EXPECT_FALSE(d.by_age_band || d.by_setting || d.by_need);
}

TEST(LocalData, JointRowsInTheToml_WithMarginsThatAreTheirSums) {
  const auto d = parse_local_data(kHead +
                                      "[caseload]\nby_age_band = { under_5 = 0, 5_10 = 12, 11_15 = 0, 16_19 = 0, 20_25 = 0 }\n"
                                      "[[caseload.rows]]\nage_band = \"5_10\"\nsetting = \"mainstream\"\nneed = \"ASD\"\nplans = 5\n"
                                      "[[caseload.rows]]\nage_band = \"5_10\"\nsetting = \"state_special\"\nneed = \"SLD\"\nplans = 7\n",
                                  "t.toml");
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[1].setting, static_cast<int>(Setting::StateSpecial));
  EXPECT_EQ(d.rows[1].need, static_cast<int>(NeedType::SLD));
  EXPECT_EQ(d.rows[1].plans, 7);
  EXPECT_EQ(d.rows[1].line, 12);
  EXPECT_EQ(d.rows_file, "t.toml");
}

TEST(LocalData, AJointCsvsMistakes_AreRefusedAtTheCsvsLine) {
  const std::string dir = ::testing::TempDir();
  const std::string csv = dir + "/sendtwin_joint_bad.csv";
  {
    std::FILE* f = std::fopen(csv.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("age_band,setting,need,plans\n5_10,mainstream,ASD,5\n5_10,mainstream,XYZ,5\n", f);
    std::fclose(f);
  }
  const auto e = input_error([&] { parse_local_data(kHead + "[caseload]\nrows_csv = \"sendtwin_joint_bad.csv\"\n", dir + "/t.toml"); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file(), csv);
  EXPECT_EQ(e->line(), 3);
  EXPECT_EQ(e->field(), "need");
  EXPECT_NE(e->message().find("is not one of SPLD"), std::string::npos) << e->what();
  std::remove(csv.c_str());
}

struct Bad {
  std::string text;
  int line;
  std::string field, says;
};

TEST(LocalData, Mistakes_AreRefusedAtTheirLineAndField) {
  const std::vector<Bad> cases = {
      {"[local]\nla = \"886\"\nsource = \"s\"\n", 1, "local.year", "missing"},
      {"[local]\nla = \"Kent\"\nsource = \"s\"\nyear = 2025\n", 2, "local.la", "3-digit"},
      {kHead + "[place]\nstate_special = 1\n", 5, "place", "not a known key"},
      {kHead + "[places]\nstate_specail = 6600\n", 6, "places.state_specail", "state_special"},
      {kHead + "[places]\nunits = 300\n", 6, "places.units", "mainstream_unit"},
      {kHead + "[places]\nindependent_growth = 0.5\n", 6, "places.independent_growth", "outside"},
      {kHead + "[places]\nstate_special = -5\n", 6, "places.state_special", "outside"},
      {kHead + "[places]\nnew_special = { \"26\" = 5 }\n", 6, "places.new_special.26", "calendar year"},
      {kHead + "[costs]\nfee = { state_special = 50000 }\n", 6, "costs.fee.state_special", "not a known key"},
      {kHead + "[costs]\ntop_up = { independent_special = 5e7 }\n", 6, "costs.top_up.independent_special", "GBP 1 million"},
      {kHead + "[costs]\ntop_up = { independent_special = 60000 }\nfee = { independent_special = 62000 }\n", 7,
       "costs.fee.independent_special", "also given"},
      {kHead + "[money]\nallocation = { \"2025-27\" = 3e8 }\n", 6, "money.allocation.2025-27", "financial year"},
      {kHead + "[money]\nallocation = { \"2025-26\" = 300 }\n", 6, "money.allocation.2025-26", "outside"},
      {kHead + "[money]\nclosing_balance = { \"2023-24\" = -1e8, \"2024-25\" = -2e8 }\n", 6, "money.closing_balance", "more than one"},
      {kHead + "[money]\nnotional_sen_budget = { \"2025-26\" = 5e9 }\n", 6, "money.notional_sen_budget.2025-26", "outside"},
      {kHead + "[money]\nnotional_sen_budget = { \"2025\" = 6e7 }\n", 6, "money.notional_sen_budget.2025", "financial year"},
      {kHead + "[money]\nnotional_sen = { \"2025-26\" = 6e7 }\n", 6, "money.notional_sen", "notional_sen_budget"},
      {kHead + "[caseload]\nby_age_band = { under_5 = 1, 5_10 = 2, 11_15 = 3, 16_19 = 4 }\n", 6, "caseload.by_age_band", "missing: 20_25"},
      {kHead + "[caseload]\nby_age_band = { under_5 = 1, 5_10 = 2.5, 11_15 = 3, 16_19 = 4, 20_25 = 0 }\n", 6, "caseload.by_age_band.5_10",
       "whole number"},
      {kHead + "[caseload]\nby_age_band = { under_5 = 1, 5_10 = 2, 11_15 = 3, 16_19 = 4, 20_25 = 0 }\n"
               "by_setting = { mainstream = 5, mainstream_unit = 0, state_special = 0, independent_special = 0, alternative_provision = 0, "
               "independent_mainstream = 0, further_education = 0, early_years = 0, other = 0 }\n",
       7, "caseload.by_setting", "adds up to 5 plans, by_age_band to 10"},
      {kHead, 1, "local", "overrides nothing"},
      // The joint table: a row's [[caseload.rows]] on line 5, its keys on lines 6-9.
      {kHead + "[[caseload.rows]]\nage_band = \"5_10\"\nsetting = \"mainstream\"\nneed = \"ADHD\"\nplans = 5\n", 8, "caseload.rows[1].need",
       "\"ADHD\" is not one of SPLD"},
      {kHead + "[[caseload.rows]]\nage_band = \"5-10\"\nsetting = \"mainstream\"\nneed = \"ASD\"\nplans = 5\n", 6, "caseload.rows[1].age_band",
       "is not one of under_5, 5_10"},
      {kHead + "[[caseload.rows]]\nage_band = \"5_10\"\nsetting = \"special\"\nneed = \"ASD\"\nplans = 5\n", 7, "caseload.rows[1].setting",
       "is not one of mainstream"},
      {kHead + "[[caseload.rows]]\nage_band = \"5_10\"\nsetting = \"mainstream\"\nneed = \"ASD\"\nplans = -5\n", 9, "caseload.rows[1].plans",
       "outside"},
      {kHead + "[[caseload.rows]]\nage_band = \"5_10\"\nsetting = \"mainstream\"\nneed = \"ASD\"\nplans = 5.5\n", 9, "caseload.rows[1].plans",
       "whole number"},
      {kHead + "[[caseload.rows]]\nage_band = \"5_10\"\nsetting = \"mainstream\"\nneed = \"ASD\"\nplans = 5\n"
               "[[caseload.rows]]\nage_band = \"5_10\"\nsetting = \"mainstream\"\nneed = \"ASD\"\nplans = 7\n",
       10, "caseload.rows", "repeats the row of line 5"},
      {kHead + "[caseload]\nby_setting = { mainstream = 6, mainstream_unit = 0, state_special = 0, independent_special = 0, "
               "alternative_provision = 0, independent_mainstream = 0, further_education = 0, early_years = 0, other = 0 }\n"
               "[[caseload.rows]]\nage_band = \"5_10\"\nsetting = \"mainstream\"\nneed = \"ASD\"\nplans = 5\n",
       6, "caseload.by_setting.mainstream", "6 plans, the rows 5: a margin given beside the rows must be their sum"},
      {kHead + "[caseload]\nrows_csv = \"x.csv\"\n[[caseload.rows]]\nage_band = \"5_10\"\nsetting = \"mainstream\"\nneed = \"ASD\"\nplans = 5\n",
       6, "caseload.rows_csv", "give the joint table once"},
      {kHead + "[places]\nnew_mainstream_unit = { \"2026\" = 30 }\n", 6, "places.new_mainstream_unit", "without a limit on places"},
      {kHead + "[places]\nmainstream_unit = -1\n", 6, "places.mainstream_unit", "outside"},
  };
  for (const auto& c : cases) {
    const auto e = input_error([&] { parse_local_data(c.text, "bad.toml"); });
    ASSERT_TRUE(e) << c.text;
    EXPECT_EQ(e->file(), "bad.toml");
    EXPECT_EQ(e->line(), c.line) << e->what();
    EXPECT_EQ(e->field(), c.field) << e->what();
    EXPECT_NE(e->message().find(c.says), std::string::npos) << e->what();
  }
}

}  // namespace
}  // namespace sendtwin::data
