// `sendtwin report RUN_DIR`: the HTML report from the CSVs a run wrote there.
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "data/csv.h"
#include "data/published.h"
#include "io/input_file.h"
#include "report/html.h"

namespace sendtwin::cli {

namespace {

int report_command(const std::string& dir, const std::string& out) {
  namespace fs = std::filesystem;
  report::HtmlInput in;
  const fs::path d(dir);
  const std::string target = out.empty() ? (d / "report.html").string() : out;
  io::OutputSet outputs;
  if (fs::exists(d / "scorecard.csv") || fs::exists(d / "scenarios.csv")) outputs.file(target, "--out");
  if (fs::exists(d / "scorecard.csv")) {
    in.scorecard_csv = io::read_text_file((d / "scorecard.csv").string());
    in.title = "sendtwin: England (" + dir + ")";
  } else if (fs::exists(d / "scenarios.csv")) {
    in.scorecard_csv = io::read_text_file((d / "scenarios.csv").string());
    if (fs::exists(d / "differences.csv")) in.differences_csv = io::read_text_file((d / "differences.csv").string());
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

}  // namespace

Command add_report(CLI::App& app) {
  auto dir = std::make_shared<std::string>(), out = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("report", "Write the self-contained HTML report (charts, data tables) from the CSVs of a run directory (run --out or scenario --out).");
  cmd->add_option("dir", *dir, "The directory a run wrote its CSVs to")->required();
  cmd->add_option("--out", *out, "The HTML file (default: DIR/report.html)");
  return {cmd, [dir, out] { return report_command(*dir, *out); }};
}

}  // namespace sendtwin::cli
