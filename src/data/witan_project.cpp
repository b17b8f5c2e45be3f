#include "data/witan_project.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <cstdlib>
#include <set>

#include "core/error.h"
#include "data/known_names.h"

namespace sendtwin::data {

using model::witan::kNonSend;
using model::witan::WitanConfig;
using model::witan::WitanCost;
using model::witan::WitanPopulation;
using model::witan::WitanProject;
using model::witan::WitanScenario;
using model::witan::WitanSettingChange;
using model::witan::WitanTransition;
using model::witan::WitanTransitionChange;
using model::witan::WitanTransitionFilter;
using model::witan::WitanValidState;

namespace {

namespace fs = std::filesystem;

// --- The configuration --------------------------------------------------------------------------

class ConfigReader {
 public:
  ConfigReader(const EdnValue& root, std::string path) : root_(root), path_(std::move(path)) {}

  [[noreturn]] void fail(const EdnValue& at, const std::string& field, const std::string& message) const {
    throw InputError(path_, at.line, field, message);
  }

  // Follows aero's #ref [:a :b ...] (a path of keys from the root) to the value it names.
  const EdnValue& resolve(const EdnValue& v, const std::string& field, int depth = 0) const {
    if (v.kind != EdnValue::Kind::Tagged) return v;
    if (v.text != "ref") fail(v, field, "unknown tag #" + v.text + " (only #ref is understood)");
    if (depth > 16) fail(v, field, "#ref refers to itself");
    const EdnValue& path = v.items.at(0);
    if (path.kind != EdnValue::Kind::Vector || path.items.empty())
      fail(v, field, "#ref needs a vector of keywords, such as #ref [:file-inputs :population]");
    const EdnValue* at = &root_;
    for (const auto& key : path.items) {
      if (key.kind != EdnValue::Kind::Keyword) fail(key, field, "#ref needs keywords, found " + key.to_string());
      const EdnValue* next = at->find(key.text);
      if (next == nullptr) fail(v, field, "#ref " + path.to_string() + " names nothing in the configuration");
      at = &resolve(*next, field, depth + 1);
    }
    return *at;
  }

  const EdnValue& map_at(const EdnValue& parent, const std::string& key, const std::string& field) const {
    const EdnValue* v = parent.find(key);
    if (v == nullptr) fail(parent, field, "missing key :" + key);
    const EdnValue& r = resolve(*v, field);
    if (r.kind != EdnValue::Kind::Map) fail(r, field, "expected a map, found " + describe(r.kind));
    return r;
  }

  std::string path_at(const EdnValue& parent, const std::string& key, const std::string& field) const {
    const EdnValue* v = parent.find(key);
    if (v == nullptr) fail(parent, field, "missing key :" + key);
    const EdnValue& r = resolve(*v, field);
    if (r.kind != EdnValue::Kind::String || r.text.empty())
      fail(r, field, "expected a file name (a string), found " + r.to_string());
    return relative_to_config(r.text);
  }

  std::int64_t integer_at(const EdnValue& parent, const std::string& key, const std::string& field, std::int64_t min,
                          std::int64_t max) const {
    const EdnValue* v = parent.find(key);
    if (v == nullptr) fail(parent, field, "missing key :" + key);
    const EdnValue& r = resolve(*v, field);
    if (r.kind != EdnValue::Kind::Integer) fail(r, field, "expected an integer, found " + r.to_string());
    if (r.integer < min || r.integer > max)
      fail(r, field, std::to_string(r.integer) + " is outside " + std::to_string(min) + ".." + std::to_string(max));
    return r.integer;
  }

  std::string relative_to_config(const std::string& file) const {
    const fs::path p(file);
    if (p.is_absolute()) return p.string();
    return (fs::path(path_).parent_path() / p).lexically_normal().string();
  }

  const EdnValue& root() const { return root_; }

  // Every key of `map` is a keyword `known` names: a misspelt key is refused, not ignored.
  void refuse_unknown_keys(const EdnValue& map, const std::string& field, const std::vector<std::string>& known) const {
    for (std::size_t i = 0; i < map.items.size(); i += 2) {
      const EdnValue& key = map.items[i];
      const std::string where = field.empty() ? "" : field + ".";
      if (key.kind != EdnValue::Kind::Keyword) fail(key, field, "expected keyword keys, found " + key.to_string());
      if (std::find(known.begin(), known.end(), key.text) == known.end())
        fail(key, where + key.text, unknown_name_message(key.text, known));
    }
  }

