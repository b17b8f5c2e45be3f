// The figures of a one-replicate run of England that scenarios, sweeps, goal-seek and the
// dashboard compare: every declared measure in every year of the run, by (measure, period).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/pipeline.h"

namespace sendtwin::pipeline {

// One figure of one run: a measure of England in a period.
struct Figure {
  std::string measure, period, unit;
  double value = 0;
};
// Every figure of a one-replicate run of England, in a fixed order (the registry's pupil measures by
// year, then its money figures by financial year: measures::Shown::figure), so runs of different
// scenarios line up.
std::vector<Figure> run_figures(const RunResult& result);

// [scenario][replicate] -> figures; scenario 0 is the baseline.
struct ScenarioResults {
  std::vector<std::string> names;
  std::vector<std::vector<std::vector<Figure>>> figures;
};

}  // namespace sendtwin::pipeline
