// Reading a scenario file: its text (scenario.cpp), then its LAs against the embedded register. Apart
// from scenario.cpp so that the reader builds without the embedded data (the fuzz target).
#include "core/error.h"
#include "data/embedded.h"
#include "data/la_register.h"
#include "io/input_file.h"
#include "scenario/scenario.h"

namespace sendtwin::scenario {

Scenario read_scenario(const std::string& path) { return parse_scenario(io::read_text_file(path), path); }

Scenario load_scenario(const std::string& path, int start_year) {
  static const data::LaRegister las = data::LaRegister::parse(data::embedded_la_register(), data::kEmbeddedRegisterName);
  Scenario s = read_scenario(path);
  check_las(s, las, start_year);
  return s;
}

}  // namespace sendtwin::scenario