  // Every #ref in the configuration must name something, even where sendtwin does not read it.
  void check_refs(const EdnValue& v, const std::string& field) const {
    if (v.kind == EdnValue::Kind::Tagged) {
      if (v.text == "ref") resolve(v, field);
      return;
    }
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      if (v.kind == EdnValue::Kind::Map && i % 2 == 0) continue;
      std::string inner = field;
      if (v.kind == EdnValue::Kind::Map && v.items[i - 1].kind == EdnValue::Kind::Keyword)
        inner = field.empty() ? v.items[i - 1].text : field + "." + v.items[i - 1].text;
      check_refs(v.items[i], inner);
    }
  }

 private:
  const EdnValue& root_;
  std::string path_;
};

// A keyword, string, symbol or integer as the text a CSV cell would hold.
std::string as_text(const ConfigReader& r, const EdnValue& v, const std::string& field) {
  switch (v.kind) {
    case EdnValue::Kind::Keyword:
    case EdnValue::Kind::String:
    case EdnValue::Kind::Symbol: return v.text;
    case EdnValue::Kind::Integer: return std::to_string(v.integer);
    default: r.fail(v, field, "expected a keyword, string or integer, found " + v.to_string());
  }
}

const std::set<std::string>& transition_fields() {
  static const std::set<std::string> fields = {"calendar-year", "setting-1", "need-1", "academic-year-1",
                                               "setting-2", "need-2", "academic-year-2"};
  return fields;
}

// witan.send's scenario keys (docs/scenarios.md, model/prepare.clj).
const std::vector<std::string>& scenario_keys() {
  static const std::vector<std::string> keys = {
      "filter-transitions-from", "which-transitions?",   "splice-ncy",          "modify-transition-by",
      "modify-transitions-from", "settings-to-change",   "transitions-to-change", "modify-transitions-date-range",
      "make-setting-invalid"};
  return keys;
}

// A calendar year in a scenario: within the years a transitions file may hold.
int scenario_year(const ConfigReader& r, const EdnValue& year, const std::string& field) {
  if (year.kind != EdnValue::Kind::Integer) r.fail(year, field, "expected a calendar year, found " + year.to_string());
  if (year.integer < 1900 || year.integer > 2100) r.fail(year, field, std::to_string(year.integer) + " is not a calendar year 1900..2100");
  return static_cast<int>(year.integer);
}

// witan.send multiplies historic transitions by this factor; its examples use 0.5 to 40.
constexpr double kMaxTransitionFactor = 1000;
double transition_factor(const ConfigReader& r, const EdnValue& by, const std::string& field) {
  if (!by.is_number() || !(by.as_double() >= 0.0 && by.as_double() <= kMaxTransitionFactor))
    r.fail(by, field, "expected a number in [0, 1000] (each matching transition counts this many times), found " + by.to_string());
  return by.as_double();
}

// The entries of :filter-transitions-from, checked.
std::vector<WitanTransitionFilter> parse_filters(const ConfigReader& r, const EdnValue& filters, const std::string& field) {
  std::vector<WitanTransitionFilter> filters_read;
  // A map of kind -> comparisons, or a sequence of [kind comparisons] pairs.
  std::vector<std::pair<const EdnValue*, const EdnValue*>> entries;
  if (filters.kind == EdnValue::Kind::Map) {
    for (std::size_t i = 0; i < filters.items.size(); i += 2) entries.emplace_back(&filters.items[i], &filters.items[i + 1]);
  } else if (filters.is_sequence()) {
    for (const auto& pair : filters.items) {
      if (!pair.is_sequence() || pair.items.size() != 2)
        r.fail(pair, field, "expected [:kind {:op value :op value}], found " + pair.to_string());
      entries.emplace_back(&pair.items[0], &pair.items[1]);
    }
  } else {
    r.fail(filters, field, "expected a vector of [:kind {:op value :op value}] pairs, found " + describe(filters.kind));
  }
  static const std::vector<std::string> kinds = {"calendar-academic", "calendar-setting", "calendar-need",
                                                 "academic-setting", "academic-need", "setting-need"};
  for (const auto& [kind, comparisons] : entries) {
    if (kind->kind != EdnValue::Kind::Keyword || std::find(kinds.begin(), kinds.end(), kind->text) == kinds.end())
      r.fail(*kind, field, "expected one of :calendar-academic :calendar-setting :calendar-need :academic-setting "
                           ":academic-need :setting-need, found " + kind->to_string());
    if (comparisons->kind != EdnValue::Kind::Map || comparisons->map_size() != 2)
      r.fail(*comparisons, field + "." + kind->text, "expected two comparisons such as {:< 2017 :>= 12}, found " +
                                                       comparisons->to_string());
    WitanTransitionFilter f;
    f.kind = kind->text;
    const auto dash = f.kind.find('-');
    const std::string fields[2] = {f.kind.substr(0, dash), f.kind.substr(dash + 1)};
    WitanTransitionFilter::Comparison* targets[2] = {&f.first, &f.second};
    for (int k = 0; k < 2; ++k) {
      const EdnValue& op = comparisons->items[2 * k];
      const EdnValue& value = comparisons->items[2 * k + 1];
      const std::string where = field + "." + f.kind;
      auto& c = *targets[k];
      using Op = WitanTransitionFilter::Op;
      if (op.is_keyword("=")) c.op = Op::Equal;
      else if (op.is_keyword("<")) c.op = Op::Less;
      else if (op.is_keyword("<=")) c.op = Op::LessOrEqual;
      else if (op.is_keyword(">")) c.op = Op::Greater;
      else if (op.is_keyword(">=")) c.op = Op::GreaterOrEqual;
      else r.fail(op, where, "expected one of := :< :<= :> :>=, found " + op.to_string());
      c.is_name = fields[k] == "setting" || fields[k] == "need";
      c.line = value.line;
      if (c.is_name) {
        if (c.op != Op::Equal) r.fail(op, where, "a " + fields[k] + " can only be compared with :=");
        c.name = as_text(r, value, where);
      } else {
        if (value.kind != EdnValue::Kind::Integer) r.fail(value, where, "expected a year (an integer), found " + value.to_string());
        c.number = value.integer;
      }
    }
    filters_read.push_back(std::move(f));
  }
  return filters_read;
}

// :transitions-to-change: a vector of maps of conditions and :modify-transition-by.
std::vector<WitanTransitionChange> parse_transition_changes(const ConfigReader& r, const EdnValue& changes,
                                                            const std::string& field) {
  std::vector<WitanTransitionChange> changes_read;
  if (!changes.is_sequence()) r.fail(changes, field, "expected a vector of maps, found " + describe(changes.kind));
  for (const auto& entry : changes.items) {
    if (entry.kind != EdnValue::Kind::Map) r.fail(entry, field, "expected a map, found " + describe(entry.kind));
    WitanTransitionChange change;
    change.line = entry.line;
    bool has_factor = false;
    for (std::size_t i = 0; i < entry.items.size(); i += 2) {
      const EdnValue& key = entry.items[i];
      const EdnValue& value = r.resolve(entry.items[i + 1], field);
      if (key.kind != EdnValue::Kind::Keyword) r.fail(key, field, "expected keyword keys, found " + key.to_string());
      if (key.text == "modify-transition-by") {
        change.factor = transition_factor(r, value, field + ".modify-transition-by");
        has_factor = true;
        continue;
      }
      if (!transition_fields().contains(key.text)) {
        std::vector<std::string> known(transition_fields().begin(), transition_fields().end());
        known.push_back("modify-transition-by");
        r.fail(key, field + "." + key.text, unknown_name_message(key.text, known));
      }
      std::vector<std::string> accepted;
      if (value.is_sequence()) {
        for (const auto& item : value.items) accepted.push_back(as_text(r, item, field + "." + key.text));
        if (accepted.empty()) r.fail(value, field + "." + key.text, "an empty collection matches nothing");
      } else {
        accepted.push_back(as_text(r, value, field + "." + key.text));
      }
      change.conditions.emplace_back(key.text, std::move(accepted));
    }
    if (!has_factor) r.fail(entry, field, "missing key :modify-transition-by");
    changes_read.push_back(std::move(change));
  }
  return changes_read;
}

WitanScenario parse_scenario(const ConfigReader& r, const EdnValue& params, const std::string& section) {
  WitanScenario s;
  r.refuse_unknown_keys(params, section, scenario_keys());
  auto present = [&](const std::string& key) -> const EdnValue* {
    const EdnValue* v = params.find(key);
    if (v == nullptr) return nullptr;
    const EdnValue& value = r.resolve(*v, section + "." + key);
    return value.is_nil() ? nullptr : &value;
  };
  for (const char* refused : {"splice-ncy"}) {
    if (const EdnValue* v = present(refused))
      r.fail(*v, section + "." + refused,
             "this witan.send scenario key is not supported by sendtwin; use :transitions-to-change, "
             ":modify-transitions-date-range and :make-setting-invalid (or set it to nil)");
  }
  const EdnValue* by = present("modify-transition-by");
  const EdnValue* which = present("which-transitions?");
  const EdnValue* settings = present("settings-to-change");
  if (settings == nullptr)
    if (const EdnValue* inputs = r.root().find("file-inputs"))
      if (const EdnValue* path = r.resolve(*inputs, "file-inputs").find("settings-to-change")) {
        const EdnValue& p = r.resolve(*path, "file-inputs.settings-to-change");
        if (!p.is_nil()) settings = &p;
      }
  if (by || which || settings) {
    const EdnValue& at = by ? *by : which ? *which : *settings;
    if (!by) r.fail(at, section + ".modify-transition-by", "needed with :which-transitions? and :settings-to-change");
    if (!which) r.fail(at, section + ".which-transitions?", "needed with :modify-transition-by (joiners, leavers, movers-to, movers-from)");
    if (!settings) r.fail(at, section + ".settings-to-change", "needed with :modify-transition-by (a CSV file of setting-1, setting-2)");
    s.modify_transition_by = transition_factor(r, *by, section + ".modify-transition-by");
    if (!which->is_sequence() || which->items.empty())
      r.fail(*which, section + ".which-transitions?", "expected a vector such as [\"joiners\" \"movers-to\"], found " + which->to_string());
    for (const auto& w : which->items) {
      const std::string kind = as_text(r, w, section + ".which-transitions?");
      if (kind != "joiners" && kind != "leavers" && kind != "movers-to" && kind != "movers-from")
        r.fail(w, section + ".which-transitions?", "expected joiners, leavers, movers-to or movers-from, found " + w.to_string());
      s.which_transitions.push_back(kind);
    }
    if (settings->kind != EdnValue::Kind::String || settings->text.empty())
      r.fail(*settings, section + ".settings-to-change", "expected a file name (a string), found " + settings->to_string());
    s.settings_to_change_path = r.relative_to_config(settings->text);
  }
  if (const EdnValue* filters = present("filter-transitions-from"))
    s.filters = parse_filters(r, *filters, section + ".filter-transitions-from");
  if (const EdnValue* changes = present("transitions-to-change"))
    s.transitions_to_change = parse_transition_changes(r, *changes, section + ".transitions-to-change");
  if (const EdnValue* range = present("modify-transitions-date-range")) {
    const std::string field = section + ".modify-transitions-date-range";
    if (range->kind != EdnValue::Kind::Map || range->map_size() != 1)
      r.fail(*range, field, "expected {:from YEAR} or {:until YEAR}, found " + range->to_string());
    const EdnValue& key = range->items[0];
    const EdnValue& year = range->items[1];
    const int y = scenario_year(r, year, field);
    if (key.is_keyword("from")) s.from_year = y;
    else if (key.is_keyword("until")) s.until_year = y;
    else r.fail(key, field, "expected :from or :until, found " + key.to_string());
  }
  if (const EdnValue* from = present("modify-transitions-from")) {
    const int y = scenario_year(r, *from, section + ".modify-transitions-from");
    if (s.until_year) r.fail(*from, section + ".modify-transitions-from", "conflicts with :modify-transitions-date-range {:until ...}");
    s.from_year = y;
  }
  if (const EdnValue* invalid = present("make-setting-invalid")) {
    s.setting_made_invalid = as_text(r, *invalid, section + ".make-setting-invalid");
    s.setting_made_invalid_line = invalid->line;
  }
  return s;
}

// --- The CSV files ------------------------------------------------------------------------------

[[noreturn]] void fail_cell(const CsvTable& t, std::size_t row, const std::string& field, const std::string& message) {
  throw InputError(t.source(), t.line(row), field, message);
}

std::string name_cell(const CsvTable& t, std::size_t row, std::size_t col) {
  const std::string value(trim_blanks(t.cell(row, col)));
  const std::string& field = t.header()[col];
  if (value.empty()) fail_cell(t, row, field, "empty (a name is needed)");
  return value;
}

int academic_year_cell(const CsvTable& t, std::size_t row, std::size_t col) {
  const int ay = t.integer(row, col);
  if (ay < model::witan::kMinYear || ay > model::witan::kMaxYear)
    fail_cell(t, row, t.header()[col],
              std::to_string(ay) + " is outside witan.send's academic years " + std::to_string(model::witan::kMinYear) + ".." +
                  std::to_string(model::witan::kMaxYear));
  return ay;
}

int calendar_year_cell(const CsvTable& t, std::size_t row, std::size_t col) {
  const int y = t.integer(row, col);
  if (y < 1900 || y > 2100) fail_cell(t, row, t.header()[col], std::to_string(y) + " is not a calendar year 1900..2100");
  return y;
}

std::vector<std::string> list_cell(const CsvTable& t, std::size_t row, std::size_t col) {
  std::vector<std::string> out;
  const std::string_view text = t.cell(row, col);
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item(trim_blanks(text.substr(start, comma - start)));
    if (item.empty()) fail_cell(t, row, t.header()[col], "an empty name in the list " + quote_for_message(text));
    out.push_back(item);
    start = comma + 1;
  }
  return out;
}

