#include "cli/witan_command.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "cli/flags.h"
#include "core/error.h"
#include "data/witan_project.h"
#include "io/atomic_file.h"
#include "model/witan/witan_model.h"
#include "report/witan_report.h"

namespace sendtwin::cli {

CLI::App* add_witan_command(CLI::App& app, WitanFlags& f) {
  auto* cmd = app.add_subcommand(
      "witan",
      "Run a witan.send project (config.edn and its transitions, population, costs and valid-states CSVs) through "
      "sendtwin's engine and write witan.send's Output_Count/Cost/AY/Need/Setting/State.csv");
  cmd->add_option("config", f.config, "The project's EDN configuration (paths in it are relative to its folder)")->required();
  cmd->add_option("--simulations", f.simulations, "Simulations to run (default: the configuration's :simulations)")->check(whole(1, 1000000));
  cmd->add_option("--seed", f.seed, "Random seed (default: the configuration's :random-seed)")->check(seed());
  cmd->add_option("--out", f.out, "Folder for the output files (default: the configuration's :output-dir)");
  cmd->add_option("--threads", f.threads, "Worker threads (default: all cores); outputs are identical for any number")->check(whole(1, kMaxThreads));
  cmd->add_flag("--quiet,-q", f.quiet, "Print nothing on success");
  return cmd;
}

int witan_command(const WitanFlags& f) {
  const auto started = std::chrono::steady_clock::now();
  const model::witan::WitanProject project = data::read_witan_project(f.config);
  if (f.simulations < 0 || f.simulations > 1000000) throw InputError("--simulations", 0, "", "must be 1..1000000");
  if (f.threads < 0) throw InputError("--threads", 0, "", "must be 0 (all cores) or more");
  model::witan::WitanRunConfig config;
  config.seed = f.seed.value_or(project.config.random_seed);
  config.simulations = f.simulations > 0 ? f.simulations : project.config.simulations;
  config.threads = f.threads > 0 ? f.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // The folder and its six files are checked before the run and written together after it.
  const std::string out = f.out.empty() ? project.config.output_dir : f.out;
  io::OutputSet outputs;
  outputs.directory(out, "--out");
  for (const auto& name : report::witan_output_names()) outputs.file((std::filesystem::path(out) / name).string(), "--out");
  const auto inputs = model::witan::prepare_witan(project);
  // Every simulation's every output cell is kept until the quantiles are taken.
  const double bytes = static_cast<double>(config.simulations) * (inputs.projection_years.size() + 1) *
                       (model::witan::TallyLayout(inputs).width * sizeof(std::int64_t) + sizeof(double));
  constexpr double kMaxBytes = 8.0 * (1ull << 30);
  if (bytes > kMaxBytes)
    throw InputError("--simulations", 0, "",
                     std::to_string(config.simulations) + " simulations of this project need " +
                         std::to_string(static_cast<long long>(bytes / (1ull << 30))) + " GiB for their outputs; use fewer (8 GiB at most)");
  const auto run = model::witan::run_witan(inputs, config);
  const auto files = report::witan_output_files(run, inputs);
  for (const auto& [name, text] : files) outputs.stage((std::filesystem::path(out) / name).string(), text);
  outputs.publish();
  if (!f.quiet) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("witan.send project %s: %d simulations, seed %llu, %zu settings x %zu needs, years %d-%d (%.2f s)\n",
                f.config.c_str(), config.simulations, static_cast<unsigned long long>(config.seed),
                inputs.space.settings.size(), inputs.space.needs.size(), run.years.front(), run.years.back(), seconds);
    // The EHCP population as Output_Count.csv states it.
    std::printf("%s", files.front().second.c_str());
    std::printf("wrote %zu files to %s\n", files.size(), out.c_str());
  }
  return 0;
}

Command add_witan(CLI::App& app) {
  auto f = std::make_shared<WitanFlags>();
  auto* cmd = add_witan_command(app, *f);
  return {cmd, [f] { return witan_command(*f); }};
}

}  // namespace sendtwin::cli
