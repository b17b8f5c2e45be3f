// Promises of engine/simulation.h and engine/population.h, each shown by a probe model (like
// OpenM++'s TableProbe): a tiny model written here that exercises one engine feature.
#include "engine/simulation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/population.h"

namespace sendtwin::engine {
namespace {

const Month kJan2015(2015, 1);

// --- Probe (a): every agent counts itself -------------------------------------------------------

// Each agent marks itself visited and adds one to its chunk's count; end_month adds the counts up
// and checks that chunk c's scratch came from chunk c.
struct CountProbe {
  struct Scratch {
    std::size_t count = 0;
    std::size_t chunk = SIZE_MAX;
    std::size_t begin = 0, end = 0;
    void reset() { *this = Scratch{}; }
  };

  explicit CountProbe(std::size_t n) : n(n), visits(n, 0) {}
  std::size_t agent_count() const { return n; }
  void begin_month(const MonthContext&) { ++months_begun; }
  void step_chunk(const MonthContext&, AgentRange range, Scratch& s) {
    s.chunk = range.chunk;
    s.begin = range.begin;
    s.end = range.end;
    for (std::size_t i = range.begin; i < range.end; ++i) {
      ++visits[i];
      ++s.count;
    }
  }
  void end_month(const MonthContext&, std::vector<Scratch>& scratches) {
    total = 0;
    scratches_in_order = true;
    std::size_t expected_begin = 0;
    for (std::size_t c = 0; c < scratches.size(); ++c) {
      total += scratches[c].count;
      if (scratches[c].chunk != c || scratches[c].begin != expected_begin) scratches_in_order = false;
      expected_begin = scratches[c].end;
    }
    if (expected_begin != n) scratches_in_order = false;
    chunks_seen = scratches.size();
  }

  std::size_t n;
  std::vector<std::uint32_t> visits;
  std::size_t total = SIZE_MAX;
  std::size_t chunks_seen = 0;
  bool scratches_in_order = false;
  int months_begun = 0;
};

TEST(EngineSimulation, EveryAgentIsSteppedExactlyOnceForAnyChunkSizeAndThreadCount) {
  constexpr std::size_t kAgents = 100003;  // not a multiple of any chunk size below
  for (std::size_t chunk_size : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 16}) {
    for (int threads = 1; threads <= 4; ++threads) {
      CountProbe probe(kAgents);
      Simulation sim(probe, SimulationOptions{.seed = 1, .replicate = 0, .threads = threads, .chunk_size = chunk_size});
      sim.step(kJan2015);
      EXPECT_EQ(probe.total, kAgents) << "chunk " << chunk_size << ", threads " << threads;
      std::size_t wrong = 0;
      for (auto v : probe.visits) wrong += v != 1;
      EXPECT_EQ(wrong, 0u) << "chunk " << chunk_size << ", threads " << threads;
    }
  }
}

TEST(EngineSimulation, ChunksTileTheAgentsAndScratchesArriveInChunkOrder) {
  for (int threads : {1, 4}) {
    CountProbe probe(1000);
    Simulation sim(probe, SimulationOptions{.seed = 1, .replicate = 0, .threads = threads, .chunk_size = 7});
    sim.step(kJan2015);
    EXPECT_EQ(probe.chunks_seen, (1000u + 6) / 7) << threads;
    EXPECT_TRUE(probe.scratches_in_order) << threads;
  }
}

TEST(EngineSimulation, ScratchesAreResetEachMonth) {
  CountProbe probe(500);
  Simulation sim(probe, SimulationOptions{.seed = 1, .replicate = 0, .threads = 2, .chunk_size = 64});
  sim.step(kJan2015);
  sim.step(kJan2015 + 1);
  EXPECT_EQ(probe.total, 500u);  // not 1000: counts do not carry over from the previous month
}

TEST(EngineSimulation, AnEmptyPopulationStillRunsBeginAndEndOfMonth) {
  CountProbe probe(0);
  Simulation sim(probe, SimulationOptions{.seed = 1, .replicate = 0, .threads = 3, .chunk_size = 64});
  sim.step(kJan2015);
  EXPECT_EQ(probe.months_begun, 1);
  EXPECT_EQ(probe.total, 0u);
  EXPECT_EQ(probe.chunks_seen, 0u);
}

TEST(EngineSimulation, RunStepsEveryMonthInclusiveAndCallsTheObserverAfterEach) {
  CountProbe probe(10);
  Simulation sim(probe, SimulationOptions{});
  std::vector<Month> observed;
  sim.run(Month(2015, 11), Month(2016, 2), [&](const MonthContext& ctx) {
    EXPECT_EQ(ctx.rng, &sim.rng());
    observed.push_back(ctx.month);
  });
  EXPECT_EQ(observed, (std::vector<Month>{Month(2015, 11), Month(2015, 12), Month(2016, 1), Month(2016, 2)}));
  EXPECT_EQ(probe.months_begun, 4);
}

// --- Probe (b): a constant hazard ---------------------------------------------------------------

// Agents leave state 0 for state 1 with monthly probability p, drawn from the RandomStreams at
// address (agent, month, stream 0).
struct HazardProbe {
  struct Scratch {
    void reset() {}
  };
  HazardProbe(std::size_t n, double p) : p(p), state(n, 0) {}
  std::size_t agent_count() const { return state.size(); }
  void begin_month(const MonthContext&) {}
  void step_chunk(const MonthContext& ctx, AgentRange range, Scratch&) {
    for (std::size_t i = range.begin; i < range.end; ++i)
      if (state[i] == 0 && ctx.rng->uniform(static_cast<std::uint32_t>(i), ctx.month.index(), 0) < p)
        state[i] = 1;
  }
  void end_month(const MonthContext&, std::vector<Scratch>&) {}
  std::size_t survivors() const {
    std::size_t s = 0;
    for (auto x : state) s += x == 0;
    return s;
  }

