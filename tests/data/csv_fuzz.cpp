// libFuzzer target for the CSV reader (STYLE.md §6: every parser has a fuzz target).
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -I src src/data/csv.cpp
//           tests/data/csv_fuzz.cpp -o /tmp/csv_fuzz
//   /tmp/csv_fuzz -max_total_time=60
// Promises checked on arbitrary bytes: parsing and every typed read either succeed or throw
// InputError (anything else escapes and is reported as a crash), and a parsed table written back
// with CsvWriter parses to the same header and cells.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "data/csv.h"

namespace {

using sendtwin::InputError;
using sendtwin::data::CsvTable;
using sendtwin::data::CsvWriter;

void touch_every_cell(const CsvTable& table) {
  for (std::size_t r = 0; r < table.rows(); ++r) {
    for (std::size_t c = 0; c < table.header().size(); ++c) {
      try {
        table.ees_number(r, c);
      } catch (const InputError&) {
      }
      try {
        table.integer(r, c);
      } catch (const InputError&) {
      }
    }
  }
}

void check_round_trip(const CsvTable& table) {
  if (table.header().empty()) return;
  CsvWriter writer;
  writer.row(table.header());
  std::vector<std::string> row(table.header().size());
  for (std::size_t r = 0; r < table.rows(); ++r) {
    for (std::size_t c = 0; c < row.size(); ++c) row[c] = table.cell(r, c);
    writer.row(row);
  }
  const CsvTable again = CsvTable::parse(writer.text(), "again");
  if (again.header() != table.header() || again.rows() != table.rows()) std::abort();
  for (std::size_t r = 0; r < table.rows(); ++r) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (again.cell(r, c) != table.cell(r, c)) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const CsvTable table = CsvTable::parse(text, "fuzz.csv");
    touch_every_cell(table);
    check_round_trip(table);
  } catch (const InputError&) {
  }
  return 0;
}