// The need and setting of one side of a transition: both NONSEND or neither.
void check_side(const CsvTable& t, std::size_t row, const std::string& need, const std::string& setting, const char* side) {
  if ((need == kNonSend) != (setting == kNonSend))
    fail_cell(t, row, std::string("need-") + side,
              "need-" + std::string(side) + " and setting-" + side + " must both be NONSEND or neither (found " + need + ", " +
                  setting + ")");
}

// "Z is not a setting of valid-states.csv (did you mean A?)".
std::string not_in_valid_states(const std::string& value, const std::set<std::string>& known, const char* what,
                                const std::string& file) {
  const std::string near = nearest_name(value, std::vector<std::string>(known.begin(), known.end()));
  return value + " is not a " + what + " of " + file + (near.empty() ? "" : " (did you mean " + near + "?)");
}

}  // namespace

WitanConfig parse_witan_config(const EdnValue& root, const std::string& path) {
  ConfigReader r(root, path);
  if (root.kind != EdnValue::Kind::Map) r.fail(root, "", "a witan.send configuration is a map, found " + describe(root.kind));
  r.refuse_unknown_keys(root, "", {"file-inputs", "transition-parameters", "scenario-parameters", "projection-parameters",
                                   "output-parameters", "validation-parameters"});
  r.check_refs(root, "");
  WitanConfig c;
  c.path = path;
  const EdnValue& inputs = r.map_at(root, "file-inputs", "file-inputs");
  r.refuse_unknown_keys(inputs, "file-inputs", {"transitions", "population", "costs", "valid-states", "settings-to-change"});
  c.transitions = r.path_at(inputs, "transitions", "file-inputs.transitions");
  c.population = r.path_at(inputs, "population", "file-inputs.population");
  c.costs = r.path_at(inputs, "costs", "file-inputs.costs");
  c.valid_states = r.path_at(inputs, "valid-states", "file-inputs.valid-states");
  const EdnValue& projection = r.map_at(root, "projection-parameters", "projection-parameters");
  r.refuse_unknown_keys(projection, "projection-parameters", {"random-seed", "simulations"});
  c.random_seed = static_cast<std::uint64_t>(
      r.integer_at(projection, "random-seed", "projection-parameters.random-seed", 0, INT64_MAX));
  c.simulations = static_cast<int>(r.integer_at(projection, "simulations", "projection-parameters.simulations", 1, 1000000));
  c.output_dir = r.relative_to_config("results");
  if (const EdnValue* out = root.find("output-parameters")) {
    const EdnValue& o = r.resolve(*out, "output-parameters");
    if (o.kind != EdnValue::Kind::Map) r.fail(o, "output-parameters", "expected a map, found " + describe(o.kind));
    // witan.send's output options; sendtwin reads :output-dir and writes every output.
    r.refuse_unknown_keys(o, "output-parameters", {"run-outputs", "run-charts", "output-dir", "settings-to-exclude-in-charts",
                                                   "keep-temp-files?", "use-confidence-bound-or-interval", "population-file"});
    if (const EdnValue* dir = o.find("output-dir")) {
      const EdnValue& d = r.resolve(*dir, "output-parameters.output-dir");
      if (d.kind != EdnValue::Kind::String || d.text.empty())
        r.fail(d, "output-parameters.output-dir", "expected a folder name (a string), found " + d.to_string());
      c.output_dir = r.relative_to_config(d.text);
    }
  }
  if (const EdnValue* validation = root.find("validation-parameters")) {
    const EdnValue& v = r.resolve(*validation, "validation-parameters");
    if (v.kind != EdnValue::Kind::Map && !v.is_nil())
      r.fail(v, "validation-parameters", "expected a map, found " + describe(v.kind));
    r.refuse_unknown_keys(v, "validation-parameters", {"run-validation", "keep-temp-files?"});
  }
  bool seen = false;
  for (const char* section : {"transition-parameters", "scenario-parameters"}) {
    const EdnValue* params = root.find(section);
    if (params == nullptr) continue;
    const EdnValue& p = r.resolve(*params, section);
    if (p.is_nil()) continue;
    if (p.kind != EdnValue::Kind::Map) r.fail(p, section, "expected a map, found " + describe(p.kind));
    if (seen) r.fail(p, section, "give the scenario in :transition-parameters or :scenario-parameters, not both");
    seen = true;
    c.scenario = parse_scenario(r, p, section);
  }
  return c;
}

