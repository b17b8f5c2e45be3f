#include "measures/table.h"

#include <cmath>
#include <limits>

namespace sendtwin::measures {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

double ResultTable::mean(std::size_t measure, int year) const {
  double sum = 0;
  for (int r = 0; r < replicates; ++r) {
    const double v = value(measure, year, r);
    if (std::isnan(v)) return kNaN;
    sum += v;
  }
  return sum / replicates;
}

ResultTable collect(const model::SendRunResult& run, int first_year, int last_year) {
  return collect(run.replicates, run.scale, first_year, last_year);
}

std::vector<ResultTable> collect_areas(const model::SendRunResult& run, int first_year, int last_year) {
  std::vector<ResultTable> tables;
  for (const auto& area : run.areas) {
    tables.push_back(collect(area.replicates, run.scale, first_year, last_year));
    tables.back().geography = area.name;
    tables.back().code = area.code;
  }
  return tables;
}

ResultTable collect(const std::vector<model::YearTallies>& replicates, double scale, int first_year, int last_year) {
  const auto measures = pupils();
  ResultTable t;
  t.first_year = first_year;
  t.last_year = last_year;
  t.replicates = static_cast<int>(replicates.size());
  t.scale = scale;
  const int years = last_year - first_year + 1;
  t.values.assign(measures.size(), std::vector<std::vector<double>>(years, std::vector<double>(t.replicates, kNaN)));
  for (int r = 0; r < t.replicates; ++r)
    for (const auto& y : replicates[r]) {
      if (y.year < first_year || y.year > last_year) continue;
      for (std::size_t k = 0; k < measures.size(); ++k) {
        const auto v = measures[k].from_tally(y);
        if (!v) continue;
        t.values[k][y.year - first_year][r] = measures[k].unit == Unit::Count ? *v / scale : *v;
      }
    }
  return t;
}

}  // namespace sendtwin::measures
