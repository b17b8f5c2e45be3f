// Benchmarks of sendtwin's engine, one measurement per process so that peak RSS is its own:
//   sendtwin_bench rm1 --agents N --months M --threads T [--mode scheduled|monthly]
//   sendtwin_bench triad [--threads T]        STREAM-style triad a[i] = b[i] + s*c[i], GB/s
//   sendtwin_bench send [--threads T] [--repeats R]  one national SEND replicate, Jan 2015 - Dec 2035
//   sendtwin_bench la CODE [--replicates N] [--threads T] [--repeats R]  one LA, Jan 2025 - Dec 2035 at
//                                             full scale as `sendtwin la` runs it: its flows fitted,
//                                             then N replicates, each with its own parameter draw
//   sendtwin_bench pair [--replicates N] [--threads T] [--repeats R]  England, Jan 2025 - Dec 2035 at full
//                                             scale as `sendtwin scenario` runs it: every LA's flows
//                                             fitted, then the baseline and the White Paper's preset
//                                             scenario, N replicates each (common random numbers),
//                                             parameters drawn, with ledgers
//   sendtwin_bench witan CONFIG.edn [--simulations N] [--threads T] [--repeats R]  a witan.send project:
//                                             read, parameters, N simulations and the six outputs' text
// Each prints one JSON line. bench/run_bench.py runs them beside the numpy peer and prints the
// table (`make bench`).
#include <CLI/CLI.hpp>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "calibrate/flow_fit.h"
#include "data/embedded.h"
#include "data/la_flows.h"
#include "data/la_register.h"
#include "data/la_start.h"
#include "data/send_params.h"
#include "data/witan_project.h"
#include "engine/simulation.h"
#include "model/rm1/rm1_model.h"
#include "model/send/send_run.h"
#include "model/witan/witan_model.h"
#include "pipeline/pipeline.h"
#include "pipeline/scenarios.h"
#include "report/witan_report.h"
#include "server/server.h"

