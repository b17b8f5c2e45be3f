// Sweeps (issue 10): a plan of scenarios x parameter draws x replicates, each combination one run
// (a work item), split across processes (MPI ranks) and reduced to the same tidy tables as a
// single-process run. Item k goes to rank k mod K; rank 0 puts the items' figures back in item
// order, so the outputs are byte-identical for any number of ranks and threads.
//
//   [sweep]
//   name = "example"
//   description = "what it explores"
//   scenarios = ["nao-inclusion.toml", "special-places.toml"]   # relative to the plan; the baseline is always run
//   parameter_draws = 2     # draws of the uncertain parameters (scenario::draw_parameters), shared by the scenarios
//   replicates = 2          # Monte Carlo replicates of each draw
//   seed = 1
//   scale = 0.02
//   to = 2030
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "report/scenario_report.h"
#include "pipeline/scenarios.h"

namespace sendtwin::sweep {

struct Plan {
  std::string name, description, file;
  std::vector<scenario::Scenario> scenarios;  // without the baseline
  int parameter_draws = 1;
  int replicates = 1;
  std::uint64_t seed = 1;
  double scale = 0.02;
  int to = 2030;
};
// Reads a plan (src/sweep/plan.cpp): a key it does not know is refused with the nearest known
// name, every field is checked against its range, and each scenario file is read with `load`.
using ScenarioLoader = std::function<scenario::Scenario(const std::string& path)>;
Plan parse_plan(std::string_view text, const std::string& file, const ScenarioLoader& load = scenario::read_scenario);
// A plan file for a run from `start_year`: its scenarios' LAs are checked against that January's.
Plan load_plan(const std::string& path, int start_year);

// One run: scenario s (0: the baseline), parameter draw d, replicate r.
struct Item {
  int scenario = 0, draw = 0, replicate = 0;
};
std::vector<Item> items(const Plan& plan);
std::string describe(const Plan& plan, const Item& item);

// The figures of one item, as tidy CSV rows without a header (scenario name; replicate number
// draw * replicates + replicate + 1).
std::string run_item(const Plan& plan, const Item& item, const pipeline::RunPlan& spec);

// The tables of a sweep from every item's rows in item order: scenarios.csv and differences.csv.
struct Tables {
  std::string figures_csv, differences_csv;
};
Tables assemble(const Plan& plan, const std::vector<std::string>& rows_by_item);

}  // namespace sendtwin::sweep
