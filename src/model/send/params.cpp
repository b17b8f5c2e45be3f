// The functions of the parameter types (params.h), apart from the model so that the parameter
// readers build without it (the fuzz targets of `make fuzz`).
#include <algorithm>
#include <cmath>
#include <iterator>

#include "model/send/params.h"

namespace sendtwin::model {

std::vector<YearEffectSlot> year_effect_slots(SendParams& p) {
  return {{"sen_support_identification", {&p.sen_support.identification.effect}},
          {"requests_rate", {&p.requests.rate.effect, &p.requests.early_years_rate.effect}},
          {"requests_refused", {&p.requests.refused_effect}},
          {"assessment_issued", {&p.assessment.issued_effect}},
          {"assessment_within_20_weeks", {&p.assessment.within_20_weeks_effect}},
          {"cease_at_review", {&p.cease.effect}}};
}

double Trend::at(int year) const {
  const int y = std::clamp(year, first_year, last_year);
  return base * std::pow(1.0 + growth, y - base_year) * effect.at(year);
}

bool in_specialist_package(int need) {
  // NeedType order (core/types.h): SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, OTH, NSA, DS.
  static constexpr bool kPackaged[] = {false, false, true, true, true, true, true, true, true, true, true, false, false, true};
  return need >= 0 && need < static_cast<int>(std::size(kPackaged)) && kPackaged[need];
}

double PopulationParams::intake_in(int year) const {
  if (intake.empty()) return 0;
  for (std::size_t k = 0; k < intake_years.size(); ++k)
    if (intake_years[k] == year) return intake[k] * intake_effect.at(year);
  return (year < intake_years.front() ? intake.front() : intake.back()) * intake_effect.at(year);
}

}  // namespace sendtwin::model
