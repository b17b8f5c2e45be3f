// Reading input files: every file the program reads goes through read_text_file or read_file_bytes,
// with a size limit, refusing devices, directories and sockets, and naming UTF-16 and binary files.
#pragma once
#include <cstddef>
#include <string>

namespace sendtwin::io {

// Every input file is read through these two. The limit of an input file's size (256 MiB; the
// largest of DfE's files is 11 MiB): more is refused, not read until memory runs out.
constexpr std::size_t kMaxInputFileBytes = std::size_t{256} << 20;

// The bytes of a regular file or a FIFO (a pipe such as <(...)), at most `max_bytes` of them.
// Throws InputError(path, 0, "", ...): "cannot open file" if it does not exist, "cannot open file:
// <reason>", "cannot read file: <reason>", "is a directory, not a file", "is a device, not a file"
// (such as /dev/zero), "is a socket, not a file", "is larger than N MiB, the limit for an input file".
std::string read_file_bytes(const std::string& path, std::size_t max_bytes);
// The text of an input file: read_file_bytes with kMaxInputFileBytes, and it must be text: "is
// UTF-16; save it as UTF-8" (a UTF-16 byte order mark, or a NUL in every other byte), "is UTF-32;
// save it as UTF-8", "is binary, not text" (a NUL byte). A UTF-8 byte order mark is kept (the
// readers skip it).
std::string read_text_file(const std::string& path);

}  // namespace sendtwin::io
