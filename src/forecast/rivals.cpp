#include "forecast/rivals.h"

#include <algorithm>
#include <cmath>

#include "core/statistics.h"

namespace sendtwin::forecast {

std::string_view name(Rival rival) {
  switch (rival) {
    case Rival::Naive: return "naive";
    case Rival::Drift: return "drift";
    case Rival::LinearTrend: return "linear";
  }
  return "";
}

namespace {

std::optional<double> at(const Series& s, int year) {
  const auto it = s.find(year);
  return it == s.end() ? std::nullopt : std::optional<double>(it->second);
}

}  // namespace

std::optional<double> rival_forecast(Rival rival, const Series& published, int origin, int horizon) {
  const auto last = at(published, origin);
  if (!last) return std::nullopt;
  switch (rival) {
    case Rival::Naive:
      return *last;
    case Rival::Drift: {
      const auto before = at(published, origin - 1);
      if (!before || !(*before > 0)) return std::nullopt;
      return *last * std::pow(*last / *before, horizon);
    }
    case Rival::LinearTrend: {
      // Least squares through (x, y) for x = -3..0 (years before the origin): slope and level at 0.
      double sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (int x = -3; x <= 0; ++x) {
        const auto y = at(published, origin + x);
        if (!y) return std::nullopt;
        sx += x, sy += *y, sxx += x * x, sxy += x * *y;
      }
      const double slope = (4 * sxy - sx * sy) / (4 * sxx - sx * sx), level = (sy - slope * sx) / 4;
      return std::max(0.0, level + slope * horizon);
    }
  }
  return std::nullopt;
}

Scores score(const std::vector<std::pair<double, double>>& pairs) {
  Scores s;
  std::vector<double> errors;
  double forecast_sum = 0, published_sum = 0;
  for (const auto& [forecast, published] : pairs) {
    if (!(published > 0)) continue;
    const double e = 100.0 * std::abs(forecast - published) / published;
    errors.push_back(e);
    s.within_5 += e <= 5 ? 1 : 0;
    s.within_10 += e <= 10 ? 1 : 0;
    forecast_sum += forecast;
    published_sum += published;
  }
  s.las = static_cast<int>(errors.size());
  if (errors.empty()) return s;
  s.median_abs_pct = quantile(errors, 0.5);
  s.within_5 /= s.las;
  s.within_10 /= s.las;
  s.england_pct = 100.0 * (forecast_sum - published_sum) / published_sum;
  return s;
}

std::vector<Row> rival_backtest(const std::map<std::string, Series>& las, int first_origin, int last_origin, int max_horizon) {
  std::vector<Row> out;
  for (int origin = first_origin; origin <= last_origin; ++origin)
    for (int h = 1; h <= max_horizon; ++h)
      for (const Rival rival : kRivals) {
        std::vector<std::pair<double, double>> pairs;
        for (const auto& [code, series] : las) {
          const auto published = at(series, origin + h);
          const auto forecast = published ? rival_forecast(rival, series, origin, h) : std::nullopt;
          if (forecast) pairs.emplace_back(*forecast, *published);
        }
        if (!pairs.empty()) out.push_back({origin, h, rival, score(pairs)});
      }
  return out;
}

}  // namespace sendtwin::forecast
