#include "report/results.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "data/csv.h"

namespace sendtwin::report {

std::string period_label(const model::MeasureDef& m, int year) {
  return m.period == model::MeasurePeriod::CensusJanuary ? std::to_string(year) + "-01" : std::to_string(year);
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Counts print as whole numbers; percentages with two decimals. Fixed formatting, so outputs
// are byte-identical across runs and machines.
std::string csv_number(const model::MeasureDef& m, double v) {
  char buf[64];
  if (m.unit == model::MeasureUnit::Count) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string cell(const model::MeasureDef& m, double v, int width, bool thousands) {
  char buf[64];
  if (std::isnan(v)) std::snprintf(buf, sizeof buf, "%*s", width, "");
  else if (m.unit == model::MeasureUnit::Count && !thousands) std::snprintf(buf, sizeof buf, "%*.0f", width, v);
  else if (m.unit == model::MeasureUnit::Count) std::snprintf(buf, sizeof buf, "%*.1f", width, v / 1000.0);
  else std::snprintf(buf, sizeof buf, "%*.1f", width, v);
  return buf;
}

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
  const auto& measures = model::send_measures();
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
        const auto v = measures[k].compute(y);
        if (!v) continue;
        t.values[k][y.year - first_year][r] = measures[k].unit == model::MeasureUnit::Count ? *v / scale : *v;
      }
    }
  return t;
}

std::string render_scorecard(const ResultTable& table, const data::PublishedSeries& published,
                             const ScorecardOptions& options) {
  const auto& measures = model::send_measures();
  std::string out;
  out += options.title + "\n";
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "Model: mean of %d replicate%s at scale %g. Published figures beside the model's "
                "(blank where none); counts %s.\n",
                table.replicates, table.replicates == 1 ? "" : "s", table.scale, options.thousands ? "in thousands" : "in units");
  out += buf;
  for (int which = 1; which <= 2; ++which) {
    std::vector<std::size_t> cols;
    for (std::size_t k = 0; k < measures.size(); ++k)
      if (measures[k].scorecard_table == which) cols.push_back(k);
    const int width = 7;
    out += which == 1 ? "\nJanuary census and SEN2 snapshot\n" : "\nCalendar-year flows\n";
    std::string head1 = "Year ", head2 = "     ";
    for (std::size_t k : cols) {
      std::snprintf(buf, sizeof buf, " %-*.*s", 2 * width + 1, 2 * width + 1, std::string(measures[k].label).c_str());
      head1 += buf;
      std::snprintf(buf, sizeof buf, " %*s %*s", width, "model", width, "pub");
      head2 += buf;
    }
    out += head1 + "\n" + head2 + "\n";
    for (int year = table.first_year; year <= table.last_year; ++year) {
      bool any = false;
      std::string line = std::to_string(year) + " ";
      for (std::size_t k : cols) {
        const double model_value = table.mean(k, year);
        const auto* pub = published.find(measures[k].id, year);
        any = any || !std::isnan(model_value);
        line += " " + cell(measures[k], model_value, width, options.thousands) + " " +
                cell(measures[k], pub ? pub->value : kNaN, width, options.thousands);
      }
      if (any) out += line + "\n";
    }
  }
  return out;
}

std::string tidy_csv(const ResultTable& table, const std::string& scenario) { return tidy_csv({&table}, scenario); }

std::string tidy_csv(const std::vector<const ResultTable*>& tables, const std::string& scenario) {
  const auto& measures = model::send_measures();
  data::CsvWriter w;
  w.row({"measure", "geography", "code", "period", "value", "unit", "scenario", "replicate"});
  for (const ResultTable* table : tables)
    for (std::size_t k = 0; k < measures.size(); ++k)
      for (int year = table->first_year; year <= table->last_year; ++year)
        for (int r = 0; r < table->replicates; ++r) {
          const double v = table->value(k, year, r);
          if (std::isnan(v)) continue;
          w.row({measures[k].id, table->geography, table->code, period_label(measures[k], year),
                 csv_number(measures[k], v), model::to_string(measures[k].unit), scenario, std::to_string(r + 1)});
        }
  return w.text();
}

std::string comparison_csv(const ResultTable& table, const data::PublishedSeries& published) {
  const auto& measures = model::send_measures();
  data::CsvWriter w;
  w.row({"measure", "period", "model", "published", "difference_pct", "unit", "source"});
  for (std::size_t k = 0; k < measures.size(); ++k)
    for (int year = table.first_year; year <= table.last_year; ++year) {
      const auto* pub = published.find(measures[k].id, year);
      const double v = table.mean(k, year);
      if (!pub || std::isnan(v)) continue;
      char diff[32];
      std::snprintf(diff, sizeof diff, "%.2f", pub->value != 0 ? 100.0 * (v - pub->value) / pub->value : 0.0);
      w.row({measures[k].id, period_label(measures[k], year), csv_number(measures[k], v),
             csv_number(measures[k], pub->value), diff, model::to_string(measures[k].unit), pub->source});
    }
  return w.text();
}

std::string wide_csv(const ResultTable& table) {
  const auto& measures = model::send_measures();
  data::CsvWriter w;
  std::vector<std::string> header = {"measure", "description", "unit", "period"};
  for (int year = table.first_year; year <= table.last_year; ++year) header.push_back(std::to_string(year));
  w.row(header);
  for (std::size_t k = 0; k < measures.size(); ++k) {
    std::vector<std::string> row = {std::string(measures[k].id), std::string(measures[k].description),
                                    std::string(model::to_string(measures[k].unit)),
                                    measures[k].period == model::MeasurePeriod::CensusJanuary ? "January" : "calendar year"};
    for (int year = table.first_year; year <= table.last_year; ++year) {
      const double v = table.mean(k, year);
      row.push_back(std::isnan(v) ? "" : csv_number(measures[k], v));
    }
    w.row(row);
  }
  return w.text();
}

}  // namespace sendtwin::report
