#include "model/witan/witan_model.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "core/error.h"
#include "engine/distributions.h"

namespace sendtwin::model::witan {

namespace {

// What a draw is for (the stream of its address).
constexpr engine::Stream kStreamLeavers = 1;
constexpr engine::Stream kStreamMovers = 2;
constexpr engine::Stream kStreamDestinations = 3;
constexpr engine::Stream kStreamJoiners = 4;
constexpr engine::Stream kStreamJoinerStates = 5;

// witan.send's smoothing of a year's pooled leaver (and mover) rate (params.clj, prior-per-year).
constexpr double kPriorSmoothing = 0.5;

// Where witan.send has no leaver or mover parameters for a state (nothing observed in its year),
// it passes none to kixi.stats' beta-binomial, which then takes its defaults α = β = 1
// (kixi.stats distribution.cljc, beta-binomial: {:or {alpha 1.0 beta 1.0}}): a uniform rate.
constexpr BetaParams kKixiDefaultBeta{true, 1.0, 1.0};
const BetaParams& or_kixi_default(const BetaParams& b) { return b.present ? b : kKixiDefaultBeta; }

std::size_t year_index(int year) { return static_cast<std::size_t>(year - kMinYear); }

struct Weighted {
  const WitanTransition* t;
  double weight;
};

struct Counts2 {
  double alpha = 0.0, beta = 0.0;
  bool seen = false;
  void add(bool is_alpha, double w) {
    if (!(w > 0.0)) return;  // a transition weighted 0 is not there (witan.send repeats it 0 times)
    (is_alpha ? alpha : beta) += w;
    seen = true;
  }
};

// The index of a need-setting, or -1 for NONSEND.
int ns_of(const StateSpace& space, const std::string& need, const std::string& setting) {
  if (need == kNonSend || setting == kNonSend) return -1;
  return space.need_setting(space.need_index(need), space.setting_index(setting));
}

// Beta parameters of a state-by-state rate with witan.send's per-year prior (params.clj,
// beta-params-leavers and beta-params-movers): the year's pooled observations + 0.5 each, scaled
// to total one, added to the state's own observations.
std::vector<BetaParams> beta_with_year_prior(const WitanInputs& in, const std::vector<Counts2>& observed,
                                             const std::vector<std::uint8_t>& wanted) {
  const auto& space = in.space;
  const int nss = space.need_settings();
  std::vector<BetaParams> out(space.cells());
  for (int year = kMinYear; year <= kMaxYear; ++year) {
    Counts2 pooled;
    for (int ns = 0; ns < nss; ++ns) {
      const Counts2& o = observed[space.cell(year, ns)];
      if (!o.seen) continue;
      pooled.alpha += o.alpha;
      pooled.beta += o.beta;
      pooled.seen = true;
    }
    double prior_alpha = 0.0, prior_beta = 0.0;
    if (pooled.seen) {
      const double a = pooled.alpha + kPriorSmoothing, b = pooled.beta + kPriorSmoothing;
      prior_alpha = a / (a + b);
      prior_beta = b / (a + b);
    }
    for (int ns = 0; ns < nss; ++ns) {
      const std::size_t c = space.cell(year, ns);
      if (!wanted[c]) continue;
      const Counts2& o = observed[c];
      if (!o.seen && !pooled.seen) continue;
      out[c] = BetaParams{true, o.alpha + prior_alpha, o.beta + prior_beta};
    }
  }
  return out;
}

// Joiners' states: a uniform prior of weight one over the year's valid states plus the joiners
// observed (params.clj alpha-params-joiners); only years with joiners observed have any.
std::vector<StateAlphas> joiner_states(const WitanInputs& in, const std::vector<std::map<int, double>>& joiners_to,
                                       const std::vector<std::uint8_t>& joiners_seen) {
  const StateSpace& space = in.space;
  const int nss = space.need_settings();
  std::vector<StateAlphas> joiner_to(kYears);
  for (int year = kMinYear; year <= kMaxYear; ++year) {
    const std::size_t y = year_index(year);
    if (!joiners_seen[y]) continue;
    int valid = 0;
    for (int ns = 0; ns < nss; ++ns) valid += in.valid_cell[space.cell(year, ns)];
    std::map<int, double> alphas;
    for (int ns = 0; ns < nss; ++ns)
      if (in.valid_cell[space.cell(year, ns)]) alphas[ns] = 1.0 / valid;
    for (const auto& [to, w] : joiners_to[y]) alphas[to] += w;
    StateAlphas& a = joiner_to[y];
    a.present = true;
    for (const auto& [to, w] : alphas) {
      if (space.setting_of(to) == in.setting_made_invalid) continue;
      a.to.push_back(to);
      a.alpha.push_back(w);
    }
  }
  return joiner_to;
}

TransitionParams build_params(const WitanInputs& in, const WitanProject& project, const std::vector<Weighted>& weighted,
                              const std::vector<BetaParams>& joiner_beta) {
  const StateSpace& space = in.space;
  const int nss = space.need_settings();
  const std::size_t settings = space.settings.size();
  TransitionParams p;

  // Leavers and movers: the observations by the state before the transition.
  std::vector<Counts2> leavers(space.cells()), movers(space.cells());
  // Moves by destination need-setting from each state, and by destination setting in each year.
  std::vector<std::map<int, double>> moves_from(space.cells());
  std::vector<std::vector<double>> moves_in_year(kYears, std::vector<double>(settings, 0.0));
  std::vector<std::uint8_t> moves_seen(kYears, 0);
  // Joiners by destination need-setting for each year after joining.
  std::vector<std::map<int, double>> joiners_to(kYears);
  std::vector<std::uint8_t> joiners_seen(kYears, 0);

  for (const auto& [t, w] : weighted) {
    const int from = ns_of(space, t->need_1, t->setting_1);
    const int to = ns_of(space, t->need_2, t->setting_2);
    if (t->setting_1 != kNonSend) {
      const std::size_t c = space.cell(t->academic_year_1, from);
      leavers[c].add(t->leaver(), w);
      if (!t->leaver()) {
        const bool moved = t->setting_1 != t->setting_2;
        movers[c].add(moved, w);
        if (moved && w > 0.0) {
          moves_from[c][to] += w;
          moves_in_year[year_index(t->academic_year_1)][space.setting_of(to)] += w;
          moves_seen[year_index(t->academic_year_1)] = 1;
        }
      }
    } else if (to >= 0 && w > 0.0) {
      // A joiner (witan.send's transitions-map keys joiners by academic-year-2).
      joiners_to[year_index(t->academic_year_2)][to] += w;
      joiners_seen[year_index(t->academic_year_2)] = 1;
    }
  }

  p.leaver = beta_with_year_prior(in, leavers, in.valid_cell);
  // Movers' rates only for states whose setting lists some other setting to move to
  // (params.clj any-valid-transitions?: more than one entry in setting->setting).
  std::vector<std::uint8_t> can_leave_setting(space.cells(), 0);
  for (std::size_t c = 0; c < space.cells(); ++c) {
    if (!in.valid_cell[c]) continue;
    const int s = space.setting_of(static_cast<int>(c % nss));
    const auto& row = *std::find_if(project.valid_states.begin(), project.valid_states.end(),
                                    [&](const auto& v) { return v.setting == space.settings[s]; });
    can_leave_setting[c] = row.moves_to.size() > 1;
  }
  p.mover = beta_with_year_prior(in, movers, can_leave_setting);

  // The year's moves by destination setting, carried from the year below when a year has none
  // (params.clj alpha-params-movers, observations-per-ay).
  for (int year = kMinYear + 1; year <= kMaxYear; ++year) {
    const std::size_t y = year_index(year);
    if (!moves_seen[y] && moves_seen[y - 1]) {
      moves_in_year[y] = moves_in_year[y - 1];
      moves_seen[y] = 1;
    }
  }
  // Settings that take each need in each year, and where each setting may send a child.
  std::vector<std::vector<std::uint8_t>> moves_to(settings, std::vector<std::uint8_t>(settings, 0));
  for (const auto& v : project.valid_states) {
    const int s = space.setting_index(v.setting);
    for (const auto& to : v.moves_to) moves_to[s][space.setting_index(to)] = 1;
  }
  p.mover_to.resize(space.cells());
  for (int year = kMinYear; year <= kMaxYear; ++year) {
    const std::size_t y = year_index(year);
    for (int ns = 0; ns < nss; ++ns) {
      const std::size_t c = space.cell(year, ns);
      if (!in.valid_cell[c]) continue;
      const int need = space.need_of(ns), setting = space.setting_of(ns);
      // Uniform over the settings that take this need this year and that this setting may send to.
      std::vector<double> prior(settings, 0.0);
      int allowed = 0;
      for (std::size_t s = 0; s < settings; ++s)
        allowed += in.valid_cell[space.cell(year, space.need_setting(need, static_cast<int>(s)))] && moves_to[setting][s];
      for (std::size_t s = 0; s < settings; ++s)
        if (in.valid_cell[space.cell(year, space.need_setting(need, static_cast<int>(s)))] && moves_to[setting][s])
          prior[s] = 1.0 / allowed;
      if (moves_seen[y])
        for (std::size_t s = 0; s < settings; ++s) prior[s] += moves_in_year[y][s];
      prior[setting] = 0.0;
      double total = 0.0;
      for (const double v : prior) total += v;
      std::map<int, double> alphas;
      if (total > 0.0)
        for (std::size_t s = 0; s < settings; ++s)
          if (prior[s] > 0.0) alphas[space.need_setting(need, static_cast<int>(s))] = prior[s] / total;
      for (const auto& [to, w] : moves_from[c]) alphas[to] += w;
      StateAlphas& a = p.mover_to[c];
      a.present = true;
      for (const auto& [to, w] : alphas) {
        if (space.setting_of(to) == in.setting_made_invalid) continue;
        a.to.push_back(to);
        a.alpha.push_back(w);
      }
    }
  }

  p.joiner = joiner_beta;
  p.joiner_to = joiner_states(in, joiners_to, joiners_seen);
  return p;
}

// :filter-transitions-from leaves a historic transition out of every parameter (prepare.clj).
bool filtered_out(const WitanProject& project, const WitanTransition& t) {
  for (const auto& f : project.config.scenario.filters)
    if (f.removes(t)) return true;
  return false;
}

// witan.send's later scenario form (prepare.clj build-transitions-to-change and
// modify-transitions): the transitions of each kind named into or out of setting-1 count
// ⌈weight × factor⌉, and the difference goes to the same transition with setting-2 in its place.
// Transitions are grouped as witan.send's full-transitions-map groups them (calendar year, year,
// need-setting 1 and 2), within the calendar and academic years of population.csv.
std::vector<Weighted> modify_by_setting(const WitanProject& project, const std::vector<Weighted>& weighted,
                                        std::deque<WitanTransition>& added) {
  using Key = std::tuple<int, int, std::string, std::string, std::string, std::string>;  // cy, ay1, s1, n1, s2, n2
  auto key_of = [](const WitanTransition& t) {
    return Key{t.calendar_year, t.academic_year_1, t.setting_1, t.need_1, t.setting_2, t.need_2};
  };
  std::map<Key, std::pair<double, const WitanTransition*>> groups;
  for (const auto& [t, w] : weighted) {
    auto& g = groups[key_of(*t)];
    g.first += w;
    g.second = t;
  }
  std::set<int> calendar_years, academic_years;
  for (const auto& p : project.population) {
    calendar_years.insert(p.calendar_year);
    academic_years.insert(p.academic_year);
  }
  const auto& scenario = project.config.scenario;
  const double factor = *scenario.modify_transition_by;
  for (const auto& kind : scenario.which_transitions) {
    for (const auto& change : scenario.settings_to_change) {
      const std::string& s1 = change.setting_1;
      const std::string& s2 = change.setting_2;
      std::vector<Key> hits;
      for (const auto& [k, g] : groups) {
        const auto& [cy, ay1, from_setting, from_need, to_setting, to_need] = k;
        if (!calendar_years.contains(cy) || !academic_years.contains(ay1 + 1)) continue;
        const bool joiner = from_setting == kNonSend, leaver = to_setting == kNonSend;
        const bool mover = !joiner && !leaver && from_need == to_need;
        if ((kind == "joiners" && joiner && to_setting == s1) || (kind == "leavers" && leaver && from_setting == s1) ||
            (kind == "movers-to" && mover && to_setting == s1 && from_setting != s1) ||
            (kind == "movers-from" && mover && from_setting == s1 && to_setting != s1))
          hits.push_back(k);
      }
      for (const Key& k : hits) {
        auto& g = groups.at(k);
        const double before = g.first;
        g.first = std::ceil(before * factor);
        if (s2.empty()) continue;
        Key other = k;
        const bool into = kind == "joiners" || kind == "movers-to";
        (into ? std::get<4>(other) : std::get<2>(other)) = s2;
        // A move from a setting to itself is not a move: witan.send transfers nothing then.
        const bool mover_kind = kind == "movers-to" || kind == "movers-from";
        if (mover_kind && std::get<2>(other) == std::get<4>(other)) continue;
        auto& target = groups[other];
        if (target.second == nullptr) {
          WitanTransition t = *g.second;
          t.setting_1 = std::get<2>(other);
          t.setting_2 = std::get<4>(other);
          t.line = 0;
          added.push_back(std::move(t));
          target.second = &added.back();
        }
        target.first += before - g.first;
      }
    }
  }
  std::vector<Weighted> out;
  out.reserve(groups.size());
  for (const auto& [k, g] : groups) out.push_back({g.second, std::max(g.first, 0.0)});
  return out;
}

// Joiner rates by year after joining (params.clj beta-params-joiners): the calendar years'
// joiners and populations, each year's share 1 / (calendar years with joiners).
std::vector<BetaParams> joiner_rates(const WitanInputs& in, const WitanProject& project) {
  std::map<int, std::map<int, double>> joiners;  // [calendar year][year after joining]
  for (const auto& t : project.transitions)
    if (t.joiner() && !filtered_out(project, t)) joiners[t.calendar_year][t.academic_year_2] += 1.0;
  std::map<std::pair<int, int>, double> population;
  for (const auto& p : project.population) population[{p.calendar_year, p.academic_year}] += p.population;
  const double years_observed = static_cast<double>(joiners.size());
  std::vector<BetaParams> out(kYears);
  std::vector<std::uint8_t> has_valid(kYears, 0);
  for (std::size_t c = 0; c < in.space.cells(); ++c)
    if (in.valid_cell[c]) has_valid[c / in.space.need_settings()] = 1;
  for (int year = kMinYear; year <= kMaxYear; ++year) {
    if (!has_valid[year_index(year)]) continue;
    for (const auto& [cy, by_year] : joiners) {
      const auto j = by_year.find(year);
      if (j == by_year.end()) continue;
      const auto pop = population.find({cy, year});
      if (pop == population.end())
        throw InputError(project.config.population, 0, "population",
                         "no population for calendar-year " + std::to_string(cy) + ", academic-year " + std::to_string(year) +
                             ", which has joiners in " + project.config.transitions);
      out[year_index(year)].present = true;
      out[year_index(year)].alpha += j->second / years_observed;
      out[year_index(year)].beta += (pop->second - j->second) / years_observed;
    }
    BetaParams& b = out[year_index(year)];
    if (b.present && !(b.beta > 0.0))
      throw InputError(project.config.population, 0, "population",
                       "academic-year " + std::to_string(year) + " has no more children than joiners in " + project.config.transitions);
  }
  return out;
}

}  // namespace

int StateSpace::need_index(const std::string& need) const {
  const auto it = std::lower_bound(needs.begin(), needs.end(), need);
  return it != needs.end() && *it == need ? static_cast<int>(it - needs.begin()) : -1;
}

int StateSpace::setting_index(const std::string& setting) const {
  const auto it = std::lower_bound(settings.begin(), settings.end(), setting);
  return it != settings.end() && *it == setting ? static_cast<int>(it - settings.begin()) : -1;
}

const TransitionParams& WitanInputs::params_for(int calendar_year) const {
  if (!scenario) return standard;
  if (scenario_from) return calendar_year >= *scenario_from ? *scenario : standard;
  if (scenario_until) return calendar_year <= *scenario_until ? *scenario : standard;
  return *scenario;
}

WitanInputs prepare_witan(const WitanProject& project) {
  WitanInputs in;
  StateSpace& space = in.space;
  std::set<std::string> needs, settings;
  for (const auto& v : project.valid_states) {
    settings.insert(v.setting);
    needs.insert(v.needs.begin(), v.needs.end());
  }
  space.needs.assign(needs.begin(), needs.end());
  space.settings.assign(settings.begin(), settings.end());
  const int nss = space.need_settings();

  // Valid states (states.clj calculate-valid-states-from-setting-academic-years) and the settings
  // open in each year (calculate-valid-year-settings-from-setting-academic-years).
  in.valid_cell.assign(space.cells(), 0);
  in.valid_year_settings.assign(kYears, std::vector<std::uint8_t>(space.settings.size(), 0));
  for (const auto& v : project.valid_states) {
    const int s = space.setting_index(v.setting);
    for (int year = v.min_academic_year; year <= v.max_academic_year; ++year) {
      in.valid_year_settings[year_index(year)][s] = 1;
      for (const auto& need : v.needs) in.valid_cell[space.cell(year, space.need_setting(space.need_index(need), s))] = 1;
    }
  }
  if (!project.config.scenario.setting_made_invalid.empty())
    in.setting_made_invalid = space.setting_index(project.config.scenario.setting_made_invalid);

  in.cost.assign(nss, 0.0);
  for (const auto& c : project.costs) {
    const int ns = ns_of(space, c.need, c.setting);
    if (ns >= 0) in.cost[ns] = c.cost;
  }

  // The seed year: the January after the last transitions; its population is their destinations
  // (prepare.clj initial-send-pop).
  int last = project.transitions.front().calendar_year;
  for (const auto& t : project.transitions) last = std::max(last, t.calendar_year);
  in.seed_year = last + 1;
  in.initial.assign(space.cells(), 0);
  for (const auto& t : project.transitions)
    if (t.calendar_year == last && !t.leaver()) ++in.initial[space.cell(t.academic_year_2, ns_of(space, t.need_2, t.setting_2))];

  // Projected populations: every calendar year after the seed year (run.clj
  // projected-future-pop-by-year), totals by national curriculum year.
  std::map<int, std::vector<std::int64_t>> population;
  for (const auto& p : project.population) {
    if (p.calendar_year <= in.seed_year) continue;
    auto& row = population.try_emplace(p.calendar_year, std::vector<std::int64_t>(kYears, -1)).first->second;
    auto& cell = row[year_index(p.academic_year)];
    cell = std::max<std::int64_t>(cell, 0) + std::llround(p.population);
  }
  if (population.empty())
    throw InputError(project.config.population, 0, "calendar-year",
                     "no projected population after the seed year " + std::to_string(in.seed_year) + " (the year after the last transitions)");
  for (auto& [year, row] : population) {
    in.projection_years.push_back(year);
    in.population.push_back(std::move(row));
  }

  std::vector<Weighted> plain;
  plain.reserve(project.transitions.size());
  for (const auto& t : project.transitions) plain.push_back({&t, filtered_out(project, t) ? 0.0 : 1.0});
  const auto joiner_beta = joiner_rates(in, project);
  in.standard = build_params(in, project, plain, joiner_beta);

  const auto& scenario = project.config.scenario;
  if (scenario.modifies_transitions()) {
    // prepare.clj: the transitions matching an entry count `modify-transition-by` times (once per
    // entry they match); the others count once.
    std::vector<Weighted> modified;
    modified.reserve(project.transitions.size());
    for (const auto& t : project.transitions) {
      double weight = 0.0;
      bool matched = false;
      for (const auto& change : scenario.transitions_to_change)
        if (change.matches(t)) {
          weight += change.factor;
          matched = true;
        }
      modified.push_back({&t, filtered_out(project, t) ? 0.0 : matched ? weight : 1.0});
    }
    std::deque<WitanTransition> added;  // transitions the later form moves weight to
    if (scenario.modify_transition_by) modified = modify_by_setting(project, modified, added);
    in.scenario = build_params(in, project, modified, joiner_beta);
    in.scenario_from = scenario.from_year;
    in.scenario_until = scenario.until_year;
  }
  return in;
}

TallyLayout::TallyLayout(const WitanInputs& in) {
  total = 0;
  by_year = 1;
  by_need = by_year + kYears;
  by_setting = by_need + in.space.needs.size();
  by_state = by_setting + in.space.settings.size();
  for (std::size_t c = 0; c < in.space.cells(); ++c)
    if (in.valid_cell[c]) states.push_back(c);
  width = by_state + states.size();
}

WitanModel::WitanModel(const WitanInputs& inputs, const WitanRunConfig& config) : inputs_(inputs), config_(config) {
  if (config_.simulations < 1) throw std::invalid_argument("at least one simulation is needed");
  run_.simulations = config_.simulations;
  run_.layout = TallyLayout(inputs_);
  run_.years.push_back(inputs_.seed_year);
  run_.years.insert(run_.years.end(), inputs_.projection_years.begin(), inputs_.projection_years.end());
  const std::size_t sims = static_cast<std::size_t>(config_.simulations);
  run_.counts.assign(sims * run_.years.size() * run_.layout.width, 0);
  run_.costs.assign(sims * run_.years.size(), 0.0);
  state_.assign(sims, inputs_.initial);
  for (std::size_t s = 0; s < sims; ++s) record(s, 0);
}

void WitanModel::record(std::size_t simulation, std::size_t year_index_) {
  const StateSpace& space = inputs_.space;
  const TallyLayout& layout = run_.layout;
  const int nss = space.need_settings();
  std::int64_t* row = &run_.counts[(simulation * run_.years.size() + year_index_) * layout.width];
  double cost = 0.0;
  const auto& counts = state_[simulation];
  for (std::size_t c = 0; c < counts.size(); ++c) {
    const std::int64_t n = counts[c];
    if (n == 0) continue;
    const int ns = static_cast<int>(c % nss);
    row[layout.total] += n;
    row[layout.by_year + c / nss] += n;
    row[layout.by_need + space.need_of(ns)] += n;
    row[layout.by_setting + space.setting_of(ns)] += n;
    cost += static_cast<double>(n) * inputs_.cost[ns];
  }
  for (std::size_t k = 0; k < layout.states.size(); ++k) row[layout.by_state + k] = counts[layout.states[k]];
  run_.costs[simulation * run_.years.size() + year_index_] = cost;
}

// One calendar year of one simulation (run.clj run-model-iteration): age every cohort, draw its
// leavers and movers, then the joiners of every year.
void WitanModel::step_partition(const engine::MonthContext& ctx, std::size_t simulation, Scratch&) {
  const int calendar_year = ctx.month.year();
  const auto found = std::find(inputs_.projection_years.begin(), inputs_.projection_years.end(), calendar_year);
  if (found == inputs_.projection_years.end()) throw std::logic_error("witan: not a projection year");
  const std::size_t step = static_cast<std::size_t>(found - inputs_.projection_years.begin());
  const StateSpace& space = inputs_.space;
  const int nss = space.need_settings();
  const TransitionParams& params = inputs_.params_for(calendar_year);
  const engine::RandomStreams rng(config_.seed, static_cast<std::uint32_t>(simulation));
  const auto& old = state_[simulation];
  std::vector<std::int64_t> next(space.cells(), 0);
  std::vector<double> probabilities;
  std::vector<std::int64_t> split;

  auto draw_into = [&](std::int64_t n, const StateAlphas& alphas, int year, engine::UniformSequence& u) {
    engine::dirichlet_multinomial_variate(n, alphas.alpha, u, split, probabilities);
    for (std::size_t k = 0; k < split.size(); ++k)
      if (split[k] > 0) next[space.cell(year, alphas.to[k])] += split[k];
  };

  for (std::size_t c = 0; c < old.size(); ++c) {
    const std::int64_t n = old[c];
    if (n == 0) continue;
    const int from_year = kMinYear + static_cast<int>(c / nss);
    const int ns = static_cast<int>(c % nss);
    // Ageing (step.clj age-population): after the last year everyone has gone.
    if (from_year >= kMaxYear) continue;
    const int year = from_year + 1;
    // A state with no parameters is not carried on (run.clj: no mover alphas for it).
    const StateAlphas& destinations = params.mover_to[c];
    if (!destinations.present) continue;
    const auto address = static_cast<std::uint32_t>(c);
    const int setting = space.setting_of(ns);
    const bool closed = setting == inputs_.setting_made_invalid;
    std::int64_t leavers = n;
    if (!closed) {
      const BetaParams& b = or_kixi_default(params.leaver[c]);
      engine::UniformSequence u(rng, address, calendar_year, kStreamLeavers);
      leavers = engine::beta_binomial_variate(n, b.alpha, b.beta, u);
    }
    const std::int64_t staying = n - leavers;
    if (staying == 0) continue;
    // states.clj can-move?: some other setting takes the year after this one.
    bool can_move = false;
    if (year + 1 <= kMaxYear) {
      const auto& open = inputs_.valid_year_settings[year_index(year + 1)];
      for (std::size_t s = 0; s < open.size() && !can_move; ++s) can_move = open[s] && static_cast<int>(s) != setting;
    }
    std::int64_t movers = 0;
    if (can_move) {
      const BetaParams& b = or_kixi_default(params.mover[c]);
      engine::UniformSequence u(rng, address, calendar_year, kStreamMovers);
      movers = engine::beta_binomial_variate(staying, b.alpha, b.beta, u);
      // With nowhere to go (no destination weights) a mover stays; witan.send stops with "Missing alphas".
      if (destinations.to.empty()) movers = 0;
    }
    next[space.cell(year, ns)] += staying - movers;
    if (movers > 0) {
      engine::UniformSequence u(rng, address, calendar_year, kStreamDestinations);
      draw_into(movers, destinations, year, u);
    }
  }

  // Joiners into every year (run.clj apply-joiners-for-academic-year).
  const auto& population = inputs_.population[step];
  for (int year = kMinYear; year <= kMaxYear; ++year) {
    const std::size_t y = year_index(year);
    const BetaParams& b = params.joiner[y];
    const StateAlphas& states = params.joiner_to[y];
    const std::int64_t pop = population[y];
    if (!b.present || !states.present || states.to.empty() || pop <= 0) continue;
    engine::UniformSequence u(rng, static_cast<std::uint32_t>(y), calendar_year, kStreamJoiners);
    const std::int64_t joiners = engine::beta_binomial_variate(pop, b.alpha, b.beta, u);
    if (joiners == 0) continue;
    engine::UniformSequence v(rng, static_cast<std::uint32_t>(y), calendar_year, kStreamJoinerStates);
    draw_into(joiners, states, year, v);
  }

  state_[simulation] = std::move(next);
  record(simulation, step + 1);
}

WitanRun run_witan(const WitanInputs& inputs, const WitanRunConfig& config) {
  WitanModel model(inputs, config);
  engine::SimulationOptions options;
  options.seed = config.seed;
  options.threads = config.threads;
  engine::PartitionedSimulation<WitanModel> simulation(model, options);
  for (const int year : inputs.projection_years) simulation.step(Month(year, 1));
  return model.take_run();
}

}  // namespace sendtwin::model::witan
