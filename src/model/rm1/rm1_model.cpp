#include "model/rm1/rm1_model.h"

#include <algorithm>
#include <cmath>

namespace sendtwin::model {

namespace {

// REFERENCE_MODEL.md: the hazards and ages of RM1.
constexpr double kNoneToSupport = 0.0040;
constexpr double kSupportToNone = 0.0100;
constexpr double kSupportToAssess = 0.0025;  // 0.0100 <= u < 0.0125
constexpr double kAssessToPlan = 0.90;
constexpr int kAssessMonths = 5;             // "5 or more months in ASSESS"
constexpr double kWantsSpecial = 0.0060;
constexpr double kCapacityPerAgent = 0.002;
constexpr int kEntryAge = 48;
constexpr int kLeavingAge = 192;
constexpr int kAgeSpread = 144;

const engine::Geometric kWaitNone(kNoneToSupport);
const engine::Geometric kWaitSupport(kSupportToNone + kSupportToAssess);
const engine::Geometric kWaitPlan(kWantsSpecial);

constexpr engine::Stream kStreamMonthly = 1;
constexpr engine::Stream kStreamSchedule = 2;
constexpr engine::Stream kStreamDecide = 3;

}  // namespace

Rm1Model::Rm1Model(std::uint32_t agents, int months, Mode mode)
    : agents_(agents), months_(months), mode_(mode), partitions_(kLas) {
  for (std::size_t la = 0; la < kLas; ++la) {
    Partition& p = partitions_[la];
    p.state = &p.store.add_column<std::uint8_t>("state");
    p.birth = &p.store.add_column<std::int16_t>("birth_month");
    if (mode_ == Mode::Monthly) p.entered = &p.store.add_column<std::int16_t>("entered_month");
    const std::uint32_t n = agents / kLas + (la < agents % kLas ? 1 : 0);
    p.store.resize(n);
    p.capacity = static_cast<std::int64_t>(std::floor(kCapacityPerAgent * n));
    if (mode_ == Mode::Scheduled) p.calendar = engine::EventCalendar(1, months);
  }
}

void Rm1Model::initialise(const engine::RandomStreams& rng) {
  engine::parallel_for_chunks(kLas, 1, [&](std::size_t la) {
    Partition& p = partitions_[la];
    for (std::uint32_t k = 0; k < p.store.size(); ++k) {
      const std::uint32_t i = global_id(la, k);
      (*p.state)[k] = kNone;
      (*p.birth)[k] = static_cast<std::int16_t>(-(kEntryAge + static_cast<int>(i % kAgeSpread)));
      if (p.entered) (*p.entered)[k] = 0;
      if (mode_ == Mode::Scheduled) schedule_next(p, la, k, 1, rng);
    }
  });
}

void Rm1Model::step_partition(const engine::MonthContext& ctx, std::size_t la, Scratch&) {
  if (mode_ == Mode::Monthly) step_monthly(ctx, partitions_[la], la);
  else step_scheduled(ctx, partitions_[la], la);
}

// The model as written: every agent, every month.
void Rm1Model::step_monthly(const engine::MonthContext& ctx, Partition& p, std::size_t la) {
  const int t = ctx.month.index();
  auto& state = p.state->values;
  auto& birth = p.birth->values;
  auto& entered = p.entered->values;
  const std::uint32_t n = static_cast<std::uint32_t>(p.store.size());
  // 1. Ageing (derived from the month of birth) and replacement in place.
  for (std::uint32_t k = 0; k < n; ++k)
    if (t - birth[k] >= kLeavingAge) {
      if (state[k] == kEhcpSpecial) --p.special;
      state[k] = kNone;
      birth[k] = static_cast<std::int16_t>(t - kEntryAge);
      entered[k] = static_cast<std::int16_t>(t - 1);
    }
  // 2. Capacity snapshot. 3. Transitions on the start-of-month state.
  const std::int64_t free_places = p.capacity - p.special;
  p.wants.clear();
  for (std::uint32_t k = 0; k < n; ++k) {
    const double u = ctx.rng->uniform(global_id(la, k), t, kStreamMonthly);
    std::uint8_t next = state[k];
    switch (state[k]) {
      case kNone:
        if (u < kNoneToSupport) next = kSupport;
        break;
      case kSupport:
        if (u < kSupportToNone) next = kNone;
        else if (u < kSupportToNone + kSupportToAssess) next = kAssess;
        break;
      case kAssess:
        if (t - 1 - entered[k] >= kAssessMonths) next = u < kAssessToPlan ? kEhcpMainstream : kSupport;
        break;
      case kEhcpMainstream:
        if (u < kWantsSpecial) p.wants.push_back(k);
        break;
      default:
        break;
    }
    if (next != state[k]) {
      state[k] = next;
      entered[k] = static_cast<std::int16_t>(t);
    }
  }
  // Places in ascending agent index within the LA until none is free.
  std::int64_t granted = 0;
  for (const std::uint32_t k : p.wants) {
    state[k] = granted < free_places ? kEhcpSpecial : kEhcpIndependent;
    if (state[k] == kEhcpSpecial) ++granted;
    entered[k] = static_cast<std::int16_t>(t);
  }
  p.special += granted;
}

// The month of an agent's next event, from `from` on: geometric for the constant hazards, fixed
// for the assessment, never later than leaving at 192 months.
void Rm1Model::schedule_next(Partition& p, std::size_t la, std::uint32_t k, int from,
                             const engine::RandomStreams& rng) {
  const std::uint8_t s = (*p.state)[k];
  const int leaving = (*p.birth)[k] + kLeavingAge;
  int month = leaving;
  if (s != kEhcpSpecial && s != kEhcpIndependent) {
    const double u = rng.uniform(global_id(la, k), from, kStreamSchedule);
    // Nothing after leaving, or after the horizon, needs to be known: the wait is capped there.
    const int cap = std::min(leaving - from, months_ + 1);
    int wait;
    switch (s) {
      case kNone: wait = kWaitNone.months_within(u, cap); break;
      case kSupport: wait = kWaitSupport.months_within(u, cap); break;
      case kAssess: wait = std::min(kAssessMonths, cap); break;
      default: wait = kWaitPlan.months_within(u, cap); break;
    }
    month = from + wait;
  }
  p.calendar.schedule(k, month);
}

void Rm1Model::step_scheduled(const engine::MonthContext& ctx, Partition& p, std::size_t la) {
  const int t = ctx.month.index();
  auto& state = p.state->values;
  auto& birth = p.birth->values;
  auto& due = p.calendar.due(t);
  constexpr std::uint32_t kDone = 0xFFFFFFFFu;
  // 1. Leaving: replaced in place by a new agent in NONE, who may act this very month (its event
  // is then appended to this month's list).
  const std::size_t filed = due.size();
  // The agents due are scattered over the partition's columns: fetch the ones a few steps ahead
  // while this one is decided (a month's visits are otherwise bound by memory latency).
  constexpr std::size_t kAhead = 16;
  for (std::size_t e = 0; e < filed; ++e) {
    if (e + kAhead < filed) {
      __builtin_prefetch(&state[due[e + kAhead]], 1);
      __builtin_prefetch(&birth[due[e + kAhead]], 1);
    }
    const std::uint32_t k = due[e];
    if (t - birth[k] < kLeavingAge) continue;
    if (state[k] == kEhcpSpecial) --p.special;
    state[k] = kNone;
    birth[k] = static_cast<std::int16_t>(t - kEntryAge);
    due[e] = kDone;
    schedule_next(p, la, k, t, *ctx.rng);
  }
  // 2. Capacity snapshot. 3. Transitions of the agents due this month.
  const std::int64_t free_places = p.capacity - p.special;
  p.wants.clear();
  p.changed.clear();
  for (std::size_t e = 0; e < due.size(); ++e) {
    const std::uint32_t k = due[e];
    if (k == kDone) continue;
    switch (state[k]) {
      case kNone:
        state[k] = kSupport;
        break;
      case kSupport: {
        // Given an event, leaving SEN Support is 0.0100 / 0.0125 of the cases.
        const double u = ctx.rng->uniform(global_id(la, k), t, kStreamDecide);
        state[k] = u < kSupportToNone / (kSupportToNone + kSupportToAssess) ? kNone : kAssess;
        break;
      }
      case kAssess:
        state[k] = ctx.rng->uniform(global_id(la, k), t, kStreamDecide) < kAssessToPlan ? kEhcpMainstream : kSupport;
        break;
      case kEhcpMainstream:
        p.wants.push_back(k);
        continue;
      default:
        break;
    }
    p.changed.push_back(k);
  }
  std::sort(p.wants.begin(), p.wants.end());
  std::int64_t granted = 0;
  for (const std::uint32_t k : p.wants) {
    state[k] = granted < free_places ? kEhcpSpecial : kEhcpIndependent;
    if (state[k] == kEhcpSpecial) ++granted;
    p.changed.push_back(k);
  }
  p.special += granted;
  // 4. The next event of every agent that changed state, from next month on.
  for (const std::uint32_t k : p.changed) schedule_next(p, la, k, t + 1, *ctx.rng);
  p.calendar.release(t);
}

std::array<std::int64_t, Rm1Model::kStates> Rm1Model::la_counts(std::size_t la) const {
  std::array<std::int64_t, kStates> c{};
  for (const std::uint8_t s : partitions_[la].state->values) ++c[s];
  return c;
}

std::array<std::int64_t, Rm1Model::kStates> Rm1Model::national_counts() const {
  std::array<std::int64_t, kStates> c{};
  for (std::size_t la = 0; la < kLas; ++la) {
    const auto l = la_counts(la);
    for (int s = 0; s < kStates; ++s) c[s] += l[s];
  }
  return c;
}

double Rm1Model::bytes_per_agent() const {
  std::size_t bytes = 0;
  for (const auto& p : partitions_) bytes += p.store.allocated_bytes() + p.calendar.allocated_bytes();
  return static_cast<double>(bytes) / agents_;
}

}  // namespace sendtwin::model
