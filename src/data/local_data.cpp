#include "data/local_data.h"

#include <cmath>
#include <iterator>
#include <sstream>
#include <vector>
#include <toml++/toml.h>

#include "core/error.h"
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
constexpr Range kBalance{-plausible::kMaxLaPounds, plausible::kMaxLaPounds, "GBP, a cumulative DSG balance of one LA"};
constexpr int kFirstYear = 2015, kLastYear = 2060;

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

void read_caseload(const toml::table& root, LocalData& d) {
  const toml::node* node = root.get("caseload");
  d.caseload_source = d.source;
  if (!node) return;
  const toml::table& t = table_at(*node, "caseload", d.file, "[caseload]");
  refuse_unknown_keys(t, "caseload", {"source", "by_age_band", "by_setting", "by_need"}, d.file);
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
                     "the model places children in units and resourced provision without a limit on places, so a count of "
                     "them would change nothing: give the plans in units as caseload.by_setting.mainstream_unit");
  refuse_unknown_keys(t, "places", {"source", "state_special", "growth", "new_special"}, d.file);
  d.places_source = source_of(t, "places", d.source, d.file);
  if (const toml::node* n = t.get("state_special")) d.state_special_places = number(*n, "places.state_special", kPlaces, d.file, true);
  if (const toml::node* n = t.get("growth")) d.place_growth = number(*n, "places.growth", kGrowth, d.file);
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
  refuse_unknown_keys(t, "money", {"source", "allocation", "closing_balance"}, d.file);
  d.money_source = source_of(t, "money", d.source, d.file);
  if (const toml::node* n = t.get("allocation")) d.allocation = by_year(*n, "money.allocation", kAllocation, true, d.file);
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
  if (!d.by_age_band && !d.by_setting && !d.by_need && !d.state_special_places && !d.place_growth && d.new_special_places.empty() &&
      !d.has_costs() && !d.has_money())
    throw InputError(file, d.line, "local", "overrides nothing: give at least one of [caseload], [places], [costs], [money]");
  return d;
}

LocalData read_local_data(const std::string& path) { return parse_local_data(io::read_text_file(path), path); }

}  // namespace sendtwin::data
