// Published figures the model is compared with (data/published/national.csv, built from
// ../shared/facts and DfE's files by data/derive/derive.py): one figure a row, with its source.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sendtwin::data {

struct PublishedFigure {
  double value = 0;
  std::string unit;
  std::string source;
};

class PublishedSeries {
 public:
  // Columns: measure, geography, period (a year, 1990..2100), value, unit, source. Throws InputError
  // `file:line: column: message` for a period or value out of its range: a count for England is
  // 0..20,000,000 and a percent 0..100 (data/plausible.h).
  static PublishedSeries parse(std::string_view csv_text, const std::string& source_name);
  static PublishedSeries embedded();

  const PublishedFigure* find(std::string_view measure, int year) const;
  std::size_t size() const { return figures_.size(); }
  int last_year() const;  // the latest year any figure is for (0: none)

 private:
  std::map<std::pair<std::string, int>, PublishedFigure, std::less<>> figures_;
};

}  // namespace sendtwin::data
