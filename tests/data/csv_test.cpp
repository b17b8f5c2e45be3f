#include "data/csv.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/error.h"
#include "io/atomic_file.h"

namespace sendtwin::data {
namespace {

namespace fs = std::filesystem;

CsvTable parse(std::string_view text) { return CsvTable::parse(text, "t.csv"); }

// The what() of the InputError that `action` throws, or "no error".
template <typename Action>
std::string error_of(Action action) {
  try {
    action();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A fresh directory under the system temp directory, removed with everything in it at the end.
class ScratchDir {
 public:
  ScratchDir() {
    path_ = fs::temp_directory_path() /
            ("sendtwin_csv_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(path_), {}));
  }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

// ---- Parsing ------------------------------------------------------------------------------------

TEST(CsvTable, Parse_SimpleRows_AreReadInOrder) {
  const CsvTable t = parse("a,b\n1,2\n3,4\n");
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.cell(0, 0), "1");
  EXPECT_EQ(t.cell(0, 1), "2");
  EXPECT_EQ(t.cell(1, 0), "3");
  EXPECT_EQ(t.cell(1, 1), "4");
}

TEST(CsvTable, Parse_HeaderNames_AreTrimmed) {
  const CsvTable t = parse(" a ,\tb\n1,2\n");
  EXPECT_EQ(t.header(), (std::vector<std::string>{"a", "b"}));
}

TEST(CsvTable, Parse_DataCells_AreNotTrimmed) {
  const CsvTable t = parse("a,b\n 1 ,2\n");
  EXPECT_EQ(t.cell(0, 0), " 1 ");
}

TEST(CsvTable, Parse_QuotedFieldWithCommaAndNewline_IsOneCell) {
  const CsvTable t = parse("a,b\n\"x,\ny\",2\n");
  ASSERT_EQ(t.rows(), 1u);
  EXPECT_EQ(t.cell(0, 0), "x,\ny");
  EXPECT_EQ(t.cell(0, 1), "2");
}

TEST(CsvTable, Parse_DoubledQuoteInQuotedField_IsOneQuote) {
  const CsvTable t = parse("a\n\"say \"\"hi\"\"\"\n");
  EXPECT_EQ(t.cell(0, 0), "say \"hi\"");
}

TEST(CsvTable, Parse_QuotedEmptyField_IsAnEmptyCell) {
  const CsvTable t = parse("a,b\n\"\",x\n");
  EXPECT_EQ(t.cell(0, 0), "");
}

TEST(CsvTable, Parse_QuoteInsideUnquotedField_IsKept) {
  const CsvTable t = parse("a\n5\" pipe\n");
  EXPECT_EQ(t.cell(0, 0), "5\" pipe");
}

TEST(CsvTable, Parse_CrlfLineEnds_AreNotPartOfCells) {
  const CsvTable t = parse("a,b\r\n1,2\r\n3,4\r\n");
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.header()[1], "b");
  EXPECT_EQ(t.cell(0, 1), "2");
  EXPECT_EQ(t.line(1), 3);
}

TEST(CsvTable, Parse_CrlfInsideQuotedField_IsKeptAsContent) {
  const CsvTable t = parse("a\r\n\"x\r\ny\"\r\n");
  EXPECT_EQ(t.cell(0, 0), "x\r\ny");
}

TEST(CsvTable, Parse_LoneCr_EndsALine) {
  const CsvTable t = parse("a\r1\r2");
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.cell(1, 0), "2");
  EXPECT_EQ(t.line(1), 3);
}

TEST(CsvTable, Parse_MissingFinalNewline_KeepsLastRow) {
  const CsvTable t = parse("a,b\n1,2");
  ASSERT_EQ(t.rows(), 1u);
  EXPECT_EQ(t.cell(0, 1), "2");
}

TEST(CsvTable, Parse_TrailingComma_IsAnEmptyLastCell) {
  const CsvTable t = parse("a,b\n1,");
  ASSERT_EQ(t.rows(), 1u);
  EXPECT_EQ(t.cell(0, 1), "");
}

TEST(CsvTable, Parse_TrailingEmptyLines_AreIgnored) {
  const CsvTable t = parse("a,b\n1,2\n\n\r\n\n");
  EXPECT_EQ(t.rows(), 1u);
}

TEST(CsvTable, Parse_TrailingEmptyLinesOfOneColumnTable_AreIgnored) {
  const CsvTable t = parse("a\n1\n\n\n");
  EXPECT_EQ(t.rows(), 1u);
}

TEST(CsvTable, Parse_EmptyLinesBeforeHeader_AreSkipped) {
  const CsvTable t = parse("\n\na,b\n1,2\n");
  EXPECT_EQ(t.header(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t.line(0), 4);
}

TEST(CsvTable, Parse_EmptyLineBetweenRows_IsARaggedRow) {
  EXPECT_EQ(error_of([] { parse("a,b\n1,2\n\n3,4\n"); }), "t.csv:3: expected 2 fields, found 1");
}

TEST(CsvTable, Parse_EmptyLineInOneColumnTable_IsAnEmptyCell) {
  const CsvTable t = parse("a\n1\n\n2\n");
  ASSERT_EQ(t.rows(), 3u);
  EXPECT_EQ(t.cell(1, 0), "");
  EXPECT_EQ(t.line(2), 4);
}

TEST(CsvTable, Parse_SkipsUtf8Bom) {
  const CsvTable t = parse("\xEF\xBB\xBFtime_period,value\n2021,5\n");
  EXPECT_EQ(t.header()[0], "time_period");
  EXPECT_TRUE(t.column("time_period").has_value());
}

TEST(CsvTable, Parse_EmptyText_HasNoHeaderAndNoRows) {
  const CsvTable t = parse("");
  EXPECT_TRUE(t.header().empty());
  EXPECT_EQ(t.rows(), 0u);
}

TEST(CsvTable, Parse_HeaderOnly_HasNoRows) {
  const CsvTable t = parse("a,b\n");
  EXPECT_EQ(t.header().size(), 2u);
  EXPECT_EQ(t.rows(), 0u);
}

TEST(CsvTable, Parse_RowLine_IsWhereTheRowStartsAfterMultiLineCells) {
  const CsvTable t = parse("a,b\n\"one\ntwo\nthree\",1\nx,2\n");
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.line(0), 2);
  EXPECT_EQ(t.line(1), 5);
}

TEST(CsvTable, Parse_RaggedRow_ReportsItsLineNumber) {
  EXPECT_EQ(error_of([] { parse("a,b\n1,2\n3,4,5\n"); }), "t.csv:3: expected 2 fields, found 3");
}

TEST(CsvTable, Parse_ShortRow_ReportsItsLineNumber) {
  EXPECT_EQ(error_of([] { parse("a,b,c\n1,2,3\n\"x\ny\",2\n"); }),
            "t.csv:3: expected 3 fields, found 2");
}

TEST(CsvTable, Parse_UnterminatedQuote_ReportsStartLine) {
  EXPECT_EQ(error_of([] { parse("a,b\n1,2\n3,\"open\n\n\nstill open\n"); }),
            "t.csv:3: quoted field is never closed");
}

TEST(CsvTable, Parse_TextAfterClosingQuote_IsAnError) {
  EXPECT_EQ(error_of([] { parse("a,b\n\"x\"y,2\n"); }),
            "t.csv:2: unexpected \"y\" after a closing quote");
}

TEST(CsvTable, Parse_DuplicateHeaderName_IsAnError) {
  EXPECT_EQ(error_of([] { parse("a,b, a\n1,2,3\n"); }),
            "t.csv:1: a: column name appears more than once");
}

// ---- Access ------------------------------------------------------------------------------------

TEST(CsvTable, Column_Known_IsItsIndex) {
  const CsvTable t = parse("a,b,c\n");
  EXPECT_EQ(t.column("c"), 2u);
}

TEST(CsvTable, Column_Unknown_IsAbsent) {
  const CsvTable t = parse("a,b,c\n");
  EXPECT_FALSE(t.column("d").has_value());
}

TEST(CsvTable, RequireColumn_Missing_ReportsFileAndName) {
  const CsvTable t = parse("a,b\n1,2\n");
  EXPECT_EQ(error_of([&] { t.require_column("region"); }), "t.csv:1: region: missing column");
}

TEST(CsvTable, Cell_OutsideTheTable_ThrowsOutOfRange) {
  const CsvTable t = parse("a,b\n1,2\n");
  EXPECT_THROW(t.cell(1, 0), std::out_of_range);
  EXPECT_THROW(t.cell(0, 2), std::out_of_range);
}

TEST(CsvTable, Source_IsTheNameGivenToParse) {
  EXPECT_EQ(CsvTable::parse("a\n", "dir/x.csv").source(), "dir/x.csv");
}

// ---- Typed readers -----------------------------------------------------------------------------

TEST(CsvTable, Number_DecimalForms_AreRead) {
  const CsvTable t = parse("v\n12\n-3.5\n1e6\n+2\n.5\n57.900000000000\n");
  EXPECT_EQ(t.number(0, 0), 12.0);
  EXPECT_EQ(t.number(1, 0), -3.5);
  EXPECT_EQ(t.number(2, 0), 1e6);
  EXPECT_EQ(t.number(3, 0), 2.0);
  EXPECT_EQ(t.number(4, 0), 0.5);
  EXPECT_EQ(t.number(5, 0), 57.9);
}

TEST(CsvTable, Number_SurroundingSpaces_AreAllowed) {
  const CsvTable t = parse("v\n  42 \n");
  EXPECT_EQ(t.number(0, 0), 42.0);
}

TEST(CsvTable, Number_Garbage_ReportsFileLineAndColumn) {
  const CsvTable t = parse("id,value\n1,2\n2,abc\n");
  EXPECT_EQ(error_of([&] { t.number(1, 1); }), "t.csv:3: value: \"abc\" is not a number");
}

TEST(CsvTable, Number_NonNumbers_AreRejected) {
  for (const char* bad : {"abc", "1.2.3", "nan", "NaN", "inf", "-inf", "infinity", "12abc", "0x10",
                          "+-1", "1 2", "1,000", "c", "+", "-", "."}) {
    const CsvTable t = parse(std::string("v\n\"") + bad + "\"\n");
    EXPECT_THROW(t.number(0, 0), InputError) << bad;
  }
}

TEST(CsvTable, Number_EmptyCell_SaysItIsEmpty) {
  const CsvTable t = parse("k,v\n1,\n");
  EXPECT_EQ(error_of([&] { t.number(0, 1); }), "t.csv:2: v: empty cell, expected a number");
}

TEST(CsvTable, Number_Overflow_IsOutOfRange) {
  const CsvTable t = parse("v\n1e999\n");
  EXPECT_EQ(error_of([&] { t.number(0, 0); }), "t.csv:2: v: \"1e999\" is out of range");
}

TEST(CsvTable, Number_LongGarbage_IsShortenedInTheMessage) {
  const CsvTable t = parse("v\n" + std::string(100, 'q') + "\n");
  EXPECT_EQ(error_of([&] { t.number(0, 0); }),
            "t.csv:2: v: \"" + std::string(40, 'q') + "...\" is not a number");
}

TEST(CsvTable, NumberInRange_BelowTheRange_SaysItIsNegative) {
  const CsvTable t = parse("k,v\n1,-0.5\n");
  EXPECT_EQ(error_of([&] { t.number(0, 1, {0, 10, "a count"}); }), "t.csv:2: v: \"-0.5\" is negative: a count cannot be");
}

TEST(CsvTable, NumberInRange_AboveTheRange_GivesTheRange) {
  const CsvTable t = parse("k,v\n1, 1e308 \n");
  EXPECT_EQ(error_of([&] { t.number(0, 1, {0, 1000000, "pupils"}); }),
            "t.csv:2: v: \"1e308\" is outside 0 to 1000000, the plausible range of pupils");
}

TEST(CsvTable, NumberInRange_BoundsAreInside) {
  const CsvTable t = parse("a,b,c\n-1,1,0.5\n");
  EXPECT_EQ(t.number(0, 0, {-1, 1, "x"}), -1);
  EXPECT_EQ(t.number(0, 1, {-1, 1, "x"}), 1);
  EXPECT_EQ(t.number(0, 2, {0, 1, "a proportion"}), 0.5);
  EXPECT_EQ(error_of([&] { t.number(0, 0, {0, 1, "a proportion"}); }), "t.csv:2: a: \"-1\" is negative: a proportion cannot be");
}

TEST(CsvTable, NumberInRange_NanAndInfinity_AreNotNumbers) {
  const CsvTable t = parse("a,b\nnan,inf\n");
  EXPECT_EQ(error_of([&] { t.number(0, 0, {0, 1, "x"}); }), "t.csv:2: a: \"nan\" is not a number");
  EXPECT_EQ(error_of([&] { t.number(0, 1, {0, 1, "x"}); }), "t.csv:2: b: \"inf\" is not a number");
}

TEST(CsvTable, IntegerInRange_OutsideIt_GivesTheRange) {
  const CsvTable t = parse("year\n1900\n");
  EXPECT_EQ(error_of([&] { t.integer(0, 0, {1990, 2100, "a year"}); }),
            "t.csv:2: year: \"1900\" is outside 1990 to 2100, the plausible range of a year");
}

TEST(CsvTable, EesNumber_SuppressedSymbol_IsAbsent) {
  const CsvTable t = parse("v\nc\n");
  EXPECT_FALSE(t.ees_number(0, 0).has_value());
}

TEST(CsvTable, EesNumber_EveryAbsenceSymbol_IsAbsent) {
  const CsvTable t = parse("v\nc\nx\nz\nlow\nu\n:\n..\n\"\"\n \n");
  ASSERT_EQ(t.rows(), 9u);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    EXPECT_FALSE(t.ees_number(r, 0).has_value()) << t.cell(r, 0);
  }
}

TEST(CsvTable, EesNumber_Number_IsPresent) {
  const CsvTable t = parse("v\n94.0938\n");
  EXPECT_EQ(t.ees_number(0, 0), 94.0938);
}

TEST(CsvTable, EesNumber_UnknownSymbol_ReportsFileLineAndColumn) {
  const CsvTable t = parse("k,v\n1,zz\n");
  EXPECT_EQ(error_of([&] { t.ees_number(0, 1); }), "t.csv:2: v: \"zz\" is not a number");
}

TEST(CsvTable, Integer_WholeNumber_IsRead) {
  const CsvTable t = parse("v\n62180\n-7\n");
  EXPECT_EQ(t.integer(0, 0), 62180);
  EXPECT_EQ(t.integer(1, 0), -7);
}

TEST(CsvTable, Integer_Fraction_IsAnError) {
  const CsvTable t = parse("v\n1.5\n");
  EXPECT_EQ(error_of([&] { t.integer(0, 0); }), "t.csv:2: v: \"1.5\" is not a whole number");
}

TEST(CsvTable, Integer_BeyondIntRange_IsAnError) {
  const CsvTable t = parse("v\n3000000000\n");
  EXPECT_EQ(error_of([&] { t.integer(0, 0); }), "t.csv:2: v: \"3000000000\" is out of range");
}

// ---- Files -------------------------------------------------------------------------------------

TEST(ReadCsvFile, MissingFile_ReportsCannotOpen) {
  ScratchDir dir;
  const std::string path = (dir.path() / "absent.csv").string();
  EXPECT_EQ(error_of([&] { read_csv_file(path); }), path + ": cannot open file");
}

TEST(ReadCsvFile, ExistingFile_IsParsedWithItsPathAsSource) {
  ScratchDir dir;
  const std::string path = (dir.path() / "x.csv").string();
  std::ofstream(path, std::ios::binary) << "a,b\n1,oops\n";
  const CsvTable t = read_csv_file(path);
  EXPECT_EQ(error_of([&] { t.number(0, 1); }), path + ":2: b: \"oops\" is not a number");
}

// ---- Writer ------------------------------------------------------------------------------------

TEST(CsvWriter, PlainFields_AreNotQuoted) {
  CsvWriter w;
  w.row({"a", "b c", ""});
  EXPECT_EQ(w.text(), "a,b c,\n");
}

TEST(CsvWriter, FieldsWithCommaQuoteCrOrLf_AreQuoted) {
  CsvWriter w;
  w.row({"x,y", "say \"hi\"", "a\rb", "a\nb"});
  EXPECT_EQ(w.text(), "\"x,y\",\"say \"\"hi\"\"\",\"a\rb\",\"a\nb\"\n");
}

TEST(CsvWriter, RoundTrip_ReadsBackTheSameCells) {
  const std::vector<std::vector<std::string>> rows = {
      {"name", "note", "value"},
      {"Barnet", "plain", "1"},
      {"Kingston upon Hull, City of", "line one\nline two", "\"quoted\""},
      {"", " spaced ", "a\r\nb"},
  };
  CsvWriter w;
  for (const auto& row : rows) w.row(row);
  const CsvTable t = parse(w.text());
  EXPECT_EQ(t.header(), rows[0]);
  ASSERT_EQ(t.rows(), rows.size() - 1);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) EXPECT_EQ(t.cell(r - 1, c), rows[r][c]);
  }
}

