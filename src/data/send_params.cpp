#include "data/send_params.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <toml++/toml.h>

#include "core/error.h"
#include "data/csv.h"

namespace sendtwin::data {

namespace {

class Reader {
 public:
  Reader(const toml::table& root, std::string file) : root_(root), file_(std::move(file)) {}

  [[noreturn]] void fail(const toml::node* node, const std::string& field, const std::string& what) const {
    const int line = node ? static_cast<int>(node->source().begin.line) : 0;
    throw InputError(file_, line, field, what);
  }

  // The parameter table at `path` ("section.name"), which must carry a non-empty source.
  const toml::table& param(const std::string& path) const {
    const auto node = root_.at_path(path);
    if (!node) {
      const auto dot = path.find('.');
      const auto section = root_.at_path(path.substr(0, dot));
      fail(section ? section.node() : nullptr, path, "missing parameter");
    }
    const toml::table* table = node.as_table();
    if (!table) fail(node.node(), path, "must be a table { value = ..., source = \"...\" }");
    const auto* source = table->get_as<std::string>("source");
    if (!source || source->get().empty()) fail(table, path, "has no source: every parameter says where it comes from");
    return *table;
  }

  double number(const toml::table& t, const std::string& path, const char* key, double lo, double hi) const {
    const toml::node* node = t.get(key);
    if (!node) fail(&t, path + "." + key, "missing");
    std::optional<double> v = node->value<double>();
    if (!v || !std::isfinite(*v)) fail(node, path + "." + key, "must be a number");
    if (*v < lo || *v > hi) {
      std::ostringstream msg;
      msg << *v << " is outside the possible range [" << lo << ", " << hi << "]";
      fail(node, path + "." + key, msg.str());
    }
    return *v;
  }

  // A whole number (months, years): 6.9 months is an error, not 6.
  int whole(const toml::table& t, const std::string& path, const char* key, double lo, double hi) const {
    const double v = number(t, path, key, lo, hi);
    if (v != std::floor(v)) fail(t.get(key), path + "." + key, "must be a whole number");
    return static_cast<int>(v);
  }
  int whole_value(const std::string& path, double lo, double hi) const { return whole(param(path), path, "value", lo, hi); }

  double value(const std::string& path, double lo, double hi) const {
    return number(param(path), path, "value", lo, hi);
  }
  double probability(const std::string& path) const { return value(path, 0.0, 1.0); }

  template <std::size_t N>
  std::array<double, N> array(const std::string& path, double lo, double hi, bool shares) const {
    const toml::table& t = param(path);
    const toml::node* node = t.get("value");
    const toml::array* arr = node ? node->as_array() : nullptr;
    if (!arr) fail(node ? node : &t, path + ".value", "must be an array of " + std::to_string(N) + " numbers");
    if (arr->size() != N)
      fail(arr, path + ".value", "has " + std::to_string(arr->size()) + " numbers, expected " + std::to_string(N));
    std::array<double, N> out{};
    double sum = 0;
    for (std::size_t k = 0; k < N; ++k) {
      std::optional<double> v = (*arr)[k].value<double>();
      if (!v || !std::isfinite(*v) || *v < lo || *v > hi) {
        std::ostringstream msg;
        msg << "element " << k + 1 << " must be a number in [" << lo << ", " << hi << "]";
        fail(&(*arr)[k], path + ".value", msg.str());
      }
      out[k] = *v;
      sum += *v;
    }
    if (shares && std::abs(sum - 1.0) > 0.01) {
      std::ostringstream msg;
      msg << "shares add up to " << sum << ", not 1";
      fail(arr, path + ".value", msg.str());
    }
    if (!shares && sum <= 0) fail(arr, path + ".value", "must not be all zero");
    return out;
  }

  model::Trend trend(const std::string& path, double hi) const {
    const toml::table& t = param(path);
    model::Trend tr;
    tr.base = number(t, path, "base", 0.0, hi);
    tr.base_year = whole(t, path, "base_year", 2000, 2100);
    tr.growth = number(t, path, "growth", -0.5, 1.0);
    tr.first_year = whole(t, path, "first_year", 2000, 2100);
    tr.last_year = whole(t, path, "last_year", 2000, 2100);
    if (tr.first_year > tr.last_year)
      fail(t.get("last_year"), path + ".last_year", "is before first_year");
    for (int y = tr.first_year; y <= tr.last_year; ++y)
      if (tr.at(y) > hi) {
        std::ostringstream msg;
        msg << "reaches " << tr.at(y) << " in " << y << ", above the possible " << hi;
        fail(&t, path, msg.str());
      }
    return tr;
  }

