#include "calibrate/calibrate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <stdexcept>

#include "measures/registry.h"
#include "model/send/send_run.h"
#include "pipeline/pipeline.h"

namespace sendtwin::calibrate {

const std::vector<FitParameter>& fit_parameters() {
  static const std::vector<FitParameter> p = {
      {"sen_support", "identification", "base", 0.005, 0.2, [](model::SendParams& s) { return &s.sen_support.identification.base; }},
      {"sen_support", "identification", "growth", -0.1, 0.3, [](model::SendParams& s) { return &s.sen_support.identification.growth; }},
      {"sen_support", "exit", "value", 0.02, 0.6, [](model::SendParams& s) { return &s.sen_support.exit; }},
      {"requests", "rate", "base", 0.005, 0.3, [](model::SendParams& s) { return &s.requests.rate.base; }},
      {"requests", "rate", "growth", -0.1, 0.3, [](model::SendParams& s) { return &s.requests.rate.growth; }},
      {"assessment", "issued", "value", 0.5, 1.0, [](model::SendParams& s) { return &s.assessment.issued; }},
  };
  return p;
}

// The first full calendar year of EHC plans (the 2014 Act took effect in September 2014, and 2015
// is the year the model starts from).
constexpr int kFirstTargetYear = 2016;

const std::vector<TargetSeries>& target_series() {
  using namespace measures::id;  // .data(): each id is a whole string literal, so null-terminated
  static const std::vector<TargetSeries> series = {
      {kEhcPlans.data(), 2.0}, {kSenSupport.data(), 2.0}, {kRequests.data(), 1.0}, {kNewPlans.data(), 1.0}};
  return series;
}

std::vector<Target> national_targets(const data::PublishedSeries& published, int until) {
  std::vector<Target> out;
  for (const auto& [measure, weight] : target_series())
    for (int y = kFirstTargetYear; y <= until; ++y)
      if (const auto* f = published.find(measure, y)) out.push_back({measure, y, f->value, weight});
  return out;
}

std::vector<double> nelder_mead(const std::function<double(const std::vector<double>&)>& f, std::vector<double> x0,
                                double step, int max_evaluations, int* evaluations) {
  const std::size_t n = x0.size();
  int used = 0;
  auto clamp = [](std::vector<double> x) {
    for (double& v : x) v = std::clamp(v, 0.0, 1.0);
    return x;
  };
  auto eval = [&](const std::vector<double>& x) {
    ++used;
    return f(x);
  };
  std::vector<std::vector<double>> pts{clamp(x0)};
  for (std::size_t i = 0; i < n; ++i) {
    auto x = x0;
    x[i] += x[i] + step <= 1.0 ? step : -step;
    pts.push_back(clamp(x));
  }
  std::vector<double> vals;
  for (const auto& p : pts) vals.push_back(eval(p));
  while (used < max_evaluations) {
    std::vector<std::size_t> order(n + 1);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return vals[a] < vals[b]; });
    const std::size_t best = order[0], worst = order[n], second = order[n - 1];
    if (std::abs(vals[worst] - vals[best]) <= 1e-9 * (std::abs(vals[best]) + 1e-12)) break;
    std::vector<double> centroid(n, 0.0);
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t i = 0; i < n; ++i) centroid[i] += pts[order[k]][i] / static_cast<double>(n);
    auto along = [&](double t) {
      std::vector<double> x(n);
      for (std::size_t i = 0; i < n; ++i) x[i] = centroid[i] + t * (pts[worst][i] - centroid[i]);
      return clamp(x);
    };
    const auto reflected = along(-1.0);
    const double fr = eval(reflected);
    if (fr < vals[best]) {
      const auto expanded = along(-2.0);
      const double fe = used < max_evaluations ? eval(expanded) : fr;
      if (fe < fr) pts[worst] = expanded, vals[worst] = fe;
      else pts[worst] = reflected, vals[worst] = fr;
    } else if (fr < vals[second]) {
      pts[worst] = reflected, vals[worst] = fr;
    } else {
      const auto contracted = fr < vals[worst] ? along(-0.5) : along(0.5);
      const double fc = eval(contracted);
      if (fc < std::min(fr, vals[worst])) {
        pts[worst] = contracted, vals[worst] = fc;
      } else {
        // Shrink towards the best point.
        for (std::size_t k = 0; k <= n && used < max_evaluations; ++k) {
          if (k == best) continue;
          for (std::size_t i = 0; i < n; ++i) pts[k][i] = pts[best][i] + 0.5 * (pts[k][i] - pts[best][i]);
          vals[k] = eval(pts[k]);
        }
      }
    }
  }
  const auto best = static_cast<std::size_t>(std::min_element(vals.begin(), vals.end()) - vals.begin());
  if (evaluations) *evaluations = used;
  return pts[best];
}

