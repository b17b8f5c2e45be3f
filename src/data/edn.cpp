#include "data/edn.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "core/error.h"
#include "data/csv.h"
#include "io/input_file.h"

namespace sendtwin::data {

namespace {

// Deeper nesting than this is refused rather than risking the stack on hostile input.
constexpr int kMaxDepth = 512;

bool is_whitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '\f' || c == '\v'; }
bool is_delimiter(char c) {
  return is_whitespace(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '"' || c == ';';
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  EdnValue parse_document() {
    skip_blank();
    if (at_end()) fail("the file holds no EDN value");
    EdnValue value = parse_value(0);
    skip_blank();
    if (!at_end()) fail("unexpected text after the value: " + quote_for_message(text_.substr(pos_, 20)));
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const { throw InputError(source_, line_, "", message); }
  [[noreturn]] void fail_at(int line, const std::string& message) const { throw InputError(source_, line, "", message); }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  char next() {
    const char c = text_[pos_++];
    if (c == '\n') ++line_;
    return c;
  }

  // Whitespace, commas and comments.
  void skip_blank() {
    while (!at_end()) {
      const char c = peek();
      if (is_whitespace(c)) {
        next();
      } else if (c == ';') {
        while (!at_end() && peek() != '\n') next();
      } else {
        break;
      }
    }
  }

  // A symbol-like token: up to the next delimiter.
  std::string_view token() {
    const std::size_t start = pos_;
    while (!at_end() && !is_delimiter(peek())) next();
    return text_.substr(start, pos_ - start);
  }

  EdnValue parse_value(int depth) {
    if (depth > kMaxDepth) fail("nesting deeper than " + std::to_string(kMaxDepth));
    skip_blank();
    if (at_end()) fail("the text ends where a value was expected");
    EdnValue v;
    v.line = line_;
    const char c = peek();
    switch (c) {
      case '(': next(); v.kind = EdnValue::Kind::List; parse_elements(v, ')', depth); return v;
      case '[': next(); v.kind = EdnValue::Kind::Vector; parse_elements(v, ']', depth); return v;
      case '{':
        next();
        v.kind = EdnValue::Kind::Map;
        parse_elements(v, '}', depth);
        if (v.items.size() % 2 != 0) fail_at(v.line, "a map needs a value for every key (it has an odd number of forms)");
        check_distinct(v, 2, "map key");
        return v;
      case ')': case ']': case '}':
        fail(std::string("unexpected '") + c + "' (no bracket is open here)");
      case '"': next(); v.kind = EdnValue::Kind::String; v.text = parse_string(v.line); return v;
      case '\\': next(); v.kind = EdnValue::Kind::Character; v.text = parse_character(); return v;
      case '#': return parse_dispatch(v, depth);
      case ':': {
        next();
        const auto name = token();
        if (name.empty() || name.front() == ':' ) fail("a keyword needs a name after ':'");
        v.kind = EdnValue::Kind::Keyword;
        v.text = std::string(name);
        return v;
      }
      default: break;
    }
    const std::string_view word = token();
    if (word.empty()) fail(std::string("unexpected character '") + c + "'");
    // A byte order mark is skipped at the start of the text only; elsewhere it is no part of a name.
    if (word.starts_with("\xEF\xBB\xBF")) fail("a byte order mark (U+FEFF) where a value was expected");
    const bool numeric = std::isdigit(static_cast<unsigned char>(word[0])) ||
                         (word.size() > 1 && (word[0] == '+' || word[0] == '-') && std::isdigit(static_cast<unsigned char>(word[1])));
    if (numeric) return parse_number(v, word);
    if (word == "nil") return v;
    if (word == "true" || word == "false") {
      v.kind = EdnValue::Kind::Boolean;
      v.boolean = word == "true";
      return v;
    }
    v.kind = EdnValue::Kind::Symbol;
    v.text = std::string(word);
    return v;
  }

  void parse_elements(EdnValue& v, char close, int depth) {
    while (true) {
      skip_blank();
      if (at_end()) fail_at(v.line, std::string("'") + close + "' is missing: the bracket opened here is never closed");
      if (peek() == close) {
        next();
        return;
      }
      if (peek() == ')' || peek() == ']' || peek() == '}')
        fail(std::string("found '") + peek() + "' where '" + close + "' should close the bracket opened on line " +
             std::to_string(v.line));
      if (peek() == '#' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '_') {
        discard(depth);
        continue;
      }
      v.items.push_back(parse_value(depth + 1));
    }
  }

  // `#_ form`: the form is read and dropped.
  void discard(int depth) {
    pos_ += 2;
    parse_value(depth + 1);
  }

  EdnValue parse_dispatch(EdnValue& v, int depth) {
    next();  // '#'
    if (at_end()) fail("'#' ends the text");
    if (peek() == '{') {
      next();
      v.kind = EdnValue::Kind::Set;
      parse_elements(v, '}', depth);
      check_distinct(v, 1, "set element");
      return v;
    }
    if (peek() == '_') {
      next();
      parse_value(depth + 1);  // discarded
      return parse_value(depth);
    }
    const std::string_view tag = token();
    if (tag.empty() || !std::isalpha(static_cast<unsigned char>(tag[0])))
      fail("'#' must be followed by a tag name, '{' or '_'");
    v.kind = EdnValue::Kind::Tagged;
    v.text = std::string(tag);
    skip_blank();
    if (at_end()) fail_at(v.line, "the tag #" + v.text + " has no value");
    v.items.push_back(parse_value(depth + 1));
    return v;
  }

  std::string parse_string(int start_line) {
    std::string out;
    while (true) {
      if (at_end()) fail_at(start_line, "the string opened here is never closed");
      const char c = next();
      if (c == '"') return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (at_end()) fail_at(start_line, "the string opened here is never closed");
      const char e = next();
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case 'r': out.push_back('\r'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'u': append_utf8(out, parse_hex4()); break;
        default: fail(std::string("unknown escape '\\") + e + "' in a string");
      }
    }
  }

  std::uint32_t parse_hex4() {
    if (pos_ + 4 > text_.size()) fail("\\u needs four hexadecimal digits");
    std::uint32_t cp = 0;
    const auto [ptr, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, cp, 16);
    if (ec != std::errc{} || ptr != text_.data() + pos_ + 4) fail("\\u needs four hexadecimal digits");
    pos_ += 4;
    return cp;
  }

  std::string parse_character() {
    if (at_end()) fail("'\\' ends the text (a character is expected)");
    // One character always; a longer name up to the next delimiter.
    const std::size_t start = pos_;
    next();
    while (!at_end() && !is_delimiter(peek())) next();
    const std::string_view name = text_.substr(start, pos_ - start);
    if (name.size() == 1) return std::string(name);
    if (name == "newline") return "\n";
    if (name == "space") return " ";
    if (name == "tab") return "\t";
    if (name == "return") return "\r";
    if (name == "formfeed") return "\f";
    if (name == "backspace") return "\b";
    if (name.size() == 5 && name[0] == 'u') {
      pos_ = start + 1;
      std::string out;
      append_utf8(out, parse_hex4());
      return out;
    }
    fail("unknown character name \\" + std::string(name));
  }

  EdnValue parse_number(EdnValue& v, std::string_view word) {
    std::string_view s = word;
    if (s.front() == '+') s.remove_prefix(1);
    const bool is_float = s.find_first_of(".eE") != std::string_view::npos || s.back() == 'M';
    if (s.back() == 'N' || s.back() == 'M') s.remove_suffix(1);
    const char* end = s.data() + s.size();
    if (is_float) {
      double x = 0;
      const auto [ptr, ec] = std::from_chars(s.data(), end, x, std::chars_format::general);
      if (ec != std::errc{} || ptr != end || !std::isfinite(x)) fail("not a number: " + quote_for_message(word));
      v.kind = EdnValue::Kind::Float;
      v.number = x;
      return v;
    }
    std::int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), end, n);
    if (ec == std::errc::result_out_of_range) fail("integer out of range: " + quote_for_message(word));
    if (ec != std::errc{} || ptr != end) fail("not a number: " + quote_for_message(word));
    v.kind = EdnValue::Kind::Integer;
    v.integer = n;
    return v;
  }

  // Map keys (stride 2) and set elements (stride 1) must be distinct (EDN spec).
  void check_distinct(const EdnValue& v, std::size_t stride, const std::string& what) const {
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < v.items.size(); i += stride) {
      std::string key = v.items[i].to_string();
      for (const auto& s : seen)
        if (s == key) fail_at(v.items[i].line, "repeated " + what + " " + key);
      seen.push_back(std::move(key));
    }
  }

