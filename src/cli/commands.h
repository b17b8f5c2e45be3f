// Every command of `sendtwin`, one file each (src/cli/<name>_command.cpp): add_<name> registers
// the subcommand and its flags on the app and returns what runs when it is parsed. main.cpp only
// registers them, parses, and maps errors to exit codes.
#pragma once
#include <CLI/CLI.hpp>

#include <vector>

#include "cli/inputs.h"

namespace sendtwin::cli {

Command add_run(CLI::App& app);
Command add_la(CLI::App& app);
Command add_variation(CLI::App& app);
Command add_validate(CLI::App& app);
Command add_compare(CLI::App& app);
Command add_calibrate(CLI::App& app);
Command add_scenario(CLI::App& app);
Command add_goal_seek(CLI::App& app);
Command add_sweep(CLI::App& app);
Command add_serve(CLI::App& app);
Command add_report(CLI::App& app);
Command add_backtest(CLI::App& app);
std::vector<Command> add_data(CLI::App& app);  // data starts | plans | funding | pull
std::vector<Command> add_runs(CLI::App& app);  // runs list | show | diff
Command add_witan(CLI::App& app);

}  // namespace sendtwin::cli
