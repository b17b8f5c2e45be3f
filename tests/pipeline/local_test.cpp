// An LA's own figures applied to a run plan (pipeline/local.h): each lands on that LA alone and is
// listed with the figure it replaced; what cannot hold against the run is refused at its line.
#include "pipeline/local.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "../support/input_error.h"
#include "data/embedded.h"
#include "data/la_register.h"
#include "data/la_start.h"
#include "data/send_params.h"
#include "model/send/area.h"

namespace sendtwin::pipeline {
namespace {

using test_support::input_error;

const data::LaRegister& reg() {
  static const auto r = data::LaRegister::parse(data::embedded_la_register(), data::kEmbeddedRegisterName);
  return r;
}

// Every LA of January 2025, to 2030 (no run: apply_local works before any).
RunPlan plan_2025() {
  RunPlan p;
  p.start_year = 2025;
  p.last_year = 2030;
  p.send = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  p.money = data::parse_finance_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  const auto all = data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName);
  p.areas = data::starts_in(all, 2025);
  std::copy_if(all.begin(), all.end(), std::back_inserter(p.history), [](const model::AreaStart& a) { return a.year < 2025; });
  p.funding = data::parse_la_funding(data::embedded_la_funding(), data::kEmbeddedFundingName);
  p.la_register = &reg();
  return p;
}

const model::AreaStart& area(const RunPlan& p, const std::string& code) {
  return *std::find_if(p.areas.begin(), p.areas.end(), [&](const model::AreaStart& a) { return a.code == code; });
}

std::string head(const std::string& code = "886", int year = 2025) {
  return "[local]\nla = \"" + code + "\"\nsource = \"test\"\nyear = " + std::to_string(year) + "\n";  // lines 1-4
}

constexpr auto kIndependent = static_cast<std::size_t>(Setting::IndependentSpecial);
constexpr auto kMainstream = static_cast<std::size_t>(Setting::Mainstream);

TEST(LocalApply, TheCaseload_ReplacesTheLasStart_AndMovesEnglandsByTheSame) {
  RunPlan p = plan_2025();
  const model::AreaStart kent = area(p, "886"), other = area(p, "887");
  const double england_independent = p.send.stock.by_setting[kIndependent];
  const auto d = data::parse_local_data(head() + "[caseload]\nby_setting = { mainstream = " + std::to_string(static_cast<int>(kent.plans_by_setting[kMainstream]) - 100) +
                                            ", mainstream_unit = 1075, state_special = 6427, independent_special = " +
                                            std::to_string(static_cast<int>(kent.plans_by_setting[kIndependent]) + 100) +
                                            ", alternative_provision = 19, independent_mainstream = 153, further_education = 2952, "
                                            "early_years = 66, other = 2096 }\n",
                                        "t.toml");
  const auto overrides = apply_local(d, p);
  EXPECT_EQ(area(p, "886").plans_by_setting[kIndependent], kent.plans_by_setting[kIndependent] + 100);
  EXPECT_EQ(area(p, "886").plans_by_age_band, kent.plans_by_age_band);  // the same total: the ages as published
  EXPECT_EQ(area(p, "887").plans_by_setting, other.plans_by_setting);
  EXPECT_EQ(p.send.stock.by_setting[kIndependent], england_independent + 100);
  ASSERT_EQ(overrides.size(), 2u) << "only the two settings that changed are listed";
  EXPECT_EQ(overrides[0].field, "caseload.by_setting.mainstream");
  EXPECT_EQ(overrides[1].field, "caseload.by_setting.independent_special");
  EXPECT_EQ(overrides[1].value, std::to_string(static_cast<int>(kent.plans_by_setting[kIndependent]) + 100));
}

TEST(LocalApply, PlacesAndCosts_AreTheLasAlone_EachListedWithWhatItReplaced) {
  RunPlan p = plan_2025();
  const double fee = p.money.top_up[kIndependent];
  const auto d = data::parse_local_data(head() + "[places]\nstate_special = 6600\nnew_special = { \"2026\" = 120 }\n"
                                                 "[costs]\nfee = { independent_special = 70000 }\n",
                                        "t.toml");
  const auto overrides = apply_local(d, p);
  EXPECT_EQ(area(p, "886").special_places, 6600);
  EXPECT_TRUE(std::isnan(area(p, "887").special_places));
  EXPECT_EQ(p.send.added_places_by_la.at("886").amount_at(2026, 0), 120);
  EXPECT_EQ(p.send.added_places_by_la.at("886").amount_at(2027, 0), 0);
  EXPECT_EQ(*p.money.local.at("886").top_up[kIndependent], 70000);
  EXPECT_EQ(p.money.top_up[kIndependent], fee);  // England's stays
  ASSERT_EQ(overrides.size(), 3u);
  EXPECT_EQ(overrides[2].field, "costs.fee.independent_special");
  EXPECT_EQ(overrides[2].replaced, std::to_string(static_cast<long>(fee)));
  EXPECT_EQ(overrides[2].value, "70000");
  EXPECT_EQ(overrides[2].source, "test");
}

// The growth of the independent special places the LA commissions replaces the line a start's fit
// gives it (model::AreaStart::independent_place_growth), for that LA alone, and is listed.
TEST(LocalApply, TheIndependentPlacesGrowth_ReplacesTheLasLine_AndIsListed) {
  RunPlan p = plan_2025();
  for (auto& a : p.areas)
    if (a.code == "886") a.independent_place_growth = 0.08;  // as a start's fit sets it
  const auto overrides = apply_local(data::parse_local_data(head() + "[places]\nindependent_growth = 0.03\n", "t.toml"), p);
  EXPECT_EQ(area(p, "886").independent_place_growth, 0.03);
  EXPECT_TRUE(std::isnan(area(p, "887").independent_place_growth));
  ASSERT_EQ(overrides.size(), 1u);
  EXPECT_EQ(overrides[0].field, "places.independent_growth");
  EXPECT_EQ(overrides[0].replaced, "0.08");
  EXPECT_EQ(overrides[0].value, "0.03");
}

struct Bad {
  std::string text;
  int line;
  std::string field, says;
};

TEST(LocalApply, AJointTable_IsTheStartsTable_ItsSumsTheMargins_EachSettingItsNeeds) {
  RunPlan p = plan_2025();
  const model::AreaStart kent = area(p, "886");
  const double england_special = p.send.stock.by_setting[static_cast<std::size_t>(Setting::StateSpecial)];
  // Kent's plans, all ASD in mainstream at 5-10 but 5,000 with SLD in state special at 11-15.
  const auto d = data::parse_local_data(head() +
                                            "[[caseload.rows]]\nage_band = \"5_10\"\nsetting = \"mainstream\"\nneed = \"ASD\"\nplans = 15000\n"
                                            "[[caseload.rows]]\nage_band = \"11_15\"\nsetting = \"state_special\"\nneed = \"SLD\"\nplans = 5000\n",
                                        "t.toml");
  const auto overrides = apply_local(d, p);
  const model::AreaStart& now = area(p, "886");
  ASSERT_EQ(now.plans_by_band_and_setting.size(), static_cast<std::size_t>(model::kAgeBandCount * kSettingCount));
  EXPECT_EQ(now.plans_by_band_and_setting[1 * kSettingCount + kMainstream], 15000);
  EXPECT_EQ(now.plans_by_band_and_setting[2 * kSettingCount + static_cast<std::size_t>(Setting::StateSpecial)], 5000);
  EXPECT_EQ(now.plans(), 20000);
  EXPECT_EQ(now.plans_by_age_band[1], 15000);
  EXPECT_EQ(now.plans_by_setting[kMainstream], 15000);
  EXPECT_EQ(now.needs_by_setting[static_cast<std::size_t>(Setting::StateSpecial)][static_cast<std::size_t>(NeedType::SLD)], 5000);
  EXPECT_DOUBLE_EQ(now.need_shares[static_cast<std::size_t>(NeedType::ASD)], 0.75);
  EXPECT_EQ(p.send.stock.by_setting[static_cast<std::size_t>(Setting::StateSpecial)],
            england_special - kent.plans_by_setting[static_cast<std::size_t>(Setting::StateSpecial)] + 5000);
  // The model's parameters for Kent carry the table and the needs by setting.
  const auto params = model::area_params(p.send, now);
  EXPECT_EQ(params.stock.by_band_and_setting, now.plans_by_band_and_setting);
  EXPECT_EQ(params.stock.need_shares_by_setting[kMainstream][static_cast<std::size_t>(NeedType::ASD)], 15000);
  ASSERT_FALSE(overrides.empty());
  EXPECT_EQ(overrides.back().field, "caseload.rows");
  EXPECT_EQ(overrides.back().value, "20000 in 2 cells, needs by setting (not by age)");
  EXPECT_TRUE(std::any_of(overrides.begin(), overrides.end(), [&](const Override& o) {
    return o.field == "caseload.rows.by_setting.state_special" && o.value == "5000";
  }));
}

TEST(LocalApply, UnitPlaces_AreListed_AsReportedOnly) {
  RunPlan p = plan_2025();
  const auto before = p.send.added_places_by_la;
  const auto overrides = apply_local(data::parse_local_data(head() + "[places]\nmainstream_unit = 1130\n", "t.toml"), p);
  ASSERT_EQ(overrides.size(), 1u);
  EXPECT_EQ(overrides[0].field, "places.mainstream_unit");
  EXPECT_EQ(overrides[0].value, "1130");
  EXPECT_NE(overrides[0].unit.find("reported only"), std::string::npos);
  EXPECT_TRUE(std::isnan(area(p, "886").special_places));  // no state special places change
  EXPECT_EQ(p.send.added_places_by_la.size(), before.size());
}

// The notional SEN budget an LA gives is its own money, listed as replacing no figure of the run,
// with nothing else of its money set: its ledger costs, allocations and balances stay England's.
TEST(LocalApply, ANotionalSenBudget_IsListed_AndSetsNoOtherMoney) {
  RunPlan p = plan_2025();
  const auto overrides =
      apply_local(data::parse_local_data(head() + "[money]\nnotional_sen_budget = { \"2025-26\" = 95e6 }\n", "t.toml"), p);
  EXPECT_TRUE(overrides.empty());  // the money's are listed after the run (money_overrides)
  ASSERT_EQ(p.money.local.count("886"), 1u);
  const finance::LocalMoney& own = p.money.local.at("886");
  EXPECT_EQ(own.notional_sen_budget, (std::map<int, double>{{2025, 95e6}}));
  EXPECT_TRUE(own.allocation.empty());
  EXPECT_FALSE(own.balance_year);
  for (int s = 0; s < kSettingCount; ++s) EXPECT_FALSE(own.place[s] || own.top_up[s]);
  const auto listed = money_overrides(data::parse_local_data(head() + "[money]\nnotional_sen_budget = { \"2025-26\" = 95e6 }\n", "t.toml"),
                                      RunResult{});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].field, "money.notional_sen_budget.2025-26");
  EXPECT_EQ(listed[0].value, "95000000");
  EXPECT_EQ(listed[0].replaced, "");
}

