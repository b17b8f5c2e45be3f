// Event scheduling (DESIGN.md §2: "pupils with nothing to do in a month cost next to nothing").
// Where an agent's hazards are known ahead, a model draws the month of its next event once and
// files the agent under that month, instead of drawing a number for it every month. Each month
// the model visits only the agents filed under it.
//
// One calendar covers the months [first, first + months); an event beyond the horizon is not
// kept. Agents are filed in the order they are scheduled, so a single-threaded owner (one
// partition) visits them in a deterministic order.
#pragma once
#include <bit>
#include <cmath>
#include <cstdint>
#include <algorithm>
#include <limits>
#include <stdexcept>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/distributions.h"

namespace sendtwin::engine {

// Appends to `due`, in order, every index in [begin, end) whose wake month is due (<= today). A
// model that keeps the month of each agent's next visit in a 16-bit column lists the month's
// visits with this: eight agents a comparison, and every due one of the eight taken from its mask
// (a scan that began again after each due agent read most of the column twice).
inline void list_due(const std::int16_t* wake, std::size_t begin, std::size_t end, std::int16_t today,
                     std::vector<std::uint32_t>& due) {
  std::size_t i = begin;
#if defined(__SSE2__)
  const __m128i limit = _mm_set1_epi16(today);
  for (; i + 8 <= end; i += 8) {
    const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(wake + i));
    // Two mask bits per agent, both set when it is due.
    unsigned mask = ~static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi16(w, limit))) & 0xFFFFu;
    while (mask != 0) {
      const unsigned bit = static_cast<unsigned>(__builtin_ctz(mask));
      due.push_back(static_cast<std::uint32_t>(i + bit / 2));
      mask &= ~(3u << bit);
    }
  }
#endif
  for (; i < end; ++i)
    if (wake[i] <= today) due.push_back(static_cast<std::uint32_t>(i));
}

class EventCalendar {
 public:
  EventCalendar() = default;
  EventCalendar(int first_month, int months) : first_(first_month), buckets_(static_cast<std::size_t>(months)) {}

  int first_month() const { return first_; }
  int end_month() const { return first_ + static_cast<int>(buckets_.size()); }
  bool in_horizon(int month) const { return month >= first_ && month < end_month(); }

  // Files `agent` under `month`; an event beyond the horizon is dropped.
  void schedule(std::uint32_t agent, int month) {
    if (month < first_) throw std::logic_error("EventCalendar: an event cannot be scheduled in the past");
    if (month >= end_month()) return;
    buckets_[static_cast<std::size_t>(month - first_)].push_back(agent);
  }

  // The agents filed under `month`. The model may append to it while visiting it (an event due
  // in the same month), so visit by index, not by iterator.
  std::vector<std::uint32_t>& due(int month) {
    if (!in_horizon(month)) throw std::logic_error("EventCalendar: the month is outside the calendar's horizon");
    return buckets_[static_cast<std::size_t>(month - first_)];
  }

  // Releases a visited month's memory.
  void release(int month) { std::vector<std::uint32_t>().swap(due(month)); }

  std::size_t pending() const {
    std::size_t n = 0;
    for (const auto& b : buckets_) n += b.size();
    return n;
  }
  std::size_t allocated_bytes() const {
    std::size_t bytes = buckets_.capacity() * sizeof(std::vector<std::uint32_t>);
    for (const auto& b : buckets_) bytes += b.capacity() * sizeof(std::uint32_t);
    return bytes;
  }

 private:
  int first_ = 0;
  std::vector<std::vector<std::uint32_t>> buckets_;
};

// Months until the first event of a constant monthly hazard `p`, counting the current month as 0:
// P(G = k) = (1 - p)^k p, drawn by inversion from one uniform `u` in [0, 1). Returns a large
// number when p is 0.
inline int geometric_months(double p, double u) {
  if (p <= 0.0) return std::numeric_limits<int>::max() / 2;
  if (p >= 1.0) return 0;
  const double g = std::floor(std::log1p(-u) / std::log1p(-p));
  return g > 1e9 ? std::numeric_limits<int>::max() / 2 : static_cast<int>(g);
}

