// Reading explore-education-statistics (EES) open-data files (domain.md §4.2) on top of CsvTable.
//
// An EES file is tidy: one row per time period × geography × filter combination, with the columns
// time_period, time_identifier, geographic_level, country_code, country_name, the geography columns
// of its levels (region_code, region_name, old_la_code, new_la_code, la_name, …), filter columns and
// indicator columns. Columns are found by name, so the 2022 SEN2 layout (old_la_code before
// new_la_code) and the 2025 one (new_la_code first) read the same; unknown columns are ignored.
//
// EesFile checks, when it is built, that time_period, time_identifier and geographic_level are there
// and that every time_period is as EES publishes it (DfE analysts' guide, "Time columns"): 4 digits
// (2015: calendar or reporting year, month, week) or 6 digits naming two consecutive years (201819:
// academic, financial or tax year, term). Indicator cells are read on demand by value(); a missing
// value comes back with DfE's reason. Every error is an InputError `file:line: column: message`.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "data/csv.h"

namespace sendtwin::data {

// The geographic_level of a row. EES has more levels (Parliamentary constituency, MAT, …); they read
// as Other, and EesFile::level_name() keeps their text.
enum class GeographicLevel { National, Regional, LocalAuthority, Other };

// Reads EES level text: "National", "Regional", "Local authority" (ignoring ASCII case and spaces
// around it); anything else is Other.
GeographicLevel parse_geographic_level(std::string_view text);
// The EES text of a level ("Local authority"); "Other" for Other.
std::string_view geographic_level_name(GeographicLevel level);

// One indicator cell: a value, or the EES symbol saying why there is none.
struct EesCell {
  std::optional<double> value;
  // 'c' confidential (suppressed), 'x' not available, 'z' not applicable, 'l' low (rounds to 0 but
  // is not 0), 'u' low reliability; 0 when `value` is present.
  char missing = 0;
};

// DfE's words for EesCell::missing ("not applicable" for 'z'); "" for 0 or any other character.
std::string_view missing_reason(char missing);

// A condition on a filter column: the cell in `column` equals `value` exactly.
struct EesFilter {
  std::string_view column;
  std::string_view value;
};

class EesFile {
 public:
  // Takes the table; throws InputError (file, header line, column, "missing column") if
  // time_period, time_identifier or geographic_level is missing, and InputError (file, line,
  // "time_period", …) for the first time_period that is not 4 digits or 6 consecutive-year digits.
  explicit EesFile(CsvTable table);
  // Reads the file at `path` (read_csv_file's errors: "cannot open file", ragged rows, …), then as
  // above.
  explicit EesFile(const std::string& path);

  // The table underneath, for columns this class has no accessor for.
  const CsvTable& table() const { return table_; }
  // The file name used in error messages.
  const std::string& source() const { return table_.source(); }
  // The number of data rows (header excluded).
  std::size_t rows() const { return periods_.size(); }
  // The 1-based line of the file on which `row` starts.
  int line(std::size_t row) const { return table_.line(row); }

  // The time_period as published: 2015 or 201819.
  int period(std::size_t row) const { return periods_.at(row); }
  // The time_identifier text ("Calendar year", "Academic year", "Financial year", …).
  std::string_view time_identifier(std::size_t row) const;
  // The geographic_level of `row`.
  GeographicLevel level(std::size_t row) const { return levels_.at(row); }
  // The geographic_level text as published (useful when level() is Other).
  std::string_view level_name(std::size_t row) const;

  // Geography cells of `row`; "" when the file has no such column. Codes are kept as text: old LA
  // codes are DfE's 3-digit numbers ("886"), new ones ONS's 9-character codes ("E10000016").
  std::string_view country_code(std::size_t row) const { return optional_cell(row, country_code_); }
  std::string_view region_code(std::size_t row) const { return optional_cell(row, region_code_); }
  std::string_view region_name(std::size_t row) const { return optional_cell(row, region_name_); }
  std::string_view old_la_code(std::size_t row) const { return optional_cell(row, old_la_code_); }
  std::string_view new_la_code(std::size_t row) const { return optional_cell(row, new_la_code_); }
  std::string_view la_name(std::size_t row) const { return optional_cell(row, la_name_); }

  // Whether the header has a column of that name.
  bool has_column(std::string_view name) const { return table_.column(name).has_value(); }
  // The index of a column; throws InputError (file, header line, name, "missing column").
  std::size_t column(std::string_view name) const { return table_.require_column(name); }
  // The standard EES columns this file lacks although its rows need them: country_code and
  // country_name always; region_code and region_name if it has Regional rows; old_la_code,
  // new_la_code and la_name if it has Local authority rows; in that order.
  std::vector<std::string_view> missing_standard_columns() const;

  // An indicator cell: a number, or missing with its symbol — c, x, z, low ('l'), u; the older
  // forms `:` and `..` and an empty cell read as x, `~` as low. Anything else throws InputError
  // (file, line, column, "\"12a\" is neither a number nor an EES symbol (c, x, z, low, u)").
  EesCell value(std::size_t row, std::string_view column_name) const;
  // The same by column index (see column()), for loops over many rows.
  EesCell value(std::size_t row, std::size_t col) const;
  // value() whose number, when there is one, must lie in `range` (data/plausible.h): InputError
  // (file, line, column, "\"-3\" is negative: a count for one LA cannot be") if not. Symbols read as
  // above.
  EesCell value(std::size_t row, std::string_view column_name, const ValueRange& range) const;
  EesCell value(std::size_t row, std::size_t col, const ValueRange& range) const;

  // The rows, in file order, at `level` for `period` whose filter columns hold the given values,
  // e.g. {{"breakdown", "All EHC plans"}}. A filter column that is not there throws InputError.
  std::vector<std::size_t> rows_where(GeographicLevel level, int period,
                                      const std::vector<EesFilter>& filters = {}) const;
  // The Local authority row for DfE code `old_la_code` ("886") in `period` that passes `filters`;
  // nullopt if there is none. Throws InputError if the file has no old_la_code column, and if more
  // than one row matches (the filters do not pin one row down; the error names both lines).
  std::optional<std::size_t> la_row(std::string_view old_la_code, int period,
                                    const std::vector<EesFilter>& filters = {}) const;
  // The distinct time periods in the file, ascending.
  std::vector<int> periods() const;

 private:
  static constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);
  std::string_view optional_cell(std::size_t row, std::size_t col) const {
    return col == kNoColumn ? std::string_view() : table_.cell(row, col);
  }
  // True when `row` is at `level` and `period` and passes the resolved filters.
  bool matches(std::size_t row, GeographicLevel level, int period,
               const std::vector<std::pair<std::size_t, std::string_view>>& filters) const;
  std::vector<std::pair<std::size_t, std::string_view>> resolve(const std::vector<EesFilter>& filters) const;

  CsvTable table_;
  std::size_t time_period_;
  std::size_t time_identifier_;
  std::size_t geographic_level_;
  std::size_t country_code_ = kNoColumn;
  std::size_t region_code_ = kNoColumn;
  std::size_t region_name_ = kNoColumn;
  std::size_t old_la_code_ = kNoColumn;
  std::size_t new_la_code_ = kNoColumn;
  std::size_t la_name_ = kNoColumn;
  std::vector<int> periods_;             // time_period of each row, parsed once
  std::vector<GeographicLevel> levels_;  // geographic_level of each row, parsed once
};

}  // namespace sendtwin::data
