// `sendtwin serve`: the dashboard (src/server) on a local port.
#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/la_goals.h"
#include "core/error.h"
#include "server/server.h"

namespace sendtwin::cli {

namespace {

int serve_command(RunFlags& f, const server::ServeOptions& options) {
  if (options.port < 0 || options.port > 65535) throw InputError("--port", 0, "", "must be 0..65535");
  if (options.max_runs < 1 || options.max_runs > 64) throw InputError("--max-runs", 0, "", "must be 1..64");
  if (options.max_connections < 1 || options.max_connections > 10000)
    throw InputError("--max-connections", 0, "", "must be 1..10000");
  const auto spec = scenario_plan(f, false);
  server::serve(spec, options, [&](int port) {
    const bool v6 = options.host.find(':') != std::string::npos;  // an IPv6 address goes in brackets in a URL
    std::printf("sendtwin serve: the dashboard is at http://%s%s%s:%d/ (Ctrl-C stops it)\n", v6 ? "[" : "", options.host.c_str(),
                v6 ? "]" : "", port);
    std::fflush(stdout);
  }, goal_sources(f));
  return 0;
}

}  // namespace

Command add_serve(CLI::App& app) {
  auto f = std::make_shared<RunFlags>();
  auto options = std::make_shared<server::ServeOptions>();
  f->scale = 0.02;
  auto* cmd = app.add_subcommand("serve", "A local web dashboard: pick an LA, set levers, run the scenario against the baseline, see the charts, download CSV or Excel. JSON API under /api.");
  cmd->add_option("--port", options->port, "Port (0: any free port)")->capture_default_str()->check(whole(0, 65535));
  cmd->add_option("--host", options->host, "Address to bind (only this machine unless you change it)")->capture_default_str();
  cmd->add_option("--max-runs", options->max_runs, "Runs at once; more are answered 503 (busy)")->capture_default_str();
  cmd->add_option("--max-connections", options->max_connections, "Open connections; more are answered 503 and closed")
      ->capture_default_str();
  add_start_options(cmd, *f);
  cmd->add_option("--params", f->params, "Parameter file instead of the embedded one");
  cmd->add_option("--seed", f->seed, "Seed of every run")->capture_default_str()->check(seed());
  cmd->add_option("--threads", f->threads, "Worker threads of each run (default: all cores)")->check(whole(1, kMaxThreads));
  return {cmd, [f, options] { return serve_command(*f, *options); }};
}

}  // namespace sendtwin::cli
