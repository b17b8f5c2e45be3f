#include "cli/inputs.h"

#include "pipeline/areas.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <set>
#include <thread>

#include "cli/flags.h"
#include "calibrate/flow_fit.h"
#include "core/error.h"
#include "data/csv.h"
#include "data/embedded.h"
#include "data/send_params.h"
#include "io/input_file.h"
#include "pipeline/local.h"
#include "store/run_store.h"

namespace sendtwin::cli {

namespace {

// A bar on a terminal; a line at each tenth otherwise, so logs show progress without carriage returns.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled), tty_(isatty(fileno(stderr))) {}
  void operator()(int done, int total) {
    if (!enabled_) return;
    if (!tty_) {
      const int tenth = done * 10 / total;
      if (tenth != last_tenth_) {
        last_tenth_ = tenth;
        std::fprintf(stderr, "simulating: %3d%% (%d/%d LA-months)\n", tenth * 10, done, total);
      }
      return;
    }
    const int width = 40, filled = done * width / total;
    std::fprintf(stderr, "\r[%.*s%*s] %3d%%  %d/%d LA-months", filled, "########################################",
                 width - filled, "", done * 100 / total, done, total);
    if (done == total) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

 private:
  bool enabled_, tty_;
  int last_tenth_ = -1;
};

}  // namespace

const char* const kStoreHelp =
    "Record the run (command line, parameter and data hashes, seed, version, timings, outputs) in this SQLite run store, "
    "created if missing; default: $SENDTWIN_STORE if set, else no record. See `sendtwin runs`";

void add_simulation_options(CLI::App* cmd, RunFlags& f) {
  add_start_options(cmd, f);
  cmd->add_option("--params", f.params, "Parameter file (TOML) instead of the embedded data/params/send.toml");
  cmd->add_option("--seed", f.seed, "Seed of the random streams; the same seed gives byte-identical outputs")->capture_default_str()->check(seed());
  cmd->add_option("--threads", f.threads, "Worker threads (default: all cores); results do not depend on it")->check(whole(1, kMaxThreads));
  cmd->add_option("--from", f.from, "First year reported (default: the start)")->check(whole(kFirstYear, kLastYear));
  cmd->add_option("--to", f.to, "Last year simulated (to December)")->capture_default_str()->check(whole(kFirstYear, kLastYear));
  cmd->add_option("--scale", f.scale, "Share of the population simulated, e.g. 0.01 for one agent per 100 children; outputs are scaled back")->capture_default_str()->check(number(model::kMinScale, 1));
  cmd->add_flag("--quiet,-q", f.quiet, "No progress bar or timing on stderr");
}

void add_start_options(CLI::App* cmd, RunFlags& f) {
  cmd->add_option("--start", f.start, "The January every LA starts from, in its published state then (plans by age, placement and need, pupils, SEN Support, its recent practice); default: the latest the LA table holds")->check(whole(kFirstYear, kLastYear));
  cmd->add_option("--data", f.data, "Directory of DfE's EES files (as ../shared/data/dfe or `sendtwin data pull`): each LA starts from its own published state; default: the embedded table built from them");
  cmd->add_option("--las", f.las, "LA table (the columns of data/la/starts.csv), e.g. one written by `calibrate --per-la --out-las`");
}

void add_output_files(CLI::App* cmd, RunFlags& f) {
  cmd->add_option("--xlsx", f.xlsx, "Also write the outputs as an Excel workbook");
  cmd->add_option("--report", f.report, "Also write a self-contained HTML report with charts");
}

ParamsText read_params(const std::string& path) {
  if (path.empty()) return {std::string(data::embedded_send_params()), data::kEmbeddedParamsName};
  return {io::read_text_file(path), path};
}

Params load_params(const std::string& path) {
  const auto [text, name] = read_params(path);
  return {data::parse_send_params(text, name), data::parse_finance_params(text, name)};
}

std::vector<model::AreaStart> load_areas(const std::string& data_dir, const model::SendParams& params, const std::string& las,
                                        int last_year) {
  if (!las.empty()) return data::parse_la_starts(io::read_text_file(las), las);
  if (data_dir.empty()) return data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName);
  return data::read_la_starts(data_dir, params, la_register(), last_year);
}

