#include "scenario/scenario.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <sstream>
#include <toml++/toml.h>

#include "core/error.h"
#include "data/csv.h"
#include "data/la_register.h"
#include "data/toml_input.h"
#include "engine/rng.h"

namespace sendtwin::scenario {

namespace {

// Effects are written out to this year and held after: beyond any run.
constexpr int kFirstLeverYear = 2000, kLastYear = 2060;  // the years a lever may name

using model::SendParams;
using finance::FinanceParams;

// Multiplies a parameter's effects, from the setting's year on, by a factor that moves from 1 to
// `to` as the setting phases in.
void multiply_toward(YearEffects& e, const LeverSetting& l, double to) {
  multiply_years(e, l.from, kLastYear, [&](int year) { return 1.0 + (to - 1.0) * l.ramp(year); });
}
// Sets a parameter's amounts by year (in its unit, the lever's): `base` until the setting's year,
// then moving from `base` to the setting's value as it phases in.
void set_toward(YearEffects& e, const LeverSetting& l, double base) {
  set_amounts(e, l.from, kLastYear, base, [&](int year) { return base + (l.value - base) * l.ramp(year); });
}

}  // namespace

double phase_in(int year, int from, int phase_years) {
  if (year < from) return 0.0;
  return std::min(1.0, static_cast<double>(year - from + 1) / phase_years);
}

double LeverSetting::ramp(int year) const { return phase_in(year, from, phase_years); }

// Each lever beside the rule that applies it. Money levers act by financial year, the model's by
// calendar year (core/year_effects.h).
const std::vector<Lever>& lever_table() {
  static const std::vector<Lever> table = {
      {"notional_sen_threshold", "Notional SEN threshold (£ a pupil a year)", "GBP a pupil a year", 0, 100000, 6000,
       "The notional SEN threshold: a mainstream school meets a plan's additional support up to it (and SEN Support below "
       "it) from its notional SEN budget, the LA's high needs block pays the rest (domain.md 3.2: GBP 6,000). Money only: "
       "the model does not make schools' requests respond to it.",
       "Mainstream schools pay each pupil's extra support up to this amount from their own SEN budget; the "
       "high needs budget pays the rest. It moves money only, not the number of plans.",
       [](const LeverSetting& l, SendParams&, FinanceParams& money) {
         set_toward(money.notional_sen_threshold, l, money.notional_sen);
       }},
      {"element2_paid_by_high_needs", "Schools' share paid from high needs", "share, 0-1", 0, 1, 0,
       "Who pays the threshold: the share of element 2 of mainstream plans moved from schools' notional SEN budgets to "
       "the high needs block.",
       "The share of the extra support mainstream schools now pay for pupils with a plan that the high "
       "needs budget pays instead.",
       [](const LeverSetting& l, SendParams&, FinanceParams& money) {
         set_toward(money.element2_paid_by_high_needs, l, 0.0);
       }},
      {"inclusion_incentive", "Inclusion in mainstream schools", "share, 0-0.9", 0, 0.9, 0,
       "An inclusion incentive or accountability measure lowering mainstream schools' inclusion pressure (DESIGN.md 1): "
       "this share of moves from mainstream to special schools does not happen, and this share of the special placements "
       "of new school-age plans is made in mainstream instead.",
       "Incentives or accountability that help mainstream schools keep their pupils: this share of moves "
       "to special schools does not happen, and this share of new special school placements is made in "
       "mainstream instead.",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) {
         multiply_toward(send.placement.special_effect, l, 1.0 - l.value);
         multiply_toward(send.placement.move_to_special_effect, l, 1.0 - l.value);
       }},
      {"special_places_per_year", "New special school places a year (England)", "places a year, England", -50000, 100000, 0,
       "State special school places added each year (nationally; each LA gets its share by its state special plans in "
       "the start), beyond the trend growth. [special_places_by_la] names LAs' own figures instead.",
       "State special school places added each year across England beyond the trend; each LA gets its share.",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) { set_toward(send.capacity.added, l, 0.0); }},
      {"independent_direct_share", "Placements straight into independent schools", "factor, 0-2", 0, 2, 1,
       "Rules for independent placements: multiplies the share of new plans placed in independent special schools "
       "directly; the rest seek a state special place first (independent only when none is free).",
       "Multiplies the share of new plans placed straight into independent special schools; the rest look "
       "for a state special place first.",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) {
         multiply_toward(send.placement.independent_direct_effect, l, l.value);
       }},
      {"independent_fee", "Independent school fees", "factor, 0.3-3", 0.3, 3, 1,
       "Prices of independent placements: multiplies independent and non-maintained special school fees (GBP 60,800 "
       "in 2024-25, CCN/Isos), e.g. 0.9 for a 10% cap on fees.",
       "Multiplies the fees of independent and non-maintained special schools: 0.9 is a 10% cap.",
       [](const LeverSetting& l, SendParams&, FinanceParams& money) {
         multiply_toward(money.independent_fee_effect, l, l.value);
       }},
      {"high_needs_funding_growth", "High needs funding growth a year", "a year, -0.2 to 0.5", -0.2, 0.5, 0.03,
       "Cash growth of every LA's high needs block allocation in each year from `from` (the default assumption is 3% a "
       "year after 2023-24).",
       "Cash growth each year of every LA's high needs allocation, from the first year the levers act in: "
       "0.03 is 3% a year.",
       [](const LeverSetting& l, SendParams&, FinanceParams& money) {
         set_toward(money.high_needs_funding_growth, l, money.allocation_growth);
       }},
      {"timeliness_target", "Plans issued within 20 weeks (goal)", "share, 0-1", 0, 1, std::numeric_limits<double>::quiet_NaN(),
       "Assessment timeliness: a goal for the share of new plans issued within 20 weeks (excluding exceptions) that "
       "every LA moves toward from its own (England 2024: 46.4%). Leave it out for no goal.",
       "A goal for the share of new plans issued within the 20-week limit; each LA moves toward it from "
       "its own rate. Leave it empty for no goal.",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) {
         // A goal for every LA: each moves from its own timeliness toward it by the weight of the year.
         set_amounts(send.assessment.timeliness_goal, l.from, kLastYear, l.value, [&](int) { return l.value; });
         set_amounts(send.assessment.timeliness_goal_weight, l.from, kLastYear, 0.0,
                     [&](int year) { return l.ramp(year); });
       }},
      {"sen_support_quality", "Better SEN Support", "share, 0-0.9", 0, 0.9, 0,
       "Better SEN Support: requests for an EHC needs assessment per pupil on SEN Support fall by this "
       "share.",
       "Requests for an EHC needs assessment from pupils on SEN Support fall by this share: 0.2 is a fifth "
       "fewer.",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) {
         multiply_toward(send.requests.rate.effect, l, 1.0 - l.value);
         multiply_toward(send.requests.early_years_rate.effect, l, 1.0 - l.value);
       }},
      {"tribunal_appeal_rate", "Appeals to the SEND Tribunal", "factor, 0-5", 0, 5, 1,
       "Tribunal behaviour: multiplies the rate at which families appeal decisions to the SEND Tribunal.",
       "Multiplies how often families appeal an LA's decision to the SEND Tribunal.",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) {
         multiply_toward(send.appeals.rate.effect, l, l.value);
       }},
      {"tribunal_upheld", "Appeals decided for the family", "share, 0-1", 0, 1, std::numeric_limits<double>::quiet_NaN(),
       "Tribunal behaviour: the share of appeals decided wholly or partly for the family (2023: 98%). "
       "Leave it out for no change.",
       "The share of Tribunal appeals decided wholly or partly for the family. Leave it empty for no change.",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) {
         set_toward(send.appeals.tribunal_upheld, l, send.appeals.upheld);
       }},
      // The Schools White Paper (23 Feb 2026; reform-2026.md B): proposed, not law.
      {"individual_support_plans", "Individual Support Plans (White Paper)", "share, 0-1", 0, 1, 0,
       "White Paper: the share of pupils on SEN Support (the Targeted layers, and pupils whose plan ended) holding an "
       "Individual Support Plan, written by the school, reviewed yearly, no Tribunal route; the duty covers every child "
       "with SEND (1). Counted as `isps`.",
       "The share of pupils on SEN Support who hold an Individual Support Plan: written by their school, "
       "reviewed each year, with no appeal to the Tribunal.",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) { set_toward(send.reform.isp, l, 0.0); }},
      {"specialist_eligibility", "New plans kept for specialist needs (White Paper)", "share, 0-1", 0, 1, 1,
       "White Paper: EHC plans only for the Specialist layer. The share of assessments that would have ended in a plan "
       "that meet a Specialist Provision Package, for the needs the packages name (PMLD, SLD, Down syndrome, ASD, SLCN, "
       "SEMH, HI, VI, MSI, PD); the rest get an ISP and may appeal. A plan the Tribunal orders stands.",
       "Of the assessments that would have ended in a plan, the share that still do, for the needs a "
       "specialist package names (such as autism or severe learning difficulties); the rest get an "
       "Individual Support Plan and may appeal.",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) { set_toward(send.reform.package_eligibility, l, 1.0); }},
      {"specialist_eligibility_other", "New plans kept for other needs (White Paper)", "share, 0-1", 0, 1, 1,
       "White Paper: as specialist_eligibility, for the needs no package names (SpLD, MLD, other, not yet "
       "assessed).",
       "As 'New plans kept for specialist needs', for the needs no specialist package names (such as "
       "specific or moderate learning difficulties).",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) { set_toward(send.reform.other_eligibility, l, 1.0); }},
      {"phase_transfer_reassessment", "Reassessed at a change of school (White Paper)", "share, 0-1", 0, 1, 0,
       "White Paper: at the end of primary and of key stage 4, this share of plan holders in mainstream is reassessed "
       "out of the Specialist layer to an ISP (the decision can be appealed). Pupils in special schools keep their place "
       "to the end of the phase.",
       "At the end of primary school and of year 11, this share of mainstream pupils with a plan move to "
       "an Individual Support Plan (they may appeal).",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) { set_toward(send.reform.reassessed_to_isp, l, 0.0); }},
      {"annual_reviews_school_age", "Annual reviews kept (White Paper)", "share, 0-1", 0, 1, 1,
       "White Paper: the share of school-age plans' (ages 5-15) annual reviews that still take place; 0 replaces them "
       "by the phase-transfer reviews (early years and post-16 keep theirs). Fewer reviews end fewer plans and bring "
       "fewer appeals.",
       "The share of school-age plans' annual reviews that still take place; 0 keeps only the reviews at a "
       "change of school. Fewer reviews end fewer plans.",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) {
         multiply_toward(send.reform.school_age_reviews, l, l.value);
       }},
      {"tribunal_names_school", "Tribunal names the special school (White Paper)", "share, 0-1", 0, 1, 1,
       "White Paper: the share of upheld placement appeals for a mainstream plan holder that still get the family's "
       "(special) school; for the rest the Tribunal quashes the decision and the LA names a school from its list, in "
       "mainstream.",
       "Of appeals won over a mainstream pupil's school, the share in which the family still gets the "
       "special school it asked for; for the rest the LA names a mainstream school.",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) { set_toward(send.reform.tribunal_names_school, l, 1.0); }},
      {"inclusion_funds", "Inclusion funds (£ a year, England, White Paper)", "GBP a year, England", 0, 5e9, 0,
       "White Paper: funds for mainstream inclusion outside the DSG (GBP 4bn over three years: Inclusive Mainstream Fund "
       "GBP 1.6bn, Experts at Hand GBP 1.8bn, training, outreach, LA transformation), paid for three financial years "
       "from `from`; each ledger shows its share by the plans it holds (`white_paper_grants`). Not in the "
       "DSG balance.",
       "Money for inclusion in mainstream schools, outside the high needs budget, paid for three years "
       "from the first year the levers act in; each LA gets a share by its plans.",
       [](const LeverSetting& l, SendParams&, FinanceParams& money) {
         set_amounts(money.white_paper_grants, l.from, kLastYear, 0.0,
                     [&](int fy) { return fy < l.from + 3 ? l.value * l.ramp(fy) : 0.0; });
       }},
      {"pupil_numbers", "Pupil numbers", "factor, 0.5-1.5", 0.5, 1.5, 1,
       "Demographic variant: multiplies each reception intake (the principal projection holds the 2024 intake), e.g. "
       "0.95 for a low births variant.",
       "Multiplies each year's intake of new pupils: 0.95 is a low births variant.",
       [](const LeverSetting& l, SendParams& send, FinanceParams&) {
         multiply_toward(send.population.intake_effect, l, l.value);
       }},
  };
  return table;
}

