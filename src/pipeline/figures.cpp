#include "pipeline/figures.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "measures/registry.h"
#include "measures/table.h"

namespace sendtwin::pipeline {

std::vector<Figure> run_figures(const RunResult& result, bool by_la) {
  const model::SendRunResult& run = result.run;
  const int first_year = result.first_year, last_year = result.last_year;
  if (run.replicates.size() != 1) throw std::invalid_argument("run_figures: one replicate a run");
  std::vector<Figure> out;
  const measures::ResultTable table = measures::collect(run, first_year, last_year);
  const auto pupils = measures::pupils();
  for (std::size_t k = 0; k < pupils.size(); ++k)
    for (int y = first_year; y <= last_year; ++y) {
      const double v = table.value(k, y, 0);
      if (std::isnan(v)) continue;
      out.push_back({std::string(pupils[k].id), measures::period_label(pupils[k], y), std::string(measures::to_string(pupils[k].unit)), v});
    }
  for (const auto& y : result.england_money())
    for (const auto& m : measures::all())
      if (m.shown.figure && m.from_england)
        out.push_back({std::string(m.id), measures::period_label(m, y.fy), std::string(measures::to_string(m.unit)),
                       m.from_england(y, result.money)});
  if (!by_la) return out;
  const auto areas = measures::collect_areas(run, first_year, last_year);
  for (const auto& area : areas)
    for (std::size_t k = 0; k < pupils.size(); ++k) {
      if (!pupils[k].shown.by_la) continue;
      for (int y = first_year; y <= last_year; ++y) {
        const double v = area.value(k, y, 0);
        if (std::isnan(v)) continue;
        out.push_back({std::string(pupils[k].id), measures::period_label(pupils[k], y),
                       std::string(measures::to_string(pupils[k].unit)), v, area.geography, area.code});
      }
    }
  if (result.ledgers.empty()) return out;
  for (const auto& ledger : result.ledgers[0]) {
    std::string codes;
    for (const auto& c : ledger.model_codes) codes += (codes.empty() ? "" : "+") + c;
    for (const auto& m : measures::all()) {
      if (!m.shown.by_la || !m.from_ledger) continue;
      for (const auto& y : ledger.years)
        if (y.fy >= first_year && y.fy <= last_year)
          out.push_back({std::string(m.id), measures::period_label(m, y.fy), std::string(measures::to_string(m.unit)),
                         m.from_ledger(y), ledger.name, codes});
    }
  }
  return out;
}

void keep_la(ScenarioResults& results, const std::string& code) {
  auto of_la = [&](const Figure& f) { return f.code == code || ("+" + f.code + "+").find("+" + code + "+") != std::string::npos; };
  for (auto& scenario : results.figures)
    for (auto& run : scenario) run.erase(std::remove_if(run.begin(), run.end(), [&](const Figure& f) { return !of_la(f); }), run.end());
}

}  // namespace sendtwin::pipeline
