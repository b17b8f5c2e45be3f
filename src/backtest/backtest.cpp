#include "backtest/backtest.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <numeric>
#include <sstream>
#include <utility>
#include <vector>

#include "calibrate/flow_fit.h"
#include "core/error.h"
#include "core/statistics.h"
#include "engine/distributions.h"
#include "engine/rng.h"
#include "measures/registry.h"
#include "pipeline/pipeline.h"

namespace sendtwin::backtest {

namespace {

// Placement groups over the model's settings (SendParams order: mainstream, unit, state special,
// independent special, AP, independent mainstream, FE, early years, other).
struct Group {
  const char* key;
  const char* label;
  std::vector<Setting> settings;
};
const std::vector<Group>& groups() {
  static const std::vector<Group> g = {
      {"plans_mainstream_incl_units", "Mainstream incl. units", {Setting::Mainstream, Setting::MainstreamUnit, Setting::IndependentMainstream}},
      {"plans_state_special_schools", "State special", {Setting::StateSpecial}},
      {"plans_independent_nm_special", "Indep./NM special", {Setting::IndependentSpecial}},
      {"plans_fe", "Further education", {Setting::FurtherEducation}},
      {"plans_other_settings", "Other (AP, EY, other)", {Setting::AlternativeProvision, Setting::EarlyYears, Setting::Other}},
  };
  return g;
}
constexpr std::array<const char*, model::kAgeBandCount> kBandKeys = {"plans_age_under_5", "plans_age_5_10", "plans_age_11_15",
                                                                      "plans_age_16_19", "plans_age_20_25"};
// SEN2 published no LA ages for January 2023 (its change to a person-level return): the LA table's
// 2023 bands are each LA's 2022 shares of its total (src/data/la_start.h), not figures to score.
constexpr int kYearWithoutLaAges = 2023;
constexpr std::array<const char*, model::kAgeBandCount> kBandLabels = {"Age under 5", "Age 5-10", "Age 11-15", "Age 16-19",
                                                                        "Age 20-25"};

// Every stock measure's value from plans by setting and by age band.
std::map<std::string, double> stock_values(const std::array<double, kSettingCount>& by_setting,
                                           const std::array<double, model::kAgeBandCount>& by_band) {
  std::map<std::string, double> v;
  double total = 0;
  for (double b : by_band) total += b;
  v[std::string(measures::id::kEhcPlans)] = total;
  for (const auto& g : groups()) {
    double sum = 0;
    for (Setting s : g.settings) sum += by_setting[static_cast<std::size_t>(s)];
    v[g.key] = sum;
  }
  for (int b = 0; b < model::kAgeBandCount; ++b) v[kBandKeys[b]] = by_band[b];
  return v;
}

// The spread s of the errors a year ahead that the model's forecast of each LA's plans makes, as
// the origin has seen them: the forecasts p_t (1 + g g_LA + (1 - g) g_E)^(1/W) that the fit leans
// each LA's growth to (calibrate::lean_errors, g the weight it chose at the origin, W its window),
// made at each January t of the window (O-W .. O-1) of the plans at t + 1. The 90th percentile of
// their absolute log errors over LAs and years, over 1.6449, so that 1.6449 s is it: the errors are
// heavier-tailed than a normal's (a normal matched to their median absolute deviation, used before,
// covered the LAs' figures less often than asked where a few LAs moved far), and not centred on
// their median over LAs, which would take out the error England's growth itself makes, one the
// forecast shares. Drift's errors, used before, were those of a forecast the model no longer makes.
double stock_spread(const Published& published, int origin, double own_growth, int window) {
  std::vector<double> d;
  const auto& plans = published.at(std::string(measures::id::kEhcPlans));
  for (int t = origin - window; t < origin; ++t)
    for (double e : calibrate::lean_errors(plans, own_growth, t, window)) d.push_back(std::abs(e));
  if (d.size() < 10) return 0;
  return quantile(d, 0.9) / normal_quantile(0.95);
}

// The spread of an LA's request rate that gives its plans a year on that spread: a change of
// requests by a share x moves the plans a year on by about x k N, N the LA's new plans of the last
// year and k (`response`) the model's extra plans a year on per extra share of requests, over N
// (measured: request_response), so the spread is s P / (k N) (at most 1).
double request_spread(double stock_spread, double response, const Published& published, const model::AreaStart& la, int origin) {
  const auto& new_plans = published.at(std::string(measures::id::kNewPlans));
  const auto it = new_plans.find(la.code);
  if (it == new_plans.end() || response <= 0) return 0;
  const auto last = it->second.find(origin - 1);
  if (last == it->second.end() || last->second <= 0) return 0;
  return std::min(1.0, stock_spread * la.plans() / (response * last->second));
}

// k above, measured: two runs from the origin with common random numbers (a replicate the
// forecast does not use), the second with every LA's request rate 10% higher; the extra plans in
// January origin+1 over 10% of the LAs' published new plans of origin-1 (England's, for a figure
// steadier than any LA's). It was 1.0-1.2 at the origins 2019-2024: requests take weeks to become
// plans, but new plans grew year on year, so a year's requests move more than last year's plans.
double request_response(pipeline::RunPlan plan, const Published& published, int origin, int replicates) {
  constexpr double kStep = 0.10;
  auto plans_a_year_on = [&](double factor) {
    for (auto& a : plan.areas) a.request_relative *= factor;
    plan.first_replicate = replicates;  // a stream of its own
    std::map<std::string, double> out;
    for (const auto& area : pipeline::run(plan).run.areas)
      for (const auto& y : area.replicates.at(0))
        if (y.has_census && y.year == origin + 1)
          out[area.code] = static_cast<double>(std::accumulate(y.census.plans_by_setting.begin(), y.census.plans_by_setting.end(), std::int64_t{0})) / plan.scale;
    for (auto& a : plan.areas) a.request_relative /= factor;
    return out;
  };
  const auto base = plans_a_year_on(1.0), more = plans_a_year_on(1.0 + kStep);
  const auto& new_plans = published.at(std::string(measures::id::kNewPlans));
  double extra = 0, issued = 0;
  for (const auto& [code, plans] : base) {
    const auto it = new_plans.find(code);
    const auto other = more.find(code);
    if (it == new_plans.end() || other == more.end()) continue;
    const auto last = it->second.find(origin - 1);
    if (last == it->second.end()) continue;
    extra += other->second - plans;
    issued += last->second;
  }
  return issued > 0 ? extra / (kStep * issued) : 0;
}

// The 90% prediction interval of a figure from its replicates: on the log scale (log(1 + x), as a
// count may be 0), the mean plus and minus t(0.95, n-1) x sd x sqrt(1 + 1/n), the interval for a
// new draw from a normal sample of n. The replicates' own 5th and 95th percentiles would cover a
// new draw only about 81% of the time with 20 of them (the expected coverage of the order
// statistics k and n+1-k is (n+1-2k)/(n+1); the 5% and 95% points of 20 lie about 2 in from each end).
std::pair<double, double> prediction_interval(const std::vector<double>& values) {
  const double n = static_cast<double>(values.size());
  if (values.size() < 2) return {values.empty() ? 0.0 : values[0], values.empty() ? 0.0 : values[0]};
  std::vector<double> logs;
  for (double v : values) logs.push_back(std::log1p(std::max(0.0, v)));
  double mean = 0, sq = 0;
  for (double x : logs) mean += x;
  mean /= n;
  for (double x : logs) sq += (x - mean) * (x - mean);
  const double sd = std::sqrt(sq / (n - 1));
  // t(0.95, df) by its Cornish-Fisher expansion about z = 1.6449 (1.729 at df 19, as tabled).
  const double z = 1.6448536, df = n - 1;
  const double t = z + (z * z * z + z) / (4 * df) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * df * df);
  const double half = t * sd * std::sqrt(1 + 1 / n);
  return {std::expm1(mean - half), std::expm1(mean + half)};
}

// The model's values at one origin: measure -> LA code -> horizon -> one value per replicate.
using ModelValues = std::map<std::string, std::map<std::string, std::map<int, std::vector<double>>>>;

struct Horizons {
  int last_stock = 0, last_flow = 0;  // the last January and calendar year published
};

ModelValues model_at(const model::SendParams& params, const std::vector<model::AreaStart>& starts, const Published& published,
                     int origin, const Horizons& last, const Options& o, Result& result,
                     const std::function<void(const std::string&)>& log) {
  calibrate::FlowTargets targets{published.at(std::string(measures::id::kEhcPlans)),
                                 published.at(std::string(measures::id::kNewPlans)),
                                 published.at(std::string(measures::id::kRequests))};
  calibrate::FlowFitOptions fit_options;
  fit_options.window = o.window;
  fit_options.scale = o.scale;
  fit_options.seed = o.seed;
  fit_options.threads = o.threads;
  const auto fit = calibrate::fit_flows(params, starts, targets, origin, fit_options, log);
  const double sigma = stock_spread(published, origin, fit.own_growth, o.window);
  result.sigma[origin] = sigma;
  result.fitted[origin] = fit.fitted;
  result.latest_weight[origin] = fit.latest_weight;
  result.growth_damping[origin] = fit.growth_damping;
  result.growth_lead[origin] = fit.growth_lead;
  result.own_growth[origin] = fit.own_growth;
  pipeline::RunPlan plan;
  plan.send = calibrate::as_known_at(model::england_at_start(params, fit.areas), origin, fit.request_growth, fit.sen_support_growth, fit.growth_damping);
  plan.start_year = origin;
  plan.last_year = std::max(last.last_stock, last.last_flow);
  plan.seed = o.seed;
  plan.scale = o.scale;
  plan.threads = o.threads;
  plan.with_ledgers = false;
  plan.areas = fit.areas;
  const double response = request_response(plan, published, origin, o.replicates);
  result.response[origin] = response;
  ModelValues out;
  std::map<std::string, std::vector<double>> draws;
  for (const auto& a : fit.areas) draws[a.code] = stratified_normals(o.seed, origin, o.replicates, a.code);
  for (int r = 0; r < o.replicates; ++r) {
    plan.areas = fit.areas;
    for (auto& a : plan.areas) {
      // A lognormal factor of mean 1, so that the replicates' mean is the forecast a run gives.
      const double s = request_spread(sigma, response, published, a, origin);
      a.request_relative *= std::exp(s * draws.at(a.code)[static_cast<std::size_t>(r)] - s * s / 2);
    }
    plan.first_replicate = r;
    const auto run = pipeline::run(plan).run;
    for (const auto& area : run.areas)
      for (const auto& y : area.replicates.at(0)) {
        if (y.has_census && y.year > origin && y.year <= last.last_stock) {
          std::array<double, kSettingCount> by_setting{};
          std::array<double, model::kAgeBandCount> by_band{};
          for (int s = 0; s < kSettingCount; ++s) by_setting[s] = static_cast<double>(y.census.plans_by_setting[s]) / o.scale;
          for (int b = 0; b < model::kAgeBandCount; ++b) by_band[b] = static_cast<double>(y.census.plans_by_age_band[b]) / o.scale;
          for (const auto& [key, value] : stock_values(by_setting, by_band)) out[key][area.code][y.year - origin].push_back(value);
        }
        if (y.full_year && y.year >= origin && y.year <= last.last_flow) {
          const int h = y.year - origin + 1;
          out[std::string(measures::id::kRequests)][area.code][h].push_back(static_cast<double>(y.flows.requests) / o.scale);
          out[std::string(measures::id::kNewPlans)][area.code][h].push_back(static_cast<double>(y.flows.plans_issued) / o.scale);
        }
      }
    if (log) {
      char line[120];
      std::snprintf(line, sizeof line, "origin %d: replicate %d of %d\n", origin, r + 1, o.replicates);
      log(line);
    }
  }
  return out;
}

// Scores every method for one measure, origin and horizon over the LAs all of them forecast.
void score_cell(const Measure& m, int origin, int h, const ModelValues& model, const Published& published, Result& result) {
  const int data_origin = m.stock ? origin : origin - 1;  // the last year the series was published at O
  const int target_year = data_origin + h;
  const auto& pub = published.at(m.key);
  const auto model_it = model.find(m.key);
  if (model_it == model.end()) return;
  for (const auto& [code, by_h] : model_it->second) {
    const auto values = by_h.find(h);
    if (values == by_h.end()) continue;
    double mean = 0;
    for (double v : values->second) mean += v;
    mean /= static_cast<double>(values->second.size());
    const auto series = pub.find(code);
    const auto actual = series == pub.end() ? forecast::Series::const_iterator{} : series->second.find(target_year);
    const bool known = series != pub.end() && actual != series->second.end();
    const auto [lo, hi] = prediction_interval(values->second);
    result.forecasts.push_back({m.key, code, origin, h, mean, lo, hi,
                                known ? actual->second : std::nan("")});
  }
  std::vector<std::pair<double, double>> model_pairs;
  std::map<forecast::Rival, std::vector<std::pair<double, double>>> rival_pairs;
  int covered = 0;
  for (const auto& [code, by_h] : model_it->second) {
    const auto values = by_h.find(h);
    const auto series = pub.find(code);
    if (values == by_h.end() || series == pub.end()) continue;
    const auto actual = series->second.find(target_year);
    if (actual == series->second.end() || actual->second <= 0) continue;
    std::map<forecast::Rival, double> rivals;
    for (const forecast::Rival rival : forecast::kRivals)
      if (const auto f = forecast::rival_forecast(rival, series->second, data_origin, h)) rivals[rival] = *f;
    if (rivals.size() != std::size(forecast::kRivals)) continue;  // the same LAs for every method
    double mean = 0;
    for (double v : values->second) mean += v;
    mean /= static_cast<double>(values->second.size());
    model_pairs.emplace_back(mean, actual->second);
    for (const auto& [rival, f] : rivals) rival_pairs[rival].emplace_back(f, actual->second);
    const auto [lo, hi] = prediction_interval(values->second);
    if (actual->second >= lo && actual->second <= hi) ++covered;
  }
  if (model_pairs.empty()) return;
  Row row{m.key, origin, h, "model", forecast::score(model_pairs),
          static_cast<double>(covered) / static_cast<double>(model_pairs.size())};
  result.rows.push_back(row);
  for (const auto& [rival, pairs] : rival_pairs)
    result.rows.push_back(Row{m.key, origin, h, std::string(forecast::name(rival)), forecast::score(pairs), -1});
}

}  // namespace

