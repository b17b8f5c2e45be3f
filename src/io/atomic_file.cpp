#include "io/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "core/error.h"

namespace sendtwin::io {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kJournalPrefix = ".sendtwin-publish.";
constexpr std::string_view kJournalMagic = "sendtwin-publish 1\n";

// access() answers from the permission bits, and a file system such as /proc refuses new files
// whatever they say: whether a file can be created in `dir` is known only by creating one. 0, or
// the errno of the failure.
int try_create_in(const std::string& dir) {
  const std::string probe = (std::filesystem::path(dir) / (".sendtwin-probe." + std::to_string(::getpid()))).string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return errno;
  ::close(fd);
  ::unlink(probe.c_str());
  return 0;
}

std::string describe(const std::string& action, int error) {
  return action + ": " + std::strerror(error);
}

std::string temp_name(const std::string& path) { return path + ".tmp." + std::to_string(::getpid()); }

std::string directory_of(const std::string& path) {
  const fs::path p(path);
  return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

// The pid a name ends with after `prefix`, or 0.
long pid_after(const std::string& name, std::string_view prefix) {
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return 0;
  const std::string digits = name.substr(prefix.size());
  if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stol(digits);
}

// A process that no longer exists on this machine (never this one).
bool is_dead(long pid) {
  if (pid <= 0 || pid == static_cast<long>(::getpid())) return false;
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

// What a non-regular file is, for messages; empty for a regular file.
std::string kind_of(const struct stat& st) {
  if (S_ISREG(st.st_mode)) return "";
  if (S_ISLNK(st.st_mode)) return "a symbolic link";
  if (S_ISDIR(st.st_mode)) return "a directory";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "a device";
  if (S_ISFIFO(st.st_mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  return "not a regular file";
}

// Why `path` may not be replaced by a new regular file ("" if it may): it exists and is not one.
std::string why_not_replaceable(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return "";
    return describe("cannot be written", errno);
  }
  const std::string kind = kind_of(st);
  if (kind.empty()) return "";
  return "is " + kind + ", not a regular file; sendtwin replaces only regular files: give a new file name";
}

// Writes all of `content` to a new file `path` (replacing a file of that name), flushed to disk.
// Returns 0 or the errno of the failure, with `action` saying what failed; the file may remain.
int write_whole_file(const std::string& path, std::string_view content, const char*& action) {
  action = "cannot create";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) return errno;
  action = "cannot write";
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : ENOSPC;
      ::close(fd);
      return error;
    }
    done += static_cast<std::size_t>(n);
  }
  action = "cannot flush to disk";
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    return error;
  }
  action = "cannot close";
  if (::close(fd) != 0) return errno;
  return 0;
}

// Flushes a directory's entries (a rename in it) to disk; best effort.
void sync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// ---- The journal of a set of outputs ----
// "sendtwin-publish 1\n", "staging\n" or "publishing\n", then for each file its temporary name and
// its target, each ended by a NUL byte. Absolute paths.

struct Journal {
  bool publishing = false;
  std::vector<std::pair<std::string, std::string>> files;  // (staged, target)
};

std::string encode_journal(const Journal& j) {
  std::string out(kJournalMagic);
  out += j.publishing ? "publishing\n" : "staging\n";
  for (const auto& [staged, target] : j.files) {
    out += staged;
    out += '\0';
    out += target;
    out += '\0';
  }
  return out;
}

bool decode_journal(const std::string& bytes, Journal& j) {
  if (bytes.compare(0, kJournalMagic.size(), kJournalMagic) != 0) return false;
  std::size_t at = kJournalMagic.size();
  const std::size_t eol = bytes.find('\n', at);
  if (eol == std::string::npos) return false;
  const std::string state = bytes.substr(at, eol - at);
  if (state != "staging" && state != "publishing") return false;
  j.publishing = state == "publishing";
  at = eol + 1;
  while (at < bytes.size()) {
    const std::size_t a = bytes.find('\0', at);
    if (a == std::string::npos) return false;
    const std::size_t b = bytes.find('\0', a + 1);
    if (b == std::string::npos) return false;
    j.files.emplace_back(bytes.substr(at, a - at), bytes.substr(a + 1, b - a - 1));
    at = b + 1;
  }
  return true;
}

bool read_small_file(const std::string& path, std::string& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[1 << 14];
  ssize_t n = 0;
  while ((n = ::read(fd, buf, sizeof buf)) > 0 && out.size() < (1u << 24)) out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return n == 0;
}

