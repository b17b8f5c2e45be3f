// One local authority as the SEND model runs it (DESIGN.md §2, "Engine": one partition per LA).
//
// A national run is the run of every LA, each started from its own published January state and
// simulated on its own (its own pupils, special school places and random streams); England is the
// sum of its LAs. An LA differs from England in its starting state and in the practice its own
// published flows show; every other parameter is England's.
#pragma once
#include <array>
#include <limits>
#include <string>
#include <vector>

#include "core/types.h"
#include "model/send/params.h"

namespace sendtwin::model {

struct AreaStart {
  std::string code;  // DfE 3-digit old LA code, "886"; "E92000001" for England as one area
  std::string name;  // "Kent"
  int year = 0;      // the January of the state below (the run's start)
  // That January: school pupils, pupils on SEN Support, and EHC plans and statements (SEN2) by age
  // band and by placement (the SendParams stock's categories), and the plans' primary needs as
  // shares in NeedType order (all zero where the LA's were not published: England's).
  double pupils = 0;
  double sen_support = 0;
  std::array<double, kAgeBandCount> plans_by_age_band{};
  std::array<double, kSettingCount> plans_by_setting{};
  std::array<double, 14> need_shares{};
  // An LA's own joint table that January (`la --local` [caseload] rows; none published): plans by
  // age band x setting, row-major, whose sums are the two margins above, and each setting's plans
  // by primary need. Empty, and all zero: the table fitted to the margins, the needs as shares.
  std::vector<double> plans_by_band_and_setting;
  std::array<std::array<double, 14>, kSettingCount> needs_by_setting{};
  // Practice, from the LA's own published flows, relative to England's over the same years (1 = as
  // England): requests per pupil, refusals to assess per request, plans issued within 20 weeks
  // (excluding exceptions) per plan issued, and plans issued per completed assessment. England's
  // parameters are multiplied by them.
  double request_relative = 1.0;
  double refused_relative = 1.0;
  double timely_relative = 1.0;
  double issued_relative = 1.0;
  // Plans ceasing at an annual review relative to England's (fitted to the LA's own net flows:
  // src/calibrate; 1 = as England).
  double cease_relative = 1.0;
  // A share of plans ceasing at an annual review at every age, added to England's (times
  // cease_relative) for the LA: the part of its growth over England's in the fit's window that
  // its forecast does not carry on (src/calibrate, own_growth_weight); negative: ceasing less.
  double cease_added = 0.0;
  // Annual growth of the LA's state special places (fitted to the growth of its own state special
  // plans: src/calibrate); NaN: England's capacity.growth.
  double place_growth = std::numeric_limits<double>::quiet_NaN();
  // Annual growth of the independent special places the LA commissions (the line of its own
  // independent special plans: src/calibrate); NaN: no limit on them (CapacityParams).
  double independent_place_growth = std::numeric_limits<double>::quiet_NaN();
  // State special places that January, counted (an LA's own figure: `la --local`); NaN: its state
  // special plans then and England's spare share (capacity.initial_slack).
  double special_places = std::numeric_limits<double>::quiet_NaN();
  // Placement practice relative to England's (fitted to the LA's own plans by setting: src/calibrate;
  // 1 = as England). `mainstream_relative` multiplies the mainstream shares (mainstream, unit,
  // independent mainstream) of new plans and of children with plans starting reception;
  // `special_relative` the special shares of those and the rates of moves from mainstream to special
  // (with state special places fixed by the LA's capacity, it moves its independent placements);
  // `fe_relative` the further-education share of new plans at 16-25 and of plan holders leaving
  // school. The other shares of each list are scaled so that it still adds up to what it did.
  double mainstream_relative = 1.0;
  double special_relative = 1.0;
  double fe_relative = 1.0;

  double plans() const;  // the plans by age band, added up
  // The same LA with England's practice: only its starting state and size still differ.
  void use_england_practice() {
    request_relative = refused_relative = timely_relative = issued_relative = cease_relative = 1.0;
    cease_added = 0.0;
    mainstream_relative = special_relative = fe_relative = 1.0;
  }
};

// England as a single area: the national parameters' own January state (population.census_year).
AreaStart england_area(const SendParams& england);

// England's parameters for a run of `las`, every LA of one January: England's pupils, SEN Support
// and plans at the start are theirs added up (so that each LA's share of the reception intake is
// its share of England's pupils that January). Unchanged when that January is the parameters' own
// (population.census_year), whose figures DfE published for England itself.
SendParams england_at_start(const SendParams& england, const std::vector<AreaStart>& las);

// The ages within the 16-19 and 20-25 bands of a January's plans, from its bands alone (SEN2 gave
// LAs' plans by single year of age only from January 2024): a piecewise-linear ungrouping. An
// edge between two bands has the geometric mean of their plans per age; 16-19's density runs on
// the line between its edges, 20-25's from its left edge on the line that gives the band its own
// total, cut at 0 (the plans run out before 26: a plan ends with the academic year the young
// person turns 25, domain.md 1.1); each band's weights are normalised, so its total is kept. Sets
// `ages_from_bands`. Against DfE's single ages of January 2024 and 2025 it gives each age's share
// of its band within 0.06 (tests/model/age_ungrouping_test.cpp), where the parameter file's 16-19
// weights, which describe January 2015 (few plans at 19: statements lapsed on leaving school),
// are 0.08 from them at 19, and uniform 20-25 weights 0.22 at 20.
void ungroup_ages(PlanStockParams& stock);

// The parameters an area runs with: England's, with the area's starting state, its share of the
// reception intake (its share of England's pupils) and its practice.
SendParams area_params(const SendParams& england, const AreaStart& area);

}  // namespace sendtwin::model
