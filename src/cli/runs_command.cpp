// `sendtwin runs list | show ID | diff A B`: the runs recorded in a run store.
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "core/printable.h"
#include "store/recorder.h"
#include "store/run_store.h"

namespace sendtwin::cli {

namespace {

struct RunsFlags {
  std::string store, a, b;
};

// A run's id as given on the command line.
std::int64_t run_id(const std::string& text) {
  std::size_t used = 0;
  long long id = 0;
  try {
    id = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || id < 1) throw InputError("ID", 0, "", "\"" + text + "\" is not a run id (see `sendtwin runs list`)");
  return id;
}

int runs_command(const std::string& what, const RunsFlags& f) {
  const std::string path = store::store_path(f.store);
  if (path.empty()) throw InputError("--store", 0, "", "give the run store with --store FILE or set SENDTWIN_STORE");
  const store::RunStore db(path, store::RunStore::Mode::existing);
  // A record quotes command lines, file names and errors as they were: escaped for the terminal.
  if (what == "list") std::cout << printable(store::render_list(db.list()));
  else if (what == "show") std::cout << printable(store::render_show(db.show(run_id(f.a))));
  else std::cout << printable(store::render_diff(db.show(run_id(f.a)), db.show(run_id(f.b))));
  return 0;
}

}  // namespace

std::vector<Command> add_runs(CLI::App& app) {
  auto f = std::make_shared<RunsFlags>();
  auto* cmd = app.add_subcommand("runs", "The runs recorded in a run store (run, scenario and calibrate with --store FILE or $SENDTWIN_STORE): list them, show one, diff two.");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "Every run: id, start (UTC), command, status, wall seconds, seed");
  list->add_option("--store", f->store, "The run store (default: $SENDTWIN_STORE)");
  auto* show = cmd->add_subcommand("show", "One run: its command line, parameter file and data hashes, seed, version, timings and outputs");
  show->add_option("id", f->a, "The run's id (see `runs list`)")->required();
  show->add_option("--store", f->store, "The run store (default: $SENDTWIN_STORE)");
  auto* diff = cmd->add_subcommand("diff", "What differs between two runs: arguments, seed, parameters, data hashes, outputs (for CSVs, the lines that differ)");
  diff->add_option("a", f->a, "The first run's id")->required();
  diff->add_option("b", f->b, "The second run's id")->required();
  diff->add_option("--store", f->store, "The run store (default: $SENDTWIN_STORE)");
  return {{list, [f] { return runs_command("list", *f); }},
          {show, [f] { return runs_command("show", *f); }},
          {diff, [f] { return runs_command("diff", *f); }}};
}

}  // namespace sendtwin::cli