WitanConfig read_witan_config(const std::string& path) { return parse_witan_config(read_edn_file(path), path); }

std::vector<WitanTransition> parse_witan_transitions(const CsvTable& t) {
  const std::size_t cy = t.require_column("calendar-year"), s1 = t.require_column("setting-1"),
                    n1 = t.require_column("need-1"), a1 = t.require_column("academic-year-1"),
                    s2 = t.require_column("setting-2"), n2 = t.require_column("need-2"),
                    a2 = t.require_column("academic-year-2");
  std::vector<WitanTransition> out;
  out.reserve(t.rows());
  for (std::size_t row = 0; row < t.rows(); ++row) {
    WitanTransition x;
    x.calendar_year = calendar_year_cell(t, row, cy);
    x.setting_1 = name_cell(t, row, s1);
    x.need_1 = name_cell(t, row, n1);
    x.academic_year_1 = academic_year_cell(t, row, a1);
    x.setting_2 = name_cell(t, row, s2);
    x.need_2 = name_cell(t, row, n2);
    x.academic_year_2 = academic_year_cell(t, row, a2);
    x.line = t.line(row);
    check_side(t, row, x.need_1, x.setting_1, "1");
    check_side(t, row, x.need_2, x.setting_2, "2");
    if (x.academic_year_2 != x.academic_year_1 + 1)
      fail_cell(t, row, "academic-year-2",
                std::to_string(x.academic_year_2) + " should be one more than academic-year-1 (" +
                    std::to_string(x.academic_year_1) + "): a transition is one year");
    if (x.joiner() && x.leaver()) fail_cell(t, row, "setting-2", "NONSEND on both sides is not a transition");
    out.push_back(std::move(x));
  }
  if (out.empty()) throw InputError(t.source(), 0, "", "no transitions");
  return out;
}

