#include "data/csv.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <unordered_set>

#include "core/error.h"
#include "io/input_file.h"

namespace sendtwin::data {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
// Offsets are 32-bit and lines are ints; no input this size could overflow either.
constexpr std::size_t kMaxInputBytes = INT_MAX - 1;
// Bad values longer than this are shortened in error messages.
constexpr std::size_t kMaxQuotedValue = 40;
// EES symbols for a value that is not published (EES "Symbols" guidance): c confidential,
// x not available, z not applicable, low rounds to zero, u low reliability; `:` and `..` are
// older forms of "not available".
constexpr std::string_view kEesAbsentSymbols[] = {"c", "x", "z", "low", "u", ":", ".."};

std::string ragged_message(std::size_t expected, std::size_t found) {
  return "expected " + std::to_string(expected) + " fields, found " + std::to_string(found);
}

// An upper bound on the rows left in [p, end): one per line ending, plus a last line without one.
std::size_t count_lines(const char* p, const char* end) {
  std::size_t lines = 1;
  while (p < end) {
    const void* hit = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (hit == nullptr) break;
    ++lines;
    p = static_cast<const char*>(hit) + 1;
  }
  return lines;
}

// A bound for a message: 1000000, 0.5, -100; whole numbers in full up to 1e15.
std::string bound_text(double x) {
  char buffer[64];
  if (x == std::trunc(x) && std::abs(x) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", x);
    return buffer;
  }
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

// Copies the quoted field whose opening quote is at `p` to `out`, `""` as one quote, and moves `p`
// past its closing quote, counting the line endings inside it in `line`. Throws InputError at the
// opening quote's line if the field is never closed.
void unquote(const char*& p, const char* end, char*& out, int& line, const std::string& source) {
  const int quote_line = line;
  ++p;
  for (;;) {
    const char* q = p;
    while (q < end && *q != '"') {
      if (*q == '\n' || (*q == '\r' && (q + 1 == end || q[1] != '\n'))) ++line;
      ++q;
    }
    if (q == end) {
      throw InputError(source, quote_line, "", "quoted field is never closed");
    }
    std::memcpy(out, p, static_cast<std::size_t>(q - p));
    out += q - p;
    p = q + 1;
    if (p < end && *p == '"') {
      *out++ = '"';
      ++p;
      continue;
    }
    break;
  }
}

}  // namespace

NumberStatus parse_number(std::string_view text, double& value) {
  std::string_view s = trim_blanks(text);
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) return NumberStatus::kNotANumber;
  }
  if (s.empty()) return NumberStatus::kNotANumber;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, value, std::chars_format::general);
  if (ec == std::errc::result_out_of_range && ptr == end) return NumberStatus::kOutOfRange;
  if (ec != std::errc{} || ptr != end || !std::isfinite(value)) return NumberStatus::kNotANumber;
  return NumberStatus::kOk;
}

std::string range_problem(std::string_view text, double value, const ValueRange& range) {
  if (value >= range.min && value <= range.max) return "";
  const std::string quoted = quote_for_message(trim_blanks(text));
  if (value < 0 && range.min >= 0) return quoted + " is negative: " + std::string(range.what) + " cannot be";
  return quoted + " is outside " + bound_text(range.min) + " to " + bound_text(range.max) + ", the plausible range of " +
         std::string(range.what);
}

CsvTable CsvTable::parse(std::string_view text, std::string source_name) {
  CsvTable table;
  table.source_ = std::move(source_name);
  if (text.size() > kMaxInputBytes) {
    throw InputError(table.source_, 0, "", "file is larger than 2 GiB");
  }
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());

  std::string& buffer = table.buffer_;
  std::vector<std::uint32_t>& offsets = table.offsets_;
  // Unquoting only ever shortens text, so the cells fit in a buffer the size of the input; `out` is
  // where the next character of a cell goes.
  buffer.resize(text.size());
  char* const out_begin = buffer.data();
  char* out = out_begin;
  offsets.push_back(0);

  const char* p = text.data();
  const char* const end = p + text.size();
  int line = 1;
  bool have_header = false;
  std::size_t width = 0;
  int pending_empty_line = 0;           // first empty line since the last row, when width != 1
  std::size_t trailing_empty_rows = 0;  // empty-line rows since the last row, when width == 1

  // Consumes the line ending at p (LF, CRLF or CR).
  auto end_line = [&] {
    if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
    ++p;
    ++line;
  };
  auto cell_end = [&] { return static_cast<std::uint32_t>(out - out_begin); };

  while (p < end) {
    const int record_line = line;
    if (*p == '\n' || *p == '\r') {
      end_line();
      if (!have_header) continue;
      if (width == 1) {
        offsets.push_back(cell_end());
        table.lines_.push_back(record_line);
        ++trailing_empty_rows;
      } else if (pending_empty_line == 0) {
        pending_empty_line = record_line;
      }
      continue;
    }

    const std::size_t first_cell = offsets.size() - 1;
    std::size_t fields = 0;
    for (;;) {
      if (p < end && *p == '"') {
        unquote(p, end, out, line, table.source_);
        if (p < end && *p != ',' && *p != '\n' && *p != '\r') {
          throw InputError(
              table.source_, line, "",
              "unexpected " + quote_for_message(std::string_view(p, 1)) + " after a closing quote");
        }
      } else {
        const char* q = p;
        while (q < end && *q != ',' && *q != '\n' && *q != '\r') ++q;
        std::memcpy(out, p, static_cast<std::size_t>(q - p));
        out += q - p;
        p = q;
      }
      offsets.push_back(cell_end());
      ++fields;
      if (p == end) break;
      if (*p == ',') {
        ++p;
        continue;
      }
      end_line();
      break;
    }

    if (!have_header) {
      std::unordered_set<std::string_view> seen;
      for (std::size_t k = 0; k < fields; ++k) {
        const std::size_t c = first_cell + k;
        const std::string_view name =
            std::string_view(buffer).substr(offsets[c], offsets[c + 1] - offsets[c]);
        table.header_.emplace_back(trim_blanks(name));
      }
      for (const std::string& name : table.header_) {
        if (!seen.insert(name).second) {
          throw InputError(table.source_, record_line, name, "column name appears more than once");
        }
      }
      out = out_begin;
      offsets.resize(1);
      // Every cell but the last ends at a separator, which bounds the estimate on odd input.
      const std::size_t rest = static_cast<std::size_t>(end - p);
      offsets.reserve(2 + std::min(fields * count_lines(p, end), rest));
      table.header_line_ = record_line;
      width = fields;
      have_header = true;
      continue;
    }
    if (pending_empty_line != 0) {
      throw InputError(table.source_, pending_empty_line, "", ragged_message(width, 1));
    }
    if (fields != width) {
      throw InputError(table.source_, record_line, "", ragged_message(width, fields));
    }
    table.lines_.push_back(record_line);
    trailing_empty_rows = 0;
  }

  // Empty lines at the end of the file are not rows.
  offsets.resize(offsets.size() - trailing_empty_rows);
  table.lines_.resize(table.lines_.size() - trailing_empty_rows);
  // The separators and quotes dropped are usually a small share of the input; give the memory back
  // only when they were not.
  const std::size_t used = cell_end();
  buffer.resize(used);
  if (used < text.size() / 2) buffer.shrink_to_fit();
  return table;
}