namespace {

using namespace sendtwin;
using Clock = std::chrono::steady_clock;

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

int bench_rm1(std::uint32_t agents, int months, int threads, const std::string& mode_name, std::uint64_t seed) {
  const auto mode = mode_name == "monthly" ? model::Rm1Model::Mode::Monthly : model::Rm1Model::Mode::Scheduled;
  model::Rm1Model rm1(agents, months, mode);
  engine::SimulationOptions options;
  options.seed = seed;
  options.threads = threads;
  engine::PartitionedSimulation<model::Rm1Model> sim(rm1, options);
  rm1.initialise(sim.rng());  // population set-up: excluded from the timing (REFERENCE_MODEL.md)
  double peak_bytes = rm1.bytes_per_agent();
  const auto start = Clock::now();
  for (int t = 1; t <= months; ++t) {
    sim.step(Month::from_index(t));
    peak_bytes = std::max(peak_bytes, rm1.bytes_per_agent());  // sums 150 x 120 capacities: negligible
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const auto c = rm1.national_counts();
  std::printf(
      "{\"engine\": \"sendtwin\", \"mode\": \"%s\", \"agents\": %u, \"months\": %d, \"threads\": %d, "
      "\"counts\": {\"NONE\": %lld, \"SUPPORT\": %lld, \"ASSESS\": %lld, \"EHCP_MAINSTREAM\": %lld, "
      "\"EHCP_SPECIAL\": %lld, \"EHCP_INDEPENDENT\": %lld}, \"seconds\": %.4f, \"agent_months_per_s\": %.0f, "
      "\"bytes_per_agent\": %.2f, \"peak_rss_kb\": %ld}\n",
      mode_name.c_str(), agents, months, threads, static_cast<long long>(c[0]), static_cast<long long>(c[1]),
      static_cast<long long>(c[2]), static_cast<long long>(c[3]), static_cast<long long>(c[4]),
      static_cast<long long>(c[5]), seconds, static_cast<double>(agents) * months / seconds, peak_bytes,
      peak_rss_kb());
  return 0;
}

int bench_triad(int threads) {
  constexpr std::size_t kN = 1 << 25;  // 32 Mi doubles per array: 768 MiB in all, far beyond cache
  std::vector<double> a(kN), b(kN, 1.0), c(kN, 2.0);
  const double s = 3.0;
  double best = 0;
  for (int repeat = 0; repeat < 5; ++repeat) {
    const auto start = Clock::now();
    engine::parallel_for_chunks(static_cast<std::size_t>(threads), threads, [&](std::size_t part) {
      const std::size_t begin = kN * part / threads, end = kN * (part + 1) / threads;
      for (std::size_t i = begin; i < end; ++i) a[i] = b[i] + s * c[i];
    });
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    best = std::max(best, 3.0 * sizeof(double) * kN / seconds / 1e9);  // STREAM counts 3 words
  }
  std::printf("{\"triad_gb_per_s\": %.2f, \"threads\": %d, \"check\": %.1f}\n", best, threads, a[kN / 2]);
  return 0;
}

// The replicate is timed `repeats` times (the machine's speed drifts by 10% or more from one run
// to the next on a shared host): the median is the figure, the fastest and slowest beside it.
int bench_send(int threads, int repeats) {
  const auto params = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  model::SendRunConfig config;
  config.threads = threads;
  // Every LA from its own state in the earliest January to December 2035, as `sendtwin run
  // --start 2015` does (the embedded LA table): the replicate the targets name.
  const auto all = data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName);
  config.start_year = data::kFirstStartYear;
  config.to = Month(2035, 12);
  const auto areas = data::starts_in(all, config.start_year);
  const std::size_t las = areas.size();
  std::vector<double> seconds;
  model::SendRunResult run;
  for (int k = 0; k < repeats; ++k) {
    const auto start = Clock::now();
    run = model::run_send(params, areas, config);
    seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  const long rss = peak_rss_kb();
  std::printf(
      "{\"national_replicate_s\": %.3f, \"fastest_s\": %.3f, \"slowest_s\": %.3f, \"repeats\": %d, "
      "\"threads\": %d, \"las\": %zu, \"peak_agents\": %zu, "
      "\"peak_resident_agents\": %zu, \"bytes_per_agent_state\": %zu, \"peak_rss_kb\": %ld, "
      "\"peak_rss_bytes_per_agent\": %.1f, \"peak_rss_bytes_per_resident_agent\": %.1f}\n",
      seconds[seconds.size() / 2], seconds.front(), seconds.back(), repeats, threads, las, run.peak_agents,
      run.peak_resident_agents, run.bytes_per_agent, rss, rss * 1024.0 / run.peak_agents,
      rss * 1024.0 / run.peak_resident_agents);
  return 0;
}

// The plan `sendtwin la CODE` makes from the embedded data, January 2025 at full scale, cut to the LA
// and the LAs whose DSG ledger it shares (pipeline::only_las) and not yet fitted to their flows; with
// no code, every LA's (`sendtwin run`'s and `scenario`'s).
struct LaBench {
  pipeline::RunPlan plan;
  std::vector<model::AreaStart> all;
  calibrate::FlowTargets targets;
};

LaBench la_bench_plan(const std::string& code, int threads) {
  static const auto reg = data::LaRegister::parse(data::embedded_la_register(), data::kEmbeddedRegisterName);
  LaBench b;
  auto& p = b.plan;
  b.all = data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName);
  p.start_year = data::latest_start_year(b.all);
  p.last_year = 2035;
  p.areas = data::starts_in(b.all, p.start_year);
  p.send = model::england_at_start(data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName), p.areas);
  p.money = data::parse_finance_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  std::copy_if(b.all.begin(), b.all.end(), std::back_inserter(p.history), [&](const model::AreaStart& a) { return a.year < p.start_year; });
  p.funding = data::parse_la_funding(data::embedded_la_funding(), data::kEmbeddedFundingName);
  for (auto rows : {data::parse_high_needs_published(data::embedded_high_needs_published(), data::kEmbeddedHighNeedsName),
                    data::parse_balances_reported(data::embedded_balances_reported(), data::kEmbeddedBalancesName)})
    p.funding.insert(p.funding.end(), rows.begin(), rows.end());
  p.la_register = &reg;
  p.threads = threads;
  if (!code.empty()) p = pipeline::only_las(p, {code});  // empty: England, every LA
  for (const auto& a : b.all) b.targets.plans[a.code][a.year] = a.plans();
  for (const auto& flow : data::parse_la_flows(data::embedded_la_flows(), data::kEmbeddedFlowsName))
    if (flow.new_plans) b.targets.new_plans[flow.code][flow.year] = *flow.new_plans;
  return b;
}