namespace {

// One evaluation: every LA, one replicate, to December of the last target year.
model::SendRunResult evaluate(const model::SendParams& params, const std::vector<model::AreaStart>& areas,
                              std::uint64_t seed, int threads, double scale, int until) {
  pipeline::RunPlan plan;
  plan.send = params;
  plan.areas = areas;
  plan.seed = seed;
  plan.threads = threads;
  plan.scale = scale;
  plan.start_year = areas.front().year;
  plan.last_year = until;
  plan.with_ledgers = false;
  return pipeline::run(plan).run;
}

std::vector<double> model_values(const model::SendParams& params, const std::vector<model::AreaStart>& areas,
                                 const std::vector<Target>& targets, const Options& options) {
  const auto run = evaluate(params, areas, options.seed, options.threads, options.scale, options.until);
  std::vector<double> out;
  for (const auto& t : targets) {
    const auto* m = measures::find(t.measure);  // a pupil measure: computed from a run's tally
    if (m && !m->from_tally) m = nullptr;
    double v = std::nan("");
    for (const auto& y : run.replicates.at(0))
      if (y.year == t.year && m) {
        const auto value = m->from_tally(y);
        if (value) v = m->unit == measures::Unit::Count ? *value / options.scale : *value;
      }
    out.push_back(v);
  }
  return out;
}

double loss_of(const std::vector<double>& model, const std::vector<Target>& targets) {
  double loss = 0;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const double d = std::isnan(model[k]) ? 1.0 : (model[k] - targets[k].value) / targets[k].value;
    loss += targets[k].weight * d * d;
  }
  return loss;
}

}  // namespace

Result calibrate(const model::SendParams& start, const std::vector<model::AreaStart>& areas,
                 const std::vector<Target>& targets, const Options& options,
                 const std::function<void(int, double)>& progress) {
  if (targets.empty()) throw std::invalid_argument("no published targets before the --until year");
  const auto& fp = fit_parameters();
  Result r;
  model::SendParams work = start;
  std::vector<double> x0;
  for (const auto& p : fp) {
    const double v = *p.field(work);
    r.start_values.push_back(v);
    x0.push_back(std::clamp((v - p.lo) / (p.hi - p.lo), 0.0, 1.0));
  }
  auto params_at = [&](const std::vector<double>& x) {
    model::SendParams p = start;
    for (std::size_t i = 0; i < fp.size(); ++i) *fp[i].field(p) = fp[i].lo + x[i] * (fp[i].hi - fp[i].lo);
    return p;
  };
  double best = INFINITY;
  int done = 0;
  auto f = [&](const std::vector<double>& x) {
    const double loss = loss_of(model_values(params_at(x), areas, targets, options), targets);
    best = std::min(best, loss);
    if (progress) progress(++done, best);
    return loss;
  };
  r.model_start = model_values(start, areas, targets, options);
  r.loss_start = loss_of(r.model_start, targets);
  const auto x = nelder_mead(f, x0, 0.05, options.max_evaluations, &r.evaluations);
  r.fitted = params_at(x);
  for (const auto& p : fp) r.fitted_values.push_back(*p.field(r.fitted));
  r.model_fitted = model_values(r.fitted, areas, targets, options);
  r.loss_fitted = loss_of(r.model_fitted, targets);
  if (r.loss_fitted > r.loss_start) {
    // Never worse than where it started.
    r.fitted = start;
    r.fitted_values = r.start_values;
    r.model_fitted = r.model_start;
    r.loss_fitted = r.loss_start;
  }
  return r;
}

