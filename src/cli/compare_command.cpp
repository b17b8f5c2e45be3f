// `sendtwin compare FILE.csv`: the user's own figures beside a run's.
#include <algorithm>

#include "cli/commands.h"
#include "data/csv.h"
#include "io/input_file.h"
#include "report/results.h"
#include "report/validation.h"

namespace sendtwin::cli {

namespace {

int compare_command(RunFlags& f, const std::string& file) {
  const std::string text = io::read_text_file(file);
  io::OutputSet outputs;  // checked before the run
  if (!f.out.empty()) outputs.file(f.out, "--out");
  // The rows are read against the published plan, before the fit of the LAs' flows (which changes
  // no LA, funding unit or year the rows may name): a bad row is refused before any work.
  const PublishedPlan published = published_plan(f);
  const pipeline::RunPlan& run_plan = published.plan;
  auto find_la = [&](std::string_view query) -> int {
    const data::LaRecord* record = la_register().find(query);
    const auto k = record ? area_of(*record, run_plan.areas) : std::nullopt;
    return k ? static_cast<int>(*k) : -1;
  };
  // An LA's money is its ledger's: the run's funding units, and the financial years its ledgers can
  // hold (from the first published allocation to the last whose second January the run reaches).
  report::CompareLedgers ledgers;
  for (const auto& area : run_plan.areas) ledgers.la_codes.push_back(area.code);
  ledgers.units = pipeline::funding_units(run_plan);
  ledgers.first_fy = run_plan.funding.front().fy;
  for (const auto& row : run_plan.funding) ledgers.first_fy = std::min(ledgers.first_fy, row.fy);
  ledgers.last_fy = run_plan.last_year - 1;
  const auto rows = report::read_compare_rows(text, file, find_la, ledgers);  // every row checked before the run
  const auto result = simulate(fitted_plan(published, f), f.quiet);
  const auto england = report::collect(result.run, f.from, f.to);
  const auto las = report::collect_areas(result.run, f.from, f.to);
  emit(report::compare_csv(rows, england, las, result.england_money(), result.ledgers, file), f.out, outputs);
  return 0;
}

}  // namespace

Command add_compare(CLI::App& app) {
  auto f = std::make_shared<RunFlags>();
  auto file = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("compare", "Your own figures (a CSV of measure, geography, period, value) beside a run: the model's figure and the difference for each row.");
  cmd->add_option("file", *file, "CSV with columns measure (a scorecard.csv measure, or a money measure such as high_needs_spend), geography (England or an LA; an LA's money is its DSG ledger's), period (2025, January 2025, 2024-25), value")->required();
  add_simulation_options(cmd, *f);
  cmd->add_option("--out", f->out, "CSV file to write instead of standard output");
  return {cmd, [f, file] { return compare_command(*f, *file); }};
}

}  // namespace sendtwin::cli
