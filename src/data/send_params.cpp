#include "data/send_params.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <toml++/toml.h>

#include "core/error.h"
#include "data/csv.h"
#include "data/toml_input.h"
#include "io/input_file.h"

namespace sendtwin::data {

namespace {

// A parameter's plausible range and the reason for it (data::ValueRange, as the table readers'),
// given in the message when a value is outside.
using Range = ValueRange;
constexpr Range kProbability{0, 1, "a probability"};
constexpr Range kShare{0, 1, "a share"};
constexpr Range kYear{2000, 2100, "a calendar year near the model's span (2015 to 2080)"};
// England had 8.4 million pupils in January 2015 and 1.3 million with SEN.
constexpr Range kPupils{0, 2e7, "a number of pupils, at most a few times England's 8.4 million"};
// England's reception intake was 760,000 in 2015.
constexpr Range kIntake{0, 3e6, "a reception intake, at most a few times England's 760,000"};
// England had 236,000 plans in 2015 and 639,000 in 2025.
constexpr Range kPlans{0, 2e6, "a number of plans, at most a few times England's 639,000 (2025)"};
// Rates per pupil-year: at most a few times England's highest observed.
constexpr Range kIdentificationRate{0, 0.3, "pupils newly on SEN Support per pupil a year, a few times England's highest (0.06)"};
constexpr Range kRequestRate{0, 0.5, "requests per pupil on SEN Support a year, a few times England's highest (0.10 in 2024)"};
constexpr Range kEarlyYearsRequestRate{0, 0.1, "requests per child aged 2-3 a year, a few times England's highest (0.02 in 2024)"};
constexpr Range kAgeRelative{0.05, 20, "a rate relative to the average, between a twentieth and twenty times"};
constexpr Range kAppealRate{0, 0.2, "appeals per appealable decision, a few times England's highest (0.032 in 2024)"};
constexpr Range kDecisionWeeks{0, 52, "weeks to a decision to assess (the law allows 6), at most a year"};
constexpr Range kNotIssueWeeks{0, 104, "weeks to a decision not to issue (the law allows 16), at most two years"};
constexpr Range kPercent{0, 100, "a percentage"};
constexpr Range kGrowth{-0.5, 1.0, "a yearly growth, between halving and doubling"};
// The dearest placements (residential, secure) cost about GBP 1 million a year.
constexpr Range kCostPerPlan{0, 1e6, "GBP a plan a year, at most the dearest placements' GBP 1 million"};
constexpr Range kCostPerPupil{0, 1e5, "GBP a pupil a year, at most GBP 100,000"};

// What a parameter table holds: `value`, a trend's fields, the intake's years and values, a
// published share's counts (numerator of denominator, and the table they are from), or a series of
// yearly values from a first year.
enum class Shape { Value, Trend, Intake, Count, Series };
struct KnownParameter {
  const char* name;
  Shape shape = Shape::Value;
};
struct KnownSection {
  const char* name;
  std::vector<KnownParameter> parameters;
};

// Every section and parameter of a parameter file; [year_effects] adds `from` and the names of
// model::year_effect_slots. A key not here is refused, not ignored.
const std::vector<KnownSection>& known_sections() {
  static const std::vector<KnownSection> sections = {
      {"population", {{"census_year"}, {"pupils"}, {"sen_support"}, {"pupils_with_plan"}, {"share_y12"},
                      {"share_y13"}, {"male_share"}, {"intake", Shape::Intake}}},
      {"sen_support", {{"identified_at_entry"}, {"identification", Shape::Trend}, {"exit"}}},
      {"requests", {{"rate", Shape::Trend}, {"early_years_rate", Shape::Trend}, {"early_years_aged_two"}, {"male_relative_rate"}, {"age_relative"}, {"withdrawn"},
                    {"refused"}, {"decision_weeks_min"}, {"decision_weeks_max"}}},
      {"assessment", {{"issued"}, {"within_20_weeks"}, {"exception_share"}, {"timely_weeks_min"}, {"late_mean_weeks"},
                      {"not_issue_weeks_min"}, {"not_issue_weeks_max"}}},
      {"placement", {{"early_years"}, {"school"}, {"post16"}, {"school_entry"}, {"mainstream_to_special"},
                     {"special_to_mainstream"}, {"phase_transfer_to_special"}, {"after_year_11"}, {"after_year_13"},
                     {"after_special"}}},
      {"cease", {{"at_review"}, {"under_five_review_months"}}},
      {"capacity", {{"initial_slack"}, {"growth"}}},
      {"appeals", {{"rate", Shape::Trend}, {"placement_only_share"}, {"hearing_months"}, {"upheld"}}},
      {"stock", {{"by_age_band"}, {"by_setting"}, {"under_five_age_weights"}, {"age_16_19_weights"}, {"need_shares"},
                 {"new_need_shares"}}},
      {"finance", {{"place"}, {"top_up"}, {"notional_sen"}, {"sen_support_cost"}, {"non_plan_share"},
                   {"price_base_year"}, {"inflation"}, {"allocation_growth"}, {"transfer_share"}, {"interest_rate"},
                   {"override_end_year"}, {"threshold_share"}, {"write_off_share"}, {"write_off_balance_year"},
                   {"write_off_withheld"}, {"central_from_year"}, {"price_rises", Shape::Series},
                   {"cost_rises", Shape::Series}}},
      {"returns", {{"specialist_post16", Shape::Count}, {"non_maintained_special", Shape::Count}, {"home_education", Shape::Count},
                   {"eotas", Shape::Count}}},
      {"year_effects", [] {
         std::vector<KnownParameter> names = {{"from"}};
         model::SendParams p;
         for (const auto& slot : model::year_effect_slots(p)) names.push_back({slot.name});
         return names;
       }()},
  };
  return sections;
}

std::vector<std::string> fields_of(Shape shape) {
  switch (shape) {
    case Shape::Value: return {"value", "source"};
    case Shape::Trend: return {"base", "base_year", "growth", "first_year", "last_year", "source"};
    case Shape::Intake: return {"years", "value", "source"};
    case Shape::Count: return {"numerator", "denominator", "table", "source"};
    case Shape::Series: return {"from", "value", "source"};
  }
  return {};
}

// Every key of the document, section by section and parameter by parameter, is one the file may
// hold: the first that is not is refused at its line with the nearest known name.
void refuse_unknown_keys_in(const toml::table& root, const std::string& file) {
  std::vector<std::string> section_names;
  for (const auto& s : known_sections()) section_names.push_back(s.name);
  refuse_unknown_keys(root, "", section_names, file);
  for (const auto& section : known_sections()) {
    const toml::table* t = root.get_as<toml::table>(section.name);
    if (!t) continue;
    std::vector<std::string> names;
    for (const auto& p : section.parameters) names.push_back(p.name);
    refuse_unknown_keys(*t, section.name, names, file);
    for (const auto& p : section.parameters)
      if (const toml::table* param = t->get_as<toml::table>(p.name))
        refuse_unknown_keys(*param, std::string(section.name) + "." + p.name, fields_of(p.shape), file);
  }
}

bool is_known_parameter(const std::string& path) {
  const auto dot = path.find('.');
  for (const auto& section : known_sections())
    if (path.compare(0, dot, section.name) == 0)
      for (const auto& p : section.parameters)
        if (path.compare(dot + 1, std::string::npos, p.name) == 0) return true;
  return false;
}

class Reader {
 public:
  Reader(const toml::table& root, std::string file) : root_(root), file_(std::move(file)) {}

