// `sendtwin data starts | plans | funding | pull`: the data a run reads, rebuilt from DfE's files
// or downloaded.
#include <cstdio>

#include "cli/commands.h"
#include "core/error.h"
#include "data/csv.h"
#include "data/embedded.h"
#include "data/la_flows.h"
#include "data/la_start.h"
#include "data/pull.h"
#include "io/input_file.h"

namespace sendtwin::cli {

namespace {

struct DataFlags {
  std::string data, params, out;
};

// One of the embedded tables, rebuilt from DfE's files.
int table_command(const DataFlags& f, const std::function<std::string()>& table) {
  io::OutputSet outputs;  // checked before the work
  if (!f.out.empty()) outputs.file(f.out, "--out");
  emit(table(), f.out, outputs);
  return 0;
}

struct PullFlags {
  std::string dir, from, manifest;
  bool quiet = false;
};

int pull_command(const PullFlags& f) {
  const auto entries = f.manifest.empty() ? data::parse_pull_manifest(data::embedded_pull_manifest(), data::kEmbeddedPullName)
                                          : data::parse_pull_manifest(io::read_text_file(f.manifest), f.manifest);
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
    const auto areas = data::read_la_starts(f.dir, load_params("").send, la_register());
    std::printf("checked: they give %zu LAs' states in the Januaries %d-%d; run with --data %s\n", areas.size(), areas.front().year,
                data::latest_start_year(areas), f.dir.c_str());
  }
  return 0;
}

}  // namespace

std::vector<Command> add_data(CLI::App& app) {
  auto f = std::make_shared<DataFlags>();
  auto pf = std::make_shared<PullFlags>();
  auto* cmd = app.add_subcommand("data", "The data a run reads: pull DfE's files; rebuild the embedded LA tables (starts, plans, funding) from them");
  cmd->require_subcommand(1);
  auto* starts = cmd->add_subcommand("starts", "Print (or --out) each LA's state and practice in every January 2015-2025, read from DfE's files: the table embedded as data/la/starts.csv");
  starts->add_option("--data", f->data, "Directory of DfE's EES files")->required();
  starts->add_option("--params", f->params, "Parameter file (England's totals) instead of the embedded one");
  starts->add_option("--out", f->out, "File to write (atomically) instead of standard output");
  auto* plans = cmd->add_subcommand("plans", "Print (or --out) each LA's published January EHC plans 2010-2025, read from DfE's files: the table embedded as data/la/plans_published.csv");
  plans->add_option("--data", f->data, "Directory of DfE's EES files")->required();
  plans->add_option("--out", f->out, "File to write (atomically) instead of standard output");
  auto* flows = cmd->add_subcommand("flows", "Print (or --out) each LA's requests, assessments, new and ceased plans by calendar year 2014-2024, read from DfE's files: the table embedded as data/la/flows.csv");
  flows->add_option("--data", f->data, "Directory of DfE's EES files")->required();
  flows->add_option("--out", f->out, "File to write (atomically) instead of standard output");
  auto* funding = cmd->add_subcommand("funding", "Print (or --out) each LA's DSG allocations 2019-20 to 2023-24 and published cumulative balances, read from DfE's files: the table embedded as data/la/funding.csv");
  funding->add_option("--data", f->data, "Directory of DfE's files")->required();
  funding->add_option("--out", f->out, "File to write (atomically) instead of standard output");
  auto* pull = cmd->add_subcommand("pull", "Download the DfE files a run with --data reads (from explore-education-statistics, or --from a mirror), check their SHA-256 and that they give every LA's start");
  pull->add_option("dir", pf->dir, "Directory to write them to (created if missing)")->required();
  pull->add_option("--from", pf->from, "Base URL of a mirror laid out like ../shared/data/dfe (e.g. http://127.0.0.1:8000)");
  pull->add_option("--manifest", pf->manifest, "Manifest CSV (file,url,member,sha256,source) instead of the embedded data/la/pull.csv");
  pull->add_flag("--quiet,-q", pf->quiet, "No line per file on stderr");
  return {{starts, [f] {
             if (f->data.empty()) throw InputError("--data", 0, "", "give the directory of DfE's files");
             return table_command(*f, [f] { return data::la_starts_csv(data::read_la_starts(f->data, load_params(f->params).send, la_register())); });
           }},
          {plans, [f] { return table_command(*f, [f] { return data::la_plans_csv(data::read_la_plans(f->data)); }); }},
          {flows, [f] { return table_command(*f, [f] { return data::la_flows_csv(data::read_la_flows(f->data, la_register())); }); }},
          {funding, [f] { return table_command(*f, [f] { return data::la_funding_csv(data::read_la_funding(f->data, la_register())); }); }},
          {pull, [pf] { return pull_command(*pf); }}};
}

}  // namespace sendtwin::cli
