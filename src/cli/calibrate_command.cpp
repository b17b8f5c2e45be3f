// `sendtwin calibrate`: the calibration sequence (src/calibrate/sequence.h) and the files it writes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "calibrate/sequence.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "core/error.h"
#include "data/csv.h"
#include "data/embedded.h"
#include "data/la_start.h"
#include "data/send_params.h"
#include "io/input_file.h"
#include "store/recorder.h"

namespace sendtwin::cli {

namespace {

struct CalibrateFlags {
  int start = 0;  // 0: the earliest January of the LA table
  std::string params, data, las, out, out_las;
  bool per_la = false;
  int until = 2025;
  std::uint64_t seed = 1;
  double scale = 0.1;
  int threads = 0;
  int max_evaluations = 0;
  int iterations = 15;
  double effects_scale = 1.0;
  bool quiet = false;
  std::string store;  // run store to record the run in; default $SENDTWIN_STORE
};

void check(const CalibrateFlags& f) {
  if (f.until < 2017 || f.until > 2025) throw InputError("--until", 0, "", "must be 2017..2025 (the published years)");
  if (!(f.scale > 0 && f.scale <= 1)) throw InputError("--scale", 0, "", "must be in (0, 1]");
  if (!(f.effects_scale > 0 && f.effects_scale <= 1)) throw InputError("--effects-scale", 0, "", "must be in (0, 1]");
  if (f.max_evaluations != 0 && (f.max_evaluations < 10 || f.max_evaluations > 5000))
    throw InputError("--max-evaluations", 0, "", "must be 0 (no Nelder-Mead stage) or 10..5000");
  if (f.iterations < 0 || f.iterations > 100) throw InputError("--iterations", 0, "", "must be 0..100");
  if (!f.out_las.empty() && !f.per_la) throw InputError("--out-las", 0, "", "needs --per-la (it writes the LAs it fits)");
}

int calibrate_command(const CalibrateFlags& f) {
  check(f);
  io::OutputSet outputs;  // checked before the fit, written together after it
  if (!f.out.empty()) outputs.file(f.out, "--out");
  if (!f.out_las.empty()) outputs.file(f.out_las, "--out-las");
  const auto [text, name] = read_params(f.params);
  // The fit runs the national series' years: from the start the flag names, else the earliest January.
  const auto all = load_areas(f.data, data::parse_send_params(text, name), f.las);
  const int start_year = f.start ? f.start : std::min_element(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.year < b.year; })->year;
  if (start_year >= f.until) throw InputError("--start", 0, std::to_string(start_year), "must be before --until " + std::to_string(f.until) + ": the fit needs the years between");
  const auto areas = data::starts_in(all, start_year);
  store::Recorder record(f.store, [&] {
    std::string hashes = simulation_data_hashes(f.data, f.las);
    if (f.per_la && f.data.empty()) hashes += store::hash_line(data::kEmbeddedLaPlansName, data::embedded_la_plans());
    return describe_run("calibrate", f.params, hashes, f.seed);
  }, f.quiet);
  calibrate::SequenceOptions options;
  options.until = f.until;
  options.seed = f.seed;
  options.scale = f.scale;
  options.effects_scale = f.effects_scale;
  options.threads = threads_or_all(f.threads);
  options.max_evaluations = f.max_evaluations;
  options.iterations = f.iterations;
  options.per_la = f.per_la;
  const auto published = !f.per_la ? std::map<std::string, std::map<int, double>>{}
                         : f.data.empty() ? published_la_plans()
                                          : la_plans_by_code(data::read_la_plans(f.data));
  const auto start = std::chrono::steady_clock::now();
  auto log = [&](const std::string& line) {
    if (!f.quiet) std::fputs(line.c_str(), stderr);
  };
  const auto fitted = calibrate::run_sequence(text, name, areas, published, {&funding_rows(), &la_register()}, options, std::cout, log);
  if (!f.quiet)
    std::fprintf(stderr, "calibrated in %.0f s\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  // Validated before it is written: the fitted file must load.
  data::parse_send_params(fitted.params_text, f.out.empty() ? "<fitted>" : f.out);
  data::parse_finance_params(fitted.params_text, f.out.empty() ? "<fitted>" : f.out);
  if (!f.out.empty()) outputs.stage(f.out, fitted.params_text);
  if (!f.out_las.empty()) outputs.stage(f.out_las, fitted.las_text);
  outputs.publish();
  if (!f.out.empty()) {
    record.file(f.out);
    std::cout << "\nwrote the fitted parameters to " << f.out << "\n";
  }
  if (!f.out_las.empty()) {
    record.file(f.out_las);
    std::cout << "wrote the LA table with the fitted request rates to " << f.out_las << "\n";
  }
  record.finish();
  return 0;
}

}  // namespace

Command add_calibrate(CLI::App& app) {
  auto f = std::make_shared<CalibrateFlags>();
  auto* cmd = app.add_subcommand("calibrate", "Fit the SEND model's transition parameters to DfE's published national series (simulated method of moments, Nelder-Mead, common random numbers) and write the fitted parameter file.");
  cmd->add_option("--until", f->until, "Last year of the published targets (2017-2025)")->capture_default_str()->check(whole(2017, 2025));
  cmd->add_option("--seed", f->seed, "Seed of every evaluation's runs (common random numbers)")->capture_default_str()->check(seed());
  cmd->add_option("--scale", f->scale, "Share of the population each evaluation simulates")->capture_default_str()->check(number(model::kMinScale, 1));
  cmd->add_option("--max-evaluations", f->max_evaluations, "Runs the Nelder-Mead stage may make on the trends (0: no such stage, else 10-5000)")->capture_default_str()->check(whole(0, 5000));
  cmd->add_option("--iterations", f->iterations, "Iterations of the calendar-year effects (0: no such stage)")->capture_default_str()->check(whole(0, 100));
  cmd->add_option("--effects-scale", f->effects_scale, "Share of the population the year-effect runs simulate")->capture_default_str()->check(number(model::kMinScale, 1));
  cmd->add_option("--threads", f->threads, "Worker threads (default: all cores)")->check(whole(1, kMaxThreads));
  cmd->add_option("--params", f->params, "Parameter file to start from (default: the embedded one)");
  cmd->add_option("--data", f->data, "Directory of DfE's EES files for the LAs' starts");
  cmd->add_option("--out", f->out, "Write the fitted parameter file here (atomically)");
  cmd->add_option("--las", f->las, "LA table to start from instead of --data or the embedded one");
  cmd->add_option("--start", f->start, "The January the fit's runs start from (default: the earliest the LA table holds)")->check(whole(kFirstYear, kLastYear));
  cmd->add_flag("--per-la", f->per_la, "Also fit each LA's request rate to the growth of its published EHC plans (DfE's files with --data, else the embedded table)");
  cmd->add_option("--out-las", f->out_las, "With --per-la: write the LA table with the fitted request rates here (use it with --las)");
  cmd->add_flag("--quiet,-q", f->quiet, "No progress on stderr");
  cmd->add_option("--store", f->store, kStoreHelp);
  return {cmd, [f] { return calibrate_command(*f); }};
}

}  // namespace sendtwin::cli