  double p;
  std::vector<std::uint8_t> state;
};

std::vector<std::uint8_t> run_hazard(std::size_t n, double p, int threads, std::size_t chunk_size,
                                     std::uint64_t seed = 2015) {
  HazardProbe probe(n, p);
  Simulation sim(probe, SimulationOptions{.seed = seed, .replicate = 0, .threads = threads, .chunk_size = chunk_size});
  sim.run(kJan2015, Month(2015, 12), [](const MonthContext&) {});
  return probe.state;
}

TEST(EngineHazardProbe, SurvivorsAfterTwelveMonthsMatchTheConstantHazard) {
  constexpr std::size_t kN = 200000;
  constexpr double kP = 0.03;
  const auto state = run_hazard(kN, kP, 2, 4096);
  std::size_t survivors = 0;
  for (auto x : state) survivors += x == 0;
  const double q = std::pow(1.0 - kP, 12);
  const double se = std::sqrt(kN * q * (1.0 - q));
  EXPECT_NEAR(static_cast<double>(survivors), kN * q, 5 * se);
}

TEST(EngineHazardProbe, EveryAgentEndsInTheSameStateOnOneAndThreeThreads) {
  const auto one = run_hazard(200000, 0.03, 1, 4096);
  const auto three = run_hazard(200000, 0.03, 3, 4096);
  EXPECT_TRUE(one == three);
}

TEST(EngineHazardProbe, EveryAgentEndsInTheSameStateForAnyChunkSize) {
  const auto small = run_hazard(50000, 0.03, 2, 1000);
  const auto large = run_hazard(50000, 0.03, 2, 1 << 16);
  EXPECT_TRUE(small == large);
}

TEST(EngineHazardProbe, AnotherSeedGivesAnotherOutcome) {
  const auto a = run_hazard(50000, 0.03, 1, 4096, 1);
  const auto b = run_hazard(50000, 0.03, 1, 4096, 2);
  EXPECT_FALSE(a == b);
}

// --- Probe (c): a scarce resource ---------------------------------------------------------------

// Agents without a place ask for one with probability 0.2 a month (in step_chunk); end_month grants
// places in chunk order (and agent order within a chunk) until `capacity` places are held.
struct PlacesProbe {
  struct Scratch {
    std::vector<std::uint32_t> asks;
    void reset() { asks.clear(); }
  };
  PlacesProbe(std::size_t n, std::size_t capacity) : capacity(capacity), holds(n, 0) {}
  std::size_t agent_count() const { return holds.size(); }
  void begin_month(const MonthContext&) { granted_this_month.clear(); }
  void step_chunk(const MonthContext& ctx, AgentRange range, Scratch& s) {
    for (std::size_t i = range.begin; i < range.end; ++i) {
      const auto agent = static_cast<std::uint32_t>(i);
      if (!holds[i] && ctx.rng->uniform(agent, ctx.month.index(), 1) < 0.2) s.asks.push_back(agent);
    }
  }
  void end_month(const MonthContext&, std::vector<Scratch>& scratches) {
    for (const auto& s : scratches)
      for (auto agent : s.asks) {
        asked.push_back(agent);
        if (held < capacity) {
          holds[agent] = 1;
          ++held;
          granted.push_back(agent);
          granted_this_month.push_back(agent);
        }
      }
  }

