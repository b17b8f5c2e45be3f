// The embedded default: files under data/ compiled into the binary (cmake/embed.cmake), so that
// `sendtwin` runs from any directory on a fresh machine.
#pragma once
#include <string_view>

namespace sendtwin::data {

// data/params/send.toml
std::string_view embedded_send_params();
// data/published/national.csv
std::string_view embedded_national_series();

inline constexpr const char* kEmbeddedParamsName = "<embedded>/data/params/send.toml";
inline constexpr const char* kEmbeddedSeriesName = "<embedded>/data/published/national.csv";

}  // namespace sendtwin::data
