// Parameters of the SEND model. Every value comes from data/params/send.toml, where each one
// carries its source; data/params/README.md shows the arithmetic that derives them from the
// published flows. Nothing here has a default that is used by a run: the loader requires them all.
#pragma once
#include <array>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "core/year_effects.h"

namespace sendtwin::model {

using sendtwin::YearEffects;

// A quantity that changed over the observed years at a steady rate and is held after them,
// times its calendar-year effect, if it has one:
//   value(y) = base * (1 + growth)^(clamp(y, first_year, last_year) - base_year) * effect(y).
struct Trend {
  double base = 0.0;
  int base_year = 0;
  double growth = 0.0;
  int first_year = 0;
  int last_year = 0;
  YearEffects effect;
  double at(int year) const;
};

// Age bands used by the hazards, by age on 31 August before the academic year (the age that
// fixes the year group; DfE's SEN2 tables band ages the same way: under 5, 5-10, 11-15, 16-19,
// 20-25).
inline constexpr int kAgeBandCount = 5;
// 0: <5, 1: 5-10, 2: 11-15, 3: 16-19, 4: 20-25. Inline: asked at every review and census of a plan.
constexpr int age_band(int age_on_31_august) {
  if (age_on_31_august < 5) return 0;
  if (age_on_31_august <= 10) return 1;
  if (age_on_31_august <= 15) return 2;
  if (age_on_31_august <= 19) return 3;
  return 4;
}

struct PopulationParams {
  // England in one January (census_year), as the national parameters describe it with [stock]:
  // the start of a run of England as one area. A run of the LAs starts from their own states.
  int census_year = 0;
  double pupils = 0;            // all schools, school census
  double sen_support = 0;
  double pupils_with_plan = 0;  // school census: statement or EHC plan
  double share_y12 = 0;                // year 12 pupils in schools as a share of a year group
  double share_y13 = 0;
  double male_share = 0;               // share of births that are boys
  std::vector<int> intake_years;       // September reception intake (pupils), by year
  std::vector<double> intake;          // held at the last value after the last year
  YearEffects intake_effect;           // multiplies the intake (a scenario's demographic variant)
  double intake_in(int year) const;
};

struct SenSupportParams {
  double identified_at_entry = 0;  // share of a new reception intake already on SEN support
  Trend identification;            // annual probability None -> SEN Support (school pupils)
  double exit = 0;                 // annual probability SEN Support -> None
};

struct RequestParams {
  Trend rate;                      // annual requests per pupil on SEN Support
  Trend early_years_rate;          // annual requests per child aged 2-3 (not yet at school)
  double early_years_aged_two = 0.5;  // of those requests, the share made at two on 31 August (else three)
  double male_relative_rate = 1;   // boys' request rate relative to girls'
  // A pupil on SEN Support's request rate by age band on 31 August (under 5, i.e. reception; 5-10;
  // 11-15; 16-19), relative to `rate`: requests come younger than SEN Support does.
  std::array<double, 4> age_relative{1.0, 1.0, 1.0, 1.0};
  double withdrawn = 0;            // requests that end without a decision
  double refused = 0;              // decisions not to assess, share of decisions
  YearEffects refused_effect;      // multiplies `refused` in the year of the request
  double decision_weeks_min = 0, decision_weeks_max = 0;  // request -> decision to assess
};

struct AssessmentParams {
  double issued = 0;               // completed assessments that end in a plan
  double within_20_weeks = 0;      // plans issued within 20 weeks, no exception applying
  double exception_share = 0;      // plans where a reg 13(3) exception applies
  double timely_weeks_min = 0;     // request -> final plan when on time: uniform [min, 20]
  double late_mean_weeks = 0;      // weeks beyond 20 when late: exponential with this mean
  double not_issue_weeks_min = 0, not_issue_weeks_max = 0;
  YearEffects issued_effect, within_20_weeks_effect;  // multiply `issued`, `within_20_weeks` (year of the request)
  // Scenario: a timeliness goal every LA moves toward, by the weight of the year (amounts; none when empty).
  YearEffects timeliness_goal, timeliness_goal_weight;
};

// Settings named in a new plan, by phase. Shares over: mainstream, mainstream unit, special
// (state if a place is free, else independent), independent special (chosen directly), AP,
// independent mainstream, further education, early years, other.
struct PlacementParams {
  std::array<double, 9> early_years{};  // plans issued to children not yet at school
  std::array<double, 9> school{};       // ages 4-15
  std::array<double, 9> post16{};       // ages 16-25
  std::array<double, 9> school_entry{};  // plan holders starting reception from early years
  double mainstream_to_special = 0;     // annual, plan holders in mainstream
  double special_to_mainstream = 0;     // annual, plan holders in state special
  double phase_transfer_to_special = 0;  // at the move to secondary (Year 7)
  // Leaving Year 11 (mainstream), Year 13 (mainstream) and Year 14 (special): shares to
  // {stay in school, further education, other (NEET, home education), plan ceases}.
  std::array<double, 4> after_year_11{};
  std::array<double, 4> after_year_13{};
  std::array<double, 4> after_special{};
  // Scenario levers (src/scenario), by calendar year; none unless a scenario sets them.
  YearEffects special_effect;            // multiplies the special shares of new school-age plans (the rest: mainstream)
  YearEffects independent_direct_effect;  // multiplies the share placed in independent special directly (the rest seek a state place)
  YearEffects move_to_special_effect;    // at most 1: the share of mainstream-to-special moves that go ahead
};

struct CeaseParams {
  std::array<double, kAgeBandCount> at_review{};  // annual review ends the plan, by age band
  int under_five_review_months = 12;
  YearEffects effect;              // multiplies at_review in the year of the review
};

struct CapacityParams {
  double initial_slack = 0;   // state special places beyond the occupancy at the start, share
  // State special places at the start, counted (an LA's own figure, `la --local`); NaN: the
  // occupancy at the start and initial_slack.
  double initial_places = std::numeric_limits<double>::quiet_NaN();
  double growth = 0;          // annual growth of places
  YearEffects added;          // scenario: places added a year (an amount; none when empty)
  // The independent and non-maintained special places the LA commissions grow by this share a year
  // from its independent special plans at the start and initial_slack (as its state places start).
  // A special placement finding neither a free state place nor such a place leaves the child where
  // the child is (in mainstream, for a move or a new plan at school) to take the first that comes
  // free. NaN: no such limit (the independent sector takes every placement a state school cannot).
  // A run from a published January sets it for each LA from the line of its own independent special
  // plans (src/calibrate, place_growths).
  double independent_growth = std::numeric_limits<double>::quiet_NaN();
  // Months a child waits for a special place before going independent beyond those places, as the
  // SEND Tribunal would name the school the plan needs; below 0: appeals.hearing_months.
  int longest_wait_months = -1;
};

struct AppealParams {
  Trend rate;                 // appeals per appealable decision
  double placement_only_share = 0;  // appeals about a plan that are about section I only
  int hearing_months = 0;     // registration -> tribunal decision
  double upheld = 0;          // decided wholly or partly in the appellant's favour
  YearEffects tribunal_upheld;  // scenario: the share upheld, by calendar year (amount; none: upheld)
  double upheld_in(int year) const { return tribunal_upheld.amount_at(year, upheld); }
};

struct PlanStockParams {
  // SEN2, January census_year: plans (statements + EHC plans) by age band and by placement.
  std::array<double, kAgeBandCount> by_age_band{};
  std::array<double, 9> by_setting{};
  // Within-band age weights for the under-5 band (ages 0..4) and 16-19 band (16..19); the 20-25
  // band's (20..25) are uniform unless `ages_from_bands` (all zero: uniform).
  std::array<double, 5> under_five_age_weights{};
  std::array<double, 4> age_16_19_weights{};
  std::array<double, 6> age_20_25_weights{};
  // The 16-19 and 20-25 weights are ungrouped from the January's own bands (model::ungroup_ages),
  // not the parameter file's, which describe its January: set for a start after it.
  bool ages_from_bands = false;
  std::array<double, 14> need_shares{};      // primary need of plans in the stock
  // An LA's own joint table (`la --local`, [caseload] rows): plans by age band x setting
  // (row-major), taken as the start's table instead of one fitted to the two margins above (which
  // are its sums); empty: fitted. And the primary needs of each setting's plans, as counts or
  // shares (a setting's row all zero: need_shares).
  std::vector<double> by_band_and_setting;
  std::array<std::array<double, 14>, 9> need_shares_by_setting{};
  std::array<double, 14> new_need_shares{};  // primary need of new plans
};

// A share as DfE published it: `numerator` of `denominator` plans, in the table `table` of the
// release `source` (data/params/send.toml [returns]), kept as counts so that a reader can check them.
struct PublishedShare {
  double numerator = 0, denominator = 0;
  std::string table, source;
  double share() const { return denominator > 0 ? numerator / denominator : 0.0; }
};

// How the DfE returns (src/report/returns.h, `la --xlsx`) split a model placement that DfE's
// categories cut finer (dfe-returns.md §0.3): England's shares, an LA's own split not being in the
// data. Not used by the simulation.
struct ReturnSplitParams {
  PublishedShare specialist_post16;   // further education: in specialist post-16 institutions
  PublishedShare non_maintained;      // independent or non-maintained special: non-maintained special schools
  PublishedShare home_education;      // other: elective home education
  PublishedShare eotas;               // other: other arrangements made by the LA (EOTAS)
};

// The Schools White Paper of February 2026 (reform-2026.md B), proposed, not law: its mechanisms
// by calendar year, each from the year a scenario's lever sets (src/scenario); none unless one
// does, and then the model draws their decisions from a stream of their own, so a run without
// them is the run of the 2014 system, draw for draw.
struct ReformParams {
  // Share of pupils on SEN Support (the Targeted layers, and those who left a plan) holding an
  // Individual Support Plan, written by the school and reviewed yearly, no Tribunal route: the
  // duty covers every child with SEND (amount; none: 0).
  YearEffects isp;
  // EHC plans for the Specialist layer only: the share of assessments that would have ended in a
  // plan that meet a Specialist Provision Package, for the needs the paper's packages name
  // (in_specialist_package) and for the others (amounts; none: 1). A plan the Tribunal orders
  // stands.
  YearEffects package_eligibility, other_eligibility;
  // Reassessment at phase transfer (end of primary, end of key stage 4): the share of plan
  // holders in mainstream whose plan ends for an ISP (amount; none: 0). Pupils in special schools
  // keep their place to the end of the phase and, at its end, are taken to meet the Specialist
  // layer.
  YearEffects reassessed_to_isp;
  // Annual reviews of school-age plans (ages 5-15) that still take place: 0 replaces them by the
  // phase-transfer reviews (early years and post-16 keep theirs) (factor; none: 1).
  YearEffects school_age_reviews;
  // Placement appeals upheld that name the family's school; the rest quash the LA's decision and
  // the LA names a school from its list, kept in mainstream (amount; none: 1).
  YearEffects tribunal_names_school;
  bool any() const {
    return !isp.values.empty() || !package_eligibility.values.empty() || !other_eligibility.values.empty() ||
           !reassessed_to_isp.values.empty() || !school_age_reviews.values.empty() ||
           !tribunal_names_school.values.empty();
  }
};

// The needs the White Paper's Specialist Provision Packages name (reform-2026.md B: PMLD, complex
// communication and executive function, SEMH externalising and internalising, sensory impairment,
// physical disability), by SEN2 primary need: PMLD, SLD and Down syndrome; ASD and SLCN; SEMH; HI,
// VI and MSI; PD. SpLD, MLD, other and not yet assessed are outside them.
bool in_specialist_package(int need_index);

struct SendParams {
  std::string source_file;
  PopulationParams population;
  SenSupportParams sen_support;
  RequestParams requests;
  AssessmentParams assessment;
  PlacementParams placement;
  CeaseParams cease;
  CapacityParams capacity;
  AppealParams appeals;
  PlanStockParams stock;
  ReformParams reform;
  ReturnSplitParams returns;
  // Scenario: special places added a year in named LAs (old LA code), instead of their share of
  // capacity.added.
  std::map<std::string, YearEffects> added_places_by_la;
};

// The parameters with calendar-year effects, by the name [year_effects] gives them in send.toml:
// each name and the effects it sets (requests_rate sets both request rates).
struct YearEffectSlot {
  const char* name;
  std::vector<YearEffects*> effects;
};
std::vector<YearEffectSlot> year_effect_slots(SendParams& p);

}  // namespace sendtwin::model
