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
  for (double& c : p.cease.at_review) c = std::min(1.0, c * area.cease_relative);
  if (std::accumulate(area.need_shares.begin(), area.need_shares.end(), 0.0) > 0) p.stock.need_shares = area.need_shares;
  // Places a scenario adds: the LA's own figure if it names the LA, else its share of England's
  // by its state special plans in January 2015.
  const auto own = england.added_places_by_la.find(area.code);
  if (own != england.added_places_by_la.end()) {
    p.capacity.added = own->second;
  } else if (!england.capacity.added.values.empty()) {
    const double state_special = england.stock.by_setting[static_cast<std::size_t>(Setting::StateSpecial)];
    const double place_share = state_special > 0 ? area.plans_by_setting[static_cast<std::size_t>(Setting::StateSpecial)] / state_special : share;
    for (double& v : p.capacity.added.values) v *= place_share;
  }
  p.added_places_by_la.clear();
  return p;
}

}  // namespace sendtwin::model
