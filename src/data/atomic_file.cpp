#include "data/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/error.h"

#if defined(_WIN32)
#include <process.h>
#define SENDTWIN_GETPID _getpid
#else
#include <signal.h>
#include <unistd.h>
#define SENDTWIN_GETPID getpid
#endif

namespace sendtwin::data {

namespace {

std::string describe(const std::string& action, int error) {
  return action + ": " + std::strerror(error);
}

}  // namespace

void remove_stale_temp_files(const std::string& path) {
#if !defined(_WIN32)
  namespace fs = std::filesystem;
  const fs::path target(path);
  const std::string prefix = target.filename().string() + ".tmp.";
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const long pid = std::stol(digits);
    if (pid <= 0 || pid == static_cast<long>(SENDTWIN_GETPID())) continue;
    // Only a process that no longer exists: a live writer's file is its own business.
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;
    fs::remove(it->path(), ignored);
  }
#else
  (void)path;
#endif
}

void write_file_atomically(const std::string& path, std::string_view content) {
  remove_stale_temp_files(path);
  const std::string temp_path = path + ".tmp." + std::to_string(SENDTWIN_GETPID());
  std::FILE* file = std::fopen(temp_path.c_str(), "wb");
  if (file == nullptr) {
    const int error = errno;
    throw InputError(path, 0, "", describe("cannot create temporary file " + temp_path, error));
  }

  // errno is read before anything else can change it.
  auto abandon = [&](int error, const char* action) {
    if (file != nullptr) std::fclose(file);
    std::remove(temp_path.c_str());
    throw InputError(path, 0, "", describe(action + (" " + temp_path), error));
  };

  if (!content.empty() && std::fwrite(content.data(), 1, content.size(), file) != content.size()) {
    abandon(errno, "cannot write");
  }
  if (std::fflush(file) != 0) abandon(errno, "cannot write");
#if !defined(_WIN32)
  if (::fsync(::fileno(file)) != 0) abandon(errno, "cannot flush to disk");
#endif
  const int close_result = std::fclose(file);
  const int close_error = errno;
  file = nullptr;
  if (close_result != 0) abandon(close_error, "cannot close");
  if (std::rename(temp_path.c_str(), path.c_str()) != 0) {
    abandon(errno, "cannot rename");
  }
}

}  // namespace sendtwin::data
