// `sendtwin variation`: the spread of every measure across LAs and how much of it their inputs
// explain against their practice.
#include <iostream>

#include "cli/commands.h"
#include "report/la_report.h"
#include "report/results.h"

namespace sendtwin::cli {

namespace {

int variation_command(RunFlags& f) {
  pipeline::RunPlan run_plan = plan(f);
  run_plan.with_ledgers = false;  // pupils only: the spread of the measures across LAs
  io::OutputSet outputs;  // checked before the runs
  if (!f.out.empty()) outputs.file(f.out, "--out");
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
  add_simulation_options(cmd, *f);
  cmd->add_option("--out", f->out, "CSV file (tidy) of England and every LA");
  return {cmd, [f] { return variation_command(*f); }};
}

}  // namespace sendtwin::cli
