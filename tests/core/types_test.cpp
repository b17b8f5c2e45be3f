// Promises of core/types.h: every enumerated value has one printed name that parses back to it,
// unknown names are refused, settings are classified for the census, and LA codes are checked.
#include "core/types.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace sendtwin {
namespace {

// --- NeedType -----------------------------------------------------------------------------------

TEST(TypesNeedType, EveryNeedTypeRoundTripsThroughItsCode) {
  for (int i = 0; i < kNeedTypeCount; ++i) {
    const auto need = static_cast<NeedType>(i);
    const auto parsed = parse_need_type(to_string(need));
    ASSERT_TRUE(parsed.has_value()) << to_string(need);
    EXPECT_EQ(*parsed, need) << to_string(need);
  }
}

TEST(TypesNeedType, CodesAreTheDfeCodes) {
  EXPECT_EQ(to_string(NeedType::SPLD), "SPLD");
  EXPECT_EQ(to_string(NeedType::SEMH), "SEMH");
  EXPECT_EQ(to_string(NeedType::SLCN), "SLCN");
  EXPECT_EQ(to_string(NeedType::ASD), "ASD");
  EXPECT_EQ(to_string(NeedType::NSA), "NSA");
  EXPECT_EQ(to_string(NeedType::DS), "DS");
}

TEST(TypesNeedType, CodesAreDistinctAndNonEmpty) {
  std::set<std::string> seen;
  for (int i = 0; i < kNeedTypeCount; ++i) {
    const std::string code(to_string(static_cast<NeedType>(i)));
    EXPECT_FALSE(code.empty()) << i;
    EXPECT_TRUE(seen.insert(code).second) << code;
  }
}

TEST(TypesNeedType, UnknownCodesAreRejected) {
  for (const char* bad : {"", "XYZ", "AS", "ASDX", " ASD", "ASD ", "autism"})
    EXPECT_FALSE(parse_need_type(bad).has_value()) << '"' << bad << '"';
}

// --- SenStatus ----------------------------------------------------------------------------------

TEST(TypesSenStatus, EveryStatusRoundTripsThroughItsName) {
  for (int i = 0; i < kSenStatusCount; ++i) {
    const auto status = static_cast<SenStatus>(i);
    const auto parsed = parse_sen_status(to_string(status));
    ASSERT_TRUE(parsed.has_value()) << to_string(status);
    EXPECT_EQ(*parsed, status) << to_string(status);
  }
}

TEST(TypesSenStatus, NamesAreDistinctAndNonEmpty) {
  std::set<std::string> seen;
  for (int i = 0; i < kSenStatusCount; ++i) {
    const std::string name(to_string(static_cast<SenStatus>(i)));
    EXPECT_FALSE(name.empty()) << i;
    EXPECT_TRUE(seen.insert(name).second) << name;
  }
}

TEST(TypesSenStatus, PlanIsNamedEhcPlan) { EXPECT_EQ(to_string(SenStatus::Plan), "ehc_plan"); }

TEST(TypesSenStatus, UnknownNamesAreRejected) {
  for (const char* bad : {"", "plan", "EHC_PLAN", "sen support", "statement"})
    EXPECT_FALSE(parse_sen_status(bad).has_value()) << '"' << bad << '"';
}

// --- Setting ------------------------------------------------------------------------------------

TEST(TypesSetting, EverySettingRoundTripsThroughItsName) {
  for (int i = 0; i < kSettingCount; ++i) {
    const auto setting = static_cast<Setting>(i);
    const auto parsed = parse_setting(to_string(setting));
    ASSERT_TRUE(parsed.has_value()) << to_string(setting);
    EXPECT_EQ(*parsed, setting) << to_string(setting);
  }
}

TEST(TypesSetting, NamesAreDistinctAndNonEmpty) {
  std::set<std::string> seen;
  for (int i = 0; i < kSettingCount; ++i) {
    const std::string name(to_string(static_cast<Setting>(i)));
    EXPECT_FALSE(name.empty()) << i;
    EXPECT_TRUE(seen.insert(name).second) << name;
  }
}

TEST(TypesSetting, UnknownNamesAreRejected) {
  for (const char* bad : {"", "special", "Mainstream", "pru", "fe"})
    EXPECT_FALSE(parse_setting(bad).has_value()) << '"' << bad << '"';
}

TEST(TypesSetting, SchoolSettingsAreThoseTheCensusCounts) {
  EXPECT_TRUE(is_school(Setting::Mainstream));
  EXPECT_TRUE(is_school(Setting::MainstreamUnit));
  EXPECT_TRUE(is_school(Setting::StateSpecial));
  EXPECT_TRUE(is_school(Setting::IndependentSpecial));
  EXPECT_TRUE(is_school(Setting::AlternativeProvision));
  EXPECT_TRUE(is_school(Setting::IndependentMainstream));
  EXPECT_FALSE(is_school(Setting::FurtherEducation));
  EXPECT_FALSE(is_school(Setting::EarlyYears));
  EXPECT_FALSE(is_school(Setting::Other));
}

TEST(TypesSetting, MainstreamSettingsAreMainstreamUnitAndIndependentMainstream) {
  for (int i = 0; i < kSettingCount; ++i) {
    const auto s = static_cast<Setting>(i);
    const bool expected =
        s == Setting::Mainstream || s == Setting::MainstreamUnit || s == Setting::IndependentMainstream;
    EXPECT_EQ(is_mainstream(s), expected) << to_string(s);
  }
}

TEST(TypesSetting, SpecialSettingsAreStateAndIndependentSpecial) {
  for (int i = 0; i < kSettingCount; ++i) {
    const auto s = static_cast<Setting>(i);
    const bool expected = s == Setting::StateSpecial || s == Setting::IndependentSpecial;
    EXPECT_EQ(is_special(s), expected) << to_string(s);
  }
}

TEST(TypesSetting, NoSettingIsBothMainstreamAndSpecial) {
  for (int i = 0; i < kSettingCount; ++i) {
    const auto s = static_cast<Setting>(i);
    EXPECT_FALSE(is_mainstream(s) && is_special(s)) << to_string(s);
  }
}

TEST(TypesSetting, MainstreamAndSpecialSettingsAreSchools) {
  for (int i = 0; i < kSettingCount; ++i) {
    const auto s = static_cast<Setting>(i);
    if (is_mainstream(s) || is_special(s)) {
      EXPECT_TRUE(is_school(s)) << to_string(s);
    }
  }
}

// --- LaCode -------------------------------------------------------------------------------------

TEST(TypesLaCode, ParseAcceptsAnOldCodeAndAnOnsDistrictCode) {
  const auto la = LaCode::parse("373", "E08000019");  // Sheffield
  ASSERT_TRUE(la.has_value());
  EXPECT_EQ(la->old_code, 373);
  EXPECT_EQ(la->ons_code(), "E08000019");
}

TEST(TypesLaCode, ParseAcceptsEveryLocalAuthorityKind) {
  EXPECT_TRUE(LaCode::parse("800", "E06000022").has_value());  // unitary
  EXPECT_TRUE(LaCode::parse("373", "E08000019").has_value());  // metropolitan district
  EXPECT_TRUE(LaCode::parse("202", "E09000007").has_value());  // London borough
  EXPECT_TRUE(LaCode::parse("935", "E10000029").has_value());  // county
}

TEST(TypesLaCode, ParseKeepsLeadingZerosOfTheOldCodeAsItsValue) {
  const auto la = LaCode::parse("042", "E06000001");
  ASSERT_TRUE(la.has_value());
  EXPECT_EQ(la->old_code, 42);
}

TEST(TypesLaCode, ParseRejectsAnOldCodeThatIsNotThreeDigits) {
  EXPECT_FALSE(LaCode::parse("37", "E08000019").has_value());
  EXPECT_FALSE(LaCode::parse("3730", "E08000019").has_value());
  EXPECT_FALSE(LaCode::parse("", "E08000019").has_value());
  EXPECT_FALSE(LaCode::parse("37a", "E08000019").has_value());
  EXPECT_FALSE(LaCode::parse("-37", "E08000019").has_value());
  EXPECT_FALSE(LaCode::parse(" 373", "E08000019").has_value());
}

TEST(TypesLaCode, ParseRejectsRegionAndCountryCodes) {
  EXPECT_FALSE(LaCode::parse("373", "E12000003").has_value());  // Yorkshire and the Humber
  EXPECT_FALSE(LaCode::parse("373", "E92000001").has_value());  // England
}

TEST(TypesLaCode, ParseRejectsCodesOutsideEngland) {
  EXPECT_FALSE(LaCode::parse("373", "W06000015").has_value());
  EXPECT_FALSE(LaCode::parse("373", "S12000036").has_value());
}

TEST(TypesLaCode, ParseRejectsOnsCodesOfTheWrongLength) {
  EXPECT_FALSE(LaCode::parse("373", "E0800001").has_value());
  EXPECT_FALSE(LaCode::parse("373", "E080000190").has_value());
  EXPECT_FALSE(LaCode::parse("373", "").has_value());
  EXPECT_FALSE(LaCode::parse("373", "E08").has_value());
}

TEST(TypesLaCode, ParseRejectsLettersInTheOnsSerial) {
  EXPECT_FALSE(LaCode::parse("373", "E08A00019").has_value());
  EXPECT_FALSE(LaCode::parse("373", "E0800001X").has_value());
  EXPECT_FALSE(LaCode::parse("373", "e08000019").has_value());
}

TEST(TypesLaCode, EnglandIsOldCodeZeroAndE92000001) {
  const LaCode england = LaCode::england();
  EXPECT_EQ(england.old_code, 0);
  EXPECT_EQ(england.ons_code(), "E92000001");
}

TEST(TypesLaCode, EqualCodesCompareEqualAndDifferentOnesDoNot) {
  EXPECT_EQ(LaCode::parse("373", "E08000019"), LaCode::parse("373", "E08000019"));
  EXPECT_NE(LaCode::parse("373", "E08000019"), LaCode::parse("372", "E08000019"));
  EXPECT_NE(LaCode::parse("373", "E08000019"), LaCode::parse("373", "E08000018"));
}

}  // namespace
}  // namespace sendtwin