std::vector<WitanPopulation> parse_witan_population(const CsvTable& t) {
  const std::size_t cy = t.require_column("calendar-year"), ay = t.require_column("academic-year"),
                    pop = t.require_column("population");
  std::vector<WitanPopulation> out;
  std::set<std::pair<int, int>> seen;
  for (std::size_t row = 0; row < t.rows(); ++row) {
    WitanPopulation p;
    p.calendar_year = calendar_year_cell(t, row, cy);
    p.academic_year = academic_year_cell(t, row, ay);
    p.population = t.number(row, pop);
    p.line = t.line(row);
    if (p.population < 0) fail_cell(t, row, "population", "a population cannot be negative");
    if (p.population > kWitanMaxPopulation)
      fail_cell(t, row, "population", quote_for_message(t.cell(row, pop)) + " is above " + std::to_string(static_cast<long>(kWitanMaxPopulation)) +
                                          ": children in one national curriculum year, at most a few times England's 700,000");
    if (!seen.insert({p.calendar_year, p.academic_year}).second)
      fail_cell(t, row, "academic-year",
                "calendar-year " + std::to_string(p.calendar_year) + " has academic-year " +
                    std::to_string(p.academic_year) + " twice");
    out.push_back(p);
  }
  if (out.empty()) throw InputError(t.source(), 0, "", "no population rows");
  return out;
}

