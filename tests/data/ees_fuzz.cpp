// libFuzzer target for the EES reader (STYLE.md §6: every parser has a fuzz target).
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -I src src/data/csv.cpp
//           src/data/ees.cpp tests/data/ees_fuzz.cpp -o /tmp/ees_fuzz
//   /tmp/ees_fuzz -max_total_time=60
// A useful seed corpus is the first lines of the real files, e.g.
//   mkdir -p /tmp/ees_corpus && head -c 4000 ../shared/data/dfe/ehcp-2025/data/caseload.csv
//   > /tmp/ees_corpus/caseload
// Promise checked on arbitrary bytes: parsing, building an EesFile and reading every row's period,
// level and geography and every cell through value(), rows_where() and la_row() either succeed or
// throw InputError (anything else escapes and is reported as a crash), and what they return is
// consistent: a missing value has a code with DfE's reason, a present one is finite, rows_where()
// finds the row it was asked about.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "data/csv.h"
#include "data/ees.h"

namespace {

using sendtwin::InputError;
using sendtwin::data::CsvTable;
using sendtwin::data::EesCell;
using sendtwin::data::EesFile;
using sendtwin::data::EesFilter;
using sendtwin::data::missing_reason;

void check_cell(const EesCell& cell) {
  if (cell.value.has_value() != (cell.missing == 0)) std::abort();
  if (cell.value.has_value() && !std::isfinite(*cell.value)) std::abort();
  if (!cell.value.has_value() && missing_reason(cell.missing).empty()) std::abort();
}

void touch_every_row(const EesFile& file) {
  const std::size_t columns = file.table().header().size();
  for (std::size_t r = 0; r < file.rows(); ++r) {
    const int period = file.period(r);
    if (period < 0 || period > 999999) std::abort();
    (void)file.time_identifier(r);
    (void)file.level_name(r);
    (void)file.country_code(r);
    (void)file.region_code(r);
    (void)file.region_name(r);
    (void)file.new_la_code(r);
    (void)file.la_name(r);
    for (std::size_t c = 0; c < columns; ++c) {
      try {
        check_cell(file.value(r, c));
      } catch (const InputError&) {
      }
    }
  }
}

void query_first_row(const EesFile& file) {
  if (file.rows() == 0) return;
  const std::string_view first_column = file.table().header().front();
  const std::vector<EesFilter> filters = {{first_column, file.table().cell(0, 0)}};
  const auto rows = file.rows_where(file.level(0), file.period(0), filters);
  if (std::find(rows.begin(), rows.end(), std::size_t{0}) == rows.end()) std::abort();
  try {
    (void)file.la_row(file.old_la_code(0), file.period(0), filters);
  } catch (const InputError&) {
  }
  (void)file.missing_standard_columns();
  (void)file.periods();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const EesFile file(CsvTable::parse(text, "fuzz.csv"));
    touch_every_row(file);
    query_first_row(file);
  } catch (const InputError&) {
  }
  return 0;
}