// The same draw for a hazard fixed in advance, by table: inversion of the tabulated distribution
// function with a guide table (Chen and Asau's indexed search; Devroye, "Non-Uniform Random
// Variate Generation", 1986, §III.2.4), so a draw costs a lookup and a comparison or two instead
// of a logarithm. The wait is k exactly when F(k - 1) <= u < F(k), F(k) = 1 - (1 - p)^(k + 1),
// the same event as floor(log(1 - u) / log(1 - p)) = k; waits beyond the table use the logarithm.
class Geometric {
 public:
  explicit Geometric(double p) : p_(p), inverse_log_q_(p > 0.0 && p < 1.0 ? 1.0 / std::log1p(-p) : 0.0) {
    if (!(p > 0.0 && p < 1.0)) return;
    const double log_q = std::log1p(-p);
    survival_.resize(kTableMonths + 1);
    for (int k = 0; k <= kTableMonths; ++k) survival_[static_cast<std::size_t>(k)] = std::exp(k * log_q);
    cdf_.resize(kTableMonths);
    for (int k = 0; k < kTableMonths; ++k) cdf_[static_cast<std::size_t>(k)] = 1.0 - survival_[static_cast<std::size_t>(k) + 1];
    // guide_[j]: the smallest k with F(k) > j / kGuide, or kTableMonths when the table ends first.
    guide_.resize(kGuide);
    std::size_t k = 0;
    for (std::size_t j = 0; j < kGuide; ++j) {
      const double u = static_cast<double>(j) / kGuide;
      while (k < cdf_.size() && cdf_[k] <= u) ++k;
      guide_[j] = static_cast<std::uint16_t>(k);
    }
  }
  int months(double u) const {
    if (p_ <= 0.0) return std::numeric_limits<int>::max() / 2;
    if (p_ >= 1.0) return 0;
    std::size_t k = guide_[static_cast<std::size_t>(u * kGuide)];
    while (k < cdf_.size() && cdf_[k] <= u) ++k;
    if (k < cdf_.size()) return static_cast<int>(k);
    const double g = std::floor(std::log1p(-u) * inverse_log_q_);
    return g > 1e9 ? std::numeric_limits<int>::max() / 2 : std::max(static_cast<int>(g), kTableMonths);
  }
  // min(months(u), cap): G >= cap exactly when 1 - u <= (1 - p)^cap, one comparison for the
  // common case of a wait that reaches the cap (a pupil who leaves before the event, say).
  int months_within(double u, int cap) const {
    if (cap <= 0) return std::min(cap, months(u));
    if (cap <= kTableMonths && 1.0 - u <= survival_[static_cast<std::size_t>(cap)]) return cap;
    return std::min(cap, months(u));
  }

 private:
  static constexpr int kTableMonths = 1024;
  static constexpr std::size_t kGuide = 1024;
  double p_;
  double inverse_log_q_;
  std::vector<double> survival_;       // (1 - p)^k, k <= kTableMonths
  std::vector<double> cdf_;            // F(k) = 1 - (1 - p)^(k + 1), k < kTableMonths
  std::vector<std::uint16_t> guide_;   // where the search for u in [j, j + 1) / kGuide starts
};

}  // namespace sendtwin::engine

namespace sendtwin::engine {

// The month of the first event of a hazard that is constant within each calendar year and may
// change between years (a trend), from month index `from` on, by inversion of the cumulative
// hazard: draw E ~ Exp(1) from `u`, then walk year by year. `rate_in(year)` is the year's monthly
// cumulative hazard, lambda = -ln(1 - h) for a monthly probability h (see cumulative_hazard).
// Returns `cap` when the event would fall at or after `cap`. Exact for the discrete monthly
// process: P(event in the k-th month of a span with monthly probability h) = (1 - h)^k h.
inline double cumulative_hazard(double monthly_probability) {
  return -std::log1p(-std::min(monthly_probability, 1.0 - 1e-12));
}

template <class RateOfYear>
int first_event_month(int from, int cap, double u, RateOfYear&& rate_in) {
  double e = -std::log1p(-u);
  int m = from;
  while (m < cap) {
    const int year = m / 12;  // Month indices count months since January of year 0
    const double lambda = rate_in(year);
    const int segment_end = std::min(cap, (year + 1) * 12);
    if (lambda > 0.0) {
      const double span = lambda * (segment_end - m);
      if (span >= e) return std::min(segment_end - 1, m + static_cast<int>(e / lambda));
      e -= span;
    }
    m = segment_end;
  }
  return cap;
}

}  // namespace sendtwin::engine

