// Runs the SEND model: synthesis at January 2015, then month by month to the horizon, for each
// replicate. Replicates differ only in the replicate number that keys the random streams.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "core/calendar.h"
#include "model/send/params.h"
#include "model/send/tally.h"

namespace sendtwin::model {

struct SendRunConfig {
  std::uint64_t seed = 1;
  int replicates = 1;
  int threads = 1;
  double scale = 1.0;
  Month to = Month(2035, 12);  // last month simulated
};

struct SendRunResult {
  double scale = 1.0;
  std::vector<std::vector<YearTally>> replicates;  // [replicate][calendar year from 2015]
  std::size_t bytes_per_agent = 0;
  std::size_t peak_agents = 0;
};

inline constexpr Month kSynthesisMonth(2015, 1);

// progress(months_done, months_total) is called after every simulated month.
SendRunResult run_send(const SendParams& params, const SendRunConfig& config,
                       const std::function<void(int, int)>& progress = {});

}  // namespace sendtwin::model
