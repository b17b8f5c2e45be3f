// What the commands share: the flags of a simulation, the inputs they name (parameters, the LAs'
// starts, the published tables), the run plan they make, and the progress and output helpers.
// Each command (one file each, registered in main.cpp) reads its inputs through these.
#pragma once
#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/la_flows.h"
#include "data/la_register.h"
#include "data/la_start.h"
#include "data/local_data.h"
#include "finance/finance.h"
#include "io/atomic_file.h"
#include "model/send/area.h"
#include "model/send/params.h"
#include "pipeline/pipeline.h"
#include "scenario/scenario.h"
#include "store/recorder.h"
#include "store/run_store.h"

namespace sendtwin::cli {

// A command as main.cpp registers it: its subcommand, and what runs when it was parsed (the exit
// status: 0, 1 for a failure, or an InputError thrown for bad input, which main maps to 2).
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

// The flags of the commands that simulate (run, la, variation, validate, compare, scenario,
// goal-seek, serve, sweep), as parsed; plan() makes the run plan from them.
struct RunFlags {
  std::string out;
  std::string params;  // parameter file; empty: the embedded data/params/send.toml
  std::string data;    // directory of DfE's EES files; empty: the embedded LA table
  std::string las;     // an LA table instead (data/la/starts.csv's columns)
  std::string xlsx;    // an Excel workbook of the outputs
  std::string report;  // a self-contained HTML report
  std::uint64_t seed = 1;
  int threads = 0;  // 0: every core
  int start = 0;  // the January the run starts from; 0 until plan() settles it: the latest the LA table holds
  int from = 0;   // the first year reported; 0 until plan() settles it: the start
  int to = 2035;
  int replicates = 1;
  double scale = 1.0;
  bool quiet = false;
  std::string store;  // run store (SQLite) to record the run in; default $SENDTWIN_STORE
};

// --start, --data, --las, --params, --seed, --threads, --from, --to, --scale, --quiet, each checked as parsed.
void add_simulation_options(CLI::App* cmd, RunFlags& f);
// --start, --data and --las alone (sweep).
void add_start_options(CLI::App* cmd, RunFlags& f);
// --xlsx and --report: the commands that write them (run, la, scenario).
void add_output_files(CLI::App* cmd, RunFlags& f);
extern const char* const kStoreHelp;

// The parameter file (or the embedded one), read once: the SEND model's parameters and the money's.
struct Params {
  model::SendParams send;
  finance::FinanceParams money;
};
Params load_params(const std::string& path);
// The parameter file's text and the name errors give it: the file, or the embedded one when `path` is empty.
struct ParamsText {
  std::string text, name;
};
ParamsText read_params(const std::string& path);
// The LAs' starts, every January the source holds: a table given with --las, else read from
// DfE's files with --data (to January `last_year` if given: only the files those need), else the
// embedded table built from them.
std::vector<model::AreaStart> load_areas(const std::string& data_dir, const model::SendParams& params, const std::string& las,
                                        int last_year = 0);
const data::LaRegister& la_register();
// Each LA's flows by calendar year: DfE's files with --data, else the embedded table.
std::vector<data::LaFlow> la_flows(const std::string& data_dir);
const std::vector<finance::FundingRow>& funding_rows();
// Each LA's published January EHC plans: code -> year -> plans (the embedded table, or DfE's files).
std::map<std::string, std::map<int, double>> published_la_plans();
std::map<std::string, std::map<int, double>> la_plans_by_code(const std::vector<data::LaPlansFigure>& figures);

// The scenario files (scenario, goal-seek), checked: names unique, the LAs they name in the run. A
// sweep plan among them is passed over with a note on stderr.
std::vector<scenario::Scenario> load_scenarios(const std::vector<std::string>& files, const std::vector<model::AreaStart>& areas);

// Worker threads: the flag, or every core.
int threads_or_all(int flag);

// The run plan of the flags: the parameters, the LAs at the start and before it, the published DSG
// and the settings, checked (pipeline::RunPlan::check) before any work. Settles the years the flags
// left open in `f`: --start the latest January the LA table holds, --from the start. With `local`
// (an LA's own figures, `la --local`), those are checked against the published start first
// (pipeline::apply_local, which the command then applies to the plan).
pipeline::RunPlan plan(RunFlags& f, const data::LocalData* local = nullptr);
// plan() in two steps, for a command that runs some LAs (issue 21): every LA from its published
// January (not yet fitted to its flows), from which the command chooses its LAs; then the plan cut to
// those LAs and the LAs whose DSG ledgers they share (pipeline::only_las), each fitted as the fit
// of every LA fits it (no codes: every LA). `all`: every January the LA table holds, which the fit reads.
struct PublishedPlan {
  pipeline::RunPlan plan;
  std::vector<model::AreaStart> all;
};
PublishedPlan published_plan(RunFlags& f, const data::LocalData* local = nullptr);
pipeline::RunPlan fitted_plan(const PublishedPlan& published, const RunFlags& f, const std::vector<std::string>& codes = {});
// The plan of the commands that compare scenarios (scenario, goal-seek, serve, sweep): one
// replicate a run, at least a year beyond the start, the uncertain parameters drawn per replicate
// unless fixed.
pipeline::RunPlan scenario_plan(RunFlags& f, bool fixed_parameters);
// A plan made by plan() as scenario_plan makes it (`la` makes one plan for its own run and its
// scenarios, and fits the start's flows once).
pipeline::RunPlan as_scenario_plan(pipeline::RunPlan p, const RunFlags& f, bool fixed_parameters);
// Runs the plan with a progress bar and a timing line on stderr (unless quiet).
pipeline::RunResult simulate(const pipeline::RunPlan& plan, bool quiet);

// The hash lines of the data a simulation reads (for the run store): the LA table (--las), DfE's
// files (--data) or the embedded table, and the embedded tables every run reads.
std::string simulation_data_hashes(const std::string& data_dir, const std::string& las);

// What the run store records of a run: the command, the parameter file (path and text), the hash
// lines of its data and the seed.
store::RunStart describe_run(const std::string& command, const std::string& params_path, std::string data_hashes,
                             std::optional<std::uint64_t> seed);

// The area of the run that `query` (a code or name) names, or an InputError naming what is near.
std::size_t find_area(const std::string& query, const std::vector<model::AreaStart>& areas);
// The area of the run that an LA of the register is, if the run has it.
std::optional<std::size_t> area_of(const data::LaRecord& record, const std::vector<model::AreaStart>& areas);

// The years the LA comparisons report: the start and every tenth year after it, from `from` to
// `to` (else the last).
std::vector<int> report_years(int start, int from, int to);
// A scale as a person reads it: 0.1, 1.
std::string scale_text(double scale);
// A table to standard output, or (atomically) to the file `out` declared in `outputs`.
void emit(const std::string& table, const std::string& out, io::OutputSet& outputs);
// The outputs now in place (empty paths passed over): each recorded in the run store and named on
// stderr ("wrote PATH") unless quiet.
void record_written(store::Recorder& record, const std::vector<std::string>& paths, bool quiet);
// "\rwhat: run k of n" on stderr, or nothing when quiet.
std::function<void(int, int)> runs_progress(bool quiet, const char* what);

}  // namespace sendtwin::cli
