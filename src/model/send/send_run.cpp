#include "model/send/send_run.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>
#include <stdexcept>

#include "engine/simulation.h"
#include "model/send/send_model.h"

namespace sendtwin::model {

namespace {

// The random-stream domain of an area: its 3-digit LA code, so that an LA draws the same numbers
// whichever other LAs run beside it; 0 for England as one area.
std::uint32_t domain_of(const AreaStart& area) {
  const bool digits = !area.code.empty() && area.code.size() <= 4 &&
                      std::all_of(area.code.begin(), area.code.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits ? static_cast<std::uint32_t>(std::stoul(area.code)) : 0u;
}

}  // namespace

void add_years(YearTallies& into, const YearTallies& from) {
  if (into.empty()) {
    into = from;
    return;
  }
  if (into.size() != from.size()) throw std::logic_error("add_years: areas cover different years");
  for (std::size_t k = 0; k < into.size(); ++k) {
    into[k].census.add(from[k].census);
    into[k].flows.add(from[k].flows);
  }
}

SendRunResult run_send(const SendParams& england, const std::vector<AreaStart>& areas, const SendRunConfig& config,
                       const std::function<void(int, int)>& progress) {
  if (areas.empty()) throw std::invalid_argument("a run needs at least one area");
  if (config.start_year <= 0) throw std::invalid_argument("a run needs the January it starts from");
  const Month start(config.start_year, 1);
  if (config.to < start) throw std::invalid_argument("the horizon is before the start");
  for (const auto& area : areas)
    if (area.year != 0 && area.year != config.start_year)
      throw std::invalid_argument("area " + area.code + " holds the state of January " + std::to_string(area.year) +
                                  ", not of the run's start");
  SendRunResult result;
  result.scale = config.scale;
  const int months = (config.to - start) + 1;
  const int total = months * config.replicates * static_cast<int>(areas.size());
  int done = 0;
  std::mutex progress_mutex;

  // The largest areas first, so that the last to finish are small ones.
  std::vector<std::size_t> order(areas.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return areas[a].pupils > areas[b].pupils; });
  std::vector<SendParams> params;
  params.reserve(areas.size());
  for (const auto& area : areas) {
    params.push_back(area_params(england, area));
    if (config.local) config.local(area, params.back());
  }
  // Every area in every replicate is a task of its own (each draws from its own streams, so the
  // order they run in changes nothing): the largest areas first, each area's replicates together.
  // Fewer tasks than threads (England as one area): the spare threads work inside an area.
  const std::size_t replicates = static_cast<std::size_t>(config.replicates);
  const std::size_t tasks = areas.size() * replicates;
  const int inner_threads = std::max(1, config.threads / static_cast<int>(tasks));

  result.areas.resize(areas.size());
  for (std::size_t a = 0; a < areas.size(); ++a) {
    result.areas[a].code = areas[a].code;
    result.areas[a].name = areas[a].name;
    result.areas[a].replicates.resize(replicates);
  }
  std::vector<std::size_t> peak(tasks, 0);  // [area * replicates + replicate]
  std::atomic<std::size_t> resident{0}, peak_resident{0};
  std::size_t bytes_per_agent = 0;
  engine::parallel_for_chunks(tasks, config.threads, [&](std::size_t k) {
    const std::size_t a = order[k / replicates], r = k % replicates;
    std::size_t& own_peak = peak[a * replicates + r];
    SendModel model(params[a], SendRunOptions{config.scale, inner_threads});
    engine::SimulationOptions options;
    options.seed = config.seed;
    options.replicate = static_cast<std::uint32_t>(config.first_replicate + static_cast<int>(r));
    options.domain = domain_of(areas[a]);
    options.threads = inner_threads;
    engine::Simulation<SendModel> sim(model, options);
    model.synthesise(start, sim.rng());
    std::size_t held = model.agent_count();
    std::size_t now_resident = resident.fetch_add(held) + held;
    sim.run(start, config.to, config.cancel, [&](const engine::MonthContext&) {
      const std::size_t n = model.agent_count();
      own_peak = std::max(own_peak, n);
      now_resident = resident.fetch_add(n - held) + (n - held);  // wraps correctly when n < held
      held = n;
      std::size_t seen = peak_resident.load();
      while (now_resident > seen && !peak_resident.compare_exchange_weak(seen, now_resident)) {
      }
      if (progress) {
        std::lock_guard lock(progress_mutex);
        progress(++done, total);
      }
    });
    resident.fetch_sub(held);
    result.areas[a].replicates[r] = model.years();
    if (k == 0) bytes_per_agent = model.bytes_per_agent();
  });
  for (std::size_t r = 0; r < replicates; ++r) {
    YearTallies sum;
    for (const auto& area : result.areas) add_years(sum, area.replicates[r]);
    result.replicates.push_back(std::move(sum));
  }
  // Each area's largest count over its replicates, summed over areas.
  for (std::size_t a = 0; a < areas.size(); ++a)
    result.peak_agents += *std::max_element(peak.begin() + static_cast<std::ptrdiff_t>(a * replicates),
                                            peak.begin() + static_cast<std::ptrdiff_t>((a + 1) * replicates));
  result.bytes_per_agent = bytes_per_agent;
  result.peak_resident_agents = peak_resident.load();
  return result;
}

SendRunResult run_send(const SendParams& england, const SendRunConfig& config,
                       const std::function<void(int, int)>& progress) {
  SendRunConfig from_census = config;
  from_census.start_year = england.population.census_year;
  return run_send(england, {england_area(england)}, from_census, progress);
}

}  // namespace sendtwin::model
