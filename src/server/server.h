// `sendtwin serve`: a local web dashboard (issue 8) on cpp-httplib, bound to 127.0.0.1 unless told
// otherwise. One page (no static file serving, so no path can reach the file system) and a JSON
// API:
//   GET  /api/las      the LAs of the run: [{code, name}]
//   GET  /api/levers   the scenario levers: [{name, unit, lo, hi, neutral, meaning}]
//   POST /api/run      body {la, levers: {name: value}, from, to, replicates, scale}: the baseline and
//                      the levers' scenario with common random numbers -> {geography, periods,
//                      measures: [{id, label, unit, baseline, scenario, difference, low, high}]}
//   POST /api/run.csv  the same run's figures as tidy CSV (scenario, replicate)
//   POST /api/run.xlsx the same as an Excel workbook
// Bodies are validated (at most 16 KiB, JSON, known fields, types, ranges): 400 with {error}. A
// run whose client goes away is cancelled.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "scenario/runner.h"

namespace sendtwin::server {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 2;  // per run
};

// A run request, validated.
struct RunRequest {
  std::string la;  // DfE code, or empty for England
  scenario::Scenario scenario;
  int to = 2030;
  int replicates = 2;
  double scale = 0.02;
};
// Parses and checks a POST /api/run body; throws std::invalid_argument with the message a 400
// carries. `known_la(code)` says whether the run has the LA.
RunRequest parse_run_request(const std::string& body, const std::function<bool(const std::string&)>& known_la);

// Serves until the process is stopped. `ready(port)` is called once listening (the port actually
// bound, for --port 0).
void serve(const scenario::RunSpec& spec, const ServeOptions& options, const std::function<void(int)>& ready = {});

}  // namespace sendtwin::server