const data::LaRegister& la_register() {
  static const data::LaRegister r = data::LaRegister::parse(data::embedded_la_register(), data::kEmbeddedRegisterName);
  return r;
}

const std::vector<finance::FundingRow>& funding_rows() {
  static const auto rows = [] {
    auto all = data::parse_la_funding(data::embedded_la_funding(), data::kEmbeddedFundingName);
    const auto stated = data::parse_high_needs_published(data::embedded_high_needs_published(), data::kEmbeddedHighNeedsName);
    all.insert(all.end(), stated.begin(), stated.end());
    const auto reported = data::parse_balances_reported(data::embedded_balances_reported(), data::kEmbeddedBalancesName);
    all.insert(all.end(), reported.begin(), reported.end());
    const auto notional = data::parse_notional_reported(data::embedded_notional_reported(), data::kEmbeddedNotionalName);
    all.insert(all.end(), notional.begin(), notional.end());
    return all;
  }();
  return rows;
}

std::map<std::string, std::map<int, double>> la_plans_by_code(const std::vector<data::LaPlansFigure>& figures) {
  std::map<std::string, std::map<int, double>> out;
  for (const auto& f : figures) out[f.code][f.year] = f.plans;
  return out;
}

std::map<std::string, std::map<int, double>> published_la_plans() {
  return la_plans_by_code(data::parse_la_plans(data::embedded_la_plans(), data::kEmbeddedLaPlansName));
}

std::vector<scenario::Scenario> load_scenarios(const std::vector<std::string>& files, const std::vector<model::AreaStart>& areas) {
  std::vector<scenario::Scenario> out;
  for (const auto& file : files) {
    const std::string text = io::read_text_file(file);
    if (scenario::is_sweep_plan(text)) {
      std::fprintf(stderr, "sendtwin: %s is a sweep plan, not a scenario: passed over (run it with sendtwin sweep)\n", file.c_str());
      continue;
    }
    out.push_back(scenario::parse_scenario(text, file));
    const auto& s = out.back();
    for (std::size_t k = 0; k + 1 < out.size(); ++k)
      if (out[k].name == s.name)
        throw InputError(file, 0, "scenario.name", "\"" + s.name + "\" is also the name of " + out[k].file);
    for (const auto& p : s.places_by_la)
      if (std::none_of(areas.begin(), areas.end(), [&](const model::AreaStart& a) { return a.code == p.code; }))
        throw InputError(file, p.line, "special_places_by_la." + p.code, "is not an LA of the run");
    for (const auto& l : s.local)
      if (std::none_of(areas.begin(), areas.end(), [&](const model::AreaStart& a) { return a.code == l.code; }))
        throw InputError(file, l.line, "la." + l.code, "is not an LA of the run (its code in January of the start)");
  }
  return out;
}

