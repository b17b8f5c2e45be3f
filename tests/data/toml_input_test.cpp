// Promises of data/toml_input.h: a TOML document or an error at its line; a table header without a
// name is refused before toml++ sees it (toml++ 3.3 assumes there is one: undefined behaviour), and
// a '[' inside a string or an array spanning lines is not taken for a header; an unknown key is
// refused at its line with the nearest known name, the first in the file when there are several.
#include "data/toml_input.h"

#include <gtest/gtest.h>

#include "../support/input_error.h"
#include "core/error.h"

namespace sendtwin::data {
namespace {

using test_support::error_of;

TEST(TomlInput, AHeaderWithoutANameIsRefusedAtItsLine) {
  EXPECT_EQ(error_of([] { parse_toml("a = 1\n[\n", "t.toml"); }), "t.toml:2: a table header needs a name after '['");
  EXPECT_EQ(error_of([] { parse_toml("[\x1f]\n", "t.toml"); }), "t.toml:1: a table header needs a name after '['");
  EXPECT_EQ(error_of([] { parse_toml("[[ \x01\n", "t.toml"); }), "t.toml:1: a table header needs a name after '['");
  EXPECT_EQ(error_of([] { parse_toml("\xEF\xBB\xBF[\n", "t.toml"); }), "t.toml:1: a table header needs a name after '['");
}

// toml++ 3.3 reaches __builtin_unreachable testing most characters from U+00A1 to U+0499 for
// whitespace: outside strings and comments (where TOML 1.0 allows none) they are refused first.
TEST(TomlInput, NonAsciiOutsideStringsAndCommentsIsRefusedAtItsLine) {
  EXPECT_EQ(error_of([] { parse_toml("a = 1\n\xC6\xAE\n", "t.toml"); }),
            "t.toml:2: a non-ASCII character outside a string or comment (TOML allows them only inside)");
  EXPECT_EQ(error_of([] { parse_toml("a = \xC3\xA9\n", "t.toml"); }),
            "t.toml:1: a non-ASCII character outside a string or comment (TOML allows them only inside)");
  EXPECT_EQ(error_of([] { parse_toml("[a \xC3\xA9]\n", "t.toml"); }),
            "t.toml:1: a non-ASCII character outside a string or comment (TOML allows them only inside)");
  // A quote inside a bare value opens no string: toml++ reads on to the next space or ','.
  EXPECT_EQ(error_of([] { parse_toml("T=-\x02\"\xEF\xBB\x9FT\n", "t.toml"); }),
            "t.toml:1: a non-ASCII character outside a string or comment (TOML allows them only inside)");
  EXPECT_EQ(error_of([] { parse_toml("a = x=[\"\xC3\xA9\"]\n", "t.toml"); }),
            "t.toml:1: a non-ASCII character outside a string or comment (TOML allows them only inside)");
  EXPECT_EQ(error_of([] { parse_toml("a = [=\"\xC3\xA9\"]\n", "t.toml"); }),
            "t.toml:1: a non-ASCII character outside a string or comment (TOML allows them only inside)");
  // ... and after a backslash in a multi-line string, even a valid line-ending one.
  EXPECT_EQ(error_of([] { parse_toml("a = \"\"\"x \\\n  \xC3\xA9\"\"\"\n", "t.toml"); }),
            "t.toml:2: a non-ASCII character right after '\\' or a line-ending '\\' in a multi-line string");
  EXPECT_EQ(error_of([] { parse_toml("a = \"\"\"x\\\xC3\xA9\"\"\"\n", "t.toml"); }),
            "t.toml:1: a non-ASCII character right after '\\' or a line-ending '\\' in a multi-line string");
  EXPECT_EQ(parse_toml("a = \"\"\"x \\\n  y \xC3\xA9\\n\"\"\"\n", "t.toml")["a"].value<std::string>(), "x y \xC3\xA9\n");
  // toml++ 3.3 assumes a value where an array holds a '}'.
  EXPECT_EQ(error_of([] { parse_toml("T=[}j\n", "t.toml"); }), "t.toml:1: '}' where a value or ']' was expected");
  EXPECT_EQ(error_of([] { parse_toml("T=[1,\n}]\n", "t.toml"); }), "t.toml:2: '}' where a value or ']' was expected");
  const auto v = parse_toml("a=\"\xC3\xA9\"\nb = [1, \"\xC3\xA9\", [\"\xC3\xA9\"], {k=\"\xC3\xA9\"}]\nc = {x = \"\xC3\xA9\", \"y\" = 2}\n"
                            "d = [\n  \"\xC3\xA9\",\n  1979-05-27T07:32:00Z, # \xC3\xA9\n]\n[t]\ne = true\n",
                            "t.toml");
  EXPECT_EQ(v["a"].value<std::string>(), "\xC3\xA9");
  EXPECT_EQ(v["t"]["e"].value<bool>(), true);
  const auto t = parse_toml("# caf\xC3\xA9\ns = \"caf\xC3\xA9 \xE2\x80\x94\"\nl = '\xC3\xA9'\nm = \"\"\"\n\xC3\xA9\n\"\"\"\n", "t.toml");
  EXPECT_EQ(t["s"].value<std::string>(), "caf\xC3\xA9 \xE2\x80\x94");
}

TEST(TomlInput, BracketsInsideStringsAndArraysAreNotHeaders) {
  const auto t = parse_toml("x = [\n  [\n    1,\n  ],\n]\n"
                            "s = \"\"\"\n[\n\"\"\"\n"
                            "l = '''\n[\n'''\n"
                            "e = \"\\\"[\"\n"
                            "# [\n"
                            "[ \"quoted key\" ] # a comment [\n"
                            "[[arr]]\n",
                            "t.toml");
  EXPECT_TRUE(t.contains("x"));
  EXPECT_EQ(t["s"].value<std::string>(), "[\n");
  EXPECT_EQ(t["l"].value<std::string>(), "[\n");
  EXPECT_TRUE(t.contains("quoted key"));
}

TEST(TomlInput, ASyntaxErrorIsAnInputErrorAtItsLine) {
  const std::string e = error_of([] { parse_toml("a = 1\nb = \n", "t.toml"); });
  EXPECT_EQ(e.rfind("t.toml:2: ", 0), 0u) << e;
}

TEST(TomlInput, TheFirstUnknownKeyInTheFileIsRefusedWithTheNearestName) {
  const auto t = parse_toml("omega = 1\nalpah = 2\nalpha = 3\n", "t.toml");
  EXPECT_EQ(error_of([&] { refuse_unknown_keys(t, "s", {"alpha", "beta"}, "t.toml"); }), "t.toml:1: s.omega: not a known key (known: alpha, beta)");
  const auto u = parse_toml("alpah = 2\nalpha = 3\n", "t.toml");
  EXPECT_EQ(error_of([&] { refuse_unknown_keys(u, "", {"alpha", "beta"}, "t.toml"); }), "t.toml:1: alpah: not a known key (did you mean alpha?)");
  EXPECT_NO_THROW(refuse_unknown_keys(parse_toml("alpha = 3\n", "t.toml"), "", {"alpha"}, "t.toml"));
  EXPECT_EQ(error_of([] { refuse_unknown_keys(parse_toml("\"a\\u0007b\" = 1\n", "t.toml"), "", {"alpha"}, "t.toml"); }),
            "t.toml:1: a\\x07b: not a known key (known: alpha)");
}

}  // namespace
}  // namespace sendtwin::data
