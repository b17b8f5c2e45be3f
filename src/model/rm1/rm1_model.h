// The reference benchmark model RM1 (../shared/bench/REFERENCE_MODEL.md) as a model description
// run by the engine, like the SEND model: six states, constant monthly hazards, a per-LA special
// place capacity granted in ascending agent index. Agent i lives in LA i % 150 and starts aged
// 48 + i % 144 months; at 192 months it leaves and is replaced in place by a new agent of 48
// months in state NONE.
//
// Two ways to run the same model:
//   Monthly   — every agent draws one uniform every month (the model as written);
//   Scheduled — the engine's event calendar: an agent draws the month of its next event once
//               (geometric for a constant hazard; the fixed 5 months of an assessment; leaving at
//               192 months), and a month visits only the agents due in it. Age is derived from the
//               month of birth, never written.
// Both have the same distribution (tests/model/rm1_test.cpp shows they agree).
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "engine/event_calendar.h"
#include "engine/population.h"
#include "engine/simulation.h"

namespace sendtwin::model {

class Rm1Model {
 public:
  enum State : std::uint8_t { kNone, kSupport, kAssess, kEhcpMainstream, kEhcpSpecial, kEhcpIndependent };
  static constexpr int kStates = 6;
  static constexpr int kLas = 150;
  enum class Mode { Monthly, Scheduled };

  struct Scratch {
    void reset() {}
  };

  // Months are numbered 1..months (month 0 is the starting state).
  Rm1Model(std::uint32_t agents, int months, Mode mode);

  void initialise(const engine::RandomStreams& rng);
  std::size_t partition_count() const { return kLas; }
  void begin_month(const engine::MonthContext&) {}
  void step_partition(const engine::MonthContext& ctx, std::size_t la, Scratch& scratch);
  void end_month(const engine::MonthContext&, std::vector<Scratch>&) {}

  std::array<std::int64_t, kStates> national_counts() const;
  std::array<std::int64_t, kStates> la_counts(std::size_t la) const;
  // Bytes of state per agent: the columns of the store plus, when scheduled, the calendar.
  double bytes_per_agent() const;
  std::uint32_t agents() const { return agents_; }

 private:
  struct Partition {
    engine::Population store;
    engine::Column<std::uint8_t>* state = nullptr;
    engine::Column<std::int16_t>* birth = nullptr;        // month in which age was 0
    engine::Column<std::int16_t>* entered = nullptr;      // Monthly mode: month the state was entered
    engine::EventCalendar calendar;                       // Scheduled mode
    std::int64_t capacity = 0;
    std::int64_t special = 0;                             // agents in EHCP_SPECIAL now
    std::vector<std::uint32_t> wants;                     // this month's requests for a place
    std::vector<std::uint32_t> changed;                   // Scheduled: agents whose state changed
  };
  std::uint32_t global_id(std::size_t la, std::uint32_t k) const { return static_cast<std::uint32_t>(k * kLas + la); }
  void step_monthly(const engine::MonthContext& ctx, Partition& p, std::size_t la);
  void step_scheduled(const engine::MonthContext& ctx, Partition& p, std::size_t la);
  void schedule_next(Partition& p, std::size_t la, std::uint32_t k, int from_month, const engine::RandomStreams& rng);

  std::uint32_t agents_;
  int months_;
  Mode mode_;
  std::vector<Partition> partitions_;
};

}  // namespace sendtwin::model