int threads_or_all(int flag) { return flag > 0 ? flag : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

std::vector<data::LaFlow> la_flows(const std::string& data_dir) {
  if (data_dir.empty()) return data::parse_la_flows(data::embedded_la_flows(), data::kEmbeddedFlowsName);
  return data::read_la_flows(data_dir, la_register());
}

namespace {

// A start whose window of flows the data hold is a forecast (calibrate/flow_fit.h): the national
// parameters as known then, each LA's request and ceasing rates fitted to its own recent flows.
// An earlier start (no flows before it) replays the past with the parameters as shipped.
// A plan of some LAs fits those alone, as the fit of every LA fits them: each LA's fit is a run of
// that LA alone under England's parameters of the window's first January (every LA's, set here, so
// that fit_flows keeps them: model::england_at_start leaves parameters of that January as they are),
// and England's growth of requests and of SEN Support comes from every LA's published figures (a
// fit of no iteration, which simulates nothing).
void forecast_from_start(pipeline::RunPlan& p, const std::vector<model::AreaStart>& all, bool every_la, const RunFlags& f) {
  calibrate::FlowFitOptions options;
  const int first = f.start - options.window;
  if (std::none_of(all.begin(), all.end(), [&](const model::AreaStart& a) { return a.year == first; })) return;
  calibrate::FlowTargets targets;
  for (const auto& a : all) targets.plans[a.code][a.year] = a.plans();
  for (const auto& flow : la_flows(f.data)) {
    if (flow.new_plans) targets.new_plans[flow.code][flow.year] = *flow.new_plans;
    if (flow.requests) targets.requests[flow.code][flow.year] = *flow.requests;
  }
  options.scale = f.scale;
  options.seed = f.seed;
  options.threads = threads_or_all(f.threads);
  auto log = [&](const std::string& line) {
    if (!f.quiet) std::fputs(line.c_str(), stderr);
  };
  if (every_la) {
    const auto fit = calibrate::fit_flows(p.send, all, targets, f.start, options, log);
    p.areas = fit.areas;
    p.send = calibrate::as_known_at(p.send, f.start, fit.request_growth, fit.sen_support_growth, fit.growth_damping);
    return;
  }
  calibrate::FlowFitOptions published_only = options;
  published_only.iterations = 0;
  const auto england = calibrate::fit_flows(p.send, all, targets, f.start, published_only);
  std::set<std::string> codes;
  for (const auto* set : {&p.areas, &p.history})
    for (const auto& a : *set) codes.insert(a.code);
  std::vector<model::AreaStart> window, mine;
  for (const auto& a : all) {
    if (a.year == first) window.push_back(a);
    if (codes.count(a.code)) mine.push_back(a);
  }
  options.every_la = &all;  // England's line of places and the LAs' spread, as the fit of every LA reads them
  const auto fit = calibrate::fit_flows(model::england_at_start(p.send, window), mine, targets, f.start, options, log);
  p.areas = fit.areas;
  p.send = calibrate::as_known_at(p.send, f.start, england.request_growth, england.sen_support_growth, england.growth_damping);
}

}  // namespace

PublishedPlan published_plan(RunFlags& f, const data::LocalData* local) {
  PublishedPlan out;
  pipeline::RunPlan& p = out.plan;
  auto [send, money] = load_params(f.params);
  out.all = load_areas(f.data, send, f.las, f.start);
  const auto& all = out.all;
  if (f.start == 0) f.start = data::latest_start_year(all);
  if (f.from == 0) f.from = f.start;
  p.areas = data::starts_in(all, f.start);
  p.send = model::england_at_start(send, p.areas);
  std::copy_if(all.begin(), all.end(), std::back_inserter(p.history), [&](const model::AreaStart& a) { return a.year < f.start; });
  p.money = std::move(money);
  p.funding = funding_rows();
  p.la_register = &la_register();
  p.start_year = f.start;
  p.last_year = f.to;
  // The LA's own figures are checked against the published start before the flows are fitted (the
  // first work of a run); the command applies them to the plan made.
  if (local) {
    pipeline::RunPlan trial = p;
    pipeline::apply_local(*local, trial);
  }
  p.seed = f.seed;
  p.replicates = f.replicates;
  p.scale = f.scale;
  p.threads = threads_or_all(f.threads);
  p.first_year = f.from;
  p.check();
  return out;
}

pipeline::RunPlan fitted_plan(const PublishedPlan& published, const RunFlags& f, const std::vector<std::string>& codes) {
  pipeline::RunPlan p = codes.empty() ? published.plan : pipeline::only_las(published.plan, codes);
  forecast_from_start(p, published.all, codes.empty(), f);
  p.check();
  return p;
}

pipeline::RunPlan plan(RunFlags& f, const data::LocalData* local) { return fitted_plan(published_plan(f, local), f); }

pipeline::RunPlan scenario_plan(RunFlags& f, bool fixed_parameters) { return as_scenario_plan(plan(f), f, fixed_parameters); }

pipeline::RunPlan as_scenario_plan(pipeline::RunPlan p, const RunFlags& f, bool fixed_parameters) {
  if (f.to <= f.start) throw InputError("--to", 0, "", "must be after the start, January " + std::to_string(f.start) + ": scenarios compare years after it");
  p.parameter_uncertainty = !fixed_parameters;
  return p;
}

pipeline::RunResult simulate(const pipeline::RunPlan& plan, bool quiet) {
  ProgressBar progress(!quiet);
  const auto start = std::chrono::steady_clock::now();
  auto result = pipeline::run(plan, std::ref(progress));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!quiet)
    std::fprintf(stderr,
                 "simulated %zu LAs x %d replicate(s) x %d months on %d thread(s) in %.1f s; peak %zu agents, %zu bytes each\n",
                 plan.areas.size(), plan.replicates, (Month(plan.last_year, 12) - Month(plan.start_year, 1)) + 1, plan.threads,
                 seconds, result.run.peak_agents, result.run.bytes_per_agent);
  return result;
}

