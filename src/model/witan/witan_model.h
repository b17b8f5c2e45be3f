// witan.send's Markov model of an EHCP population (github.com/MastodonC/witan.send), as a model
// description run by sendtwin's engine.
//
// The state of a child is (national curriculum year, need, setting); one step is one calendar year
// (January to January). witan.send's construction, reproduced here (params.clj, model/run.clj):
//   - leavers: for each valid (year, need-setting) a Beta(α, β) with α = observed leavers and
//     β = observed stayers from it, plus a prior for its national curriculum year: all leavers and
//     stayers of that year + 0.5 each, scaled to a total weight of one;
//   - movers: the same construction for changing setting (among those who do not leave), and a
//     Dirichlet over destination need-settings: observed moves from the state, plus a prior of
//     total weight one made of a uniform weight over the settings the child may move to (the
//     setting's setting->setting that also take its need at that year) and the observed moves of
//     all children of that year by destination setting (carried from the year below when none
//     were observed);
//   - joiners: for each national curriculum year a Beta with α = joiners / calendar years observed
//     and β = (population − joiners) / calendar years observed, applied to that year's projected
//     population; their need-setting from a Dirichlet over the joiners observed into that year plus
//     a uniform prior of total weight one over its valid states;
//   - ageing: everyone moves up one year (leaving after year 25); a cohort's leavers and movers are
//     drawn with the parameters of the year it was in; a child can move only if some other setting
//     takes the year after next (witan.send states.clj can-move?); a child in a state that is not
//     valid (a setting past its maximum year) has no parameters and leaves the projection, as in
//     witan.send (run.clj apply-leavers-movers-for-cohort-unsafe);
//   - a state with no leaver or mover parameters (nothing observed in its year) draws its rate
//     from Beta(1, 1), as witan.send does by handing kixi.stats' beta-binomial no parameters;
//   - every cohort, every year, draws its own rates: Beta-binomial for leavers and movers,
//     Dirichlet-multinomial for destinations and joiners' states (witan.send simulates counts per
//     state in the same way; kixi.stats distributions).
//
// Scenarios (witan.send docs/scenarios.md): a second parameter set built from the historic
// transitions re-weighted by :transitions-to-change (the joiner rate keeps the unmodified
// transitions, as witan.send's prepare.clj does), used in the calendar years the date range gives;
// a setting made invalid loses all its children at the next step. sendtwin also removes that
// setting from every destination (joiners and movers), so a closed setting stays empty — witan.send
// leaves the prior's small weight on it.
//
// :filter-transitions-from leaves the historic transitions it names out of every parameter of both
// sets, the joiner rate included. (When a filter is given, witan.send builds its standard set from
// the filtered *modified* transitions as well, so its baseline then carries the scenario; sendtwin
// keeps the standard set unmodified.)
//
// Counts are integers throughout; transitions re-weighted by a fractional factor give fractional
// Beta/Dirichlet weights (witan.send repeats a transition ⌊count × factor⌋ times).
//
// The witan.send source followed (github.com/MastodonC/witan.send, by file and commit): params.clj
// 015ec62, model/run.clj 04c23d1, states.clj 077bfb2, step.clj 031a75c, model/prepare.clj (the
// version with :transitions-to-change and :make-setting-invalid; 0146a1b for the later
// :settings-to-change form), model/data_products.clj 0460e42; kixi.stats distribution.cljc for the
// beta-binomial's defaults. witan.send's history holds other constructions (e.g. joiner rates that
// count years without joiners, movers that include need changes); the version above is the one
// its demo README describes.
//
// Random numbers are addressed (STYLE.md §4): simulation s is replicate s of the seed; a cohort's
// draws are at (its state before ageing, the calendar year, what is drawn), a joiner draw at (the
// national curriculum year, the calendar year, what is drawn). So results do not depend on the
// thread count, and a scenario sees the same draws as its baseline wherever the counts agree.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/simulation.h"
#include "model/witan/project.h"

