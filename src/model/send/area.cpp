#include "model/send/area.h"

#include <algorithm>
#include <numeric>

namespace sendtwin::model {

double AreaStart::plans() const {
  return std::accumulate(plans_by_age_band.begin(), plans_by_age_band.end(), 0.0);
}

AreaStart england_area(const SendParams& england) {
  AreaStart a;
  a.code = "E92000001";
  a.name = "England";
  a.pupils = england.population.pupils_jan_2015;
  a.sen_support = england.population.sen_support_jan_2015;
  a.plans_by_age_band = england.stock.by_age_band;
  a.plans_by_setting = england.stock.by_setting;
  return a;
}

SendParams area_params(const SendParams& england, const AreaStart& area) {
  SendParams p = england;
  const double share = area.pupils / england.population.pupils_jan_2015;
  p.population.pupils_jan_2015 = area.pupils;
  p.population.sen_support_jan_2015 = area.sen_support;
  p.population.pupils_with_plan_jan_2015 = england.population.pupils_with_plan_jan_2015 * share;
  for (double& n : p.population.intake) n *= share;
  p.stock.by_age_band = area.plans_by_age_band;
  p.stock.by_setting = area.plans_by_setting;
  p.requests.rate.base *= area.request_relative;
  p.requests.early_years_rate.base *= area.request_relative;
  p.requests.refused = std::min(1.0, england.requests.refused * area.refused_relative);
  p.assessment.within_20_weeks = std::min(1.0, england.assessment.within_20_weeks * area.timely_relative);
  p.assessment.issued = std::min(1.0, england.assessment.issued * area.issued_relative);
  return p;
}

}  // namespace sendtwin::model
