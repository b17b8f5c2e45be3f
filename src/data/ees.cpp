#include "data/ees.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>
#include <utility>

#include "core/error.h"

namespace sendtwin::data {

namespace {

// EES symbols for a value that is not published, with the code EesCell keeps (DfE analysts' guide,
// "Data symbols", after the GSS guidance on symbols): `:` is the obsolete form of x and `~` of low;
// `..` is an older "not available" that CsvTable::ees_number also accepts. An empty cell is taken
// as not available.
struct Symbol {
  std::string_view text;
  char code;
};
constexpr Symbol kSymbols[] = {
    {"c", 'c'}, {"x", 'x'},  {"z", 'z'}, {"low", 'l'}, {"u", 'u'},
    {":", 'x'}, {"..", 'x'}, {"~", 'l'}, {"", 'x'},
};

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

GeographicLevel parse_geographic_level(std::string_view text) {
  const std::string_view t = trim_blanks(text);
  if (equals_ignoring_case(t, "National")) return GeographicLevel::National;
  if (equals_ignoring_case(t, "Regional")) return GeographicLevel::Regional;
  if (equals_ignoring_case(t, "Local authority")) return GeographicLevel::LocalAuthority;
  return GeographicLevel::Other;
}

std::string_view geographic_level_name(GeographicLevel level) {
  switch (level) {
    case GeographicLevel::National:
      return "National";
    case GeographicLevel::Regional:
      return "Regional";
    case GeographicLevel::LocalAuthority:
      return "Local authority";
    case GeographicLevel::Other:
      break;
  }
  return "Other";
}

std::string_view missing_reason(char missing) {
  switch (missing) {
    case 'c':
      return "confidential (suppressed)";
    case 'x':
      return "unavailable";
    case 'z':
      return "not applicable";
    case 'l':
      return "low (rounds to 0, but is not 0)";
    case 'u':
      return "low reliability";
    default:
      return "";
  }
}

EesFile::EesFile(CsvTable table)
    : table_(std::move(table)),
      time_period_(table_.require_column("time_period")),
      time_identifier_(table_.require_column("time_identifier")),
      geographic_level_(table_.require_column("geographic_level")) {
  const auto optional_column = [&](std::string_view name) { return table_.column(name).value_or(kNoColumn); };
  country_code_ = optional_column("country_code");
  region_code_ = optional_column("region_code");
  region_name_ = optional_column("region_name");
  old_la_code_ = optional_column("old_la_code");
  new_la_code_ = optional_column("new_la_code");
  la_name_ = optional_column("la_name");

  const std::string& period_name = table_.header()[time_period_];
  periods_.reserve(table_.rows());
  levels_.reserve(table_.rows());
  for (std::size_t r = 0; r < table_.rows(); ++r) {
    const std::string_view raw = table_.cell(r, time_period_);
    const std::string_view text = trim_blanks(raw);
    if ((text.size() != 4 && text.size() != 6) || !all_digits(text)) {
      throw InputError(
          source(), table_.line(r), period_name,
          quote_for_message(raw) + " is not a time period of 4 digits (e.g. 2015) or 6 digits (e.g. 201819)");
    }
    int period = 0;
    std::from_chars(text.data(), text.data() + text.size(), period);  // 6 digits always fit
    if (text.size() == 6 && (period / 100 + 1) % 100 != period % 100) {
      throw InputError(source(), table_.line(r), period_name,
                       quote_for_message(raw) + " does not name two consecutive years (e.g. 201819)");
    }
    periods_.push_back(period);
    levels_.push_back(parse_geographic_level(table_.cell(r, geographic_level_)));
  }
}

EesFile::EesFile(const std::string& path) : EesFile(read_csv_file(path)) {}

std::string_view EesFile::time_identifier(std::size_t row) const {
  return table_.cell(row, time_identifier_);
}

std::string_view EesFile::level_name(std::size_t row) const {
  return table_.cell(row, geographic_level_);
}

std::vector<std::string_view> EesFile::missing_standard_columns() const {
  const auto has_level = [&](GeographicLevel level) {
    return std::find(levels_.begin(), levels_.end(), level) != levels_.end();
  };
  const bool regional = has_level(GeographicLevel::Regional);
  const bool local = has_level(GeographicLevel::LocalAuthority);
  // DfE analysts' guide, "Allowable geographic levels": country columns on every row, region
  // columns for Regional rows, LA columns for Local authority rows.
  const std::pair<std::string_view, bool> standard[] = {
      {"country_code", true}, {"country_name", true}, {"region_code", regional}, {"region_name", regional},
      {"old_la_code", local}, {"new_la_code", local}, {"la_name", local},
  };
  std::vector<std::string_view> missing;
  for (const auto& [name, needed] : standard) {
    if (needed && !has_column(name)) missing.push_back(name);
  }
  return missing;
}

EesCell EesFile::value(std::size_t row, std::string_view column_name) const {
  return value(row, column(column_name));
}

EesCell EesFile::value(std::size_t row, std::size_t col) const {
  const std::string_view raw = table_.cell(row, col);
  std::string_view text = trim_blanks(raw);
  for (const Symbol& symbol : kSymbols) {
    if (text == symbol.text) return EesCell{std::nullopt, symbol.code};
  }
  double number = 0;
  switch (parse_number(raw, number)) {
    case NumberStatus::kOk:
      break;
    case NumberStatus::kOutOfRange:
      throw InputError(source(), table_.line(row), table_.header()[col], quote_for_message(raw) + " is out of range");
    case NumberStatus::kNotANumber:
      throw InputError(source(), table_.line(row), table_.header()[col],
                       quote_for_message(raw) + " is neither a number nor an EES symbol (c, x, z, low, u)");
  }
  return EesCell{number, 0};
}

EesCell EesFile::value(std::size_t row, std::string_view column_name, const ValueRange& range) const {
  return value(row, column(column_name), range);
}

EesCell EesFile::value(std::size_t row, std::size_t col, const ValueRange& range) const {
  const EesCell cell = value(row, col);
  if (cell.value) table_.check_range(row, col, *cell.value, range);
  return cell;
}

std::vector<std::pair<std::size_t, std::string_view>> EesFile::resolve(
    const std::vector<EesFilter>& filters) const {
  std::vector<std::pair<std::size_t, std::string_view>> resolved;
  resolved.reserve(filters.size());
  for (const EesFilter& filter : filters) resolved.emplace_back(column(filter.column), filter.value);
  return resolved;
}

bool EesFile::matches(std::size_t row, GeographicLevel level, int period,
                      const std::vector<std::pair<std::size_t, std::string_view>>& filters) const {
  if (periods_[row] != period || levels_[row] != level) return false;
  for (const auto& [col, value] : filters) {
    if (table_.cell(row, col) != value) return false;
  }
  return true;
}

std::vector<std::size_t> EesFile::rows_where(GeographicLevel level, int period,
                                             const std::vector<EesFilter>& filters) const {
  const auto resolved = resolve(filters);
  std::vector<std::size_t> found;
  for (std::size_t r = 0; r < rows(); ++r) {
    if (matches(r, level, period, resolved)) found.push_back(r);
  }
  return found;
}

std::optional<std::size_t> EesFile::la_row(std::string_view old_la_code, int period,
                                           const std::vector<EesFilter>& filters) const {
  const std::size_t code_column = column("old_la_code");
  const auto resolved = resolve(filters);
  std::optional<std::size_t> found;
  for (std::size_t r = 0; r < rows(); ++r) {
    if (table_.cell(r, code_column) != old_la_code) continue;
    if (!matches(r, GeographicLevel::LocalAuthority, period, resolved)) continue;
    if (found) {
      throw InputError(source(), table_.line(r), "old_la_code",
                       quote_for_message(old_la_code) + " has more than one Local authority row for " +
                           std::to_string(period) + " (lines " + std::to_string(table_.line(*found)) +
                           " and " + std::to_string(table_.line(r)) +
                           "); filter on more columns to pick one");
    }
    found = r;
  }
  return found;
}

std::vector<int> EesFile::periods() const {
  std::vector<int> distinct = periods_;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  return distinct;
}

}  // namespace sendtwin::data