// The LA's flows fitted as `sendtwin la` fits them (src/cli/inputs.cpp): a run of its LAs alone under
// England's parameters of the window's first January, and England's growth from every LA's
// published figures.
void fit_la(LaBench& b, int threads) {
  auto& p = b.plan;
  calibrate::FlowFitOptions options;
  options.threads = threads;
  calibrate::FlowFitOptions published_only = options;
  published_only.iterations = 0;
  const int first = p.start_year - options.window;
  const auto england = calibrate::fit_flows(p.send, b.all, b.targets, p.start_year, published_only);
  std::vector<model::AreaStart> window, mine;
  for (const auto& a : b.all) {
    if (a.year == first) window.push_back(a);
    if (std::any_of(p.areas.begin(), p.areas.end(), [&](const model::AreaStart& x) { return x.code == a.code; }) ||
        std::any_of(p.history.begin(), p.history.end(), [&](const model::AreaStart& x) { return x.code == a.code; }))
      mine.push_back(a);
  }
  p.areas = calibrate::fit_flows(model::england_at_start(p.send, window), mine, b.targets, p.start_year, options).areas;
  p.send = calibrate::as_known_at(p.send, p.start_year, england.request_growth, england.sen_support_growth);
}

// Every LA's flows fitted as `sendtwin run` and `scenario` fit them (src/cli/inputs.cpp).
void fit_all(LaBench& b, int threads) {
  auto& p = b.plan;
  calibrate::FlowFitOptions options;
  options.threads = threads;
  const auto fit = calibrate::fit_flows(p.send, b.all, b.targets, p.start_year, options);
  p.areas = fit.areas;
  p.send = calibrate::as_known_at(p.send, p.start_year, fit.request_growth, fit.sen_support_growth);
}

