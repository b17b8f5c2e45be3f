// The `sendtwin` command. Thin: it parses flags, calls the model and the report, and maps errors
// to exit codes (2: bad input, 1: internal failure).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <thread>

#include "core/calendar.h"
#include "calibrate/calibrate.h"
#include "cli/witan_command.h"
#include "core/error.h"
#include "data/atomic_file.h"
#include "data/csv.h"
#include "data/embedded.h"
#include "data/la_register.h"
#include "data/la_start.h"
#include "data/pull.h"
#include "data/published.h"
#include "data/send_params.h"
#include "model/send/send_run.h"
#include "report/finance_report.h"
#include "report/la_report.h"
#include "report/results.h"
#include "report/validation.h"

namespace {

using namespace sendtwin;

struct RunFlags {
  std::string la;  // `sendtwin la`: a code or name
  std::string out;
  std::string params;
  std::string data;  // directory of DfE's EES files; empty: the embedded LA table
  std::uint64_t seed = 1;
  int threads = 0;
  int from = 2015;
  int to = 2035;
  int replicates = 1;
  double scale = 1.0;
  bool quiet = false;
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

// A table to standard output, or (atomically) to the file `out`.
void emit(const std::string& table, const std::string& out) {
  if (out.empty()) std::cout << table;
  else data::write_file_atomically(out, table);
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
std::vector<model::AreaStart> load_areas(const std::string& dir, const model::SendParams& params) {
  if (dir.empty()) return data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName);
  return data::read_la_starts(dir, params, la_register());
}

int data_funding_command(const RunFlags& f) {
  emit(data::la_funding_csv(data::read_la_funding(f.data, la_register())), f.out);
  return 0;
}

int data_plans_command(const RunFlags& f) {
  emit(data::la_plans_csv(data::read_la_plans(f.data)), f.out);
  return 0;
}

// Each LA's published January EHC plans (the embedded table built from DfE's files): code -> year -> plans.
std::map<std::string, std::map<int, double>> published_la_plans() {
  std::map<std::string, std::map<int, double>> out;
  for (const auto& f : data::parse_la_plans(data::embedded_la_plans(), data::kEmbeddedLaPlansName))
    out[f.code][f.year] = f.plans;
  return out;
}

int data_starts_command(const RunFlags& f) {
  if (f.data.empty()) throw InputError("--data", 0, "", "give the directory of DfE's files");
  const auto params = load_params(f.params);
  emit(data::la_starts_csv(data::read_la_starts(f.data, params, la_register())), f.out);
  return 0;
}

// Checks the run flags shared by run, la and variation, and runs every LA.
model::SendRunResult simulate(const RunFlags& f, const model::SendParams& params,
                              const std::vector<model::AreaStart>& areas) {
  if (f.from < model::kSynthesisMonth.year())
    throw InputError("--from", 0, "", "the model starts from the January 2015 census: use 2015 or later");
  if (f.to < f.from) throw InputError("--to", 0, "", "the horizon is before --from");
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

int run_command(const RunFlags& f) {
  const auto [params, money] = load_all(f.params);
  const auto areas = load_areas(f.data, params);
  const auto published = data::PublishedSeries::embedded();
  const auto run = simulate(f, params, areas);
  const auto table = report::collect(run, f.from, f.to);
  report::ScorecardOptions options;
  options.title = "sendtwin: England (" + std::to_string(areas.size()) + " local authorities), January " +
                  std::to_string(f.from) + " to December " + std::to_string(f.to) + " (seed " + std::to_string(f.seed) + ")";
  std::cout << report::render_scorecard(table, published, options);
  const auto ledgers = report::run_ledgers(run, money, funding_rows(), la_register());
  const auto england_money = report::england_finance(ledgers);
  std::cout << report::render_finance(england_money, report::published_finance(funding_rows()), money);

  if (!f.out.empty()) {
    // Every output is built before any is written, and each is written to a temporary file and
    // renamed: a failure leaves no half-written file in --out.
    // England, then every LA.
    const auto la_tables = report::collect_areas(run, f.from, f.to);
    std::vector<const report::ResultTable*> tables = {&table};
    for (const auto& t : la_tables) tables.push_back(&t);
    const std::string scorecard = report::tidy_csv(tables, "baseline") + report::finance_tidy_rows(england_money, money, "baseline") +
                                  report::ledger_tidy_rows(ledgers, "baseline");
    const std::string comparison = report::comparison_csv(table, published);
    std::error_code ec;
    std::filesystem::create_directories(f.out, ec);
    if (ec) throw InputError(f.out, 0, "--out", "cannot create the directory: " + ec.message());
    data::write_file_atomically((std::filesystem::path(f.out) / "scorecard.csv").string(), scorecard);
    data::write_file_atomically((std::filesystem::path(f.out) / "comparison.csv").string(), comparison);
    if (!f.quiet) std::fprintf(stderr, "wrote %s/scorecard.csv and %s/comparison.csv\n", f.out.c_str(), f.out.c_str());
  }
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
  const auto areas = load_areas(f.data, params);
  const std::size_t target = find_area(f.la, areas);
  const auto similar = report::most_similar(areas, target, 10);
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
  const auto ledgers = report::run_ledgers(run, money, funding_rows(), la_register());
  for (const auto& l : ledgers.front())
    if (std::find(l.model_codes.begin(), l.model_codes.end(), areas[target].code) != l.model_codes.end())
      std::cout << report::render_ledger(l, money);
  const auto published = published_la_plans();
  const auto mine = published.find(areas[target].code);
  if (mine != published.end())
    std::cout << report::render_la_validation(las[target], mine->second, f.from, std::min(f.to, 2025));
  if (!f.out.empty()) {
    std::vector<const report::ResultTable*> tables = {&england, &las[target]};
    for (std::size_t s : similar) tables.push_back(&las[s]);
    data::write_file_atomically(f.out, report::tidy_csv(tables, "baseline"));
  }
  return 0;
}

int variation_command(const RunFlags& f) {
  const auto params = load_params(f.params);
  const auto areas = load_areas(f.data, params);
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
    data::write_file_atomically(f.out, report::tidy_csv(tables, "baseline"));
  }
  return 0;
}

int validate_command(RunFlags f, bool backtest) {
  // The run goes at least as far as the published futures reach (2040).
  const auto projections = report::parse_projections(data::embedded_projections(), data::kEmbeddedProjectionsName);
  f.to = std::max(f.to, report::last_year_needed(projections));
  const auto [params, money] = load_all(f.params);
  const auto areas = load_areas(f.data, params);
  const auto run = simulate(f, params, areas);
  const auto england = report::collect(run, f.from, f.to);
  const auto england_money = report::england_finance(report::run_ledgers(run, money, funding_rows(), la_register()));
  std::cout << "sendtwin validate: England (" << areas.size() << " LAs), seed " << f.seed << "\n\n";
  std::cout << report::render_in_sample(england, data::PublishedSeries::embedded());
  std::cout << report::render_finance(england_money, report::published_finance(funding_rows()), money);
  std::cout << report::render_futures(projections, england, england_money, params, money);
  if (!backtest) {
    std::cout << "\n(--backtest adds the backtest: fit to 2019, project 2020-2025, beside each series' trend.)\n";
    return 0;
  }
  // Fitted on the years to 2019 only, then run to 2025: the model's errors out of sample.
  calibrate::Options options;
  options.until = 2019;
  options.seed = f.seed;
  options.scale = std::min(0.1, f.scale);
  options.threads = threads_or_all(f.threads);
  const auto targets = calibrate::national_targets(data::PublishedSeries::embedded(), options.until);
  if (!f.quiet) std::fprintf(stderr, "backtest: fitting to %d at scale %g\n", options.until, options.scale);
  const auto fit = calibrate::calibrate(params, areas, targets, options);
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
  const auto [params, money_params] = load_all(f.params);
  const auto areas = load_areas(f.data, params);
  const auto run = simulate(f, params, areas);
  const auto england = report::collect(run, f.from, f.to);
  const auto las = report::collect_areas(run, f.from, f.to);
  const auto money = report::england_finance(report::run_ledgers(run, money_params, funding_rows(), la_register()));
  auto find_la = [&](std::string_view query) -> int {
    const data::LaRecord* record = la_register().find(query);
    const auto k = record ? area_of(*record, areas) : std::nullopt;
    return k ? static_cast<int>(*k) : -1;
  };
  emit(report::compare_csv(text, file, england, las, money, find_la), f.out);
  return 0;
}

struct CalibrateFlags {
  std::string params, data, out;
  int until = 2025;
  std::uint64_t seed = 1;
  double scale = 0.1;
  int threads = 0;
  int max_evaluations = 150;
  bool quiet = false;
};

int calibrate_command(const CalibrateFlags& f) {
  if (f.until < 2017 || f.until > 2025) throw InputError("--until", 0, "", "must be 2017..2025 (the published years)");
  if (!(f.scale > 0 && f.scale <= 1)) throw InputError("--scale", 0, "", "must be in (0, 1]");
  if (f.max_evaluations < 10 || f.max_evaluations > 5000) throw InputError("--max-evaluations", 0, "", "must be 10..5000");
  const std::string text = f.params.empty() ? std::string(data::embedded_send_params()) : data::read_text_file(f.params);
  const auto params = data::parse_send_params(text, f.params.empty() ? data::kEmbeddedParamsName : f.params);  // patched below
  const auto areas = load_areas(f.data, params);
  const auto targets = calibrate::national_targets(data::PublishedSeries::embedded(), f.until);
  calibrate::Options options;
  options.until = f.until;
  options.seed = f.seed;
  options.scale = f.scale;
  options.threads = threads_or_all(f.threads);
  options.max_evaluations = f.max_evaluations;
  const auto start = std::chrono::steady_clock::now();
  const auto result = calibrate::calibrate(params, areas, targets, options, [&](int done, double best) {
    if (!f.quiet) std::fprintf(stderr, "\revaluation %d/%d, best loss %.5f", done, f.max_evaluations, best);
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!f.quiet) std::fprintf(stderr, "\ncalibrated in %.0f s\n", seconds);
  std::cout << calibrate::render_fit_report(result, targets, options);
  // Validated before it is written: the fitted file must load.
  const std::string fitted = calibrate::patch_params(text, result, options);
  data::parse_send_params(fitted, f.out.empty() ? "<fitted>" : f.out);
  if (!f.out.empty()) {
    data::write_file_atomically(f.out, fitted);
    std::cout << "\nwrote the fitted parameters to " << f.out << "\n";
  }
  return 0;
}

// The options every command that simulates shares (run, la, variation).
void add_simulation_options(CLI::App* cmd, RunFlags& f) {
  cmd->add_option("--data", f.data, "Directory of DfE's EES files (as ../shared/data/dfe or `sendtwin data pull`): each LA starts from its own published January 2015 state; default: the embedded table built from them");
  cmd->add_option("--params", f.params, "Parameter file (TOML) instead of the embedded data/params/send.toml");
  cmd->add_option("--seed", f.seed, "Seed of the random streams; the same seed gives byte-identical outputs")->capture_default_str();
  cmd->add_option("--threads", f.threads, "Worker threads (default: all cores); results do not depend on it");
  cmd->add_option("--from", f.from, "First year reported (the simulation always starts from January 2015)")->capture_default_str();
  cmd->add_option("--to", f.to, "Last year simulated (to December)")->capture_default_str();
  cmd->add_option("--scale", f.scale, "Share of the population simulated, e.g. 0.01 for one agent per 100 children; outputs are scaled back")->capture_default_str();
  cmd->add_flag("--quiet,-q", f.quiet, "No progress bar or timing on stderr");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "sendtwin: an executable model of England's system of support for children with special "
      "educational needs and disabilities (SEND): every pupil, the statutory EHC process, appeals, "
      "special school places and the high needs block."};
  app.require_subcommand(1);
  RunFlags f;
  auto* run = app.add_subcommand("run", "Simulate every LA month by month from its January 2015 caseload and print England's scorecard and high needs block.");
  add_simulation_options(run, f);
  run->add_option("--out", f.out, "Directory for scorecard.csv (tidy: measure, geography, code, period, value, unit, scenario, replicate) and comparison.csv (model against published)");
  run->add_option("--replicates", f.replicates, "Independent replicates; the scorecard shows their mean")->capture_default_str();
  RunFlags lf;
  auto* la = app.add_subcommand("la", "One local authority's scorecard beside England and its 10 most similar LAs, with its rank on each measure, its own published plans and its DSG ledger.");
  la->add_option("la", lf.la, "The LA: DfE 3-digit code (886), ONS code (E10000016) or name (Kent)")->required();
  add_simulation_options(la, lf);
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
  calibrate_cmd->add_option("--until", kf.until, "Last year of the published targets (2017-2025)")->capture_default_str();
  calibrate_cmd->add_option("--seed", kf.seed, "Seed of every evaluation's runs (common random numbers)")->capture_default_str();
  calibrate_cmd->add_option("--scale", kf.scale, "Share of the population each evaluation simulates")->capture_default_str();
  calibrate_cmd->add_option("--max-evaluations", kf.max_evaluations, "Runs the optimiser may make")->capture_default_str();
  calibrate_cmd->add_option("--threads", kf.threads, "Worker threads (default: all cores)");
  calibrate_cmd->add_option("--params", kf.params, "Parameter file to start from (default: the embedded one)");
  calibrate_cmd->add_option("--data", kf.data, "Directory of DfE's EES files for the LAs' starts");
  calibrate_cmd->add_option("--out", kf.out, "Write the fitted parameter file here (atomically)");
  calibrate_cmd->add_flag("--quiet,-q", kf.quiet, "No progress on stderr");
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
  cli::WitanFlags wf;
  auto* witan = cli::add_witan_command(app, wf);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
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
    if (witan->parsed()) return cli::witan_command(wf);
  } catch (const InputError& e) {
    std::cerr << "sendtwin: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "sendtwin: internal error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
