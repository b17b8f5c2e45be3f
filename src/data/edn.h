// Reading EDN (extensible data notation, https://github.com/edn-format/edn), the format of
// witan.send's project files (config.edn).
//
// What is read: nil, true, false; integers (optionally signed, an N suffix allowed) and floats
// (decimal or exponent, an M suffix allowed); strings with the escapes \" \\ \n \t \r \b \f \uXXXX;
// characters (\c, \newline, \space, \tab, \return, \uXXXX); keywords (:a, :ns/a) and symbols;
// lists (...), vectors [...], maps {...}, sets #{...}; tagged elements `#tag value` (witan.send uses
// aero's `#ref [:a :b]`, kept as a Tagged value for the reader of the project to resolve); `#_`
// discards the next element; `;` comments to the end of the line; commas are whitespace.
//
// Every value remembers the line it starts on, so the readers of a project can report a bad value
// as `file:line: field: what is wrong` (InputError, STYLE.md §8). Malformed text (an unclosed
// bracket, a map with an odd number of forms, a repeated map key or set element, a bad number, an
// unknown escape, nesting deeper than 512) is an InputError at the line where it is found.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sendtwin::data {

struct EdnValue {
  enum class Kind { Nil, Boolean, Integer, Float, String, Character, Keyword, Symbol, List, Vector, Map, Set, Tagged };

  Kind kind = Kind::Nil;
  int line = 0;
  bool boolean = false;
  std::int64_t integer = 0;
  double number = 0.0;  // a Float's value
  // A String's text; a Keyword's or Symbol's name without the colon (`ns/name` when qualified);
  // a Tagged value's tag without the `#`; a Character as UTF-8.
  std::string text;
  // The elements of a List, Vector or Set in order; a Map's keys and values alternating
  // (key, value, key, value ...) in the order written; a Tagged value's one element.
  std::vector<EdnValue> items;

  bool is_nil() const { return kind == Kind::Nil; }
  bool is_number() const { return kind == Kind::Integer || kind == Kind::Float; }
  bool is_keyword(std::string_view name) const { return kind == Kind::Keyword && text == name; }
  // A Vector, List or Set (something a reader may treat as a sequence).
  bool is_sequence() const { return kind == Kind::List || kind == Kind::Vector || kind == Kind::Set; }
  // A number as a double (Integer or Float).
  double as_double() const { return kind == Kind::Integer ? static_cast<double>(integer) : number; }

  // In a Map: the value under keyword `name` (without the colon), or nullptr if there is none.
  const EdnValue* find(std::string_view keyword) const;
  std::size_t map_size() const { return items.size() / 2; }

  // EDN text that reads back as this value (for messages and tests).
  std::string to_string() const;
};

// The name of a kind in messages: "a map", "a keyword", ...
std::string describe(EdnValue::Kind kind);

// Parses one EDN value (the whole text must be that value, with whitespace and comments around
// it; a UTF-8 byte order mark before it is skipped). `source_name` names the text in errors. Throws InputError(source, line, "", what).
EdnValue parse_edn(std::string_view text, const std::string& source_name);

// Reads and parses a file; InputError(path, 0, "", "cannot open file") if it cannot be read.
EdnValue read_edn_file(const std::string& path);

}  // namespace sendtwin::data