TEST(CsvWriter, LoneEmptyField_SurvivesRoundTrip) {
  CsvWriter w;
  w.row({"a"});
  w.row({"1"});
  w.row({""});
  const CsvTable t = parse(w.text());
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.cell(1, 0), "");
}

// ---- Atomic write ------------------------------------------------------------------------------

TEST(WriteFileAtomically, ReplacesTargetAndLeavesNoTempFile) {
  ScratchDir dir;
  const fs::path target = dir.path() / "out.csv";
  std::ofstream(target) << "old content that is longer than the new\n";
  io::write_file_atomically(target.string(), "new\n");
  EXPECT_EQ(read_all(target), "new\n");
  EXPECT_EQ(dir.entries(), 1u);
}

TEST(WriteFileAtomically, NewFile_IsCreated) {
  ScratchDir dir;
  const fs::path target = dir.path() / "fresh.csv";
  io::write_file_atomically(target.string(), "a,b\n");
  EXPECT_EQ(read_all(target), "a,b\n");
}

TEST(WriteFileAtomically, MissingDirectory_ThrowsAndLeavesNothing) {
  ScratchDir dir;
  const fs::path target = dir.path() / "missing" / "out.csv";
  try {
    io::write_file_atomically(target.string(), "x\n");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), target.string());
    EXPECT_EQ(e.line(), 0);
  }
  EXPECT_FALSE(fs::exists(dir.path() / "missing"));
  EXPECT_EQ(dir.entries(), 0u);
}