namespace sendtwin::engine {

// A hazard that is constant within each calendar year, shared by many agents, with its cumulative
// hazard tabulated by month: the first event after any month is then found by one draw and a
// guided search (first_event_month above walks the years instead, for hazards built on the fly).
class YearlyHazard {
 public:
  YearlyHazard() = default;
  // rates[k] is the monthly cumulative hazard -ln(1 - h) in calendar year first_year + k; the last
  // one holds after the table.
  YearlyHazard(int first_year, std::vector<double> rates) : first_month_(first_year * 12), rates_(std::move(rates)) {
    survival_.resize(rates_.size() * 12 + 1);
    double cumulative = 0.0;
    survival_[0] = 1.0;
    for (std::size_t m = 0; m + 1 < survival_.size(); ++m) {
      cumulative += rates_[m / 12];
      survival_[m + 1] = std::exp(-cumulative);
    }
    build_guide();
  }

  // The chance of no event in months [from, to): S(to) / S(from), with S extended beyond the table
  // by its last rate and held at S(first month) before it, as first_event_month reads it.
  double survival(int from, int to) const {
    if (to <= from) return 1.0;
    return survival_at(to) / survival_at(from);
  }

  // The month of the first event at or after month index `from`, or `cap` if none before it.
  // Inversion without a logarithm: with S(m) the survival to the start of month m, the event falls
  // in the first month m with S(m + 1) <= (1 - u) S(from).
  int first_event_month(int from, int cap, double u) const {
    if (from >= cap) return cap;
    const int last = first_month_ + static_cast<int>(survival_.size()) - 1;
    const int start = std::clamp(from, first_month_, last);
    const double target = (1.0 - u) * survival_[static_cast<std::size_t>(start - first_month_)];
    // Most draws survive to the cap (a pupil leaves school before being identified, say): one
    // comparison settles them.
    if (cap <= last && survival_[static_cast<std::size_t>(cap - first_month_)] > target) return cap;
    // survival_ decreases: the first month whose survival falls to the target or below, searched
    // only up to the cap.
    const double* const table = survival_.data();
    const double* const first = table + (start - first_month_) + 1;
    const double* const search_end = cap <= last ? table + (cap - first_month_) + 1 : table + survival_.size();
    const double* it = search_end;
    if (first < search_end) {
      // The guide narrows the search to the months whose survival shares the target's bucket
      // (most often none or one), the same answer as searching from `first` to `search_end`.
      const std::uint64_t key = guide_key(target);
      if (!guide_.empty() && key >= guide_base_ && target <= 1.0) {
        // Months before `lo` survive above the bucket, `hi` (if a month) falls below it.
        const std::size_t b = static_cast<std::size_t>(key - guide_base_);
        const double* const lo = std::max(first, table + guide_[b]);
        const double* const hi = b == 0 ? search_end : std::min(search_end, table + guide_[b - 1]);
        it = hi <= first ? first : lo < hi ? first_at_most(lo, hi, target) : hi;
      } else {
        it = first_at_most(first, search_end, target);
      }
    }
    int month;
    if (it != search_end) {
      month = first_month_ + static_cast<int>(it - table) - 1;
    } else {
      const double rate = rates_.back();
      if (rate <= 0.0 || target <= 0.0) return cap;
      // Beyond the table the last rate holds: S(last + k) = S(last) exp(-rate k).
      month = last + static_cast<int>(std::log(survival_.back() / target) / rate);
    }
    month = std::max(month, from);
    return month < cap ? month : cap;
  }

