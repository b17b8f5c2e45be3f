#include "calibrate/sequence.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "calibrate/calibrate.h"
#include "data/la_start.h"
#include "data/published.h"
#include "data/send_params.h"
#include "finance/england.h"
#include "pipeline/pipeline.h"

namespace sendtwin::calibrate {

namespace {

void say(const std::function<void(const std::string&)>& log, const std::string& text) {
  if (log) log(text);
}

std::string printed(const char* format, auto... values) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, values...);
  return buf;
}

// Stage one: Nelder-Mead on the trends' base and growth and two probabilities.
std::string fit_trends(const std::string& text, const model::SendParams& params, const std::vector<model::AreaStart>& areas,
                       const SequenceOptions& o, std::ostream& report, const std::function<void(const std::string&)>& log) {
  const auto targets = national_targets(data::PublishedSeries::embedded(), o.until);
  Options options;
  options.until = o.until;
  options.seed = o.seed;
  options.scale = o.scale;
  options.threads = o.threads;
  options.max_evaluations = o.max_evaluations;
  const auto result = calibrate(params, areas, targets, options, [&](int done, double best) {
    say(log, printed("\revaluation %d/%d, best loss %.5f", done, o.max_evaluations, best));
  });
  say(log, "\n");
  report << render_fit_report(result, targets, options) << "\n";
  return patch_params(text, result, options);
}

// Stage two: calendar-year effects, at full scale by default (the flows are small).
std::string fit_effects(const std::string& text, const model::SendParams& params, const std::vector<model::AreaStart>& areas,
                        const SequenceOptions& o, std::ostream& report, const std::function<void(const std::string&)>& log) {
  EffectsOptions options;
  options.until = o.until;
  options.seed = o.seed;
  options.scale = o.effects_scale;
  options.threads = o.threads;
  options.iterations = o.iterations;
  const auto result = fit_year_effects(params, areas, data::PublishedSeries::embedded(), options, [&](int it, double worst) {
    say(log, printed("year effects: iteration %d, largest difference %.2f%%\n", it, worst));
  });
  report << render_effects_report(result, options) << "\n";
  return patch_year_effects(text, result, options);
}

// Stage three: the cost of pupils without a plan, against the spend the published DSG implies.
std::string fit_cost(const std::string& text, const std::string& name, const model::SendParams& params,
                     const std::vector<model::AreaStart>& areas, const MoneyInputs& money, const SequenceOptions& o,
                     std::ostream& report) {
  const CostFit cost = fit_non_plan_share(params, data::parse_finance_params(text, name), areas, money, o);
  report << printed("High needs spend against the spend the published DSG implies (GBP million): finance.non_plan_share %.4f -> %.4f\n",
                    cost.start, cost.fitted);
  report << printed("%-8s %9s %9s %7s %9s %7s\n", "year", "implied", "before", "diff", "after", "diff");
  for (const auto& [fy, implied, before, after] : cost.years)
    report << printed("%d-%02d  %9.0f %9.0f %+6.1f%% %9.0f %+6.1f%%\n", fy, (fy + 1) % 100, implied / 1e6, before / 1e6,
                      100 * (before - implied) / implied, after / 1e6, 100 * (after - implied) / implied);
  const std::string source = printed(
      "fitted: sendtwin calibrate (closed-form least squares, seed %llu) so that England's high needs spend meets the "
      "allocation plus the growth of the published deficits in the years DfE's files imply it",
      static_cast<unsigned long long>(o.seed));
  return cost.years.empty() ? text : patch_value(text, "finance", "non_plan_share", "value", cost.fitted, source);
}

// "median +1.0%, quartiles ...": the LAs' errors, NaN (no published figure) left out.
std::string error_summary(const std::vector<double>& errors) {
  std::vector<double> v;
  for (const double x : errors)
    if (!std::isnan(x)) v.push_back(x);
  std::sort(v.begin(), v.end());
  const auto within = std::count_if(v.begin(), v.end(), [](double x) { return std::abs(x) <= 10; });
  return printed("median %+.1f%%, quartiles %+.1f%% to %+.1f%%, %ld of %zu LAs within 10%%", v[v.size() / 2], v[v.size() / 4],
                 v[3 * v.size() / 4], static_cast<long>(within), v.size());
}

