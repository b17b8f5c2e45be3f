// `sendtwin variation`: the spread of every measure across LAs and how much of it their inputs
// explain against their practice.
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "report/la_report.h"
#include "report/results.h"
#include "report/scenario_report.h"
#include "pipeline/scenarios.h"

namespace sendtwin::cli {

namespace {

// `variation --scenario FILE`: which LAs the scenario moves most, and why.
struct VariationScenario {
  std::string file;
  int replicates = 10;
};

int scenario_variation(RunFlags& f, const VariationScenario& vs) {
  pipeline::RunPlan run_plan = scenario_plan(f, false);
  run_plan.area_figures = true;
  const auto scenarios = load_scenarios({vs.file}, run_plan.areas);
  if (scenarios.empty()) throw InputError(vs.file, 0, "--scenario", "is a sweep plan, not a scenario");
  if (!f.out.empty()) throw InputError("--out", 0, "", "with --scenario, use `scenario --by-la --out DIR` for every LA's figures");
  const auto results = pipeline::run_scenarios(scenarios, vs.replicates, run_plan, runs_progress(f.quiet, "scenario"));
  std::cout << "sendtwin variation --scenario: " << run_plan.areas.size() << " LAs, " << vs.replicates << " replicates at scale "
            << f.scale << ", seed " << f.seed << "\n";
  std::cout << report::render_scenario_variation(report::differences(results), run_plan.areas,
                                                 measures::period_label(measures::Period::CensusJanuary, f.to));
  return 0;
}

int variation_command(RunFlags& f, const VariationScenario& vs) {
  if (!vs.file.empty()) return scenario_variation(f, vs);
  io::OutputSet outputs;  // checked before any work (a forecast's fit included)
  if (!f.out.empty()) outputs.file(f.out, "--out");
  pipeline::RunPlan run_plan = plan(f);
  run_plan.with_ledgers = false;  // pupils only: the spread of the measures across LAs
  const auto result = simulate(run_plan, f.quiet);
  // The same LAs with England's practice: only their state at the start and size differ.
  pipeline::RunPlan same = run_plan;
  for (auto& a : same.areas) a.use_england_practice();
  const auto result_same = simulate(same, f.quiet);
  const auto england = report::collect(result.run, f.from, f.to);
  const auto las = report::collect_areas(result.run, f.from, f.to);
  const auto las_same = report::collect_areas(result_same.run, f.from, f.to);
  std::cout << "sendtwin variation: " << run_plan.areas.size() << " LAs, seed " << f.seed << "\n";
  for (int y : report_years(f.start, f.from, f.to)) std::cout << report::render_variation(las, las_same, england, y);
  std::cout << report::render_la_errors(las, published_la_plans(), {2020, 2025});
  if (!f.out.empty()) {
    std::vector<const report::ResultTable*> tables = {&england};
    for (const auto& t : las) tables.push_back(&t);
    outputs.stage(f.out, report::tidy_csv(tables, "baseline"));
    outputs.publish();
  }
  return 0;
}

}  // namespace

Command add_variation(CLI::App& app) {
  auto f = std::make_shared<RunFlags>();
  auto* cmd = app.add_subcommand("variation", "The spread of every measure across LAs (quartiles, funnel-plot limits) and how much of it the LAs' inputs explain versus their practice.");
  auto vs = std::make_shared<VariationScenario>();
  cmd->add_option("--scenario", vs->file, "A scenario file: which LAs it moves most against the baseline by the last year, and what in their start explains it");
  cmd->add_option("--replicates", vs->replicates, "Replicates of the baseline and the scenario (with --scenario)")->capture_default_str()->check(CLI::Range(1, 1000));
  add_simulation_options(cmd, *f);
  cmd->add_option("--out", f->out, "CSV file (tidy) of England and every LA");
  return {cmd, [f, vs] { return variation_command(*f, *vs); }};
}

}  // namespace sendtwin::cli
