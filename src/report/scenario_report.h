// Scenario comparisons (issue 7): each scenario against the baseline, replicate by replicate with
// common random numbers, as the mean difference and its 90% interval across replicates.
#pragma once
#include <string>
#include <vector>

#include "model/send/area.h"
#include "pipeline/figures.h"

namespace sendtwin::report {

using pipeline::Figure;
using pipeline::ScenarioResults;

struct Difference {
  std::string measure, period, unit, scenario;
  std::string geography = "England", code = finance::kEnglandCode;  // England, an LA or a ledger (Figure)
  double baseline = 0, value = 0;  // means across replicates
  double mean = 0, low = 0, high = 0;  // the difference: mean, 5th and 95th percentiles
};
// Every scenario's figures against the baseline's, replicate by replicate, matched on (code,
// measure, period): a run leaves out a figure it does not define (a percentage of no plans, in a small LA),
// so a difference is over the replicates in which both runs have the figure, and a figure neither
// pair of runs has is left out. Throws std::invalid_argument if a scenario lacks a replicate or a
// run has a figure twice.
std::vector<Difference> differences(const ScenarioResults& results);

// The terminal table: for each scenario, the chosen measures in the chosen periods.
std::string render_differences(const std::vector<Difference>& diffs, const std::vector<std::string>& measures,
                               const std::vector<std::string>& periods, int replicates);
// The LAs' table of each scenario of a run by LA (`scenario --by-la`), in `january` (e.g. "2035-01")
// and financial year `fy` ("2034-35"): England, the `largest` LAs (by the baseline's EHC plans
// then), and the `most` LAs whose EHC plans the scenario moves most, relative to the baseline's:
// pupils with a plan (% of pupils), EHC plans, ISPs, and the ledger's high needs spend and
// cumulative DSG balance (an LA whose ledger it shares with others: blank), each the scenario's
// mean difference with its 90% interval.
std::string render_la_differences(const std::vector<Difference>& diffs, const std::string& january, const std::string& fy,
                                  int largest, int most);
// One geography's differences (an LA's `code`, and its ledger's money where the ledger is its own),
// every measure by period: the scenario's mean, the baseline's and the difference with its 90%
// interval.
std::string render_area_differences(const std::vector<Difference>& diffs, const std::string& code);
// Which LAs a scenario moves most, and why (`variation --scenario`): each LA's change in EHC plans
// in `january` relative to its baseline's, across `areas` (the run's LAs at the start), its spread,
// the LAs moved most and least, and a least-squares fit of the change on what each LA brings to the
// start: the share of its plans in mainstream (what reassessment and placement rules act on),
// plans per 1,000 pupils, the share of plans of needs no Specialist Provision Package names, its
// requests per pupil relative to England's, and the growth of its plans in the baseline to then.
// Each driver's correlation with the change and its standardised coefficient, and the share of the
// spread they explain together (R squared).
std::string render_scenario_variation(const std::vector<Difference>& diffs, const std::vector<model::AreaStart>& areas,
                                      const std::string& january);
// Tidy CSVs: every figure (measure, geography, code, period, value, unit, scenario, replicate), and
// every difference (measure, geography, code, period, unit, scenario, baseline, value, difference, difference_p05,
// difference_p95).
std::string scenario_figures_csv(const ScenarioResults& results);
std::string differences_csv(const std::vector<Difference>& diffs);

}  // namespace sendtwin::report