// Stage four: each LA's request rate against the growth of its own published plans; the LA table.
std::string fit_las(const model::SendParams& params, const std::vector<model::AreaStart>& areas,
                    const std::map<std::string, std::map<int, double>>& published, const SequenceOptions& o,
                    std::ostream& report, const std::function<void(const std::string&)>& log) {
  LaFitOptions options;
  options.until = o.until;
  options.seed = o.seed;
  options.scale = o.effects_scale;
  options.threads = o.threads;
  const auto fit = fit_la_practice(params, areas, published, options, [&](int it, double median) {
    say(log, printed("per LA: iteration %d, median |difference| of January %d plans %.1f%%\n", it, o.until, median));
  });
  report << "Each LA's EHC plans in January " << o.until << " against its published figure, " << fit.iterations
         << " iterations:\n  derived request rates: " << error_summary(fit.error_start)
         << "\n  fitted request rates:  " << error_summary(fit.error_fitted) << "\n";
  const std::string note = printed(
      "request_relative fitted by sendtwin calibrate --per-la (seed %llu) to the growth of each LA's published EHC plans 2015-%d",
      static_cast<unsigned long long>(o.seed), o.until);
  std::string las_text = data::la_starts_csv(fit.fitted, note);
  data::parse_la_starts(las_text, "<fitted LAs>");
  return las_text;
}

}  // namespace

SequenceResult run_sequence(std::string text, const std::string& name, const std::vector<model::AreaStart>& areas,
                            const std::map<std::string, std::map<int, double>>& published_plans, const MoneyInputs& money,
                            const SequenceOptions& options, std::ostream& report, const std::function<void(const std::string&)>& log) {
  auto params = data::parse_send_params(text, name);
  if (options.max_evaluations > 0) {
    text = fit_trends(text, params, areas, options, report, log);
    params = data::parse_send_params(text, name);
  }
  if (options.iterations > 0) {
    text = fit_effects(text, params, areas, options, report, log);
    params = data::parse_send_params(text, name);
  }
  text = fit_cost(text, name, params, areas, money, options, report);
  SequenceResult out;
  if (options.per_la) out.las_text = fit_las(params, areas, published_plans, options, report, log);
  out.params_text = std::move(text);
  return out;
}

CostFit fit_non_plan_share(const model::SendParams& params, const finance::FinanceParams& money,
                           const std::vector<model::AreaStart>& areas, const MoneyInputs& inputs, const SequenceOptions& options) {
  pipeline::RunPlan plan;
  plan.send = model::england_at_start(params, areas);
  plan.money = money;
  plan.money.cost_levels = false;  // England's unit costs fitted here, as they are, before any LA's level
  plan.areas = areas;
  plan.funding = *inputs.funding;
  plan.la_register = inputs.la_register;
  plan.seed = options.seed;
  plan.threads = options.threads;
  plan.start_year = areas.front().year;
  plan.last_year = options.until;
  const auto england = pipeline::run(plan).england_money();
  CostFit fit;
  fit.start = fit.fitted = money.non_plan_share;
  double sum_ratio = 0, sum_square = 0;
  for (const auto& p : finance::published(*inputs.funding)) {
    if (!p.has_implied_spend) continue;
    for (const auto& y : england)
      if (y.fy == p.fy) {
        const double plans_cost = y.spend / (1.0 + money.non_plan_share);
        sum_ratio += plans_cost / p.implied_spend;
        sum_square += (plans_cost / p.implied_spend) * (plans_cost / p.implied_spend);
        fit.years.emplace_back(p.fy, p.implied_spend, y.spend, 0.0);
      }
  }
  if (sum_square <= 0) return fit;
  fit.fitted = std::clamp(sum_ratio / sum_square - 1.0, 0.0, 1.0);
  for (auto& [fy, implied, before, after] : fit.years) after = before / (1.0 + fit.start) * (1.0 + fit.fitted);
  return fit;
}

}  // namespace sendtwin::calibrate
