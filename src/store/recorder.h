// Recording one run of a command in a run store (`--store FILE` or $SENDTWIN_STORE): a 'running'
// row when the Recorder is made (after the inputs have loaded), then the outputs and timings in one
// transaction by finish(). Outputs are recorded only once they are in place (renamed), so a run
// killed before then leaves a 'running' row and no outputs; one that throws is marked failed by
// fail_pending_run(), which the command line calls on its way out.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/run_store.h"

namespace sendtwin::store {

// The store a run records itself in: the flag, else $SENDTWIN_STORE, else none ("").
std::string store_path(const std::string& flag);

// The command line as a POSIX shell reads it back ("sendtwin run --out 'my dir'"); set once by main.
void set_command_line(const std::vector<std::string>& arguments);
std::string command_line();

class Recorder {
 public:
  // Begins the run if there is a store: `describe` (called only then: hashing data takes time)
  // gives the command, parameters, data hashes and seed; the arguments come from command_line().
  Recorder(const std::string& store_flag, const std::function<RunStart()>& describe, bool quiet);
  bool active() const { return store_.has_value(); }
  // An output file now in place; named by its file name (unless another output has that name).
  void file(const std::string& path);
  void text(const std::string& name, const std::string& text);
  // Records the outputs and the wall time; says where on stderr unless quiet.
  void finish();

 private:
  bool quiet_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::optional<RunStore> store_;
  std::int64_t id_ = 0;
  std::vector<OutputRecord> outputs_;
};

// Marks the run begun and not finished (if any) failed, with why.
void fail_pending_run(const std::string& why);

}  // namespace sendtwin::store
