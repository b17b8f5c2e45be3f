// Every lever is documented in the README's table of levers (issue 7: "every lever documented in
// the README"), and every lever the README names exists.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "scenario/scenario.h"

namespace sendtwin::scenario {
namespace {

std::string readme() {
  std::ifstream in(std::string(SENDTWIN_SOURCE_DIR) + "/README.md");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

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

}  // namespace
}  // namespace sendtwin::scenario
