// `sendtwin backtest` (issue 17; DESIGN.md §4): the model's forecasts from rolling origins scored
// against what DfE published later, beside three simple rivals computed from the same figures.
//
// At each origin O (January 2019 ... 2024), with nothing published after January O (stocks) or
// December O-1 (flows):
//   1. each LA starts from its published state in January O, its practice from its own flows in
//      the years before (the LA table's row for O), and its request and ceasing rates fitted to its
//      new plans and plans over the two years before O (calibrate/flow_fit.h); the national
//      parameters are held from O-1 (calibrate::as_known_at);
//   2. the model runs from January O to the last published year, `replicates` times; in replicate
//      r each LA's request rate is multiplied by exp(s_LA z - s_LA^2/2) (mean 1), z the LA's r-th
//      stratified normal draw (stratified_normals below): s_LA = s x P / (k N) (at most 1), where s is the spread over LAs of the errors a
//      one-year forecast had at O (robust: 1.4826 x the median absolute deviation of log(P_O / P^_O),
//      P^_O the drift forecast from O-1), P the LA's plans at O, N its new plans in O-1 and k the
//      plans a year on that 1% more requests add, per 1% of N, measured by two runs of the model
//      (k N is the part of its plans a change of requests moves a year on) — the
//      year-to-year uncertainty seen by O;
//   3. each LA's forecast (the mean over replicates, and its 5%-95% range) is set beside DfE's
//      figure for January O+h (stocks) or calendar O-1+h (flows), for every LA published under the
//      same code then; the rivals (src/forecast) forecast the same figures from the same series.
// Measures: EHC plans; plans by placement group and by age band; requests; new plans.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "data/la_flows.h"
#include "forecast/rivals.h"
#include "model/send/area.h"
#include "model/send/params.h"

namespace sendtwin::backtest {

// A series the backtest scores: its key (the CSV's measure), its label, and whether it is a January
// stock (else a calendar-year flow).
struct Measure {
  std::string key, label;
  bool stock = true;
};
const std::vector<Measure>& measures();

// Every LA's published figure of every measure: measure key -> LA code -> year -> value.
using Published = std::map<std::string, std::map<std::string, forecast::Series>>;
Published published_figures(const std::vector<model::AreaStart>& starts, const std::vector<data::LaFlow>& flows);

struct Options {
  int first_origin = 2019, last_origin = 2024;
  int replicates = 20;
  double scale = 1.0;
  std::uint64_t seed = 1;
  int threads = 1;
  int window = 2;  // years of flows each LA's fit meets
};

// One forecaster's scores for one measure, origin and horizon.
struct Row {
  std::string measure;
  int origin = 0, horizon = 0;
  std::string method;  // "model", "naive", "drift", "linear"
  forecast::Scores scores;
  double coverage = -1;  // model: share of LAs whose published figure is inside the 90% interval (-1: none)
};

// One LA's forecast of one figure: the mean over replicates, its 90% interval, and what DfE
// published (NaN: nothing under the same code then).
struct Forecast {
  std::string measure, code;
  int origin = 0, horizon = 0;
  double mean = 0, lo = 0, hi = 0, published = 0;
};

struct Result {
  std::vector<Row> rows;
  std::vector<Forecast> forecasts;  // every LA, measure, origin and horizon the model forecast
  std::map<int, double> sigma;  // origin -> the spread s of one-year errors the intervals are drawn from
  std::map<int, double> response;  // origin -> k, the plans a year on that 1% more requests add, per 1% of last year's new plans
  std::map<int, int> fitted;    // origin -> LAs whose flows were fitted
  std::map<int, double> latest_weight;  // origin -> w, the weight of each LA's latest year in its request level
  std::map<int, double> growth_damping;  // origin -> the damping of England's last growth of requests
  std::map<int, double> growth_lead;     // origin -> the weight of England's growth of requests in it (of new plans: 1 - it)
  std::map<int, double> own_growth;      // origin -> the weight of each LA's own growth of plans against England's
  Options options;
};

// The n standard normal draws of one LA at one origin, one a replicate: the normal's quantiles at
// (i + 1/2) / n, i = 0 ... n-1, in an order shuffled by (seed, origin, LA), the same on any thread.
// Their mean is 0 for every LA, so the replicates' mean, the point forecast, carries no noise from
// the draws (n independent draws' mean has a standard deviation of 1/sqrt(n)).
std::vector<double> stratified_normals(std::uint64_t seed, int origin, int n, const std::string& code);

// InputError (naming --first-origin / --last-origin) for an origin the LA table cannot start from
// or whose window of flows it lacks. log(line) reports progress.
Result run_backtest(const model::SendParams& params, const std::vector<model::AreaStart>& starts,
                    const std::vector<data::LaFlow>& flows, const Options& options,
                    const std::function<void(const std::string&)>& log = {});

// The terminal tables: EHC plans by origin and horizon, every method; then every measure by
// horizon (the median over origins of each score) with the best rival.
std::string render(const Result& result);
// Tidy: measure, origin, horizon, method, las, median_abs_pct, within_5, within_10, england_pct, coverage.
std::string tidy_csv(const Result& result);
// Every LA's forecasts: measure, code, origin, horizon, year, mean, lo_5, hi_95, published.
std::string forecasts_csv(const Result& result);

}  // namespace sendtwin::backtest
