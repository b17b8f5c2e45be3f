// The body of a dashboard run (POST /api/run, /api/run.csv, /api/run.xlsx) and the Content-Type
// it must come with: read and checked apart from the server, so that a fuzz target
// (tests/data/run_request_fuzz.cpp) can reach it without the server.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "scenario/scenario.h"

namespace sendtwin::server {

// The largest body a run takes (16 KiB).
inline constexpr std::size_t kMaxRunBody = 16 * 1024;

// A run request, validated. With "preset", the preset scenario's levers (each from its own year)
// come first and the request's levers (from "from") after them. "local": {"886": {name: value}}
// sets levers that act on that LA alone (scenario.local, as a scenario file's [la."886".levers]).
// "goals": the text of a goals file of the LA (goals/kent.toml's form, `la --goals`), named in its
// messages "goals_name" (the file the page loaded; default "goals"); an LA's only, so refused for
// England. "progress": the id (8 to 32 letters and digits, the page's own random one) under which
// GET /api/progress?id= reports the run while it runs; it changes nothing in the run.
struct RunRequest {
  std::string la;  // DfE code, or empty for England
  std::string goals;  // TOML text; empty: none
  std::string goals_name = "goals";
  std::string progress;  // an id (progress_id's form); empty: none
  scenario::Scenario scenario;
  int to = 2030;
  int replicates = 2;
  double scale = 0.02;  // an LA's run (of its funding unit alone, issue 21): 1, full scale, and up to 1
};
inline constexpr double kEnglandMaxScale = 0.25, kLaScale = 1.0;
// Parses and checks a POST /api/run body; throws std::invalid_argument with the message a 400
// carries. `known_la(code)` says whether the run has the LA.
RunRequest parse_run_request(const std::string& body, const std::function<bool(const std::string&)>& known_la,
                             int start_year, const std::vector<scenario::Scenario>& presets = {});

// The value of `key` in a request target's query ("/api/la?name=Bristol%2C%20City%20of"),
// percent-decoded ('+' is a space), with any byte that is not UTF-8 replaced; empty when absent.
// Throws std::invalid_argument (a 400's message) for a bad escape or a value over 200 bytes.
std::string query_value(std::string_view target, std::string_view key);

// Whether `id` is a run's progress id: 8 to 32 ASCII letters and digits.
bool is_progress_id(std::string_view id);
// The id of GET /api/progress?id=...: throws std::invalid_argument (a 400's message) unless it is one.
std::string progress_id(std::string_view target);

// Whether a Content-Type header value is the media type application/json (any case, parameters
// allowed): "application/json; charset=utf-8" is, "text/plain; charset=application/json" is not.
bool is_json_content_type(std::string_view value);

}  // namespace sendtwin::server
