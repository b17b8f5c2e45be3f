// libFuzzer target for the EDN reader (STYLE.md §6: every parser has a fuzz target).
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -I src src/data/csv.cpp
//           src/data/edn.cpp tests/data/edn_fuzz.cpp -o /tmp/edn_fuzz
//   /tmp/edn_fuzz -max_total_time=60
// Promises checked on arbitrary bytes: parsing either succeeds or throws InputError (anything else
// escapes and is reported as a crash), and a parsed value written back with to_string() parses to
// the same text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/error.h"
#include "data/edn.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sendtwin::data::EdnValue value;
  try {
    value = sendtwin::data::parse_edn(text, "fuzz.edn");
  } catch (const sendtwin::InputError&) {
    return 0;
  }
  const std::string written = value.to_string();
  const auto again = sendtwin::data::parse_edn(written, "written.edn");  // must not throw
  if (again.to_string() != written) std::abort();
  return 0;
}