// One LA (`code`; empty: England, every LA) from its start to 2035 at full scale: the fit, then
// `replicates` replicates of the baseline and, `with_scenario`, of the White Paper's preset
// (server::preset_scenarios) beside it with common random numbers; replicate r with parameter draw r
// (pipeline::run_scenarios), with ledgers. Timed `repeats` times in one process (peak RSS is the
// largest repeat's); the median is the figure.
int bench_runs(const std::string& code, bool with_scenario, int replicates, int threads, int repeats) {
  std::vector<double> seconds, fitting;
  std::vector<scenario::Scenario> scenarios;
  if (with_scenario) {
    const auto presets = server::preset_scenarios();
    if (presets.empty()) return 1;
    scenarios.push_back(presets.front());
  }
  std::size_t las = 0;
  for (int k = 0; k < repeats; ++k) {
    const auto start = Clock::now();
    LaBench b = la_bench_plan(code, threads);
    if (code.empty()) fit_all(b, threads);
    else fit_la(b, threads);
    const auto fitted = Clock::now();
    b.plan.parameter_uncertainty = true;
    const auto results = pipeline::run_scenarios(scenarios, replicates, b.plan);
    if (results.figures.size() != scenarios.size() + 1) return 1;
    for (const auto& runs : results.figures)
      if (runs.size() != static_cast<std::size_t>(replicates)) return 1;
    las = b.plan.areas.size();
    seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    fitting.push_back(std::chrono::duration<double>(fitted - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::sort(fitting.begin(), fitting.end());
  std::printf(
      "{\"la\": \"%s\", \"scenario\": \"%s\", \"las_run\": %zu, \"seconds\": %.3f, \"fastest_s\": %.3f, \"slowest_s\": %.3f, "
      "\"fit_s\": %.3f, \"replicates\": %d, \"repeats\": %d, \"threads\": %d, \"peak_rss_kb\": %ld}\n",
      code.empty() ? "England" : code.c_str(), scenarios.empty() ? "" : scenarios.front().name.c_str(), las, seconds[seconds.size() / 2],
      seconds.front(), seconds.back(), fitting[fitting.size() / 2], replicates, repeats, threads, peak_rss_kb());
  return 0;
}

// A witan.send project end to end as `sendtwin witan` runs it, less writing the files: reading the
// EDN and CSVs, witan.send's parameters, the simulations, and the six outputs' summaries and text.
// Timed `repeats` times; the median is the figure.
int bench_witan(const std::string& config_path, int simulations, int threads, int repeats) {
  std::vector<double> seconds, simulate;
  std::size_t bytes = 0;
  for (int k = 0; k < repeats; ++k) {
    const auto start = Clock::now();
    const auto project = data::read_witan_project(config_path);
    const auto inputs = model::witan::prepare_witan(project);
    const auto before_run = Clock::now();
    const auto run = model::witan::run_witan(inputs, {project.config.random_seed, simulations, threads});
    const auto after_run = Clock::now();
    bytes = 0;
    for (const auto& [name, text] : report::witan_output_files(run, inputs)) bytes += text.size();
    seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    simulate.push_back(std::chrono::duration<double>(after_run - before_run).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::sort(simulate.begin(), simulate.end());
  std::printf(
      "{\"witan_s\": %.3f, \"fastest_s\": %.3f, \"slowest_s\": %.3f, \"simulate_s\": %.3f, \"repeats\": %d, "
      "\"simulations\": %d, \"threads\": %d, \"output_bytes\": %zu, \"peak_rss_kb\": %ld}\n",
      seconds[seconds.size() / 2], seconds.front(), seconds.back(), simulate[simulate.size() / 2], repeats, simulations,
      threads, bytes, peak_rss_kb());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sendtwin engine benchmarks (see bench/run_bench.py)"};
  app.require_subcommand(1);
  std::uint32_t agents = 10'000'000;
  int months = 120, threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::string mode = "scheduled";
  std::uint64_t seed = 1;
  auto* rm1 = app.add_subcommand("rm1", "The reference model RM1 through the engine");
  rm1->add_option("--agents", agents);
  rm1->add_option("--months", months);
  rm1->add_option("--threads", threads);
  rm1->add_option("--mode", mode)->check(CLI::IsMember({"scheduled", "monthly"}));
  rm1->add_option("--seed", seed);
  auto* triad = app.add_subcommand("triad", "Memory bandwidth, STREAM-style triad");
  triad->add_option("--threads", threads);
  int repeats = 3;
  auto* send = app.add_subcommand("send", "One national SEND replicate 2015-2035, timed --repeats times");
  send->add_option("--threads", threads);
  send->add_option("--repeats", repeats)->check(CLI::Range(1, 99));
  std::string la_code;
  int la_replicates = 20;
  auto* la = app.add_subcommand("la", "One LA 2025-2035 at full scale as `sendtwin la` runs it (fit, replicates with parameter draws), timed --repeats times");
  la->add_option("code", la_code, "The LA's DfE code (202 Camden, 886 Kent)")->required();
  la->add_option("--replicates", la_replicates)->check(CLI::Range(1, 1000));
  la->add_option("--threads", threads);
  la->add_option("--repeats", repeats)->check(CLI::Range(1, 99));
  int pair_replicates = 20;
  auto* pair = app.add_subcommand("pair", "England 2025-2035 at full scale, a baseline and a scenario (the White Paper's preset), --replicates each, timed --repeats times");
  pair->add_option("--replicates", pair_replicates)->check(CLI::Range(1, 1000));
  pair->add_option("--threads", threads);
  pair->add_option("--repeats", repeats)->check(CLI::Range(1, 99));
  std::string witan_config;
  int simulations = 1000;
  auto* witan = app.add_subcommand("witan", "A witan.send project (e.g. witan.send's demo) end to end, timed --repeats times");
  witan->add_option("config", witan_config, "The project's config.edn")->required();
  witan->add_option("--simulations", simulations)->check(CLI::Range(1, 1000000));
  witan->add_option("--threads", threads);
  witan->add_option("--repeats", repeats)->check(CLI::Range(1, 99));
  CLI11_PARSE(app, argc, argv);
  if (rm1->parsed()) return bench_rm1(agents, months, threads, mode, seed);
  if (triad->parsed()) return bench_triad(threads);
  if (send->parsed()) return bench_send(threads, repeats);
  if (la->parsed()) return bench_runs(la_code, false, la_replicates, threads, repeats);
  if (pair->parsed()) return bench_runs("", true, pair_replicates, threads, repeats);
  if (witan->parsed()) {
    try {
      return bench_witan(witan_config, simulations, threads, repeats);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "sendtwin_bench witan: %s\n", e.what());
      return 2;
    }
  }
  return 2;
}