 private:
  // The first of [begin, end) (begin < end) whose survival is at most `target`, or `end`. A
  // branch-free binary search (the comparison picks a pointer by a conditional move): the draws
  // make the usual search's branches unpredictable, and it was a third of scheduling.
  static const double* first_at_most(const double* begin, const double* end, double target) {
    const double* base = begin;
    for (std::size_t n = static_cast<std::size_t>(end - begin); n > 1;) {
      const std::size_t half = n / 2;
      base = base[half - 1] > target ? base + half : base;
      n -= half;
    }
    return base + (*base > target ? 1 : 0);
  }

  // Positive doubles order as their bit patterns do; the exponent and the mantissa's top
  // kGuideBits name a bucket of values (each 1/128 of its values' size wide), a logarithmic scale
  // for free. guide_[key - guide_base_] is the first month whose survival is below the bucket's
  // upper end, so the months whose survival lies in the target's bucket are those from its own
  // entry to the entry of the bucket below: the search (first_event_month) is confined to them,
  // instead of the many months from the start to the cap (Chen and Asau's guide table, as
  // Geometric's, on a logarithmic scale because survival spans many orders of magnitude).
  static constexpr int kGuideBits = 7;
  static std::uint64_t guide_key(double v) { return std::bit_cast<std::uint64_t>(v) >> (52 - kGuideBits); }
  void build_guide() {
    // Survival below 2^-64 (a target only a very long wait reaches) is searched without it.
    const double lowest = std::max(survival_.back(), 0x1p-64);
    if (survival_.size() > UINT16_MAX || !(lowest > 0.0)) return;
    guide_base_ = guide_key(lowest);
    const std::uint64_t top = guide_key(1.0);
    guide_.resize(static_cast<std::size_t>(top - guide_base_ + 1));
    std::size_t k = 0;
    for (std::uint64_t key = top + 1; key-- > guide_base_;) {  // descending values, ascending months
      const double upper = std::bit_cast<double>((key + 1) << (52 - kGuideBits));
      while (k < survival_.size() && !(survival_[k] < upper)) ++k;
      guide_[static_cast<std::size_t>(key - guide_base_)] = static_cast<std::uint16_t>(k);
    }
  }

  double survival_at(int month) const {
    const int last = first_month_ + static_cast<int>(survival_.size()) - 1;
    const int m = std::max(month, first_month_);
    if (m <= last) return survival_[static_cast<std::size_t>(m - first_month_)];
    return survival_.back() * std::exp(-rates_.back() * (m - last));
  }

  int first_month_ = 0;
  std::vector<double> rates_;
  std::vector<double> survival_;  // survival_[k]: probability of no event before month first_month_ + k
  std::uint64_t guide_base_ = 0;          // the key of guide_[0]: the lowest survival guided
  std::vector<std::uint16_t> guide_;      // by key, ascending: where each bucket's months begin
};

// Of `n` individuals under hazard `h` from month index `from` on, how many have their first event
// in each month before `cap`: counts[k] for month from + k. One binomial draw of how many have one
// before `cap` (chance 1 - h.survival(from, cap)), then their months, a multinomial of the law
// given an event before `cap` (sequential binomials, month by month). The same law as drawing
// first_event_month for each of the n and counting those before `cap`, with O(cap - from) draws
// instead of n: a group of pupils who have nothing to do until then need not be drawn one by one.
inline void first_event_counts(const YearlyHazard& h, std::int64_t n, int from, int cap, UniformSequence& u,
                               std::vector<std::int64_t>& counts) {
  counts.assign(static_cast<std::size_t>(std::max(0, cap - from)), 0);
  if (counts.empty() || n <= 0) return;
  double mass = 1.0 - h.survival(from, cap);  // the chance of an event in the months left
  std::int64_t left = binomial_variate(n, mass, u);
  double survived = 1.0;  // h.survival(from, m), carried from one month to the next
  for (int m = from; m < cap && left > 0; ++m) {
    const double next = h.survival(from, m + 1);
    const double p = survived - next;
    const std::int64_t k = m + 1 == cap || !(mass > p) ? left : binomial_variate(left, p / mass, u);
    counts[static_cast<std::size_t>(m - from)] = k;
    left -= k;
    mass -= p;
    survived = next;
  }
}

}  // namespace sendtwin::engine
