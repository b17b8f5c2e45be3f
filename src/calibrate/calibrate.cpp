#include "calibrate/calibrate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <stdexcept>

#include "model/send/measures.h"
#include "model/send/send_run.h"

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
  static const std::vector<TargetSeries> series = {{"ehc_plans", 2.0}, {"sen_support", 2.0}, {"requests", 1.0}, {"new_plans", 1.0}};
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

std::vector<double> model_values(const model::SendParams& params, const std::vector<model::AreaStart>& areas,
                                 const std::vector<Target>& targets, const Options& options) {
  model::SendRunConfig config;
  config.seed = options.seed;
  config.threads = options.threads;
  config.scale = options.scale;
  config.to = Month(options.until, 12);
  const auto run = model::run_send(params, areas, config);
  std::vector<double> out;
  for (const auto& t : targets) {
    const auto* m = model::find_measure(t.measure);
    double v = std::nan("");
    for (const auto& y : run.replicates.at(0))
      if (y.year == t.year && m) {
        const auto value = m->compute(y);
        if (value) v = m->unit == model::MeasureUnit::Count ? *value / options.scale : *value;
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

std::string patch_params(std::string_view toml_text, const Result& r, const Options& options) {
  std::string text(toml_text);
  const auto& fp = fit_parameters();
  for (std::size_t i = 0; i < fp.size(); ++i) {
    const auto& p = fp[i];
    const auto section = text.find("[" + p.section + "]");
    if (section == std::string::npos) throw std::runtime_error("no [" + p.section + "] in the parameter file");
    const auto line = text.find("\n" + p.name + " = {", section);
    if (line == std::string::npos) throw std::runtime_error("no " + p.section + "." + p.name + " in the parameter file");
    const auto end = text.find('\n', line + 1);
    std::string l = text.substr(line + 1, end - line - 1);
    const auto at = l.find(" " + p.key + " = ");
    if (at == std::string::npos) throw std::runtime_error("no " + p.key + " in " + p.section + "." + p.name);
    const auto value_begin = at + p.key.size() + 4;
    const auto value_end = l.find_first_of(",}", value_begin);
    char v[32];
    std::snprintf(v, sizeof v, "%.6g", r.fitted_values[i]);
    l.replace(value_begin, value_end - value_begin, v);
    const auto source = l.find("source = \"");
    if (source != std::string::npos) {
      char s[256];
      std::snprintf(s, sizeof s,
                    "source = \"fitted: sendtwin calibrate (simulated method of moments, Nelder-Mead, %d runs at scale %g, seed %llu) "
                    "to DfE's EHC plans, SEN Support, requests and new plans %d-%d\" }",
                    r.evaluations, options.scale, static_cast<unsigned long long>(options.seed), kFirstTargetYear, options.until);
      l.replace(source, std::string::npos, s);
    }
    text.replace(line + 1, end - line - 1, l);
  }
  return text;
}

}  // namespace sendtwin::calibrate