std::string render_fit_report(const Result& r, const std::vector<Target>& targets, const Options& options) {
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "sendtwin calibrate: %zu targets to %d, %d evaluations at scale %g, seed %llu; loss %.5f -> %.5f\n\n",
                targets.size(), options.until, r.evaluations, options.scale, static_cast<unsigned long long>(options.seed),
                r.loss_start, r.loss_fitted);
  out += buf;
  out += "parameter                              start      fitted\n";
  for (std::size_t i = 0; i < fit_parameters().size(); ++i) {
    const auto& p = fit_parameters()[i];
    std::snprintf(buf, sizeof buf, "%-34s %9.5f   %9.5f\n", (p.section + "." + p.name + "." + p.key).c_str(),
                  r.start_values[i], r.fitted_values[i]);
    out += buf;
  }
  out += "\ntarget               year  weight    published      before   diff       after   diff\n";
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const auto& t = targets[k];
    std::snprintf(buf, sizeof buf, "%-20s %4d  %6.1f  %11.0f  %10.0f %+5.1f%%  %10.0f %+5.1f%%\n", t.measure.c_str(), t.year,
                  t.weight, t.value, r.model_start[k], 100 * (r.model_start[k] - t.value) / t.value, r.model_fitted[k],
                  100 * (r.model_fitted[k] - t.value) / t.value);
    out += buf;
  }
  return out;
}

std::string patch_value(std::string_view toml_text, const std::string& section, const std::string& name, const std::string& key,
                        double value, const std::string& source) {
  std::string text(toml_text);
  const auto at_section = text.find("[" + section + "]");
  if (at_section == std::string::npos) throw std::runtime_error("no [" + section + "] in the parameter file");
  const auto line = text.find("\n" + name + " = {", at_section);
  if (line == std::string::npos) throw std::runtime_error("no " + section + "." + name + " in the parameter file");
  const auto end = text.find('\n', line + 1);
  std::string l = text.substr(line + 1, end - line - 1);
  const auto at = l.find(" " + key + " = ");
  if (at == std::string::npos) throw std::runtime_error("no " + key + " in " + section + "." + name);
  const auto value_begin = at + key.size() + 4;
  const auto value_end = l.find_first_of(",}", value_begin);
  char v[32];
  std::snprintf(v, sizeof v, "%.6g", value);
  l.replace(value_begin, value_end - value_begin, v);
  const auto at_source = l.find("source = \"");
  if (at_source != std::string::npos) l.replace(at_source, std::string::npos, "source = \"" + source + "\" }");
  text.replace(line + 1, end - line - 1, l);
  return text;
}

std::string patch_params(std::string_view toml_text, const Result& r, const Options& options) {
  std::string text(toml_text);
  const auto& fp = fit_parameters();
  char source[256];
  std::snprintf(source, sizeof source,
                "fitted: sendtwin calibrate (simulated method of moments, Nelder-Mead, %d runs at scale %g, seed %llu) "
                "to DfE's EHC plans, SEN Support, requests and new plans %d-%d",
                r.evaluations, options.scale, static_cast<unsigned long long>(options.seed), kFirstTargetYear, options.until);
  for (std::size_t i = 0; i < fp.size(); ++i) text = patch_value(text, fp[i].section, fp[i].name, fp[i].key, r.fitted_values[i], source);
  return text;
}

// ---- Stage two: calendar-year effects ----

const std::vector<EffectSeries>& effect_series() {
  using namespace measures::id;  // .data(): each id is a whole string literal, so null-terminated
  static const std::vector<EffectSeries> series = {
      {"sen_support_identification", kSenSupport.data(), true},
      {"requests_rate", kRequests.data(), false},
      {"requests_refused", kRefusalsToAssess.data(), false},
      {"assessment_within_20_weeks", kPctWithin20Weeks.data(), false},
      {"assessment_issued", kNewPlans.data(), false},
      {"cease_at_review", kEhcPlans.data(), true},
  };
  return series;
}

namespace {

// A factor moves by at most this ratio in one iteration (the first runs can be far off).
constexpr double kMaxStep = 1.5;
constexpr double kDamping = 0.7;

void set_effect(model::SendParams& p, const std::string& name, const model::YearEffects& e) {
  for (auto& slot : model::year_effect_slots(p))
    if (name == slot.name)
      for (model::YearEffects* target : slot.effects) *target = e;
}

// One run's figures: every measure of the targets by year, and the flows that drive the stocks.
struct RunFigures {
  std::map<std::pair<std::string, int>, double> value;
  std::map<int, double> identified, ceased_at_review;
};

RunFigures run_figures(const model::SendParams& params, const std::vector<model::AreaStart>& areas,
                       const std::vector<Target>& targets, const EffectsOptions& options) {
  const auto run = evaluate(params, areas, options.seed, options.threads, options.scale, options.until);
  RunFigures f;
  for (const auto& y : run.replicates.at(0)) {
    for (const auto& t : targets) {
      if (t.year != y.year) continue;
      const auto* m = measures::find(t.measure);
      const auto v = m && m->from_tally ? m->from_tally(y) : std::nullopt;
      if (v) f.value[{t.measure, t.year}] = m->unit == measures::Unit::Count ? *v / options.scale : *v;
    }
    if (y.full_year) {
      f.identified[y.year] = static_cast<double>(y.flows.identified) / options.scale;
      f.ceased_at_review[y.year] =
          static_cast<double>(y.flows.ceased_by_cause[static_cast<std::size_t>(model::CeaseCause::AtReview)]) / options.scale;
    }
  }
  return f;
}

double relative(const RunFigures& f, const Target& t) {
  const auto it = f.value.find({t.measure, t.year});
  return it == f.value.end() ? 1.0 : (it->second - t.value) / t.value;
}

}  // namespace

