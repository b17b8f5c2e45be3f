#include "report/scenario_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "data/csv.h"
#include "report/finance_report.h"
#include "report/results.h"

namespace sendtwin::report {

namespace {

std::string number(double v, const std::string& unit) {
  char buf[64];
  std::snprintf(buf, sizeof buf, unit == "percent" ? "%.2f" : "%.0f", v);
  return buf;
}

}  // namespace

std::vector<Figure> run_figures(const model::SendRunResult& run, const finance::FinanceParams& money,
                                const std::vector<finance::FundingRow>& funding, const data::LaRegister& la_register,
                                int first_year, int last_year) {
  if (run.replicates.size() != 1) throw std::invalid_argument("run_figures: one replicate a run");
  std::vector<Figure> out;
  const ResultTable table = collect(run, first_year, last_year);
  const auto& measures = model::send_measures();
  for (std::size_t k = 0; k < measures.size(); ++k)
    for (int y = first_year; y <= last_year; ++y) {
      const double v = table.value(k, y, 0);
      if (std::isnan(v)) continue;
      out.push_back({std::string(measures[k].id), period_label(measures[k], y), std::string(model::to_string(measures[k].unit)), v});
    }
  for (const auto& y : england_finance(run_ledgers(run, money, funding, la_register))) {
    const std::string fy = fy_label(y.fy);
    for (const auto& f : finance_figures()) out.push_back({f.measure, fy, f.unit, f.value(y)});
  }
  return out;
}

const std::vector<FinanceFigure>& finance_figures() {
  static const std::vector<FinanceFigure> figures = {
      {"high_needs_spend", "GBP", [](const FinanceYear& y) { return y.spend; }},
      {"high_needs_allocation", "GBP", [](const FinanceYear& y) { return y.allocation; }},
      {"high_needs_in_year_balance", "GBP", [](const FinanceYear& y) { return y.in_year(); }},
      {"cumulative_dsg_balance", "GBP", [](const FinanceYear& y) { return y.cumulative; }},
      {"dsg_deficit_pct", "percent", [](const FinanceYear& y) { return y.deficit_pct(); }},
      {"las_overspending", "count", [](const FinanceYear& y) { return y.overspending; }},
      {"net_overspend", "GBP", [](const FinanceYear& y) { return y.net_overspend; }},
      {"independent_special_spend", "GBP", [](const FinanceYear& y) { return y.independent_spend; }},
      {"notional_sen", "GBP", [](const FinanceYear& y) { return y.notional_sen_plans + y.notional_sen_support; }},
      {"las_past_deficit_threshold", "count", [](const FinanceYear& y) { return y.past_threshold; }},
  };
  return figures;
}

double quantile(std::vector<double> values, double p) {
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

std::vector<Difference> differences(const ScenarioResults& results) {
  std::vector<Difference> out;
  if (results.figures.empty() || results.figures[0].empty()) return out;
  const auto& base = results.figures[0];
  const std::size_t replicates = base.size(), n = base[0].size();
  for (std::size_t s = 1; s < results.figures.size(); ++s) {
    const auto& scen = results.figures[s];
    if (scen.size() != replicates) throw std::invalid_argument("differences: every scenario needs the baseline's replicates");
    for (std::size_t k = 0; k < n; ++k) {
      Difference d;
      d.measure = base[0][k].measure;
      d.period = base[0][k].period;
      d.unit = base[0][k].unit;
      d.scenario = results.names[s];
      std::vector<double> diff;
      for (std::size_t r = 0; r < replicates; ++r) {
        if (scen[r].size() != n || scen[r][k].measure != d.measure || scen[r][k].period != d.period)
          throw std::invalid_argument("differences: the runs' figures do not line up");
        d.baseline += base[r][k].value / static_cast<double>(replicates);
        d.value += scen[r][k].value / static_cast<double>(replicates);
        diff.push_back(scen[r][k].value - base[r][k].value);
      }
      d.mean = d.value - d.baseline;
      d.low = quantile(diff, 0.05);
      d.high = quantile(diff, 0.95);
      out.push_back(d);
    }
  }
  return out;
}

std::string render_differences(const std::vector<Difference>& diffs, const std::vector<std::string>& measures,
                               const std::vector<std::string>& periods, int replicates) {
  std::string out;
  char buf[320];
  std::string current;
  for (const auto& d : diffs) {
    if (std::find(measures.begin(), measures.end(), d.measure) == measures.end()) continue;
    if (std::find(periods.begin(), periods.end(), d.period) == periods.end()) continue;
    if (d.scenario != current) {
      current = d.scenario;
      std::snprintf(buf, sizeof buf,
                    "\nScenario %s against the baseline (mean of %d replicates; difference with its 90%% interval; GBP in "
                    "millions)\n%-28s %-8s %12s %12s %12s   %-27s\n",
                    d.scenario.c_str(), replicates, "measure", "period", "baseline", "scenario", "difference", "90% interval");
      out += buf;
    }
    const double unit = d.unit == "GBP" ? 1e6 : 1.0;
    const char* f = d.unit == "percent" ? "%12.2f" : "%12.0f";
    char base[32], value[32], diff[32], lo[32], hi[32];
    std::snprintf(base, sizeof base, f, d.baseline / unit);
    std::snprintf(value, sizeof value, f, d.value / unit);
    std::snprintf(diff, sizeof diff, d.unit == "percent" ? "%+12.2f" : "%+12.0f", d.mean / unit);
    std::snprintf(lo, sizeof lo, d.unit == "percent" ? "%+.2f" : "%+.0f", d.low / unit);
    std::snprintf(hi, sizeof hi, d.unit == "percent" ? "%+.2f" : "%+.0f", d.high / unit);
    std::snprintf(buf, sizeof buf, "%-28s %-8s %s %s %s   [%s, %s]\n", d.measure.c_str(), d.period.c_str(), base, value, diff, lo,
                  hi);
    out += buf;
  }
  return out;
}

std::string scenario_figures_csv(const ScenarioResults& results) {
  data::CsvWriter w;
  w.row({"measure", "geography", "code", "period", "value", "unit", "scenario", "replicate"});
  for (std::size_t s = 0; s < results.figures.size(); ++s)
    for (std::size_t r = 0; r < results.figures[s].size(); ++r)
      for (const auto& f : results.figures[s][r])
        w.row({f.measure, "England", "E92000001", f.period, number(f.value, f.unit), f.unit, results.names[s],
               std::to_string(r + 1)});
  return w.text();
}

std::string differences_csv(const std::vector<Difference>& diffs) {
  data::CsvWriter w;
  w.row({"measure", "period", "unit", "scenario", "baseline", "value", "difference", "difference_p05", "difference_p95"});
  auto precise = [](double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return std::string(buf);
  };
  for (const auto& d : diffs)
    w.row({d.measure, d.period, d.unit, d.scenario, precise(d.baseline), precise(d.value), precise(d.mean), precise(d.low),
           precise(d.high)});
  return w.text();
}

}  // namespace sendtwin::report
