// The `sendtwin` command. Thin: it parses flags, calls the model and the report, and maps errors
// to exit codes (2: bad input, 1: internal failure).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <thread>

#include "core/calendar.h"
#include "calibrate/calibrate.h"
#include "cli/flags.h"
#include "cli/witan_command.h"
#include "core/error.h"
#include "core/printable.h"
#include "data/atomic_file.h"
#include "data/csv.h"
#include "data/embedded.h"
#include "data/la_register.h"
#include "data/la_start.h"
#include "data/pull.h"
#include "data/published.h"
#include "data/send_params.h"
#include "engine/simulation.h"
#include "measures/legacy.h"
#include "model/send/send_run.h"
#include "report/finance_report.h"
#include "report/la_report.h"
#include "report/results.h"
#include "report/scenario_report.h"
#include "report/validation.h"
#include "report/html.h"
#include "report/xlsx.h"
#include "pipeline/scenarios.h"
#include "server/server.h"
#include "cli/sweep_command.h"
#include "scenario/scenario.h"
#include "store/run_store.h"

namespace {

using namespace sendtwin;

struct RunFlags {
  std::string la;  // `sendtwin la`: a code or name
  std::string out;
  std::string params;
  std::string data;  // directory of DfE's EES files; empty: the embedded LA table
  std::string las;   // an LA table instead (data/la/start_2015.csv's columns)
  std::string xlsx;  // an Excel workbook of the outputs
  std::string report;  // a self-contained HTML report
  std::uint64_t seed = 1;
  int threads = 0;
  int from = 2015;
  int to = 2035;
  int replicates = 1;
  double scale = 1.0;
  bool quiet = false;
  std::string store;  // run store (SQLite) to record the run in; default $SENDTWIN_STORE
};

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled), tty_(isatty(fileno(stderr))) {}
  void operator()(int done, int total) {
    if (!enabled_) return;
    if (!tty_) {
      // Not a terminal: a line at each tenth, so logs show progress without carriage returns.
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

const std::vector<finance::FundingRow>& funding_rows() {
  static const auto rows = data::parse_la_funding(data::embedded_la_funding(), data::kEmbeddedFundingName);
  return rows;
}

// The parameter file (or the embedded one), read once: the SEND model's parameters and the money's.
struct Params {
  model::SendParams send;
  finance::FinanceParams money;
};
Params load_all(const std::string& path) {
  const std::string text = path.empty() ? std::string(data::embedded_send_params()) : data::read_text_file(path);
  const std::string name = path.empty() ? data::kEmbeddedParamsName : path;
  return {data::parse_send_params(text, name), data::parse_finance_params(text, name)};
}
model::SendParams load_params(const std::string& path) { return load_all(path).send; }

// Worker threads: the flag, or every core.
int threads_or_all(int flag) { return flag > 0 ? flag : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

// A table to standard output, or (atomically) to the file `out` declared in `outputs`.
void emit(const std::string& table, const std::string& out, data::OutputSet& outputs) {
  if (out.empty()) {
    std::cout << table;
    return;
  }
  outputs.stage(out, table);
  outputs.publish();
}

// ---- The run store (`--store FILE` or $SENDTWIN_STORE) ----

std::vector<std::string> g_arguments;  // the command line, set by main

// A word as a POSIX shell reads it back.
std::string shell_quote(const std::string& word) {
  if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=/.,:@%") == std::string::npos)
    return word;
  std::string out = "'";
  for (const char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string command_line() {
  std::string out = "sendtwin";
  for (std::size_t k = 1; k < g_arguments.size(); ++k) out += " " + shell_quote(g_arguments[k]);
  return out;
}

// The store a run records itself in: --store, else $SENDTWIN_STORE, else none.
std::string store_path(const std::string& flag) {
  if (!flag.empty()) return flag;
  const char* env = std::getenv("SENDTWIN_STORE");
  return env ? env : "";
}

// The run begun in a store and not yet finished: main marks it failed if the command throws.
struct PendingRun {
  std::string store;
  std::int64_t id = 0;
  std::chrono::steady_clock::time_point start;
};
std::optional<PendingRun> g_pending;

void fail_pending_run(const std::string& why) {
  if (!g_pending) return;
  const PendingRun p = *g_pending;
  g_pending.reset();
  try {
    store::RunStore(p.store).fail_run(p.id, std::chrono::duration<double>(std::chrono::steady_clock::now() - p.start).count(), why);
  } catch (const std::exception& e) {
    std::cerr << "sendtwin: could not record the failure of run " << p.id << " in " << p.store << ": " << e.what() << "\n";
  }
}

// Records one run in the store, if there is one: a 'running' row when constructed (after the inputs
// have loaded), then its outputs and timings in one transaction by finish(). Outputs are recorded
// only once they are in place (renamed), so a run killed before then leaves a 'running' row and
// no outputs.
class Recorder {
 public:
  Recorder(const std::string& store_flag, const std::string& command, const std::string& params_path,
           const std::function<std::string()>& data_hashes, std::optional<std::uint64_t> seed, bool quiet)
      : quiet_(quiet) {
    const std::string path = store_path(store_flag);
    if (path.empty()) return;
    store_.emplace(path);
    store::RunStart s;
    s.command = command;
    s.arguments = command_line();
    s.params_name = params_path.empty() ? data::kEmbeddedParamsName : params_path;
    s.params_text = params_path.empty() ? std::string(data::embedded_send_params()) : data::read_text_file(params_path);
    s.data_hashes = data_hashes();
    s.seed = seed;
    id_ = store_->begin_run(s);
    g_pending = PendingRun{path, id_, start_};
  }
  bool active() const { return store_.has_value(); }
  // An output file now in place; named by its file name (unless another output has that name).
  void file(const std::string& path) {
    if (!active()) return;
    std::string name = std::filesystem::path(path).filename().string();
    for (const auto& o : outputs_)
      if (o.name == name) name = path;
    outputs_.push_back(store::output_from_file(path, name));
  }
  void text(const std::string& name, const std::string& text) {
    if (active()) outputs_.push_back(store::output_from_text(name, text));
  }
  void finish() {
    if (!active()) return;
    store_->finish_run(id_, outputs_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
    g_pending.reset();
    if (!quiet_) std::fprintf(stderr, "recorded as run %lld in %s\n", static_cast<long long>(id_), store_->path().c_str());
  }

 private:
  bool quiet_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::optional<store::RunStore> store_;
  std::int64_t id_ = 0;
  std::vector<store::OutputRecord> outputs_;
};

// The hash lines of the data a simulation reads: the LA table (--las), DfE's files (--data) or the
// embedded table, and the embedded tables every run reads.
std::string simulation_data_hashes(const std::string& data_dir, const std::string& las) {
  std::string out;
  if (!las.empty()) out += store::file_hash_line(las);
  else if (!data_dir.empty()) out += store::data_dir_hash_lines(data_dir);
  else out += store::hash_line(data::kEmbeddedStartsName, data::embedded_la_starts());
  out += store::hash_line(data::kEmbeddedRegisterName, data::embedded_la_register());
  out += store::hash_line(data::kEmbeddedFundingName, data::embedded_la_funding());
  out += store::hash_line(data::kEmbeddedSeriesName, data::embedded_national_series());
  return out;
}

// The years the LA comparisons report: 2015, 2025 and 2035 where the run covers them, else its last.
std::vector<int> report_years(int from, int to) {
  std::vector<int> years;
  for (int y : {2015, 2025, 2035})
    if (y >= from && y <= to) years.push_back(y);
  if (years.empty()) years.push_back(to);
  return years;
}

const data::LaRegister& la_register() {
  static const data::LaRegister r = data::LaRegister::parse(data::embedded_la_register(), data::kEmbeddedRegisterName);
  return r;
}

// The LAs a run starts from: read from DfE's files in `dir`, or the embedded table built from them.
// The LAs' starts: a table given with --las (as written by `calibrate --per-la --out-las`), else
// read from DfE's files with --data, else the embedded table built from them.
std::vector<model::AreaStart> load_areas(const std::string& dir, const model::SendParams& params, const std::string& las = "") {
  if (!las.empty()) return data::parse_la_starts(data::read_text_file(las), las);
  if (dir.empty()) return data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName);
  return data::read_la_starts(dir, params, la_register());
}

int data_funding_command(const RunFlags& f) {
  data::OutputSet outputs;  // checked before the work
  if (!f.out.empty()) outputs.file(f.out, "--out");
  emit(data::la_funding_csv(data::read_la_funding(f.data, la_register())), f.out, outputs);
  return 0;
}

int data_plans_command(const RunFlags& f) {
  data::OutputSet outputs;  // checked before the work
  if (!f.out.empty()) outputs.file(f.out, "--out");
  emit(data::la_plans_csv(data::read_la_plans(f.data)), f.out, outputs);
  return 0;
}

// Each LA's published January EHC plans (the embedded table built from DfE's files): code -> year -> plans.
std::map<std::string, std::map<int, double>> la_plans_by_code(const std::vector<data::LaPlansFigure>& figures) {
  std::map<std::string, std::map<int, double>> out;
  for (const auto& f : figures) out[f.code][f.year] = f.plans;
  return out;
}

std::map<std::string, std::map<int, double>> published_la_plans() {
  return la_plans_by_code(data::parse_la_plans(data::embedded_la_plans(), data::kEmbeddedLaPlansName));
}

int data_starts_command(const RunFlags& f) {
  if (f.data.empty()) throw InputError("--data", 0, "", "give the directory of DfE's files");
  data::OutputSet outputs;  // checked before the work
  if (!f.out.empty()) outputs.file(f.out, "--out");
  const auto params = load_params(f.params);
  emit(data::la_starts_csv(data::read_la_starts(f.data, params, la_register())), f.out, outputs);
  return 0;
}

// Checks the run flags shared by run, la and variation, and runs every LA.
model::SendRunResult simulate(const RunFlags& f, const model::SendParams& params,
                              const std::vector<model::AreaStart>& areas) {
  if (f.from < model::kSynthesisMonth.year())
    throw InputError("--from", 0, "", "the model starts from the January 2015 census: use 2015 or later");
  if (f.to < f.from)
    throw InputError("--to", 0, "", std::to_string(f.to) + " is before --from " + std::to_string(f.from) + ": give a later --to or an earlier --from");
  if (f.to > 2080) throw InputError("--to", 0, "", "the horizon must be 2080 or earlier");
  if (!(f.scale > 0 && f.scale <= 1)) throw InputError("--scale", 0, "", "must be in (0, 1]");
  if (f.replicates < 1 || f.replicates > 1000) throw InputError("--replicates", 0, "", "must be 1..1000");
  model::SendRunConfig config;
  config.seed = f.seed;
  config.replicates = f.replicates;
  config.threads = threads_or_all(f.threads);
  config.scale = f.scale;
  config.to = Month(f.to, 12);
  ProgressBar progress(!f.quiet);
  const auto start = std::chrono::steady_clock::now();
  auto run = model::run_send(params, areas, config, std::ref(progress));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!f.quiet)
    std::fprintf(stderr,
                 "simulated %zu LAs x %d replicate(s) x %d months on %d thread(s) in %.1f s; peak %zu agents, %zu bytes each\n",
                 areas.size(), f.replicates, (config.to - model::kSynthesisMonth) + 1, config.threads, seconds,
                 run.peak_agents, run.bytes_per_agent);
  return run;
}

struct PullFlags {
  std::string dir, from, manifest;
  bool quiet = false;
};

int data_pull_command(const PullFlags& f) {
  const auto entries = f.manifest.empty() ? data::parse_pull_manifest(data::embedded_pull_manifest(), data::kEmbeddedPullName)
                                          : data::parse_pull_manifest(data::read_text_file(f.manifest), f.manifest);
  auto log = [&](const std::string& line) {
    if (!f.quiet) std::fprintf(stderr, "%s\n", line.c_str());
  };
  const auto report = data::pull(entries, f.dir, f.from, log);
  std::printf("wrote %zu file(s) under %s", report.written.size(), f.dir.c_str());
  if (!report.differ.empty()) std::printf("; %zu differ from the copies the embedded table was built from", report.differ.size());
  std::printf("\n");
  for (const auto& file : report.not_published) std::printf("supply by hand: %s\n", file.c_str());
  if (report.not_published.empty()) {
    // The files must give every LA's start: the reader checks them now rather than at the next run.
    const auto areas = data::read_la_starts(f.dir, load_params(""), la_register());
    std::printf("checked: they give the January 2015 start of %zu LAs; run with --data %s\n", areas.size(), f.dir.c_str());
  }
  return 0;
}

// A scale as a person reads it: 0.1, 1.
std::string scale_text(double scale) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", scale);
  return buf;
}

int run_command(const RunFlags& f) {
  const auto [params, money] = load_all(f.params);
  const auto areas = load_areas(f.data, params, f.las);
  const auto published = data::PublishedSeries::embedded();
  Recorder record(f.store, "run", f.params, [&] { return simulation_data_hashes(f.data, f.las); }, f.seed, f.quiet);
  // Every output is checked now, before the run, and written after it as one set: each to a
  // temporary file, then all renamed into place; a failure leaves every old output as it was.
  data::OutputSet outputs;
  std::string scorecard_path, comparison_path;
  if (!f.out.empty()) {
    outputs.directory(f.out, "--out");
    scorecard_path = outputs.file((std::filesystem::path(f.out) / "scorecard.csv").string(), "--out");
    comparison_path = outputs.file((std::filesystem::path(f.out) / "comparison.csv").string(), "--out");
  }
  if (!f.report.empty()) outputs.file(f.report, "--report");
  if (!f.xlsx.empty()) outputs.file(f.xlsx, "--xlsx");
  const auto run = simulate(f, params, areas);
  const auto table = report::collect(run, f.from, f.to);
  report::ScorecardOptions options;
  options.title = "sendtwin: England (" + std::to_string(areas.size()) + " local authorities), January " +
                  std::to_string(f.from) + " to December " + std::to_string(f.to) + " (seed " + std::to_string(f.seed) + ")";
  const auto ledgers = pipeline::ledgers(run, money, funding_rows(), la_register());
  const auto england_money = finance::england(ledgers);
  const std::string printed = report::render_scorecard(table, published, options) +
                              report::render_finance(england_money, finance::published(funding_rows()), money);
  std::cout << printed;
  record.text("stdout", printed);

  if (!f.out.empty()) {
    // England, then every LA.
    const auto la_tables = report::collect_areas(run, f.from, f.to);
    std::vector<const report::ResultTable*> tables = {&table};
    for (const auto& t : la_tables) tables.push_back(&t);
    const std::string scorecard = report::tidy_csv(tables, "baseline") + report::finance_tidy_rows(england_money, money, "baseline") +
                                  report::ledger_tidy_rows(ledgers, "baseline");
    outputs.stage(scorecard_path, scorecard);
    outputs.stage(comparison_path, report::comparison_csv(table, published));
  }
  if (!f.report.empty()) {
    report::HtmlInput in;
    in.title = "sendtwin: England, January " + std::to_string(f.from) + " to December " + std::to_string(f.to);
    in.subtitle = std::to_string(areas.size()) + " local authorities, seed " + std::to_string(f.seed) + ", " +
                  std::to_string(f.replicates) + " replicate(s) at scale " + scale_text(f.scale) + ".";
    in.scorecard_csv = report::tidy_csv(table, "baseline") + report::finance_tidy_rows(england_money, money, "baseline");
    outputs.stage(f.report, report::html_report(in, published));
  }
  if (!f.xlsx.empty()) {
    const auto la_tables = report::collect_areas(run, f.from, f.to);
    std::vector<const report::ResultTable*> tables = {&table};
    for (const auto& t : la_tables) tables.push_back(&t);
    outputs.stage_with(f.xlsx, [&](const std::string& temp) {
      report::write_xlsx(temp, {{"England", report::wide_csv(table)},
                                {"High needs block", report::kTidyHeader + report::finance_tidy_rows(england_money, money, "baseline")},
                                {"LA ledgers", report::kTidyHeader + report::ledger_tidy_rows(ledgers, "baseline")},
                                {"Against published", report::comparison_csv(table, published)},
                                {"Every LA (tidy)", report::tidy_csv(tables, "baseline")}});
    });
  }
  outputs.publish();
  for (const auto& path : {scorecard_path, comparison_path, f.report, f.xlsx})
    if (!path.empty()) {
      record.file(path);
      if (!f.quiet) std::fprintf(stderr, "wrote %s\n", path.c_str());
    }
  record.finish();
  return 0;
}

// The area of the run that an LA of the register is, if the run has it.
std::optional<std::size_t> area_of(const data::LaRecord& record, const std::vector<model::AreaStart>& areas) {
  for (std::size_t k = 0; k < areas.size(); ++k)
    if (areas[k].code == record.old_code) return k;
  return std::nullopt;
}

// The area of the run that `query` (a code or name) names, or an InputError naming what is near.
std::size_t find_area(const std::string& query, const std::vector<model::AreaStart>& areas) {
  const data::LaRecord* record = la_register().find(query);
  if (!record) {
    std::string near;
    for (const auto& name : la_register().nearest_names(query, 3)) near += (near.empty() ? "" : ", ") + name;
    throw InputError("la", 0, query, "no such local authority; nearest names: " + near);
  }
  if (const auto k = area_of(*record, areas)) return *k;
  // An LA formed after January 2015: name the LAs it came from.
  std::string from;
  for (const auto& r : la_register().records())
    for (const auto* s : la_register().successors_of(r))
      if (s->old_code == record->old_code) from += (from.empty() ? "" : ", ") + r.name + " (" + r.old_code + ")";
  throw InputError("la", 0, query,
                   record->name + " (" + record->old_code + ") did not exist in January 2015, where every run starts" +
                       (from.empty() ? std::string() : "; it was formed from " + from + ": ask for one of those"));
}

int la_command(const RunFlags& f) {
  const auto [params, money] = load_all(f.params);
  const auto areas = load_areas(f.data, params, f.las);
  const std::size_t target = find_area(f.la, areas);
  if (!(areas[target].pupils > 0)) throw InputError("la", 0, f.la, areas[target].name + " has no pupils in the LA table");
  if (areas[target].pupils * f.scale < 1) {
    // Less than one agent: the LA's figures would all be 0. The smallest scale that gives it one, in 2 figures.
    const double least = 1 / areas[target].pupils, unit = std::pow(10.0, std::floor(std::log10(least)) - 1);
    char text[160];
    std::snprintf(text, sizeof text, "at %g, %s's %.0f pupils are less than one simulated pupil: give --scale %g or more", f.scale,
                  areas[target].name.c_str(), areas[target].pupils, std::ceil(least / unit) * unit);
    throw InputError("--scale", 0, "", text);
  }
  const auto similar = report::most_similar(areas, target, 10);
  data::OutputSet outputs;  // checked before the run, written together after it
  if (!f.out.empty()) outputs.file(f.out, "--out");
  if (!f.report.empty()) outputs.file(f.report, "--report");
  if (!f.xlsx.empty()) outputs.file(f.xlsx, "--xlsx");
  const auto run = simulate(f, params, areas);
  const auto england = report::collect(run, f.from, f.to);
  const auto las = report::collect_areas(run, f.from, f.to);
  const data::LaRecord* record = la_register().find(areas[target].code);
  report::ScorecardOptions options;
  options.title = "sendtwin la: " + areas[target].name + " (" + areas[target].code + (record ? ", " + record->region_name : "") +
                  "), January " + std::to_string(f.from) + " to December " + std::to_string(f.to) + " (seed " +
                  std::to_string(f.seed) + ")";
  options.thousands = false;
  std::cout << report::render_scorecard(las[target], data::PublishedSeries{}, options);
  std::cout << "\nMost similar LAs (on published January 2015 characteristics; see README):\n  ";
  for (std::size_t k = 0; k < similar.size(); ++k)
    std::cout << (k ? ", " : "") << areas[similar[k]].name << " (" << areas[similar[k]].code << ")";
  std::cout << "\n";
  std::cout << report::render_la_comparison(las, england, target, similar, report_years(f.from, f.to));
  // The LA's own ledger: printed here, and in the report and the workbook below.
  const auto ledgers = pipeline::ledgers(run, money, funding_rows(), la_register());
  std::vector<std::vector<finance::Ledger>> own(1);
  for (const auto& l : ledgers.front())
    if (std::find(l.model_codes.begin(), l.model_codes.end(), areas[target].code) != l.model_codes.end()) own[0].push_back(l);
  for (const auto& l : own[0]) std::cout << report::render_ledger(l, money);
  const auto published = published_la_plans();
  const auto mine = published.find(areas[target].code);
  if (mine != published.end())
    std::cout << report::render_la_validation(las[target], mine->second, f.from, std::min(f.to, 2025));
  std::vector<const report::ResultTable*> tables = {&england, &las[target]};
  for (std::size_t s : similar) tables.push_back(&las[s]);
  if (!f.out.empty()) outputs.stage(f.out, report::tidy_csv(tables, "baseline"));
  if (!f.report.empty()) {
    report::HtmlInput in;
    in.title = "sendtwin: " + areas[target].name + " (" + areas[target].code + ")";
    in.subtitle = "January " + std::to_string(f.from) + " to December " + std::to_string(f.to) + ", seed " + std::to_string(f.seed) + ".";
    in.geography = las[target].geography;
    in.scorecard_csv = report::tidy_csv(las[target], "baseline");
    std::vector<const report::ResultTable*> peers = {&las[target]};
    for (std::size_t s : similar) peers.push_back(&las[s]);
    in.peers_csv = report::tidy_csv(peers, "baseline");
    in.ledger_csv = report::kTidyHeader + report::ledger_tidy_rows(own, "baseline");
    outputs.stage(f.report, report::html_report(in, data::PublishedSeries{}));
  }
  if (!f.xlsx.empty()) {
    outputs.stage_with(f.xlsx, [&](const std::string& temp) {
      report::write_xlsx(temp, {{areas[target].name, report::wide_csv(las[target])},
                                {"England", report::wide_csv(england)},
                                {"DSG ledger", report::kTidyHeader + report::ledger_tidy_rows(own, "baseline")},
                                {"Similar LAs (tidy)", report::tidy_csv(tables, "baseline")}});
    });
  }
  outputs.publish();
  for (const auto& path : {f.report, f.xlsx})
    if (!path.empty() && !f.quiet) std::fprintf(stderr, "wrote %s\n", path.c_str());
  return 0;
}

int variation_command(const RunFlags& f) {
  const auto params = load_params(f.params);
  const auto areas = load_areas(f.data, params, f.las);
  data::OutputSet outputs;  // checked before the runs
  if (!f.out.empty()) outputs.file(f.out, "--out");
  const auto run = simulate(f, params, areas);
  // The same LAs with England's practice: only their January 2015 state and size differ.
  auto same = areas;
  for (auto& a : same) a.use_england_practice();
  const auto run_same = simulate(f, params, same);
  const auto england = report::collect(run, f.from, f.to);
  const auto las = report::collect_areas(run, f.from, f.to);
  const auto las_same = report::collect_areas(run_same, f.from, f.to);
  std::cout << "sendtwin variation: " << areas.size() << " LAs, seed " << f.seed << "\n";
  for (int y : report_years(f.from, f.to)) std::cout << report::render_variation(las, las_same, england, y);
  std::cout << report::render_la_errors(las, published_la_plans(), {2020, 2025});
  if (!f.out.empty()) {
    std::vector<const report::ResultTable*> tables = {&england};
    for (const auto& t : las) tables.push_back(&t);
    outputs.stage(f.out, report::tidy_csv(tables, "baseline"));
    outputs.publish();
  }
  return 0;
}

int validate_command(RunFlags f, bool backtest) {
  // The run goes at least as far as the published futures reach (2040).
  const auto projections = report::parse_projections(data::embedded_projections(), data::kEmbeddedProjectionsName);
  f.to = std::max(f.to, report::last_year_needed(projections));
  const auto [params, money] = load_all(f.params);
  const auto areas = load_areas(f.data, params, f.las);
  const auto run = simulate(f, params, areas);
  const auto england = report::collect(run, f.from, f.to);
  const auto england_money = finance::england(pipeline::ledgers(run, money, funding_rows(), la_register()));
  std::cout << "sendtwin validate: England (" << areas.size() << " LAs), seed " << f.seed << "\n\n";
  std::cout << report::render_in_sample(england, data::PublishedSeries::embedded());
  std::cout << report::render_finance(england_money, finance::published(funding_rows()), money);
  std::cout << report::render_futures(projections, england, england_money, params, money);
  if (!backtest) {
    std::cout << "\n(--backtest adds the backtest: fit to 2019, project 2020-2025, beside each series' trend.)\n";
    return 0;
  }
  // Fitted on the years to 2019 only, then run to 2025: the model's errors out of sample. The
  // shipped calendar-year effects were fitted to 2025, so the fit starts without them: first the
  // trends (Nelder-Mead), then the effects to 2019, the last of which holds after.
  model::SendParams start = params;
  for (auto& slot : model::year_effect_slots(start))
    for (model::YearEffects* e : slot.effects) *e = model::YearEffects{};
  calibrate::Options options;
  options.until = 2019;
  options.seed = f.seed;
  options.scale = std::min(0.1, f.scale);
  options.threads = threads_or_all(f.threads);
  const auto targets = calibrate::national_targets(data::PublishedSeries::embedded(), options.until);
  if (!f.quiet) std::fprintf(stderr, "backtest: fitting the trends to %d at scale %g\n", options.until, options.scale);
  const auto trends = calibrate::calibrate(start, areas, targets, options);
  calibrate::EffectsOptions effects;
  effects.until = options.until;
  effects.seed = f.seed;
  effects.scale = f.scale;
  effects.threads = options.threads;
  if (!f.quiet) std::fprintf(stderr, "backtest: fitting the calendar-year effects to %d at scale %g\n", effects.until, effects.scale);
  const auto fit = calibrate::fit_year_effects(trends.fitted, areas, data::PublishedSeries::embedded(), effects);
  RunFlags to_2025 = f;
  to_2025.to = 2025;
  const auto projected = simulate(to_2025, fit.fitted, areas);
  std::vector<std::string> series;
  for (const auto& t : calibrate::target_series()) series.emplace_back(t.measure);
  std::cout << report::render_backtest(report::collect(projected, f.from, 2025), data::PublishedSeries::embedded(), series,
                                       options.until, 2025);
  return 0;
}

int compare_command(const RunFlags& f, const std::string& file) {
  const std::string text = data::read_text_file(file);
  data::OutputSet outputs;  // checked before the run
  if (!f.out.empty()) outputs.file(f.out, "--out");
  const auto [params, money_params] = load_all(f.params);
  const auto areas = load_areas(f.data, params, f.las);
  auto find_la = [&](std::string_view query) -> int {
    const data::LaRecord* record = la_register().find(query);
    const auto k = record ? area_of(*record, areas) : std::nullopt;
    return k ? static_cast<int>(*k) : -1;
  };
  const auto rows = report::read_compare_rows(text, file, find_la);  // every row checked before the run
  const auto run = simulate(f, params, areas);
  const auto england = report::collect(run, f.from, f.to);
  const auto las = report::collect_areas(run, f.from, f.to);
  const auto money = finance::england(pipeline::ledgers(run, money_params, funding_rows(), la_register()));
  emit(report::compare_csv(rows, england, las, money), f.out, outputs);
  return 0;
}

struct CalibrateFlags {
  std::string params, data, las, out, out_las;
  bool per_la = false;
  int until = 2025;
  std::uint64_t seed = 1;
  double scale = 0.1;
  int threads = 0;
  int max_evaluations = 0;
  int iterations = 15;
  double effects_scale = 1.0;
  bool quiet = false;
  std::string store;  // run store to record the run in; default $SENDTWIN_STORE
};

// Stage three: the high needs block's spending on pupils without a plan (finance.non_plan_share)
// so that England's spend meets what the published DSG implies (the allocation plus the growth of
// the deficits) in the years it is implied: spend is the plans' cost times (1 + share), so the
// least-squares share in relative terms has a closed form.
struct CostFit {
  double start = 0, fitted = 0;
  std::vector<std::tuple<int, double, double, double>> years;  // fy, implied, before, after
};
CostFit fit_non_plan_share(const model::SendParams& params, const finance::FinanceParams& money,
                           const std::vector<model::AreaStart>& areas, const CalibrateFlags& f, int threads) {
  model::SendRunConfig config;
  config.seed = f.seed;
  config.threads = threads;
  config.to = Month(f.until, 12);
  const auto run = model::run_send(params, areas, config);
  const auto england = finance::england(pipeline::ledgers(run, money, funding_rows(), la_register()));
  CostFit fit;
  fit.start = fit.fitted = money.non_plan_share;
  double sum_ratio = 0, sum_square = 0;
  for (const auto& p : finance::published(funding_rows())) {
    if (!p.has_implied_spend) continue;
    for (const auto& y : england)
      if (y.fy == p.fy) {
        const double plans_cost = y.spend / (1.0 + money.non_plan_share);
        sum_ratio += plans_cost / p.implied_spend;
        sum_square += (plans_cost / p.implied_spend) * (plans_cost / p.implied_spend);
        fit.years.emplace_back(p.fy, p.implied_spend, y.spend, 0.0);
      }
  }
  if (sum_square <= 0) return fit;
  fit.fitted = std::clamp(sum_ratio / sum_square - 1.0, 0.0, 1.0);
  for (auto& [fy, implied, before, after] : fit.years) after = before / (1.0 + fit.start) * (1.0 + fit.fitted);
  return fit;
}

int calibrate_command(const CalibrateFlags& f) {
  if (f.until < 2017 || f.until > 2025) throw InputError("--until", 0, "", "must be 2017..2025 (the published years)");
  if (!(f.scale > 0 && f.scale <= 1)) throw InputError("--scale", 0, "", "must be in (0, 1]");
  if (!(f.effects_scale > 0 && f.effects_scale <= 1)) throw InputError("--effects-scale", 0, "", "must be in (0, 1]");
  if (f.max_evaluations != 0 && (f.max_evaluations < 10 || f.max_evaluations > 5000))
    throw InputError("--max-evaluations", 0, "", "must be 0 (no Nelder-Mead stage) or 10..5000");
  if (f.iterations < 0 || f.iterations > 100) throw InputError("--iterations", 0, "", "must be 0..100");
  if (!f.out_las.empty() && !f.per_la) throw InputError("--out-las", 0, "", "needs --per-la (it writes the LAs it fits)");
  data::OutputSet outputs;  // checked before the fit, written together after it
  if (!f.out.empty()) outputs.file(f.out, "--out");
  if (!f.out_las.empty()) outputs.file(f.out_las, "--out-las");
  std::string text = f.params.empty() ? std::string(data::embedded_send_params()) : data::read_text_file(f.params);
  const std::string name = f.params.empty() ? std::string(data::kEmbeddedParamsName) : f.params;
  auto params = data::parse_send_params(text, name);
  const auto areas = load_areas(f.data, params, f.las);
  Recorder record(f.store, "calibrate", f.params, [&] {
    std::string hashes = simulation_data_hashes(f.data, f.las);
    if (f.per_la && f.data.empty()) hashes += store::hash_line(data::kEmbeddedLaPlansName, data::embedded_la_plans());
    return hashes;
  }, f.seed, f.quiet);
  const int threads = threads_or_all(f.threads);
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };

  // Stage one (optional): Nelder-Mead on the trends' base and growth and two probabilities.
  if (f.max_evaluations > 0) {
    const auto targets = calibrate::national_targets(data::PublishedSeries::embedded(), f.until);
    calibrate::Options options;
    options.until = f.until;
    options.seed = f.seed;
    options.scale = f.scale;
    options.threads = threads;
    options.max_evaluations = f.max_evaluations;
    const auto result = calibrate::calibrate(params, areas, targets, options, [&](int done, double best) {
      if (!f.quiet) std::fprintf(stderr, "\revaluation %d/%d, best loss %.5f", done, f.max_evaluations, best);
    });
    if (!f.quiet) std::fprintf(stderr, "\n");
    std::cout << calibrate::render_fit_report(result, targets, options) << "\n";
    text = calibrate::patch_params(text, result, options);
    params = data::parse_send_params(text, name);
  }
  // Stage two: calendar-year effects, at full scale by default (the flows are small).
  if (f.iterations > 0) {
    calibrate::EffectsOptions options;
    options.until = f.until;
    options.seed = f.seed;
    options.scale = f.effects_scale;
    options.threads = threads;
    options.iterations = f.iterations;
    const auto result = calibrate::fit_year_effects(params, areas, data::PublishedSeries::embedded(), options,
                                                    [&](int it, double worst) {
                                                      if (!f.quiet) std::fprintf(stderr, "year effects: iteration %d, largest difference %.2f%%\n", it, worst);
                                                    });
    std::cout << calibrate::render_effects_report(result, options) << "\n";
    text = calibrate::patch_year_effects(text, result, options);
    params = data::parse_send_params(text, name);
  }
  // Stage three: the cost of pupils without a plan, against the spend the published DSG implies.
  {
    const auto money = data::parse_finance_params(text, name);
    const CostFit cost = fit_non_plan_share(params, money, areas, f, threads);
    std::printf("High needs spend against the spend the published DSG implies (GBP million): finance.non_plan_share %.4f -> %.4f\n",
                cost.start, cost.fitted);
    std::printf("%-8s %9s %9s %7s %9s %7s\n", "year", "implied", "before", "diff", "after", "diff");
    for (const auto& [fy, implied, before, after] : cost.years)
      std::printf("%d-%02d  %9.0f %9.0f %+6.1f%% %9.0f %+6.1f%%\n", fy, (fy + 1) % 100, implied / 1e6, before / 1e6,
                  100 * (before - implied) / implied, after / 1e6, 100 * (after - implied) / implied);
    char source[256];
    std::snprintf(source, sizeof source,
                  "fitted: sendtwin calibrate (closed-form least squares, seed %llu) so that England's high needs spend meets the "
                  "allocation plus the growth of the published deficits in the years DfE's files imply it",
                  static_cast<unsigned long long>(f.seed));
    if (!cost.years.empty()) text = calibrate::patch_value(text, "finance", "non_plan_share", "value", cost.fitted, source);
  }
  // Stage four (--per-la): each LA's request rate against the growth of its own published plans.
  std::string las_text;
  if (f.per_la) {
    calibrate::LaFitOptions options;
    options.until = f.until;
    options.seed = f.seed;
    options.scale = f.effects_scale;
    options.threads = threads;
    const auto published = f.data.empty() ? published_la_plans() : la_plans_by_code(data::read_la_plans(f.data));
    const auto fit = calibrate::fit_la_practice(params, areas, published, options, [&](int it, double median) {
      if (!f.quiet) std::fprintf(stderr, "per LA: iteration %d, median |difference| of January %d plans %.1f%%\n", it, f.until, median);
    });
    auto summary = [&](const std::vector<double>& e) {
      std::vector<double> v;
      for (const double x : e)
        if (!std::isnan(x)) v.push_back(x);
      std::sort(v.begin(), v.end());
      const auto within = std::count_if(v.begin(), v.end(), [](double x) { return std::abs(x) <= 10; });
      char buf[160];
      std::snprintf(buf, sizeof buf, "median %+.1f%%, quartiles %+.1f%% to %+.1f%%, %ld of %zu LAs within 10%%", v[v.size() / 2],
                    v[v.size() / 4], v[3 * v.size() / 4], static_cast<long>(within), v.size());
      return std::string(buf);
    };
    std::printf("Each LA's EHC plans in January %d against its published figure, %d iterations:\n  derived request rates: %s\n  fitted request rates:  %s\n",
                f.until, fit.iterations, summary(fit.error_start).c_str(), summary(fit.error_fitted).c_str());
    char note[200];
    std::snprintf(note, sizeof note, "request_relative fitted by sendtwin calibrate --per-la (seed %llu) to the growth of each LA's published EHC plans 2015-%d",
                  static_cast<unsigned long long>(f.seed), f.until);
    las_text = data::la_starts_csv(fit.fitted, note);
    data::parse_la_starts(las_text, "<fitted LAs>");
  }
  if (!f.quiet) std::fprintf(stderr, "calibrated in %.0f s\n", elapsed());
  // Validated before it is written: the fitted file must load.
  data::parse_send_params(text, f.out.empty() ? "<fitted>" : f.out);
  data::parse_finance_params(text, f.out.empty() ? "<fitted>" : f.out);
  if (!f.out.empty()) outputs.stage(f.out, text);
  if (!f.out_las.empty()) outputs.stage(f.out_las, las_text);
  outputs.publish();
  if (!f.out.empty()) {
    record.file(f.out);
    std::cout << "\nwrote the fitted parameters to " << f.out << "\n";
  }
  if (!f.out_las.empty()) {
    record.file(f.out_las);
    std::cout << "wrote the LA table with the fitted request rates to " << f.out_las << "\n";
  }
  record.finish();
  return 0;
}

// `sendtwin scenario` and `sendtwin goal-seek`.
struct ScenarioFlags {
  std::vector<std::string> files;
  int replicates = 10;
  std::vector<int> years = {2030, 2035};
  bool years_given = false;
  bool fixed_parameters = false;
  // goal-seek
  std::string target, lever;
  double lo = std::nan(""), hi = std::nan(""), tolerance = -1;
};

// The scenario files, checked: names unique, LAs they name in the run.
std::vector<scenario::Scenario> load_scenarios(const std::vector<std::string>& files,
                                               const std::vector<model::AreaStart>& areas) {
  std::vector<scenario::Scenario> out;
  for (const auto& file : files) {
    const std::string text = data::read_text_file(file);
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
  }
  return out;
}

pipeline::RunPlan run_spec(const RunFlags& f, bool fixed_parameters) {
  if (!(f.scale > 0 && f.scale <= 1)) throw InputError("--scale", 0, "", "must be in (0, 1]");
  if (f.to < 2016 || f.to > 2080) throw InputError("--to", 0, "", "must be 2016..2080");
  if (f.from > f.to)
    throw InputError("--to", 0, "", std::to_string(f.to) + " is before --from " + std::to_string(f.from) + ": give a later --to or an earlier --from");
  pipeline::RunPlan spec;
  auto [send, money] = load_all(f.params);
  spec.areas = load_areas(f.data, send, f.las);
  spec.send = std::move(send);
  spec.money = std::move(money);
  spec.funding = funding_rows();
  spec.la_register = &la_register();
  spec.seed = f.seed;
  spec.scale = f.scale;
  spec.threads = threads_or_all(f.threads);
  spec.first_year = f.from;
  spec.last_year = f.to;
  spec.parameter_uncertainty = !fixed_parameters;
  return spec;
}

pipeline::Progress progress_bar(bool quiet, const char* what) {
  if (quiet) return {};
  return [what](int done, int total) { std::fprintf(stderr, "\r%s: run %d of %d", what, done, total); if (done == total) std::fprintf(stderr, "\n"); };
}

int scenario_command(const RunFlags& f, const ScenarioFlags& sf) {
  if (sf.replicates < 1 || sf.replicates > 1000) throw InputError("--replicates", 0, "", "must be 1..1000");
  const auto spec = run_spec(f, sf.fixed_parameters);
  const auto scenarios = load_scenarios(sf.files, spec.areas);
  if (scenarios.empty()) throw InputError("scenario", 0, "FILE", "no scenario among the files given");
  std::vector<int> years = sf.years;
  if (!sf.years_given) {  // the default years that the run covers, else its last
    years.erase(std::remove_if(years.begin(), years.end(), [&](int y) { return y < f.from || y > f.to; }), years.end());
    if (years.empty()) years.push_back(f.to);
  }
  for (const int y : years)
    if (y < f.from || y > f.to) throw InputError("--years", 0, "", std::to_string(y) + " is outside the run (--from to --to)");
  Recorder record(f.store, "scenario", f.params, [&] {
    std::string hashes;
    for (const auto& file : sf.files) hashes += store::file_hash_line(file);
    return hashes + simulation_data_hashes(f.data, f.las);
  }, f.seed, f.quiet);
  data::OutputSet outputs;  // checked before the runs, written together after them
  std::string figures_path, differences_path;
  if (!f.out.empty()) {
    outputs.directory(f.out, "--out");
    figures_path = outputs.file((std::filesystem::path(f.out) / "scenarios.csv").string(), "--out");
    differences_path = outputs.file((std::filesystem::path(f.out) / "differences.csv").string(), "--out");
  }
  if (!f.report.empty()) outputs.file(f.report, "--report");
  if (!f.xlsx.empty()) outputs.file(f.xlsx, "--xlsx");
  const auto start = std::chrono::steady_clock::now();
  const auto results = pipeline::run_scenarios(scenarios, sf.replicates, spec, progress_bar(f.quiet, "scenarios"));
  const auto diffs = report::differences(results);
  std::cout << "sendtwin scenario: " << scenarios.size() << " scenario(s) against the baseline, " << sf.replicates
            << " replicates at scale " << f.scale << ", seed " << f.seed
            << (sf.fixed_parameters ? ", parameters fixed" : ", parameters drawn per replicate") << "\n";
  for (const auto& s : scenarios) {
    std::cout << "  " << printable(s.name) << " (" << s.file << "): " << printable(s.description) << "\n";
    for (const auto& l : s.levers)
      std::printf("    %s = %g from %d%s\n", l.name.c_str(), l.value, l.from,
                  l.phase_years > 1 ? (", phased over " + std::to_string(l.phase_years) + " years").c_str() : "");
    for (const auto& p : s.places_by_la) std::printf("    special places in LA %s: %g a year from %d\n", p.code.c_str(), p.per_year, p.from);
  }
  std::vector<std::string> periods;
  for (const int y : years) {
    periods.push_back(std::to_string(y) + "-01");
    periods.push_back(std::to_string(y));
    periods.push_back(report::fy_label(y));
  }
  const std::vector<std::string> measures = {
      "pupils", "sen_support", "ehc_plans", "plans_state_special", "plans_independent_special", "requests", "new_plans",
      "pct_within_20_weeks", "tribunal_appeals", "mainstream_to_special", "high_needs_spend", "high_needs_in_year_balance",
      "cumulative_dsg_balance", "las_overspending", "independent_special_spend", "notional_sen"};
  std::cout << report::render_differences(diffs, measures, periods, sf.replicates);
  if (!f.quiet)
    std::fprintf(stderr, "%zu runs in %.0f s\n", results.names.size() * static_cast<std::size_t>(sf.replicates),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (!f.out.empty()) {
    outputs.stage(figures_path, report::scenario_figures_csv(results));
    outputs.stage(differences_path, report::differences_csv(diffs));
  }
  if (!f.report.empty()) {
    report::HtmlInput in;
    in.title = "sendtwin scenarios: " + std::to_string(scenarios.size()) + " against the baseline";
    in.subtitle = std::to_string(sf.replicates) + " replicates at scale " + scale_text(f.scale) + ", seed " +
                  std::to_string(f.seed) + "; the scorecard charts show the baseline.";
    in.scorecard_csv = report::scenario_figures_csv(results);
    in.differences_csv = report::differences_csv(diffs);
    outputs.stage(f.report, report::html_report(in, data::PublishedSeries::embedded()));
  }
  if (!f.xlsx.empty()) {
    outputs.stage_with(f.xlsx, [&](const std::string& temp) {
      report::write_xlsx(temp, {{"Differences", report::differences_csv(diffs)}, {"Every run", report::scenario_figures_csv(results)}});
    });
  }
  outputs.publish();
  if (!f.out.empty()) {
    record.file(figures_path);
    record.file(differences_path);
    std::cout << "\nwrote " << f.out << "/scenarios.csv (every figure, scenario and replicate) and " << f.out
              << "/differences.csv\n";
  }
  for (const auto& path : {f.report, f.xlsx})
    if (!path.empty()) {
      record.file(path);
      if (!f.quiet) std::fprintf(stderr, "wrote %s\n", path.c_str());
    }
  record.finish();
  return 0;
}

// goal-seek's --target MEASURE=VALUE@PERIOD, checked against what a run reporting from
// `first_year` has (the measure, its kind of period, the year) before any run starts.
struct GoalTarget {
  std::string measure, period;
  double value = 0;
  int year = 0;  // the year the period starts in
  int ends = 0;  // the calendar year it ends in
};

GoalTarget parse_target(const std::string& text, int first_year) {
  auto bad = [](const std::string& why) { return InputError("--target", 0, "", why); };
  const auto eq = text.find('='), at = text.find('@');
  if (eq == std::string::npos || at == std::string::npos || at < eq)
    throw bad("must be MEASURE=VALUE@PERIOD, e.g. high_needs_in_year_balance=0@2028-29");
  GoalTarget t;
  t.measure = text.substr(0, eq);
  t.period = text.substr(at + 1);
  const std::string value = text.substr(eq + 1, at - eq - 1);
  char* end = nullptr;
  t.value = value.empty() ? std::nan("") : std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(t.value))
    throw bad("the value between = and @ must be a finite number, not \"" + value + "\"");
  // The measure, and so the kind of period it is reported by.
  enum class Kind { January, CalendarYear, FinancialYear } kind = Kind::January;
  if (const model::MeasureDef* m = model::find_measure(t.measure)) {
    kind = m->period == model::MeasurePeriod::CensusJanuary ? Kind::January : Kind::CalendarYear;
  } else if (std::any_of(pipeline::finance_figures().begin(), pipeline::finance_figures().end(),
                         [&](const pipeline::FinanceFigure& f) { return t.measure == f.measure; })) {
    kind = Kind::FinancialYear;
  } else {
    std::vector<std::string> names;
    for (const auto& m : model::send_measures()) names.emplace_back(m.id);
    for (const auto& f : pipeline::finance_figures()) names.emplace_back(f.measure);
    const std::string near = cli::nearest(t.measure, names);
    throw bad("\"" + t.measure + "\" is not a measure" + (near.empty() ? "" : "; did you mean " + near + "?") +
              " (the measures: " + cli::list_text(names) + ")");
  }
  // The period, in the form its kind takes.
  auto digits = [&](std::size_t from, std::size_t n) {
    return t.period.size() >= from + n && std::all_of(t.period.begin() + from, t.period.begin() + from + n, [](char c) { return c >= '0' && c <= '9'; });
  };
  const int year = digits(0, 4) ? std::stoi(t.period.substr(0, 4)) : -1;
  const std::string y = year >= 0 ? std::to_string(year) : "2030";
  bool ok = false;
  std::string form;
  switch (kind) {
    case Kind::January:
      ok = t.period.size() == 7 && year >= 0 && t.period.substr(4) == "-01";
      form = "a count in January: give its period as " + y + "-01";
      break;
    case Kind::CalendarYear:
      ok = t.period.size() == 4 && year >= 0;
      form = "a calendar year's figure: give its period as " + y;
      break;
    case Kind::FinancialYear:
      ok = t.period.size() == 7 && year >= 0 && t.period[4] == '-' && digits(5, 2) && std::stoi(t.period.substr(5)) == (year + 1) % 100;
      form = "a financial year's figure: give its period as " + report::fy_label(year >= 0 ? year : 2030) + " (April " + y +
             " to March " + std::to_string((year >= 0 ? year : 2030) + 1) + ")";
      break;
  }
  if (!ok) throw bad(t.measure + " is " + form + ", not \"" + t.period + "\"");
  // The year: within the run, which goes a year beyond it (to the January after a financial year).
  if (year + 1 > cli::kLastYear)
    throw bad(t.period + " is too late: the model runs to " + std::to_string(cli::kLastYear) +
              " at most, and goal-seek runs a year beyond the target's period: give one in " + std::to_string(cli::kLastYear - 1) + " or earlier");
  if (kind == Kind::FinancialYear) {
    int first_fy = cli::kLastYear;
    for (const auto& row : funding_rows()) first_fy = std::min(first_fy, row.fy);
    if (year < first_fy)
      throw bad(t.measure + " starts in " + report::fy_label(first_fy) + ", the first year of the published DSG: give " +
                report::fy_label(first_fy) + " or later");
  } else if (year < first_year) {
    throw bad(t.period + " is before --from " + std::to_string(first_year) + ": the run reports from --from; give a later period or an earlier --from");
  }
  t.year = year;
  t.ends = kind == Kind::FinancialYear ? year + 1 : year;
  return t;
}

int goal_seek_command(const RunFlags& f, const ScenarioFlags& sf) {
  if (sf.replicates < 1 || sf.replicates > 200) throw InputError("--replicates", 0, "", "must be 1..200");
  const GoalTarget goal = parse_target(sf.target, f.from);
  const std::string& measure = goal.measure;
  const std::string& period = goal.period;
  const double target = goal.value;
  const scenario::LeverInfo* info = scenario::find_lever(sf.lever);
  if (!info) throw InputError("--lever", 0, "", "\"" + sf.lever + "\" is not a lever (see `sendtwin scenario --help` or the README)");
  const double lo = std::isnan(sf.lo) ? info->lo : sf.lo, hi = std::isnan(sf.hi) ? info->hi : sf.hi;
  if (!(lo >= info->lo && hi <= info->hi && lo < hi)) throw InputError("--lo/--hi", 0, "", "must lie within the lever's range, lo < hi");
  auto spec = run_spec(f, sf.fixed_parameters);
  const auto scenarios = load_scenarios(sf.files, spec.areas);
  if (scenarios.size() != 1) throw InputError("goal-seek", 0, "", "takes one scenario file");
  // A lever acts from its year on (the scenario's, else a lever's default): a period that ends
  // before then cannot move with it.
  const auto& levers = scenarios[0].levers;
  const auto set = std::find_if(levers.begin(), levers.end(), [&](const scenario::LeverSetting& l) { return l.name == sf.lever; });
  const int acts_from = set != levers.end() ? set->from : scenario::LeverSetting{}.from;
  if (goal.ends < acts_from)
    throw InputError("--target", 0, "", period + " ends before " + sf.lever + " acts (from " + std::to_string(acts_from) +
                                            (set != levers.end() ? ", as " + scenarios[0].file + " sets it" : ", as goal-seek sets a lever the scenario does not") +
                                            "): the lever cannot move it; give a later period");
  // The figure must exist in the run: the run goes at least a year beyond the period's.
  spec.last_year = std::max(spec.last_year, goal.year + 1);
  const double tolerance = sf.tolerance >= 0 ? sf.tolerance : std::max(1e-9, std::abs(target) * 0.001);
  const auto g = pipeline::goal_seek(scenarios[0], sf.lever, lo, hi, measure, period, target, tolerance, sf.replicates, spec,
                                     progress_bar(f.quiet, "goal-seek"));
  std::printf("sendtwin goal-seek: %s such that %s = %g in %s (%s), %d replicates at scale %g, seed %llu, %d runs\n",
              sf.lever.c_str(), measure.c_str(), target, period.c_str(), scenarios[0].name.c_str(), sf.replicates, f.scale,
              static_cast<unsigned long long>(f.seed), g.runs);
  auto figure = [](double v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, std::abs(v) >= 1000 ? "%.0f" : "%.4g", v);
    return std::string(buf);
  };
  std::printf("  %s = %g gives %s %s; %s = %g gives %s (means over replicates)\n", sf.lever.c_str(), lo, measure.c_str(),
              figure(g.at_lo).c_str(), sf.lever.c_str(), hi, figure(g.at_hi).c_str());
  if (g.reached == 0) {
    std::printf("  not reached within [%g, %g]: the target lies outside what the lever can do\n", lo, hi);
    return 1;
  }
  std::printf("  %s = %.4g (%s), 90%% interval [%.4g, %.4g]; reached in %d of %d replicates\n", sf.lever.c_str(), g.median,
              info->unit, g.low, g.high, g.reached, sf.replicates);
  return 0;
}

// `sendtwin report RUN_DIR`: the HTML report from the CSVs a run wrote there.
int report_command(const std::string& dir, const std::string& out) {
  namespace fs = std::filesystem;
  report::HtmlInput in;
  const fs::path d(dir);
  const std::string target = out.empty() ? (d / "report.html").string() : out;
  data::OutputSet outputs;
  if (fs::exists(d / "scorecard.csv") || fs::exists(d / "scenarios.csv")) outputs.file(target, "--out");
  if (fs::exists(d / "scorecard.csv")) {
    in.scorecard_csv = data::read_text_file((d / "scorecard.csv").string());
    in.title = "sendtwin: England (" + dir + ")";
  } else if (fs::exists(d / "scenarios.csv")) {
    in.scorecard_csv = data::read_text_file((d / "scenarios.csv").string());
    if (fs::exists(d / "differences.csv")) in.differences_csv = data::read_text_file((d / "differences.csv").string());
    in.title = "sendtwin scenarios (" + dir + ")";
  } else {
    throw InputError(dir, 0, "RUN_DIR", "holds neither scorecard.csv (sendtwin run --out) nor scenarios.csv (sendtwin scenario --out)");
  }
  in.subtitle = "Built from the CSV files in " + dir + ".";
  outputs.stage(target, report::html_report(in, data::PublishedSeries::embedded()));
  outputs.publish();
  std::cout << "wrote " << target << "\n";
  return 0;
}

int serve_command(const RunFlags& f, const server::ServeOptions& options) {
  if (options.port < 0 || options.port > 65535) throw InputError("--port", 0, "", "must be 0..65535");
  if (options.max_runs < 1 || options.max_runs > 64) throw InputError("--max-runs", 0, "", "must be 1..64");
  if (options.max_connections < 1 || options.max_connections > 10000)
    throw InputError("--max-connections", 0, "", "must be 1..10000");
  const auto spec = run_spec(f, false);
  server::serve(spec, options, [&](int port) {
    const bool v6 = options.host.find(':') != std::string::npos;  // an IPv6 address goes in brackets in a URL
    std::printf("sendtwin serve: the dashboard is at http://%s%s%s:%d/ (Ctrl-C stops it)\n", v6 ? "[" : "", options.host.c_str(),
                v6 ? "]" : "", port);
    std::fflush(stdout);
  });
  return 0;
}

constexpr const char* kStoreHelp =
    "Record the run (command line, parameter and data hashes, seed, version, timings, outputs) in this SQLite run store, "
    "created if missing; default: $SENDTWIN_STORE if set, else no record. See `sendtwin runs`";

struct RunsFlags {
  std::string store, a, b;
};

// A run's id as given on the command line.
std::int64_t run_id(const std::string& text) {
  std::size_t used = 0;
  long long id = 0;
  try {
    id = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || id < 1) throw InputError("ID", 0, "", "\"" + text + "\" is not a run id (see `sendtwin runs list`)");
  return id;
}

int runs_command(const std::string& what, const RunsFlags& f) {
  const std::string path = store_path(f.store);
  if (path.empty()) throw InputError("--store", 0, "", "give the run store with --store FILE or set SENDTWIN_STORE");
  const store::RunStore db(path, store::RunStore::Mode::existing);
  // A record quotes command lines, file names and errors as they were: escaped for the terminal.
  if (what == "list") std::cout << printable(store::render_list(db.list()));
  else if (what == "show") std::cout << printable(store::render_show(db.show(run_id(f.a))));
  else std::cout << printable(store::render_diff(db.show(run_id(f.a)), db.show(run_id(f.b))));
  return 0;
}

// The options every command that simulates shares (run, la, variation, validate, compare,
// scenario, goal-seek), each checked as it is parsed.
void add_simulation_options(CLI::App* cmd, RunFlags& f) {
  cmd->add_option("--data", f.data, "Directory of DfE's EES files (as ../shared/data/dfe or `sendtwin data pull`): each LA starts from its own published January 2015 state; default: the embedded table built from them");
  cmd->add_option("--las", f.las, "LA table (the columns of data/la/start_2015.csv), e.g. one written by `calibrate --per-la --out-las`");
  cmd->add_option("--params", f.params, "Parameter file (TOML) instead of the embedded data/params/send.toml");
  cmd->add_option("--seed", f.seed, "Seed of the random streams; the same seed gives byte-identical outputs")->capture_default_str()->check(cli::seed());
  cmd->add_option("--threads", f.threads, "Worker threads (default: all cores); results do not depend on it")->check(cli::whole(1, cli::kMaxThreads));
  cmd->add_option("--from", f.from, "First year reported (the simulation always starts from January 2015)")->capture_default_str()->check(cli::whole(cli::kFirstYear, cli::kLastYear));
  cmd->add_option("--to", f.to, "Last year simulated (to December)")->capture_default_str()->check(cli::whole(cli::kFirstYear, cli::kLastYear));
  cmd->add_option("--scale", f.scale, "Share of the population simulated, e.g. 0.01 for one agent per 100 children; outputs are scaled back")->capture_default_str()->check(cli::number(model::kMinScale, 1));
  cmd->add_flag("--quiet,-q", f.quiet, "No progress bar or timing on stderr");
}

// The workbook and the report: only the commands that write them (run, la, scenario).
void add_output_files(CLI::App* cmd, RunFlags& f) {
  cmd->add_option("--xlsx", f.xlsx, "Also write the outputs as an Excel workbook");
  cmd->add_option("--report", f.report, "Also write a self-contained HTML report with charts");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "sendtwin: an executable model of England's system of support for children with special "
      "educational needs and disabilities (SEND): every pupil, the statutory EHC process, appeals, "
      "special school places and the high needs block."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sendtwin " + store::sendtwin_version());
  RunFlags f;
  auto* run = app.add_subcommand("run", "Simulate every LA month by month from its January 2015 caseload and print England's scorecard and high needs block.");
  add_simulation_options(run, f);
  add_output_files(run, f);
  run->add_option("--out", f.out, "Directory for scorecard.csv (tidy: measure, geography, code, period, value, unit, scenario, replicate) and comparison.csv (model against published)");
  run->add_option("--replicates", f.replicates, "Independent replicates; the scorecard shows their mean")->capture_default_str()->check(cli::whole(1, 1000));
  run->add_option("--store", f.store, kStoreHelp);
  RunFlags lf;
  auto* la = app.add_subcommand("la", "One local authority's scorecard beside England and its 10 most similar LAs, with its rank on each measure, its own published plans and its DSG ledger.");
  la->add_option("la", lf.la, "The LA: DfE 3-digit code (886), ONS code (E10000016) or name (Kent)")->required();
  add_simulation_options(la, lf);
  add_output_files(la, lf);
  la->add_option("--out", lf.out, "CSV file (tidy) of England, the LA and its similar LAs");
  RunFlags vf;
  auto* variation = app.add_subcommand("variation", "The spread of every measure across LAs (quartiles, funnel-plot limits) and how much of it the LAs' inputs explain versus their practice.");
  add_simulation_options(variation, vf);
  variation->add_option("--out", vf.out, "CSV file (tidy) of England and every LA");
  RunFlags tf;
  auto* validate = app.add_subcommand("validate", "The model against every published series (% difference by year), England's high needs block against the published DSG, and the model's futures beside published projections.");
  add_simulation_options(validate, tf);
  bool backtest = false;
  validate->add_flag("--backtest", backtest, "Also fit to 2019 (sendtwin calibrate at --scale, at most 0.1) and set the model's 2020-2025 beside each series' linear trend (about a minute)");
  RunFlags cf;
  std::string compare_file;
  auto* compare = app.add_subcommand("compare", "Your own figures (a CSV of measure, geography, period, value) beside a run: the model's figure and the difference for each row.");
  compare->add_option("file", compare_file, "CSV with columns measure (a scorecard.csv measure), geography (England or an LA), period (2025, January 2025, 2024-25), value")->required();
  add_simulation_options(compare, cf);
  compare->add_option("--out", cf.out, "CSV file to write instead of standard output");
  CalibrateFlags kf;
  auto* calibrate_cmd = app.add_subcommand("calibrate", "Fit the SEND model's transition parameters to DfE's published national series (simulated method of moments, Nelder-Mead, common random numbers) and write the fitted parameter file.");
  calibrate_cmd->add_option("--until", kf.until, "Last year of the published targets (2017-2025)")->capture_default_str()->check(cli::whole(2017, 2025));
  calibrate_cmd->add_option("--seed", kf.seed, "Seed of every evaluation's runs (common random numbers)")->capture_default_str()->check(cli::seed());
  calibrate_cmd->add_option("--scale", kf.scale, "Share of the population each evaluation simulates")->capture_default_str()->check(cli::number(model::kMinScale, 1));
  calibrate_cmd->add_option("--max-evaluations", kf.max_evaluations, "Runs the Nelder-Mead stage may make on the trends (0: no such stage, else 10-5000)")->capture_default_str()->check(cli::whole(0, 5000));
  calibrate_cmd->add_option("--iterations", kf.iterations, "Iterations of the calendar-year effects (0: no such stage)")->capture_default_str()->check(cli::whole(0, 100));
  calibrate_cmd->add_option("--effects-scale", kf.effects_scale, "Share of the population the year-effect runs simulate")->capture_default_str()->check(cli::number(model::kMinScale, 1));
  calibrate_cmd->add_option("--threads", kf.threads, "Worker threads (default: all cores)")->check(cli::whole(1, cli::kMaxThreads));
  calibrate_cmd->add_option("--params", kf.params, "Parameter file to start from (default: the embedded one)");
  calibrate_cmd->add_option("--data", kf.data, "Directory of DfE's EES files for the LAs' starts");
  calibrate_cmd->add_option("--out", kf.out, "Write the fitted parameter file here (atomically)");
  calibrate_cmd->add_option("--las", kf.las, "LA table to start from instead of --data or the embedded one");
  calibrate_cmd->add_flag("--per-la", kf.per_la, "Also fit each LA's request rate to the growth of its published EHC plans (DfE's files with --data, else the embedded table)");
  calibrate_cmd->add_option("--out-las", kf.out_las, "With --per-la: write the LA table with the fitted request rates here (use it with --las)");
  calibrate_cmd->add_flag("--quiet,-q", kf.quiet, "No progress on stderr");
  calibrate_cmd->add_option("--store", kf.store, kStoreHelp);
  ScenarioFlags sf;
  RunFlags sc_flags;
  sc_flags.scale = 0.1;
  auto* scenario_cmd = app.add_subcommand("scenario", "Run the baseline and each scenario file (TOML levers) with common random numbers over replicates, and print each measure's difference from the baseline with its 90% interval.");
  scenario_cmd->add_option("files", sf.files, "Scenario files (see scenarios/ and the README's table of levers)")->required();
  scenario_cmd->add_option("--replicates", sf.replicates, "Replicates of the baseline and of each scenario")->capture_default_str()->check(cli::whole(1, 1000));
  auto* years_option = scenario_cmd->add_option("--years", sf.years, "Years the table shows (January stocks, calendar-year flows, financial years starting then)")->delimiter(',')->capture_default_str()->check(cli::whole(cli::kFirstYear, cli::kLastYear));
  scenario_cmd->add_flag("--fixed-parameters", sf.fixed_parameters, "Monte Carlo noise only: no draw of the uncertain parameters per replicate");
  scenario_cmd->add_option("--out", sc_flags.out, "Directory for scenarios.csv and differences.csv (tidy, with scenario and replicate)");
  scenario_cmd->add_option("--store", sc_flags.store, kStoreHelp);
  add_simulation_options(scenario_cmd, sc_flags);
  add_output_files(scenario_cmd, sc_flags);
  ScenarioFlags gf;
  RunFlags gs_flags;
  gs_flags.scale = 0.1;
  gf.replicates = 5;
  auto* goal_cmd = app.add_subcommand("goal-seek", "Find the value of one lever that meets a target (e.g. an in-year high needs balance of 0 in 2028-29), by bisection over runs with common random numbers, with its interval across replicates.");
  goal_cmd->add_option("file", gf.files, "Scenario file whose other levers hold")->required()->expected(1);
  goal_cmd->add_option("--target", gf.target, "MEASURE=VALUE@PERIOD, e.g. high_needs_in_year_balance=0@2028-29 or ehc_plans=700000@2030-01")->required();
  goal_cmd->add_option("--lever", gf.lever, "The lever to move (e.g. high_needs_funding_growth)")->required();
  goal_cmd->add_option("--lo", gf.lo, "Lowest value to try (default: the lever's range)")->check(cli::finite_number());
  goal_cmd->add_option("--hi", gf.hi, "Highest value to try (default: the lever's range)")->check(cli::finite_number());
  goal_cmd->add_option("--tolerance", gf.tolerance, "How near the target is near enough (default: 0.1% of it)")->check(cli::number(0, std::numeric_limits<double>::max()));
  goal_cmd->add_option("--replicates", gf.replicates, "Replicates, each solved on its own")->capture_default_str()->check(cli::whole(1, 200));
  goal_cmd->add_flag("--fixed-parameters", gf.fixed_parameters, "Monte Carlo noise only: no draw of the uncertain parameters per replicate");
  add_simulation_options(goal_cmd, gs_flags);
  RunFlags sweep_flags;
  std::string sweep_plan;
  auto* sweep_cmd = app.add_subcommand("sweep", std::string("Run a sweep plan (scenarios x parameter draws x replicates), split across MPI ranks under `mpirun -n K` (one process otherwise); writes the same tidy tables as `scenario`, byte-identical for any number of ranks or threads. This binary is built ") +
                                                    (cli::built_with_mpi() ? "with MPI." : "without MPI: one process."));
  sweep_cmd->add_option("plan", sweep_plan, "The sweep plan (TOML; see scenarios/example-sweep.toml)")->required();
  sweep_cmd->add_option("--out", sweep_flags.out, "Directory for scenarios.csv and differences.csv")->capture_default_str();
  sweep_cmd->add_option("--data", sweep_flags.data, "Directory of DfE's EES files for the LAs' starts");
  sweep_cmd->add_option("--las", sweep_flags.las, "LA table instead of --data or the embedded one");
  sweep_cmd->add_option("--params", sweep_flags.params, "Parameter file instead of the embedded one");
  sweep_cmd->add_option("--threads", sweep_flags.threads, "Worker threads of each rank (default: all cores); results do not depend on it")->check(cli::whole(1, cli::kMaxThreads));
  sweep_cmd->add_flag("--quiet,-q", sweep_flags.quiet, "No line per item on stderr");
  sweep_flags.out = "out/sweep";
  RunFlags serve_flags;
  serve_flags.scale = 0.02;
  server::ServeOptions serve_options;
  auto* serve_cmd = app.add_subcommand("serve", "A local web dashboard: pick an LA, set levers, run the scenario against the baseline, see the charts, download CSV or Excel. JSON API under /api.");
  serve_cmd->add_option("--port", serve_options.port, "Port (0: any free port)")->capture_default_str()->check(cli::whole(0, 65535));
  serve_cmd->add_option("--host", serve_options.host, "Address to bind (only this machine unless you change it)")->capture_default_str();
  serve_cmd->add_option("--max-runs", serve_options.max_runs, "Runs at once; more are answered 503 (busy)")->capture_default_str();
  serve_cmd->add_option("--max-connections", serve_options.max_connections, "Open connections; more are answered 503 and closed")
      ->capture_default_str();
  serve_cmd->add_option("--data", serve_flags.data, "Directory of DfE's EES files for the LAs' starts");
  serve_cmd->add_option("--las", serve_flags.las, "LA table instead of --data or the embedded one");
  serve_cmd->add_option("--params", serve_flags.params, "Parameter file instead of the embedded one");
  serve_cmd->add_option("--seed", serve_flags.seed, "Seed of every run")->capture_default_str()->check(cli::seed());
  serve_cmd->add_option("--threads", serve_flags.threads, "Worker threads of each run (default: all cores)")->check(cli::whole(1, cli::kMaxThreads));
  std::string report_dir, report_out;
  auto* report_cmd = app.add_subcommand("report", "Write the self-contained HTML report (charts, data tables) from the CSVs of a run directory (run --out or scenario --out).");
  report_cmd->add_option("dir", report_dir, "The directory a run wrote its CSVs to")->required();
  report_cmd->add_option("--out", report_out, "The HTML file (default: DIR/report.html)");
  auto* data_cmd = app.add_subcommand("data", "The data a run reads: pull DfE's files; rebuild the embedded LA tables (starts, plans, funding) from them");
  data_cmd->require_subcommand(1);
  auto* starts = data_cmd->add_subcommand("starts", "Print (or --out) each LA's January 2015 state and practice, read from DfE's files: the table embedded as data/la/start_2015.csv");
  starts->add_option("--data", f.data, "Directory of DfE's EES files")->required();
  starts->add_option("--params", f.params, "Parameter file (England's totals) instead of the embedded one");
  starts->add_option("--out", f.out, "File to write (atomically) instead of standard output");
  auto* plans = data_cmd->add_subcommand("plans", "Print (or --out) each LA's published January EHC plans 2010-2025, read from DfE's files: the table embedded as data/la/plans_published.csv");
  plans->add_option("--data", f.data, "Directory of DfE's EES files")->required();
  plans->add_option("--out", f.out, "File to write (atomically) instead of standard output");
  auto* funding = data_cmd->add_subcommand("funding", "Print (or --out) each LA's DSG allocations 2019-20 to 2023-24 and published cumulative balances, read from DfE's files: the table embedded as data/la/funding.csv");
  funding->add_option("--data", f.data, "Directory of DfE's files")->required();
  funding->add_option("--out", f.out, "File to write (atomically) instead of standard output");
  PullFlags pf;
  auto* pull = data_cmd->add_subcommand("pull", "Download the DfE files a run with --data reads (from explore-education-statistics, or --from a mirror), check their SHA-256 and that they give every LA's start");
  pull->add_option("dir", pf.dir, "Directory to write them to (created if missing)")->required();
  pull->add_option("--from", pf.from, "Base URL of a mirror laid out like ../shared/data/dfe (e.g. http://127.0.0.1:8000)");
  pull->add_option("--manifest", pf.manifest, "Manifest CSV (file,url,member,sha256,source) instead of the embedded data/la/pull.csv");
  pull->add_flag("--quiet,-q", pf.quiet, "No line per file on stderr");
  RunsFlags rf;
  auto* runs_cmd = app.add_subcommand("runs", "The runs recorded in a run store (run, scenario and calibrate with --store FILE or $SENDTWIN_STORE): list them, show one, diff two.");
  runs_cmd->require_subcommand(1);
  auto* runs_list = runs_cmd->add_subcommand("list", "Every run: id, start (UTC), command, status, wall seconds, seed");
  runs_list->add_option("--store", rf.store, "The run store (default: $SENDTWIN_STORE)");
  auto* runs_show = runs_cmd->add_subcommand("show", "One run: its command line, parameter file and data hashes, seed, version, timings and outputs");
  runs_show->add_option("id", rf.a, "The run's id (see `runs list`)")->required();
  runs_show->add_option("--store", rf.store, "The run store (default: $SENDTWIN_STORE)");
  auto* runs_diff = runs_cmd->add_subcommand("diff", "What differs between two runs: arguments, seed, parameters, data hashes, outputs (for CSVs, the lines that differ)");
  runs_diff->add_option("a", rf.a, "The first run's id")->required();
  runs_diff->add_option("b", rf.b, "The second run's id")->required();
  runs_diff->add_option("--store", rf.store, "The run store (default: $SENDTWIN_STORE)");
  cli::WitanFlags wf;
  auto* witan = cli::add_witan_command(app, wf);
  try {
    g_arguments.assign(argv, argv + argc);
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // A command or flag it does not know gets the nearest; else CLI11's own word (a value out of
    // range, a required flag missing).
    const std::string why = cli::explain_refusal(app, std::vector<std::string>(argv + 1, argv + argc));
    std::cerr << "sendtwin: " << (why.empty() ? std::string(e.what()) : why) << "\n";
    return 2;
  }
  // Worker threads the system would not start: the work ran on fewer (same results); say so.
  struct ThreadNote {
    ~ThreadNote() {
      const std::string failure = engine::thread_start_failure();
      if (!failure.empty())
        std::fprintf(stderr, "sendtwin: %s; the work ran on the threads that started (the results do not depend on it). Use fewer --threads\n",
                     failure.c_str());
    }
  } thread_note;
  try {
    if (run->parsed()) return run_command(f);
    if (starts->parsed()) return data_starts_command(f);
    if (plans->parsed()) return data_plans_command(f);
    if (funding->parsed()) return data_funding_command(f);
    if (pull->parsed()) return data_pull_command(pf);
    if (la->parsed()) return la_command(lf);
    if (variation->parsed()) return variation_command(vf);
    if (validate->parsed()) return validate_command(tf, backtest);
    if (compare->parsed()) return compare_command(cf, compare_file);
    if (calibrate_cmd->parsed()) return calibrate_command(kf);
    if (scenario_cmd->parsed()) {
      sf.years_given = years_option->count() > 0;
      return scenario_command(sc_flags, sf);
    }
    if (report_cmd->parsed()) return report_command(report_dir, report_out);
    if (serve_cmd->parsed()) return serve_command(serve_flags, serve_options);
    if (sweep_cmd->parsed()) return cli::sweep_command(sweep_plan, sweep_flags.out, run_spec(sweep_flags, true), sweep_flags.quiet);
    if (goal_cmd->parsed()) return goal_seek_command(gs_flags, gf);
    if (witan->parsed()) return cli::witan_command(wf);
    if (runs_list->parsed()) return runs_command("list", rf);
    if (runs_show->parsed()) return runs_command("show", rf);
    if (runs_diff->parsed()) return runs_command("diff", rf);
  } catch (const InputError& e) {
    // What a message quotes of the input is escaped: raw binary never reaches the terminal.
    std::cerr << "sendtwin: " << printable(e.what()) << "\n";
    fail_pending_run(printable(e.what()));
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "sendtwin: out of memory: use a smaller --scale, fewer --replicates or fewer --threads\n";
    fail_pending_run("out of memory");
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "sendtwin: internal error: " << printable(e.what()) << "\n";
    fail_pending_run("internal error: " + printable(e.what()));
    return 1;
  }
  return 0;
}
