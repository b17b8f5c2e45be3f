// `sendtwin backtest`: the model's forecasts from rolling origins against what DfE published later,
// beside the naive, drift and linear-trend rivals (src/backtest).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "backtest/backtest.h"
#include "backtest/html.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "store/recorder.h"

namespace sendtwin::cli {

namespace {

struct BacktestFlags {
  backtest::Options options;
  std::string params, data, las, out, report, store;
  int threads = 0;
  bool quiet = false;
};

int backtest_command(const BacktestFlags& f) {
  io::OutputSet outputs;  // checked before the runs, written together after them
  std::string csv_path, forecasts_path;
  if (!f.out.empty()) {
    outputs.directory(f.out, "--out");
    csv_path = outputs.file((std::filesystem::path(f.out) / "backtest.csv").string(), "--out");
    forecasts_path = outputs.file((std::filesystem::path(f.out) / "forecasts.csv").string(), "--out");
  }
  if (!f.report.empty()) outputs.file(f.report, "--report");
  const auto [send, money] = load_params(f.params);
  const auto starts = load_areas(f.data, send, f.las);
  const auto flows = la_flows(f.data);
  store::Recorder record(f.store, [&] { return describe_run("backtest", f.params, simulation_data_hashes(f.data, f.las), f.options.seed); },
                         f.quiet);
  backtest::Options options = f.options;
  options.threads = threads_or_all(f.threads);
  const auto began = std::chrono::steady_clock::now();
  auto log = [&](const std::string& line) {
    if (!f.quiet) std::fputs(line.c_str(), stderr);
  };
  const auto result = backtest::run_backtest(send, starts, flows, options, log);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  if (!f.quiet) std::fprintf(stderr, "backtest: %d origins in %.1f s on %d thread(s)\n", options.last_origin - options.first_origin + 1, seconds, options.threads);
  const std::string printed = backtest::render(result);
  std::cout << printed;
  record.text("stdout", printed);
  if (!csv_path.empty()) {
    outputs.stage(csv_path, backtest::tidy_csv(result));
    outputs.stage(forecasts_path, backtest::forecasts_csv(result));
  }
  if (!f.report.empty()) outputs.stage(f.report, backtest::html_report(result));
  outputs.publish();
  record_written(record, {csv_path, forecasts_path, f.report}, f.quiet);
  record.finish();
  return 0;
}

}  // namespace

Command add_backtest(CLI::App& app) {
  auto f = std::make_shared<BacktestFlags>();
  auto* cmd = app.add_subcommand("backtest", "Forecast from each origin January 2019-2024, fitted only on what was published by then, and score every LA's EHC plans, placements, ages, requests and new plans against DfE's later figures beside the naive, drift and linear-trend rivals.");
  cmd->add_option("--first-origin", f->options.first_origin, "First origin (January)")->capture_default_str()->check(whole(kFirstYear, kLastYear));
  cmd->add_option("--last-origin", f->options.last_origin, "Last origin (January); a year must be published after it")->capture_default_str()->check(whole(kFirstYear, kLastYear));
  cmd->add_option("--replicates", f->options.replicates, "Replicates per origin (the 90% intervals need 20 or more)")->capture_default_str()->check(whole(1, 200));
  cmd->add_option("--scale", f->options.scale, "Share of the population simulated")->capture_default_str()->check(number(model::kMinScale, 1));
  cmd->add_option("--seed", f->options.seed, "Seed of the random streams")->capture_default_str()->check(seed());
  cmd->add_option("--window", f->options.window, "Years of each LA's flows its fit at an origin meets")->capture_default_str()->check(whole(1, 3));
  cmd->add_option("--threads", f->threads, "Worker threads (default: all cores); results do not depend on it")->check(whole(1, kMaxThreads));
  cmd->add_option("--params", f->params, "Parameter file instead of the embedded one");
  cmd->add_option("--data", f->data, "Directory of DfE's EES files (the LAs' Januaries and flows) instead of the embedded tables");
  cmd->add_option("--las", f->las, "LA table (data/la/starts.csv's columns) instead of --data or the embedded one");
  cmd->add_option("--out", f->out, "Directory for backtest.csv (tidy: measure, origin, horizon, method, las, median_abs_pct, within_5, within_10, england_pct, coverage) and forecasts.csv (every LA's forecast with its 90% interval and the published figure)");
  cmd->add_option("--report", f->report, "Also write a self-contained HTML report with the charts");
  cmd->add_option("--store", f->store, kStoreHelp);
  cmd->add_flag("--quiet,-q", f->quiet, "No progress on stderr");
  return {cmd, [f] { return backtest_command(*f); }};
}

}  // namespace sendtwin::cli
