#include "model/send/send_run.h"

#include <algorithm>
#include <stdexcept>

#include "engine/simulation.h"
#include "model/send/send_model.h"

namespace sendtwin::model {

SendRunResult run_send(const SendParams& params, const SendRunConfig& config,
                       const std::function<void(int, int)>& progress) {
  if (config.to < kSynthesisMonth) throw std::invalid_argument("the horizon is before January 2015");
  SendRunResult result;
  result.scale = config.scale;
  const int months = (config.to - kSynthesisMonth) + 1;
  const int total = months * config.replicates;
  int done = 0;
  for (int r = 0; r < config.replicates; ++r) {
    SendModel model(params, SendRunOptions{config.scale});
    engine::SimulationOptions options;
    options.seed = config.seed;
    options.replicate = static_cast<std::uint32_t>(r);
    options.threads = config.threads;
    engine::Simulation<SendModel> sim(model, options);
    model.synthesise(kSynthesisMonth, sim.rng());
    sim.run(kSynthesisMonth, config.to, [&](const engine::MonthContext&) {
      result.peak_agents = std::max(result.peak_agents, model.agent_count());
      if (progress) progress(++done, total);
    });
    result.bytes_per_agent = model.bytes_per_agent();
    result.replicates.push_back(model.years());
  }
  return result;
}

}  // namespace sendtwin::model
