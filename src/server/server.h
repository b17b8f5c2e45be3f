// `sendtwin serve`: a local web dashboard (issue 8) on Boost.Beast (event-driven: one I/O thread
// holds every connection; runs go to a pool of worker threads), bound to 127.0.0.1 unless told
// otherwise. One page (no static file serving, so no path can reach the file system) and a JSON
// API:
//   GET  /api/las      the LAs of the run: [{code, name}]
//   GET  /api/la?name=Bristol  the LA a name, short form or code names (pipeline::find_area, as
//                      the command line's): {code, name}, or 400 with the nearest names
//   GET  /api/levers   the scenario levers: [{name, label, help, local, unit, lo, hi, neutral,
//                      meaning}]; local: whether it can act on one LA alone (scenario::acts_on_one_la)
//   GET  /api/presets  the preset scenarios
//   POST /api/run      body {la, preset, levers: {name: value}, local: {code: {name: value}}, goals,
//                      goals_name, from, to, replicates, scale, progress}: the baseline and the
//                      levers' scenario with common random numbers -> {geography, scenario, money,
//                      replicates, scale, measures: [{id, label, unit, period_kind, periods,
//                      baseline, scenario, difference, low, high}], breakdowns: [{key, title, measures: [the same, by
//                      primary need or by age band]}], goals: [{name, measure, period, unit,
//                      condition, target, published: [{period, value}], source, forecasts:
//                      [{scenario, replicates, met, mean, low, high, probability, status}]}]}.
//                      goals: the text of the LA's goals file (`la --goals`), read with its parser
//                      (a fault: 400 `goals_name:line: field: what is wrong`) and assessed with its
//                      code over the run's replicates. progress: an id of 8 to 32 letters and digits
//                      (the page's own random one) under which GET /api/progress reports the run
//                      while it runs (a second run under way with the same id: 409)
//   POST /api/run.csv  the same run's figures as tidy CSV (scenario, replicate)
//   POST /api/run.xlsx the same as an Excel workbook. The results of the last 4 runs are kept by
//                      their body (goals and progress aside): a request for one of them is answered
//                      from it, not run again (header X-Sendtwin-Run: kept, else run)
//   GET  /api/progress?id=ID  the run sent with progress ID (issue 21): {stage, done, total,
//                      runs_done, runs, kept}; stage "starting", "running" (the baseline's and the
//                      scenario's runs: done of total area-months, runs_done of runs), "kept" (the
//                      results of the same request a moment ago serve; kept: true), "goals" (the
//                      run of the LA's ledger a balance goal reads: its area-months), "writing" (the
//                      answer), then "done", "failed" or "cancelled" (the last 8 finished are kept).
//                      400 for an ID not of that form, 404 for one of no run (not yet started, or
//                      finished before the last 8)
// Limits (issue 15): a request's headers at most 8 KiB and its body (chunked or not) 16 KiB (413),
// the whole request within 10 s of its first byte or of the previous answer, at most
// max_connections connections (more are answered 503 and closed) and max_runs runs at once (503
// with Retry-After). Host must name this server and Origin, if sent, must be this server (403), so
// no other web page can start runs; a POST body must be application/json (415). Bodies are
// validated (JSON, known fields, types, ranges): 400 with {error}. A run whose client goes away is
// cancelled. Any other failure is a 500 with a generic {error}, its details on stderr; no request
// ends the process.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/scenarios.h"
#include "report/goals_report.h"
#include "server/run_request.h"

namespace sendtwin::server {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  int max_runs = 2;           // runs at once; more are answered 503
  int max_connections = 128;  // open connections; more are answered 503 and closed
};

// The preset scenarios a dashboard run may name ("preset"): scenarios/white-paper-2026*.toml, as
// embedded in the binary, parsed (GET /api/presets lists them).
std::vector<scenario::Scenario> preset_scenarios();

// Serves until the process is stopped. `ready(port)` is called once listening (the port actually
// bound, for --port 0). `published`: what an LA's goals are shown beside (cli::goal_sources, as
// `la --goals` reads it).
void serve(const pipeline::RunPlan& spec, const ServeOptions& options, const std::function<void(int)>& ready = {},
           const report::GoalSources& published = {});

}  // namespace sendtwin::server
