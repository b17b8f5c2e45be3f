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
  ungroup_ages(p.stock);
  // The school census's pupils with a plan move with SEN2's plans.
  if (plans_before > 0)
    pop.pupils_with_plan *= std::accumulate(p.stock.by_age_band.begin(), p.stock.by_age_band.end(), 0.0) / plans_before;
  return p;
}

void ungroup_ages(PlanStockParams& stock) {
  const auto& b = stock.by_age_band;  // under 5, 5-10, 11-15, 16-19, 20-25
  const double per_age_11_15 = b[2] / 5.0, per_age_16_19 = b[3] / 4.0, per_age_20_25 = b[4] / 6.0;
  const double at_16 = std::sqrt(per_age_11_15 * per_age_16_19), at_20 = std::sqrt(per_age_16_19 * per_age_20_25);
  auto normalise = [](auto& weights) {
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    if (total <= 0) weights.fill(1.0 / static_cast<double>(weights.size()));
    else for (double& w : weights) w /= total;
  };
  // 16-19: the density at each age's middle on the line between the band's two edges.
  for (int k = 0; k < 4; ++k) stock.age_16_19_weights[k] = at_16 + (at_20 - at_16) * (k + 0.5) / 4.0;
  normalise(stock.age_16_19_weights);
  // 20-25: from its left edge on a line whose slope gives the band its own total (the plans run
  // out before 26 when the edge is high: the density is cut at 0), found by bisection; the sum
  // of the cut line rises with the slope.
  auto at_ages = [&](double slope) {
    std::array<double, 6> w{};
    for (int k = 0; k < 6; ++k) w[k] = std::max(0.0, at_20 + slope * (k + 0.5));
    return w;
  };
  auto sum = [](const std::array<double, 6>& w) { return std::accumulate(w.begin(), w.end(), 0.0); };
  double lo = -2.0 * at_20, hi = std::max(0.0, (b[4] - 6.0 * at_20) / 18.0);
  for (int i = 0; i < 60 && hi > lo; ++i) {
    const double mid = 0.5 * (lo + hi);
    (sum(at_ages(mid)) < b[4] ? lo : hi) = mid;
  }
  stock.age_20_25_weights = at_ages(hi);
  normalise(stock.age_20_25_weights);
  stock.ages_from_bands = true;
}

namespace {

// Multiplies the shares at `which` by `factor` and scales the others so that the list adds up to
// what it did (the scaled ones no lower than 0: a factor that would take the list past its sum leaves
// the others at 0 and the list renormalised).
template <std::size_t N>
void tilt(std::array<double, N>& shares, std::initializer_list<std::size_t> which, double factor) {
  if (factor == 1.0) return;
  const double total = std::accumulate(shares.begin(), shares.end(), 0.0);
  double chosen = 0;
  for (std::size_t k : which) chosen += shares[k];
  const double rest = total - chosen;
  if (total <= 0 || chosen <= 0) return;
  const double chosen_after = std::min(chosen * factor, total);
  const double rest_factor = rest > 0 ? (total - chosen_after) / rest : 0.0;
  for (std::size_t k = 0; k < N; ++k) {
    const bool is_chosen = std::find(which.begin(), which.end(), k) != which.end();
    shares[k] *= is_chosen ? chosen_after / chosen : rest_factor;
  }
}

// The placement lists' order (PlacementParams): mainstream, unit, special, independent special, AP,
// independent mainstream, further education, early years, other.
constexpr std::size_t kMainstream = 0, kUnit = 1, kSpecial = 2, kIndependentSpecial = 3, kIndependentMainstream = 5,
                      kFurtherEducation = 6;

void tilt_placements(PlacementParams& pl, const AreaStart& area) {
  for (auto* shares : {&pl.school, &pl.post16, &pl.school_entry}) {
    tilt(*shares, {kMainstream, kUnit, kIndependentMainstream}, area.mainstream_relative);
    tilt(*shares, {kSpecial, kIndependentSpecial}, area.special_relative);
  }
  tilt(pl.post16, {kFurtherEducation}, area.fe_relative);
  // Leaving school: {stay, further education, other, plan ceases}.
  for (auto* shares : {&pl.after_year_11, &pl.after_year_13, &pl.after_special}) tilt(*shares, {1}, area.fe_relative);
  if (area.special_relative != 1.0) {
    pl.mainstream_to_special = std::min(1.0, pl.mainstream_to_special * area.special_relative);
    pl.phase_transfer_to_special = std::min(1.0, pl.phase_transfer_to_special * area.special_relative);
  }
}

}  // namespace

SendParams area_params(const SendParams& england, const AreaStart& area) {
  SendParams p = england;
  const double share = area.pupils / england.population.pupils;
  p.population.pupils = area.pupils;
  p.population.sen_support = area.sen_support;
  p.population.pupils_with_plan = england.population.pupils_with_plan * share;
  for (double& n : p.population.intake) n *= share;
  p.stock.by_age_band = area.plans_by_age_band;
  p.stock.by_setting = area.plans_by_setting;
  if (england.stock.ages_from_bands) ungroup_ages(p.stock);  // the LA's own bands
  p.requests.rate.base *= area.request_relative;
  p.requests.early_years_rate.base *= area.request_relative;
  p.requests.refused = std::min(1.0, england.requests.refused * area.refused_relative);
  p.assessment.within_20_weeks = std::min(1.0, england.assessment.within_20_weeks * area.timely_relative);
  p.assessment.issued = std::min(1.0, england.assessment.issued * area.issued_relative);
  for (double& c : p.cease.at_review) c = std::clamp(c * area.cease_relative + area.cease_added, 0.0, 1.0);
  if (!std::isnan(area.place_growth)) p.capacity.growth = area.place_growth;
  if (!std::isnan(area.independent_place_growth)) p.capacity.independent_growth = area.independent_place_growth;
  if (!std::isnan(area.special_places)) p.capacity.initial_places = area.special_places;
  tilt_placements(p.placement, area);
  if (std::accumulate(area.need_shares.begin(), area.need_shares.end(), 0.0) > 0) p.stock.need_shares = area.need_shares;
  p.stock.by_band_and_setting = area.plans_by_band_and_setting;
  p.stock.need_shares_by_setting = area.needs_by_setting;
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
