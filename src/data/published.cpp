#include "data/published.h"

#include <algorithm>

#include "core/error.h"
#include "data/csv.h"
#include "data/embedded.h"
#include "data/plausible.h"

namespace sendtwin::data {

PublishedSeries PublishedSeries::parse(std::string_view csv_text, const std::string& source_name) {
  const CsvTable t = CsvTable::parse(csv_text, source_name);
  const auto measure = t.require_column("measure");
  const auto period = t.require_column("period");
  const auto value = t.require_column("value");
  const auto unit = t.require_column("unit");
  const auto source = t.require_column("source");
  PublishedSeries out;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const int year = t.integer(r, period, plausible::kYear);
    if (t.cell(r, source).empty()) throw InputError(source_name, t.line(r), "source", "is empty: every figure needs its source");
    const std::string_view u = t.cell(r, unit);
    if (u != "count" && u != "percent") throw InputError(source_name, t.line(r), "unit", "must be count or percent");
    auto key = std::make_pair(std::string(t.cell(r, measure)), year);
    if (out.figures_.count(key))
      throw InputError(source_name, t.line(r), "measure", "a second figure for " + key.first + " " + std::to_string(year));
    const double figure = t.number(r, value, u == "count" ? plausible::kEnglandCount : plausible::kPercent);
    out.figures_.emplace(std::move(key), PublishedFigure{figure, std::string(u), std::string(t.cell(r, source))});
  }
  return out;
}

PublishedSeries PublishedSeries::embedded() { return parse(embedded_national_series(), kEmbeddedSeriesName); }

int PublishedSeries::last_year() const {
  int last = 0;
  for (const auto& [key, figure] : figures_) last = std::max(last, key.second);
  return last;
}

const PublishedFigure* PublishedSeries::find(std::string_view measure, int year) const {
  const auto it = figures_.find(std::make_pair(std::string(measure), year));
  return it == figures_.end() ? nullptr : &it->second;
}

}  // namespace sendtwin::data
