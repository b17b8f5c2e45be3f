// Summaries of a sample that several reports share.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace sendtwin {

// The p-quantile (0-1) of `values`, linearly interpolated (Hyndman and Fan type 7, as R's
// default); NaN for no values.
inline double quantile(std::vector<double> values, double p) {
  if (values.empty()) return std::nan("");
  const double h = (static_cast<double>(values.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  // Only the lo-th and hi-th smallest values are read: a selection (linear time) puts the lo-th in
  // place and the hi-th is the least of those after it; the same two values as a full sort, which
  // was a fifth of an LA's fit (its growth rule takes medians of thousands of errors, many times).
  const auto at_lo = values.begin() + static_cast<std::ptrdiff_t>(lo);
  std::nth_element(values.begin(), at_lo, values.end());
  const double low = *at_lo;
  const double high = hi == lo ? low : *std::min_element(at_lo + 1, values.end());
  return low + (h - static_cast<double>(lo)) * (high - low);
}

// The standard normal's p-quantile (0 < p < 1), found by bisection on Phi(x) = erfc(-x / sqrt 2) / 2
// to within 1e-12: a few dozen evaluations, for the handful of quantiles a draw plan needs.
inline double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) return std::nan("");
  double lo = -40.0, hi = 40.0;
  while (hi - lo > 1e-12) {
    const double mid = 0.5 * (lo + hi);
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace sendtwin
