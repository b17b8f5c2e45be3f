// The run store: every run (command, parameters, data-file hashes, seed, version, timings and
// outputs) in a SQLite database. A run is written in two transactions: begin_run (a 'running'
// row) and finish_run (its outputs, status 'finished' and timings, all in one). A process killed
// between the two leaves a 'running' row with no outputs; SQLite's journal means no transaction
// is ever seen half-done.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

struct sqlite3;

namespace sendtwin::store {

// The version of sendtwin (CMake's project VERSION).
std::string sendtwin_version();

// An output file of a run as it is on disk after its rename into place.
struct OutputRecord {
  std::string name;     // the key `runs diff` matches on: the file's name (scorecard.csv)
  std::string path;     // where it was written
  std::string sha256;   // lower-case hex
  std::int64_t bytes = 0;
  std::optional<std::string> content;  // kept in full for text outputs (CSV, TOML)
};

// What is known when a run begins.
struct RunStart {
  std::string command;     // run, scenario, calibrate
  std::string arguments;   // the command line, shell-quoted
  std::string params_text;  // the parameter file read (or the embedded one)
  std::string params_name;  // its path, or the embedded name
  std::string data_hashes;  // "sha256  name" lines (as sha256sum prints them)
  std::optional<std::uint64_t> seed;
};

struct RunRecord {
  std::int64_t id = 0;
  std::string started, finished;  // UTC, ISO 8601; finished empty while running
  std::string status;             // running, finished, failed
  std::string command, arguments, version;
  std::optional<std::uint64_t> seed;
  std::string params_name, params_sha256, params_text, data_hashes;
  std::optional<double> seconds;
  std::string error;  // why a failed run failed
  std::vector<OutputRecord> outputs;
};

// The record of an output written to `path` (read back from disk), named `name`.
OutputRecord output_from_file(const std::string& path, const std::string& name);
// The record of an output that is text in memory (standard output), kept in full.
OutputRecord output_from_text(const std::string& name, const std::string& text);

// "sha256  name\n", as sha256sum prints it.
std::string hash_line(const std::string& name, std::string_view bytes);
// The hash line of a file read from disk.
std::string file_hash_line(const std::string& path);
// The hash lines of every .csv file under `dir` (the files --data may read), sorted by name.
std::string data_dir_hash_lines(const std::string& dir);

class RunStore {
 public:
  enum class Mode { create, existing };
  // Opens (Mode::create: creating if missing, with its schema) the store at `path`. Throws
  // InputError naming the file if it cannot be opened or is not a sendtwin run store.
  explicit RunStore(const std::string& path, Mode mode = Mode::create);
  ~RunStore();
  RunStore(const RunStore&) = delete;
  RunStore& operator=(const RunStore&) = delete;

  static constexpr int kSchemaVersion = 1;

  // Records a run that has begun (status 'running'); returns its id.
  std::int64_t begin_run(const RunStart& start);
  // Records a run's outputs, status 'finished', finish time and wall seconds in one transaction:
  // if any part fails, none of it is written and the row stays 'running'.
  void finish_run(std::int64_t id, const std::vector<OutputRecord>& outputs, double seconds);
  // Marks a run 'failed' (with why) in one transaction.
  void fail_run(std::int64_t id, double seconds, const std::string& error);

  // Every run, oldest first, without outputs.
  std::vector<RunRecord> list() const;
  // One run with its outputs; InputError if there is no such run.
  RunRecord show(std::int64_t id) const;

  const std::string& path() const { return path_; }

 private:
  void exec(const char* sql) const;
  [[noreturn]] void fail(const std::string& what) const;
  sqlite3* db_ = nullptr;
  std::string path_;
};

// `sendtwin runs list`: a table of id, started, command, status, seconds, seed.
std::string render_list(const std::vector<RunRecord>& runs);
// `sendtwin runs show ID`.
std::string render_show(const RunRecord& run);
// `sendtwin runs diff A B`: what differs between two runs.
std::string render_diff(const RunRecord& a, const RunRecord& b);
// How `runs list` names a status: a 'running' row is "killed or running".
std::string status_label(const std::string& status);

// The lines of `a` and `b` that differ, compared position by position.
struct LineDiff {
  std::size_t differing = 0;
  std::vector<std::tuple<std::size_t, std::string, std::string>> first;  // line number (1-based), a, b
};
LineDiff diff_lines(const std::string& a, const std::string& b, std::size_t keep = 3);

}  // namespace sendtwin::store