  std::string_view text_;
  const std::string& source_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

// The code point of a character the reader produced (one to three UTF-8 bytes).
std::uint32_t decode_utf8(const std::string& s) {
  const auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])); };
  if (s.size() == 2) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
}

std::string hex4(std::uint32_t cp) {
  static const char* digits = "0123456789abcdef";
  std::string out(4, '0');
  for (int i = 3; i >= 0; --i, cp >>= 4) out[static_cast<std::size_t>(i)] = digits[cp & 0xF];
  return out;
}

void write_string(std::string& out, const std::string& s) {
  out.push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out.push_back(c);
    }
  }
  out.push_back('"');
}

void write_value(std::string& out, const EdnValue& v) {
  auto items = [&](const char* open, const char* close) {
    out += open;
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      if (i) out.push_back(' ');
      write_value(out, v.items[i]);
    }
    out += close;
  };
  switch (v.kind) {
    case EdnValue::Kind::Nil: out += "nil"; break;
    case EdnValue::Kind::Boolean: out += v.boolean ? "true" : "false"; break;
    case EdnValue::Kind::Integer: out += std::to_string(v.integer); break;
    case EdnValue::Kind::Float: {
      char buf[32];
      const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v.number);
      std::string s(buf, ec == std::errc{} ? ptr : buf);
      if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
      out += s;
      break;
    }
    case EdnValue::Kind::String: write_string(out, v.text); break;
    case EdnValue::Kind::Character:
      if (v.text == "\n") out += "\\newline";
      else if (v.text == " ") out += "\\space";
      else if (v.text == "\t") out += "\\tab";
      else if (v.text.size() == 1) out += "\\" + v.text;
      else out += "\\u" + hex4(decode_utf8(v.text));
      break;
    case EdnValue::Kind::Keyword: out += ":" + v.text; break;
    case EdnValue::Kind::Symbol: out += v.text; break;
    case EdnValue::Kind::List: items("(", ")"); break;
    case EdnValue::Kind::Vector: items("[", "]"); break;
    case EdnValue::Kind::Map: items("{", "}"); break;
    case EdnValue::Kind::Set: items("#{", "}"); break;
    case EdnValue::Kind::Tagged:
      out += "#" + v.text + " ";
      write_value(out, v.items.at(0));
      break;
  }
}

}  // namespace

