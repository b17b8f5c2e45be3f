#include "io/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/error.h"

namespace sendtwin::io {

std::string read_file_bytes(const std::string& path, std::size_t max_bytes) {
  const std::string limit = std::to_string(max_bytes >> 20) + " MiB";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) throw InputError(path, 0, "", "cannot open file");
    throw InputError(path, 0, "", std::string("cannot open file: ") + std::strerror(errno));
  }
  auto check_kind = [&](const struct stat& s) {
    if (S_ISDIR(s.st_mode)) throw InputError(path, 0, "", "is a directory, not a file");
    if (S_ISCHR(s.st_mode) || S_ISBLK(s.st_mode)) throw InputError(path, 0, "", "is a device, not a file");
    if (S_ISSOCK(s.st_mode)) throw InputError(path, 0, "", "is a socket, not a file");
    if (!S_ISREG(s.st_mode) && !S_ISFIFO(s.st_mode)) throw InputError(path, 0, "", "is not a regular file");
    if (S_ISREG(s.st_mode) && static_cast<std::uintmax_t>(s.st_size) > max_bytes)
      throw InputError(path, 0, "", "is larger than " + limit + ", the limit for an input file");
  };
  check_kind(st);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path, 0, "", std::string("cannot open file: ") + std::strerror(errno));
  std::string content;
  try {
    // What was opened, not what was looked at: the name may have changed in between.
    if (::fstat(fd, &st) != 0) throw InputError(path, 0, "", std::string("cannot read file: ") + std::strerror(errno));
    check_kind(st);
    if (S_ISREG(st.st_mode)) content.reserve(static_cast<std::size_t>(st.st_size));
    char chunk[1 << 16];
    while (true) {
      const ssize_t got = ::read(fd, chunk, sizeof chunk);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) throw InputError(path, 0, "", std::string("cannot read file: ") + std::strerror(errno));
      if (got == 0) break;
      if (content.size() + static_cast<std::size_t>(got) > max_bytes)
        throw InputError(path, 0, "", "is larger than " + limit + ", the limit for an input file");
      content.append(chunk, static_cast<std::size_t>(got));
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return content;
}

std::string read_text_file(const std::string& path) {
  std::string content = read_file_bytes(path, kMaxInputFileBytes);
  const std::string_view text = content;
  if (text.starts_with(std::string_view("\xFF\xFE\0\0", 4)) || text.starts_with(std::string_view("\0\0\xFE\xFF", 4)))
    throw InputError(path, 0, "", "is UTF-32; save it as UTF-8");
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) throw InputError(path, 0, "", "is UTF-16; save it as UTF-8");
  const std::size_t first_nul = text.find('\0');
  if (first_nul != std::string_view::npos) {
    // UTF-16 without a byte order mark: ASCII text has a NUL in every other byte.
    const std::size_t sample = std::min<std::size_t>(text.size() & ~std::size_t{1}, 4096);
    std::size_t even = 0, odd = 0;
    for (std::size_t k = 0; k < sample; ++k)
      if (text[k] == '\0') ++(k % 2 == 0 ? even : odd);
    const std::size_t half = sample / 2;
    if (half > 0 && ((even * 2 >= half && odd == 0) || (odd * 2 >= half && even == 0)))
      throw InputError(path, 0, "", "is UTF-16; save it as UTF-8");
    throw InputError(path, 0, "", "is binary, not text (a NUL byte at byte " + std::to_string(first_nul + 1) + ")");
  }
  return content;
}

}  // namespace sendtwin::io
