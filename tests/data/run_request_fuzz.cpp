// libFuzzer target for the dashboard's JSON body (server::parse_run_request, issue 15), built by
// `make fuzz` with FUZZ_SOURCES and FUZZ_SERVER_SOURCES:
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -I src $(FUZZ_SOURCES) \
//           $(FUZZ_SERVER_SOURCES) tests/data/run_request_fuzz.cpp -o /tmp/run_request_fuzz
//   /tmp/run_request_fuzz -max_total_time=60
// Promises checked on arbitrary bytes: a body either reads into a request within the documented
// ranges or throws std::invalid_argument whose message is valid UTF-8 (it goes into a JSON
// answer); anything else escapes and is reported as a crash. The Content-Type check never throws;
// the query of GET /api/la (query_value) is valid UTF-8 or a std::invalid_argument; the id of GET
// /api/progress (progress_id) is of its form or a std::invalid_argument.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "scenario/scenario.h"
#include "server/run_request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  (void)sendtwin::server::is_json_content_type(body);
  try {
    const auto r = sendtwin::server::parse_run_request(body, [](const std::string& code) { return code == "886" || code == "202"; }, 2025);
    if (!(r.la.empty() || r.la == "886" || r.la == "202")) std::abort();
    if (r.to < 2017 || r.to > 2040 || r.replicates < 1 || r.replicates > 10) std::abort();
    if (!(r.scale >= 0.001 && r.scale <= (r.la.empty() ? sendtwin::server::kEnglandMaxScale : sendtwin::server::kLaScale))) std::abort();
    if (!r.progress.empty() && !sendtwin::server::is_progress_id(r.progress)) std::abort();
    for (const auto& l : r.scenario.levers) {
      const auto* info = sendtwin::scenario::find_lever(l.name);
      if (!info || !std::isfinite(l.value) || l.value < info->lo || l.value > info->hi || l.from > r.to) std::abort();
    }
    // "local": the run's LA (or any of England's), only levers that act on one LA, in range.
    for (const auto& local : r.scenario.local) {
      if (!(local.code == "886" || local.code == "202") || (!r.la.empty() && local.code != r.la) || local.levers.empty()) std::abort();
      for (const auto& l : local.levers) {
        const auto* info = sendtwin::scenario::find_lever(l.name);
        if (!info || !sendtwin::scenario::acts_on_one_la(*info) || !std::isfinite(l.value) || l.value < info->lo || l.value > info->hi)
          std::abort();
      }
    }
  } catch (const std::invalid_argument& e) {
    try {
      (void)nlohmann::json(std::string(e.what())).dump();  // throws on a message that is not UTF-8
    } catch (const nlohmann::json::exception&) {
      std::abort();
    }
  }
  // The query of GET /api/la: a value, valid UTF-8, or a 400's message.
  try {
    (void)nlohmann::json(sendtwin::server::query_value(body, "name")).dump();
  } catch (const std::invalid_argument& e) {
    try {
      (void)nlohmann::json(std::string(e.what())).dump();  // throws on a message that is not UTF-8
    } catch (const nlohmann::json::exception&) {
      std::abort();
    }
  }
  // The id of GET /api/progress: one of its form, or a 400's message.
  try {
    if (!sendtwin::server::is_progress_id(sendtwin::server::progress_id(body))) std::abort();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
