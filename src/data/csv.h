// Reading and writing CSV (RFC 4180) as published by explore-education-statistics (EES).
//
// The reader keeps every cell of a file in one character buffer addressed by offsets, so a
// 70,000-row DfE file costs no allocation per cell. Every row remembers the line it starts on, and
// every typed reader reports a bad value as `file:line: column: message` (InputError, STYLE.md §8).
//
// Dialect read:
//   - comma separator; a field that starts with `"` is quoted and may hold commas, line breaks and
//     `""` (one quote); any other character after a closing quote is an error. A `"` inside an
//     unquoted field is kept as an ordinary character.
//   - lines end with LF, CRLF or a lone CR; the last line ending is optional; a UTF-8 byte order
//     mark at the very start is skipped.
//   - the first non-empty line is the header; its names are trimmed of spaces and tabs and must be
//     distinct. Empty lines before the header and at the end of the file are ignored. An empty line
//     between rows is a row of one empty field, so it is an error unless the header has one column.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sendtwin::data {

// The values a numeric column may plausibly hold, checked as each cell is read so that a value no
// real file could hold (a negative count, 1e308 pupils, a proportion of 7) is refused at its line
// before any work is done. `what` names the quantity for the message ("pupils of one LA"). The
// ranges the readers use are in data/plausible.h.
struct ValueRange {
  double min;
  double max;
  std::string_view what;
};

// How a cell's text reads as a number: a finite decimal number with spaces around it allowed and
// one optional leading '+'; kOutOfRange for a number beyond double's range (1e400); kNotANumber
// for anything else, nan and inf included. The one parse every reader of CSV numbers shares.
enum class NumberStatus { kOk, kNotANumber, kOutOfRange };
NumberStatus parse_number(std::string_view text, double& value);

// The message for a `value` read from `text` that lies outside `range` ("\"-3\" is negative: pupils
// of one LA cannot be"), or "" when it lies inside. NaN is never inside.
std::string range_problem(std::string_view text, double value, const ValueRange& range);

class CsvTable {
 public:
  // Parses CSV text; `source_name` is the file name used in error messages. Throws InputError on a
  // row whose field count differs from the header's, a quote that is never closed, text after a
  // closing quote, a repeated header name, or input over 2 GiB.
  static CsvTable parse(std::string_view text, std::string source_name);

  const std::string& source() const { return source_; }
  const std::vector<std::string>& header() const { return header_; }
  std::size_t rows() const { return lines_.size(); }
  // The 1-based line of the file on which `row` (0-based, header excluded) starts.
  int line(std::size_t row) const;

  std::optional<std::size_t> column(std::string_view name) const;
  // Like column() but throws InputError(source, header line, name, "missing column").
  std::size_t require_column(std::string_view name) const;

  // The raw text of a cell, unquoted. Throws std::out_of_range for a cell that is not there.
  std::string_view cell(std::size_t row, std::size_t col) const;

  // A finite decimal number; spaces around it are allowed, nothing else is.
  double number(std::size_t row, std::size_t col) const;
  // An EES cell: the symbols c, x, z, low, u, :, .. and an empty cell are absent (nullopt);
  // anything else must be a number().
  std::optional<double> ees_number(std::size_t row, std::size_t col) const;
  // A number() with no fractional part that fits in an int.
  int integer(std::size_t row, std::size_t col) const;
  // number() and integer() that must also lie in `range` (InputError at the cell if not).
  double number(std::size_t row, std::size_t col, const ValueRange& range) const;
  int integer(std::size_t row, std::size_t col, const ValueRange& range) const;
  // Throws InputError at the cell if `value` (read from it) lies outside `range`.
  void check_range(std::size_t row, std::size_t col, double value, const ValueRange& range) const;
  // Throws InputError(source, line of `row`, `field`, message): for checks across a row's cells.
  [[noreturn]] void fail_at(std::size_t row, std::string_view field, const std::string& message) const;

 private:
  CsvTable() = default;
  [[noreturn]] void fail(std::size_t row, std::size_t col, const std::string& message) const;

  std::string source_;
  std::vector<std::string> header_;
  int header_line_ = 1;
  std::string buffer_;                  // every data cell, unquoted, back to back
  std::vector<std::uint32_t> offsets_;  // cell k is buffer_[offsets_[k], offsets_[k + 1])
  std::vector<int> lines_;              // the starting line of each row
};

// Reads and parses a file; throws InputError(path, 0, "", "cannot open file") if it cannot be read.
CsvTable read_csv_file(const std::string& path);

// For the readers' error messages: a cell without surrounding blanks, and a value in quotes
// (shortened past 40 characters).
std::string_view trim_blanks(std::string_view s);
std::string quote_for_message(std::string_view value);

// Builds CSV text. A field is quoted only when it holds a comma, quote, CR or LF (and, so that what
// is written reads back the same, when it is the lone empty field of a row or starts the text with
// a byte order mark). Rows end with LF.
class CsvWriter {
 public:
  void row(std::initializer_list<std::string_view> fields);
  void row(const std::vector<std::string>& fields);
  const std::string& text() const { return text_; }

 private:
  void field(std::string_view value, bool lone);
  std::string text_;
};

}  // namespace sendtwin::data
