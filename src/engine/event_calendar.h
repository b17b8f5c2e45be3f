// Event scheduling (DESIGN.md §2: "pupils with nothing to do in a month cost next to nothing").
// Where an agent's hazards are known ahead, a model draws the month of its next event once and
// files the agent under that month, instead of drawing a number for it every month. Each month
// the model visits only the agents filed under it.
//
// One calendar covers the months [first, first + months); an event beyond the horizon is not
// kept. Agents are filed in the order they are scheduled, so a single-threaded owner (one
// partition) visits them in a deterministic order.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace sendtwin::engine {

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
  std::vector<std::uint32_t>& due(int month) { return buckets_[static_cast<std::size_t>(month - first_)]; }

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

}  // namespace sendtwin::engine
