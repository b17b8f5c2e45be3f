// `sendtwin run`: England's scorecard and high needs block, every LA in the CSV.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/flags.h"
#include "data/published.h"
#include "report/finance_report.h"
#include "report/html.h"
#include "report/results.h"
#include "report/xlsx.h"
#include "store/recorder.h"

namespace sendtwin::cli {

namespace {

int run_command(RunFlags& f) {
  const PublishedPlan start = published_plan(f);  // every input read and checked
  // The run store records the attempt from here: a failure below is recorded as failed, with why.
  store::Recorder record(f.store, [&] { return describe_run("run", f.params, simulation_data_hashes(f.data, f.las), f.seed); },
                         f.quiet);
  // Every output is checked now, before any work (a forecast's fit included), and written after the
  // run as one set: each to a temporary file, then all renamed into place; a failure leaves every
  // old output as it was.
  io::OutputSet outputs;
  std::string scorecard_path, comparison_path;
  if (!f.out.empty()) {
    outputs.directory(f.out, "--out");
    scorecard_path = outputs.file((std::filesystem::path(f.out) / "scorecard.csv").string(), "--out");
    comparison_path = outputs.file((std::filesystem::path(f.out) / "comparison.csv").string(), "--out");
  }
  if (!f.report.empty()) outputs.file(f.report, "--report");
  if (!f.xlsx.empty()) outputs.file(f.xlsx, "--xlsx");
  const pipeline::RunPlan run_plan = fitted_plan(start, f);
  const auto published = data::PublishedSeries::embedded();
  const auto result = simulate(run_plan, f.quiet);
  const auto& money = result.money;
  const auto table = report::collect(result.run, f.from, f.to);
  report::ScorecardOptions options;
  options.title = "sendtwin: England (" + std::to_string(run_plan.areas.size()) + " local authorities), January " +
                  std::to_string(f.from) + " to December " + std::to_string(f.to) + " (seed " + std::to_string(f.seed) + ")";
  const auto england_money = result.england_money();
  const std::string printed = report::render_scorecard(table, published, options) +
                              report::render_finance(england_money, finance::published(funding_rows()), money);
  std::cout << printed;
  record.text("stdout", printed);

  // England, then every LA (for the CSV and the workbook only).
  std::vector<report::ResultTable> la_tables;
  if (!f.out.empty() || !f.xlsx.empty()) la_tables = report::collect_areas(result.run, f.from, f.to);
  std::vector<const report::ResultTable*> tables = {&table};
  for (const auto& t : la_tables) tables.push_back(&t);
  if (!f.out.empty()) {
    const std::string scorecard = report::tidy_csv(tables, "baseline") + report::finance_tidy_rows(england_money, money, "baseline") +
                                  report::ledger_tidy_rows(result.ledgers, "baseline");
    outputs.stage(scorecard_path, scorecard);
    outputs.stage(comparison_path, report::comparison_csv(table, published));
  }
  if (!f.report.empty()) {
    report::HtmlInput in;
    in.title = "sendtwin: England, January " + std::to_string(f.from) + " to December " + std::to_string(f.to);
    in.subtitle = std::to_string(run_plan.areas.size()) + " local authorities, seed " + std::to_string(f.seed) + ", " +
                  std::to_string(f.replicates) + " replicate(s) at scale " + scale_text(f.scale) + ".";
    in.scorecard_csv = report::tidy_csv(table, "baseline") + report::finance_tidy_rows(england_money, money, "baseline");
    outputs.stage(f.report, report::html_report(in, published));
  }
  if (!f.xlsx.empty()) {
    outputs.stage_with(f.xlsx, [&](const std::string& temp) {
      report::write_xlsx(temp, {{"England", report::wide_csv(table)},
                                {"High needs block", report::kTidyHeader + report::finance_tidy_rows(england_money, money, "baseline")},
                                {"LA ledgers", report::kTidyHeader + report::ledger_tidy_rows(result.ledgers, "baseline")},
                                {"Against published", report::comparison_csv(table, published)},
                                {"Every LA (tidy)", report::tidy_csv(tables, "baseline")}});
    });
  }
  outputs.publish();
  record_written(record, {scorecard_path, comparison_path, f.report, f.xlsx}, f.quiet);
  record.finish();
  return 0;
}

}  // namespace

Command add_run(CLI::App& app) {
  auto f = std::make_shared<RunFlags>();
  auto* cmd = app.add_subcommand("run", "Simulate every LA month by month from its published state in the January of --start (default: the latest) and print England's scorecard and high needs block.");
  add_simulation_options(cmd, *f);
  add_output_files(cmd, *f);
  cmd->add_option("--out", f->out, "Directory for scorecard.csv (tidy: measure, geography, code, period, value, unit, scenario, replicate) and comparison.csv (model against published)");
  cmd->add_option("--replicates", f->replicates, "Independent replicates; the scorecard shows their mean")->capture_default_str()->check(whole(1, 1000));
  cmd->add_option("--store", f->store, kStoreHelp);
  return {cmd, [f] { return run_command(*f); }};
}

}  // namespace sendtwin::cli