EffectsResult fit_year_effects(const model::SendParams& start, const std::vector<model::AreaStart>& areas,
                               const data::PublishedSeries& published, const EffectsOptions& options,
                               const std::function<void(int, double)>& progress) {
  EffectsResult r;
  const int first_year = areas.front().year;  // the effects are fitted from the runs' start
  r.from = first_year;
  const auto& series = effect_series();
  // The published figures each series is fitted to, and the years of their factors.
  std::vector<std::vector<Target>> by_series(series.size());
  std::vector<int> last_factor_year(series.size(), 0);
  for (std::size_t k = 0; k < series.size(); ++k) {
    for (int y = first_year; y <= options.until; ++y) {
      const auto* f = published.find(series[k].measure, y);
      if (!f) continue;
      const int factor_year = series[k].stock ? y - 1 : y;
      if (factor_year < first_year) continue;  // the stock the run starts from
      by_series[k].push_back({series[k].measure, y, f->value, 1.0});
      r.targets.push_back(by_series[k].back());
      last_factor_year[k] = std::max(last_factor_year[k], factor_year);
    }
    if (by_series[k].empty()) throw std::invalid_argument(std::string("no published ") + series[k].measure + " to fit by " + std::to_string(options.until));
  }
  // Start from no effects: a fit never builds on an earlier fit's factors.
  model::SendParams work = start;
  std::vector<std::vector<double>> factors(series.size());
  for (std::size_t k = 0; k < series.size(); ++k) {
    factors[k].assign(static_cast<std::size_t>(last_factor_year[k] - first_year + 1), 1.0);
    set_effect(work, series[k].effect, model::YearEffects{});
  }
  auto apply = [&](model::SendParams& p) {
    for (std::size_t k = 0; k < series.size(); ++k) set_effect(p, series[k].effect, model::YearEffects{kFirstEffectYear, factors[k]});
  };
  auto loss_and_worst = [&](const RunFigures& f) {
    double loss = 0, worst = 0;
    for (const auto& t : r.targets) {
      const double d = relative(f, t);
      loss += d * d;
      worst = std::max(worst, std::abs(d));
    }
    return std::pair{loss, worst};
  };

  double best_loss = INFINITY;
  RunFigures best_figures;
  std::vector<std::vector<double>> best_factors = factors;
  for (int it = 0; it <= options.iterations; ++it) {
    apply(work);
    const RunFigures f = run_figures(work, areas, r.targets, options);
    const auto [loss, worst] = loss_and_worst(f);
    if (it == 0)
      for (const auto& t : r.targets) {
        const auto v = f.value.find({t.measure, t.year});
        r.model_start.push_back(v == f.value.end() ? std::nan("") : v->second);
      }
    if (loss < best_loss) {
      best_loss = loss;
      best_factors = factors;
      best_figures = f;
    }
    r.iterations = it;
    if (progress) progress(it, 100 * worst);
    if (worst <= options.tolerance || it == options.iterations) break;
    // Every factor from this run at once.
    for (std::size_t k = 0; k < series.size(); ++k) {
      std::vector<bool> fitted(factors[k].size(), false);
      for (const auto& t : by_series[k]) {
        const auto v = f.value.find({t.measure, t.year});
        if (v == f.value.end() || v->second <= 0) continue;
        double step;
        if (!series[k].stock) {
          step = t.value / v->second;
        } else {
          // The stock's change over the year before against the flow that drives it.
          const auto* before = published.find(t.measure, t.year - 1);
          const auto model_before = f.value.find({t.measure, t.year - 1});
          const double error_before =
              before && model_before != f.value.end() ? before->value - model_before->second : 0.0;
          const double change = (t.value - v->second) - error_before;
          const bool identification = std::string(series[k].effect) == "sen_support_identification";
          const auto& flows = identification ? f.identified : f.ceased_at_review;
          const auto flow = flows.find(t.year - 1);
          if (flow == flows.end() || flow->second <= 0) continue;
          step = identification ? 1.0 + change / flow->second : 1.0 - change / flow->second;
        }
        const std::size_t i = static_cast<std::size_t>((series[k].stock ? t.year - 1 : t.year) - kFirstEffectYear);
        // Damped: the series are coupled (new plans follow requests and timeliness; the stocks
        // follow the flows), and full steps overshoot.
        const double damped = std::pow(std::clamp(step, 1.0 / kMaxStep, kMaxStep), kDamping);
        factors[k][i] = std::clamp(factors[k][i] * damped, 0.05, 20.0);
        fitted[i] = true;
      }
      // A year with no figure of its own (requests in 2015) takes the nearest fitted year's factor.
      for (std::size_t i = 0; i < factors[k].size(); ++i) {
        if (fitted[i]) continue;
        for (std::size_t d = 1; d < factors[k].size(); ++d) {
          if (i + d < factors[k].size() && fitted[i + d]) { factors[k][i] = factors[k][i + d]; break; }
          if (i >= d && fitted[i - d]) { factors[k][i] = factors[k][i - d]; break; }
        }
      }
    }
  }
  factors = best_factors;
  r.fitted = start;
  apply(r.fitted);
  r.values = factors;
  for (const auto& t : r.targets) {
    const auto v = best_figures.value.find({t.measure, t.year});
    r.model_fitted.push_back(v == best_figures.value.end() ? std::nan("") : v->second);
  }
  return r;
}

