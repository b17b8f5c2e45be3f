#include "data/toml_input.h"

#include <algorithm>

#include "core/error.h"
#include "data/known_names.h"

namespace sendtwin::data {

namespace {

bool is_bare_key_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Two faults of toml++ 3.3 (found by the fuzz targets) are kept from it here, before it reads the text:
//  - it assumes (TOML_ASSERT_ASSUME) that a table header's '[' is followed by a key, a quote or ']':
//    "[" then a newline or a control character aborts its debug build and is undefined behaviour in
//    the release build;
//  - its test for non-ASCII whitespace reaches __builtin_unreachable for most characters from U+00A1
//    to U+0499, and it applies the test to every character of a bare value (a number, date or
//    boolean) as far as the next space, ',', ']', '}' or '#', quotes included;
//  - it assumes a value where an array holds a '}' ("[}");
//  - in a multi-line string it tests the character after a backslash, and those after a
//    line-ending backslash, for whitespace in the same way.
// TOML 1.0 allows non-ASCII text only inside strings and comments, so a byte above 0x7F elsewhere is
// refused, as is a header without a name. The text is followed as toml++ reads it: keys, values,
// arrays and inline tables, strings (a quote inside a bare value opens none) and comments.
void refuse_what_toml_plus_plus_mishandles(std::string_view text, const std::string& file) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  int line = 1;
  std::string open;         // the arrays ('[') and inline tables ('{') open, innermost last
  bool value = false;       // a value is expected or being read (else a key)
  bool bare = false;        // inside a bare value
  bool header = false;      // on a table header's line
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return k < text.size() ? text[k] : '\0'; };
  // Skips a string starting at i (its opening quote) and counts the lines it spans.
  const auto skip_string = [&] {
    const char quote = text[i];
    const bool multi = at(i + 1) == quote && at(i + 2) == quote;
    i += multi ? 3 : 1;
    while (i < text.size()) {
      const char c = text[i];
      if (c == '\n') {
        if (!multi) return;  // unterminated: toml++ reports it
        ++line;
      }
      if (c == '\\' && quote == '"') {
        if (!multi) {
          i += 2;
          continue;
        }
        // toml++ tests what follows a backslash in a multi-line string for whitespace, and skips
        // whitespace after a line-ending backslash testing each character: the first that is not
        // whitespace must be ASCII.
        std::size_t k = i + 1;
        while (at(k) == ' ' || at(k) == '\t' || at(k) == '\r' || at(k) == '\n') {
          if (text[k] == '\n') ++line;
          ++k;
        }
        if (static_cast<unsigned char>(at(k)) > 0x7F)
          throw InputError(file, line, "", "a non-ASCII character right after '\\' or a line-ending '\\' in a multi-line string");
        i = k > i + 1 ? k : k + 1;
        continue;
      }
      if (c == quote && (!multi || (at(i + 1) == quote && at(i + 2) == quote))) {
        i += multi ? 3 : 1;
        while (multi && at(i) == quote) ++i;  // up to two quotes may end the content
        return;
      }
      ++i;
    }
  };
  while (i < text.size()) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) > 0x7F)
      throw InputError(file, line, "", "a non-ASCII character outside a string or comment (TOML allows them only inside)");
    const bool blank = c == ' ' || c == '\t' || c == '\r';
    if (bare && !blank && c != '\n' && c != ']' && c != '}' && c != ',' && c != '#') {
      ++i;  // still the bare value: a quote here opens no string
      continue;
    }
    bare = false;
    if (c == '\n') {
      ++line;
      header = false;
      if (open.empty()) value = false;
      ++i;
    } else if (blank) {
      ++i;
    } else if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (open.empty() && !value && !header && c == '[') {
      std::size_t k = i + 1;
      if (at(k) == '[') ++k;
      while (at(k) == ' ' || at(k) == '\t') ++k;
      const char next = at(k);
      if (!is_bare_key_character(next) && next != '"' && next != '\'' && next != ']')
        throw InputError(file, line, "", "a table header needs a name after '['");
      header = true;
      ++i;
    } else if (header) {
      if (c == '"' || c == '\'') skip_string();
      else ++i;
    } else if (c == '"' || c == '\'') {
      skip_string();
    } else if (!value) {
      value = c == '=';
      ++i;  // a bare key, a '.', '=', or what toml++ reports
    } else if (c == '}' && !open.empty() && open.back() == '[') {
      // toml++ 3.3 assumes a value here (undefined behaviour in release); found by scenario_fuzz.
      throw InputError(file, line, "", "'}' where a value or ']' was expected");
    } else if (c == '[' || c == '{') {
      open.push_back(c);
      value = c == '[';
      ++i;
    } else if (c == ']' || c == '}') {
      if (!open.empty()) open.pop_back();
      value = true;
      ++i;
    } else if (c == ',') {
      value = open.empty() || open.back() == '[';
      ++i;
    } else {
      bare = true;
      ++i;
    }
  }
}

}  // namespace

toml::table parse_toml(std::string_view text, const std::string& file) {
  refuse_what_toml_plus_plus_mishandles(text, file);
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
