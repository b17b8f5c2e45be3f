// Test helpers shared by the readers' malformed-input tests.
#pragma once
#include <optional>
#include <string>

#include "core/error.h"

namespace sendtwin::test_support {

// The InputError that `action` throws, if it throws one.
template <typename Action>
std::optional<InputError> input_error(Action action) {
  try {
    action();
  } catch (const InputError& e) {
    return e;
  }
  return std::nullopt;
}

// The what() of the InputError that `action` throws, or "no error".
template <typename Action>
std::string error_of(Action action) {
  const auto e = input_error(action);
  return e ? std::string(e->what()) : "no error";
}

}  // namespace sendtwin::test_support
