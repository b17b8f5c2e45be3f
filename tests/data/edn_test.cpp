// Promises of data/edn.h: each EDN construct witan.send's configurations use reads as written, and
// malformed text is an InputError naming the file and line.
#include "data/edn.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "../support/input_error.h"

namespace sendtwin::data {
namespace {

using Kind = EdnValue::Kind;
using test_support::error_of;
using test_support::input_error;

EdnValue parse(std::string_view text) { return parse_edn(text, "c.edn"); }

TEST(Edn, ScalarsReadAsTheirKinds) {
  EXPECT_EQ(parse("nil").kind, Kind::Nil);
  EXPECT_TRUE(parse("true").boolean);
  EXPECT_EQ(parse("false").kind, Kind::Boolean);
  EXPECT_FALSE(parse("false").boolean);
  EXPECT_EQ(parse("50").integer, 50);
  EXPECT_EQ(parse("-7").integer, -7);
  EXPECT_EQ(parse("+7").integer, 7);
  EXPECT_EQ(parse("12N").integer, 12);
  EXPECT_EQ(parse("1.5").kind, Kind::Float);
  EXPECT_DOUBLE_EQ(parse("1.5").number, 1.5);
  EXPECT_DOUBLE_EQ(parse("-2e3").number, -2000.0);
  EXPECT_DOUBLE_EQ(parse("0.25M").number, 0.25);
  EXPECT_DOUBLE_EQ(parse("3").as_double(), 3.0);
}

TEST(Edn, StringsUnescape) {
  const auto v = parse(R"("data/a \"b\"\n\t\\ \u00e9")");
  EXPECT_EQ(v.kind, Kind::String);
  EXPECT_EQ(v.text, "data/a \"b\"\n\t\\ \xC3\xA9");
}

TEST(Edn, KeywordsSymbolsAndCharacters) {
  EXPECT_EQ(parse(":file-inputs").kind, Kind::Keyword);
  EXPECT_EQ(parse(":file-inputs").text, "file-inputs");
  EXPECT_EQ(parse(":witan.send/which-transitions?").text, "witan.send/which-transitions?");
  EXPECT_EQ(parse("some-symbol").kind, Kind::Symbol);
  EXPECT_EQ(parse("\\a").text, "a");
  EXPECT_EQ(parse("\\newline").text, "\n");
  EXPECT_EQ(parse("\\space").text, " ");
}

TEST(Edn, CollectionsKeepOrderAndCommasAreWhitespace) {
  const auto v = parse("[1, 2 ,3]");
  ASSERT_EQ(v.kind, Kind::Vector);
  ASSERT_EQ(v.items.size(), 3u);
  EXPECT_EQ(v.items[2].integer, 3);
  const auto l = parse("(a :b \"c\")");
  ASSERT_EQ(l.kind, Kind::List);
  EXPECT_EQ(l.items[1].text, "b");
  const auto s = parse("#{:a :b}");
  ASSERT_EQ(s.kind, Kind::Set);
  EXPECT_EQ(s.items.size(), 2u);
  EXPECT_EQ(parse("[]").items.size(), 0u);
}

TEST(Edn, MapsFindValuesByKeyword) {
  const auto m = parse("{:random-seed 50 :simulations 10, :output-dir \"results\" :nothing nil}");
  ASSERT_EQ(m.kind, Kind::Map);
  EXPECT_EQ(m.map_size(), 4u);
  ASSERT_NE(m.find("simulations"), nullptr);
  EXPECT_EQ(m.find("simulations")->integer, 10);
  EXPECT_EQ(m.find("output-dir")->text, "results");
  EXPECT_TRUE(m.find("nothing")->is_nil());
  EXPECT_EQ(m.find("absent"), nullptr);
}

TEST(Edn, TaggedElementsKeepTheirTagAndValue) {
  const auto v = parse("{:population-file #ref [:file-inputs :population]}");
  const EdnValue* ref = v.find("population-file");
  ASSERT_NE(ref, nullptr);
  EXPECT_EQ(ref->kind, Kind::Tagged);
  EXPECT_EQ(ref->text, "ref");
  ASSERT_EQ(ref->items.size(), 1u);
  EXPECT_EQ(ref->items[0].to_string(), "[:file-inputs :population]");
  EXPECT_EQ(parse("#inst \"2020-01-01\"").items[0].text, "2020-01-01");
}

TEST(Edn, CommentsAndDiscardsAreSkipped) {
  const auto v = parse("; a comment\n{:a 1 ; another\n #_ :b #_ 2 :c [1 #_ 2 3]}\n; the end");
  EXPECT_EQ(v.map_size(), 2u);
  EXPECT_EQ(v.find("c")->items.size(), 2u);
  EXPECT_EQ(v.find("c")->items[1].integer, 3);
}

TEST(Edn, ValuesRememberTheirLine) {
  const auto v = parse("{:a 1\n :b\n [2\n  3]}");
  EXPECT_EQ(v.line, 1);
  EXPECT_EQ(v.find("b")->line, 3);
  EXPECT_EQ(v.find("b")->items[1].line, 4);
}

TEST(Edn, ReadsWitanSendsDemoConfiguration) {
  const auto v = parse(R"({:file-inputs {:transitions "data/transitions.csv"
               :population "data/population.csv"}
 :transition-parameters {:filter-transitions-from nil
                         :settings-to-change nil}
 :projection-parameters {:random-seed 50
                         :simulations 10}
 :output-parameters {:run-outputs true
                     :population-file #ref [:file-inputs :population]}})");
  EXPECT_EQ(v.find("projection-parameters")->find("random-seed")->integer, 50);
  EXPECT_TRUE(v.find("output-parameters")->find("run-outputs")->boolean);
}

TEST(EdnErrors, UnclosedBracketNamesTheLineItOpensOn) {
  EXPECT_EQ(error_of([] { parse("\n{:a [1 2\n :b 3}"); }), "c.edn:3: found '}' where ']' should close the bracket opened on line 2");
  EXPECT_EQ(error_of([] { parse("{:a 1\n\n"); }), "c.edn:1: '}' is missing: the bracket opened here is never closed");
}

TEST(EdnErrors, MalformedInputNamesFileAndLine) {
  const auto odd = input_error([] { parse("{:a 1\n :b}"); });
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->file(), "c.edn");
  EXPECT_EQ(odd->line(), 1);
  EXPECT_NE(odd->message().find("odd number"), std::string::npos);
  EXPECT_EQ(error_of([] { parse("[1\n 2)"); }), "c.edn:2: found ')' where ']' should close the bracket opened on line 1");
  EXPECT_EQ(error_of([] { parse("1)"); }), "c.edn:1: unexpected text after the value: \")\"");
  EXPECT_EQ(error_of([] { parse(")"); }), "c.edn:1: unexpected ')' (no bracket is open here)");
  EXPECT_EQ(error_of([] { parse("\n\"abc"); }), "c.edn:2: the string opened here is never closed");
  EXPECT_EQ(error_of([] { parse("[1 2.3.4]"); }), "c.edn:1: not a number: \"2.3.4\"");
  EXPECT_EQ(error_of([] { parse("99999999999999999999"); }), "c.edn:1: integer out of range: \"99999999999999999999\"");
  EXPECT_EQ(error_of([] { parse("{:a 1 :a 2}"); }), "c.edn:1: repeated map key :a");
  EXPECT_EQ(error_of([] { parse("#{1\n1}"); }), "c.edn:2: repeated set element 1");
  EXPECT_EQ(error_of([] { parse("\"\\q\""); }), "c.edn:1: unknown escape '\\q' in a string");
  EXPECT_EQ(error_of([] { parse("1 2"); }), "c.edn:1: unexpected text after the value: \"2\"");
  EXPECT_EQ(error_of([] { parse("  ; only a comment\n"); }), "c.edn:2: the file holds no EDN value");
  EXPECT_EQ(error_of([] { parse("#ref"); }), "c.edn:1: the tag #ref has no value");
  EXPECT_EQ(error_of([] { parse(":"); }), "c.edn:1: a keyword needs a name after ':'");
}

TEST(EdnErrors, DeepNestingIsRefusedNotACrash) {
  const std::string deep(100000, '[');
  EXPECT_NE(error_of([&] { parse(deep); }).find("nesting deeper than"), std::string::npos);
}

TEST(EdnErrors, MissingFileIsAnInputError) {
  EXPECT_EQ(error_of([] { read_edn_file("/nonexistent/config.edn"); }).rfind("/nonexistent/config.edn", 0), 0u);
}

// Issue 15: a file saved with a UTF-8 byte order mark reads, as the CSV and TOML readers do; a mark
// anywhere else is still an error.
TEST(Edn, AByteOrderMarkBeforeTheValueIsSkipped) {
  const auto v = parse("\xEF\xBB\xBF{:a 1}");
  EXPECT_EQ(v.kind, Kind::Map);
  ASSERT_NE(v.find("a"), nullptr);
  EXPECT_EQ(v.find("a")->integer, 1);
  EXPECT_EQ(parse("\xEF\xBB\xBF\n\n:k").line, 3);
  EXPECT_EQ(error_of([] { parse("{:a 1} \xEF\xBB\xBF"); }).rfind("c.edn:1: unexpected text after the value", 0), 0u);
  // Not a symbol either (found by edn_fuzz: such a symbol, written back first, would read as nothing).
  EXPECT_EQ(error_of([] { parse("\r\xEF\xBB\xBF"); }), "c.edn:1: a byte order mark (U+FEFF) where a value was expected");
  EXPECT_EQ(error_of([] { parse("[1\n\xEF\xBB\xBFx]"); }), "c.edn:2: a byte order mark (U+FEFF) where a value was expected");
}

}  // namespace
}  // namespace sendtwin::data
