// `sendtwin scenario FILE...`: the baseline and each scenario over replicates with common random
// numbers, and each measure's difference from the baseline with its 90% interval.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/flags.h"
#include "core/error.h"
#include "core/printable.h"
#include "data/local_data.h"
#include "data/published.h"
#include "measures/registry.h"
#include "pipeline/local.h"
#include "pipeline/scenarios.h"
#include "report/html.h"
#include "report/scenario_report.h"
#include "report/xlsx.h"
#include "store/recorder.h"

namespace sendtwin::cli {

namespace {

struct ScenarioFlags {
  std::vector<std::string> files;
  int replicates = 10;
  std::vector<int> years = {2030, 2035};
  bool years_given = false;
  bool fixed_parameters = false;
  bool by_la = false;
  std::string la;  // --la: the LA's figures alone, of a run of its funding unit (empty: England's)
  std::string local;  // --local FILE: an LA's own figures in place of the published ones (data/local_data.h)
};

// The years the table shows: those given (each within the run), else the defaults the run covers,
// else its last.
std::vector<int> table_years(const RunFlags& f, const ScenarioFlags& sf) {
  std::vector<int> years = sf.years;
  if (!sf.years_given) {
    years.erase(std::remove_if(years.begin(), years.end(), [&](int y) { return y < f.from || y > f.to; }), years.end());
    if (years.empty()) years.push_back(f.to);
  }
  for (const int y : years)
    if (y < f.from || y > f.to) throw InputError("--years", 0, "", std::to_string(y) + " is outside the run (--from to --to)");
  return years;
}

// The scenarios and their levers, as the table's heading.
void print_scenarios(const std::vector<scenario::Scenario>& scenarios, const RunFlags& f, const ScenarioFlags& sf) {
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
}

// The terminal table: the chosen measures in each year's January, calendar year and financial year.
std::string differences_table(const std::vector<report::Difference>& diffs, const std::vector<int>& years, int replicates) {
  std::vector<std::string> periods;
  for (const int y : years)
    for (const auto kind : {measures::Period::CensusJanuary, measures::Period::CalendarYear, measures::Period::FinancialYear})
      periods.push_back(measures::period_label(kind, y));
  const auto shown = measures::ids(&measures::Shown::scenario_table);
  return report::render_differences(diffs, shown, periods, replicates);
}

int scenario_command(RunFlags& f, const ScenarioFlags& sf) {
  if (sf.replicates < 1 || sf.replicates > 1000) throw InputError("--replicates", 0, "", "must be 1..1000");
  std::optional<data::LocalData> local;
  if (!sf.local.empty()) local = data::read_local_data(sf.local);
  // --la: the LA and the LAs its ledger joins alone (fitted_plan), whose figures are what the run of
  // every LA gives them; the figures kept are the LA's and its ledger's (the run's sums are not England's).
  const PublishedPlan published = published_plan(f);
  const auto& every = published.plan.areas;
  std::string la_code, la_name;
  if (!sf.la.empty()) {
    const auto& area = every[find_area(sf.la, every)];
    la_code = area.code;
    la_name = area.name;
  }
  const auto scenarios = load_scenarios(sf.files, every);
  if (scenarios.empty()) throw InputError("scenario", 0, "FILE", "no scenario among the files given");
  store::Recorder record(f.store, [&] {
    std::string hashes;
    for (const auto& file : sf.files) hashes += store::file_hash_line(file);
    if (local) hashes += store::file_hash_line(sf.local);
    return describe_run("scenario", f.params, hashes + simulation_data_hashes(f.data, f.las), f.seed);
  }, f.quiet);
  io::OutputSet outputs;  // checked before any work (a forecast's fit included), written together after the runs
  std::string figures_path, differences_path, overrides_path;
  if (!f.out.empty()) {
    outputs.directory(f.out, "--out");
    figures_path = outputs.file((std::filesystem::path(f.out) / "scenarios.csv").string(), "--out");
    differences_path = outputs.file((std::filesystem::path(f.out) / "differences.csv").string(), "--out");
    if (local) overrides_path = outputs.file((std::filesystem::path(f.out) / "overrides.csv").string(), "--out");
  }
  if (!f.report.empty()) outputs.file(f.report, "--report");
  if (!f.xlsx.empty()) outputs.file(f.xlsx, "--xlsx");
  auto run_plan = as_scenario_plan(fitted_plan(published, f, la_code.empty() ? std::vector<std::string>{} : std::vector<std::string>{la_code}), f,
                                   sf.fixed_parameters);
  run_plan.area_figures = sf.by_la || !la_code.empty();
  // The LA's own figures act in the baseline and every scenario; listed before the results (the
  // money's replaced figures are the ledger's: `la --local` prints them after its run).
  std::vector<pipeline::Override> overrides;
  if (local) {
    overrides = pipeline::apply_local(*local, run_plan);
    const auto money = pipeline::money_overrides(*local, pipeline::RunResult{});
    overrides.insert(overrides.end(), money.begin(), money.end());
  }
  const std::string overrides_csv = local ? pipeline::overrides_csv(overrides) : "";
  const std::string local_name = local ? every[find_area(local->code, every)].name : "";
  const std::vector<int> years = table_years(f, sf);
  const auto start = std::chrono::steady_clock::now();
  auto results = pipeline::run_scenarios(scenarios, sf.replicates, run_plan, runs_progress(f.quiet, "scenarios"));
  if (!la_code.empty()) pipeline::keep_la(results, la_code);
  const auto diffs = report::differences(results);
  if (local) std::cout << pipeline::render_overrides(*local, local_name, overrides) << "\n";
  print_scenarios(scenarios, f, sf);
  if (la_code.empty()) std::cout << differences_table(diffs, years, sf.replicates);
  else std::cout << report::render_area_differences(diffs, la_code);
  if (sf.by_la) {
    // The LAs in the last year shown: its January, and the financial year that ends in its March.
    const int y = years.back();
    std::cout << report::render_la_differences(diffs, measures::period_label(measures::Period::CensusJanuary, y),
                                               measures::period_label(measures::Period::FinancialYear, y - 1), 10, 10);
  }
  if (!f.quiet)
    std::fprintf(stderr, "%zu runs in %.0f s\n", results.names.size() * static_cast<std::size_t>(sf.replicates),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  const std::string figures_csv = report::scenario_figures_csv(results), differences_csv = report::differences_csv(diffs);
  if (!f.out.empty()) {
    outputs.stage(figures_path, figures_csv);
    outputs.stage(differences_path, differences_csv);
    if (local) outputs.stage(overrides_path, overrides_csv);
  }
  if (!f.report.empty()) {
    report::HtmlInput in;
    in.title = "sendtwin scenarios: " + std::to_string(scenarios.size()) + " against the baseline";
    in.subtitle = std::to_string(sf.replicates) + " replicates at scale " + scale_text(f.scale) + ", seed " +
                  std::to_string(f.seed) + "; the scorecard charts show the baseline.";
    in.scorecard_csv = figures_csv;
    in.differences_csv = differences_csv;
    if (!la_code.empty()) {
      in.title = "sendtwin scenarios: " + la_name + " (" + la_code + "), " + std::to_string(scenarios.size()) + " against the baseline";
      in.differences_code = la_code;
      in.geography = la_name;
    }
    in.scenarios = scenarios;
    for (const auto& a : run_plan.areas) in.la_names[a.code] = a.name;
    in.overrides_csv = overrides_csv;
    if (local) in.overrides_file = local->file;
    outputs.stage(f.report, report::html_report(in, data::PublishedSeries::embedded()));
  }
  if (!f.xlsx.empty()) {
    outputs.stage_with(f.xlsx, [&](const std::string& temp) {
      std::vector<report::Sheet> sheets;
      if (local) sheets.emplace_back("Overrides", std::vector<report::Block>{report::csv_block(overrides_csv)});
      sheets.emplace_back("Differences", differences_csv);
      sheets.emplace_back("Every run", figures_csv);
      report::write_xlsx(temp, sheets);
    });
  }
  outputs.publish();
  if (!f.out.empty()) {
    record.file(figures_path);
    record.file(differences_path);
    std::cout << "\nwrote " << f.out << "/scenarios.csv (every figure, scenario and replicate) and " << f.out
              << "/differences.csv\n";
  }
  record_written(record, {f.report, f.xlsx}, f.quiet);
  record.finish();
  return 0;
}

}  // namespace

Command add_scenario(CLI::App& app) {
  auto f = std::make_shared<RunFlags>();
  auto sf = std::make_shared<ScenarioFlags>();
  f->scale = 0.1;
  auto* cmd = app.add_subcommand("scenario", "Run the baseline and each scenario file (TOML levers) with common random numbers over replicates, and print each measure's difference from the baseline with its 90% interval.");
  cmd->add_option("files", sf->files, "Scenario files (see scenarios/ and the README's table of levers)")->required();
  cmd->add_option("--local", sf->local, "An LA's own figures (TOML, README \"Local data\") in place of the published ones, in the baseline and every scenario");
  cmd->add_option("--replicates", sf->replicates, "Replicates of the baseline and of each scenario")->capture_default_str()->check(whole(1, 1000));
  auto* years = cmd->add_option("--years", sf->years, "Years the table shows (January stocks, calendar-year flows, financial years starting then)")->delimiter(',')->capture_default_str()->check(whole(kFirstYear, kLastYear));
  cmd->add_flag("--fixed-parameters", sf->fixed_parameters, "Monte Carlo noise only: no draw of the uncertain parameters per replicate");
  cmd->add_option("--la", sf->la, "One LA's figures (code or name) by year with their differences, instead of England's: only the LA and any LA whose DSG ledger it shares are run, at full scale unless --scale is given");
  cmd->add_flag("--by-la", sf->by_la, "Also each LA's figures (pupils with a plan, EHC plans in all and by kind of school, ISPs, requests, new and reassessed plans, timeliness; its ledger's spend, allocation, balances and White Paper grants) in --out, and a table of England, the ten largest LAs and the ten the scenario moves most in the last year shown");
  cmd->add_option("--out", f->out, "Directory for scenarios.csv and differences.csv (tidy, with scenario and replicate)");
  cmd->add_option("--store", f->store, kStoreHelp);
  add_simulation_options(cmd, *f);
  add_output_files(cmd, *f);
  return {cmd, [f, sf, years, cmd] {
            sf->years_given = years->count() > 0;
            if (!sf->la.empty() && cmd->get_option("--scale")->count() == 0) f->scale = 1.0;  // an LA's run is small: full scale
            return scenario_command(*f, *sf);
          }};
}

}  // namespace sendtwin::cli
