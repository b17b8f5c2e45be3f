// Runs the SEND model: for each replicate, every area (local authority) from its published state
// in the January the run starts to the horizon, each on its own; England is the sum of the areas, added in area order.
// Areas run in parallel, one thread each, the largest first; nothing an area computes depends on
// the others, on the thread count or on the order in which areas finish, so results are
// byte-identical for any number of threads. Replicates differ only in the replicate number that
// keys the random streams; areas in the LA code that keys theirs (engine::RandomStreams domain).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "model/send/area.h"
#include "model/send/params.h"
#include "model/send/tally.h"

namespace sendtwin::model {

struct SendRunConfig {
  std::uint64_t seed = 1;
  int replicates = 1;
  int first_replicate = 0;  // replicate r of the run draws as replicate first_replicate + r
  int threads = 1;
  double scale = 1.0;
  int start_year = 0;  // the January every area starts from (its AreaStart::year, where set): required
  Month to{};          // last month simulated: required, at or after the start
  // Set by another thread to stop the run early (a dashboard client that went away): each LA
  // stops at its next month and the result is incomplete; the caller discards it.
  const std::atomic<bool>* cancel = nullptr;
  // Changes an area's parameters after they are made from England's (a scenario's levers for one
  // LA: scenario::apply_local); none: England's as they are.
  std::function<void(const AreaStart&, SendParams&)> local;
};

using YearTallies = std::vector<YearTally>;  // by calendar year from the start

struct AreaResult {
  std::string code, name;
  std::vector<YearTallies> replicates;  // [replicate]
};

struct SendRunResult {
  double scale = 1.0;
  std::vector<YearTallies> replicates;  // England, the sum of the areas: [replicate]
  std::vector<AreaResult> areas;        // in the order the run was given them
  std::size_t bytes_per_agent = 0;
  std::size_t peak_agents = 0;           // the areas' peak populations, added up
  std::size_t peak_resident_agents = 0;  // most agents held in memory at one time (bounded by threads)
};

// The smallest share of the population a run simulates (the command line's and the dashboard's
// floor): about 8,000 of England's 8.2 million pupils. Below it the run is mostly empty LAs.
inline constexpr double kMinScale = 0.001;

// progress(done, total) is called after every simulated area-month, serially.
SendRunResult run_send(const SendParams& england, const std::vector<AreaStart>& areas, const SendRunConfig& config,
                       const std::function<void(int, int)>& progress = {});
// England as one area, from the national parameters' own January state (their stock).
SendRunResult run_send(const SendParams& england, const SendRunConfig& config,
                       const std::function<void(int, int)>& progress = {});

// Adds `from` to `into` year by year (both cover the same years).
void add_years(YearTallies& into, const YearTallies& from);

}  // namespace sendtwin::model
