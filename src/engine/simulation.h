// Runs any model description month by month (STYLE.md §2: what is simulated is separate from how).
//
// A model describes one month as three phases, and the engine runs them:
//   1. begin_month(ctx)                      serial: arrivals, capacity snapshots, compaction;
//   2. step_chunk(ctx, range, scratch)       parallel over fixed chunks of agents;
//   3. end_month(ctx, scratches)             serial: settle what chunks asked for (scarce places),
//                                            in chunk order, and add up their tallies.
// Chunks have a fixed size that does not depend on the thread count, every chunk has its own
// scratch, and scratches are combined in chunk order: so results are byte-identical for any
// number of threads (DESIGN.md §2, "Engine").
//
// The model type provides:
//   using Scratch = ...;                     default-constructible, reset() per month
//   std::size_t agent_count() const;
//   void begin_month(const MonthContext&);
//   void step_chunk(const MonthContext&, AgentRange, Scratch&);
//   void end_month(const MonthContext&, std::vector<Scratch>&);
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/calendar.h"
#include "engine/rng.h"

namespace sendtwin::engine {

struct AgentRange {
  std::size_t chunk = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct MonthContext {
  Month month;
  const RandomStreams* rng = nullptr;
};

struct SimulationOptions {
  std::uint64_t seed = 1;
  std::uint32_t replicate = 0;
  std::uint32_t domain = 0;  // keys the random streams of one independent part (RandomStreams)
  int threads = 1;
  // Agents per chunk: the unit of parallel work. Fixed, so results do not depend on `threads`.
  std::size_t chunk_size = 1 << 16;
};

// Runs f(chunk_index) for chunk_index in [0, chunks) on `threads` threads (work-stealing by an
// atomic counter). Exceptions thrown by f are rethrown on the calling thread. Threads the system
// will not start are done without (the calling thread always works): the results are the same, and
// thread_start_failure() says so.
void parallel_for_chunks(std::size_t chunks, int threads, const std::function<void(std::size_t)>& f);

// The first failure of this process to start a worker thread ("could start only 3 of 8 worker
// threads (Resource temporarily unavailable)"), or empty: for the command to report.
std::string thread_start_failure();

// The three phases of one month, shared by both runners: begin_month; then `units()` (called after
// it, as arrivals may change the count) gives the number of units of work and how to step one,
// run in parallel with a fresh scratch each; then end_month with the scratches in unit order.
template <class Model, class Units>
void month_phases(Model& model, const MonthContext& ctx, int threads, std::vector<typename Model::Scratch>& scratch,
                  Units&& units) {
  model.begin_month(ctx);
  const auto [count, step_unit] = units();
  if (scratch.size() != count) scratch.resize(count);
  for (auto& s : scratch) s.reset();
  parallel_for_chunks(count, threads, [&](std::size_t u) { step_unit(ctx, u, scratch[u]); });
  model.end_month(ctx, scratch);
}

template <class Model>
class Simulation {
 public:
  Simulation(Model& model, SimulationOptions options)
      : model_(model), options_(options), rng_(options.seed, options.replicate, options.domain) {
    if (options_.chunk_size == 0) throw std::invalid_argument("chunk_size must be at least 1");
  }

  const RandomStreams& rng() const { return rng_; }

  // Steps months [from, to] inclusive. `after_month(ctx)` runs after each month's end phase (the
  // observer: progress bars, measures).
  template <class AfterMonth>
  void run(Month from, Month to, AfterMonth&& after_month) {
    run(from, to, nullptr, std::forward<AfterMonth>(after_month));
  }
  // The same, stopping before any month once `cancel` is set (by another thread).
  template <class AfterMonth>
  void run(Month from, Month to, const std::atomic<bool>* cancel, AfterMonth&& after_month) {
    for (Month m = from; m <= to; ++m) {
      if (cancel && cancel->load(std::memory_order_relaxed)) return;
      step(m);
      after_month(MonthContext{m, &rng_});
    }
  }

  void step(Month m) {
    month_phases(model_, MonthContext{m, &rng_}, options_.threads, scratch_, [&] {
      // Units of work: fixed-size chunks of agents, counted after begin_month's arrivals.
      const std::size_t n = model_.agent_count();
      return std::pair{(n + options_.chunk_size - 1) / options_.chunk_size,
                       [this, n](const MonthContext& ctx, std::size_t c, typename Model::Scratch& s) {
                         const AgentRange range{c, c * options_.chunk_size, std::min(n, (c + 1) * options_.chunk_size)};
                         model_.step_chunk(ctx, range, s);
                       }};
    });
  }

 private:
  Model& model_;
  SimulationOptions options_;
  RandomStreams rng_;
  std::vector<typename Model::Scratch> scratch_;
};

// The same three phases for models whose agents fall into independent partitions (an LA each,
// say), each with its own store and event calendar: step_partition(ctx, p, scratch) runs in
// parallel over partitions. The model provides:
//   using Scratch = ...;  std::size_t partition_count() const;
//   void begin_month(const MonthContext&);
//   void step_partition(const MonthContext&, std::size_t partition, Scratch&);
//   void end_month(const MonthContext&, std::vector<Scratch>&);
template <class Model>
class PartitionedSimulation {
 public:
  PartitionedSimulation(Model& model, SimulationOptions options)
      : model_(model), options_(options), rng_(options.seed, options.replicate) {}

  const RandomStreams& rng() const { return rng_; }

  void step(Month m) {
    month_phases(model_, MonthContext{m, &rng_}, options_.threads, scratch_, [&] {
      return std::pair{model_.partition_count(),
                       [this](const MonthContext& ctx, std::size_t p, typename Model::Scratch& s) {
                         model_.step_partition(ctx, p, s);
                       }};
    });
  }

 private:
  Model& model_;
  SimulationOptions options_;
  RandomStreams rng_;
  std::vector<typename Model::Scratch> scratch_;
};

}  // namespace sendtwin::engine
