#include "data/toml_input.h"

#include <algorithm>

#include "core/error.h"
#include "data/known_names.h"

namespace sendtwin::data {

toml::table parse_toml(std::string_view text, const std::string& file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw InputError(file, static_cast<int>(e.source().begin.line), "", std::string(e.description()));
  }
}

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

std::string printable_key(std::string_view key) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (const char c : key.substr(0, 80)) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f) {
      out += "\\x";
      out += digits[b >> 4];
      out += digits[b & 0xF];
    } else {
      out += c;
    }
  }
  if (key.size() > 80) out += "...";
  return out;
}

void refuse_unknown_keys(const toml::table& table, const std::string& prefix, const std::vector<std::string>& known,
                         const std::string& file) {
  // toml++ keeps keys in name order: report the unknown key that comes first in the file.
  const toml::key* first = nullptr;
  int first_line = 0;
  for (const auto& [key, node] : table) {
    if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
    const int line = key.source().begin.line ? static_cast<int>(key.source().begin.line) : line_of(node);
    if (!first || line < first_line) {
      first = &key;
      first_line = line;
    }
  }
  if (!first) return;
  const std::string shown = printable_key(first->str());
  throw InputError(file, first_line, prefix.empty() ? shown : prefix + "." + shown, unknown_name_message(shown, known));
}

}  // namespace sendtwin::data
