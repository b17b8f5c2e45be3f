#include "core/types.h"

#include <cstring>

namespace sendtwin {

namespace {
constexpr std::array<std::string_view, kNeedTypeCount> kNeedCodes = {
    "SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "OTH", "NSA", "DS"};
constexpr std::array<std::string_view, kSenStatusCount> kStatusNames = {
    "none", "sen_support", "requested", "assessing", "ehc_plan"};
constexpr std::array<std::string_view, kSettingCount> kSettingNames = {
    "mainstream",  "mainstream_unit",     "state_special", "independent_special",
    "alternative_provision", "independent_mainstream", "further_education", "early_years",
    "other"};

template <class Enum, std::size_t N>
std::optional<Enum> find(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == text) return static_cast<Enum>(i);
  return std::nullopt;
}
}  // namespace

std::string_view to_string(NeedType need) { return kNeedCodes[static_cast<int>(need)]; }
std::optional<NeedType> parse_need_type(std::string_view code) { return find<NeedType>(kNeedCodes, code); }
std::string_view to_string(SenStatus status) { return kStatusNames[static_cast<int>(status)]; }
std::optional<SenStatus> parse_sen_status(std::string_view name) { return find<SenStatus>(kStatusNames, name); }
std::string_view to_string(Setting setting) { return kSettingNames[static_cast<int>(setting)]; }
std::optional<Setting> parse_setting(std::string_view name) { return find<Setting>(kSettingNames, name); }

LaCode LaCode::england() {
  LaCode la;
  std::memcpy(la.ons.data(), "E92000001", 9);
  return la;
}

std::optional<LaCode> LaCode::parse(std::string_view old_code, std::string_view ons_code) {
  if (old_code.size() != 3) return std::nullopt;
  int value = 0;
  for (char c : old_code) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  // ONS codes: E06 unitary, E08 metropolitan district, E09 London borough, E10 county.
  if (ons_code.size() != 9 || ons_code[0] != 'E') return std::nullopt;
  const std::string_view kind = ons_code.substr(0, 3);
  if (kind != "E06" && kind != "E08" && kind != "E09" && kind != "E10") return std::nullopt;
  for (char c : ons_code.substr(1))
    if (c < '0' || c > '9') return std::nullopt;
  LaCode la;
  la.old_code = static_cast<std::uint16_t>(value);
  std::memcpy(la.ons.data(), ons_code.data(), 9);
  return la;
}

}  // namespace sendtwin