// Finishes the set whose journal is at `journal_path` (its writer `pid` is dead): forward if it was
// publishing (every file was complete), back if it was staging; then removes its journals.
void recover_journal(const std::string& journal_path, long pid) {
  std::string bytes;
  Journal j;
  std::error_code ignored;
  if (!read_small_file(journal_path, bytes) || !decode_journal(bytes, j)) {
    fs::remove(journal_path, ignored);
    return;
  }
  const std::string suffix = ".tmp." + std::to_string(pid);
  std::vector<std::string> dirs;
  for (const auto& [staged, target] : j.files) {
    if (staged != target + suffix) continue;  // only ever a temporary file of that target
    const std::string dir = directory_of(target);
    if (std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(dir);
    struct stat st {};
    if (::lstat(staged.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (j.publishing && why_not_replaceable(target).empty()) ::rename(staged.c_str(), target.c_str());
    else ::unlink(staged.c_str());
  }
  for (const auto& dir : dirs) sync_directory(dir);
  const std::string name = fs::path(journal_path).filename().string();
  for (const auto& dir : dirs) fs::remove(fs::path(dir) / name, ignored);
  fs::remove(journal_path, ignored);
}

// Finishes the sets that writers killed while writing into `dir` left (see OutputSet).
void recover_killed_sets(const fs::path& dir) {
  std::error_code ec;
  std::vector<std::pair<std::string, long>> journals;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() > 4 && name.ends_with(".new")) {
      // A journal being written: its set had not begun to stage.
      const long pid = pid_after(name.substr(0, name.size() - 4), kJournalPrefix);
      if (is_dead(pid)) {
        std::error_code ignored;
        fs::remove(it->path(), ignored);
      }
      continue;
    }
    const long pid = pid_after(name, kJournalPrefix);
    if (is_dead(pid)) journals.emplace_back(fs::absolute(it->path(), ec).string(), pid);
  }
  for (const auto& [path, pid] : journals) recover_journal(path, pid);
}

// The nearest of `path` and the directories above it that exists, with its stat; an errno other
// than ENOENT or ENOTDIR stops the walk (`error` set).
fs::path nearest_existing(const fs::path& path, struct stat& st, int& error) {
  fs::path p = path.empty() ? fs::path(".") : path;
  error = 0;
  while (true) {
    if (::stat(p.c_str(), &st) == 0) return p;
    if (errno != ENOENT && errno != ENOTDIR) {  // ENOTDIR: a file above; found further up
      error = errno;
      return p;
    }
    if (!p.has_parent_path() || p.parent_path() == p) {
      p = fs::path(".");
      if (::stat(p.c_str(), &st) != 0) error = errno;
      return p;
    }
    p = p.parent_path();
  }
}

std::string key_of(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) p = fs::absolute(path, ec).lexically_normal();
  std::string key = p.string();
  while (key.size() > 1 && key.back() == '/') key.pop_back();
  return key;
}

}  // namespace

void remove_stale_temp_files(const std::string& path) {
  const fs::path target(path);
  const std::string prefix = target.filename().string() + ".tmp.";
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  recover_killed_sets(dir);
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    // Only a process that no longer exists: a live writer's file is its own business.
    if (!is_dead(pid_after(name, prefix))) continue;
    std::error_code ignored;
    fs::remove(it->path(), ignored);
  }
}

void write_file_atomically(const std::string& path, std::string_view content) {
  if (const std::string why = why_not_replaceable(path); !why.empty()) throw InputError(path, 0, "", why);
  remove_stale_temp_files(path);
  const std::string temp_path = temp_name(path);
  const char* action = "";
  if (const int error = write_whole_file(temp_path, content, action); error != 0) {
    std::remove(temp_path.c_str());
    throw InputError(path, 0, "", describe(std::string(action) + " " + temp_path, error));
  }
  if (std::rename(temp_path.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temp_path.c_str());
    throw InputError(path, 0, "", describe("cannot rename " + temp_path, error));
  }
  sync_directory(directory_of(path));
}

// ---- OutputSet ----

OutputSet::~OutputSet() {
  if (!published_) abandon();
}

