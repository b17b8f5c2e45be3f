// `sendtwin sweep PLAN.toml`: the plan's work items split across MPI ranks (when the binary is built
// with MPI: `mpirun -n K sendtwin sweep ...`), or all run by one process otherwise. Item k runs on
// rank k mod K; the ranks' rows are gathered to rank 0, which writes the tables.
#include "cli/commands.h"
#include "cli/flags.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/printable.h"
#include "io/atomic_file.h"
#include "sweep/sweep.h"

#ifdef SENDTWIN_WITH_MPI
#include <mpi.h>
#endif

namespace sendtwin::cli {

namespace {

// One item's outcome on the rank that ran it.
struct Outcome {
  std::size_t item = 0;
  bool ok = true;
  std::string text;  // the rows, or the error
};

std::string encode(const std::vector<Outcome>& outcomes) {
  std::string out;
  for (const auto& o : outcomes)
    out += std::to_string(o.item) + " " + (o.ok ? "1" : "0") + " " + std::to_string(o.text.size()) + "\n" + o.text;
  return out;
}

std::vector<Outcome> decode(const std::string& bytes) {
  std::vector<Outcome> out;
  std::size_t at = 0;
  while (at < bytes.size()) {
    const std::size_t eol = bytes.find('\n', at);
    if (eol == std::string::npos) throw std::runtime_error("sweep: a malformed block from a rank");
    Outcome o;
    int ok = 1;
    std::size_t size = 0;
    if (std::sscanf(bytes.c_str() + at, "%zu %d %zu", &o.item, &ok, &size) != 3) throw std::runtime_error("sweep: a malformed header from a rank");
    o.ok = ok == 1;
    o.text = bytes.substr(eol + 1, size);
    at = eol + 1 + size;
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

int sweep_command(const std::string& plan_path, const std::string& out, const pipeline::RunPlan& spec, bool quiet) {
  int rank = 0, ranks = 1;
#ifdef SENDTWIN_WITH_MPI
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised) MPI_Init(nullptr, nullptr);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
#endif
  int status = 0;
  try {
    // The tables' places are checked on every rank before any item runs (all ranks then fail
    // alike); rank 0 writes them together at the end.
    io::OutputSet outputs;
    outputs.directory(out, "--out");
    const std::string figures_path = outputs.file(out + "/scenarios.csv", "--out");
    const std::string differences_path = outputs.file(out + "/differences.csv", "--out");
    const sweep::Plan plan = sweep::load_plan(plan_path, spec.start_year);
    const auto all = sweep::items(plan);
    // Testing hook: SENDTWIN_SWEEP_FAIL_ITEM=k makes item k fail, to show how a failure is reported.
    const char* fail = std::getenv("SENDTWIN_SWEEP_FAIL_ITEM");
    std::vector<Outcome> mine;
    for (std::size_t k = static_cast<std::size_t>(rank); k < all.size(); k += static_cast<std::size_t>(ranks)) {
      Outcome o;
      o.item = k;
      try {
        if (fail && std::to_string(k) == fail) throw std::runtime_error("failed on purpose (SENDTWIN_SWEEP_FAIL_ITEM)");
        o.text = sweep::run_item(plan, all[k], spec);
      } catch (const std::exception& e) {
        o.ok = false;
        o.text = e.what();
      }
      if (!quiet) std::fprintf(stderr, "rank %d: item %zu of %zu (%s)%s\n", rank, k + 1, all.size(), printable(sweep::describe(plan, all[k])).c_str(),
                               o.ok ? "" : ": FAILED");
      mine.push_back(std::move(o));
    }
    // Every rank's outcomes to rank 0.
    std::string gathered = encode(mine);
#ifdef SENDTWIN_WITH_MPI
    const std::string local = gathered;
    int size = static_cast<int>(local.size());
    std::vector<int> sizes(static_cast<std::size_t>(ranks)), offsets(static_cast<std::size_t>(ranks));
    MPI_Gather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    int total = 0;
    if (rank == 0)
      for (int r = 0; r < ranks; ++r) offsets[static_cast<std::size_t>(r)] = total, total += sizes[static_cast<std::size_t>(r)];
    std::string all_bytes(static_cast<std::size_t>(rank == 0 ? total : 0), '\0');
    MPI_Gatherv(local.data(), size, MPI_CHAR, all_bytes.data(), sizes.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
    gathered = all_bytes;
#endif
    if (rank == 0) {
      std::vector<std::string> rows(all.size());
      std::vector<bool> seen(all.size(), false);
      std::string failures;
      for (const auto& o : decode(gathered)) {
        if (o.item >= all.size()) throw std::runtime_error("sweep: an item out of range from a rank");
        seen[o.item] = true;
        if (o.ok) rows[o.item] = o.text;
        else failures += "sendtwin sweep: rank " + std::to_string(static_cast<int>(o.item % static_cast<std::size_t>(ranks))) +
                         " failed on item " + std::to_string(o.item) + " (" + sweep::describe(plan, all[o.item]) + "): " + o.text + "\n";
      }
      for (std::size_t k = 0; k < all.size(); ++k)
        if (!seen[k]) failures += "sendtwin sweep: no result for item " + std::to_string(k) + "\n";
      if (!failures.empty()) {
        std::cerr << printable(failures) << "nothing was written\n";
        status = 1;
      } else {
        const auto tables = sweep::assemble(plan, rows);
        outputs.stage(figures_path, tables.figures_csv);
        outputs.stage(differences_path, tables.differences_csv);
        outputs.publish();
        std::printf("sendtwin sweep %s: %zu items (%zu scenario(s) and the baseline x %d parameter draws x %d replicates) on %d rank(s); wrote %s/scenarios.csv and %s/differences.csv\n",
                    printable(plan.name).c_str(), all.size(), plan.scenarios.size(), plan.parameter_draws, plan.replicates, ranks, out.c_str(), out.c_str());
      }
    }
  } catch (const InputError& e) {
    if (rank == 0) std::cerr << "sendtwin: " << printable(e.what()) << "\n";
    status = 2;
  }
#ifdef SENDTWIN_WITH_MPI
  MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
#endif
  return status;
}

bool built_with_mpi() {
#ifdef SENDTWIN_WITH_MPI
  return true;
#else
  return false;
#endif
}

Command add_sweep(CLI::App& app) {
  auto f = std::make_shared<RunFlags>();
  auto plan_path = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("sweep", std::string("Run a sweep plan (scenarios x parameter draws x replicates), split across MPI ranks under `mpirun -n K` (one process otherwise); writes the same tidy tables as `scenario`, byte-identical for any number of ranks or threads. This binary is built ") +
                                              (built_with_mpi() ? "with MPI." : "without MPI: one process."));
  cmd->add_option("plan", *plan_path, "The sweep plan (TOML; see scenarios/example-sweep.toml)")->required();
  f->out = "out/sweep";
  cmd->add_option("--out", f->out, "Directory for scenarios.csv and differences.csv")->capture_default_str();
  add_start_options(cmd, *f);
  cmd->add_option("--params", f->params, "Parameter file instead of the embedded one");
  cmd->add_option("--threads", f->threads, "Worker threads of each rank (default: all cores); results do not depend on it")->check(whole(1, kMaxThreads));
  cmd->add_flag("--quiet,-q", f->quiet, "No line per item on stderr");
  return {cmd, [f, plan_path] { return sweep_command(*plan_path, f->out, scenario_plan(*f, true), f->quiet); }};
}

}  // namespace sendtwin::cli
