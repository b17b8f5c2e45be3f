// `sendtwin la LA`: one LA's scorecard beside England and its most similar LAs, its own published
// plans and its DSG ledger.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "core/error.h"
#include "data/local_data.h"
#include "data/published.h"
#include "pipeline/local.h"
#include "report/finance_report.h"
#include "report/html.h"
#include "report/la_report.h"
#include "report/scenario_report.h"
#include "pipeline/scenarios.h"
#include "report/results.h"
#include "report/xlsx.h"

namespace sendtwin::cli {

namespace {

// An InputError unless the LA has at least one simulated pupil at this scale.
void check_scale(const model::AreaStart& area, double scale, const std::string& query) {
  if (!(area.pupils > 0)) throw InputError("la", 0, query, area.name + " has no pupils in the LA table");
  if (area.pupils * scale >= 1) return;
  // Less than one agent: the LA's figures would all be 0. The smallest scale that gives it one, in 2 figures.
  const double least = 1 / area.pupils, unit = std::pow(10.0, std::floor(std::log10(least)) - 1);
  char text[160];
  std::snprintf(text, sizeof text, "at %g, %s's %.0f pupils are less than one simulated pupil: give --scale %g or more", scale,
                area.name.c_str(), area.pupils, std::ceil(least / unit) * unit);
  throw InputError("--scale", 0, "", text);
}

// `la --scenario FILE...`: the LA under each scenario against the baseline, with common random numbers
// over replicates (run_scenarios, every LA's figures kept): each measure the LA has by year.
struct LaScenario {
  std::vector<std::string> files;
  int replicates = 10;
  bool fixed_parameters = false;
  bool list = false;  // --list: the LAs, no run
  std::string local;  // --local FILE: the LA's own figures (data/local_data.h)
};

// The overrides as comment lines, at the top of the --out CSV.
std::string commented(const std::string& csv) {
  std::string out;
  std::size_t at = 0;
  while (at < csv.size()) {
    const std::size_t end = csv.find('\n', at);
    out += "# " + csv.substr(at, end == std::string::npos ? std::string::npos : end + 1 - at);
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return out;
}

// `la --list`: every LA of the start's January, with its codes and region.
int list_las(RunFlags& f) {
  const pipeline::RunPlan run_plan = plan(f);
  std::printf("The %zu LAs of January %d (DfE code, ONS code, name, region); `la` takes the code, the ONS code, the name or a\n"
              "short form of it (Bristol, Hull, Durham):\n", run_plan.areas.size(), run_plan.start_year);
  for (const auto& a : run_plan.areas) {
    const data::LaRecord* r = la_register().find(a.code);
    std::printf("%s  %-9s  %-40s %s\n", a.code.c_str(), r ? r->new_code.c_str() : "", a.name.c_str(), r ? r->region_name.c_str() : "");
  }
  return 0;
}

int la_command(RunFlags& f, const std::string& query, const LaScenario& ls) {
  if (ls.list) return list_las(f);
  std::optional<data::LocalData> local;
  if (!ls.local.empty()) local = data::read_local_data(ls.local);
  const std::string named = query.empty() && local ? local->code : query;
  if (named.empty()) throw InputError("la", 0, "", "name an LA (code, ONS code or name), or give --list or --local");
  pipeline::RunPlan run_plan = plan(f, local ? &*local : nullptr);
  const std::size_t target = find_area(named, run_plan.areas);
  if (local && run_plan.areas[target].code != local->code)
    throw InputError(local->file, local->line, "local.la",
                     "is \"" + local->code + "\", not " + run_plan.areas[target].name + " (" + run_plan.areas[target].code + ") named on the command line");
  const auto similar = report::most_similar(run_plan.areas, target, 10);  // on the published states
  std::vector<pipeline::Override> overrides;
  if (local) overrides = pipeline::apply_local(*local, run_plan);
  const auto& areas = run_plan.areas;
  check_scale(areas[target], f.scale, named);
  io::OutputSet outputs;  // checked before the run, written together after it
  if (!f.out.empty()) outputs.file(f.out, "--out");
  if (!f.report.empty()) outputs.file(f.report, "--report");
  if (!f.xlsx.empty()) outputs.file(f.xlsx, "--xlsx");
  std::vector<scenario::Scenario> scenarios;
  pipeline::RunPlan scenario_run;
  if (!ls.files.empty()) {
    scenario_run = scenario_plan(f, ls.fixed_parameters);
    scenario_run.area_figures = true;
    if (local) pipeline::apply_local(*local, scenario_run);
    scenarios = load_scenarios(ls.files, scenario_run.areas);
    if (scenarios.empty()) throw InputError(ls.files.front(), 0, "--scenario", "is a sweep plan, not a scenario");
  }
  const auto result = simulate(run_plan, f.quiet);
  const auto england = report::collect(result.run, f.from, f.to);
  const auto las = report::collect_areas(result.run, f.from, f.to);
  const data::LaRecord* record = la_register().find(areas[target].code);
  report::ScorecardOptions options;
  options.title = "sendtwin la: " + areas[target].name + " (" + areas[target].code + (record ? ", " + record->region_name : "") +
                  "), January " + std::to_string(f.from) + " to December " + std::to_string(f.to) + " (seed " +
                  std::to_string(f.seed) + ")";
  options.thousands = false;
  std::string overrides_csv;
  if (local) {
    const auto money = pipeline::money_overrides(*local, result);
    overrides.insert(overrides.end(), money.begin(), money.end());
    overrides_csv = pipeline::overrides_csv(overrides);
    std::cout << pipeline::render_overrides(*local, areas[target].name, overrides);
  }
  std::cout << report::render_scorecard(las[target], data::PublishedSeries{}, options);
  std::cout << "\nMost similar LAs (on their published state at the start; see README):\n  ";
  for (std::size_t k = 0; k < similar.size(); ++k)
    std::cout << (k ? ", " : "") << areas[similar[k]].name << " (" << areas[similar[k]].code << ")";
  std::cout << "\n";
  std::cout << report::render_la_comparison(las, england, target, similar, report_years(f.start, f.from, f.to));
  // The LA's own ledger: printed here, and in the report and the workbook below.
  std::vector<std::vector<finance::Ledger>> own(1);
  for (const auto& l : result.ledgers.front())
    if (std::find(l.model_codes.begin(), l.model_codes.end(), areas[target].code) != l.model_codes.end()) own[0].push_back(l);
  for (const auto& l : own[0]) std::cout << report::render_ledger(l, result.money);
  const auto published = published_la_plans();
  const auto mine = published.find(areas[target].code);
  if (mine != published.end())
    std::cout << report::render_la_validation(las[target], mine->second, f.from, std::min(f.to, 2025));
  std::string differences_csv;
  if (!scenarios.empty()) {
    const auto results = pipeline::run_scenarios(scenarios, ls.replicates, scenario_run, runs_progress(f.quiet, "scenario"));
    const auto diffs = report::differences(results);
    // The LA's measures, and its ledger's money when the ledger is its own (a shared ledger's code
    // joins its LAs' codes).
    std::cout << report::render_area_differences(diffs, areas[target].code);
    std::vector<report::Difference> mine_only;
    for (const auto& d : diffs)
      if (d.code == areas[target].code) mine_only.push_back(d);
    differences_csv = report::differences_csv(mine_only);
  }
  std::vector<const report::ResultTable*> tables = {&england, &las[target]};
  for (std::size_t s : similar) tables.push_back(&las[s]);
  // The overrides head every output: comment lines of the CSV, a section of the report, the
  // workbook's first sheet.
  if (!f.out.empty()) outputs.stage(f.out, commented(overrides_csv) + report::tidy_csv(tables, "baseline"));
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
    in.ledger_published_csv = report::published_balance_csv(own[0]);
    in.differences_csv = differences_csv;
    in.differences_code = areas[target].code;
    in.overrides_csv = overrides_csv;
    if (local) in.overrides_file = local->file;
    outputs.stage(f.report, report::html_report(in, data::PublishedSeries{}));
  }
  if (!f.xlsx.empty()) {
    outputs.stage_with(f.xlsx, [&](const std::string& temp) {
      std::vector<report::Sheet> sheets;
      if (local) sheets.push_back({"Overrides", overrides_csv});
      sheets.push_back({areas[target].name, report::wide_csv(las[target])});
      sheets.push_back({"England", report::wide_csv(england)});
      sheets.push_back({"DSG ledger", report::kTidyHeader + report::ledger_tidy_rows(own, "baseline")});
      sheets.push_back({"DSG balances published", report::published_balance_csv(own[0])});
      sheets.push_back({"Similar LAs (tidy)", report::tidy_csv(tables, "baseline")});
      report::write_xlsx(temp, sheets);
    });
  }
  outputs.publish();
  for (const auto& path : {f.report, f.xlsx})
    if (!path.empty() && !f.quiet) std::fprintf(stderr, "wrote %s\n", path.c_str());
  return 0;
}

}  // namespace

Command add_la(CLI::App& app) {
  auto f = std::make_shared<RunFlags>();
  auto query = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("la", "One local authority's scorecard beside England and its 10 most similar LAs, with its rank on each measure, its own published plans and its DSG ledger.");
  cmd->add_option("la", *query, "The LA: DfE 3-digit code (886), ONS code (E10000016), name (Kent) or a short form of it (Bristol, Hull)");
  auto ls = std::make_shared<LaScenario>();
  cmd->add_option("--scenario", ls->files, "Scenario files: the LA under each against the baseline, by year, with 90% intervals (and in --report)");
  cmd->add_option("--replicates", ls->replicates, "Replicates of the baseline and the scenario (with --scenario)")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_flag("--fixed-parameters", ls->fixed_parameters, "With --scenario: Monte Carlo noise only, no draw of the uncertain parameters");
  cmd->add_flag("--list", ls->list, "List the LAs of the start's January (codes, name, region) and stop");
  cmd->add_option("--local", ls->local, "The LA's own figures (TOML, README \"Local data\"): its January caseload, places, costs, allocation and balance in place of the published ones, each listed at the top of every output; the LA may then be left out");
  add_simulation_options(cmd, *f);
  add_output_files(cmd, *f);
  cmd->add_option("--out", f->out, "CSV file (tidy) of England, the LA and its similar LAs");
  return {cmd, [f, query, ls] { return la_command(*f, *query, *ls); }};
}

}  // namespace sendtwin::cli
