// libFuzzer target for the sweep plan reader (issue 15; STYLE.md §6). `make fuzz` builds it with the
// sources of FUZZ_SOURCES and runs it from the project's root.
// Promises checked on arbitrary documents, and on the shipped scenarios/example-sweep.toml with any
// one line replaced (toml_fuzz_input.h): parse_plan either succeeds or throws InputError, and a plan
// it accepts is within its ranges (draws, replicates, scale, years, at most 100,000 runs). Scenario
// files a plan names are read with parse_scenario (a plan may name the shipped scenarios; the
// register check of load_scenario needs the embedded data, which the fuzz build does not have).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "io/input_file.h"
#include "sweep/sweep.h"
#include "toml_fuzz_input.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sendtwin;
  static const auto shipped = fuzz::shipped_lines("scenarios/example-sweep.toml");
  const auto read_scenario = [](const std::string& path) { return scenario::parse_scenario(io::read_text_file(path), path); };
  sweep::Plan p;
  try {
    p = sweep::parse_plan(fuzz::document(data, size, shipped), "scenarios/fuzz.toml", read_scenario);
  } catch (const InputError&) {
    return 0;
  }
  check(p.parameter_draws >= 1 && p.parameter_draws <= 1000 && p.replicates >= 1 && p.replicates <= 1000);
  check(p.scale >= 1e-4 && p.scale <= 1 && p.to >= 2016 && p.to <= 2080);
  check(static_cast<long long>(p.parameter_draws) * p.replicates * static_cast<long long>(p.scenarios.size() + 1) <= 100000);
  check(!p.name.empty() && !p.description.empty());
  return 0;
}