 private:
  const toml::table& root_;
  std::string file_;
};

// The TOML document, or InputError at the line of its first syntax error.
toml::table parse_toml(std::string_view text, const std::string& source_name) {
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    throw InputError(source_name, static_cast<int>(e.source().begin.line), "", std::string(e.description()));
  }
}

// The optional [year_effects] section (model::YearEffects): `from`, then one array of factors per
// parameter it names. An unknown name is an error, not ignored.
constexpr double kEffectLo = 0.05, kEffectHi = 20.0;
void read_year_effects(const toml::table& root, const Reader& r, model::SendParams& p) {
  const toml::table* section = root.get_as<toml::table>("year_effects");
  if (!section) return;
  const int from = r.whole_value("year_effects.from", 2000, 2100);
  const auto targets = model::year_effect_slots(p);
  for (const auto& [key, node] : *section) {
    const std::string name(key.str());
    if (name == "from") continue;
    const std::string path = "year_effects." + name;
    const auto it = std::find_if(targets.begin(), targets.end(), [&](const auto& t) { return t.name == name; });
    if (it == targets.end()) {
      std::string known;
      for (const auto& t : targets) known += (known.empty() ? "" : ", ") + std::string(t.name);
      r.fail(&node, path, "is not a parameter with year effects (known: " + known + ")");
    }
    const toml::table& t = r.param(path);
    const toml::array* arr = t.get_as<toml::array>("value");
    if (!arr || arr->empty() || arr->size() > 100) r.fail(t.get("value") ? t.get("value") : &t, path + ".value", "must be an array of 1 to 100 factors");
    model::YearEffects effect;
    effect.from = from;
    for (std::size_t k = 0; k < arr->size(); ++k) {
      const std::optional<double> v = (*arr)[k].value<double>();
      if (!v || !std::isfinite(*v) || *v < kEffectLo || *v > kEffectHi) {
        std::ostringstream msg;
        msg << "element " << k + 1 << " must be a factor in [" << kEffectLo << ", " << kEffectHi << "]";
        r.fail(&(*arr)[k], path + ".value", msg.str());
      }
      effect.values.push_back(*v);
    }
    for (model::YearEffects* target : it->effects) *target = effect;
  }
}

}  // namespace

