// What the SEND model counts: January stocks (a census) and flows by calendar year. The measure
// registry (src/measures/registry.h) turns these into the published measures.
#pragma once
#include <array>
#include <cstdint>

#include "core/types.h"
#include "model/send/params.h"

namespace sendtwin::model {

// Reassessed: the White Paper's reassessment at phase transfer moved the pupil to an ISP.
enum class CeaseCause : std::uint8_t { MaxAge, AtReview, LeftEducation, AppealDismissed, Reassessed };
inline constexpr int kCeaseCauseCount = 5;

// Single years of age a plan is counted at (age on 31 August before the January, 0 to 25; SEN2's
// rule, dfe-returns.md §0.2): the rows of the DfE returns' age tables and SCAP's national curriculum
// years (NCY = age - 4).
inline constexpr int kPlanAgeCount = 26;

struct Census {
  std::int64_t pupils = 0;                 // children in a school setting
  std::int64_t sen_support = 0;            // school pupils on SEN Support (incl. awaiting an EHC decision)
  std::int64_t pupils_with_plan = 0;       // school pupils with an EHC plan
  std::int64_t plans = 0;                  // EHC plans 0-25, any setting
  std::array<std::int64_t, kSettingCount> plans_by_setting{};
  std::array<std::int64_t, kAgeBandCount> plans_by_age_band{};
  std::array<std::int64_t, kNeedTypeCount> plans_by_need{};
  // Joint tables for the returns DfE asks of an LA (report/returns.h): placement x single age, and
  // placement x primary need. Their margins are plans_by_setting, plans_by_need and plans_by_age_band.
  std::array<std::array<std::int64_t, kPlanAgeCount>, kSettingCount> plans_by_setting_age{};
  std::array<std::array<std::int64_t, kNeedTypeCount>, kSettingCount> plans_by_setting_need{};
  std::array<std::int64_t, kSenStatusCount> by_status{};  // every agent, any setting
  std::int64_t state_special_places = 0;
  std::int64_t isps = 0;                   // school pupils holding an Individual Support Plan (White Paper)

  void add(const Census& o) {
    pupils += o.pupils;
    sen_support += o.sen_support;
    pupils_with_plan += o.pupils_with_plan;
    plans += o.plans;
    for (int i = 0; i < kSettingCount; ++i) plans_by_setting[i] += o.plans_by_setting[i];
    for (int i = 0; i < kAgeBandCount; ++i) plans_by_age_band[i] += o.plans_by_age_band[i];
    for (int i = 0; i < kNeedTypeCount; ++i) plans_by_need[i] += o.plans_by_need[i];
    for (int s = 0; s < kSettingCount; ++s) {
      for (int a = 0; a < kPlanAgeCount; ++a) plans_by_setting_age[s][a] += o.plans_by_setting_age[s][a];
      for (int n = 0; n < kNeedTypeCount; ++n) plans_by_setting_need[s][n] += o.plans_by_setting_need[s][n];
    }
    for (int i = 0; i < kSenStatusCount; ++i) by_status[i] += o.by_status[i];
    state_special_places += o.state_special_places;
    isps += o.isps;
  }
};

// Flows, one counter each. Transition counters by SenStatus (into/out of) let tests check that
// stocks balance with flows.
struct Flows {
  std::int64_t identified = 0;         // None -> SEN Support
  std::int64_t support_ended = 0;      // SEN Support -> None
  std::int64_t requests = 0;           // initial requests for an EHC needs assessment
  std::int64_t withdrawn = 0;
  std::int64_t refused_assessment = 0;
  std::int64_t assessments_started = 0;
  std::int64_t plans_issued = 0;       // new EHC plans
  // The same three by age band (age on 31 August before the event, as SEN2 bands plans): the Local
  // SEND Reform Plan's tables 10-12 (dfe-returns.md §2.5).
  std::array<std::int64_t, kAgeBandCount> requests_by_age_band{};
  std::array<std::int64_t, kAgeBandCount> assessments_by_age_band{};
  std::array<std::int64_t, kAgeBandCount> plans_issued_by_age_band{};
  std::int64_t not_issued = 0;         // assessments completed, decision not to issue
  std::int64_t issued_within_20_weeks = 0;  // no exception applying
  std::int64_t issued_without_exception = 0;
  std::int64_t mediations = 0;
  std::int64_t appeals_registered = 0;
  std::int64_t appeals_decided = 0;
  std::int64_t appeals_upheld = 0;
  std::int64_t plans_ceased = 0;
  std::int64_t mainstream_to_special = 0;
  std::int64_t special_to_mainstream = 0;
  std::int64_t independent_for_want_of_place = 0;
  // Special placements wanted that found neither a state nor a commissioned independent place
  // (CapacityParams::independent_growth): the child stays where the child is and may ask again.
  std::int64_t no_special_place = 0;
  // White Paper: assessments that would have ended in a plan but met no Specialist Provision
  // Package (counted in not_issued too), and upheld placement appeals the LA re-decided.
  std::int64_t not_eligible = 0;
  std::int64_t placements_quashed = 0;
  // Plans placed in each setting: new plans, special places granted (state, or independent for want
  // of one), starts of reception and moves on from school. What the fit of each LA's placement
  // practice (src/calibrate/flow_fit.h) weighs a miss of a setting's plans against.
  std::array<std::int64_t, kSettingCount> placed_in{};
  std::int64_t arrivals = 0;           // agents added (reception intake, early years requests)
  std::int64_t departures = 0;         // agents removed (left school without a plan, ceased)
  std::array<std::int64_t, kCeaseCauseCount> ceased_by_cause{};  // plans_ceased by CeaseCause
  // Net change of the number of agents in each status, from every transition.
  std::array<std::int64_t, kSenStatusCount> status_in{};
  std::array<std::int64_t, kSenStatusCount> status_out{};

  void add(const Flows& o);
};

struct Tally {
  Census census;   // filled in January only
  Flows flows;
  void add(const Tally& o) {
    census.add(o.census);
    flows.add(o.flows);
  }
};

struct YearTally {
  int year = 0;
  bool has_census = false;  // the run covered January of this year
  bool full_year = false;   // the run covered all twelve months of this year
  Census census;
  Flows flows;
};

}  // namespace sendtwin::model
