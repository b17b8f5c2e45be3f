#include "pipeline/figures.h"

#include <cmath>
#include <stdexcept>

#include "report/finance_report.h"
#include "report/results.h"

namespace sendtwin::pipeline {

std::vector<Figure> run_figures(const RunResult& result) {
  const model::SendRunResult& run = result.run;
  const int first_year = result.first_year, last_year = result.last_year;
  if (run.replicates.size() != 1) throw std::invalid_argument("run_figures: one replicate a run");
  std::vector<Figure> out;
  const report::ResultTable table = report::collect(run, first_year, last_year);
  const auto& measures = model::send_measures();
  for (std::size_t k = 0; k < measures.size(); ++k)
    for (int y = first_year; y <= last_year; ++y) {
      const double v = table.value(k, y, 0);
      if (std::isnan(v)) continue;
      out.push_back({std::string(measures[k].id), report::period_label(measures[k], y), std::string(model::to_string(measures[k].unit)), v});
    }
  for (const auto& y : result.england_money()) {
    const std::string fy = report::fy_label(y.fy);
    for (const auto& f : finance_figures()) out.push_back({f.measure, fy, f.unit, f.value(y)});
  }
  return out;
}

const std::vector<FinanceFigure>& finance_figures() {
  static const std::vector<FinanceFigure> figures = {
      {"high_needs_spend", "GBP", [](const finance::EnglandYear& y) { return y.spend; }},
      {"high_needs_allocation", "GBP", [](const finance::EnglandYear& y) { return y.allocation; }},
      {"high_needs_in_year_balance", "GBP", [](const finance::EnglandYear& y) { return y.in_year(); }},
      {"cumulative_dsg_balance", "GBP", [](const finance::EnglandYear& y) { return y.cumulative; }},
      {"dsg_deficit_pct", "percent", [](const finance::EnglandYear& y) { return y.deficit_pct(); }},
      {"las_overspending", "count", [](const finance::EnglandYear& y) { return y.overspending; }},
      {"net_overspend", "GBP", [](const finance::EnglandYear& y) { return y.net_overspend; }},
      {"independent_special_spend", "GBP", [](const finance::EnglandYear& y) { return y.independent_spend; }},
      {"notional_sen", "GBP", [](const finance::EnglandYear& y) { return y.notional_sen_plans + y.notional_sen_support; }},
      {"las_past_deficit_threshold", "count", [](const finance::EnglandYear& y) { return y.past_threshold; }},
  };
  return figures;
}

}  // namespace sendtwin::pipeline
