#include "pipeline/scenarios.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>

#include "core/statistics.h"
#include "engine/simulation.h"

namespace sendtwin::pipeline {

std::vector<Figure> one_run(const Scenario* scenario, int draw, int replicate, const RunPlan& plan, const Progress& months) {
  RunPlan one = plan;
  one.scenario = scenario;
  one.parameter_draw = draw;
  one.draw_per_replicate = false;  // the draw is the driver's (none: -1)
  one.replicates = 1;
  one.first_replicate = replicate;
  return run_figures(run(one, months), plan.area_figures);
}

ScenarioResults run_scenarios(const std::vector<Scenario>& scenarios, int replicates, const RunPlan& plan,
                              const Progress& progress, const Progress& months) {
  if (replicates < 1) throw std::invalid_argument("run_scenarios: at least one replicate");
  ScenarioResults out;
  out.names.push_back("baseline");
  for (const auto& s : scenarios) out.names.push_back(s.name);
  out.figures.assign(out.names.size(), {});
  const std::size_t runs = out.names.size(), total = static_cast<std::size_t>(replicates) * runs;
  for (auto& figures : out.figures) figures.resize(static_cast<std::size_t>(replicates));
  // Every run on its own threads' share, as many at once as there are threads (a run of one LA has
  // one area, which would keep one thread of several busy); each is the same whoever runs it.
  RunPlan each = plan;
  each.threads = std::max(1, plan.threads / static_cast<int>(total));
  int done = 0, months_done = 0;
  std::mutex progress_mutex;
  // Every run has as many area-months as the first (the same LAs and horizon): the total is one run's times the runs.
  const Progress month_done = [&](int, int of_one_run) {
    std::lock_guard lock(progress_mutex);
    months(++months_done, of_one_run * static_cast<int>(total));
  };
  engine::parallel_for_chunks(total, plan.threads, [&](std::size_t k) {
    if (plan.cancel && plan.cancel->load()) throw std::runtime_error("the run was cancelled");
    const int r = static_cast<int>(k / runs);
    const std::size_t s = k % runs;
    out.figures[s][static_cast<std::size_t>(r)] =
        one_run(s == 0 ? nullptr : &scenarios[s - 1], plan.parameter_uncertainty ? r : -1, r, each, months ? month_done : Progress{});
    if (progress) {
      std::lock_guard lock(progress_mutex);
      progress(++done, static_cast<int>(total));
    }
  });
  return out;
}

double figure_with(const Scenario& scenario, const std::string& lever, double value, const std::string& measure,
                   const std::string& period, int replicate, const RunPlan& plan, const std::string& code) {
  Scenario s = scenario;
  auto it = std::find_if(s.levers.begin(), s.levers.end(), [&](const scenario::LeverSetting& l) { return l.name == lever; });
  if (it == s.levers.end()) {
    s.levers.push_back({lever, value, 2026, 1, 0});
  } else {
    it->value = value;
  }
  RunPlan run = plan;
  run.area_figures = code != finance::kEnglandCode;
  for (const auto& f : one_run(&s, plan.parameter_uncertainty ? replicate : -1, replicate, run))
    if (f.code == code && f.measure == measure && f.period == period) return f.value;
  throw std::invalid_argument("no figure " + measure + " of " + code + " in " + period + " in the run");
}

GoalSeek goal_seek(const Scenario& scenario, const std::string& lever, double lo, double hi, const std::string& measure,
                   const std::string& period, double target, double tolerance, int replicates, const RunPlan& plan,
                   const Progress& progress, const std::string& code) {
  GoalSeek g;
  constexpr int kHalvings = 30;
  const int total = replicates * (2 + kHalvings);
  auto f = [&](double v, int r) {
    ++g.runs;
    if (progress) progress(g.runs, total);
    return figure_with(scenario, lever, v, measure, period, r, plan, code) - target;
  };
  std::vector<double> reached;
  for (int r = 0; r < replicates; ++r) {
    double a = lo, b = hi;
    double fa = f(a, r), fb = f(b, r);
    g.at_lo += (fa + target) / replicates;
    g.at_hi += (fb + target) / replicates;
    if (std::signbit(fa) == std::signbit(fb) && fa != 0 && fb != 0) {
      g.values.push_back(std::nan(""));
      continue;
    }
    double v = std::abs(fa) <= std::abs(fb) ? a : b;
    // Until the figure is within the tolerance, or the value within 1/1024 of the range.
    for (int k = 0; k < kHalvings && std::min(std::abs(fa), std::abs(fb)) > tolerance && (b - a) > (hi - lo) / 1024; ++k) {
      const double m = 0.5 * (a + b);
      const double fm = f(m, r);
      if (std::signbit(fm) == std::signbit(fa)) a = m, fa = fm;
      else b = m, fb = fm;
      v = std::abs(fa) <= std::abs(fb) ? a : b;
    }
    g.values.push_back(v);
    reached.push_back(v);
  }
  g.reached = static_cast<int>(reached.size());
  if (!reached.empty()) {
    g.median = quantile(reached, 0.5);
    g.low = quantile(reached, 0.05);
    g.high = quantile(reached, 0.95);
  }
  return g;
}

}  // namespace sendtwin::pipeline
