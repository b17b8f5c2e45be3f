// Model results in one table read by every output (STYLE.md §3): measure x year x replicate,
// scaled to people, built from the measure registry.
#pragma once
#include <string>
#include <vector>

#include "data/published.h"
#include "model/send/measures.h"
#include "model/send/send_run.h"

namespace sendtwin::report {

struct ResultTable {
  std::string geography = "England";  // tidy CSV `geography`: England or the LA's name
  std::string code = "E92000001";      // tidy CSV `code`: ONS code for England, DfE's 3-digit LA code
  int first_year = 2015;
  int last_year = 2035;
  int replicates = 1;
  double scale = 1.0;
  // values[measure][year - first_year][replicate]; NaN where the run does not cover it.
  std::vector<std::vector<std::vector<double>>> values;

  double value(std::size_t measure, int year, int replicate) const {
    return values[measure][year - first_year][replicate];
  }
  double mean(std::size_t measure, int year) const;  // NaN if any replicate lacks it
};

// England's results (the sum of the run's areas).
ResultTable collect(const model::SendRunResult& run, int first_year, int last_year);
// One area's, or any tallies by replicate, at the run's scale.
ResultTable collect(const std::vector<model::YearTallies>& replicates, double scale, int first_year, int last_year);
// Every LA's, in the run's order.
std::vector<ResultTable> collect_areas(const model::SendRunResult& run, int first_year, int last_year);

struct ScorecardOptions {
  std::string title;
  bool thousands = true;  // counts in thousands (England); false: whole numbers (an LA)
};
// The terminal scorecard: one row per year, the model's value with the published one beside it.
std::string render_scorecard(const ResultTable& table, const data::PublishedSeries& published,
                             const ScorecardOptions& options);
// A measure's period in the tidy CSV: `2025-01` for a January stock, `2024` for a calendar year.
std::string period_label(const model::MeasureDef& m, int year);
// Tidy long form: measure, geography, code, period, value, unit, scenario, replicate.
std::string tidy_csv(const ResultTable& table, const std::string& scenario);
// Several tables (England, then each LA) under one header.
std::string tidy_csv(const std::vector<const ResultTable*>& tables, const std::string& scenario);
// One row a measure, one column a year (the mean over replicates): the spreadsheet layout.
std::string wide_csv(const ResultTable& table);
// Model mean against the published figure, for every year with one: measure, period, model,
// published, difference_pct, unit, source.
std::string comparison_csv(const ResultTable& table, const data::PublishedSeries& published);

}  // namespace sendtwin::report
