// Issue 20, every current LA: each LA of DfE's January 2025 release is found by its DfE code, its
// ONS code and its name, and the common short forms name the one LA they mean.
#include "pipeline/areas.h"

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "data/embedded.h"
#include "data/la_start.h"
#include "../support/input_error.h"

namespace sendtwin::pipeline {
namespace {

const std::vector<model::AreaStart>& areas_2025() {
  static const auto areas = data::starts_in(data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName), 2025);
  return areas;
}

std::string error_of(const std::string& query) {
  return test_support::error_of([&] { find_area(data::LaRegister::embedded(), query, areas_2025()); });
}

TEST(FindArea, EveryLaOf2025_IsFoundByCodeOnsCodeAndName) {
  const auto& reg = data::LaRegister::embedded();
  const auto& areas = areas_2025();
  ASSERT_EQ(areas.size(), 153u);
  for (std::size_t k = 0; k < areas.size(); ++k) {
    SCOPED_TRACE(areas[k].name);
    EXPECT_EQ(find_area(reg, areas[k].code, areas), k);
    EXPECT_EQ(find_area(reg, areas[k].name, areas), k);
    const data::LaRecord* record = reg.find(areas[k].code);
    ASSERT_NE(record, nullptr);
    if (!record->new_code.empty()) {
      EXPECT_EQ(find_area(reg, record->new_code, areas), k);
    }
  }
}

TEST(FindArea, ShortFormsNameTheirLa_AndAnAmbiguousOneIsRefused) {
  const auto& reg = data::LaRegister::embedded();
  const auto& areas = areas_2025();
  const auto name = [&](const std::string& q) { return areas[find_area(reg, q, areas)].name; };
  EXPECT_EQ(name("Bristol"), "Bristol, City of");
  EXPECT_EQ(name("Hull"), "Kingston upon Hull, City of");
  EXPECT_EQ(name("Durham"), "County Durham");
  EXPECT_EQ(name("Stoke"), "Stoke-on-Trent");
  EXPECT_EQ(name("Richmond"), "Richmond upon Thames");
  EXPECT_EQ(name("Herefordshire"), "Herefordshire, County of");
  EXPECT_EQ(name("Hertfordshire"), "Hertfordshire");
  EXPECT_EQ(name("Dorset"), "Dorset");
  EXPECT_EQ(name("839"), "Bournemouth, Christchurch and Poole");
  EXPECT_EQ(error_of("Kingston"),
            "la: Kingston: names more than one local authority: Kingston upon Thames (314), Kingston upon Hull, City of (810)");
  EXPECT_EQ(error_of("Northamptonshire"),
            "la: Northamptonshire: Northamptonshire (928) did not exist in January 2025, where the run starts; it was replaced "
            "by North Northamptonshire (940), West Northamptonshire (941): ask for one of those");
  EXPECT_EQ(error_of("Kentt").rfind("la: Kentt: no such local authority; nearest names: Kent", 0), 0u);
}

}  // namespace
}  // namespace sendtwin::pipeline
