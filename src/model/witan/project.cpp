#include "model/witan/project.h"

#include <algorithm>

namespace sendtwin::model::witan {

bool WitanTransitionFilter::removes(const WitanTransition& t) const {
  // The value of field `name` ("calendar", "academic", "setting", "need") on side 1 or 2.
  auto holds = [&](const Comparison& c, const std::string& name, int side) {
    if (c.is_name) {
      const std::string& v = name == "setting" ? (side == 1 ? t.setting_1 : t.setting_2) : (side == 1 ? t.need_1 : t.need_2);
      return v == c.name;
    }
    const std::int64_t v = name == "calendar" ? t.calendar_year + (side == 1 ? 0 : 1)
                                              : (side == 1 ? t.academic_year_1 : t.academic_year_2);
    switch (c.op) {
      case Op::Equal: return v == c.number;
      case Op::Less: return v < c.number;
      case Op::LessOrEqual: return v <= c.number;
      case Op::Greater: return v > c.number;
      case Op::GreaterOrEqual: return v >= c.number;
    }
    return false;
  };
  const auto dash = kind.find('-');
  const std::string a = kind.substr(0, dash), b = kind.substr(dash + 1);
  return (holds(first, a, 1) && holds(second, b, 1)) || (holds(first, a, 2) && holds(second, b, 2));
}

bool WitanTransitionChange::matches(const WitanTransition& t) const {
  for (const auto& [field, accepted] : conditions) {
    std::string value;
    if (field == "calendar-year") value = std::to_string(t.calendar_year);
    else if (field == "setting-1") value = t.setting_1;
    else if (field == "need-1") value = t.need_1;
    else if (field == "academic-year-1") value = std::to_string(t.academic_year_1);
    else if (field == "setting-2") value = t.setting_2;
    else if (field == "need-2") value = t.need_2;
    else value = std::to_string(t.academic_year_2);
    if (std::find(accepted.begin(), accepted.end(), value) == accepted.end()) return false;
  }
  return true;
}

}  // namespace sendtwin::model::witan