std::string render_effects_report(const EffectsResult& r, const EffectsOptions& options) {
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf, "Calendar-year effects, fitted in %d iterations at scale %g, seed %llu (factor by year; 1 = none)\n",
                r.iterations, options.scale, static_cast<unsigned long long>(options.seed));
  out += buf;
  std::snprintf(buf, sizeof buf, "%-28s", "effect");
  out += buf;
  std::size_t longest = 0;
  for (const auto& v : r.values) longest = std::max(longest, v.size());
  for (std::size_t i = 0; i < longest; ++i) {
    std::snprintf(buf, sizeof buf, " %5d", r.from + static_cast<int>(i));
    out += buf;
  }
  out += "\n";
  for (std::size_t k = 0; k < r.values.size(); ++k) {
    std::snprintf(buf, sizeof buf, "%-28s", effect_series()[k].effect);
    out += buf;
    for (const double v : r.values[k]) {
      std::snprintf(buf, sizeof buf, " %5.2f", v);
      out += buf;
    }
    out += "\n";
  }
  out += "\ntarget               year    published      before   diff       after   diff\n";
  for (std::size_t k = 0; k < r.targets.size(); ++k) {
    const auto& t = r.targets[k];
    std::snprintf(buf, sizeof buf, "%-20s %4d  %11.1f  %10.1f %+5.1f%%  %10.1f %+5.1f%%\n", t.measure.c_str(), t.year, t.value,
                  r.model_start[k], 100 * (r.model_start[k] - t.value) / t.value, r.model_fitted[k],
                  100 * (r.model_fitted[k] - t.value) / t.value);
    out += buf;
  }
  return out;
}

std::string patch_year_effects(std::string_view toml_text, const EffectsResult& r, const EffectsOptions& options) {
  std::string text(toml_text);
  // Drop the old section: from its header to the next section or the end.
  const auto header = text.find("\n[year_effects]");
  if (header != std::string::npos) {
    const auto next = text.find("\n[", header + 1);
    text.erase(header, next == std::string::npos ? std::string::npos : next - header);
  }
  while (!text.empty() && text.back() == '\n') text.pop_back();
  char buf[512];
  std::string section = "\n\n[year_effects]\n";
  section +=
      "# Calendar-year effects (src/model/send/params.h YearEffects): factors multiplying a parameter in\n"
      "# year from + k, the last held after, for what the model has no mechanism for. Written by\n"
      "# `sendtwin calibrate`; each is fitted to the published series named in its source.\n";
  std::snprintf(buf, sizeof buf, "from = { value = %d, source = \"the first year the model runs\" }\n", r.from);
  section += buf;
  for (std::size_t k = 0; k < r.values.size(); ++k) {
    const auto& s = effect_series()[k];
    std::string values;
    for (const double v : r.values[k]) {
      std::snprintf(buf, sizeof buf, "%s%.4f", values.empty() ? "" : ", ", v);
      values += buf;
    }
    std::snprintf(buf, sizeof buf,
                  "%s = { value = [%s], source = \"fitted: sendtwin calibrate (%d iterations, scale %g, seed %llu) to DfE's %s %s to %d\" }\n",
                  s.effect, values.c_str(), r.iterations, options.scale, static_cast<unsigned long long>(options.seed),
                  s.measure, s.stock ? "(January stock, through the year before)" : "(calendar year)", options.until);
    section += buf;
  }
  return text + section;
}