namespace sendtwin::model::witan {

constexpr int kYears = kMaxYear - kMinYear + 1;

// Needs and settings (each sorted by name) and the cells (national curriculum year, need-setting).
struct StateSpace {
  std::vector<std::string> needs, settings;
  int need_settings() const { return static_cast<int>(needs.size() * settings.size()); }
  int need_setting(int need, int setting) const { return need * static_cast<int>(settings.size()) + setting; }
  int need_of(int ns) const { return ns / static_cast<int>(settings.size()); }
  int setting_of(int ns) const { return ns % static_cast<int>(settings.size()); }
  std::size_t cells() const { return static_cast<std::size_t>(kYears) * need_settings(); }
  std::size_t cell(int year, int ns) const { return static_cast<std::size_t>(year - kMinYear) * need_settings() + ns; }
  std::string name(int ns) const { return needs[need_of(ns)] + "-" + settings[setting_of(ns)]; }
  int need_index(const std::string& need) const;        // -1 if unknown
  int setting_index(const std::string& setting) const;  // -1 if unknown
};

struct BetaParams {
  bool present = false;
  double alpha = 0.0, beta = 0.0;
};

// Dirichlet weights over destination need-settings.
struct StateAlphas {
  bool present = false;
  std::vector<int> to;  // need-settings
  std::vector<double> alpha;
};

// One parameter set (witan.send's standard or scenario projection).
struct TransitionParams {
  std::vector<BetaParams> leaver, mover;  // by cell: the year and need-setting before ageing
  std::vector<StateAlphas> mover_to;      // by cell
  std::vector<BetaParams> joiner;         // by national curriculum year (index year - kMinYear)
  std::vector<StateAlphas> joiner_to;     // by national curriculum year
};

struct WitanInputs {
  StateSpace space;
  TransitionParams standard;
  std::optional<TransitionParams> scenario;
  std::optional<int> scenario_from, scenario_until;
  int setting_made_invalid = -1;
  std::vector<std::uint8_t> valid_cell;                          // by cell
  std::vector<std::vector<std::uint8_t>> valid_year_settings;   // [year index][setting]
  std::vector<double> cost;                                      // by need-setting (0 when none given)
  std::vector<std::int64_t> initial;                             // by cell: the seed year's January
  int seed_year = 0;
  std::vector<int> projection_years;                             // after the seed year, ascending
  std::vector<std::vector<std::int64_t>> population;             // [projection year][year index], -1: none

  // The parameters in force in `calendar_year` (run.clj modify-transitions-params).
  const TransitionParams& params_for(int calendar_year) const;
};

// witan.send's parameter construction from a project (prepare.clj, params.clj).
WitanInputs prepare_witan(const WitanProject& project);

// What each simulation records for every output year: the layout of one row of `WitanRun::counts`.
struct TallyLayout {
  std::size_t total = 0;  // the EHCP population
  std::size_t by_year = 1;                        // kYears national curriculum years
  std::size_t by_need = 0, by_setting = 0, by_state = 0;
  std::vector<std::size_t> states;                // the valid cells, in output order
  std::size_t width = 0;
  explicit TallyLayout(const WitanInputs& inputs);
  TallyLayout() = default;
};

struct WitanRunConfig {
  std::uint64_t seed = 0;
  int simulations = 1;
  int threads = 1;
};

struct WitanRun {
  std::vector<int> years;              // the seed year, then the projection years
  int simulations = 0;
  TallyLayout layout;
  std::vector<std::int64_t> counts;    // [simulation][year][layout.width]
  std::vector<double> costs;           // [simulation][year]
  std::int64_t count(int sim, std::size_t year, std::size_t slot) const {
    return counts[(static_cast<std::size_t>(sim) * years.size() + year) * layout.width + slot];
  }
  double cost(int sim, std::size_t year) const { return costs[static_cast<std::size_t>(sim) * years.size() + year]; }
};

// The model description the engine runs: one partition per simulation, one engine step per
// projection year (the January of that calendar year).
class WitanModel {
 public:
  struct Scratch {
    void reset() {}
  };

  WitanModel(const WitanInputs& inputs, const WitanRunConfig& config);

  std::size_t partition_count() const { return static_cast<std::size_t>(config_.simulations); }
  void begin_month(const engine::MonthContext&) {}
  void step_partition(const engine::MonthContext& ctx, std::size_t simulation, Scratch&);
  void end_month(const engine::MonthContext&, std::vector<Scratch>&) {}

  WitanRun take_run() { return std::move(run_); }

 private:
  void record(std::size_t simulation, std::size_t year_index);

  const WitanInputs& inputs_;
  WitanRunConfig config_;
  std::vector<std::vector<std::int64_t>> state_;  // [simulation][cell]
  WitanRun run_;
};

// Runs every simulation through the engine (parallel over simulations).
WitanRun run_witan(const WitanInputs& inputs, const WitanRunConfig& config);

}  // namespace sendtwin::model::witan