const EdnValue* EdnValue::find(std::string_view keyword) const {
  if (kind != Kind::Map) return nullptr;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2)
    if (items[i].is_keyword(keyword)) return &items[i + 1];
  return nullptr;
}

std::string EdnValue::to_string() const {
  std::string out;
  write_value(out, *this);
  return out;
}

std::string describe(EdnValue::Kind kind) {
  switch (kind) {
    case EdnValue::Kind::Nil: return "nil";
    case EdnValue::Kind::Boolean: return "a boolean";
    case EdnValue::Kind::Integer: return "an integer";
    case EdnValue::Kind::Float: return "a decimal number";
    case EdnValue::Kind::String: return "a string";
    case EdnValue::Kind::Character: return "a character";
    case EdnValue::Kind::Keyword: return "a keyword";
    case EdnValue::Kind::Symbol: return "a symbol";
    case EdnValue::Kind::List: return "a list";
    case EdnValue::Kind::Vector: return "a vector";
    case EdnValue::Kind::Map: return "a map";
    case EdnValue::Kind::Set: return "a set";
    case EdnValue::Kind::Tagged: return "a tagged value";
  }
  return "a value";
}

EdnValue parse_edn(std::string_view text, const std::string& source_name) {
  // A UTF-8 byte order mark (as Windows editors write) is not part of the text, as for the other readers.
  constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  return Parser(text, source_name).parse_document();
}

EdnValue read_edn_file(const std::string& path) { return parse_edn(io::read_text_file(path), path); }

}  // namespace sendtwin::data
