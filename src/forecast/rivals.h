// The simple forecasts a model of an LA's EHC plans must beat out of sample (DESIGN.md §4; issue
// 17), and how forecasts are scored against what was later published. A rival forecasts the
// January figure of year origin + h from the figures published for January origin and before, and
// nothing later:
//   naive         the origin's figure;
//   drift         the origin's figure times its last annual growth, compounded over h years;
//   linear trend  the least-squares line through the four Januaries origin-3 .. origin, extended.
// Scores over LAs: the median absolute % error, the shares within 5% and 10%, and England's % error
// (the LAs' forecasts added up against their published figures added up).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sendtwin::forecast {

// One series of January figures: year -> value.
using Series = std::map<int, double>;

enum class Rival { Naive, Drift, LinearTrend };
inline constexpr Rival kRivals[] = {Rival::Naive, Rival::Drift, Rival::LinearTrend};
std::string_view name(Rival rival);

// The rival's forecast of January origin + horizon (horizon >= 1) from `published`'s figures for
// January `origin` and earlier; nullopt where the series lacks a year the rival needs (an LA formed
// after them) or a growth it cannot take (a previous figure of 0). Figures after the origin are
// never read.
std::optional<double> rival_forecast(Rival rival, const Series& published, int origin, int horizon);

// The scores of one forecaster at one origin and horizon over the LAs that have both a forecast
// and the published figure.
struct Scores {
  int las = 0;
  double median_abs_pct = 0;  // median over LAs of |forecast - published| / published, %
  double within_5 = 0, within_10 = 0;  // shares of LAs (0-1) whose error is within 5% and 10%
  double england_pct = 0;     // (sum of forecasts - sum of published) / sum of published, %
};
// `pairs` holds (forecast, published) for each LA; LAs with a published 0 are left out (no % error).
Scores score(const std::vector<std::pair<double, double>>& pairs);

// Every rival at every origin in [first_origin, last_origin] and horizon 1..max_horizon for which a
// published figure exists, over the LAs of `las` (code -> series).
struct Row {
  int origin = 0, horizon = 0;
  Rival rival = Rival::Naive;
  Scores scores;
};
std::vector<Row> rival_backtest(const std::map<std::string, Series>& las, int first_origin, int last_origin, int max_horizon);

}  // namespace sendtwin::forecast