// ---- Stage four: each LA's practice ----

LaFitResult fit_la_practice(const model::SendParams& params, const std::vector<model::AreaStart>& areas,
                            const std::map<std::string, std::map<int, double>>& published, const LaFitOptions& options,
                            const std::function<void(int, double)>& progress) {
  const int start_year = areas.front().year;
  LaFitResult r;
  r.fitted = areas;
  r.factor.assign(areas.size(), 1.0);
  // The published growth of each LA's plans, where DfE published both Januaries.
  std::vector<double> target(areas.size(), std::nan(""));
  for (std::size_t a = 0; a < areas.size(); ++a) {
    const auto it = published.find(areas[a].code);
    if (it == published.end()) continue;
    const auto first = it->second.find(start_year), last = it->second.find(options.until);
    if (first != it->second.end() && last != it->second.end()) target[a] = last->second;
  }
  auto plans_in = [&](const model::SendRunResult& run, std::size_t a, int year) {
    for (const auto& y : run.areas[a].replicates.at(0))
      if (y.year == year && y.has_census) return static_cast<double>(y.census.plans) / options.scale;
    return std::nan("");
  };
  auto requests_of = [&](const model::SendRunResult& run, std::size_t a) {
    double n = 0;
    for (const auto& y : run.areas[a].replicates.at(0))
      if (y.full_year) n += static_cast<double>(y.flows.requests) / options.scale;
    return n;
  };
  auto errors = [&](const model::SendRunResult& run) {
    std::vector<double> e(areas.size(), std::nan(""));
    for (std::size_t a = 0; a < areas.size(); ++a)
      if (!std::isnan(target[a])) e[a] = 100 * (plans_in(run, a, options.until) - target[a]) / target[a];
    return e;
  };
  auto median_abs = [](const std::vector<double>& e) {
    std::vector<double> v;
    for (const double x : e)
      if (!std::isnan(x)) v.push_back(std::abs(x));
    if (v.empty()) return 0.0;
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  double best = INFINITY;
  std::vector<double> best_factor = r.factor;
  for (int it = 0; it <= options.iterations; ++it) {
    for (std::size_t a = 0; a < areas.size(); ++a) r.fitted[a].request_relative = areas[a].request_relative * r.factor[a];
    const auto run = evaluate(params, r.fitted, options.seed, options.threads, options.scale, options.until);
    const auto e = errors(run);
    if (it == 0) r.error_start = e;
    double loss = 0;
    for (const double x : e)
      if (!std::isnan(x)) loss += x * x;
    if (loss < best) {
      best = loss;
      best_factor = r.factor;
      r.error_fitted = e;
    }
    r.iterations = it;
    if (progress) progress(it, median_abs(e));
    if (it == options.iterations) break;
    // Each LA's growth against its published growth, damped; then England's requests kept.
    double requests = 0, scaled = 0;
    std::vector<double> next = r.factor;
    for (std::size_t a = 0; a < areas.size(); ++a) {
      const double req = requests_of(run, a);
      requests += req;
      if (!std::isnan(target[a])) {
        const double start = plans_in(run, a, start_year), model = plans_in(run, a, options.until);
        const double wanted = target[a] - start, got = model - start;
        if (wanted > 0 && got > 0) next[a] = std::clamp(r.factor[a] * std::pow(std::clamp(wanted / got, 1.0 / kMaxStep, kMaxStep), kDamping), 0.2, 5.0);
      }
      scaled += req * next[a] / r.factor[a];
    }
    const double keep = scaled > 0 ? requests / scaled : 1.0;
    for (std::size_t a = 0; a < areas.size(); ++a) r.factor[a] = next[a] * keep;
  }
  r.factor = best_factor;
  for (std::size_t a = 0; a < areas.size(); ++a) r.fitted[a].request_relative = areas[a].request_relative * r.factor[a];
  return r;
}

}  // namespace sendtwin::calibrate
