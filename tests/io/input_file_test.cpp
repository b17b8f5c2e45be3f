// read_text_file / read_file_bytes (issue 15): every input file is read through them, with a size
// limit, refusing devices and directories, and saying what UTF-16 and binary files are.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "core/error.h"
#include "data/csv.h"  // the CSV reader skips the byte order mark the file keeps
#include "io/input_file.h"

namespace sendtwin::io {
namespace {

namespace fs = std::filesystem;

class Scratch {
 public:
  Scratch() {
    path_ = fs::temp_directory_path() / ("sendtwin_input_file_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Scratch() { fs::remove_all(path_); }
  std::string file(const std::string& name, const std::string& bytes) const {
    const std::string path = (path_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
  static inline int counter_ = 0;
};

template <typename Action>
std::string error_of(Action action) {
  try {
    action();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ReadTextFile, ACharacterDevice_IsRefusedNotReadUntilMemoryRunsOut) {
  EXPECT_EQ(error_of([] { read_text_file("/dev/zero"); }), "/dev/zero: is a device, not a file");
}

TEST(ReadTextFile, ADirectory_IsRefused) {
  Scratch dir;
  fs::create_directory(dir / "d");
  EXPECT_EQ(error_of([&] { read_text_file(dir / "d"); }), dir / "d" + ": is a directory, not a file");
}

TEST(ReadFileBytes, AFileOverTheLimit_IsRefused) {
  Scratch dir;
  const std::string path = dir.file("big.csv", std::string(2u << 20, 'x'));
  EXPECT_EQ(error_of([&] { read_file_bytes(path, 1u << 20); }), path + ": is larger than 1 MiB, the limit for an input file");
  EXPECT_EQ(read_file_bytes(path, 2u << 20).size(), 2u << 20);
}

TEST(ReadTextFile, TheLimitIs256MiB) {
  Scratch dir;
  const std::string path = dir / "sparse.csv";
  std::ofstream(path).close();
  fs::resize_file(path, (std::uintmax_t{256} << 20) + 1);  // sparse: no disk used
  EXPECT_EQ(error_of([&] { read_text_file(path); }), path + ": is larger than 256 MiB, the limit for an input file");
}

TEST(ReadTextFile, AFifo_IsReadToItsEndWithinTheLimit) {
  Scratch dir;
  const std::string path = dir / "pipe";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(path, std::ios::binary) << "a,b\n1,2\n"; });
  EXPECT_EQ(read_text_file(path), "a,b\n1,2\n");
  writer.join();
  // A pipe without end: the reader stops at the limit (the writer then gets EPIPE, not SIGPIPE).
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  std::thread flood([&] {
    const int fd = ::open(path.c_str(), O_WRONLY);
    const std::string block(1 << 16, 'x');
    while (fd >= 0 && ::write(fd, block.data(), block.size()) > 0) {
    }
    if (fd >= 0) ::close(fd);
  });
  EXPECT_EQ(error_of([&] { read_file_bytes(path, 1u << 20); }), path + ": is larger than 1 MiB, the limit for an input file");
  flood.join();
  std::signal(SIGPIPE, previous);
}

TEST(ReadTextFile, Utf16WithAByteOrderMark_IsNamed) {
  Scratch dir;
  const std::string le = dir.file("le.csv", std::string("\xFF\xFE" "a\0,\0b\0", 8));
  const std::string be = dir.file("be.csv", std::string("\xFE\xFF\0a\0,\0b", 8));
  EXPECT_EQ(error_of([&] { read_text_file(le); }), le + ": is UTF-16; save it as UTF-8");
  EXPECT_EQ(error_of([&] { read_text_file(be); }), be + ": is UTF-16; save it as UTF-8");
}

TEST(ReadTextFile, Utf16WithoutAByteOrderMark_IsNamed) {
  Scratch dir;
  const std::string path = dir.file("le.csv", std::string("c\0o\0d\0e\0,\0n\0\n\0", 14));
  EXPECT_EQ(error_of([&] { read_text_file(path); }), path + ": is UTF-16; save it as UTF-8");
}

TEST(ReadTextFile, NulBytes_AreBinaryNotText) {
  Scratch dir;
  const std::string path = dir.file("x.toml", std::string("refused = 0.2\n\0\x01\x02\xFF", 18));
  EXPECT_EQ(error_of([&] { read_text_file(path); }), path + ": is binary, not text (a NUL byte at byte 15)");
}

TEST(ReadTextFile, Utf8WithAByteOrderMark_IsAccepted) {
  Scratch dir;
  const std::string path = dir.file("bom.csv", "\xEF\xBB\xBF" "a,b\n1,2\n");
  EXPECT_EQ(read_text_file(path), "\xEF\xBB\xBF" "a,b\n1,2\n");
  EXPECT_EQ(data::read_csv_file(path).header().front(), "a");
}

}  // namespace
}  // namespace sendtwin::io
