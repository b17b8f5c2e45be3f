// A run's pupil measures in one table read by every output (STYLE.md §3): measure x year x
// replicate, scaled to people, computed from the registry's tallies.
#pragma once
#include <string>
#include <vector>

#include "measures/registry.h"
#include "model/send/send_run.h"

namespace sendtwin::measures {

struct ResultTable {
  std::string geography = "England";  // tidy CSV `geography`: England or the LA's name
  std::string code = "E92000001";      // tidy CSV `code`: ONS code for England, DfE's 3-digit LA code
  int first_year = 0;
  int last_year = 2035;
  int replicates = 1;
  double scale = 1.0;
  // values[measure][year - first_year][replicate], measure indexing pupils(); NaN where the run does
  // not cover it.
  std::vector<std::vector<std::vector<double>>> values;

  double value(std::size_t measure, int year, int replicate) const {
    return values[measure][year - first_year][replicate];
  }
  double mean(std::size_t measure, int year) const;  // NaN if any replicate lacks it
};

// England's results: the run's tallies, the sum of its areas (England::SumOfAreas; ratios are
// recomputed from those sums).
ResultTable collect(const model::SendRunResult& run, int first_year, int last_year);
// One area's, or any tallies by replicate, at the run's scale.
ResultTable collect(const std::vector<model::YearTallies>& replicates, double scale, int first_year, int last_year);
// Every LA's, in the run's order.
std::vector<ResultTable> collect_areas(const model::SendRunResult& run, int first_year, int last_year);

}  // namespace sendtwin::measures
