// Writing outputs so that readers see either the old content or the new, never half of it, and a
// command's outputs appear together or not at all (STYLE.md §8: no output is left half-written).
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sendtwin::io {

// Writes `content` to `path + ".tmp.<pid>"` in the same directory, flushes it to disk, then renames
// it over `path`. On any failure the temporary file is removed, `path` is left as it was, and
// InputError(path, 0, "", reason) is thrown. Refuses (InputError) a `path` that exists and is not a
// regular file: a symbolic link, directory, device, FIFO or socket is never replaced.
// First it removes what a writer of `path` killed mid-write (SIGKILL, power loss) left:
// `path + ".tmp.<pid>"` files whose process no longer exists (see remove_stale_temp_files).
void write_file_atomically(const std::string& path, std::string_view content);

// Removes the files `path + ".tmp.<pid>"` whose process <pid> no longer exists on this machine;
// never one of a live process. Errors are ignored (it is tidying, not writing). First it finishes
// (or undoes) what an OutputSet killed in `path`'s directory left (see OutputSet).
void remove_stale_temp_files(const std::string& path);

// A command's outputs: checked when declared, before any work is done; written in full under
// temporary names beside their targets; then published together.
//
//   io::OutputSet outputs;
//   outputs.directory(out, "--out");                               // checked now
//   const std::string scorecard = outputs.file(out + "/scorecard.csv", "--out");
//   outputs.file(xlsx, "--xlsx");
//   ... the run ...
//   outputs.stage(scorecard, text);                                // written, flushed to disk
//   outputs.stage_with(xlsx, [&](const std::string& temp) { write_xlsx(temp, sheets); });
//   outputs.publish();                                             // renamed into place
//
// All or nothing: if staging fails (a full disk) or the set is destroyed unpublished (an
// exception), the staged files and the directories the set created are removed and every target
// keeps its old content. A set of several files keeps a journal, `.sendtwin-publish.<pid>`, in each
// of its directories while it is written: if the process is killed (SIGKILL, power loss), the next
// write into one of those directories rolls the set back (killed while staging) or forward (killed
// while renaming), so the new scorecard.csv never stays beside the old comparison.csv.
class OutputSet {
 public:
  OutputSet() = default;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  ~OutputSet();

  // Declares an output file named by `flag`, and checks it: it is absent or a regular file (not a
  // symbolic link, directory, device, FIFO or socket), it is no other output of the set, and its
  // directory exists (or is a directory of the set) and can be written in. Throws
  // InputError(path, 0, flag, what is wrong). What killed writers left in its directory is tidied
  // (see remove_stale_temp_files). Returns `path`.
  std::string file(const std::string& path, const std::string& flag);
  // Declares an output directory: it is a directory that can be written in, or absent with a
  // writable directory above it (it is created, with its parents, when the first file is staged).
  void directory(const std::string& path, const std::string& flag);

  // Writes the declared file `path` in full under a temporary name beside it (flushed to disk).
  // Throws InputError(path, 0, flag, reason) on failure, having removed everything staged.
  void stage(const std::string& path, std::string_view content);
  // The same with a writer that creates the file it is given (such as a workbook library).
  void stage_with(const std::string& path, const std::function<void(const std::string& temp_path)>& write);
  // Renames every staged file over its target. Throws InputError on failure.
  void publish();

  // Testing hook: called after the k-th rename of publish() (k from 1), so a test can kill the
  // process between two renames.
  std::function<void(std::size_t)> after_rename;

 private:
  struct Output {
    std::string path, flag, key;
    bool is_directory = false;
    std::string staged;  // the temporary file, once staged
  };
  Output& find(const std::string& path);
  Output& begin_stage(const std::string& path);
  void check_distinct(const Output& output) const;
  void prepare_directories(const Output& output);
  void begin_journal();
  void write_journals(const char* state);
  void abandon() noexcept;
  [[noreturn]] void fail(const Output& output, const std::string& reason);

  std::vector<Output> outputs_;
  std::vector<std::string> created_dirs_;  // by this set, outermost first
  std::vector<std::string> journal_dirs_;  // where this set's journal is, once it is
  bool published_ = false;
};

}  // namespace sendtwin::io
