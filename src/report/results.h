// The pupil measures' outputs: the terminal scorecard, the tidy and wide CSVs and the comparison
// with published figures, each reading the measure registry and a run's ResultTable.
#pragma once
#include <string>
#include <vector>

#include "data/published.h"
#include "measures/registry.h"
#include "measures/table.h"

namespace sendtwin::report {

// The table every output reads, and how a run fills it, live with the registry (measures/table.h).
using measures::collect;
using measures::collect_areas;
using measures::ResultTable;

struct ScorecardOptions {
  std::string title;
  bool thousands = true;  // counts in thousands (England); false: whole numbers (an LA)
};
// The terminal scorecard: one row per year, the model's value with the published one beside it.
std::string render_scorecard(const ResultTable& table, const data::PublishedSeries& published,
                             const ScorecardOptions& options);
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