  std::size_t capacity;
  std::size_t held = 0;
  std::vector<std::uint8_t> holds;
  std::vector<std::uint32_t> asked, granted, granted_this_month;
};

struct PlacesOutcome {
  std::vector<std::uint32_t> granted;
  std::size_t max_held = 0;
  bool first_month_granted_lowest_askers = false;
};

PlacesOutcome run_places(int threads) {
  PlacesProbe probe(60000, 5000);
  Simulation sim(probe, SimulationOptions{.seed = 77, .replicate = 0, .threads = threads, .chunk_size = 1000});
  PlacesOutcome out;
  bool first = true;
  sim.run(kJan2015, Month(2015, 6), [&](const MonthContext&) {
    std::size_t held = 0;
    for (auto h : probe.holds) held += h;
    out.max_held = std::max(out.max_held, held);
    if (first) {
      // First come, first served in agent order: the granted are the lowest-numbered askers.
      const std::vector<std::uint32_t> lowest(probe.asked.begin(),
                                              probe.asked.begin() + static_cast<std::ptrdiff_t>(probe.granted.size()));
      bool ascending = true;
      for (std::size_t k = 1; k < probe.asked.size(); ++k) ascending = ascending && probe.asked[k - 1] < probe.asked[k];
      out.first_month_granted_lowest_askers = ascending && probe.granted == lowest;
      first = false;
    }
  });
  out.granted = probe.granted;
  return out;
}

TEST(EnginePlacesProbe, GrantsAreIdenticalOnOneAndFourThreads) {
  const PlacesOutcome one = run_places(1), four = run_places(4);
  ASSERT_FALSE(one.granted.empty());
  EXPECT_EQ(one.granted, four.granted);
}

TEST(EnginePlacesProbe, GrantsNeverExceedCapacity) {
  for (int threads : {1, 4}) {
    const PlacesOutcome out = run_places(threads);
    EXPECT_LE(out.max_held, 5000u) << threads;
    EXPECT_EQ(out.granted.size(), 5000u) << threads;  // demand (~12,000 a month) fills every place
  }
}

TEST(EnginePlacesProbe, ChunkRequestsAreSettledInAgentOrder) {
  EXPECT_TRUE(run_places(4).first_month_granted_lowest_askers);
}

// --- Probe (d): failures reach the caller -------------------------------------------------------

struct ThrowingProbe {
  struct Scratch {
    void reset() {}
  };
  std::size_t failing_chunk;
  std::size_t agent_count() const { return 10000; }
  void begin_month(const MonthContext&) {}
  void step_chunk(const MonthContext&, AgentRange range, Scratch&) {
    if (range.chunk == failing_chunk) throw std::runtime_error("probe failure in chunk " + std::to_string(range.chunk));
  }
  void end_month(const MonthContext&, std::vector<Scratch>&) { ended = true; }
  bool ended = false;
};

TEST(EngineSimulation, AnExceptionInStepChunkReachesTheCallerOfStep) {
  for (int threads : {1, 4}) {
    for (std::size_t failing : {std::size_t{0}, std::size_t{5}, std::size_t{9}}) {
      ThrowingProbe probe{failing};
      Simulation sim(probe, SimulationOptions{.seed = 1, .replicate = 0, .threads = threads, .chunk_size = 1000});
      try {
        sim.step(kJan2015);
        ADD_FAILURE() << "no exception, threads " << threads << ", chunk " << failing;
      } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "probe failure in chunk " + std::to_string(failing)) << threads;
      }
    }
  }
}

TEST(EngineSimulation, AFailedChunkAbandonsTheMonthBeforeEndMonth) {
  for (int threads : {1, 4}) {
    ThrowingProbe probe{3};
    Simulation sim(probe, SimulationOptions{.seed = 1, .replicate = 0, .threads = threads, .chunk_size = 1000});
    EXPECT_THROW(sim.step(kJan2015), std::runtime_error) << threads;
    EXPECT_FALSE(probe.ended) << threads;
  }
}

TEST(EngineParallelFor, RunsEveryChunkOnceWhateverTheThreadCount) {
  for (int threads : {0, 1, 2, 8, 64}) {
    std::vector<int> runs(37, 0);
    parallel_for_chunks(runs.size(), threads, [&](std::size_t c) { ++runs[c]; });
    EXPECT_EQ(runs, std::vector<int>(37, 1)) << threads;
  }
}

TEST(EngineParallelFor, RethrowsOnTheCallingThread) {
  EXPECT_THROW(parallel_for_chunks(16, 4,
                                   [](std::size_t c) {
                                     if (c == 11) throw std::out_of_range("eleven");
                                   }),
               std::out_of_range);
}

