// The SEND model's outputs, declared once (STYLE.md §3). The terminal scorecard, the tidy CSV and
// the comparison with published figures all read this registry; nothing else prints a number.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "model/send/tally.h"

namespace sendtwin::model {

enum class MeasurePeriod {
  CensusJanuary,  // a stock on the January census / SEN2 snapshot; period "2015-01"
  CalendarYear,   // a flow over January-December; period "2015"
};

enum class MeasureUnit { Count, Percent };

struct MeasureDef {
  std::string_view id;           // tidy CSV `measure`, and the key of data/published/national.csv
  std::string_view label;        // scorecard heading
  std::string_view description;  // what it counts, and its published counterpart
  MeasureUnit unit;
  MeasurePeriod period;
  // The value for one year of one run, before scaling (counts are multiplied by 1/scale by the
  // reader); nullopt when the run does not cover it (a flow of a partial year, an empty ratio).
  std::optional<double> (*compute)(const YearTally&);
  int scorecard_table;           // 1: census stocks, 2: flows; 0: CSV only
};

const std::vector<MeasureDef>& send_measures();
const MeasureDef* find_measure(std::string_view id);
// The index of measure `id` in send_measures(), or send_measures().size() if there is none.
std::size_t measure_index(std::string_view id);
std::string_view to_string(MeasureUnit unit);

}  // namespace sendtwin::model
