// One run (issue 16): a validated run plan -> the model -> the finance ledgers. Every command that
// simulates goes through run(); the declared measures (src/measures, the registry; a run's figures
// in figures.h) and the outputs (src/report) are read from its RunResult, and nothing else builds
// ledgers.
//
//   RunPlan (start, horizon, seed, replicates, scale, threads, LAs, parameters, scenario levers)
//     -> check()                 every setting in range, before any work
//     -> model::run_send         every LA month by month, each replicate
//     -> ledgers()               each funding unit's DSG ledger by financial year
//     -> RunResult               what every report, figure and table reads
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "data/la_register.h"
#include "finance/england.h"
#include "finance/finance.h"
#include "model/send/area.h"
#include "model/send/params.h"
#include "model/send/send_run.h"
#include "scenario/scenario.h"

namespace sendtwin::pipeline {

// Everything a run depends on. Two runs of equal plans give byte-identical results, for any
// `threads`.
struct RunPlan {
  int first_year = 2015;   // first year reported (the model starts from its January 2015 synthesis)
  int last_year = 2035;    // last year simulated, to December
  std::uint64_t seed = 1;
  int replicates = 1;
  int first_replicate = 0;  // replicate r draws as first_replicate + r (scenario runs, one replicate each)
  double scale = 1.0;
  int threads = 1;
  std::vector<model::AreaStart> areas;
  model::SendParams send;
  finance::FinanceParams money;
  std::vector<finance::FundingRow> funding;  // the published DSG, by LA and year
  const data::LaRegister* la_register = nullptr;
  // The scenario whose levers apply (none: the baseline), and the parameter draw (-1: none).
  const scenario::Scenario* scenario = nullptr;
  int parameter_draw = -1;
  // The scenario drivers (scenarios.h): replicate r of each scenario draws the parameters as draw r.
  bool parameter_uncertainty = false;
  const std::atomic<bool>* cancel = nullptr;  // stops the run early (its result is then incomplete)
  // The ledgers (false: the pupils only, as calibration's fits to the national series need).
  bool with_ledgers = true;

  // InputError naming the flag (--from, --to, --scale, --replicates) for a setting out of range.
  void check() const;
};

struct RunResult {
  model::SendRunResult run;
  std::vector<std::vector<finance::Ledger>> ledgers;  // [replicate][ledger]
  finance::FinanceParams money;                       // the money's parameters as the run used them (levers applied)
  int first_year = 2015, last_year = 2035;
  // England's high needs block by financial year, mean over replicates.
  std::vector<finance::EnglandYear> england_money() const { return finance::england(ledgers); }
};

// progress(done, total) after every simulated area-month, serially.
using Progress = std::function<void(int, int)>;

RunResult run(const RunPlan& plan, const Progress& progress = {});

// The ledgers of every replicate of a model run: [replicate][ledger]. `funding` is the published
// DSG; the register joins the LAs of January 2015 to the ones the grant is paid to.
std::vector<std::vector<finance::Ledger>> ledgers(const model::SendRunResult& run, const finance::FinanceParams& money,
                                                  const std::vector<finance::FundingRow>& funding,
                                                  const data::LaRegister& la_register);

}  // namespace sendtwin::pipeline
