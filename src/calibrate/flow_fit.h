// Each LA's practice as its own latest published flows show it, fitted where a forecast starts
// (issue 17: "each LA's practice from its own recent years"), and the national parameters as they
// were known then. Used alike by every run from a published January (`sendtwin run --start`) and by
// the backtest at each origin, so that the backtest scores the forecast a user gets.
//
// The fit at start S over a window of W years: every LA of January S-W (and of S, under the same
// code) is run from its published state in January S-W to December S-1, and two factors are set
// by fixed-point iteration (common random numbers, so that the iteration converges):
//   requests  f_r <- f_r * N_pub / N_model, the LA's new plans issued in calendar S-W .. S-1,
//             published against the model's; it multiplies the LA's request rate in the window.
//             From S on, the LA's level leans on its latest years: f_r * sum_y v_y N_pub,y /
//             N_model,y, with weights v_y = w, w(1-w), ... (the oldest year takes the rest) and w
//             latest_weight's, chosen by how well such a level foresaw each LA's next year before S;
//   ceasing   f_c <- f_c * (1 + (O_pub - O_model) / A_model), where O = plans at January S-W + new
//             plans - plans at January S is the net outflow (plans ceased, and moves between LAs),
//             and A_model the plans the model ceased at an annual review (the only cause f_c moves).
//   placement, three factors (model::AreaStart) toward the LA's plans by setting at January S:
//             f_g <- f_g * (1 + (P_pub - P_model) / placed_model), mainstream (its shares of new
//             plans), special (its special shares and moves to special, met against independent
//             special plans; `placed` counts every special placement) and FE (its shares at 16-19).
// All are clamped to [1/5, 5]. Each LA's state special places grow by place_growths (below), and
// from the start on the independent special places it commissions by the same line of its
// independent special plans (the window's runs have no such limit: every placement published in
// it was made, so the demand the special factor meets there is the demand unlimited). From
// the start on, each LA's growth of plans leans toward England's: (1 - lambda) of its growth over
// England's in the window ceases at reviews at every age alike (model::AreaStart::cease_added;
// lambda by own_growth_weight, below).
// Nothing published after January S (stocks) or December S-1 (flows)
// is read. An LA without the window's figures (formed by a reorganisation within it, or with a
// suppressed count) keeps the practice its start carries.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "model/send/area.h"
#include "model/send/params.h"