// The shuffle draws from the engine's addressed streams (the backtest's own domain, the LA's code as
// the agent, the origin as the month). Independent draws, used before, moved the forecasts' median
// error over LAs by up to half a point from one stream to another; the replicates still spread as
// the draws do, for the interval.
std::vector<double> stratified_normals(std::uint64_t seed, int origin, int n, const std::string& code) {
  constexpr std::uint32_t kBacktestDomain = 0xBAC7u;
  const engine::RandomStreams rng(seed, 0, kBacktestDomain);
  std::uint32_t agent = 0;
  for (const char c : code) agent = agent * 31u + static_cast<unsigned char>(c);
  engine::UniformSequence u(rng, agent, origin, 0);
  std::vector<double> z(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) z[static_cast<std::size_t>(i)] = normal_quantile((i + 0.5) / n);
  for (int i = n - 1; i > 0; --i) {  // Fisher-Yates
    const int j = std::min(i, static_cast<int>(u.next() * (i + 1)));
    std::swap(z[static_cast<std::size_t>(i)], z[static_cast<std::size_t>(j)]);
  }
  return z;
}

const std::vector<Measure>& measures() {
  static const std::vector<Measure> m = [] {
    std::vector<Measure> v = {{std::string(measures::id::kEhcPlans), "EHC plans", true}};
    for (const auto& g : groups()) v.push_back({g.key, g.label, true});
    for (int b = 0; b < model::kAgeBandCount; ++b) v.push_back({kBandKeys[b], kBandLabels[b], true});
    v.push_back({std::string(measures::id::kRequests), "Requests", false});
    v.push_back({std::string(measures::id::kNewPlans), "New plans", false});
    return v;
  }();
  return m;
}

