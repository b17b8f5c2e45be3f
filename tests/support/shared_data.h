// What the tests of the readers share: where ../shared's published files are ($SENDTWIN_SHARED,
// else ../shared beside the source tree), and the embedded parameters and LA register.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <string>

#include "data/embedded.h"
#include "data/la_register.h"
#include "data/send_params.h"
#include "model/send/params.h"

#ifndef SENDTWIN_SOURCE_DIR
#error "SENDTWIN_SOURCE_DIR must name the source tree (CMakeLists.txt defines it for the tests)"
#endif

namespace sendtwin::test_support {

inline std::filesystem::path shared_data() {
  const char* shared = std::getenv("SENDTWIN_SHARED");
  return std::filesystem::path(shared != nullptr ? shared : std::string(SENDTWIN_SOURCE_DIR) + "/../shared") / "data";
}
inline std::filesystem::path dfe_dir() { return shared_data() / "dfe"; }

inline const model::SendParams& england() {
  static const model::SendParams p = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  return p;
}
inline const data::LaRegister& la_register() {
  static const data::LaRegister reg = data::LaRegister::parse(data::embedded_la_register(), data::kEmbeddedRegisterName);
  return reg;
}

}  // namespace sendtwin::test_support