model::SendParams parse_send_params(std::string_view text, const std::string& source_name) {
  const toml::table root = parse_toml(text, source_name);
  const Reader r(root, source_name);
  model::SendParams p;
  p.source_file = source_name;

  auto& pop = p.population;
  pop.pupils_jan_2015 = r.value("population.pupils_jan_2015", 1, 2e7);
  pop.sen_support_jan_2015 = r.value("population.sen_support_jan_2015", 0, 2e7);
  pop.pupils_with_plan_jan_2015 = r.value("population.pupils_with_plan_jan_2015", 0, 2e7);
  if (pop.sen_support_jan_2015 + pop.pupils_with_plan_jan_2015 > pop.pupils_jan_2015)
    r.fail(r.param("population.sen_support_jan_2015").get("value"), "population.sen_support_jan_2015",
           "SEN Support and plans together exceed the number of pupils");
  pop.share_y12 = r.probability("population.share_y12");
  pop.share_y13 = r.probability("population.share_y13");
  if (pop.share_y12 <= 0) r.fail(r.param("population.share_y12").get("value"), "population.share_y12", "must be above 0");
  if (pop.share_y13 > pop.share_y12)
    r.fail(r.param("population.share_y13").get("value"), "population.share_y13",
           "is larger than share_y12: year 13 cannot keep more pupils than year 12");
  pop.male_share = r.probability("population.male_share");
  {
    const toml::table& t = r.param("population.intake");
    const auto* years = t.get_as<toml::array>("years");
    const auto* values = t.get_as<toml::array>("value");
    if (!years || !values) r.fail(&t, "population.intake", "needs arrays `years` and `value`");
    if (years->size() != values->size() || years->empty())
      r.fail(values, "population.intake.value", "must have one value per year");
    for (std::size_t k = 0; k < years->size(); ++k) {
      auto y = (*years)[k].value<int64_t>();
      auto v = (*values)[k].value<double>();
      if (!y || (k > 0 && *y != pop.intake_years.back() + 1))
        r.fail(&(*years)[k], "population.intake.years", "must be consecutive whole years");
      if (!v || *v < 0 || *v > 5e6) r.fail(&(*values)[k], "population.intake.value", "must be a number of pupils in [0, 5000000]");
      pop.intake_years.push_back(static_cast<int>(*y));
      pop.intake.push_back(*v);
    }
  }

  p.sen_support.identified_at_entry = r.probability("sen_support.identified_at_entry");
  p.sen_support.identification = r.trend("sen_support.identification", 1.0);
  p.sen_support.exit = r.probability("sen_support.exit");

  auto& rq = p.requests;
  rq.rate = r.trend("requests.rate", 1.0);
  rq.early_years_rate = r.trend("requests.early_years_rate", 1.0);
  rq.male_relative_rate = r.value("requests.male_relative_rate", 0.01, 100);
  rq.withdrawn = r.probability("requests.withdrawn");
  rq.refused = r.probability("requests.refused");
  rq.decision_weeks_min = r.value("requests.decision_weeks_min", 0, 52);
  rq.decision_weeks_max = r.value("requests.decision_weeks_max", 0, 52);
  if (rq.decision_weeks_min > rq.decision_weeks_max)
    r.fail(r.param("requests.decision_weeks_min").get("value"), "requests.decision_weeks_min", "is larger than decision_weeks_max");

  auto& as = p.assessment;
  as.issued = r.probability("assessment.issued");
  as.within_20_weeks = r.probability("assessment.within_20_weeks");
  as.exception_share = r.probability("assessment.exception_share");
  as.timely_weeks_min = r.value("assessment.timely_weeks_min", 0, 20);
  as.late_mean_weeks = r.value("assessment.late_mean_weeks", 0.1, 260);
  as.not_issue_weeks_min = r.value("assessment.not_issue_weeks_min", 0, 104);
  as.not_issue_weeks_max = r.value("assessment.not_issue_weeks_max", 0, 104);
  if (as.not_issue_weeks_min > as.not_issue_weeks_max)
    r.fail(r.param("assessment.not_issue_weeks_min").get("value"), "assessment.not_issue_weeks_min", "is larger than not_issue_weeks_max");

  auto& pl = p.placement;
  pl.early_years = r.array<9>("placement.early_years", 0, 1, true);
  pl.school = r.array<9>("placement.school", 0, 1, true);
  pl.post16 = r.array<9>("placement.post16", 0, 1, true);
  pl.school_entry = r.array<9>("placement.school_entry", 0, 1, true);
  pl.mainstream_to_special = r.probability("placement.mainstream_to_special");
  pl.special_to_mainstream = r.probability("placement.special_to_mainstream");
  pl.phase_transfer_to_special = r.probability("placement.phase_transfer_to_special");
  pl.after_year_11 = r.array<4>("placement.after_year_11", 0, 1, true);
  pl.after_year_13 = r.array<4>("placement.after_year_13", 0, 1, true);
  pl.after_special = r.array<4>("placement.after_special", 0, 1, true);

  p.cease.at_review = r.array<model::kAgeBandCount>("cease.at_review", 0, 1, false);
  p.cease.under_five_review_months = r.whole_value("cease.under_five_review_months", 1, 12);

  p.capacity.initial_slack = r.value("capacity.initial_slack", 0, 10);
  p.capacity.growth = r.value("capacity.growth", -0.5, 1.0);

  p.appeals.rate = r.trend("appeals.rate", 1.0);
  p.appeals.placement_only_share = r.probability("appeals.placement_only_share");
  p.appeals.hearing_months = r.whole_value("appeals.hearing_months", 1, 36);
  p.appeals.upheld = r.probability("appeals.upheld");

  auto& st = p.stock;
  st.by_age_band = r.array<model::kAgeBandCount>("stock.by_age_band", 0, 1e7, false);
  st.by_setting = r.array<9>("stock.by_setting", 0, 1e7, false);
  double by_age = 0, by_setting = 0;
  for (double v : st.by_age_band) by_age += v;
  for (double v : st.by_setting) by_setting += v;
  if (std::abs(by_age - by_setting) > 0.005 * by_age) {
    std::ostringstream msg;
    msg << "plans by setting add up to " << by_setting << " but plans by age band to " << by_age;
    r.fail(r.param("stock.by_setting").get("value"), "stock.by_setting", msg.str());
  }
  st.under_five_age_weights = r.array<5>("stock.under_five_age_weights", 0, 1, true);
  st.age_16_19_weights = r.array<4>("stock.age_16_19_weights", 0, 1, true);
  st.need_shares = r.array<14>("stock.need_shares", 0, 100, false);
  st.new_need_shares = r.array<14>("stock.new_need_shares", 0, 100, false);
  read_year_effects(root, r, p);
  return p;
}

model::SendParams load_send_params_file(const std::string& path) { return parse_send_params(read_text_file(path), path); }

finance::FinanceParams parse_finance_params(std::string_view text, const std::string& source_name) {
  const toml::table root = parse_toml(text, source_name);
  const Reader r(root, source_name);
  finance::FinanceParams p;
  p.place = r.array<kSettingCount>("finance.place", 0, 1e6, false);
  p.top_up = r.array<kSettingCount>("finance.top_up", 0, 1e6, false);
  p.notional_sen = r.value("finance.notional_sen", 0, 1e6);
  p.sen_support_cost = r.value("finance.sen_support_cost", 0, 1e6);
  p.non_plan_share = r.value("finance.non_plan_share", 0, 10);
  p.price_base_year = r.whole_value("finance.price_base_year", 2000, 2100);
  p.inflation = r.value("finance.inflation", -0.5, 1.0);
  p.allocation_growth = r.value("finance.allocation_growth", -0.5, 1.0);
  p.transfer_share = r.value("finance.transfer_share", 0, 0.1);
  p.interest_rate = r.value("finance.interest_rate", 0, 1.0);
  p.override_end_year = r.whole_value("finance.override_end_year", 2000, 2100);
  p.threshold_share = r.value("finance.threshold_share", 0, 10);
  return p;
}

finance::FinanceParams load_finance_params_file(const std::string& path) {
  return parse_finance_params(read_text_file(path), path);
}

}  // namespace sendtwin::data
