// The returns DfE asks of an LA (issue 20; dfe-returns.md), filled in from a run of the LA: the DSG
// management plan (finance by year, EHC plans by its 7 placement categories x 5 age groups and x 13
// primary needs, unmitigated and mitigated), the Local SEND Reform Plan's data tables (5.1, 6, 7,
// 7.1-7.7, 10-12) and SCAP's specialist-place forecast (phase x provision type x year group, beside
// the LA's special places), with an assumptions sheet that says how the model's placements are mapped
// onto DfE's categories. Each is a formatted sheet (report/xlsx.h): money in GBP thousands,
// percentages as percentages, counts as whole numbers; actual years are marked beside forecasts.
#pragma once
#include <limits>
#include <string>
#include <vector>

#include "finance/finance.h"
#include "model/send/send_run.h"
#include "report/xlsx.h"

namespace sendtwin::report {

// A mitigation: a scenario run beside the baseline (`la --scenario`), its levers in words and its
// effect on the LA's ledger by financial year (scenario minus baseline, mean and 90% interval over
// the replicates).
struct Mitigation {
  std::string name, levers;
  struct Effect {
    int year = 0;       // financial year
    double mean = 0, lo = 0, hi = 0;
  };
  std::vector<Effect> spend;  // negative: a saving
};

struct ReturnsInput {
  std::string name, code;                  // the LA
  const model::AreaResult* area = nullptr; // its tallies, [replicate][year]
  double scale = 1;                        // the run's share of the population
  int start_year = 0;                      // the January the run started from (published)
  int first_year = 0, last_year = 0;       // the years reported
  // The LA's own ledger(s) in each replicate: [replicate][ledger]; none if its ledger is shared.
  std::vector<std::vector<finance::Ledger>> ledgers;
  std::vector<Mitigation> mitigations;
  std::string run_description;             // seed, scale, replicates: for the assumptions sheet
  // How a model placement is split into DfE's finer categories: the parameters' [returns] (England's
  // published shares), and the parameter file they were read from.
  model::ReturnSplitParams splits;
  std::string splits_file;
  // The LA's own unit and resourced provision places in the start's January (`la --local`
  // places.mainstream_unit): reported in SCAP's capacity block beside its plans in units, not a
  // limit in the model. NaN: none given.
  double unit_places = std::numeric_limits<double>::quiet_NaN();
};

// The sheets, in order: "DSG plan finance", "DSG plan EHCPs", "LSRP", "SCAP", "Assumptions".
std::vector<Sheet> dfe_returns(const ReturnsInput& in);

}  // namespace sendtwin::report
