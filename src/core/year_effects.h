// Calendar-year factors on a parameter, shared by the model (src/model/send/params.h) and the
// money (src/finance): fitted by `sendtwin calibrate` to the published years ([year_effects] in
// send.toml), and the way a scenario's lever changes a parameter from its start year on.
#pragma once
#include <algorithm>
#include <utility>
#include <vector>

namespace sendtwin {

// Calendar-year effects: factors that multiply a parameter in the years the published series
// cover, fitted by `sendtwin calibrate` ([year_effects] in send.toml), for what the model has no
// mechanism for (the pandemic's dip in requests in 2020, the fall in timeliness after 2021).
// values[k] holds in calendar year from + k; the first holds before and the last after. Empty: 1.
struct YearEffects {
  int from = 0;
  std::vector<double> values;
  double at(int year) const {
    if (values.empty()) return 1.0;
    const int k = year - from;
    return values[static_cast<std::size_t>(k < 0 ? 0 : k >= static_cast<int>(values.size()) ? static_cast<int>(values.size()) - 1 : k)];
  }
  // A series of amounts rather than factors (places added a year, a growth rate): none when empty.
  double amount_at(int year, double none) const { return values.empty() ? none : at(year); }
};

// The first year any run starts from: effects are written out from here.
inline constexpr int kFirstEffectYear = 2015;

// Multiplies `e` in each year from `first` to `last` by factor(year); the years before keep their
// value and the last holds after.
template <class Factor>
void multiply_years(YearEffects& e, int first, int last, Factor&& factor) {
  const int from = std::min(first, e.values.empty() ? kFirstEffectYear : std::min(e.from, kFirstEffectYear));
  std::vector<double> v;
  for (int y = from; y <= std::max(last, first); ++y) v.push_back(e.at(y) * (y >= first ? factor(y) : 1.0));
  e.from = from;
  e.values = std::move(v);
}

// Sets an amount series to amount(year) from `first` to `last` (held after), `before` until then.
template <class Amount>
void set_amounts(YearEffects& e, int first, int last, double before, Amount&& amount) {
  const int from = std::min(first, kFirstEffectYear);
  std::vector<double> v;
  for (int y = from; y <= std::max(last, first); ++y) v.push_back(y >= first ? amount(y) : e.amount_at(y, before));
  e.from = from;
  e.values = std::move(v);
}

}  // namespace sendtwin
