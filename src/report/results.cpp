#include "report/results.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "data/csv.h"

namespace sendtwin::report {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Counts print as whole numbers; percentages with two decimals. Fixed formatting, so outputs
// are byte-identical across runs and machines.
std::string csv_number(const measures::Measure& m, double v) {
  char buf[64];
  if (m.unit == measures::Unit::Count) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string cell(const measures::Measure& m, double v, int width, bool thousands) {
  char buf[64];
  if (std::isnan(v)) std::snprintf(buf, sizeof buf, "%*s", width, "");
  else if (m.unit == measures::Unit::Count && !thousands) std::snprintf(buf, sizeof buf, "%*.0f", width, v);
  else if (m.unit == measures::Unit::Count) std::snprintf(buf, sizeof buf, "%*.1f", width, v / 1000.0);
  else std::snprintf(buf, sizeof buf, "%*.1f", width, v);
  return buf;
}

}  // namespace

std::string render_scorecard(const ResultTable& table, const data::PublishedSeries& published,
                             const ScorecardOptions& options) {
  const auto measures = measures::pupils();
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
      if (measures[k].shown.scorecard == which) cols.push_back(k);
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
  const auto measures = measures::pupils();
  data::CsvWriter w;
  w.row({"measure", "geography", "code", "period", "value", "unit", "scenario", "replicate"});
  for (const ResultTable* table : tables)
    for (std::size_t k = 0; k < measures.size(); ++k)
      for (int year = table->first_year; year <= table->last_year; ++year)
        for (int r = 0; r < table->replicates; ++r) {
          const double v = table->value(k, year, r);
          if (std::isnan(v)) continue;
          w.row({measures[k].id, table->geography, table->code, measures::period_label(measures[k], year),
                 csv_number(measures[k], v), measures::to_string(measures[k].unit), scenario, std::to_string(r + 1)});
        }
  return w.text();
}

std::string comparison_csv(const ResultTable& table, const data::PublishedSeries& published) {
  const auto measures = measures::pupils();
  data::CsvWriter w;
  w.row({"measure", "period", "model", "published", "difference_pct", "unit", "source"});
  for (std::size_t k = 0; k < measures.size(); ++k)
    for (int year = table.first_year; year <= table.last_year; ++year) {
      const auto* pub = published.find(measures[k].id, year);
      const double v = table.mean(k, year);
      if (!pub || std::isnan(v)) continue;
      char diff[32];
      std::snprintf(diff, sizeof diff, "%.2f", pub->value != 0 ? 100.0 * (v - pub->value) / pub->value : 0.0);
      w.row({measures[k].id, measures::period_label(measures[k], year), csv_number(measures[k], v),
             csv_number(measures[k], pub->value), diff, measures::to_string(measures[k].unit), pub->source});
    }
  return w.text();
}

std::string wide_csv(const ResultTable& table) {
  const auto measures = measures::pupils();
  data::CsvWriter w;
  std::vector<std::string> header = {"measure", "description", "unit", "period"};
  for (int year = table.first_year; year <= table.last_year; ++year) header.push_back(std::to_string(year));
  w.row(header);
  for (std::size_t k = 0; k < measures.size(); ++k) {
    std::vector<std::string> row = {std::string(measures[k].id), std::string(measures[k].description),
                                    std::string(measures::to_string(measures[k].unit)),
                                    std::string(measures::period_name(measures[k].period))};
    for (int year = table.first_year; year <= table.last_year; ++year) {
      const double v = table.mean(k, year);
      row.push_back(std::isnan(v) ? "" : csv_number(measures[k], v));
    }
    w.row(row);
  }
  return w.text();
}

}  // namespace sendtwin::report
