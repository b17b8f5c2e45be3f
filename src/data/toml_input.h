// What the TOML readers (parameters, scenarios, sweep plans) share: the document, or an InputError
// at the line of its first syntax error; and the refusal of a key the reader does not know.
#pragma once
#include <string>
#include <string_view>
#include <vector>
#include <toml++/toml.h>

namespace sendtwin::data {

toml::table parse_toml(std::string_view text, const std::string& file);

// The line a node starts on (0 when toml++ does not know it).
int line_of(const toml::node& node);

// A key as messages show it: control characters as \xNN, cut after 80 bytes.
std::string printable_key(std::string_view key);

// Every key of `table` must be one of `known`; the first that is not is an InputError at its line:
// `file:line: prefix.key: not a known key (did you mean ...?)`. `prefix` is the table's dotted
// path ("" for the document's root).
void refuse_unknown_keys(const toml::table& table, const std::string& prefix, const std::vector<std::string>& known,
                         const std::string& file);

}  // namespace sendtwin::data