Published published_figures(const std::vector<model::AreaStart>& starts, const std::vector<data::LaFlow>& flows) {
  Published p;
  for (const auto& m : measures()) p[m.key];
  for (const auto& a : starts)
    for (const auto& [key, value] : stock_values(a.plans_by_setting, a.plans_by_age_band)) {
      const bool band = std::find(kBandKeys.begin(), kBandKeys.end(), key) != kBandKeys.end();
      if (band && a.year == kYearWithoutLaAges) continue;  // not published: nothing to score or forecast from
      p[key][a.code][a.year] = value;
    }
  for (const auto& f : flows) {
    if (f.requests) p[std::string(measures::id::kRequests)][f.code][f.year] = *f.requests;
    if (f.new_plans) p[std::string(measures::id::kNewPlans)][f.code][f.year] = *f.new_plans;
  }
  return p;
}

Result run_backtest(const model::SendParams& params, const std::vector<model::AreaStart>& starts,
                    const std::vector<data::LaFlow>& flows, const Options& options,
                    const std::function<void(const std::string&)>& log) {
  Horizons last;
  for (const auto& a : starts) last.last_stock = std::max(last.last_stock, a.year);
  for (const auto& f : flows)
    if (f.new_plans) last.last_flow = std::max(last.last_flow, f.year);
  int first_start = last.last_stock;
  for (const auto& a : starts) first_start = std::min(first_start, a.year);
  if (options.first_origin - options.window < first_start)
    throw InputError("--first-origin", 0, std::to_string(options.first_origin),
                     "the fit needs the LAs' Januaries from " + std::to_string(options.first_origin - options.window) +
                         "; the LA table starts in " + std::to_string(first_start));
  if (options.last_origin >= last.last_stock || options.last_origin < options.first_origin)
    throw InputError("--last-origin", 0, std::to_string(options.last_origin),
                     "must be from --first-origin to " + std::to_string(last.last_stock - 1) + " (a year must be published after it)");
  Result result;
  result.options = options;
  const Published published = published_figures(starts, flows);
  for (int origin = options.first_origin; origin <= options.last_origin; ++origin) {
    const ModelValues model = model_at(params, starts, published, origin, last, options, result, log);
    for (const auto& m : measures()) {
      const int horizons = m.stock ? last.last_stock - origin : last.last_flow - origin + 1;
      for (int h = 1; h <= horizons; ++h) score_cell(m, origin, h, model, published, result);
    }
  }
  return result;
}