TEST(WriteFileAtomically, TargetIsADirectory_ThrowsAndRemovesTempFile) {
  ScratchDir dir;
  fs::create_directory(dir.path() / "taken");
  EXPECT_THROW(io::write_file_atomically((dir.path() / "taken").string(), "x\n"), InputError);
  EXPECT_EQ(dir.entries(), 1u);  // only the directory itself
}

// What a writer killed mid-write (SIGKILL) leaves, `out.csv.tmp.<its pid>`, is removed by the next
// write of out.csv; a live process's temporary file and other files are left alone.
TEST(WriteFileAtomically, RemovesTempFilesOfDeadWritersOnly) {
  ScratchDir dir;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);  // now a pid with no process
  const fs::path target = dir.path() / "out.csv";
  const fs::path dead = dir.path() / ("out.csv.tmp." + std::to_string(child));
  const fs::path live = dir.path() / ("out.csv.tmp." + std::to_string(::getppid()));
  const fs::path other = dir.path() / ("other.csv.tmp." + std::to_string(child));
  for (const auto& p : {dead, live, other}) std::ofstream(p) << "half a fi";
  io::write_file_atomically(target.string(), "whole\n");
  EXPECT_EQ(read_all(target), "whole\n");
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(other));
}

// ---- Published data ----------------------------------------------------------------------------

TEST(DfeSen2Mi, England2021_HasNewPlans62180) {
  const char* shared = std::getenv("SENDTWIN_SHARED");
  const fs::path path =
      fs::path(shared != nullptr ? shared : "../shared") / "data/dfe/ehcp-2022/data/sen2_mi.csv";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is not there";
  const CsvTable t = read_csv_file(path.string());
  const std::size_t period = t.require_column("time_period");
  const std::size_t level = t.require_column("geographic_level");
  const std::size_t country = t.require_column("country_name");
  const std::size_t new_plans = t.require_column("NewallEHC");
  int found = 0;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (t.cell(r, period) == "2021" && t.cell(r, level) == "National" &&
        t.cell(r, country) == "England") {
      EXPECT_EQ(t.integer(r, new_plans), 62180);
      ++found;
    }
  }
  EXPECT_EQ(found, 1);
}

}  // namespace
}  // namespace sendtwin::data