const Lever* find_lever(std::string_view name) {
  for (const auto& l : lever_table())
    if (name == l.name) return &l;
  return nullptr;
}

namespace {

using data::line_of;

// { value = ..., from = ..., phase_years = ... } at `path`.
struct Setting {
  double value = 0;
  int from = 2026, phase_years = 1, line = 0;
};
// `unit` says what bounds the value (the lever table's unit), given with the range when it is outside.
Setting read_setting(const toml::node& node, const std::string& path, const std::string& file, double lo, double hi,
                     const char* unit) {
  const toml::table* t = node.as_table();
  if (!t) throw InputError(file, line_of(node), path, "must be a table { value = ..., from = YEAR, phase_years = N }");
  Setting s;
  s.line = line_of(node);
  data::refuse_unknown_keys(*t, path, {"value", "from", "phase_years"}, file);
  const toml::node* value = t->get("value");
  if (!value) throw InputError(file, s.line, path + ".value", "missing");
  const auto number = value->value<double>();
  if (!number || !std::isfinite(*number)) throw InputError(file, line_of(*value), path + ".value", "must be a number");
  if (*number < lo || *number > hi) {
    std::ostringstream msg;
    msg << *number << " is outside the lever's range [" << lo << ", " << hi << "]: " << unit;
    throw InputError(file, line_of(*value), path + ".value", msg.str());
  }
  s.value = *number;
  auto whole = [&](const char* key, int low, int high, int fallback) {
    const toml::node* n = t->get(key);
    if (!n) return fallback;
    const auto v = n->value<double>();
    if (!v || *v != std::floor(*v) || *v < low || *v > high) {
      std::ostringstream msg;
      msg << "must be a whole number in [" << low << ", " << high << "]";
      throw InputError(file, line_of(*n), path + "." + key, msg.str());
    }
    return static_cast<int>(*v);
  };
  s.from = whole("from", kFirstLeverYear, kLastYear, 2026);
  s.phase_years = whole("phase_years", 1, 30, 1);
  return s;
}

std::string text_field(const toml::table& t, const char* key, const std::string& file, int line) {
  const toml::node* n = t.get(key);
  if (!n) throw InputError(file, line, std::string("scenario.") + key, "missing: every scenario says what it is and where it comes from");
  const auto v = n->value<std::string>();
  if (!v || v->empty()) throw InputError(file, line_of(*n), std::string("scenario.") + key, "must be a non-empty string");
  return *v;
}

}  // namespace

