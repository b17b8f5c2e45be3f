// `sendtwin validate`: the model against every published series from its start, England's high needs
// block against the published DSG, and the futures beside published projections (the backtest
// out of sample: `sendtwin backtest`).
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "calibrate/calibrate.h"
#include "calibrate/sequence.h"
#include "cli/commands.h"
#include "data/embedded.h"
#include "data/published.h"
#include "report/finance_report.h"
#include "report/results.h"
#include "report/validation.h"

namespace sendtwin::cli {

namespace {

int validate_command(RunFlags f) {
  // The run goes at least as far as the published futures reach (2040).
  const auto projections = report::parse_projections(data::embedded_projections(), data::kEmbeddedProjectionsName);
  f.to = std::max(f.to, report::last_year_needed(projections));
  pipeline::RunPlan run_plan = plan(f);
  const auto result = simulate(run_plan, f.quiet);
  const auto england = report::collect(result.run, f.from, f.to);
  const auto england_money = result.england_money();
  std::cout << "sendtwin validate: England (" << run_plan.areas.size() << " LAs), seed " << f.seed << "\n\n";
  std::cout << report::render_in_sample(england, data::PublishedSeries::embedded());
  std::cout << report::render_finance(england_money, finance::published(funding_rows()), result.money);
  std::cout << report::render_futures(projections, england, england_money, run_plan.send, result.money);
  return 0;
}

}  // namespace

Command add_validate(CLI::App& app) {
  auto f = std::make_shared<RunFlags>();
  auto* cmd = app.add_subcommand("validate", "The model against every published series (% difference by year), England's high needs block against the published DSG, and the model's futures beside published projections.");
  add_simulation_options(cmd, *f);
  return {cmd, [f] { return validate_command(*f); }};
}

}  // namespace sendtwin::cli
