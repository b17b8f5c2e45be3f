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
  int start_year = 0;      // the January every LA starts from (its published state then): required
  int first_year = 0;      // first year reported, at or after the start (0: the start)
  int last_year = 2035;    // last year simulated, to December
  std::uint64_t seed = 1;
  int replicates = 1;
  int first_replicate = 0;  // replicate r draws as first_replicate + r (scenario runs, one replicate each)
  double scale = 1.0;
  int threads = 1;
  std::vector<model::AreaStart> areas;  // the LAs run, of the start's January
  // England's parameters, their population and stock at the start those of every LA that January
  // (model::england_at_start), whichever LAs the run holds.
  // Each LA's published state in the Januaries before the start (any LAs of those years): what
  // the ledgers' years before the start spend on (none: they begin at the start).
  std::vector<model::AreaStart> history;
  // England's parameters, their population and stock at the start those of every LA that January
  // (model::england_at_start), whichever LAs the run holds.
  model::SendParams send;
  finance::FinanceParams money;
  std::vector<finance::FundingRow> funding;  // the published DSG, by LA and year
  const data::LaRegister* la_register = nullptr;
  // The scenario whose levers apply (none: the baseline), and the parameter draw (-1: none).
  const scenario::Scenario* scenario = nullptr;
  int parameter_draw = -1;
  // The scenario drivers (scenarios.h): replicate r of each scenario draws the parameters as draw r.
  bool parameter_uncertainty = false;
  // run() itself: replicate r draws the uncertain parameters as draw r, as the scenario drivers'
  // baseline does (`la`'s own run; each replicate a run of its own, the runs side by side).
  bool draw_per_replicate = false;
  const std::atomic<bool>* cancel = nullptr;  // stops the run early (its result is then incomplete)
  // The ledgers (false: the pupils only, as calibration's fits to the national series need).
  bool with_ledgers = true;
  // A scenario run's figures also by LA and ledger (pipeline::run_figures by_la): `scenario --by-la`.
  bool area_figures = false;
  // Some LAs of England only (only_las): the White Paper's inclusion funds, which finance shares
  // among the ledgers of a run by their plans, are shared as if the LAs run held their share of
  // England's plans at the start every year (their plans are not England's).
  bool some_las = false;

  // InputError naming the flag (--start, --from, --to, --scale, --replicates) for a setting out of range.
  void check() const;
};

struct RunResult {
  model::SendRunResult run;
  std::vector<std::vector<finance::Ledger>> ledgers;  // [replicate][ledger]
  finance::FinanceParams money;                       // the money's parameters as the run used them (levers applied)
  int start_year = 0, first_year = 0, last_year = 0;  // the January started from; the years reported
  // England's high needs block by financial year, mean over replicates.
  std::vector<finance::EnglandYear> england_money() const { return finance::england(ledgers); }
};

// progress(done, total) after every simulated area-month, serially.
using Progress = std::function<void(int, int)>;

RunResult run(const RunPlan& plan, const Progress& progress = {});

// The ledgers of every replicate of a model run: [replicate][ledger]. `funding` is the published
// DSG; the register joins the LAs of the start to the ones the grant is paid to. `history`: the
// LAs' published Januaries before the start, which the ledgers' earlier years spend on.
std::vector<std::vector<finance::Ledger>> ledgers(const model::SendRunResult& run, const finance::FinanceParams& money,
                                                  const std::vector<finance::FundingRow>& funding,
                                                  const data::LaRegister& la_register,
                                                  const std::vector<model::AreaStart>& history = {});

// The plan cut to the LAs a run about `codes` depends on (issue 21): each of them and every LA
// whose DSG ledger it shares (a funding unit joined by a reorganisation, as funding_units groups
// them: Dorset with BCP, the Northamptonshires, Cumberland with Westmorland and Furness), with the
// history of those LAs alone. England's parameters stay those of every LA (RunPlan::send), and each
// LA draws from its own random streams, so each LA's tallies and each ledger of the cut are those of
// the run of every LA at the same seed and scale (tests/pipeline: OnlyLas_*) -- save the White
// Paper's inclusion funds, shared by plans among all LAs (RunPlan::some_las). An InputError naming
// `flag` for a code that is not an LA of the plan.
RunPlan only_las(const RunPlan& plan, const std::vector<std::string>& codes, const std::string& flag = "la");

// The run's funding units before it runs: each ledger's name, model_codes and funding_codes as
// run() will build them (the same grouping), without years. `compare` checks an LA's money rows
// against them before the run.
std::vector<finance::Ledger> funding_units(const RunPlan& plan);

}  // namespace sendtwin::pipeline
