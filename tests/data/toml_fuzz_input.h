// What the TOML readers' fuzz targets share (tests/data/*_fuzz.cpp): a fuzz input is read either
// as a whole document (first byte even) or as one line to put in place of a line of a file the
// project ships (first byte odd; the next byte picks the line), so that the fuzzer reaches the
// checks of every value from an empty corpus. `make fuzz` runs from the project's root, where the
// shipped files are.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/input_file.h"

namespace sendtwin::fuzz {

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// The document a fuzz input stands for, given the lines of a shipped file.
inline std::string document(const std::uint8_t* data, std::size_t size, const std::vector<std::string>& shipped) {
  if (size < 2 || data[0] % 2 == 0 || shipped.empty()) return std::string(reinterpret_cast<const char*>(data), size);
  const std::size_t replaced = data[1] % shipped.size();
  std::string out;
  for (std::size_t k = 0; k < shipped.size(); ++k) {
    if (k == replaced) out.append(reinterpret_cast<const char*>(data + 2), size - 2);
    else out.append(shipped[k]);
    out.push_back('\n');
  }
  return out;
}

inline std::vector<std::string> shipped_lines(const char* path) {
  try {
    return lines_of(io::read_text_file(path));
  } catch (...) {
    return {};  // not run from the project's root: whole documents only
  }
}

}  // namespace sendtwin::fuzz
