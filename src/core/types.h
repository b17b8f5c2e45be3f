// Value types of the SEND system, parsed and printed in one place (core/types.cpp).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sendtwin {

// Primary type of need: the DfE codes used by the school census and SEN2 (domain.md §2). NSA is
// used for SEN Support only; DS (Down syndrome) is selectable from January 2025.
enum class NeedType : std::uint8_t { SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, OTH, NSA, DS };
inline constexpr int kNeedTypeCount = 14;
std::string_view to_string(NeedType need);
std::optional<NeedType> parse_need_type(std::string_view code);

// SEN status of a child or young person. Requested and Assessing are the two stages of the
// statutory EHC process before a plan exists (domain.md §1.11).
enum class SenStatus : std::uint8_t { None, SenSupport, Requested, Assessing, Plan };
inline constexpr int kSenStatusCount = 5;
std::string_view to_string(SenStatus status);
std::optional<SenStatus> parse_sen_status(std::string_view name);

// Where a child or young person is educated (DESIGN.md §1). "School" settings count towards the
// school census; the others are where plans of 0-25s are held outside schools (SEN2 placements).
enum class Setting : std::uint8_t {
  Mainstream,          // state-funded mainstream school (maintained, academy, free school)
  MainstreamUnit,      // mainstream school with an SEN unit or resourced provision
  StateSpecial,        // maintained special school, special academy or free school
  IndependentSpecial,  // independent or non-maintained special school
  AlternativeProvision,  // AP / pupil referral unit
  IndependentMainstream,
  FurtherEducation,    // FE, sixth-form college, specialist post-16 institution
  EarlyYears,          // early years provider, not yet at school
  Other,               // home education, other arrangements, NEET
};
inline constexpr int kSettingCount = 9;
std::string_view to_string(Setting setting);
std::optional<Setting> parse_setting(std::string_view name);
// Pupils in these settings are counted by the January school census.
constexpr bool is_school(Setting s) {
  return s != Setting::FurtherEducation && s != Setting::EarlyYears && s != Setting::Other;
}
constexpr bool is_mainstream(Setting s) {
  return s == Setting::Mainstream || s == Setting::MainstreamUnit || s == Setting::IndependentMainstream;
}
constexpr bool is_special(Setting s) {
  return s == Setting::StateSpecial || s == Setting::IndependentSpecial;
}

enum class Sex : std::uint8_t { Female, Male };

// A local authority: the DfE 3-digit "old" LA code and the ONS 9-character code (domain.md §4.2).
// England as a whole is old code 0 with ONS code E92000001.
struct LaCode {
  std::uint16_t old_code = 0;
  std::array<char, 10> ons{};  // NUL-terminated

  static LaCode england();
  static std::optional<LaCode> parse(std::string_view old_code, std::string_view ons_code);
  std::string_view ons_code() const { return std::string_view(ons.data()); }
  bool operator==(const LaCode& other) const = default;
};

}  // namespace sendtwin