namespace {

const Row* find_row(const Result& r, const std::string& measure, int origin, int h, const std::string& method) {
  for (const auto& row : r.rows)
    if (row.measure == measure && row.origin == origin && row.horizon == h && row.method == method) return &row;
  return nullptr;
}

// The median over origins of a score of one method at one horizon (NaN: none).
double median_over_origins(const Result& r, const std::string& measure, int h, const std::string& method,
                           const std::function<double(const Row&)>& score) {
  std::vector<double> v;
  for (const auto& row : r.rows)
    if (row.measure == measure && row.horizon == h && row.method == method) v.push_back(score(row));
  return quantile(v, 0.5);
}

constexpr const char* kMethods[] = {"model", "naive", "drift", "linear"};

}  // namespace

std::string render(const Result& r) {
  std::ostringstream out;
  char line[256];
  const std::string plans(measures::id::kEhcPlans);
  out << "EHC plans: each LA's forecast against DfE's figure for January origin+h (" << r.options.replicates
      << " replicates at scale " << r.options.scale << ", seed " << r.options.seed << ")\n";
  out << "                median |% error| over LAs      within 10%        England % error     90% interval\n";
  out << "origin  h  LAs   model  naive  drift linear   model  drift     model   drift      covers\n";
  for (int origin = r.options.first_origin; origin <= r.options.last_origin; ++origin)
    for (int h = 1; h <= 6; ++h) {
      const Row* m = find_row(r, plans, origin, h, "model");
      if (!m) continue;
      const Row* naive = find_row(r, plans, origin, h, "naive");
      const Row* drift = find_row(r, plans, origin, h, "drift");
      const Row* linear = find_row(r, plans, origin, h, "linear");
      std::snprintf(line, sizeof line, "%d  %2d  %3d  %6.1f %6.1f %6.1f %6.1f   %4.0f%%  %4.0f%%   %+6.1f  %+6.1f      %4.0f%%\n", origin, h,
                    m->scores.las, m->scores.median_abs_pct, naive ? naive->scores.median_abs_pct : NAN,
                    drift ? drift->scores.median_abs_pct : NAN, linear ? linear->scores.median_abs_pct : NAN,
                    100 * m->scores.within_10, drift ? 100 * drift->scores.within_10 : NAN, m->scores.england_pct,
                    drift ? drift->scores.england_pct : NAN, 100 * m->coverage);
      out << line;
    }
  out << "\nEvery series: median over origins of the median |% error| over LAs, by horizon (best rival: the\n"
         "rival with the lowest such median at that horizon)\n";
  out << "series                     h   model  best rival      model within 10%   90% covers\n";
  for (const auto& m : measures()) {
    for (int h = 1; h <= 6; ++h) {
      auto median_error = [](const Row& row) { return row.scores.median_abs_pct; };
      const double model = median_over_origins(r, m.key, h, "model", median_error);
      if (std::isnan(model)) continue;
      double best = NAN;
      const char* best_name = "";
      for (const char* rival : {"naive", "drift", "linear"}) {
        const double e = median_over_origins(r, m.key, h, rival, median_error);
        if (!std::isnan(e) && (std::isnan(best) || e < best)) best = e, best_name = rival;
      }
      const double within = median_over_origins(r, m.key, h, "model", [](const Row& row) { return 100 * row.scores.within_10; });
      const double covers = median_over_origins(r, m.key, h, "model", [](const Row& row) { return 100 * row.coverage; });
      std::snprintf(line, sizeof line, "%-25s %2d  %6.1f  %6.1f %-7s  %8.0f%%         %5.0f%%%s\n", h == 1 ? m.label.c_str() : "", h,
                    model, best, best_name, within, covers, model < best ? "" : "   (rival ahead)");
      out << line;
    }
  }
  out << "\nLAs fitted, the weight w of each LA's latest year in its level of requests, the weight l of England's last\n"
         "growth of requests in the requests' growth (1 - l: of its new plans) and its damping d, the weight g of each\n"
         "LA's own growth of plans against England's, the spread s of one-year errors the intervals are drawn from, and\n"
         "k, the plans a year on that 1% more requests add, per 1% of the last year's new plans, by origin:";
  for (const auto& [origin, n] : r.fitted) {
    std::snprintf(line, sizeof line, " %d: %d, w %.2f, l %.2f, d %.2f, g %.2f, s %.3f, k %.2f;", origin, n,
                  r.latest_weight.at(origin), r.growth_lead.at(origin), r.growth_damping.at(origin), r.own_growth.at(origin), r.sigma.at(origin), r.response.at(origin));
    out << line;
  }
  out << "\n";
  return out.str();
}

