// libFuzzer target for the scenario reader (issue 15; STYLE.md §6). `make fuzz` builds it with the
// sources of FUZZ_SOURCES and runs it from the project's root.
// Promises checked on arbitrary documents, and on the shipped scenarios/special-places.toml with any
// one line replaced (toml_fuzz_input.h): parse_scenario either succeeds or throws InputError, and a
// scenario it accepts has only known levers, each within its range, from a year in the model's span,
// phased in over 1 to 30 years; applying it to the shipped parameters leaves every effect finite.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "data/send_params.h"
#include "scenario/scenario.h"
#include "toml_fuzz_input.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sendtwin;
  static const auto shipped = fuzz::shipped_lines("scenarios/special-places.toml");
  static const std::string params = [] {
    try {
      return io::read_text_file("data/params/send.toml");
    } catch (...) {
      return std::string();
    }
  }();
  scenario::Scenario s;
  try {
    s = scenario::parse_scenario(fuzz::document(data, size, shipped), "fuzz.toml");
  } catch (const InputError&) {
    return 0;
  }
  for (const auto& l : s.levers) {
    const scenario::Lever* info = scenario::find_lever(l.name);
    check(info != nullptr);
    check(std::isfinite(l.value) && l.value >= info->lo && l.value <= info->hi);
    check(l.from >= 2015 && l.from <= 2060 && l.phase_years >= 1 && l.phase_years <= 30);
  }
  for (const auto& p : s.places_by_la) check(std::isfinite(p.per_year) && p.code.size() == 3);
  if (params.empty()) return 0;
  auto send = data::parse_send_params(params, "send.toml");  // the shipped file must read
  auto money = data::parse_finance_params(params, "send.toml");
  scenario::apply(s, send, money);
  for (int year = 2015; year <= 2080; ++year) {
    check(std::isfinite(send.requests.rate.at(year)) && std::isfinite(send.population.intake_in(year)));
    check(std::isfinite(money.independent_fee_effect.at(year)) && std::isfinite(finance::notional_threshold(money, year)));
  }
  return 0;
}
