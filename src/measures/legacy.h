// Transitional (issue 16): the names src/cli/main.cpp used for the pupil registry when it lived in
// src/model/send/measures.h. Remove this file once src/cli reads measures:: directly (goal-seek's
// parse_target: measures::find(id), its ->shown.figure and ->period).
#pragma once
#include <span>
#include <string_view>

#include "measures/registry.h"

namespace sendtwin::model {

using MeasureDef = measures::Measure;
using MeasurePeriod = measures::Period;
// A pupil measure (from a tally), as model::find_measure found them; null for money and unknown ids.
inline const MeasureDef* find_measure(std::string_view id) {
  const MeasureDef* m = measures::find(id);
  return m && m->from_tally ? m : nullptr;
}
inline std::span<const MeasureDef> send_measures() { return measures::pupils(); }

}  // namespace sendtwin::model