std::vector<WitanCost> parse_witan_costs(const CsvTable& t) {
  const std::size_t need = t.require_column("need"), setting = t.require_column("setting"), cost = t.require_column("cost");
  std::vector<WitanCost> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t row = 0; row < t.rows(); ++row) {
    WitanCost c;
    c.need = name_cell(t, row, need);
    c.setting = name_cell(t, row, setting);
    c.cost = t.number(row, cost);
    c.line = t.line(row);
    if (c.cost < 0) fail_cell(t, row, "cost", "a cost cannot be negative");
    if (c.cost > kWitanMaxCost)
      fail_cell(t, row, "cost", quote_for_message(t.cell(row, cost)) + " is above " + std::to_string(static_cast<long>(kWitanMaxCost)) +
                                    ": GBP a plan a year, at most the dearest placements' GBP 1 million");
    if (!seen.insert({c.need, c.setting}).second)
      fail_cell(t, row, "setting", "need " + c.need + " in setting " + c.setting + " has a cost twice");
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<WitanValidState> parse_witan_valid_states(const CsvTable& t) {
  const std::size_t setting = t.require_column("setting"), group = t.require_column("setting-group"),
                    lo = t.require_column("min-academic-year"), hi = t.require_column("max-academic-year"),
                    needs = t.require_column("needs"), moves = t.require_column("setting->setting");
  std::vector<WitanValidState> out;
  std::set<std::string> seen;
  for (std::size_t row = 0; row < t.rows(); ++row) {
    WitanValidState v;
    v.setting = name_cell(t, row, setting);
    v.setting_group = std::string(trim_blanks(t.cell(row, group)));
    v.min_academic_year = academic_year_cell(t, row, lo);
    v.max_academic_year = academic_year_cell(t, row, hi);
    v.needs = list_cell(t, row, needs);
    v.moves_to = list_cell(t, row, moves);
    v.line = t.line(row);
    if (v.setting == kNonSend) fail_cell(t, row, "setting", "NONSEND is not a setting");
    if (v.setting.find('-') != std::string::npos)
      fail_cell(t, row, "setting", quote_for_message(v.setting) + " holds '-', which joins need and setting in witan.send's states");
    for (const auto& n : v.needs)
      if (n.find('-') != std::string::npos || n == kNonSend)
        fail_cell(t, row, "needs", quote_for_message(n) + " cannot be a need ('-' joins need and setting; NONSEND is reserved)");
    if (v.max_academic_year < v.min_academic_year)
      fail_cell(t, row, "max-academic-year", "is below min-academic-year");
    if (!seen.insert(v.setting).second) fail_cell(t, row, "setting", "setting " + v.setting + " appears twice");
    out.push_back(std::move(v));
  }
  if (out.empty()) throw InputError(t.source(), 0, "", "no valid states");
  return out;
}

std::vector<WitanSettingChange> parse_witan_settings_to_change(const CsvTable& t) {
  const std::size_t s1 = t.require_column("setting-1");
  const auto s2 = t.column("setting-2");
  std::vector<WitanSettingChange> out;
  for (std::size_t row = 0; row < t.rows(); ++row) {
    WitanSettingChange c;
    c.setting_1 = name_cell(t, row, s1);
    if (s2) {
      c.setting_2 = std::string(trim_blanks(t.cell(row, *s2)));
      if (c.setting_2 == "nil" || c.setting_2 == "NA") c.setting_2.clear();
    }
    c.line = t.line(row);
    if (c.setting_1 == c.setting_2) fail_cell(t, row, "setting-2", "is setting-1 again");
    out.push_back(std::move(c));
  }
  if (out.empty()) throw InputError(t.source(), 0, "", "no settings to change");
  return out;
}

WitanProject read_witan_project(const std::string& config_path) {
  WitanProject p;
  p.config = read_witan_config(config_path);
  const CsvTable transitions = read_csv_file(p.config.transitions);
  const CsvTable population = read_csv_file(p.config.population);
  const CsvTable costs = read_csv_file(p.config.costs);
  const CsvTable valid_states = read_csv_file(p.config.valid_states);
  p.valid_states = parse_witan_valid_states(valid_states);
  p.transitions = parse_witan_transitions(transitions);
  p.population = parse_witan_population(population);
  p.costs = parse_witan_costs(costs);
  if (!p.config.scenario.settings_to_change_path.empty())
    p.config.scenario.settings_to_change =
        parse_witan_settings_to_change(read_csv_file(p.config.scenario.settings_to_change_path));

  // Every setting and need used must be one valid-states.csv names (witan.send validates the
  // transitions and costs against them: schemas.clj TransitionsMap+, NeedSettingCost+).
  std::set<std::string> settings, needs;
  for (const auto& v : p.valid_states) {
    settings.insert(v.setting);
    needs.insert(v.needs.begin(), v.needs.end());
  }
  for (const auto& v : p.valid_states)
    for (const auto& to : v.moves_to)
      if (!settings.contains(to))
        throw InputError(p.config.valid_states, v.line, "setting->setting", to + " is not a setting of this file");
  auto check = [&](const std::string& source, int line, const std::string& field, const std::string& value,
                   const std::set<std::string>& known, const char* what) {
    if (value != kNonSend && !known.contains(value))
      throw InputError(source, line, field, value + " is not a " + what + " of " + p.config.valid_states);
  };
  for (const auto& x : p.transitions) {
    check(p.config.transitions, x.line, "setting-1", x.setting_1, settings, "setting");
    check(p.config.transitions, x.line, "need-1", x.need_1, needs, "need");
    check(p.config.transitions, x.line, "setting-2", x.setting_2, settings, "setting");
    check(p.config.transitions, x.line, "need-2", x.need_2, needs, "need");
  }
  for (const auto& c : p.costs) {
    if (c.setting == kNonSend || c.need == kNonSend) continue;
    check(p.config.costs, c.line, "setting", c.setting, settings, "setting");
    check(p.config.costs, c.line, "need", c.need, needs, "need");
  }
  for (const auto& c : p.config.scenario.settings_to_change) {
    check(p.config.scenario.settings_to_change_path, c.line, "setting-1", c.setting_1, settings, "setting");
    if (!c.setting_2.empty()) check(p.config.scenario.settings_to_change_path, c.line, "setting-2", c.setting_2, settings, "setting");
  }
  const auto& scenario = p.config.scenario;
  const auto& invalid = scenario.setting_made_invalid;
  if (!invalid.empty() && !settings.contains(invalid))
    throw InputError(p.config.path, scenario.setting_made_invalid_line, "make-setting-invalid",
                     invalid + " is not a setting of " + p.config.valid_states);
  // A scenario's settings and needs are those of valid-states.csv: one it does not name would match
  // nothing and change nothing without a word.
  auto check_name = [&](const std::string& field, const std::string& value, int line) {
    const bool setting = field.starts_with("setting");
    const std::set<std::string>& known = setting ? settings : needs;
    if (value == kNonSend || known.contains(value)) return;
    throw InputError(p.config.path, line, "transitions-to-change." + field,
                     not_in_valid_states(value, known, setting ? "setting" : "need", p.config.valid_states));
  };
  for (const auto& change : scenario.transitions_to_change)
    for (const auto& [field, values] : change.conditions)
      for (const auto& value : values) {
        if (field.starts_with("setting") || field.starts_with("need")) {
          check_name(field, value, change.line);
        } else {
          const bool academic = field.starts_with("academic");
          const int lo = academic ? model::witan::kMinYear : 1900, hi = academic ? model::witan::kMaxYear : 2100;
          char* end = nullptr;
          const long long n = std::strtoll(value.c_str(), &end, 10);
          if (value.empty() || *end != '\0' || n < lo || n > hi)
            throw InputError(p.config.path, change.line, "transitions-to-change." + field,
                             value + " is not " + (academic ? "a national curriculum year " : "a calendar year ") + std::to_string(lo) +
                                 ".." + std::to_string(hi));
        }
      }
  for (const auto& f : scenario.filters)
    for (const auto* c : {&f.first, &f.second})
      if (c->is_name) {
        const std::string kind = c == &f.first ? f.kind.substr(0, f.kind.find('-')) : f.kind.substr(f.kind.find('-') + 1);
        const bool setting = kind == "setting";
        const std::set<std::string>& known = setting ? settings : needs;
        if (c->name != kNonSend && !known.contains(c->name))
          throw InputError(p.config.path, c->line, "filter-transitions-from." + f.kind,
                           not_in_valid_states(c->name, known, setting ? "setting" : "need", p.config.valid_states));
      }
  // Every need and setting where the transitions place children has a cost: a missing row would
  // cost them at GBP 0.
  std::set<std::pair<std::string, std::string>> costed;
  for (const auto& c : p.costs) costed.insert({c.need, c.setting});
  for (const auto& x : p.transitions)
    for (const auto& [need, setting] : {std::pair{x.need_1, x.setting_1}, std::pair{x.need_2, x.setting_2}})
      if (setting != kNonSend && !costed.contains({need, setting}))
        throw InputError(p.config.costs, 0, "cost",
                         "no row for need " + need + " in setting " + setting + " (" + p.config.transitions + ":" +
                             std::to_string(x.line) + " has a child there): it would be costed at GBP 0");
  return p;
}

}  // namespace sendtwin::data