// --- (e) Population -----------------------------------------------------------------------------

TEST(EnginePopulation, AppendReturnsTheIndexOfTheFirstNewRow) {
  Population pop;
  pop.add_column<int>("a");
  EXPECT_EQ(pop.append(5), 0u);
  EXPECT_EQ(pop.append(3), 5u);
  EXPECT_EQ(pop.size(), 8u);
}

TEST(EnginePopulation, AppendGrowsEveryColumnWithDefaultValues) {
  Population pop;
  auto& a = pop.add_column<int>("a");
  auto& b = pop.add_column<double>("b");
  pop.append(4);
  a[3] = 7;
  pop.append(2);
  ASSERT_EQ(a.values.size(), 6u);
  ASSERT_EQ(b.values.size(), 6u);
  EXPECT_EQ(a[3], 7);
  EXPECT_EQ(a[4], 0);
  EXPECT_EQ(b[5], 0.0);
}

TEST(EnginePopulation, AColumnAddedLaterHasARowForEveryAgent) {
  Population pop;
  pop.add_column<int>("a");
  pop.append(9);
  auto& late = pop.add_column<std::uint16_t>("late");
  EXPECT_EQ(late.values.size(), 9u);
}

TEST(EnginePopulation, CompactKeepsFlaggedRowsInOrderWithColumnsAligned) {
  Population pop;
  auto& id = pop.add_column<std::uint32_t>("id");
  auto& twice = pop.add_column<double>("twice");
  auto& flag = pop.add_column<std::uint8_t>("flag");
  pop.append(10);
  for (std::uint32_t i = 0; i < 10; ++i) {
    id[i] = i;
    twice[i] = 2.0 * i;
    flag[i] = static_cast<std::uint8_t>(100 + i);
  }
  const std::vector<std::uint8_t> keep = {1, 0, 0, 1, 1, 0, 1, 0, 0, 1};
  pop.compact(keep);
  const std::vector<std::uint32_t> expected = {0, 3, 4, 6, 9};
  ASSERT_EQ(pop.size(), expected.size());
  EXPECT_EQ(id.values, expected);
  ASSERT_EQ(twice.values.size(), expected.size());
  ASSERT_EQ(flag.values.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_EQ(twice[k], 2.0 * expected[k]) << k;
    EXPECT_EQ(flag[k], 100 + expected[k]) << k;
  }
}

TEST(EnginePopulation, AppendAfterCompactAddsRowsAfterTheKeptOnes) {
  Population pop;
  auto& id = pop.add_column<int>("id");
  pop.append(4);
  for (int i = 0; i < 4; ++i) id[i] = i + 1;
  pop.compact({0, 1, 0, 1});
  EXPECT_EQ(pop.append(1), 2u);
  EXPECT_EQ(id.values, (std::vector<int>{2, 4, 0}));
}

TEST(EnginePopulation, CompactKeepingNothingEmptiesEveryColumn) {
  Population pop;
  auto& a = pop.add_column<int>("a");
  auto& b = pop.add_column<char>("b");
  pop.append(3);
  pop.compact({0, 0, 0});
  EXPECT_EQ(pop.size(), 0u);
  EXPECT_TRUE(a.values.empty());
  EXPECT_TRUE(b.values.empty());
}

TEST(EnginePopulation, BytesPerAgentIsTheSumOfColumnWidths) {
  Population pop;
  EXPECT_EQ(pop.bytes_per_agent(), 0u);
  pop.add_column<std::uint8_t>("a");
  pop.add_column<std::uint32_t>("b");
  pop.add_column<double>("c");
  pop.add_column<std::uint16_t>("d");
  EXPECT_EQ(pop.bytes_per_agent(), 1u + 4u + 8u + 2u);
}

TEST(EnginePopulation, AllocatedBytesCoverEveryRowOfEveryColumn) {
  Population pop;
  pop.add_column<std::uint32_t>("a");
  pop.add_column<double>("b");
  pop.append(1000);
  EXPECT_GE(pop.allocated_bytes(), 1000u * pop.bytes_per_agent());
}

TEST(EnginePopulation, ColumnNamesAreKeptInRegistrationOrder) {
  Population pop;
  pop.add_column<int>("birth");
  pop.add_column<std::uint8_t>("status");
  pop.add_column<double>("weight");
  EXPECT_EQ(pop.column_names(), (std::vector<std::string>{"birth", "status", "weight"}));
}

}  // namespace
}  // namespace sendtwin::engine
