// The figures of a one-replicate run of England that scenarios, sweeps, goal-seek and the
// dashboard compare: every declared measure in every year of the run, by (measure, period).
#pragma once
#include <string>
#include <vector>

#include "finance/england.h"
#include "pipeline/pipeline.h"

namespace sendtwin::pipeline {

// One figure of one run: a measure of England in a period.
struct Figure {
  std::string measure, period, unit;
  double value = 0;
};
// The high needs block's measures among a run's figures, each by financial year (period "2028-29").
struct FinanceFigure {
  const char* measure;
  const char* unit;
  double (*value)(const finance::EnglandYear&);
};
const std::vector<FinanceFigure>& finance_figures();

// Every figure of a one-replicate run of England, in a fixed order (the measure registry by year,
// then the high needs block by financial year), so runs of different scenarios line up.
std::vector<Figure> run_figures(const RunResult& result);

// [scenario][replicate] -> figures; scenario 0 is the baseline.
struct ScenarioResults {
  std::vector<std::string> names;
  std::vector<std::vector<std::vector<Figure>>> figures;
};

}  // namespace sendtwin::pipeline