namespace {

// A DfE 3-digit LA code, the key of [special_places_by_la] and [la."CODE"].
bool is_la_code(const std::string& code) {
  return code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// [la."CODE".levers]: each LA's own levers, as [levers] (every lever that acts on one LA).
void read_local_levers(const toml::table& root, const std::string& file, Scenario& s) {
  const toml::node* node = root.get("la");
  if (!node) return;
  const toml::table* las = node->as_table();
  if (!las) throw InputError(file, line_of(*node), "la", "must be a table of LA codes: [la.\"886\".levers]");
  std::vector<std::string> known;
  for (const auto& l : lever_table())
    if (acts_on_one_la(l)) known.emplace_back(l.name);
  for (const auto& [key, la_node] : *las) {
    const std::string code(key.str());
    const std::string path = "la." + data::printable_key(code);
    if (!is_la_code(code)) throw InputError(file, line_of(la_node), path, "is not a DfE 3-digit LA code");
    const toml::table* la = la_node.as_table();
    if (!la) throw InputError(file, line_of(la_node), path, "must be a table with a table of levers: [la.\"" + code + "\".levers]");
    data::refuse_unknown_keys(*la, path, {"levers"}, file);
    const toml::table* levers = la->get_as<toml::table>("levers");
    if (!levers) throw InputError(file, line_of(la_node), path + ".levers", "missing, or not a table of levers");
    LocalLevers local{code, {}, line_of(la_node)};
    for (const auto& [lever_key, lever_node] : *levers) {
      const std::string name(lever_key.str());
      const Lever* info = find_lever(name);
      if (info && !acts_on_one_la(*info))
        throw InputError(file, line_of(lever_node), path + ".levers." + name,
                         std::string(kNotOneLa) + " (for an LA's own places, [special_places_by_la])");
      if (!info) data::refuse_unknown_keys(*levers, path + ".levers", known, file);
      const Setting set = read_setting(lever_node, path + ".levers." + name, file, info->lo, info->hi, info->unit);
      local.levers.push_back({name, set.value, set.from, set.phase_years, set.line});
    }
    s.local.push_back(std::move(local));
  }
}

}  // namespace

Scenario parse_scenario(std::string_view text, const std::string& file) {
  const toml::table root = data::parse_toml(text, file);
  Scenario s;
  s.file = file;
  data::refuse_unknown_keys(root, "", {"scenario", "levers", "special_places_by_la", "la"}, file);
  const toml::table* head = root.get_as<toml::table>("scenario");
  if (!head) throw InputError(file, 1, "scenario", "missing: a [scenario] section with name, description and source");
  const int head_line = line_of(*head);
  data::refuse_unknown_keys(*head, "scenario", {"name", "description", "source"}, file);
  s.name = text_field(*head, "name", file, head_line);
  s.description = text_field(*head, "description", file, head_line);
  s.source = text_field(*head, "source", file, head_line);
  if (s.name == "baseline") throw InputError(file, line_of(*head->get("name")), "scenario.name", "\"baseline\" names the run without levers");
  if (const toml::table* levers = root.get_as<toml::table>("levers")) {
    std::vector<std::string> known;
    for (const auto& l : lever_table()) known.emplace_back(l.name);
    data::refuse_unknown_keys(*levers, "levers", known, file);
    for (const auto& [key, node] : *levers) {
      const std::string name(key.str());
      const Lever* info = find_lever(name);
      const Setting set = read_setting(node, "levers." + name, file, info->lo, info->hi, info->unit);
      s.levers.push_back({name, set.value, set.from, set.phase_years, set.line});
    }
  } else if (root.get("levers")) {
    throw InputError(file, line_of(*root.get("levers")), "levers", "must be a table of levers");
  }
  if (root.get("special_places_by_la") && !root.get_as<toml::table>("special_places_by_la"))
    throw InputError(file, line_of(*root.get("special_places_by_la")), "special_places_by_la", "must be a table of LA codes");
  if (const toml::table* places = root.get_as<toml::table>("special_places_by_la")) {
    for (const auto& [key, node] : *places) {
      const std::string code(key.str());
      if (!is_la_code(code))
        throw InputError(file, line_of(node), "special_places_by_la." + data::printable_key(code), "is not a DfE 3-digit LA code");
      const Setting set = read_setting(node, "special_places_by_la." + code, file, -10000, 10000,
                                       "places a year in one LA (Birmingham, the largest, had 3,812 plans in state special schools in 2015)");
      s.places_by_la.push_back({code, set.value, set.from, set.phase_years, set.line});
    }
  }
  read_local_levers(root, file, s);
  return s;
}

void check_las(const Scenario& scenario, const data::LaRegister& las, int start_year) {
  // A run starts from the LAs of its January: an LA made later, or abolished before, is no area of it.
  const auto existing = las.in_existence(start_year);
  struct Named {
    std::string code, field;
    int line;
  };
  std::vector<Named> named;
  for (const auto& p : scenario.places_by_la) named.push_back({p.code, "special_places_by_la." + p.code, p.line});
  for (const auto& l : scenario.local) named.push_back({l.code, "la." + l.code, l.line});
  for (const auto& p : named) {
    const data::LaRecord* la = las.find(p.code);
    const std::string& field = p.field;
    if (!la || la->old_code != p.code) throw InputError(scenario.file, p.line, field, "not an LA of DfE's register (data/la/register.csv)");
    if (std::none_of(existing.begin(), existing.end(), [&](const data::LaRecord* r) { return r == la; })) {
      std::string replaced;
      for (const auto& r : las.records())
        if (std::find(r.successors.begin(), r.successors.end(), la->old_code) != r.successors.end())
          replaced += (replaced.empty() ? "" : ", ") + r.old_code + " " + r.name;
      throw InputError(scenario.file, p.line, field,
                       la->name + " did not exist in January " + std::to_string(start_year) +
                           ", where the run starts" + (replaced.empty() ? std::string() : ": name the LA it replaced (" + replaced + ")"));
    }
  }
}


bool is_sweep_plan(std::string_view text) {
  try {
    const toml::table root = data::parse_toml(text, "");
    return root.contains("sweep") && !root.contains("scenario");
  } catch (const InputError&) {
    return false;  // parse_scenario reports it
  }
}

bool acts_on_one_la(const Lever& lever) {
  // Applied at an extreme of its range, from 2030: a lever that moves no money parameter and no
  // England-wide place count acts on the model alone.
  const LeverSetting setting{lever.name, lever.hi != lever.neutral ? lever.hi : lever.lo, 2030, 1, 0};
  model::SendParams send;
  finance::FinanceParams money, before;
  lever.apply(setting, send, money);
  const auto same = [](const YearEffects& a, const YearEffects& b) { return a.from == b.from && a.values == b.values; };
  return same(money.notional_sen_threshold, before.notional_sen_threshold) &&
         same(money.element2_paid_by_high_needs, before.element2_paid_by_high_needs) &&
         same(money.independent_fee_effect, before.independent_fee_effect) &&
         same(money.high_needs_funding_growth, before.high_needs_funding_growth) &&
         same(money.white_paper_grants, before.white_paper_grants) && send.capacity.added.values.empty();
}

void apply_local(const Scenario& scenario, const std::string& code, model::SendParams& area) {
  finance::FinanceParams unused;  // a local lever moves no money (acts_on_one_la)
  for (const auto& local : scenario.local) {
    if (local.code != code) continue;
    for (const auto& setting : local.levers) {
      const Lever* lever = find_lever(setting.name);
      if (!lever) throw std::logic_error("scenario::apply_local: " + setting.name + " is not a lever");
      lever->apply(setting, area, unused);
    }
  }
}

void apply(const Scenario& scenario, model::SendParams& send, finance::FinanceParams& money) {
  for (const auto& setting : scenario.levers) {
    const Lever* lever = find_lever(setting.name);
    if (!lever) throw std::logic_error("scenario::apply: " + setting.name + " is not a lever");
    lever->apply(setting, send, money);
  }
  for (const auto& p : scenario.places_by_la) {
    // Added to the LA's own planned places (`la --local`), if it has some.
    model::YearEffects& e = send.added_places_by_la[p.code];
    const model::YearEffects planned = e;
    set_amounts(e, p.from, kLastYear, 0.0,
                [&](int year) { return planned.amount_at(year, 0.0) + p.per_year * phase_in(year, p.from, p.phase_years); });
  }
}

void draw_parameters(model::SendParams& send, std::uint64_t seed, int replicate) {
  // Its own key: domain 0x5EED, agent and month 0, one stream per effect.
  const engine::RandomStreams rng(seed, static_cast<std::uint32_t>(replicate), 0x5EEDu);
  std::uint32_t stream = 0;
  for (auto& slot : model::year_effect_slots(send)) {
    ++stream;
    const model::YearEffects fitted = *slot.effects.front();
    if (fitted.values.size() < 3) continue;
    // The fitted years' shocks, without the first (it absorbs the start of the run).
    double mean = 0, square = 0;
    const std::size_t n = fitted.values.size() - 1;
    for (std::size_t k = 1; k < fitted.values.size(); ++k) {
      const double x = std::log(fitted.values[k]);
      mean += x / static_cast<double>(n);
      square += x * x / static_cast<double>(n);
    }
    const double sigma = std::sqrt(std::max(0.0, square - mean * mean));
    const auto u = rng.uniforms(0, 0, stream);
    const double z = std::sqrt(-2.0 * std::log(1.0 - u[0])) * std::cos(6.283185307179586 * u[1]);
    const int last_fitted = fitted.from + static_cast<int>(fitted.values.size()) - 1;
    const double factor = std::exp(sigma * z);
    for (model::YearEffects* e : slot.effects)
      multiply_years(*e, last_fitted + 1, kLastYear, [&](int) { return factor; });
  }
}

}  // namespace sendtwin::scenario
