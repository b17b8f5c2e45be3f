// io::OutputSet (issue 15): outputs checked before the work, written all together or not at all,
// and write_file_atomically refusing to replace what is not a regular file.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/atomic_file.h"

namespace sendtwin::io {
namespace {

namespace fs = std::filesystem;

class Scratch {
 public:
  Scratch() {
    path_ = fs::temp_directory_path() / ("sendtwin_output_set_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Scratch() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  // Every name in the directory tree, sorted, as "a b/c".
  std::string names() const {
    std::vector<std::string> all;
    for (const auto& e : fs::recursive_directory_iterator(path_)) all.push_back(fs::relative(e.path(), path_).string());
    std::sort(all.begin(), all.end());
    std::string out;
    for (const auto& n : all) out += (out.empty() ? "" : " ") + n;
    return out;
  }

 private:
  fs::path path_;
  static inline int counter_ = 0;
};

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

template <typename Action>
std::string error_of(Action action) {
  try {
    action();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

// ---- Checked before the work ----

TEST(OutputSet, File_ThatIsADevice_IsRefusedAndLeftAlone) {
  OutputSet outputs;
  EXPECT_EQ(error_of([&] { outputs.file("/dev/full", "--xlsx"); }),
            "/dev/full: --xlsx: is a device, not a regular file; sendtwin replaces only regular files: give a new file name");
  struct stat st {};
  ASSERT_EQ(::stat("/dev/full", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST(OutputSet, File_ThatIsAFifoSymlinkOrDirectory_IsRefused) {
  Scratch dir;
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  write(dir / "target", "kept\n");
  fs::create_symlink(dir / "target", dir / "link");
  fs::create_directory(dir / "folder");
  OutputSet outputs;
  EXPECT_NE(error_of([&] { outputs.file(dir / "fifo", "--report"); }).find("--report: is a FIFO (named pipe), not a regular file"),
            std::string::npos);
  EXPECT_NE(error_of([&] { outputs.file(dir / "link", "--out"); }).find("--out: is a symbolic link, not a regular file"),
            std::string::npos);
  EXPECT_NE(error_of([&] { outputs.file(dir / "folder", "--out"); }).find("--out: is a directory, not a regular file"),
            std::string::npos);
  EXPECT_EQ(read_all(dir / "target"), "kept\n");
}

TEST(OutputSet, File_InAMissingDirectory_IsRefused) {
  Scratch dir;
  OutputSet outputs;
  EXPECT_EQ(error_of([&] { outputs.file(dir / "missing/run.xlsx", "--xlsx"); }),
            dir / "missing/run.xlsx" + ": --xlsx: the directory " + dir / "missing" + " does not exist: create it first");
}

TEST(OutputSet, Directory_ThatIsAFile_IsRefused) {
  Scratch dir;
  write(dir / "taken", "x");
  OutputSet outputs;
  EXPECT_EQ(error_of([&] { outputs.directory(dir / "taken", "--out"); }),
            dir / "taken" + ": --out: is a file, not a directory: --out names the directory the outputs go to");
  EXPECT_EQ(error_of([&] { outputs.directory(dir / "taken/below", "--out"); }),
            dir / "taken/below" + ": --out: cannot be created: " + dir / "taken" + " is not a directory");
}

TEST(OutputSet, TheSameFileTwice_IsRefused) {
  Scratch dir;
  OutputSet outputs;
  outputs.file(dir / "a.html", "--report");
  EXPECT_EQ(error_of([&] { outputs.file(dir / "./a.html", "--xlsx"); }),
            dir / "./a.html" + ": --xlsx: is also where --report goes: give each output its own name");
}

TEST(OutputSet, MissingDirectory_IsCreatedOnlyWhenWritten) {
  Scratch dir;
  {
    OutputSet outputs;
    outputs.directory(dir / "a/b", "--out");
    outputs.file(dir / "a/b/x.csv", "--out");
  }  // never staged: nothing was created
  EXPECT_EQ(dir.names(), "");
  OutputSet outputs;
  outputs.directory(dir / "a/b", "--out");
  outputs.file(dir / "a/b/x.csv", "--out");
  outputs.stage(dir / "a/b/x.csv", "x\n");
  outputs.publish();
  EXPECT_EQ(read_all(dir / "a/b/x.csv"), "x\n");
  EXPECT_EQ(dir.names(), "a a/b a/b/x.csv");
}

// ---- All or nothing ----

TEST(OutputSet, AWriterThatFails_LeavesEveryOldOutputAndNoTemporaryFile) {
  Scratch dir;
  write(dir / "scorecard.csv", "old scorecard\n");
  write(dir / "comparison.csv", "old comparison\n");
  OutputSet outputs;
  outputs.file(dir / "scorecard.csv", "--out");
  outputs.file(dir / "comparison.csv", "--out");
  outputs.stage(dir / "scorecard.csv", "new scorecard\n");
  // The second file cannot be written (as on a full disk).
  const std::string error = error_of([&] {
    outputs.stage_with(dir / "comparison.csv", [](const std::string&) { throw std::runtime_error("No space left on device"); });
  });
  EXPECT_NE(error.find("comparison.csv: --out: cannot write: "), std::string::npos) << error;
  EXPECT_NE(error.find("No space left on device; nothing was written"), std::string::npos) << error;
  EXPECT_EQ(read_all(dir / "scorecard.csv"), "old scorecard\n");
  EXPECT_EQ(read_all(dir / "comparison.csv"), "old comparison\n");
  EXPECT_EQ(dir.names(), "comparison.csv scorecard.csv");
}

TEST(OutputSet, Unpublished_LeavesEveryOldOutput) {
  Scratch dir;
  write(dir / "scorecard.csv", "old scorecard\n");
  {
    OutputSet outputs;
    outputs.directory(dir / "more", "--out");
    outputs.file(dir / "scorecard.csv", "--out");
    outputs.file(dir / "more/comparison.csv", "--out");
    outputs.stage(dir / "scorecard.csv", "new scorecard\n");
  }  // an exception before publish()
  EXPECT_EQ(read_all(dir / "scorecard.csv"), "old scorecard\n");
  EXPECT_EQ(dir.names(), "scorecard.csv");
}

TEST(OutputSet, Published_ReplacesEveryOutputAndLeavesNoJournal) {
  Scratch dir;
  write(dir / "scorecard.csv", "old scorecard\n");
  write(dir / "comparison.csv", "old comparison\n");
  OutputSet outputs;
  outputs.file(dir / "scorecard.csv", "--out");
  outputs.file(dir / "comparison.csv", "--out");
  outputs.stage(dir / "scorecard.csv", "new scorecard\n");
  outputs.stage(dir / "comparison.csv", "new comparison\n");
  outputs.publish();
  EXPECT_EQ(read_all(dir / "scorecard.csv"), "new scorecard\n");
  EXPECT_EQ(read_all(dir / "comparison.csv"), "new comparison\n");
  EXPECT_EQ(dir.names(), "comparison.csv scorecard.csv");
}

// A child process writes the set {scorecard.csv, comparison.csv} and is killed (SIGKILL) at
// `when`: "staged" after the first file is staged, "renamed" after the first rename.
pid_t write_and_die(const Scratch& dir, const std::string& when) {
  const pid_t child = ::fork();
  if (child != 0) return child;
  OutputSet outputs;
  outputs.file(dir / "scorecard.csv", "--out");
  outputs.file(dir / "comparison.csv", "--out");
  outputs.after_rename = [](std::size_t) { ::raise(SIGKILL); };
  outputs.stage(dir / "scorecard.csv", "new scorecard\n");
  if (when == "staged") ::raise(SIGKILL);
  outputs.stage(dir / "comparison.csv", "new comparison\n");
  outputs.publish();
  ::_exit(0);
}

TEST(OutputSet, KilledBetweenStagingFiles_TheOldSetStaysAndTheNextWriteTidies) {
  Scratch dir;
  write(dir / "scorecard.csv", "old scorecard\n");
  write(dir / "comparison.csv", "old comparison\n");
  const pid_t child = write_and_die(dir, "staged");
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  EXPECT_EQ(read_all(dir / "scorecard.csv"), "old scorecard\n");
  EXPECT_EQ(read_all(dir / "comparison.csv"), "old comparison\n");
  // The next write into the directory rolls the killed set back.
  write_file_atomically(dir / "other.csv", "x\n");
  EXPECT_EQ(read_all(dir / "scorecard.csv"), "old scorecard\n");
  EXPECT_EQ(read_all(dir / "comparison.csv"), "old comparison\n");
  EXPECT_EQ(dir.names(), "comparison.csv other.csv scorecard.csv");
}

TEST(OutputSet, KilledBetweenRenames_TheNextWriteCompletesTheNewSet) {
  Scratch dir;
  write(dir / "scorecard.csv", "old scorecard\n");
  write(dir / "comparison.csv", "old comparison\n");
  const pid_t child = write_and_die(dir, "renamed");
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  // The moment of the kill: the new scorecard beside the old comparison, and the journal.
  EXPECT_EQ(read_all(dir / "scorecard.csv"), "new scorecard\n");
  EXPECT_EQ(read_all(dir / "comparison.csv"), "old comparison\n");
  // Declaring any output in the directory finishes the set, before anything reads it.
  OutputSet next;
  next.file(dir / "report.html", "--report");
  EXPECT_EQ(read_all(dir / "comparison.csv"), "new comparison\n");
  next.stage(dir / "report.html", "<html>\n");
  next.publish();
  EXPECT_EQ(read_all(dir / "scorecard.csv"), "new scorecard\n");
  EXPECT_EQ(read_all(dir / "comparison.csv"), "new comparison\n");
  EXPECT_EQ(dir.names(), "comparison.csv report.html scorecard.csv");
}

// ---- write_file_atomically ----

TEST(WriteFileAtomically, AFifoOrSymlink_IsRefusedAndLeftAlone) {
  Scratch dir;
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  write(dir / "target", "kept\n");
  fs::create_symlink(dir / "target", dir / "link");
  EXPECT_THROW(write_file_atomically(dir / "fifo", "x\n"), InputError);
  EXPECT_THROW(write_file_atomically(dir / "link", "x\n"), InputError);
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(dir / "fifo")));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir / "link")));
  EXPECT_EQ(read_all(dir / "target"), "kept\n");
}

}  // namespace
}  // namespace sendtwin::io