TEST(LocalApply, WhatCannotHoldAgainstTheRun_IsRefusedAtItsLine) {
  const std::string ages = "[caseload]\nby_age_band = { under_5 = 664, 5_10 = 6392, 11_15 = 8174, 16_19 = 4633, 20_25 = 772 }\n";
  const std::vector<Bad> cases = {
      {head("999") + "[places]\ngrowth = 0\n", 1, "local.la", "not an LA"},
      {head("886", 2026) + ages, 1, "local.year", "the run starts from January 2025"},
      {head() + "[caseload]\nby_age_band = { under_5 = 1000, 5_10 = 12000, 11_15 = 25000, 16_19 = 9000, 20_25 = 2000 }\n", 6,
       "caseload.by_age_band", "more than 2 times"},
      {head() + "[caseload]\nby_age_band = { under_5 = 20000, 5_10 = 300, 11_15 = 300, 16_19 = 30, 20_25 = 5 }\n"
                "by_setting = { mainstream = 6224, mainstream_unit = 1075, state_special = 6427, independent_special = 1623, "
                "alternative_provision = 19, independent_mainstream = 153, further_education = 2952, early_years = 66, other = 2096 }\n",
       6, "caseload.by_age_band", "cannot be one table"},
      {head() + "[places]\nstate_special = 60000\n", 6, "places.state_special", "more than 3 times"},
      {head() + "[places]\nnew_special = { \"2031\" = 10 }\n", 6, "places.new_special.2031", "outside the run"},
      {head("420") + "[places]\nindependent_growth = 0.05\n", 6, "places.independent_growth", "no plans in independent special schools"},
      {head() + "[costs]\ntop_up = { state_special = 900000 }\n", 6, "costs.top_up.state_special", "more than 5 times"},
      {head() + "[costs]\nfee = { independent_special = 600000 }\n", 6, "costs.fee.independent_special", "more than 5 times"},
      {head() + "[money]\nallocation = { \"2030-31\" = 3e8 }\n", 6, "money.allocation.2030-31", "outside the ledger's years"},
      {head() + "[money]\nallocation = { \"2026-27\" = 3e9 }\n", 6, "money.allocation.2026-27", "more than 3 times"},
      {head() + "[money]\nclosing_balance = { \"2026-27\" = -1e8 }\n", 6, "money.closing_balance.2026-27", "31 March 2026 at the latest"},
      {head("838") + "[money]\nallocation = { \"2026-27\" = 1e8 }\n", 6, "money", "shares one DSG ledger"},
      {head("838") + "[money]\nnotional_sen_budget = { \"2025-26\" = 1e7 }\n", 6, "money", "shares one DSG ledger"},
      {head() + "[money]\nnotional_sen_budget = { \"2031-32\" = 6e7 }\n", 6, "money.notional_sen_budget.2031-32", "outside the ledger's years"},
      {head("202") + "[money]\nnotional_sen_budget = { \"2025-26\" = 9e8 }\n", 6, "money.notional_sen_budget.2025-26", "whole schools block"},
      // A joint table: a plan where the model cannot start one, and a table far from SEN2's plans.
      {head() + "[[caseload.rows]]\nage_band = \"11_15\"\nsetting = \"early_years\"\nneed = \"ASD\"\nplans = 20000\n", 5, "caseload.rows",
       "cannot start a plan there"},
      {head() + "[[caseload.rows]]\nage_band = \"11_15\"\nsetting = \"mainstream\"\nneed = \"ASD\"\nplans = 200\n", 5, "caseload.rows",
       "more than 2 times"},
  };
  for (const auto& c : cases) {
    RunPlan p = plan_2025();
    const auto e = input_error([&] { apply_local(data::parse_local_data(c.text, "bad.toml"), p); });
    ASSERT_TRUE(e) << c.text;
    EXPECT_EQ(e->line(), c.line) << e->what();
    EXPECT_EQ(e->field(), c.field) << e->what();
    EXPECT_NE(e->message().find(c.says), std::string::npos) << e->what();
  }
}

}  // namespace
}  // namespace sendtwin::pipeline
