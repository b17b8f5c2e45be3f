#include "data/local_data.h"

#include <cmath>
#include <iterator>
#include <map>
#include <sstream>
#include <vector>
#include <toml++/toml.h>

#include "core/error.h"
#include "data/csv.h"
#include "data/plausible.h"
#include "data/toml_input.h"
#include "io/input_file.h"

namespace sendtwin::data {

namespace {

constexpr std::array<std::string_view, model::kAgeBandCount> kAgeBandNames = {"under_5", "5_10", "11_15", "16_19", "20_25"};

// The plausible range of each figure and why (plausible.h's bounds where one fits).
struct Range {
  double lo, hi;
  const char* what;
};
// Kent, the largest LA, held 20,615 plans in January 2025: a category of one LA is below 100,000.
constexpr Range kPlans{0, 1e5, "plans of one LA (Kent, the largest, held 20,635 in January 2025)"};
constexpr Range kPlaces{0, 1e5, "places of one LA"};
constexpr Range kGrowth{-0.2, 0.3, "a yearly growth of places, -20% to +30%"};
constexpr Range kNewPlaces{-5000, 5000, "places added in a year in one LA (Kent held 6,427 plans in state special schools in 2025)"};
// Place funding is GBP 6,000 or 10,000 (domain.md 3.2); the dearest placements cost about GBP 1 million.
constexpr Range kPlace{0, 1e5, "GBP a place a year (place funding is GBP 6,000 or 10,000)"};
constexpr Range kTopUp{0, 1e6, "GBP a plan a year, at most the dearest placements' GBP 1 million"};
constexpr Range kAllocation{1e6, 5e9, "GBP of one LA's high needs block (Kent's was some GBP 300 million in 2024-25)"};
constexpr Range kNotional{1e5, 1e9, "GBP, the notional SEN budget of one LA's mainstream schools (Norfolk's was GBP 60.8 million in 2025-26)"};
constexpr Range kBalance{-plausible::kMaxLaPounds, plausible::kMaxLaPounds, "GBP, a cumulative DSG balance of one LA"};
constexpr int kFirstYear = 2015, kLastYear = 2060;

template <class Values>
double total_of(const Values& values) {
  double t = 0;
  for (double v : values) t += v;
  return t;
}

std::string text_of(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

LocalFigure number(const toml::node& node, const std::string& field, const Range& r, const std::string& file, bool whole = false) {
  const auto v = node.value<double>();
  if (!v || !std::isfinite(*v)) throw InputError(file, line_of(node), field, "must be a number");
  if (*v < r.lo || *v > r.hi)
    throw InputError(file, line_of(node), field, text_of(*v) + " is outside [" + text_of(r.lo) + ", " + text_of(r.hi) + "]: " + r.what);
  if (whole && *v != std::floor(*v)) throw InputError(file, line_of(node), field, text_of(*v) + " is not a whole number");
  return {*v, line_of(node)};
}

const toml::table& table_at(const toml::node& node, const std::string& field, const std::string& file, const char* shape) {
  const toml::table* t = node.as_table();
  if (!t) throw InputError(file, line_of(node), field, std::string("must be a table: ") + shape);
  return *t;
}

std::string source_of(const toml::table& section, const std::string& name, const std::string& fallback, const std::string& file) {
  const toml::node* n = section.get("source");
  if (!n) return fallback;
  const auto v = n->value<std::string>();
  if (!v || v->empty()) throw InputError(file, line_of(*n), name + ".source", "must be a non-empty string");
  return *v;
}

// A table naming every category of `names` (each once) with a count of plans.
template <std::size_t N, class Names>
std::array<double, N> every_category(const toml::node& node, const std::string& field, const Names& names, const std::string& file) {
  const toml::table& t = table_at(node, field, file, "{ category = plans, ... } naming every category");
  std::vector<std::string> known(names.begin(), names.end());
  refuse_unknown_keys(t, field, known, file);
  std::array<double, N> out{};
  std::string missing;
  for (std::size_t k = 0; k < N; ++k) {
    const toml::node* n = t.get(known[k]);
    if (!n) missing += (missing.empty() ? "" : ", ") + known[k];
    else out[k] = number(*n, field + "." + known[k], kPlans, file, true).value;
  }
  if (!missing.empty())
    throw InputError(file, line_of(node), field, "names every category (0 where the LA has none); missing: " + missing);
  return out;
}

// A table of settings (those named only): GBP a plan a year.
void costs_by_setting(const toml::table& costs, const char* key, const Range& r, std::array<std::optional<LocalFigure>, kSettingCount>& out,
                      const std::string& file, bool independent_only = false) {
  const toml::node* node = costs.get(key);
  if (!node) return;
  const std::string field = std::string("costs.") + key;
  const toml::table& t = table_at(*node, field, file, "{ setting = GBP, ... }");
  std::vector<std::string> known;
  for (int s = 0; s < kSettingCount; ++s)
    if (!independent_only || static_cast<Setting>(s) == Setting::IndependentSpecial || static_cast<Setting>(s) == Setting::IndependentMainstream)
      known.emplace_back(to_string(static_cast<Setting>(s)));
  refuse_unknown_keys(t, field, known, file);
  for (const auto& [name, n] : t) {
    const auto s = static_cast<std::size_t>(*parse_setting(name.str()));
    if (out[s])
      throw InputError(file, line_of(n), field + "." + std::string(name.str()), "is also given under costs.top_up: a fee is the top-up of an independent setting");
    out[s] = number(n, field + "." + std::string(name.str()), r, file);
  }
}

// "2025-26" -> 2025; nullopt if the text is not a financial year so written.
std::optional<int> financial_year(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int y = 0, next = 0;
  for (std::size_t k = 0; k < 7; ++k) {
    if (k == 4) continue;
    if (text[k] < '0' || text[k] > '9') return std::nullopt;
    (k < 4 ? y : next) = (k < 4 ? y : next) * 10 + (text[k] - '0');
  }
  if (next != (y + 1) % 100) return std::nullopt;
  return y;
}

// A table of years: { "2026" = N } (calendar) or { "2025-26" = N } (financial).
std::map<int, LocalFigure> by_year(const toml::node& node, const std::string& field, const Range& r, bool financial, const std::string& file) {
  const char* shape = financial ? "{ \"2025-26\" = GBP, ... } by financial year" : "{ \"2026\" = places, ... } by calendar year";
  const toml::table& t = table_at(node, field, file, shape);
  std::map<int, LocalFigure> out;
  for (const auto& [key, n] : t) {
    const std::string name(key.str());
    std::optional<int> year = financial ? financial_year(name) : std::nullopt;
    if (!financial && name.size() == 4 && name.find_first_not_of("0123456789") == std::string::npos) year = std::stoi(name);
    const std::string path = field + "." + printable_key(name);
    if (!year) throw InputError(file, line_of(n), path, std::string("is not a ") + (financial ? "financial year (\"2025-26\")" : "calendar year (\"2026\")"));
    if (*year < kFirstYear || *year > kLastYear)
      throw InputError(file, line_of(n), path, "is outside the years a run can reach, " + std::to_string(kFirstYear) + " to " + std::to_string(kLastYear));
    out[*year] = number(n, path, r, file);
  }
  if (out.empty()) throw InputError(file, line_of(node), field, std::string("is empty: ") + shape);
  return out;
}

void read_head(const toml::table& root, LocalData& d) {
  const std::string& file = d.file;
  const toml::table* head = root.get_as<toml::table>("local");
  if (!head) throw InputError(file, 1, "local", "missing: a [local] section with la, source and year");
  d.line = line_of(*head);
  refuse_unknown_keys(*head, "local", {"la", "source", "year"}, file);
  const toml::node* la = head->get("la");
  if (!la) throw InputError(file, d.line, "local.la", "missing: the LA's DfE 3-digit code, e.g. \"886\"");
  const auto code = la->value<std::string>();
  if (!code || code->size() != 3 || code->find_first_not_of("0123456789") != std::string::npos)
    throw InputError(file, line_of(*la), "local.la", "must be a DfE 3-digit LA code in quotes, e.g. \"886\"");
  d.code = *code;
  const toml::node* source = head->get("source");
  if (!source) throw InputError(file, d.line, "local.source", "missing: where the figures come from");
  d.source = source_of(*head, "local", "", file);
  const toml::node* year = head->get("year");
  if (!year) throw InputError(file, d.line, "local.year", "missing: the January the figures describe");
  d.year = static_cast<int>(number(*year, "local.year", {kFirstYear, kLastYear, "a January the model can start from"}, file, true).value);
}

// A category of a joint row: one of `names`, by name.
template <class Names>
int category(const toml::table& row, const char* key, const Names& names, const std::string& field, const std::string& file) {
  const toml::node* n = row.get(key);
  if (!n) throw InputError(file, line_of(row), field + "." + key, "missing");
  const auto v = n->value<std::string>();
  for (std::size_t k = 0; v && k < names.size(); ++k)
    if (*v == names[k]) return static_cast<int>(k);
  std::string known;
  for (const auto& name : names) known += (known.empty() ? "" : ", ") + std::string(name);
  throw InputError(file, line_of(*n), field + "." + key,
                   (v ? "\"" + printable_key(*v) + "\" is not one of " : std::string("must be a string, one of ")) + known);
}

struct CaseloadNames {
  std::array<std::string_view, kSettingCount> settings{};
  std::array<std::string_view, kNeedTypeCount> needs{};
  CaseloadNames() {
    for (int s = 0; s < kSettingCount; ++s) settings[s] = to_string(static_cast<Setting>(s));
    for (int n = 0; n < kNeedTypeCount; ++n) needs[n] = to_string(static_cast<NeedType>(n));
  }
};

// [[caseload.rows]]: { age_band, setting, need, plans } each.
std::vector<CaseloadCell> toml_rows(const toml::node& node, const std::string& file) {
  const toml::array* rows = node.as_array();
  if (!rows || rows->empty())
    throw InputError(file, line_of(node), "caseload.rows", "must be [[caseload.rows]] tables { age_band, setting, need, plans }");
  const CaseloadNames names;
  std::vector<CaseloadCell> out;
  for (std::size_t k = 0; k < rows->size(); ++k) {
    const std::string field = "caseload.rows[" + std::to_string(k + 1) + "]";
    const toml::table& row = table_at((*rows)[k], field, file, "{ age_band, setting, need, plans }");
    refuse_unknown_keys(row, field, {"age_band", "setting", "need", "plans"}, file);
    CaseloadCell c;
    c.line = line_of(row);
    c.age_band = category(row, "age_band", kAgeBandNames, field, file);
    c.setting = category(row, "setting", names.settings, field, file);
    c.need = category(row, "need", names.needs, field, file);
    const toml::node* plans = row.get("plans");
    if (!plans) throw InputError(file, c.line, field + ".plans", "missing");
    c.plans = number(*plans, field + ".plans", kPlans, file, true).value;
    out.push_back(c);
  }
  return out;
}

// caseload.rows_csv: the CSV (relative to the TOML) with columns age_band,setting,need,plans.
std::vector<CaseloadCell> csv_rows(const std::string& csv_path) {
  const CsvTable t = read_csv_file(csv_path);
  const std::size_t age = t.require_column("age_band"), setting = t.require_column("setting"), need = t.require_column("need"),
                    plans = t.require_column("plans");
  const CaseloadNames names;
  std::vector<CaseloadCell> out;
  auto index = [&](std::size_t row, std::size_t col, const auto& known, const char* field) {
    const std::string_view v = trim_blanks(t.cell(row, col));
    for (std::size_t k = 0; k < known.size(); ++k)
      if (v == known[k]) return static_cast<int>(k);
    std::string list;
    for (const auto& name : known) list += (list.empty() ? "" : ", ") + std::string(name);
    t.fail_at(row, field, quote_for_message(v) + " is not one of " + list);
  };
  for (std::size_t r = 0; r < t.rows(); ++r) {
    CaseloadCell c;
    c.line = t.line(r);
    c.age_band = index(r, age, kAgeBandNames, "age_band");
    c.setting = index(r, setting, names.settings, "setting");
    c.need = index(r, need, names.needs, "need");
    c.plans = t.number(r, plans, {kPlans.lo, kPlans.hi, kPlans.what});
    if (c.plans != std::floor(c.plans)) t.fail_at(r, "plans", text_of(c.plans) + " is not a whole number");
    out.push_back(c);
  }
  if (out.empty()) throw InputError(csv_path, 1, "", "holds no rows: age_band,setting,need,plans");
  return out;
}

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

// The joint table: each cell once, and the margins given beside it its sums.
void check_rows(LocalData& d) {
  std::map<std::array<int, 3>, int> seen;
  std::array<double, model::kAgeBandCount> bands{};
  std::array<double, kSettingCount> settings{};
  std::array<double, kNeedTypeCount> needs{};
  for (const auto& c : d.rows) {
    const auto [it, fresh] = seen.emplace(std::array<int, 3>{c.age_band, c.setting, c.need}, c.line);
    if (!fresh)
      throw InputError(d.rows_file, c.line, "caseload.rows",
                       "repeats the row of line " + std::to_string(it->second) + " (" + std::string(kAgeBandNames[c.age_band]) + ", " +
                           std::string(to_string(static_cast<Setting>(c.setting))) + ", " + std::string(to_string(static_cast<NeedType>(c.need))) +
                           "): each cell once");
    bands[c.age_band] += c.plans;
    settings[c.setting] += c.plans;
    needs[c.need] += c.plans;
  }
  if (total_of(bands) <= 0) throw InputError(d.rows_file, d.rows_line, "caseload.rows", "hold no plans");
  auto agree = [&](const auto& margin, const auto& sums, int line, const std::string& field, auto name) {
    if (!margin) return;
    for (std::size_t k = 0; k < sums.size(); ++k)
      if ((*margin)[k] != sums[k])
        throw InputError(d.file, line, field + "." + std::string(name(k)),
                         text_of((*margin)[k]) + " plans, the rows " + text_of(sums[k]) + ": a margin given beside the rows must be their sum");
  };
  agree(d.by_age_band, bands, d.by_age_band_line, "caseload.by_age_band", [](std::size_t k) { return kAgeBandNames[k]; });
  agree(d.by_setting, settings, d.by_setting_line, "caseload.by_setting", [](std::size_t k) { return to_string(static_cast<Setting>(k)); });
  agree(d.by_need, needs, d.by_need_line, "caseload.by_need", [](std::size_t k) { return to_string(static_cast<NeedType>(k)); });
}

void read_caseload(const toml::table& root, LocalData& d) {
  const toml::node* node = root.get("caseload");
  d.caseload_source = d.source;
  if (!node) return;
  const toml::table& t = table_at(*node, "caseload", d.file, "[caseload]");
  refuse_unknown_keys(t, "caseload", {"source", "by_age_band", "by_setting", "by_need", "rows", "rows_csv"}, d.file);
  d.caseload_source = source_of(t, "caseload", d.source, d.file);
  std::array<std::string_view, kSettingCount> settings{};
  std::array<std::string_view, kNeedTypeCount> needs{};
  for (int s = 0; s < kSettingCount; ++s) settings[s] = to_string(static_cast<Setting>(s));
  for (int n = 0; n < kNeedTypeCount; ++n) needs[n] = to_string(static_cast<NeedType>(n));
  if (const toml::node* n = t.get("by_age_band")) {
    d.by_age_band = every_category<model::kAgeBandCount>(*n, "caseload.by_age_band", kAgeBandNames, d.file);
    d.by_age_band_line = line_of(*n);
  }
  if (const toml::node* n = t.get("by_setting")) {
    d.by_setting = every_category<kSettingCount>(*n, "caseload.by_setting", settings, d.file);
    d.by_setting_line = line_of(*n);
  }
  if (const toml::node* n = t.get("by_need")) {
    d.by_need = every_category<kNeedTypeCount>(*n, "caseload.by_need", needs, d.file);
    d.by_need_line = line_of(*n);
  }
  const toml::node* rows = t.get("rows");
  const toml::node* csv = t.get("rows_csv");
  if (rows && csv) throw InputError(d.file, line_of(*csv), "caseload.rows_csv", "is given with [[caseload.rows]]: give the joint table once");
  if (rows) {
    d.rows = toml_rows(*rows, d.file);
    d.rows_file = d.file;
    d.rows_line = line_of(*rows);
  } else if (csv) {
    const auto name = csv->value<std::string>();
    if (!name || name->empty()) throw InputError(d.file, line_of(*csv), "caseload.rows_csv", "must be a file name (relative to this file)");
    d.rows_file = name->front() == '/' ? *name : directory_of(d.file) + *name;
    d.rows_line = line_of(*csv);
    d.rows = csv_rows(d.rows_file);
  }
  if (!d.rows.empty()) check_rows(d);
  // The two margins the model fits one table to must count the same plans (the same census).
  if (d.by_age_band && d.by_setting) {
    double ages = 0, places = 0;
    for (double v : *d.by_age_band) ages += v;
    for (double v : *d.by_setting) places += v;
    if (ages != places)
      throw InputError(d.file, d.by_setting_line, "caseload.by_setting",
                       "adds up to " + text_of(places) + " plans, by_age_band to " + text_of(ages) + ": one January's plans, counted twice");
  }
}

void read_places(const toml::table& root, LocalData& d) {
  const toml::node* node = root.get("places");
  d.places_source = d.source;
  if (!node) return;
  const toml::table& t = table_at(*node, "places", d.file, "[places]");
  if (const toml::node* units = t.get("units"))
    throw InputError(d.file, line_of(*units), "places.units",
                     "give the LA's unit and resourced provision places as places.mainstream_unit (reported beside its plans in units; "
                     "the model has no limit on them)");
  if (const toml::node* units = t.get("new_mainstream_unit"))
    throw InputError(d.file, line_of(*units), "places.new_mainstream_unit",
                     "the model places children in units and resourced provision without a limit on places, so places added "
                     "would change nothing: give the places that January as places.mainstream_unit (reported, not a limit)");
  refuse_unknown_keys(t, "places", {"source", "state_special", "mainstream_unit", "growth", "independent_growth", "new_special"}, d.file);
  d.places_source = source_of(t, "places", d.source, d.file);
  if (const toml::node* n = t.get("state_special")) d.state_special_places = number(*n, "places.state_special", kPlaces, d.file, true);
  if (const toml::node* n = t.get("mainstream_unit")) d.unit_places = number(*n, "places.mainstream_unit", kPlaces, d.file, true);
  if (const toml::node* n = t.get("growth")) d.place_growth = number(*n, "places.growth", kGrowth, d.file);
  if (const toml::node* n = t.get("independent_growth"))
    d.independent_place_growth = number(*n, "places.independent_growth", kGrowth, d.file);
  if (const toml::node* n = t.get("new_special")) d.new_special_places = by_year(*n, "places.new_special", kNewPlaces, false, d.file);
}

void read_costs(const toml::table& root, LocalData& d) {
  const toml::node* node = root.get("costs");
  d.costs_source = d.source;
  if (!node) return;
  const toml::table& t = table_at(*node, "costs", d.file, "[costs]");
  refuse_unknown_keys(t, "costs", {"source", "place", "top_up", "fee"}, d.file);
  d.costs_source = source_of(t, "costs", d.source, d.file);
  costs_by_setting(t, "place", kPlace, d.place, d.file);
  costs_by_setting(t, "top_up", kTopUp, d.top_up, d.file);
  const auto before = d.top_up;
  costs_by_setting(t, "fee", kTopUp, d.top_up, d.file, true);
  for (int s = 0; s < kSettingCount; ++s) d.top_up_as_fee[s] = d.top_up[s] && !before[s];
}

void read_money(const toml::table& root, LocalData& d) {
  const toml::node* node = root.get("money");
  d.money_source = d.source;
  if (!node) return;
  const toml::table& t = table_at(*node, "money", d.file, "[money]");
  refuse_unknown_keys(t, "money", {"source", "allocation", "closing_balance", "notional_sen_budget"}, d.file);
  d.money_source = source_of(t, "money", d.source, d.file);
  if (const toml::node* n = t.get("allocation")) d.allocation = by_year(*n, "money.allocation", kAllocation, true, d.file);
  if (const toml::node* n = t.get("notional_sen_budget"))
    d.notional_sen_budget = by_year(*n, "money.notional_sen_budget", kNotional, true, d.file);
  if (const toml::node* n = t.get("closing_balance")) {
    const auto years = by_year(*n, "money.closing_balance", kBalance, true, d.file);
    // The ledger meets one balance and is carried forward from it: a second would contradict it.
    if (years.size() > 1)
      throw InputError(d.file, std::next(years.begin())->second.line, "money.closing_balance",
                       "gives more than one year's balance: the ledger starts from one (the others follow from the money in and out)");
    d.balance_year = years.begin()->first;
    d.closing_balance = years.begin()->second;
  }
}

}  // namespace

const std::array<std::string_view, model::kAgeBandCount>& local_age_band_names() { return kAgeBandNames; }

bool LocalData::has_costs() const {
  for (int s = 0; s < kSettingCount; ++s)
    if (place[s] || top_up[s]) return true;
  return false;
}

LocalData parse_local_data(std::string_view text, const std::string& file) {
  const toml::table root = parse_toml(text, file);
  LocalData d;
  d.file = file;
  refuse_unknown_keys(root, "", {"local", "caseload", "places", "costs", "money"}, file);
  read_head(root, d);
  read_caseload(root, d);
  read_places(root, d);
  read_costs(root, d);
  read_money(root, d);
  if (!d.by_age_band && !d.by_setting && !d.by_need && d.rows.empty() && !d.state_special_places && !d.unit_places && !d.place_growth &&
      !d.independent_place_growth && d.new_special_places.empty() &&
      !d.has_costs() && !d.has_money())
    throw InputError(file, d.line, "local", "overrides nothing: give at least one of [caseload], [places], [costs], [money]");
  return d;
}

LocalData read_local_data(const std::string& path) { return parse_local_data(io::read_text_file(path), path); }

}  // namespace sendtwin::data
