// Every lever is documented in the README's table of levers (issue 7: "every lever documented in
// the README"), and every lever the README names exists; every lever is declared once, with its
// rule, and no other code names one (issue 16).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace sendtwin::scenario {
namespace {

std::string text_of(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}
std::string readme() { return text_of(std::string(SENDTWIN_SOURCE_DIR) + "/README.md"); }

TEST(ScenarioLeverDocs, EveryLeverHasARowInTheReadme) {
  const std::string text = readme();
  ASSERT_FALSE(text.empty());
  for (const auto& l : lever_table())
    EXPECT_NE(text.find("| `" + std::string(l.name) + "` |"), std::string::npos) << l.name << " has no row in README.md";
}

// The table's rows: lines "| `name` | unit | lo to hi | ..." (parsed by hand: GCC 12 warns falsely
// inside std::regex under the sanitizers).
TEST(ScenarioLeverDocs, EveryLeverRowInTheReadmeIsALever) {
  std::istringstream lines(readme());
  int rows = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    const auto end = line.find('`', 3);
    if (end == std::string::npos) continue;
    const auto third = line.find(" | ", line.find(" | ", end) + 3);
    if (third == std::string::npos || line.find(" to ", third) == std::string::npos) continue;
    const std::string name = line.substr(3, end - 3);
    ++rows;
    EXPECT_NE(find_lever(name), nullptr) << name << " is in README.md but not a lever";
  }
  EXPECT_EQ(rows, static_cast<int>(lever_table().size()));
}

TEST(ScenarioLevers, EveryLeverHasARuleAndOneDeclaration) {
  for (const auto& l : lever_table()) {
    EXPECT_NE(l.apply, nullptr) << l.name;
    EXPECT_EQ(find_lever(l.name), &l) << l.name << " is declared twice";
  }
}

// Issue 20: the dashboard shows each lever by a short label and a sentence of help in plain English,
// declared beside the lever: no snake_case name, no citation of the project's notes (those stay in
// `meaning` and the README), each label its own.
TEST(ScenarioLevers, EveryLeverHasAPlainLabelAndHelp) {
  std::vector<std::string> labels;
  for (const auto& l : lever_table()) {
    const std::string label = l.label ? l.label : "", help = l.help ? l.help : "";
    EXPECT_FALSE(label.empty()) << l.name;
    EXPECT_LE(label.size(), 60u) << l.name << ": a label is short";
    EXPECT_GE(help.size(), 40u) << l.name << ": help is a sentence";
    EXPECT_EQ(help.back(), '.') << l.name;
    for (const std::string& text : {label, help}) {
      EXPECT_EQ(text.find('_'), std::string::npos) << l.name << ": " << text;
      for (const char* cited : {"domain.md", "DESIGN.md", "reform-2026", "dfe-returns", "`"})
        EXPECT_EQ(text.find(cited), std::string::npos) << l.name << " cites " << cited << ": " << text;
    }
    EXPECT_EQ(std::count(labels.begin(), labels.end(), label), 0) << label << " labels two levers";
    labels.push_back(label);
  }
}

// Code that sees the levers (is in src/scenario, or it or its own header includes a scenario/
// header) finds a lever through the table (find_lever) and never spells its name as a literal: a
// lever is one edit in scenario.cpp's table. (A file that does not see the levers may use the same
// word for something else: report/validation.cpp's published measure independent_fee.)
TEST(ScenarioLevers, NoCodeThatSeesTheLeversNamesOneOutsideTheTable) {
  namespace fs = std::filesystem;
  const fs::path src = fs::path(SENDTWIN_SOURCE_DIR) / "src";
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
    const std::string rel = fs::relative(entry.path(), src).generic_string();
    if (rel == "scenario/scenario.cpp") continue;  // the table
    const std::string text = text_of(entry.path().string());
    fs::path header = entry.path();
    header.replace_extension(".h");
    const bool sees = rel.rfind("scenario/", 0) == 0 || text.find("#include \"scenario/") != std::string::npos ||
                      text_of(header.string()).find("#include \"scenario/") != std::string::npos;
    if (!sees) continue;
    ++files;
    for (const auto& l : lever_table())
      EXPECT_EQ(text.find("\"" + std::string(l.name) + "\""), std::string::npos)
          << "src/" << rel << " names the lever " << l.name << ": look it up with find_lever";
  }
  EXPECT_GE(files, 5);  // scenario/, server/, cli/, pipeline/ and sweep/ see the levers
}

}  // namespace
}  // namespace sendtwin::scenario
