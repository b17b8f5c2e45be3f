// `sendtwin witan CONFIG.edn`: runs a witan.send project (its EDN configuration and four CSV
// files) through sendtwin's engine and writes witan.send's six output files.
#pragma once
#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sendtwin::cli {

struct WitanFlags {
  std::string config;
  int simulations = 0;               // 0: the configuration's :simulations
  std::optional<std::uint64_t> seed;  // default: the configuration's :random-seed
  std::string out;                   // default: the configuration's :output-dir
  int threads = 0;                   // 0: every core
  bool quiet = false;
};

// Registers the subcommand on `app`; the flags are written into `flags` when it is parsed.
CLI::App* add_witan_command(CLI::App& app, WitanFlags& flags);

// Runs it. Bad input throws InputError (the caller prints it and exits 2).
int witan_command(const WitanFlags& flags);

}  // namespace sendtwin::cli
