// The figures of a one-replicate run of England that scenarios, sweeps, goal-seek and the
// dashboard compare: every declared measure in every year of the run, by (measure, period).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/pipeline.h"

namespace sendtwin::pipeline {

// One figure of one run: a measure of England, or of one LA or DSG ledger, in a period.
struct Figure {
  std::string measure, period, unit;
  double value = 0;
  std::string geography = "England", code = finance::kEnglandCode;  // an LA: its name and 3-digit code; a ledger: its LAs' codes joined by +
  bool england() const { return code == finance::kEnglandCode; }
};
// Every figure of a one-replicate run of England, in a fixed order (the registry's pupil measures by
// year, then its money figures by financial year: measures::Shown::figure), so runs of different
// scenarios line up.
// With `by_la`, then each LA's figures of the measures shown by_la (each LA in the run's order,
// its measures by year) and each ledger's money measures shown by_la.
std::vector<Figure> run_figures(const RunResult& result, bool by_la = false);

// [scenario][replicate] -> figures; scenario 0 is the baseline.
struct ScenarioResults {
  std::vector<std::string> names;
  std::vector<std::vector<std::vector<Figure>>> figures;
};

// A run of one LA's funding unit (only_las) with its figures by LA: the LA's own figures and its
// ledger's (a shared ledger's code joins its LAs' codes with +) kept, every other dropped -- the
// run's sums over its LAs, which are not England's, and the other LAs'.
void keep_la(ScenarioResults& results, const std::string& code);

}  // namespace sendtwin::pipeline
