// `sendtwin calibrate`: fits the SEND model's transition parameters to the published national
// series by the simulated method of moments (DESIGN.md §2, src/calibrate): a loss of weighted
// squared relative differences between the model and DfE's figures, minimised by Nelder-Mead (a
// derivative-free simplex) over the parameters scaled to their ranges. Every evaluation is a run
// of every LA with the same seed (common random numbers), so the loss is a smooth-ish function of
// the parameters and a fit is reproducible.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "data/published.h"
#include "model/send/area.h"
#include "model/send/params.h"

namespace sendtwin::calibrate {

// A parameter the fit moves: where it is in send.toml (section, name, key) and its range.
struct FitParameter {
  std::string section, name, key;  // [requests] rate = { base = ... }: "requests", "rate", "base"
  double lo = 0, hi = 1;
  double* (*field)(model::SendParams&);
};
const std::vector<FitParameter>& fit_parameters();

// A published figure the fit aims at.
struct Target {
  std::string measure;
  int year = 0;
  double value = 0;
  double weight = 1;
};
// The series the fit aims at, with their weights: EHC plans and SEN Support (January, weight 2),
// requests and new plans (calendar year, weight 1).
struct TargetSeries {
  const char* measure;
  double weight;
};
const std::vector<TargetSeries>& target_series();
// Their published figures from 2016 to `until`, as far as DfE published them.
std::vector<Target> national_targets(const data::PublishedSeries& published, int until);

struct Options {
  int until = 2025;          // last year of targets (and of each run)
  std::uint64_t seed = 1;
  double scale = 0.1;        // share of the population each evaluation simulates
  int threads = 1;
  int max_evaluations = 150;
};

struct Result {
  model::SendParams fitted;
  std::vector<double> start_values, fitted_values;  // in fit_parameters() order
  double loss_start = 0, loss_fitted = 0;
  int evaluations = 0;
  std::vector<double> model_start, model_fitted;  // per target
};

// progress(evaluations, best loss) after each evaluation.
Result calibrate(const model::SendParams& start, const std::vector<model::AreaStart>& areas,
                 const std::vector<Target>& targets, const Options& options,
                 const std::function<void(int, double)>& progress = {});

// The fit report: each target series by year, published, model before and after, % differences.
std::string render_fit_report(const Result& result, const std::vector<Target>& targets, const Options& options);

// `toml_text` with the fitted values written into their lines (comments and everything else
// kept) and their sources saying how they were fitted. Throws std::runtime_error if a parameter's
// line is not found.
std::string patch_params(std::string_view toml_text, const Result& result, const Options& options);
// `toml_text` with `section.name`'s `key` set to `value` in its line and the line's source replaced.
std::string patch_value(std::string_view toml_text, const std::string& section, const std::string& name, const std::string& key,
                        double value, const std::string& source);

// Stage two: calendar-year effects (model::YearEffects, [year_effects] in send.toml). Each
// published series is fitted through one parameter's factor by year: a flow (requests, refusals,
// new plans, % within 20 weeks) through the factor of its own year; a January stock (SEN Support,
// EHC plans) through the factor of the year before, from the stock's change over that year set
// against the flow that drives it (identifications; plans ceased at review). All factors are
// updated together from one run (fixed-point iteration with common random numbers) until every
// series is within the tolerance or the iterations run out; the best iterate is kept.
struct EffectSeries {
  const char* effect;   // the [year_effects] name
  const char* measure;  // the published series it is fitted to
  bool stock;           // a January stock, fitted through the year before
};
const std::vector<EffectSeries>& effect_series();

struct EffectsOptions {
  int until = 2025;
  std::uint64_t seed = 1;
  double scale = 1.0;
  int threads = 1;
  int iterations = 15;
  double tolerance = 0.005;  // largest |relative difference| of every target that stops the fit
};

struct EffectsResult {
  model::SendParams fitted;
  int iterations = 0;
  int from = 0;                          // the year of the first factor
  std::vector<std::vector<double>> values;  // per effect_series(): the fitted factors from `from`
  std::vector<Target> targets;
  std::vector<double> model_start, model_fitted;  // per target
};

// progress(iteration, largest |% difference| of that iteration's run).
EffectsResult fit_year_effects(const model::SendParams& start, const std::vector<model::AreaStart>& areas,
                               const data::PublishedSeries& published, const EffectsOptions& options,
                               const std::function<void(int, double)>& progress = {});
std::string render_effects_report(const EffectsResult& result, const EffectsOptions& options);
// `toml_text` with its [year_effects] section replaced by the fitted one (or added at the end).
std::string patch_year_effects(std::string_view toml_text, const EffectsResult& result, const EffectsOptions& options);

// Stage four (per LA): each LA's request rate relative to England (AreaStart::request_relative,
// derived from its 2016-2019 requests) scaled so that the growth of its EHC plans from January
// 2015 to January `until` meets the growth DfE published for it; the scales are normalised so
// that England's requests stay as they were. All LAs from one national run per iteration.
struct LaFitOptions {
  int until = 2025;
  std::uint64_t seed = 1;
  double scale = 1.0;
  int threads = 1;
  int iterations = 6;
};
struct LaFitResult {
  std::vector<model::AreaStart> fitted;
  std::vector<double> factor;                     // per area: fitted / derived request_relative
  std::vector<double> error_start, error_fitted;  // per area: % difference of plans in January `until` (NaN: none published)
  int iterations = 0;
};
// `published`: LA code -> year -> published January plans.
LaFitResult fit_la_practice(const model::SendParams& params, const std::vector<model::AreaStart>& areas,
                            const std::map<std::string, std::map<int, double>>& published, const LaFitOptions& options,
                            const std::function<void(int, double)>& progress = {});

// Nelder-Mead on [0, 1]^n (points are clamped into the box): the minimum found within
// `max_evaluations`, from `x0`, with an initial step `step`. Exposed for its tests.
std::vector<double> nelder_mead(const std::function<double(const std::vector<double>&)>& f, std::vector<double> x0,
                                double step, int max_evaluations, int* evaluations = nullptr);

}  // namespace sendtwin::calibrate