std::string simulation_data_hashes(const std::string& data_dir, const std::string& las) {
  std::string out;
  if (!las.empty()) out += store::file_hash_line(las);
  else if (!data_dir.empty()) out += store::data_dir_hash_lines(data_dir);
  else out += store::hash_line(data::kEmbeddedStartsName, data::embedded_la_starts());
  // The flows a run from a later January fits each LA to (DfE's files with --data are hashed above).
  if (data_dir.empty()) out += store::hash_line(data::kEmbeddedFlowsName, data::embedded_la_flows());
  out += store::hash_line(data::kEmbeddedRegisterName, data::embedded_la_register());
  out += store::hash_line(data::kEmbeddedFundingName, data::embedded_la_funding());
  out += store::hash_line(data::kEmbeddedSeriesName, data::embedded_national_series());
  return out;
}

store::RunStart describe_run(const std::string& command, const std::string& params_path, std::string data_hashes,
                             std::optional<std::uint64_t> seed) {
  store::RunStart s;
  s.command = command;
  auto [text, name] = read_params(params_path);
  s.params_name = std::move(name);
  s.params_text = std::move(text);
  s.data_hashes = std::move(data_hashes);
  s.seed = seed;
  return s;
}

std::optional<std::size_t> area_of(const data::LaRecord& record, const std::vector<model::AreaStart>& areas) {
  return pipeline::area_of(record, areas);
}

std::size_t find_area(const std::string& query, const std::vector<model::AreaStart>& areas) {
  return pipeline::find_area(la_register(), query, areas);
}

std::vector<int> report_years(int start, int from, int to) {
  std::vector<int> years;
  for (int y = start; y <= to; y += 10)
    if (y >= from) years.push_back(y);
  if (years.empty()) years.push_back(to);
  return years;
}

std::string scale_text(double scale) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", scale);
  return buf;
}

void emit(const std::string& table, const std::string& out, io::OutputSet& outputs) {
  if (out.empty()) {
    std::cout << table;
    return;
  }
  outputs.stage(out, table);
  outputs.publish();
}

void record_written(store::Recorder& record, const std::vector<std::string>& paths, bool quiet) {
  for (const auto& path : paths)
    if (!path.empty()) {
      record.file(path);
      if (!quiet) std::fprintf(stderr, "wrote %s\n", path.c_str());
    }
}

std::function<void(int, int)> runs_progress(bool quiet, const char* what) {
  if (quiet) return {};
  return [what](int done, int total) {
    std::fprintf(stderr, "\r%s: run %d of %d", what, done, total);
    if (done == total) std::fprintf(stderr, "\n");
  };
}

}  // namespace sendtwin::cli