  [[noreturn]] void fail(const toml::node* node, const std::string& field, const std::string& what) const {
    const int line = node ? static_cast<int>(node->source().begin.line) : 0;
    throw InputError(file_, line, field, what);
  }

  // The parameter table at `path` ("section.name"), which must carry a non-empty source.
  const toml::table& param(const std::string& path) const {
    if (!is_known_parameter(path)) throw std::logic_error("send_params: " + path + " is read but not in known_sections()");
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

  double number(const toml::table& t, const std::string& path, const char* key, const Range& range) const {
    const toml::node* node = t.get(key);
    if (!node) fail(&t, path + "." + key, "missing");
    std::optional<double> v = node->value<double>();
    if (!v || !std::isfinite(*v)) fail(node, path + "." + key, "must be a number");
    if (*v < range.min || *v > range.max) {
      std::ostringstream msg;
      msg << *v << " is outside the possible range [" << range.min << ", " << range.max << "]: " << range.what;
      fail(node, path + "." + key, msg.str());
    }
    return *v;
  }

  // A whole number (months, years): 6.9 months is an error, not 6.
  int whole(const toml::table& t, const std::string& path, const char* key, const Range& range) const {
    const double v = number(t, path, key, range);
    if (v != std::floor(v)) fail(t.get(key), path + "." + key, "must be a whole number");
    return static_cast<int>(v);
  }
  int whole_value(const std::string& path, const Range& range) const { return whole(param(path), path, "value", range); }

  double value(const std::string& path, const Range& range) const { return number(param(path), path, "value", range); }
  double probability(const std::string& path) const { return value(path, kProbability); }

  template <std::size_t N>
  std::array<double, N> array(const std::string& path, const Range& range, bool shares) const {
    const double lo = range.min, hi = range.max;
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
        msg << "element " << k + 1 << " must be a number in [" << lo << ", " << hi << "]: " << range.what;
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

  // A share as published counts (model::PublishedShare): a numerator of a denominator of plans, the
  // numerator no more than the denominator, the table they are from named.
  model::PublishedShare published_share(const std::string& path) const {
    const toml::table& t = param(path);
    model::PublishedShare s;
    s.numerator = number(t, path, "numerator", kPlans);
    s.denominator = number(t, path, "denominator", kPlans);
    for (const char* key : {"numerator", "denominator"}) {
      const double v = *t.get(key)->value<double>();
      if (v != std::floor(v)) fail(t.get(key), path + "." + key, "must be a whole number of plans");
    }
    if (s.denominator <= 0) fail(t.get("denominator"), path + ".denominator", "must be above 0: the plans the share is of");
    if (s.numerator > s.denominator) {
      std::ostringstream msg;
      msg << s.numerator << " is more than the denominator " << s.denominator << ": a share is a part of the whole";
      fail(t.get("numerator"), path + ".numerator", msg.str());
    }
    const auto* table = t.get_as<std::string>("table");
    if (!table || table->get().empty()) fail(t.get("table") ? t.get("table") : &t, path + ".table", "missing: the published table the counts are from");
    s.table = table->get();
    s.source = t.get_as<std::string>("source")->get();
    return s;
  }

  // A rate that follows a trend: within `range` in every year of it.
  model::Trend trend(const std::string& path, const Range& range) const {
    const toml::table& t = param(path);
    model::Trend tr;
    tr.base = number(t, path, "base", range);
    tr.base_year = whole(t, path, "base_year", kYear);
    tr.growth = number(t, path, "growth", kGrowth);
    tr.first_year = whole(t, path, "first_year", kYear);
    tr.last_year = whole(t, path, "last_year", kYear);
    if (tr.first_year > tr.last_year)
      fail(t.get("last_year"), path + ".last_year", "is before first_year");
    check_trend(tr, path, range, &t);
    return tr;
  }

  // The trend (with its calendar-year effects) stays within `range` in every year it moves.
  void check_trend(const model::Trend& tr, const std::string& path, const Range& range, const toml::node* at) const {
    int last = tr.last_year;
    if (!tr.effect.values.empty()) last = std::max(last, tr.effect.from + static_cast<int>(tr.effect.values.size()) - 1);
    for (int y = std::min(tr.first_year, tr.effect.values.empty() ? tr.first_year : tr.effect.from); y <= last; ++y)
      if (tr.at(y) > range.max) {
        std::ostringstream msg;
        msg << "reaches " << tr.at(y) << " in " << y << ", above the possible " << range.max << ": " << range.what;
        fail(at, path, msg.str());
      }
  }

 private:
  const toml::table& root_;
  std::string file_;
};

// The optional [year_effects] section (model::YearEffects): `from`, then one array of factors per
// parameter it names. An unknown name is an error, not ignored.
constexpr double kEffectLo = 0.05, kEffectHi = 20.0;
void read_year_effects(const toml::table& root, const Reader& r, model::SendParams& p) {
  const toml::table* section = root.get_as<toml::table>("year_effects");
  if (!section) return;
  const int from = r.whole_value("year_effects.from", kYear);
  const auto targets = model::year_effect_slots(p);
  for (const auto& [key, node] : *section) {
    const std::string name(key.str());
    if (name == "from") continue;
    const std::string path = "year_effects." + name;
    const auto it = std::find_if(targets.begin(), targets.end(), [&](const auto& t) { return t.name == name; });
    if (it == targets.end()) r.fail(&node, path, "is not a parameter with year effects");  // refused before, by name
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

// [returns]: the splits of a model placement in the DfE returns (report/returns.h), as published
// counts; elective home education and EOTAS are two parts of the one "other" placement.
model::ReturnSplitParams read_returns(const Reader& r) {
  model::ReturnSplitParams s;
  s.specialist_post16 = r.published_share("returns.specialist_post16");
  s.non_maintained = r.published_share("returns.non_maintained_special");
  s.home_education = r.published_share("returns.home_education");
  s.eotas = r.published_share("returns.eotas");
  if (s.home_education.share() + s.eotas.share() > 1 + 1e-12)
    r.fail(r.param("returns.eotas").get("numerator"), "returns.eotas",
           "with returns.home_education is more than all of the model's other placements");
  return s;
}

}  // namespace

model::SendParams parse_send_params(std::string_view text, const std::string& source_name) {
  const toml::table root = parse_toml(text, source_name);
  refuse_unknown_keys_in(root, source_name);
  const Reader r(root, source_name);
  model::SendParams p;
  p.source_file = source_name;

  auto& pop = p.population;
  pop.census_year = r.whole_value("population.census_year", kYear);
  pop.pupils = r.value("population.pupils", {1, kPupils.max, kPupils.what});
  pop.sen_support = r.value("population.sen_support", kPupils);
  pop.pupils_with_plan = r.value("population.pupils_with_plan", kPupils);
  if (pop.sen_support + pop.pupils_with_plan > pop.pupils)
    r.fail(r.param("population.sen_support").get("value"), "population.sen_support",
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
    if (years->size() > 100) r.fail(years, "population.intake.years", "must hold at most 100 years");
    for (std::size_t k = 0; k < years->size(); ++k) {
      auto y = (*years)[k].value<int64_t>();
      auto v = (*values)[k].value<double>();
      if (!y || *y < kYear.min || *y > kYear.max)
        r.fail(&(*years)[k], "population.intake.years", "must be whole years in [2000, 2100]: " + std::string(kYear.what));
      if (k > 0 && *y != pop.intake_years.back() + 1)
        r.fail(&(*years)[k], "population.intake.years", "must be consecutive whole years");
      if (!v || !std::isfinite(*v) || *v < kIntake.min || *v > kIntake.max)
        r.fail(&(*values)[k], "population.intake.value", "must be a number of pupils in [0, 3000000]: " + std::string(kIntake.what));
      pop.intake_years.push_back(static_cast<int>(*y));
      pop.intake.push_back(*v);
    }
  }

  p.sen_support.identified_at_entry = r.probability("sen_support.identified_at_entry");
  p.sen_support.identification = r.trend("sen_support.identification", kIdentificationRate);
  p.sen_support.exit = r.probability("sen_support.exit");

  auto& rq = p.requests;
  rq.rate = r.trend("requests.rate", kRequestRate);
  rq.early_years_rate = r.trend("requests.early_years_rate", kEarlyYearsRequestRate);
  rq.early_years_aged_two = r.probability("requests.early_years_aged_two");
  rq.male_relative_rate = r.value("requests.male_relative_rate", {0.1, 10, "boys' rate relative to girls' (England: 2.3)"});
  rq.age_relative = r.array<4>("requests.age_relative", kAgeRelative, false);
  rq.withdrawn = r.probability("requests.withdrawn");
  rq.refused = r.probability("requests.refused");
  rq.decision_weeks_min = r.value("requests.decision_weeks_min", kDecisionWeeks);
  rq.decision_weeks_max = r.value("requests.decision_weeks_max", kDecisionWeeks);
  if (rq.decision_weeks_min > rq.decision_weeks_max)
    r.fail(r.param("requests.decision_weeks_min").get("value"), "requests.decision_weeks_min", "is larger than decision_weeks_max");

  auto& as = p.assessment;
  as.issued = r.probability("assessment.issued");
  as.within_20_weeks = r.probability("assessment.within_20_weeks");
  as.exception_share = r.probability("assessment.exception_share");
  as.timely_weeks_min = r.value("assessment.timely_weeks_min", {0, 20, "weeks: a timely plan comes within 20 weeks"});
  as.late_mean_weeks = r.value("assessment.late_mean_weeks", {0.1, 260, "weeks beyond the 20, at most five years"});
  as.not_issue_weeks_min = r.value("assessment.not_issue_weeks_min", kNotIssueWeeks);
  as.not_issue_weeks_max = r.value("assessment.not_issue_weeks_max", kNotIssueWeeks);
  if (as.not_issue_weeks_min > as.not_issue_weeks_max)
    r.fail(r.param("assessment.not_issue_weeks_min").get("value"), "assessment.not_issue_weeks_min", "is larger than not_issue_weeks_max");

  auto& pl = p.placement;
  pl.early_years = r.array<9>("placement.early_years", kShare, true);
  pl.school = r.array<9>("placement.school", kShare, true);
  pl.post16 = r.array<9>("placement.post16", kShare, true);
  pl.school_entry = r.array<9>("placement.school_entry", kShare, true);
  pl.mainstream_to_special = r.probability("placement.mainstream_to_special");
  pl.special_to_mainstream = r.probability("placement.special_to_mainstream");
  pl.phase_transfer_to_special = r.probability("placement.phase_transfer_to_special");
  pl.after_year_11 = r.array<4>("placement.after_year_11", kShare, true);
  pl.after_year_13 = r.array<4>("placement.after_year_13", kShare, true);
  pl.after_special = r.array<4>("placement.after_special", kShare, true);

  p.cease.at_review = r.array<model::kAgeBandCount>("cease.at_review", kProbability, false);
  p.cease.under_five_review_months = r.whole_value("cease.under_five_review_months", {1, 12, "months: a plan is reviewed at least every 12"});

  p.capacity.initial_slack = r.value("capacity.initial_slack", {0, 2, "spare places as a share of those filled, at most twice as many"});
  p.capacity.growth = r.value("capacity.growth", {-0.2, 0.5, "a yearly growth of places (England: 5%)"});

  p.appeals.rate = r.trend("appeals.rate", kAppealRate);
  p.appeals.placement_only_share = r.probability("appeals.placement_only_share");
  p.appeals.hearing_months = r.whole_value("appeals.hearing_months", {1, 36, "months to a hearing, at most three years"});
  p.appeals.upheld = r.probability("appeals.upheld");

  auto& st = p.stock;
  st.by_age_band = r.array<model::kAgeBandCount>("stock.by_age_band", kPlans, false);
  st.by_setting = r.array<9>("stock.by_setting", kPlans, false);
  double by_age = 0, by_setting = 0;
  for (double v : st.by_age_band) by_age += v;
  for (double v : st.by_setting) by_setting += v;
  if (std::abs(by_age - by_setting) > 0.005 * by_age) {
    std::ostringstream msg;
    msg << "plans by setting add up to " << by_setting << " but plans by age band to " << by_age;
    r.fail(r.param("stock.by_setting").get("value"), "stock.by_setting", msg.str());
  }
  st.under_five_age_weights = r.array<5>("stock.under_five_age_weights", kShare, true);
  st.age_16_19_weights = r.array<4>("stock.age_16_19_weights", kShare, true);
  st.need_shares = r.array<14>("stock.need_shares", kPercent, false);
  st.new_need_shares = r.array<14>("stock.new_need_shares", kPercent, false);
  p.returns = read_returns(r);
  read_year_effects(root, r, p);
  // With their calendar-year effects the rates stay within their ranges.
  r.check_trend(p.sen_support.identification, "sen_support.identification", kIdentificationRate, &r.param("sen_support.identification"));
  r.check_trend(rq.rate, "requests.rate", kRequestRate, &r.param("requests.rate"));
  r.check_trend(rq.early_years_rate, "requests.early_years_rate", kEarlyYearsRequestRate, &r.param("requests.early_years_rate"));
  r.check_trend(p.appeals.rate, "appeals.rate", kAppealRate, &r.param("appeals.rate"));
  return p;
}

model::SendParams load_send_params_file(const std::string& path) { return parse_send_params(io::read_text_file(path), path); }

namespace {

// finance.price_rises / finance.cost_rises = { from = FY, value = [rise, ...], source = "..." }: the
// rise of prices, or of top-ups and fees, into financial years from, from+1, ... (each optional:
// without it every year rises by finance.inflation).
void read_yearly_rises(const Reader& r, const std::string& key, std::map<int, double>& rises) {
  const toml::table& t = r.param(key);
  const toml::node* from_node = t.get("from");
  const auto from = from_node ? from_node->value<int64_t>() : std::nullopt;
  if (!from || *from < 2000 || *from > 2080) r.fail(from_node ? from_node : &t, key + ".from", "needs `from`, the first financial year (2016 for 2016-17)");
  const auto* values = t.get_as<toml::array>("value");
  if (!values || values->empty()) r.fail(&t, key, "needs an array `value` of yearly rises");
  if (values->size() > 80) r.fail(values, key, "holds at most 80 years");
  int fy = static_cast<int>(*from);
  for (const auto& node : *values) {
    const auto v = node.value<double>();
    if (!v || !std::isfinite(*v) || *v < -0.1 || *v > 0.5)
      r.fail(&node, key, "must be yearly rises between -0.1 and 0.5 (0.07 for 7%)");
    rises[fy++] = *v;
  }
}

}  // namespace

finance::FinanceParams parse_finance_params(std::string_view text, const std::string& source_name, const LaRegister& la_register) {
  const toml::table root = parse_toml(text, source_name);
  refuse_unknown_keys_in(root, source_name);
  const Reader r(root, source_name);
  finance::FinanceParams p;
  p.place = r.array<kSettingCount>("finance.place", kCostPerPlan, false);
  p.top_up = r.array<kSettingCount>("finance.top_up", kCostPerPlan, false);
  p.notional_sen = r.value("finance.notional_sen", kCostPerPupil);
  p.sen_support_cost = r.value("finance.sen_support_cost", kCostPerPupil);
  p.non_plan_share = r.value("finance.non_plan_share", {0, 2, "spend beyond plans as a share of plan spend, at most twice"});
  p.price_base_year = r.whole_value("finance.price_base_year", kYear);
  p.inflation = r.value("finance.inflation", {-0.1, 0.5, "a yearly price rise"});
  p.allocation_growth = r.value("finance.allocation_growth", {-0.2, 0.5, "a yearly cash growth (the lever high_needs_funding_growth's range)"});
  p.transfer_share = r.value("finance.transfer_share", {0, 0.1, "a share of the schools block (0.5% is the usual limit)"});
  p.interest_rate = r.value("finance.interest_rate", {0, 0.25, "a yearly interest rate"});
  p.override_end_year = r.whole_value("finance.override_end_year", kYear);
  p.threshold_share = r.value("finance.threshold_share", {0, 10, "a deficit as a share of DSG income"});
  p.write_off_share = r.probability("finance.write_off_share");
  p.write_off_balance_year = r.whole_value("finance.write_off_balance_year", kYear);
  p.central_from_year = r.whole_value("finance.central_from_year", kYear);
  {
    const toml::table& t = r.param("finance.write_off_withheld");
    const auto* codes = t.get_as<toml::array>("value");
    if (!codes) r.fail(&t, "finance.write_off_withheld", "needs an array `value` of old LA codes (3-digit numbers)");
    if (codes->size() > 200) r.fail(codes, "finance.write_off_withheld", "must name at most 200 LAs");
    for (const auto& node : *codes) {
      const auto code = node.value<int64_t>();
      if (!code || *code < 100 || *code > 999)
        r.fail(&node, "finance.write_off_withheld", "must be old LA codes, 3-digit whole numbers (886 for Kent)");
      if (!la_register.find(std::to_string(*code)))
        r.fail(&node, "finance.write_off_withheld", std::to_string(*code) + " is not an LA in the register");
      p.write_off_withheld.push_back(std::to_string(*code));
    }
  }
  if (root.at_path("finance.price_rises")) read_yearly_rises(r, "finance.price_rises", p.price_rises);
  if (root.at_path("finance.cost_rises")) read_yearly_rises(r, "finance.cost_rises", p.cost_rises);
  return p;
}

finance::FinanceParams load_finance_params_file(const std::string& path) {
  return parse_finance_params(io::read_text_file(path), path);
}

}  // namespace sendtwin::data
