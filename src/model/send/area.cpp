#include "model/send/area.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace sendtwin::model {

double AreaStart::plans() const {
  return std::accumulate(plans_by_age_band.begin(), plans_by_age_band.end(), 0.0);
}

AreaStart england_area(const SendParams& england) {
  AreaStart a;
  a.code = "E92000001";
  a.name = "England";
  a.year = england.population.census_year;
  a.pupils = england.population.pupils;
  a.sen_support = england.population.sen_support;
  a.plans_by_age_band = england.stock.by_age_band;
  a.plans_by_setting = england.stock.by_setting;
  return a;
}

SendParams england_at_start(const SendParams& england, const std::vector<AreaStart>& las) {
  if (las.empty() || las.front().year == england.population.census_year) return england;
  SendParams p = england;
  auto& pop = p.population;
  const double plans_before = std::accumulate(p.stock.by_age_band.begin(), p.stock.by_age_band.end(), 0.0);
  pop.census_year = las.front().year;
  pop.pupils = pop.sen_support = 0;
  p.stock.by_age_band.fill(0);
  p.stock.by_setting.fill(0);
  for (const auto& la : las) {
    if (la.year != pop.census_year) throw std::invalid_argument("england_at_start: the LAs hold different Januaries");
    pop.pupils += la.pupils;
    pop.sen_support += la.sen_support;
    for (int b = 0; b < kAgeBandCount; ++b) p.stock.by_age_band[b] += la.plans_by_age_band[b];
    for (int s = 0; s < kSettingCount; ++s) p.stock.by_setting[s] += la.plans_by_setting[s];
  }
  // The school census's pupils with a plan move with SEN2's plans.
  if (plans_before > 0)
    pop.pupils_with_plan *= std::accumulate(p.stock.by_age_band.begin(), p.stock.by_age_band.end(), 0.0) / plans_before;
  return p;
}

SendParams area_params(const SendParams& england, const AreaStart& area) {
  SendParams p = england;
  const double share = area.pupils / england.population.pupils;
  p.population.pupils = area.pupils;
  p.population.sen_support = area.sen_support;
  p.population.pupils_with_plan = england.population.pupils_with_plan * share;
  for (double& n : p.population.intake) n *= share;
  p.stock.by_age_band = area.plans_by_age_band;
  p.stock.by_setting = area.plans_by_setting;
  p.requests.rate.base *= area.request_relative;
  p.requests.early_years_rate.base *= area.request_relative;
  p.requests.refused = std::min(1.0, england.requests.refused * area.refused_relative);
  p.assessment.within_20_weeks = std::min(1.0, england.assessment.within_20_weeks * area.timely_relative);
  p.assessment.issued = std::min(1.0, england.assessment.issued * area.issued_relative);
  for (double& c : p.cease.at_review) c = std::min(1.0, c * area.cease_relative);
  if (!std::isnan(area.place_growth)) p.capacity.growth = area.place_growth;
  if (std::accumulate(area.need_shares.begin(), area.need_shares.end(), 0.0) > 0) p.stock.need_shares = area.need_shares;
  // Places a scenario adds: the LA's own figure if it names the LA, else its share of England's
  // by its state special plans at the start.
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