namespace sendtwin::calibrate {

// The national parameters as known at January `start`: every trend held from its value in calendar
// year start-1 (the last year whose flows were published), every calendar-year effect cut there;
// then requests per pupil grow on from start-1 by `request_growth` a year and identification for
// SEN Support by `sen_support_growth`, damped (a damped trend: the growth of year start-1+k is the
// growth x phi^k, phi = `request_damping` for requests, kGrowthDamping for SEN Support), so that a
// recent surge fades rather than compounds.
// kGrowthDamping: an assumption, set before any backtest ran and not fitted (damped trends, Gardner
// and McKenzie 1985, usually take 0.8-0.98; the lowest, as SEND flows have swung year to year); the
// requests' damping is chosen at each start, with the lead of their growth, by request_growth_rule
// below.
inline constexpr double kGrowthDamping = 0.8;
model::SendParams as_known_at(const model::SendParams& params, int start, double request_growth = 0,
                              double sen_support_growth = 0, double request_damping = kGrowthDamping);

// An LA's published figures the fit reads: plans at January `year` (stocks) and new plans issued in
// calendar `year` (flows), by LA code.
struct FlowTargets {
  std::map<std::string, std::map<int, double>> plans;      // code -> January -> EHC plans
  std::map<std::string, std::map<int, double>> new_plans;  // code -> calendar year -> new plans
  std::map<std::string, std::map<int, double>> requests;   // code -> calendar year -> requests for assessment (may be none)
};

struct FlowFitOptions {
  int window = 2;      // years of flows the fit meets
  int iterations = 3;
  double scale = 1.0;
  std::uint64_t seed = 1;
  int threads = 1;
  // Every LA's Januaries, whose lines give England's line and the LAs' spread that place_growths
  // shrinks each LA's growth by (a fit of some LAs alone reads the same as the fit of every LA);
  // none: `starts`.
  const std::vector<model::AreaStart>* every_la = nullptr;
};

struct FlowFit {
  std::vector<model::AreaStart> areas;  // the LAs of January `start`, their request and ceasing factors fitted
  // England's growth of new plans per pupil on SEN Support over the window's last year (the fitted
  // LAs' published new plans in start-1 over start-2, led by their requests' growth as
  // request_growth_rule weighs it, over the growth of their pupils on SEN Support from January
  // start-1 to January start), for as_known_at.
  double request_growth = 0;
  // England's growth of pupils on SEN Support, as a share of pupils, from January start-1 to
  // January start (every LA of each January added up), for as_known_at.
  double sen_support_growth = 0;
  // The weight w of the window's last year in each LA's request level (latest_weight below), and
  // each fitted LA's request factor in the window (code -> its request_relative there, the one that
  // meets its new plans over the window; `areas` carry the level from the start on).
  double latest_weight = 1;
  double growth_damping = kGrowthDamping;  // of the requests' growth (request_growth_rule below), for as_known_at
  double growth_lead = 0;                  // the weight of England's growth of requests in it (request_growth_rule below)
  double own_growth = 1;                   // lambda: the weight of an LA's own growth of plans (own_growth_weight below)
  std::map<std::string, double> request_in_window;
  int fitted = 0;                       // LAs fitted (the rest keep their practice)
  double largest_miss = 0;              // largest |% miss| of new plans over the fitted LAs, last iteration
};

// The weight w (0-1, in steps of 0.05) of an LA's latest year in its level of new plans, as each
// LA's share of England's new plans has behaved before January `start`: the w whose forecasts
// w x_{t-1} + (1-w) x_{t-2} of every LA's share x_t in each calendar year t < start had the smallest
// median |log error| over LAs and years (LAs with at least 50 new plans in each of the three years;
// 1 where no year has them). w = 1 carries the latest year's level alone; w = 1/2 the average of
// two years. Nothing after December start-1 is read.
double latest_weight(const std::map<std::string, std::map<int, double>>& new_plans, int start);
// The damping phi (steps of 0.05 in [0, 1]) of England's last growth of new plans whose forecasts
// n_{t-1} (1 + phi g_{t-1}) of each LA's new plans had the smallest median |log error| over every
// year t before `start` (LAs with at least 50 new plans in t-1; g_{t-1} England's growth into t-1,
// the years of a growth between -50% and +100%: 2015's, from the four months of 2014, is not one);
// kGrowthDamping when no year has one.
double growth_damping(const std::map<std::string, std::map<int, double>>& new_plans, int start);
// The growth of requests a start carries on: a lead l and a damping phi (steps of 0.05 in [0, 1])
// whose forecasts n_{t-1} (1 + phi (l r_{t-1} + (1 - l) g_{t-1})) of each LA's new plans had the
// smallest median |log error| over every year t before `start` (as growth_damping, which is this
// with no requests: l = 0), r_{t-1} England's growth of requests into t-1 (where there is one; the
// new plans' alone where not). Requests lead new plans by the months an assessment takes: when
// LAs fell behind (2022: requests up 23%, new plans 7%), the requests' growth showed the plans to
// come. Nothing after December start-1 is read.
struct RequestGrowthRule {
  double lead = 0;
  double damping = kGrowthDamping;
};
RequestGrowthRule request_growth_rule(const FlowTargets& targets, int start);
// The weight lambda (steps of 0.05 in [0, 1]) of an LA's own growth of plans over `window` years
// against England's growth over them, whose forecasts p_t (1 + lambda g_LA + (1 - lambda) g_E)^(1 /
// window) of each LA's plans at January t+1 had the smallest median |log error| over every t+1 up
// to `start` (LAs with at least 50 plans at both ends of g_LA; 1 when no year has one). Each LA's
// forecast growth is the window's fitted flows' with (1 - lambda) of its excess over England's
// taken out by ceasing (fit_flows). An LA's growth in a year is its own and partly noise, a change
// of practice or of a few large families; England's is the trend they share; lambda says how much
// of an LA's own growth has persisted into its next year.
double own_growth_weight(const std::map<std::string, std::map<int, double>>& plans, int start, int window);
// The signed errors log(p_{t+1} / f) of those forecasts f made at January t with weight lambda, one
// for each LA with at least 50 plans at t - window and t (none where England's growth over those
// years is not published). Reads the plans at t - window, t and t + 1 only.
std::vector<double> lean_errors(const std::map<std::string, std::map<int, double>>& plans, double lambda, int t, int window);

// Each LA's state special places' growth a year from January `start` on (model::AreaStart::
// place_growth; none for an LA without state special plans then: England's parameter). Places are added by classes and schools
// in building programmes that run for years, so the growth is the slope of the least-squares line
// through the logarithm of the LA's state special plans of every January published by then under
// its code (a growth a year, compounded as the model grows places), not a single year's growth: one
// January's count of an LA's special school plans moves by several per cent either way. A line in
// places a year (its slope over the plans at the start), used before, put the growth of the start
// at the average of the years', where England's places have grown by a share a year, more in
// number every year: the model's places then ran out early, its state special plans were 1-4% low
// and its independent special 2-30% high at horizons 1-3 of the backtest. An LA's line is shrunk
// toward England's (the LAs added up, each January) by empirical Bayes: weight tau^2 / (tau^2 +
// v) on its own, v its line's sampling variance and tau^2 the spread of the LAs' true growths
// (the variance of their lines' growths less their mean sampling variance, at least 0), so a
// short or noisy series leans on England's and a steady one keeps its own. An LA with fewer than
// three Januaries takes England's. Clamped to -5%..+25% a year (guards, not estimates: places
// shrinking or growing faster would be a mis-published count).
// `starts`: every LA's published state, every January the table holds; only those up to `start`
// are read. LA code -> growth, for the LAs with plans in `setting` in January `start`.
// The same line through its independent special plans (`setting` IndependentSpecial) gives the
// growth of the independent special places an LA commissions (model::AreaStart::
// independent_place_growth): an LA places children in independent special schools within what it
// plans and can pay for, and its count of them has kept to its own course, where the model's
// demand for special places carries every error of an LA's demand into its small independent
// remainder (several times over: README, "sendtwin backtest"). The demand beyond both places waits
// where it is for the first that comes free, or goes independent after as long as an appeal takes
// (model::CapacityParams::longest_wait_months).
std::map<std::string, double> place_growths(const std::vector<model::AreaStart>& starts, int start,
                                            Setting setting = Setting::StateSpecial);

// `starts`: every LA's published state, every January the table holds (the window's first and the start's).
FlowFit fit_flows(const model::SendParams& params, const std::vector<model::AreaStart>& starts, const FlowTargets& targets,
                  int start, const FlowFitOptions& options, const std::function<void(const std::string&)>& log = {});

}  // namespace sendtwin::calibrate
