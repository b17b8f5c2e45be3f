// libFuzzer target for the parameter file reader (issue 15; STYLE.md §6: every parser has a fuzz
// target). `make fuzz` builds it with the sources of FUZZ_SOURCES and runs it from the project's root.
// Promises checked on arbitrary documents, and on the shipped data/params/send.toml with any one line
// replaced (toml_fuzz_input.h): both readers either succeed or throw InputError (anything else
// escapes and is reported as a crash; undefined behaviour is caught by UBSan), and what they accept
// is within the ranges the reader promises: probabilities in [0, 1], every rate finite and within
// its range in every year a run can reach, every count and cost finite.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "data/send_params.h"
#include "toml_fuzz_input.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto shipped = sendtwin::fuzz::shipped_lines("data/params/send.toml");
  const std::string text = sendtwin::fuzz::document(data, size, shipped);
  try {
    const auto p = sendtwin::data::parse_send_params(text, "fuzz.toml");
    for (double v : {p.requests.withdrawn, p.requests.refused, p.assessment.issued, p.sen_support.exit, p.appeals.upheld})
      check(v >= 0 && v <= 1);
    for (int year = 2000; year <= 2100; ++year) {
      check(p.requests.rate.at(year) >= 0 && p.requests.rate.at(year) <= 0.5);
      check(p.requests.early_years_rate.at(year) >= 0 && p.requests.early_years_rate.at(year) <= 0.1);
      check(p.sen_support.identification.at(year) >= 0 && p.sen_support.identification.at(year) <= 0.3);
      check(p.appeals.rate.at(year) >= 0 && p.appeals.rate.at(year) <= 0.2);
      check(std::isfinite(p.population.intake_in(year)) && p.population.intake_in(year) <= 3e6);
    }
    check(p.population.pupils >= 1 && p.population.pupils <= 2e7);
    for (double v : p.stock.by_age_band) check(std::isfinite(v) && v >= 0 && v <= 2e6);
  } catch (const sendtwin::InputError&) {
  }
  try {
    const auto money = sendtwin::data::parse_finance_params(text, "fuzz.toml");
    for (double v : money.top_up) check(std::isfinite(v) && v >= 0 && v <= 1e6);
    check(money.notional_sen >= 0 && money.notional_sen <= 1e5);
  } catch (const sendtwin::InputError&) {
  }
  return 0;
}
