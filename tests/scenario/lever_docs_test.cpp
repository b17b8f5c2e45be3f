// Every lever is documented in the README's table of levers (issue 7: "every lever documented in
// the README"), and every lever the README names exists.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
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

TEST(ScenarioLeverDocs, EveryLeverRowInTheReadmeIsALever) {
  const std::string text = readme();
  const std::regex row(R"(\n\| `([a-z0-9_]+)` \| [^|]+ \| [-0-9.]+ to [-0-9.]+ \|)");
  int rows = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), row), end; it != end; ++it, ++rows)
    EXPECT_NE(find_lever((*it)[1].str()), nullptr) << (*it)[1].str() << " is in README.md but not a lever";
  EXPECT_EQ(rows, static_cast<int>(lever_table().size()));
}

}  // namespace
}  // namespace sendtwin::scenario
