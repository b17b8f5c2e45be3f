#include "sweep/sweep.h"

#include <cmath>
#include <filesystem>
#include <sstream>
#include <toml++/toml.h>

#include "core/error.h"
#include "data/csv.h"
#include "model/send/send_run.h"

namespace sendtwin::sweep {

namespace {

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

}  // namespace

Plan parse_plan(std::string_view text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw InputError(file, static_cast<int>(e.source().begin.line), "", std::string(e.description()));
  }
  const toml::table* t = root.get_as<toml::table>("sweep");
  if (!t) throw InputError(file, 1, "sweep", "missing: a [sweep] section");
  for (const auto& [key, node] : root)
    if (key.str() != "sweep") throw InputError(file, line_of(node), std::string(key.str()), "is not a section of a sweep plan ([sweep])");
  Plan p;
  p.file = file;
  const int head = line_of(*t);
  auto text_of = [&](const char* key) {
    const toml::node* n = t->get(key);
    const auto v = n ? n->value<std::string>() : std::nullopt;
    if (!v || v->empty()) throw InputError(file, n ? line_of(*n) : head, std::string("sweep.") + key, "must be a non-empty string");
    return *v;
  };
  auto whole = [&](const char* key, long long lo, long long hi, long long fallback) {
    const toml::node* n = t->get(key);
    if (!n) return fallback;
    const auto v = n->value<double>();
    if (!v || *v != std::floor(*v) || *v < static_cast<double>(lo) || *v > static_cast<double>(hi)) {
      std::ostringstream msg;
      msg << "must be a whole number in [" << lo << ", " << hi << "]";
      throw InputError(file, line_of(*n), std::string("sweep.") + key, msg.str());
    }
    return static_cast<long long>(*v);
  };
  for (const auto& [key, node] : *t) {
    const std::string k(key.str());
    if (k != "name" && k != "description" && k != "scenarios" && k != "parameter_draws" && k != "replicates" && k != "seed" &&
        k != "scale" && k != "to")
      throw InputError(file, line_of(node), "sweep." + k,
                       "is not a field of [sweep] (name, description, scenarios, parameter_draws, replicates, seed, scale, to)");
  }
  p.name = text_of("name");
  p.description = text_of("description");
  p.parameter_draws = static_cast<int>(whole("parameter_draws", 1, 1000, 1));
  p.replicates = static_cast<int>(whole("replicates", 1, 1000, 1));
  p.seed = static_cast<std::uint64_t>(whole("seed", 0, 1LL << 53, 1));
  p.to = static_cast<int>(whole("to", 2016, 2080, 2030));
  if (const toml::node* n = t->get("scale")) {
    const auto v = n->value<double>();
    if (!v || !(*v > 0 && *v <= 1)) throw InputError(file, line_of(*n), "sweep.scale", "must be a number in (0, 1]");
    p.scale = *v;
  }
  const toml::array* list = t->get_as<toml::array>("scenarios");
  if (t->get("scenarios") && !list) throw InputError(file, line_of(*t->get("scenarios")), "sweep.scenarios", "must be an array of file names");
  const std::filesystem::path dir = std::filesystem::path(file).parent_path();
  if (list)
    for (const auto& node : *list) {
      const auto name = node.value<std::string>();
      if (!name) throw InputError(file, line_of(node), "sweep.scenarios", "must hold file names (strings)");
      const std::filesystem::path path = dir / *name;
      if (!std::filesystem::exists(path)) throw InputError(file, line_of(node), "sweep.scenarios", path.string() + ": no such file");
      p.scenarios.push_back(scenario::load_scenario(path.string()));
      for (std::size_t k = 0; k + 1 < p.scenarios.size(); ++k)
        if (p.scenarios[k].name == p.scenarios.back().name)
          throw InputError(file, line_of(node), "sweep.scenarios", "two scenarios are named \"" + p.scenarios[k].name + "\"");
    }
  return p;
}

Plan load_plan(const std::string& path) { return parse_plan(data::read_text_file(path), path); }

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

std::string run_item(const Plan& plan, const Item& item, const scenario::RunSpec& base) {
  scenario::RunSpec spec = base;
  spec.seed = plan.seed;
  spec.scale = plan.scale;
  spec.last_year = plan.to;
  const scenario::Scenario* chosen = item.scenario == 0 ? nullptr : &plan.scenarios[static_cast<std::size_t>(item.scenario - 1)];
  report::ScenarioResults one;
  one.names = {chosen ? chosen->name : "baseline"};
  // The draw's parameters come from its own address, shared by every scenario and replicate of it.
  one.figures = {{scenario::one_run(chosen, item.draw, item.replicate, spec)}};
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
  report::ScenarioResults results;
  results.names.push_back("baseline");
  for (const auto& s : plan.scenarios) results.names.push_back(s.name);
  results.figures.assign(results.names.size(), std::vector<std::vector<report::Figure>>(all.size() / results.names.size()));
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
