// The `sendtwin` command: registers each command (src/cli/<name>_command.cpp), parses the command
// line, runs the one given and maps errors to exit codes (2: bad input, 1: internal failure).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/flags.h"
#include "core/error.h"
#include "core/printable.h"
#include "engine/simulation.h"
#include "store/recorder.h"
#include "store/run_store.h"

namespace {

using namespace sendtwin;

// Worker threads the system would not start: the work ran on fewer (same results); say so on the way out.
struct ThreadNote {
  ~ThreadNote() {
    const std::string failure = engine::thread_start_failure();
    if (!failure.empty())
      std::fprintf(stderr, "sendtwin: %s; the work ran on the threads that started (the results do not depend on it). Use fewer --threads\n",
                   failure.c_str());
  }
};

// Runs the parsed command; what it throws becomes a message and an exit code, and a run begun in a
// store is marked failed.
int run_parsed(const std::vector<cli::Command>& commands) {
  try {
    for (const auto& c : commands)
      if (c.app->parsed()) return c.run();
  } catch (const InputError& e) {
    // What a message quotes of the input is escaped: raw binary never reaches the terminal.
    std::cerr << "sendtwin: " << printable(e.what()) << "\n";
    store::fail_pending_run(printable(e.what()));
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "sendtwin: out of memory: use a smaller --scale, fewer --replicates or fewer --threads\n";
    store::fail_pending_run("out of memory");
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "sendtwin: internal error: " << printable(e.what()) << "\n";
    store::fail_pending_run("internal error: " + printable(e.what()));
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "sendtwin: an executable model of England's system of support for children with special "
      "educational needs and disabilities (SEND): every pupil, the statutory EHC process, appeals, "
      "special school places and the high needs block."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sendtwin " + store::sendtwin_version());
  std::vector<cli::Command> commands = {cli::add_run(app),       cli::add_la(app),       cli::add_variation(app),
                                        cli::add_validate(app),  cli::add_compare(app),  cli::add_calibrate(app),
                                        cli::add_scenario(app),  cli::add_goal_seek(app), cli::add_sweep(app),
                                        cli::add_serve(app),     cli::add_report(app),     cli::add_backtest(app)};
  for (auto& group : {cli::add_data(app), cli::add_runs(app)}) commands.insert(commands.end(), group.begin(), group.end());
  commands.push_back(cli::add_witan(app));
  try {
    store::set_command_line(std::vector<std::string>(argv, argv + argc));
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // A command or flag it does not know gets the nearest; else CLI11's own word (a value out of
    // range, a required flag missing).
    const std::string why = cli::explain_refusal(app, std::vector<std::string>(argv + 1, argv + argc));
    std::cerr << "sendtwin: " << (why.empty() ? std::string(e.what()) : why) << "\n";
    return 2;
  }
  const ThreadNote thread_note;
  return run_parsed(commands);
}
