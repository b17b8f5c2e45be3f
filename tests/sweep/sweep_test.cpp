// Sweep plans and their work items (src/sweep): the plan file's errors at their line, the items in
// a fixed order, an item's rows the same whoever runs it, and the tables assembled in item order.
#include "sweep/sweep.h"

#include <gtest/gtest.h>

#include "../support/input_error.h"
#include "core/error.h"
#include "data/embedded.h"
#include "data/la_register.h"
#include "data/la_start.h"
#include "data/send_params.h"

namespace sendtwin::sweep {
namespace {

using test_support::error_of;

const std::string kPlan = std::string(SENDTWIN_SOURCE_DIR) + "/scenarios/example-sweep.toml";

TEST(SweepPlan, TheExampleReadsWithItsScenarios) {
  const Plan p = load_plan(kPlan, 2015);
  EXPECT_EQ(p.name, "example");
  ASSERT_EQ(p.scenarios.size(), 2u);
  EXPECT_EQ(p.scenarios[0].name, "nao-inclusion");
  EXPECT_EQ(p.parameter_draws, 2);
  EXPECT_EQ(p.replicates, 2);
  const auto all = items(p);
  ASSERT_EQ(all.size(), 12u);  // (2 scenarios + baseline) x 2 draws x 2 replicates
  EXPECT_EQ(describe(p, all[0]), "scenario baseline, parameter draw 1, replicate 1");
  EXPECT_EQ(describe(p, all[5]), "scenario nao-independent-provision, parameter draw 1, replicate 2");
  EXPECT_EQ(describe(p, all[11]), "scenario nao-independent-provision, parameter draw 2, replicate 2");
}

TEST(SweepPlan, EachWayAPlanCanBeWrong_IsAnErrorAtItsLine) {
  EXPECT_EQ(error_of([] { parse_plan("[sweep]\nname = \"x\"\ndescription = \"d\"\ncolour = 1\n", "p.toml"); }),
            "p.toml:4: sweep.colour: not a known key (known: name, description, scenarios, parameter_draws, replicates, seed, scale, to)");
  EXPECT_EQ(error_of([] { parse_plan("[sweep]\nname = \"x\"\ndescription = \"d\"\nscale = 2\n", "p.toml"); }),
            "p.toml:4: sweep.scale: must be a number in [0.0001, 1]: the share of England's children simulated");
  EXPECT_EQ(error_of([] { parse_plan("[sweep]\nname = \"x\"\ndescription = \"d\"\nscenarios = [\"nope.toml\"]\n", "p.toml"); }),
            "p.toml:4: sweep.scenarios: nope.toml: no such file");
  EXPECT_EQ(error_of([] { parse_plan("[sweep]\ndescription = \"d\"\n", "p.toml"); }), "p.toml:1: sweep.name: must be a non-empty string");
  EXPECT_EQ(error_of([] { parse_plan("[other]\n", "p.toml"); }), "p.toml:1: other: not a known key (known: sweep)");
  EXPECT_EQ(error_of([] { parse_plan("# nothing\n", "p.toml"); }), "p.toml:1: sweep: missing: a [sweep] section");
}

// Issue 15: a misspelt key is refused with the nearest known name, and every field has a range.
TEST(SweepPlan, AMisspeltKey_GetsTheNearestName) {
  EXPECT_EQ(error_of([] { parse_plan("[sweep]\nname = \"x\"\ndescription = \"d\"\nreplicate = 2\n", "p.toml"); }),
            "p.toml:4: sweep.replicate: not a known key (did you mean replicates?)");
  EXPECT_EQ(error_of([] { parse_plan("[swep]\nname = \"x\"\n", "p.toml"); }), "p.toml:1: swep: not a known key (did you mean sweep?)");
  EXPECT_EQ(error_of([] { parse_plan("[sweep]\nname = \"x\"\ndescription = \"d\"\nparameter_draw = 2\nsed = 3\n", "p.toml"); }),
            "p.toml:4: sweep.parameter_draw: not a known key (did you mean parameter_draws?)");
}

TEST(SweepPlan, EveryFieldHasAPlausibleRange) {
  const std::string head = "[sweep]\nname = \"x\"\ndescription = \"d\"\n";
  auto error = [&](const std::string& rest) { return error_of([&] { parse_plan(head + rest, "p.toml"); }); };
  EXPECT_EQ(error("scale = 1e-9\n"), "p.toml:4: sweep.scale: must be a number in [0.0001, 1]: the share of England's children simulated");
  EXPECT_EQ(error("scale = nan\n"), "p.toml:4: sweep.scale: must be a number in [0.0001, 1]: the share of England's children simulated");
  EXPECT_EQ(error("to = 9999\n"), "p.toml:4: sweep.to: must be a whole number in [2016, 2080]: the last year simulated, within the model's span");
  EXPECT_EQ(error("replicates = inf\n"), "p.toml:4: sweep.replicates: must be a whole number in [1, 1000]: Monte Carlo replicates of each draw");
  EXPECT_EQ(error("seed = -1\n"), "p.toml:4: sweep.seed: must be a whole number in [0, 9007199254740992]: a seed TOML holds exactly (2^53)");
  EXPECT_EQ(error("parameter_draws = 1000\nreplicates = 1000\n"),
            "p.toml:1: sweep: 1000000 runs (draws x replicates x scenarios with the baseline): at most 100000");
}

TEST(SweepPlan, ScenariosAreReadWithTheLoaderGiven) {
  std::vector<std::string> asked;
  const auto loader = [&](const std::string& path) {
    asked.push_back(path);
    scenario::Scenario s;
    s.name = "s" + std::to_string(asked.size());
    return s;
  };
  const Plan p = parse_plan("[sweep]\nname = \"x\"\ndescription = \"d\"\nscenarios = [\"nao-inclusion.toml\", \"null.toml\"]\n",
                            std::string(SENDTWIN_SOURCE_DIR) + "/scenarios/p.toml", loader);
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(asked[1], std::string(SENDTWIN_SOURCE_DIR) + "/scenarios/null.toml");
  EXPECT_EQ(p.scenarios[1].name, "s2");
}

TEST(SweepItems, AnItemsRows_AreTheSameWhoeverRunsIt_AndTheTablesFollowItemOrder) {
  Plan p = load_plan(kPlan, 2015);
  p.scale = 0.01;
  p.to = 2026;
  p.parameter_draws = 1;
  p.scenarios.resize(1);
  pipeline::RunPlan spec;
  spec.start_year = 2015;
  spec.send = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  spec.money = data::parse_finance_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  spec.areas = data::starts_in(data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName), 2015);
  spec.funding = data::parse_la_funding(data::embedded_la_funding(), data::kEmbeddedFundingName);
  static const auto reg = data::LaRegister::parse(data::embedded_la_register(), data::kEmbeddedRegisterName);
  spec.la_register = &reg;
  spec.threads = 2;
  const auto all = items(p);
  ASSERT_EQ(all.size(), 4u);
  std::vector<std::string> rows;
  for (const auto& item : all) rows.push_back(run_item(p, item, spec));
  spec.threads = 1;
  EXPECT_EQ(run_item(p, all[3], spec), rows[3]);  // thread count does not matter
  EXPECT_NE(rows[0], rows[2]);                     // replicates differ
  EXPECT_NE(rows[2].find(",baseline,2\n"), std::string::npos);
  const auto tables = assemble(p, rows);
  // Scenario by scenario: the baseline's two replicates, then the scenario's.
  EXPECT_EQ(tables.figures_csv, "measure,geography,code,period,value,unit,scenario,replicate\n" + rows[0] + rows[2] + rows[1] + rows[3]);
  EXPECT_NE(tables.differences_csv.find("nao-inclusion"), std::string::npos);
  EXPECT_THROW(assemble(p, {rows[0]}), std::invalid_argument);
}

}  // namespace
}  // namespace sendtwin::sweep