std::string OutputSet::file(const std::string& path, const std::string& flag) {
  Output o{path, flag, key_of(path), false, ""};
  if (path.empty()) throw InputError(flag, 0, "", "is empty: give a file name");
  check_distinct(o);
  if (const std::string why = why_not_replaceable(path); !why.empty()) throw InputError(path, 0, flag, why);
  const std::string dir = directory_of(path);
  const std::string dir_key = key_of(dir);
  const bool in_set_directory = std::any_of(outputs_.begin(), outputs_.end(), [&](const Output& d) {
    return d.is_directory && d.key == dir_key;
  });
  if (!in_set_directory) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
      if (errno == ENOENT) throw InputError(path, 0, flag, "the directory " + dir + " does not exist: create it first");
      throw InputError(path, 0, flag, describe("cannot reach the directory " + dir, errno));
    }
    if (!S_ISDIR(st.st_mode)) throw InputError(path, 0, flag, dir + " is not a directory");
    if (::access(dir.c_str(), W_OK | X_OK) != 0) throw InputError(path, 0, flag, describe("cannot write in " + dir, errno));
    if (const int error = try_create_in(dir); error != 0) throw InputError(path, 0, flag, describe("cannot create a file in " + dir, error));
    // A set a killed writer left half-published here is finished now, before anything reads it.
    remove_stale_temp_files(path);
  }
  outputs_.push_back(std::move(o));
  return path;
}

void OutputSet::directory(const std::string& path, const std::string& flag) {
  if (path.empty()) throw InputError(flag, 0, "", "is empty: give a directory");
  Output o{path, flag, key_of(path), true, ""};
  check_distinct(o);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) {
      const std::string kind = kind_of(st);
      throw InputError(path, 0, flag, "is " + (kind.empty() ? std::string("a file") : kind) + ", not a directory: " + flag +
                                          " names the directory the outputs go to");
    }
    if (::access(path.c_str(), W_OK | X_OK) != 0) throw InputError(path, 0, flag, describe("cannot write in it", errno));
    if (const int error = try_create_in(path); error != 0) throw InputError(path, 0, flag, describe("cannot create a file in it", error));
  } else {
    if (errno != ENOENT && errno != ENOTDIR) throw InputError(path, 0, flag, describe("cannot be used as a directory", errno));
    if (::lstat(path.c_str(), &st) == 0) throw InputError(path, 0, flag, "is a symbolic link to nothing: give a directory");
    int error = 0;
    const fs::path above = nearest_existing(fs::path(path).parent_path(), st, error);
    if (error != 0) throw InputError(path, 0, flag, describe("cannot be created under " + above.string(), error));
    if (!S_ISDIR(st.st_mode)) throw InputError(path, 0, flag, "cannot be created: " + above.string() + " is not a directory");
    if (::access(above.c_str(), W_OK | X_OK) != 0)
      throw InputError(path, 0, flag, describe("cannot be created: cannot write in " + above.string(), errno));
    if (const int error = try_create_in(above.string()); error != 0)
      throw InputError(path, 0, flag, describe("cannot be created in " + above.string(), error));
  }
  outputs_.push_back(std::move(o));
}

void OutputSet::check_distinct(const Output& output) const {
  for (const auto& o : outputs_)
    if (o.key == output.key)
      throw InputError(output.path, 0, output.flag,
                       o.flag == output.flag ? "is named twice" : "is also where " + o.flag + " goes: give each output its own name");
}

OutputSet::Output& OutputSet::find(const std::string& path) {
  for (auto& o : outputs_)
    if (!o.is_directory && o.path == path) return o;
  throw std::logic_error("OutputSet: " + path + " was not declared");
}

void OutputSet::prepare_directories(const Output& output) {
  // The missing directories, outermost first, each remembered so that abandon() removes it.
  std::vector<fs::path> missing;
  std::string top = output.path;
  while (top.size() > 1 && top.back() == '/') top.pop_back();
  for (fs::path p = top; !p.empty() && p != p.parent_path(); p = p.parent_path()) {
    std::error_code ec;
    if (fs::exists(p, ec)) break;
    missing.push_back(p);
  }
  std::reverse(missing.begin(), missing.end());
  for (const auto& p : missing) {
    if (::mkdir(p.c_str(), 0777) != 0 && errno != EEXIST) fail(output, describe("cannot create the directory " + p.string(), errno));
    created_dirs_.push_back(p.string());
  }
}