int CsvTable::line(std::size_t row) const { return lines_.at(row); }

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t c = 0; c < header_.size(); ++c) {
    if (header_[c] == name) return c;
  }
  return std::nullopt;
}

std::size_t CsvTable::require_column(std::string_view name) const {
  if (auto c = column(name)) return *c;
  throw InputError(source_, header_line_, std::string(name), "missing column");
}

std::string_view CsvTable::cell(std::size_t row, std::size_t col) const {
  if (row >= lines_.size() || col >= header_.size()) {
    throw std::out_of_range(source_ + ": no cell at row " + std::to_string(row) + ", column " +
                            std::to_string(col));
  }
  const std::size_t k = row * header_.size() + col;
  return std::string_view(buffer_).substr(offsets_[k], offsets_[k + 1] - offsets_[k]);
}

void CsvTable::fail(std::size_t row, std::size_t col, const std::string& message) const {
  throw InputError(source_, lines_[row], header_[col], message);
}

double CsvTable::number(std::size_t row, std::size_t col) const {
  const std::string_view text = cell(row, col);
  double value = 0;
  switch (parse_number(text, value)) {
    case NumberStatus::kOk:
      return value;
    case NumberStatus::kOutOfRange:
      fail(row, col, quote_for_message(text) + " is out of range");
    case NumberStatus::kNotANumber:
      break;
  }
  if (trim_blanks(text).empty()) fail(row, col, "empty cell, expected a number");
  fail(row, col, quote_for_message(text) + " is not a number");
}

std::optional<double> CsvTable::ees_number(std::size_t row, std::size_t col) const {
  const std::string_view text = trim_blanks(cell(row, col));
  if (text.empty()) return std::nullopt;
  for (std::string_view symbol : kEesAbsentSymbols) {
    if (text == symbol) return std::nullopt;
  }
  return number(row, col);
}

void CsvTable::fail_at(std::size_t row, std::string_view field, const std::string& message) const {
  throw InputError(source_, lines_.at(row), std::string(field), message);
}

void CsvTable::check_range(std::size_t row, std::size_t col, double value, const ValueRange& range) const {
  const std::string problem = range_problem(cell(row, col), value, range);
  if (!problem.empty()) fail(row, col, problem);
}

double CsvTable::number(std::size_t row, std::size_t col, const ValueRange& range) const {
  const double value = number(row, col);
  check_range(row, col, value, range);
  return value;
}

int CsvTable::integer(std::size_t row, std::size_t col, const ValueRange& range) const {
  const int value = integer(row, col);
  check_range(row, col, value, range);
  return value;
}

int CsvTable::integer(std::size_t row, std::size_t col) const {
  const double value = number(row, col);
  if (value != std::trunc(value)) fail(row, col, quote_for_message(cell(row, col)) + " is not a whole number");
  if (value < INT_MIN || value > INT_MAX) {
    fail(row, col, quote_for_message(cell(row, col)) + " is out of range");
  }
  return static_cast<int>(value);
}

CsvTable read_csv_file(const std::string& path) { return CsvTable::parse(io::read_text_file(path), path); }

void CsvWriter::field(std::string_view value, bool lone) {
  const bool needs_quotes = value.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (lone && value.empty()) ||
                            (text_.empty() && value.starts_with(kUtf8Bom));
  if (!needs_quotes) {
    text_ += value;
    return;
  }
  text_ += '"';
  for (char c : value) {
    if (c == '"') text_ += '"';
    text_ += c;
  }
  text_ += '"';
}

void CsvWriter::row(std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view value : fields) {
    if (!first) text_ += ',';
    field(value, fields.size() == 1);
    first = false;
  }
  text_ += '\n';
}

void CsvWriter::row(const std::vector<std::string>& fields) {
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (k > 0) text_ += ',';
    field(fields[k], fields.size() == 1);
  }
  text_ += '\n';
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string quote_for_message(std::string_view value) {
  if (value.size() <= kMaxQuotedValue) return "\"" + std::string(value) + "\"";
  return "\"" + std::string(value.substr(0, kMaxQuotedValue)) + "...\"";
}

}  // namespace sendtwin::data
