#include "data/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/error.h"

#if defined(_WIN32)
#include <process.h>
#define SENDTWIN_GETPID _getpid
#else
#include <unistd.h>
#define SENDTWIN_GETPID getpid
#endif

namespace sendtwin::data {

namespace {

std::string describe(const std::string& action, int error) {
  return action + ": " + std::strerror(error);
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view content) {
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