void OutputSet::write_journals(const char* state) {
  Journal j;
  j.publishing = std::string_view(state) == "publishing";
  std::vector<std::string> dirs;
  std::error_code ec;
  for (const auto& o : outputs_) {
    if (o.is_directory) continue;
    const std::string target = fs::absolute(o.path, ec).lexically_normal().string();
    j.files.emplace_back(temp_name(target), target);
    const std::string dir = directory_of(target);
    if (std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(dir);
  }
  const std::string bytes = encode_journal(j);
  const std::string name = std::string(kJournalPrefix) + std::to_string(::getpid());
  for (const auto& dir : dirs) {
    const std::string path = (fs::path(dir) / name).string();
    const char* action = "";
    if (const int error = write_whole_file(path + ".new", bytes, action); error != 0) {
      std::remove((path + ".new").c_str());
      fail(outputs_.front(), describe(std::string(action) + " " + path + ".new", error));
    }
    if (std::find(journal_dirs_.begin(), journal_dirs_.end(), dir) == journal_dirs_.end()) journal_dirs_.push_back(dir);
    if (::rename((path + ".new").c_str(), path.c_str()) != 0) {
      const int error = errno;
      std::remove((path + ".new").c_str());
      fail(outputs_.front(), describe("cannot rename " + path + ".new", error));
    }
    sync_directory(dir);
  }
}

void OutputSet::begin_journal() {
  for (const auto& o : outputs_)
    if (o.is_directory) prepare_directories(o);
  const auto files = std::count_if(outputs_.begin(), outputs_.end(), [](const Output& o) { return !o.is_directory; });
  if (files > 1) write_journals("staging");
}

OutputSet::Output& OutputSet::begin_stage(const std::string& path) {
  if (published_) throw std::logic_error("OutputSet: staged after publish");
  const bool first = std::none_of(outputs_.begin(), outputs_.end(), [](const Output& o) { return !o.staged.empty(); });
  Output& output = find(path);
  if (first) begin_journal();
  remove_stale_temp_files(path);
  // Checked again: what is there now may not be what was there when the command began.
  if (const std::string why = why_not_replaceable(path); !why.empty()) fail(output, why);
  output.staged = temp_name(path);
  return output;
}

void OutputSet::stage(const std::string& path, std::string_view content) {
  Output& output = begin_stage(path);
  const char* action = "";
  if (const int error = write_whole_file(output.staged, content, action); error != 0)
    fail(output, describe(std::string(action) + " " + output.staged, error));
}

void OutputSet::stage_with(const std::string& path, const std::function<void(const std::string& temp_path)>& write) {
  Output& output = begin_stage(path);
  try {
    write(output.staged);
  } catch (const InputError& e) {
    fail(output, e.message());
  } catch (const std::exception& e) {
    fail(output, std::string("cannot write: ") + e.what());
  }
  // Written by another writer (a library): flushed to disk here.
  const int fd = ::open(output.staged.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) fail(output, describe("cannot open what was written, " + output.staged, errno));
  const int synced = ::fsync(fd), error = errno;
  ::close(fd);
  if (synced != 0) fail(output, describe("cannot flush to disk " + output.staged, error));
}

void OutputSet::publish() {
  if (published_) return;
  for (const auto& o : outputs_)
    if (!o.is_directory && o.staged.empty()) throw std::logic_error("OutputSet: " + o.path + " was declared but not staged");
  for (const auto& o : outputs_)
    if (!o.is_directory)
      if (const std::string why = why_not_replaceable(o.path); !why.empty()) fail(o, why);
  if (!journal_dirs_.empty()) write_journals("publishing");
  std::vector<std::string> dirs;
  std::size_t renamed = 0;
  for (auto& o : outputs_) {
    if (o.is_directory) continue;
    if (::rename(o.staged.c_str(), o.path.c_str()) != 0) {
      const int error = errno;
      if (renamed == 0) fail(o, describe("cannot rename " + o.staged, error));
      // Some are in place: the journal stays, so the next write here finishes the set.
      published_ = true;
      throw InputError(o.path, 0, o.flag, describe("cannot rename " + o.staged, error));
    }
    o.staged.clear();
    ++renamed;
    const std::string dir = directory_of(o.path);
    if (std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(dir);
    if (after_rename) after_rename(renamed);
  }
  for (const auto& dir : dirs) sync_directory(dir);
  published_ = true;
  const std::string name = std::string(kJournalPrefix) + std::to_string(::getpid());
  std::error_code ignored;
  for (const auto& dir : journal_dirs_) fs::remove(fs::path(dir) / name, ignored);
  journal_dirs_.clear();
}

void OutputSet::abandon() noexcept {
  for (auto& o : outputs_)
    if (!o.staged.empty()) {
      ::unlink(o.staged.c_str());
      o.staged.clear();
    }
  const std::string name = std::string(kJournalPrefix) + std::to_string(::getpid());
  std::error_code ignored;
  for (const auto& dir : journal_dirs_) fs::remove(fs::path(dir) / name, ignored);
  journal_dirs_.clear();
  for (auto it = created_dirs_.rbegin(); it != created_dirs_.rend(); ++it) ::rmdir(it->c_str());
  created_dirs_.clear();
}

void OutputSet::fail(const Output& output, const std::string& reason) {
  const std::string path = output.path, flag = output.flag;
  abandon();
  throw InputError(path, 0, flag, reason + "; nothing was written");
}

}  // namespace sendtwin::io
