#include "sweep/sweep.h"

#include <sstream>

#include "core/error.h"
#include "data/csv.h"
#include "io/input_file.h"
#include "model/send/send_run.h"

namespace sendtwin::sweep {

// Here rather than in plan.cpp, which builds without the embedded data (the fuzz target).
Plan load_plan(const std::string& path, int start_year) {
  return parse_plan(io::read_text_file(path), path, [start_year](const std::string& p) { return scenario::load_scenario(p, start_year); });
}

std::vector<Item> items(const Plan& plan) {
  std::vector<Item> out;
  for (int d = 0; d < plan.parameter_draws; ++d)
    for (int r = 0; r < plan.replicates; ++r)
      for (int s = 0; s <= static_cast<int>(plan.scenarios.size()); ++s) out.push_back({s, d, r});
  return out;
}

std::string describe(const Plan& plan, const Item& item) {
  return "scenario " + (item.scenario == 0 ? std::string("baseline") : plan.scenarios[static_cast<std::size_t>(item.scenario - 1)].name) +
         ", parameter draw " + std::to_string(item.draw + 1) + ", replicate " + std::to_string(item.replicate + 1);
}

std::string run_item(const Plan& plan, const Item& item, const pipeline::RunPlan& base) {
  pipeline::RunPlan spec = base;
  spec.seed = plan.seed;
  spec.scale = plan.scale;
  spec.last_year = plan.to;
  const scenario::Scenario* chosen = item.scenario == 0 ? nullptr : &plan.scenarios[static_cast<std::size_t>(item.scenario - 1)];
  pipeline::ScenarioResults one;
  one.names = {chosen ? chosen->name : "baseline"};
  // The draw's parameters come from its own address, shared by every scenario and replicate of it.
  one.figures = {{pipeline::one_run(chosen, item.draw, item.replicate, spec)}};
  // The tidy rows without their header, the replicate numbered across draws.
  std::string csv = report::scenario_figures_csv(one);
  csv.erase(0, csv.find('\n') + 1);
  const std::string wanted = "," + std::to_string(item.draw * plan.replicates + item.replicate + 1) + "\n";
  std::string out;
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) out += line.substr(0, line.rfind(',')) + wanted;
  return out;
}

Tables assemble(const Plan& plan, const std::vector<std::string>& rows_by_item) {
  const auto all = items(plan);
  if (rows_by_item.size() != all.size()) throw std::invalid_argument("assemble: one block of rows per item");
  Tables t;
  t.figures_csv = "measure,geography,code,period,value,unit,scenario,replicate\n";
  // Scenario by scenario, then replicate by replicate (the single-process scenario command's order).
  pipeline::ScenarioResults results;
  results.names.push_back("baseline");
  for (const auto& s : plan.scenarios) results.names.push_back(s.name);
  results.figures.assign(results.names.size(), std::vector<std::vector<pipeline::Figure>>(all.size() / results.names.size()));
  for (std::size_t s = 0; s < results.names.size(); ++s)
    for (std::size_t k = 0; k < all.size(); ++k) {
      if (static_cast<std::size_t>(all[k].scenario) != s) continue;
      t.figures_csv += rows_by_item[k];
      const auto table = data::CsvTable::parse("measure,geography,code,period,value,unit,scenario,replicate\n" + rows_by_item[k], "item");
      auto& figures = results.figures[s][static_cast<std::size_t>(all[k].draw * plan.replicates + all[k].replicate)];
      for (std::size_t r = 0; r < table.rows(); ++r)
        figures.push_back({std::string(table.cell(r, 0)), std::string(table.cell(r, 3)), std::string(table.cell(r, 5)),
                           std::stod(std::string(table.cell(r, 4)))});
    }
  t.differences_csv = report::differences_csv(report::differences(results));
  return t;
}

}  // namespace sendtwin::sweep