std::string forecasts_csv(const Result& r) {
  std::ostringstream out;
  out << "measure,code,origin,horizon,year,mean,lo_5,hi_95,published\n";
  char line[256];
  for (const auto& f : r.forecasts) {
    const bool stock = std::any_of(measures().begin(), measures().end(), [&](const Measure& m) { return m.key == f.measure && m.stock; });
    std::snprintf(line, sizeof line, "%s,%s,%d,%d,%d,%.6g,%.6g,%.6g,", f.measure.c_str(), f.code.c_str(), f.origin, f.horizon,
                  stock ? f.origin + f.horizon : f.origin - 1 + f.horizon, f.mean, f.lo, f.hi);
    out << line;
    if (!std::isnan(f.published)) {
      std::snprintf(line, sizeof line, "%.6g", f.published);
      out << line;
    }
    out << "\n";
  }
  return out.str();
}

std::string tidy_csv(const Result& r) {
  std::ostringstream out;
  out << "measure,origin,horizon,method,las,median_abs_pct,within_5,within_10,england_pct,coverage\n";
  char line[256];
  for (const auto& m : measures())
    for (int origin = r.options.first_origin; origin <= r.options.last_origin; ++origin)
      for (int h = 1; h <= 6; ++h)
        for (const char* method : kMethods) {
          const Row* row = find_row(r, m.key, origin, h, method);
          if (!row) continue;
          std::snprintf(line, sizeof line, "%s,%d,%d,%s,%d,%.4f,%.4f,%.4f,%.4f,", m.key.c_str(), origin, h, method, row->scores.las,
                        row->scores.median_abs_pct, row->scores.within_5, row->scores.within_10, row->scores.england_pct);
          out << line;
          if (row->coverage >= 0) {
            std::snprintf(line, sizeof line, "%.4f", row->coverage);
            out << line;
          }
          out << "\n";
        }
  return out.str();
}

}  // namespace sendtwin::backtest
