#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/error.h"
#include "data/toml_input.h"
#include "sweep/sweep.h"

namespace sendtwin::sweep {

namespace {

using data::line_of;

// Items (runs) a plan may ask for: at scale 0.02 a run takes about a second, so this is a day of
// one machine's work; more is a typing mistake rather than a plan.
constexpr long long kMaxItems = 100000;

}  // namespace

Plan parse_plan(std::string_view text, const std::string& file, const ScenarioLoader& load) {
  const toml::table root = data::parse_toml(text, file);
  data::refuse_unknown_keys(root, "", {"sweep"}, file);
  const toml::table* t = root.get_as<toml::table>("sweep");
  if (!t) {
    const toml::node* n = root.get("sweep");
    throw InputError(file, n ? line_of(*n) : 1, "sweep", n ? "must be a table: a [sweep] section" : "missing: a [sweep] section");
  }
  data::refuse_unknown_keys(*t, "sweep", {"name", "description", "scenarios", "parameter_draws", "replicates", "seed", "scale", "to"},
                            file);
  Plan p;
  p.file = file;
  const int head = line_of(*t);
  auto text_of = [&](const char* key) {
    const toml::node* n = t->get(key);
    const auto v = n ? n->value<std::string>() : std::nullopt;
    if (!v || v->empty()) throw InputError(file, n ? line_of(*n) : head, std::string("sweep.") + key, "must be a non-empty string");
    return *v;
  };
  // A whole number in [lo, hi], `why` saying what bounds it.
  auto whole = [&](const char* key, long long lo, long long hi, long long fallback, const char* why) {
    const toml::node* n = t->get(key);
    if (!n) return fallback;
    const auto v = n->value<double>();
    if (!v || *v != std::floor(*v) || *v < static_cast<double>(lo) || *v > static_cast<double>(hi)) {
      std::ostringstream msg;
      msg << "must be a whole number in [" << lo << ", " << hi << "]: " << why;
      throw InputError(file, line_of(*n), std::string("sweep.") + key, msg.str());
    }
    return static_cast<long long>(*v);
  };
  p.name = text_of("name");
  p.description = text_of("description");
  p.parameter_draws = static_cast<int>(whole("parameter_draws", 1, 1000, 1, "draws of the uncertain parameters"));
  p.replicates = static_cast<int>(whole("replicates", 1, 1000, 1, "Monte Carlo replicates of each draw"));
  p.seed = static_cast<std::uint64_t>(whole("seed", 0, 1LL << 53, 1, "a seed TOML holds exactly (2^53)"));
  p.to = static_cast<int>(whole("to", 2016, 2080, 2030, "the last year simulated, within the model's span"));
  if (const toml::node* n = t->get("scale")) {
    const auto v = n->value<double>();
    // Below 1/10,000 of England (840 pupils) the runs hold too few children to mean anything.
    if (!v || !(*v >= 1e-4 && *v <= 1))
      throw InputError(file, line_of(*n), "sweep.scale", "must be a number in [0.0001, 1]: the share of England's children simulated");
    p.scale = *v;
  }
  const toml::array* list = t->get_as<toml::array>("scenarios");
  if (t->get("scenarios") && !list) throw InputError(file, line_of(*t->get("scenarios")), "sweep.scenarios", "must be an array of file names");
  if (list && list->size() > 100) throw InputError(file, line_of(*list), "sweep.scenarios", "must name at most 100 scenarios");
  const long long runs = static_cast<long long>(p.parameter_draws) * p.replicates * (list ? static_cast<long long>(list->size()) + 1 : 1);
  if (runs > kMaxItems)
    throw InputError(file, head, "sweep", std::to_string(runs) + " runs (draws x replicates x scenarios with the baseline): at most " +
                                              std::to_string(kMaxItems));
  const std::filesystem::path dir = std::filesystem::path(file).parent_path();
  if (list)
    for (const auto& node : *list) {
      const auto name = node.value<std::string>();
      if (!name) throw InputError(file, line_of(node), "sweep.scenarios", "must hold file names (strings)");
      const std::filesystem::path path = dir / *name;
      std::error_code error;
      if (!std::filesystem::is_regular_file(path, error))
        throw InputError(file, line_of(node), "sweep.scenarios", path.string() + ": no such file");
      p.scenarios.push_back(load(path.string()));
      for (std::size_t k = 0; k + 1 < p.scenarios.size(); ++k)
        if (p.scenarios[k].name == p.scenarios.back().name)
          throw InputError(file, line_of(node), "sweep.scenarios", "two scenarios are named \"" + p.scenarios[k].name + "\"");
    }
  return p;
}

}  // namespace sendtwin::sweep
