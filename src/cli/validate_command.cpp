// `sendtwin validate [--backtest]`: the model against every published series, England's high needs
// block against the published DSG, the futures beside published projections, and the backtest.
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

int validate_command(RunFlags f, bool backtest) {
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
  if (!backtest) {
    std::cout << "\n(--backtest adds the backtest: fit to 2019, project 2020-2025, beside each series' trend.)\n";
    return 0;
  }
  // Fitted on the years to 2019 only, then run to 2025: the model's errors out of sample.
  constexpr int kUntil = 2019, kTo = 2025;
  auto log = [&](const std::string& line) {
    if (!f.quiet) std::fputs(line.c_str(), stderr);
  };
  run_plan.send = calibrate::fit_until(run_plan.send, run_plan.areas, kUntil, f.seed, f.scale, f.scale, run_plan.threads, log);
  run_plan.last_year = kTo;
  const auto projected = simulate(run_plan, f.quiet);
  std::vector<std::string> series;
  for (const auto& t : calibrate::target_series()) series.emplace_back(t.measure);
  std::cout << report::render_backtest(report::collect(projected.run, f.from, kTo), data::PublishedSeries::embedded(), series,
                                       kUntil, kTo);
  return 0;
}

}  // namespace

Command add_validate(CLI::App& app) {
  auto f = std::make_shared<RunFlags>();
  auto backtest = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("validate", "The model against every published series (% difference by year), England's high needs block against the published DSG, and the model's futures beside published projections.");
  add_simulation_options(cmd, *f);
  cmd->add_flag("--backtest", *backtest, "Also fit to 2019 (sendtwin calibrate at --scale, at most 0.1) and set the model's 2020-2025 beside each series' linear trend (about a minute)");
  return {cmd, [f, backtest] { return validate_command(*f, *backtest); }};
}

}  // namespace sendtwin::cli
