#include "measures/registry.h"

#include <algorithm>
#include <cstdio>

namespace sendtwin::measures {

namespace {

using Value = std::optional<double>;
using model::Census;
using model::YearTally;
using finance::EnglandYear;
using finance::FinanceParams;
using finance::LedgerYear;

Value stock(const YearTally& y, std::int64_t v) { return y.has_census ? Value(static_cast<double>(v)) : std::nullopt; }
Value flow(const YearTally& y, std::int64_t v) { return y.full_year ? Value(static_cast<double>(v)) : std::nullopt; }
Value percent(bool covered, std::int64_t num, std::int64_t den) {
  if (!covered || den <= 0) return std::nullopt;
  return 100.0 * static_cast<double>(num) / static_cast<double>(den);
}
std::int64_t setting(const Census& c, Setting s) { return c.plans_by_setting[static_cast<int>(s)]; }

// The breakdowns (issue 20), one template each: plans of a need (DS with OTH, as DfE counts it), of
// an age band, of a placement; spend in a placement, for a ledger and for England.
template <NeedType N, NeedType... More>
Value plans_need(const YearTally& y) {
  return stock(y, (y.census.plans_by_need[static_cast<int>(N)] + ... + y.census.plans_by_need[static_cast<int>(More)]));
}
template <int Band>
Value plans_band(const YearTally& y) { return stock(y, y.census.plans_by_age_band[Band]); }
template <Setting S>
Value plans_in(const YearTally& y) { return stock(y, setting(y.census, S)); }
template <Setting S>
double spend_in(const LedgerYear& y) { return y.spend_by_setting[static_cast<int>(S)]; }
template <Setting S>
double england_spend_in(const EnglandYear& y, const FinanceParams&) { return y.spend_by_setting[static_cast<int>(S)]; }
// Plans holding a special placement, state or independent: the demand for special places.
std::int64_t special_demand(const Census& c) { return setting(c, Setting::StateSpecial) + setting(c, Setting::IndependentSpecial); }

constexpr auto kJanuary = Period::CensusJanuary;
constexpr auto kYear = Period::CalendarYear;
constexpr auto kFinancialYear = Period::FinancialYear;

// The breakdowns' outputs: every scenario run's figures, by LA too (how a mitigation changes need and
// placement, as DfE's feedback on local SEND reform plans asks; dfe-returns.md §2.1).
constexpr Shown kBreakdown = {.figure = true, .by_la = true, .breakdown = true};

constexpr Measure kMeasures[] = {
    // Pupils, from a run's YearTally: the January census and SEN2 snapshot.
    {.id = id::kPupils, .label = "Pupils", .description = "Pupils in schools (all schools), January census. Published: DfE SEN in England.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return stock(y, y.census.pupils); },
     .shown = {.scorecard = 1, .figure = true, .scenario_table = true}},
    {.id = id::kSenSupport, .label = "SEN Support", .description = "Pupils on SEN Support (incl. those awaiting an EHC decision), January census.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return stock(y, y.census.sen_support); },
     .shown = {.scorecard = 1, .figure = true, .scenario_table = true}},
    {.id = id::kSenSupportPct, .label = "SEN Support %", .description = "SEN Support as % of pupils, January census.",
     .unit = Unit::Percent, .period = kJanuary, .england = England::RatioOfSums,
     .from_tally = [](const YearTally& y) { return percent(y.has_census, y.census.sen_support, y.census.pupils); },
     .shown = {.scorecard = 1, .figure = true}},
    {.id = id::kPupilsWithPlan, .label = "EHCP pupils", .description = "Pupils with an EHC plan (or statement) in schools, January census.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return stock(y, y.census.pupils_with_plan); },
     .shown = {.scorecard = 1, .figure = true, .by_la = true}},
    {.id = id::kPupilsWithPlanPct, .label = "EHCP %", .description = "Pupils with an EHC plan as % of pupils, January census.",
     .unit = Unit::Percent, .period = kJanuary, .england = England::RatioOfSums,
     .from_tally = [](const YearTally& y) { return percent(y.has_census, y.census.pupils_with_plan, y.census.pupils); },
     .shown = {.scorecard = 1, .figure = true, .scenario_table = true, .by_la = true,
               .dashboard = "Pupils with an EHC plan, % of pupils (January)"}},
    {.id = id::kEhcPlans, .label = "EHC plans 0-25", .description = "EHC plans (and statements) maintained by LAs for 0-25 year olds, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return stock(y, y.census.plans); },
     .shown = {.scorecard = 1, .figure = true, .scenario_table = true, .html_difference = true,
               .by_la = true,
               .title = "EHC plans 0-25", .dashboard = "EHC plans 0-25 (January)"}},
    {.id = id::kPlansStateSpecial, .label = "State special", .description = "EHC plans placed in LA maintained, academy and free special schools, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return stock(y, setting(y.census, Setting::StateSpecial)); },
     .shown = {.scorecard = 1, .figure = true, .scenario_table = true, .html_difference = true,
               .by_la = true,
               .title = "Plans in state special schools", .dashboard = "Plans in state special schools (January)"}},
    {.id = id::kPlansIndependentSpecial, .label = "Indep. special", .description = "EHC plans placed in independent or non-maintained special schools, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return stock(y, setting(y.census, Setting::IndependentSpecial)); },
     .shown = {.scorecard = 1, .figure = true, .scenario_table = true, .html_difference = true,
               .by_la = true,
               .title = "Plans in independent special schools", .dashboard = "Plans in independent special schools (January)"}},
    {.id = id::kStateSpecialPlaces, .label = "Special places", .description = "State special school places available to plan holders (model capacity), January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return stock(y, y.census.state_special_places); },
     .shown = {.figure = true}},
    {.id = id::kPlansMainstream, .label = "Mainstream", .description = "EHC plans placed in mainstream schools (incl. units, resourced provision, independent mainstream), SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas,
     .from_tally =
         [](const YearTally& y) {
           return stock(y, setting(y.census, Setting::Mainstream) + setting(y.census, Setting::MainstreamUnit) +
                               setting(y.census, Setting::IndependentMainstream));
         },
     .shown = {.figure = true, .by_la = true}},
    {.id = id::kPlansFurtherEducation, .label = "FE", .description = "EHC plans placed in further education, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return stock(y, setting(y.census, Setting::FurtherEducation)); },
     .shown = {.figure = true}},
    {.id = id::kIsps, .label = "ISPs", .description = "Pupils holding an Individual Support Plan (White Paper 2026; none without it), January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return stock(y, y.census.isps); },
     .shown = {.figure = true, .scenario_table = true, .by_la = true, .dashboard = "Pupils with an ISP (January; White Paper)"}},
    {.id = id::kIspPct, .label = "ISP %", .description = "Pupils holding an ISP as % of pupils, January (DfE expects 15-20% by 2035).",
     .unit = Unit::Percent, .period = kJanuary, .england = England::RatioOfSums,
     .from_tally = [](const YearTally& y) { return percent(y.has_census, y.census.isps, y.census.pupils); },
     .shown = {.figure = true}},
    // Pupils: the breakdowns of plans (issue 20), January: by need, by age band, by placement.
    {.id = id::kPlansNeedAsd, .label = "ASD", .description = "EHC plans with primary need autistic spectrum disorder, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_need<NeedType::ASD>,
     .shown = kBreakdown},
    {.id = id::kPlansNeedHi, .label = "HI", .description = "EHC plans with primary need hearing impairment, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_need<NeedType::HI>,
     .shown = kBreakdown},
    {.id = id::kPlansNeedMld, .label = "MLD", .description = "EHC plans with primary need moderate learning difficulty, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_need<NeedType::MLD>,
     .shown = kBreakdown},
    {.id = id::kPlansNeedMsi, .label = "MSI", .description = "EHC plans with primary need multi-sensory impairment, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_need<NeedType::MSI>,
     .shown = kBreakdown},
    {.id = id::kPlansNeedPd, .label = "PD", .description = "EHC plans with primary need physical disability, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_need<NeedType::PD>,
     .shown = kBreakdown},
    {.id = id::kPlansNeedPmld, .label = "PMLD", .description = "EHC plans with primary need profound and multiple learning difficulty, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_need<NeedType::PMLD>,
     .shown = kBreakdown},
    {.id = id::kPlansNeedSemh, .label = "SEMH", .description = "EHC plans with primary need social, emotional and mental health, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_need<NeedType::SEMH>,
     .shown = kBreakdown},
    {.id = id::kPlansNeedSlcn, .label = "SLCN", .description = "EHC plans with primary need speech, language and communication needs, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_need<NeedType::SLCN>,
     .shown = kBreakdown},
    {.id = id::kPlansNeedSld, .label = "SLD", .description = "EHC plans with primary need severe learning difficulty, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_need<NeedType::SLD>,
     .shown = kBreakdown},
    {.id = id::kPlansNeedSpld, .label = "SPLD", .description = "EHC plans with primary need specific learning difficulty, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_need<NeedType::SPLD>,
     .shown = kBreakdown},
    {.id = id::kPlansNeedVi, .label = "VI", .description = "EHC plans with primary need visual impairment, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_need<NeedType::VI>,
     .shown = kBreakdown},
    {.id = id::kPlansNeedOth, .label = "OTH", .description = "EHC plans with primary need other difficulty or disability (with Down syndrome, as DfE counts it), SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_need<NeedType::OTH, NeedType::DS>,
     .shown = kBreakdown},
    {.id = id::kPlansAgeUnder5, .label = "Under 5", .description = "EHC plans of 0-25s aged under 5 on 31 August before the January (SEN2's age bands).",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_band<0>,
     .shown = kBreakdown},
    {.id = id::kPlansAge5To10, .label = "Age 5 to 10", .description = "EHC plans of 0-25s aged 5 to 10 on 31 August before the January (SEN2's age bands).",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_band<1>,
     .shown = kBreakdown},
    {.id = id::kPlansAge11To15, .label = "Age 11 to 15", .description = "EHC plans of 0-25s aged 11 to 15 on 31 August before the January (SEN2's age bands).",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_band<2>,
     .shown = kBreakdown},
    {.id = id::kPlansAge16To19, .label = "Age 16 to 19", .description = "EHC plans of 0-25s aged 16 to 19 on 31 August before the January (SEN2's age bands).",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_band<3>,
     .shown = kBreakdown},
    {.id = id::kPlansAge20To25, .label = "Age 20 to 25", .description = "EHC plans of 0-25s aged 20 to 25 on 31 August before the January (SEN2's age bands).",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_band<4>,
     .shown = kBreakdown},
    {.id = id::kPlansMainstreamOnly, .label = "Mainstream school", .description = "EHC plans placed in state-funded mainstream schools without a unit (maintained, academy, free school), SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_in<Setting::Mainstream>,
     .shown = {.figure = true, .by_la = true, .breakdown = true, .dashboard = "Plans in mainstream schools without a unit (January)"}},
    {.id = id::kPlansUnits, .label = "Units/RP", .description = "EHC plans placed in SEN units and resourced provision in mainstream schools, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_in<Setting::MainstreamUnit>,
     .shown = {.figure = true, .by_la = true, .breakdown = true, .dashboard = "Plans in SEN units and resourced provision (January)"}},
    {.id = id::kPlansIndependentMainstream, .label = "Indep. mainstream", .description = "EHC plans placed in independent mainstream schools, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_in<Setting::IndependentMainstream>,
     .shown = {.figure = true, .by_la = true, .breakdown = true, .dashboard = "Plans in independent mainstream schools (January)"}},
    {.id = id::kPlansAlternativeProvision, .label = "AP", .description = "EHC plans placed in alternative provision and pupil referral units, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_in<Setting::AlternativeProvision>,
     .shown = {.figure = true, .by_la = true, .breakdown = true, .dashboard = "Plans in alternative provision (January)"}},
    {.id = id::kPlansEarlyYears, .label = "Early years", .description = "EHC plans placed in early years settings, before school, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_in<Setting::EarlyYears>,
     .shown = {.figure = true, .by_la = true, .breakdown = true, .dashboard = "Plans in early years settings (January)"}},
    {.id = id::kPlansOther, .label = "Other", .description = "EHC plans placed in other arrangements: home education, EOTAS, NEET, SEN2 January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas, .from_tally = plans_in<Setting::Other>,
     .shown = {.figure = true, .by_la = true, .breakdown = true, .dashboard = "Plans in other arrangements: home education, EOTAS, NEET (January)"}},
    {.id = id::kSpecialPlaceDemand, .label = "Special demand", .description = "EHC plans holding a special school placement, state or independent: the demand for special places, January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return stock(y, special_demand(y.census)); },
     .shown = kBreakdown},
    {.id = id::kSpecialPlacesShortfall, .label = "Place shortfall", .description = "Special placements beyond the state special places (independent placements for want of a state place, and more), January.",
     .unit = Unit::Count, .period = kJanuary, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return stock(y, special_demand(y.census) - y.census.state_special_places); },
     .shown = {.figure = true, .by_la = true, .breakdown = true, .dashboard = "Special placements beyond the state special places (January)"}},
    // Pupils, from a run's YearTally: flows over the calendar year.
    {.id = id::kRequests, .label = "Requests", .description = "Initial requests for an EHC needs assessment, calendar year (SEN2).",
     .unit = Unit::Count, .period = kYear, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return flow(y, y.flows.requests); },
     .shown = {.scorecard = 2, .figure = true, .scenario_table = true, .html_difference = true,
               .by_la = true,
               .title = "Requests", .dashboard = "Requests for assessment (year)"}},
    {.id = id::kRefusalsToAssess, .label = "Refused", .description = "Decisions not to assess, calendar year (SEN2).",
     .unit = Unit::Count, .period = kYear, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return flow(y, y.flows.refused_assessment); },
     .shown = {.scorecard = 2, .figure = true}},
    {.id = id::kNewPlans, .label = "New plans", .description = "New EHC plans issued, calendar year (SEN2).",
     .unit = Unit::Count, .period = kYear, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return flow(y, y.flows.plans_issued); },
     .shown = {.scorecard = 2, .figure = true, .scenario_table = true, .by_la = true}},
    {.id = id::kPctWithin20Weeks, .label = "% in 20 wks", .description = "New EHC plans issued within 20 weeks of the request, excluding exception cases, % (SEN2).",
     .unit = Unit::Percent, .period = kYear, .england = England::RatioOfSums,
     .from_tally =
         [](const YearTally& y) {
           return percent(y.full_year, y.flows.issued_within_20_weeks, y.flows.issued_without_exception);
         },
     .shown = {.scorecard = 2, .figure = true, .scenario_table = true, .html_difference = true,
               .by_la = true,
               .title = "% of plans within 20 weeks", .dashboard = "% of new plans within 20 weeks (year)"}},
    {.id = id::kTribunalAppeals, .label = "Appeals", .description = "SEND Tribunal appeals registered, calendar year (MoJ, via DfE).",
     .unit = Unit::Count, .period = kYear, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return flow(y, y.flows.appeals_registered); },
     .shown = {.scorecard = 2, .figure = true, .scenario_table = true}},
    {.id = id::kPlansCeased, .label = "Ceased", .description = "EHC plans ceased, calendar year (published figure includes transfers between LAs, which a national run does not see).",
     .unit = Unit::Count, .period = kYear, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return flow(y, y.flows.plans_ceased); },
     .shown = {.scorecard = 2, .figure = true}},
    {.id = id::kMainstreamToSpecial, .label = "To special", .description = "Plan holders moving from mainstream to special schools, calendar year.",
     .unit = Unit::Count, .period = kYear, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return flow(y, y.flows.mainstream_to_special); },
     .shown = {.figure = true, .scenario_table = true}},
    {.id = id::kIndependentForWantOfPlace, .label = "Indep. (full)", .description = "Special placements made independent because no state special place was free, calendar year.",
     .unit = Unit::Count, .period = kYear, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return flow(y, y.flows.independent_for_want_of_place); },
     .shown = {.figure = true}},
    {.id = id::kNoSpecialPlace, .label = "No place", .description = "Special placements wanted that found neither a state special place nor one of the independent special places the LA commissions (a run from a published January): the child stays where the child is and takes the first place that comes free, or an independent one after waiting as long as an appeal takes to be heard, calendar year.",
     .unit = Unit::Count, .period = kYear, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return flow(y, y.flows.no_special_place); },
     .shown = {.figure = true}},
    {.id = id::kAppealsUpheld, .label = "Appeals upheld", .description = "SEND Tribunal appeals decided wholly or partly for the appellant, calendar year.",
     .unit = Unit::Count, .period = kYear, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return flow(y, y.flows.appeals_upheld); },
     .shown = {.figure = true}},
    {.id = id::kPlansReassessed, .label = "Reassessed", .description = "EHC plans ended at a phase-transfer reassessment for an ISP (White Paper 2026), calendar year.",
     .unit = Unit::Count, .period = kYear, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return flow(y, y.flows.ceased_by_cause[static_cast<int>(model::CeaseCause::Reassessed)]); },
     .shown = {.figure = true, .by_la = true}},
    {.id = id::kNotEligible, .label = "No package", .description = "Assessments that would have ended in a plan but met no Specialist Provision Package (White Paper 2026), calendar year.",
     .unit = Unit::Count, .period = kYear, .england = England::SumOfAreas,
     .from_tally = [](const YearTally& y) { return flow(y, y.flows.not_eligible); },
     .shown = {.figure = true}},

    // Money by financial year, from England's year (the ledgers summed, finance/england.h) and, where
    // the ledger CSV has it, from one ledger's year. The scenario figures first, in their order.
    {.id = id::kHighNeedsSpend, .label = "spend", .description = "High needs block spend, nominal.", .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.spend; },
     .from_ledger = [](const LedgerYear& y) { return y.spend; },
     .shown = {.england_row = 1, .ledger_row = 1, .figure = true, .scenario_table = true, .html_england = true,
               .html_ledger = true, .html_difference = true, .compare = true, .by_la = true,
               .title = "High needs spend",
               .dashboard = "High needs spend (financial year, GBP)"}},
    {.id = id::kHighNeedsAllocation, .label = "alloc.", .description = "High needs block allocation (DSG), nominal: published (an LA's own, or its share of England's stated total), grown after the last decided year.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.allocation; },
     .from_ledger = [](const LedgerYear& y) { return y.allocation; },
     .shown = {.england_row = 2, .ledger_row = 2, .figure = true, .html_england = true, .html_ledger = true,
               .compare = true, .by_la = true,
               .title = "High needs allocation",
               .dashboard = "High needs allocation (financial year, GBP)"}},
    {.id = id::kHighNeedsInYearBalance, .label = "in-year", .description = "Allocation plus the schools block transfer, less spend, nominal (negative: overspend).",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.in_year(); },
     .from_ledger = [](const LedgerYear& y) { return y.in_year(); },
     .shown = {.england_row = 3, .ledger_row = 4, .figure = true, .scenario_table = true, .html_england = true,
               .html_difference = true, .compare = true, .by_la = true,
               .title = "In-year high needs balance",
               .dashboard = "In-year high needs balance (financial year, GBP)"}},
    {.id = id::kCumulativeDsgBalance, .label = "cum. bal", .description = "Cumulative DSG balance at the year's end, nominal (negative: deficit); met to the balance DfE published for March 2020.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.cumulative; },
     .from_ledger = [](const LedgerYear& y) { return y.closing; },
     .shown = {.england_row = 7, .ledger_row = 8, .figure = true, .scenario_table = true, .html_england = true,
               .html_ledger = true, .html_difference = true, .compare = true, .by_la = true,
               .title = "Cumulative DSG balance",
               .dashboard = "Cumulative DSG balance (financial year, GBP)"}},
    {.id = id::kDsgDeficitPct, .label = "def %", .description = "England's cumulative deficit as % of DSG income.", .unit = Unit::Percent, .period = kFinancialYear,
     .england = England::RatioOfSums, .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.deficit_pct(); },
     .shown = {.england_row = 8, .figure = true}},
    {.id = id::kLasOverspending, .label = "LAs over", .description = "Ledgers spending more than their allocation (LAs joined by a reorganisation share one).",
     .unit = Unit::Count, .period = kFinancialYear, .england = England::CountOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.overspending; },
     .shown = {.england_row = 4, .figure = true, .scenario_table = true}},
    {.id = id::kNetOverspend, .label = "net over", .description = "Spend beyond allocation, summed over the ledgers that overspend, nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.net_overspend; },
     // One ledger's part of England's sum (finance/england.cpp): its overspend, 0 if it has none.
     .from_ledger = [](const LedgerYear& y) { return std::max(0.0, -y.in_year()); },
     .shown = {.england_row = 6, .figure = true, .compare = true}},
    {.id = id::kIndependentSpecialSpend, .label = "indep.", .description = "Spend on placements in independent special schools, nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.independent_spend; },
     .shown = {.england_row = 13, .figure = true, .scenario_table = true, .html_england = true,
               .title = "Independent special school spend"}},
    {.id = id::kNotionalSen, .label = "notional", .description = "What mainstream schools spend from their notional SEN budget (schools block), nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.notional_sen_plans + y.notional_sen_support; },
     .from_ledger = [](const LedgerYear& y) { return y.notional_sen; },
     .shown = {.england_row = 10, .ledger_row = 5, .figure = true, .scenario_table = true, .html_england = true,
               .title = "Notional SEN (schools block)"}},
    {.id = id::kLasPastDeficitThreshold, .label = "past threshold", .description = "Ledgers whose deficit has passed the threshold share of DSG income by this year.",
     .unit = Unit::Count, .period = kFinancialYear, .england = England::CountOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.past_threshold; },
     .shown = {.england_row = 14, .figure = true}},
    {.id = id::kHighNeedsWriteOff, .label = "write-off", .description = "The High Needs Stability Grant: 90% of the deficit at 31 March 2026, paid in 2026-27, nominal (reform-2026.md A).",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.write_off; },
     .from_ledger = [](const LedgerYear& y) { return y.write_off; },
     .shown = {.england_row = 17, .ledger_row = 10, .figure = true, .scenario_table = true, .compare = true}},
    {.id = id::kOverspendMetCentrally, .label = "central", .description = "In-year overspend met centrally from 2028-29, not added to the LA's deficit, nominal (reform-2026.md A).",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.central; },
     .from_ledger = [](const LedgerYear& y) { return y.central; },
     .shown = {.england_row = 18, .ledger_row = 11, .figure = true, .scenario_table = true, .html_england = true,
               .compare = true, .title = "Overspend met centrally"}},
    {.id = id::kWhitePaperGrants, .label = "WP grants", .description = "The White Paper's funds for mainstream inclusion, outside the DSG (none without it), each ledger's share by its plans, nominal (reform-2026.md B).",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.white_paper_grants; },
     .from_ledger = [](const LedgerYear& y) { return y.white_paper_grants; },
     .shown = {.england_row = 19, .ledger_row = 12, .figure = true, .compare = true, .by_la = true}},
    // Money: high needs spend by placement (independent special above) and by element (issue 20).
    {.id = id::kSpendMainstream, .label = "Mainstream", .description = "High needs spend on plans in mainstream schools (element 3 top-ups beyond the school's notional SEN), nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = england_spend_in<Setting::Mainstream>, .from_ledger = spend_in<Setting::Mainstream>,
     .shown = {.england_row = 20, .ledger_row = 13, .figure = true, .by_la = true, .breakdown = true}},
    {.id = id::kSpendUnits, .label = "MainstreamUnit", .description = "High needs spend on plans in SEN units and resourced provision (place funding and top-ups), nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = england_spend_in<Setting::MainstreamUnit>, .from_ledger = spend_in<Setting::MainstreamUnit>,
     .shown = {.england_row = 21, .ledger_row = 14, .figure = true, .by_la = true, .breakdown = true}},
    {.id = id::kSpendStateSpecial, .label = "StateSpecial", .description = "High needs spend on plans in state special schools (place funding and top-ups), nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = england_spend_in<Setting::StateSpecial>, .from_ledger = spend_in<Setting::StateSpecial>,
     .shown = {.england_row = 22, .ledger_row = 15, .figure = true, .by_la = true, .breakdown = true}},
    {.id = id::kSpendAlternativeProvision, .label = "AlternativeProvision", .description = "High needs spend on plans in alternative provision (place funding and top-ups), nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = england_spend_in<Setting::AlternativeProvision>, .from_ledger = spend_in<Setting::AlternativeProvision>,
     .shown = {.england_row = 23, .ledger_row = 16, .figure = true, .by_la = true, .breakdown = true}},
    {.id = id::kSpendIndependentMainstream, .label = "IndependentMainstream", .description = "High needs spend on plans in independent mainstream schools (fees), nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = england_spend_in<Setting::IndependentMainstream>, .from_ledger = spend_in<Setting::IndependentMainstream>,
     .shown = {.england_row = 24, .ledger_row = 17, .figure = true, .by_la = true, .breakdown = true}},
    {.id = id::kSpendFurtherEducation, .label = "FurtherEducation", .description = "High needs spend on plans in further education (place funding and top-ups), nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = england_spend_in<Setting::FurtherEducation>, .from_ledger = spend_in<Setting::FurtherEducation>,
     .shown = {.england_row = 25, .ledger_row = 18, .figure = true, .by_la = true, .breakdown = true}},
    {.id = id::kSpendEarlyYears, .label = "EarlyYears", .description = "High needs spend on plans in early years settings (top-ups), nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = england_spend_in<Setting::EarlyYears>, .from_ledger = spend_in<Setting::EarlyYears>,
     .shown = {.england_row = 26, .ledger_row = 19, .figure = true, .by_la = true, .breakdown = true}},
    {.id = id::kSpendOther, .label = "Other", .description = "High needs spend on plans in other arrangements (EOTAS, home education packages), nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = england_spend_in<Setting::Other>, .from_ledger = spend_in<Setting::Other>,
     .shown = {.england_row = 27, .ledger_row = 20, .figure = true, .by_la = true, .breakdown = true}},
    {.id = id::kSpendPlaceFunding, .label = "place funding", .description = "Place funding of plans in specialist places (GBP 10,000 special and AP, GBP 6,000 units and FE; domain.md 3.2), nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.place_funding; },
     .from_ledger = [](const LedgerYear& y) { return y.place_funding; },
     .shown = {.england_row = 28, .ledger_row = 21, .figure = true, .by_la = true, .breakdown = true, .dashboard = "High needs spend: place funding (financial year, GBP)"}},
    {.id = id::kSpendTopUps, .label = "top-ups", .description = "Top-ups and fees of plans (element 3 and independent fees), nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.top_ups; },
     .from_ledger = [](const LedgerYear& y) { return y.top_ups; },
     .shown = {.england_row = 29, .ledger_row = 22, .figure = true, .by_la = true, .breakdown = true, .dashboard = "High needs spend: top-ups and fees (financial year, GBP)"}},
    {.id = id::kSpendWithoutPlans, .label = "no plan", .description = "High needs spending on pupils without a plan (AP, hospital education, FE high needs), nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.without_plans; },
     .from_ledger = [](const LedgerYear& y) { return y.without_plans; },
     .shown = {.england_row = 30, .ledger_row = 23, .figure = true, .by_la = true, .breakdown = true, .dashboard = "High needs spend on pupils without a plan (financial year, GBP)"}},
    // Money in England's rows of the tidy CSV only.
    {.id = id::kLasOverspendingPct, .label = "LAs over %", .description = "Ledgers overspending as % of all ledgers.", .unit = Unit::Percent, .period = kFinancialYear,
     .england = England::RatioOfSums,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.units > 0 ? 100.0 * y.overspending / y.units : 0.0; },
     .shown = {.england_row = 5}},
    {.id = id::kImportExportAdjustment, .label = "imp/exp", .description = "The import/export adjustment inside the allocation, for pupils placed across a border, nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.import_export; },
     .from_ledger = [](const LedgerYear& y) { return y.import_export; },
     .shown = {.england_row = 9, .ledger_row = 3}},
    {.id = id::kNotionalSenForPlans, .label = "notional (plans)", .description = "Notional SEN spent on pupils with plans, up to the threshold, nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.notional_sen_plans; },
     .shown = {.england_row = 11}},
    {.id = id::kNotionalSenForSenSupport, .label = "notional (support)", .description = "Notional SEN spent on pupils on SEN Support, nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams&) { return y.notional_sen_support; },
     .shown = {.england_row = 12}},
    {.id = id::kHighNeedsSpendReal, .label = "spend (real)", .description = "High needs spend in base-year prices (finance.price_base_year).",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::SumOfLedgers,
     .from_england = [](const EnglandYear& y, const FinanceParams& p) { return y.spend / finance::price_level(p, y.fy); },
     .shown = {.england_row = 15}},
    {.id = id::kSpendPerPlanReal, .label = "per plan", .description = "High needs spend per plan held, base-year prices.", .unit = Unit::Pounds, .period = kFinancialYear,
     .england = England::RatioOfSums,
     .from_england =
         [](const EnglandYear& y, const FinanceParams& p) {
           return y.plans > 0 ? y.spend / y.plans / finance::price_level(p, y.fy) : 0.0;
         },
     .shown = {.england_row = 16}},
    // Money in each ledger's rows only.
    {.id = id::kSchoolsBlockTransfer, .label = "transfer", .description = "Moved from the schools block to the high needs block, nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::LedgerOnly, .from_ledger = [](const LedgerYear& y) { return y.transfer; },
     .shown = {.ledger_row = 6}},
    {.id = id::kDeficitInterest, .label = "interest", .description = "The cost of carrying the opening deficit (negative), nominal.",
     .unit = Unit::Pounds, .period = kFinancialYear, .england = England::LedgerOnly, .from_ledger = [](const LedgerYear& y) { return y.interest; },
     .shown = {.ledger_row = 7}},
    {.id = id::kDsgBalancePct, .label = "% DSG", .description = "The ledger's cumulative DSG balance as % of its DSG income.",
     .unit = Unit::Percent, .period = kFinancialYear, .england = England::LedgerOnly,
     .from_ledger = [](const LedgerYear& y) { return y.total_dsg > 0 ? 100.0 * y.closing / y.total_dsg : 0.0; },
     .shown = {.ledger_row = 9, .html_ledger = true, .title = "Cumulative DSG balance, % of DSG income"}},
};

constexpr std::size_t count_pupils() {
  std::size_t n = 0;
  while (n < std::size(kMeasures) && kMeasures[n].from_tally) ++n;
  return n;
}

std::vector<const Measure*> in_order(int Shown::*row) {
  std::vector<const Measure*> out;
  for (const auto& m : kMeasures)
    if (m.shown.*row > 0) out.push_back(&m);
  std::stable_sort(out.begin(), out.end(), [&](const Measure* a, const Measure* b) { return a->shown.*row < b->shown.*row; });
  return out;
}

}  // namespace

std::span<const Measure> all() { return kMeasures; }
std::span<const Measure> pupils() { return std::span<const Measure>(kMeasures, count_pupils()); }

const Measure* find(std::string_view id) {
  for (const auto& m : kMeasures)
    if (m.id == id) return &m;
  return nullptr;
}

std::size_t pupil_index(std::string_view id) {
  const auto list = pupils();
  for (std::size_t k = 0; k < list.size(); ++k)
    if (list[k].id == id) return k;
  return list.size();
}

std::vector<const Measure*> england_rows() { return in_order(&Shown::england_row); }
std::vector<const Measure*> ledger_rows() { return in_order(&Shown::ledger_row); }

std::vector<std::string> ids(bool Shown::*shown) {
  std::vector<std::string> out;
  for (const auto& m : kMeasures)
    if (m.shown.*shown) out.emplace_back(m.id);
  return out;
}

std::string_view to_string(Unit unit) {
  switch (unit) {
    case Unit::Count: return "count";
    case Unit::Percent: return "percent";
    case Unit::Pounds: return "GBP";
  }
  return "";
}

std::string period_label(Period period, int year) {
  switch (period) {
    case Period::CensusJanuary: return std::to_string(year) + "-01";
    case Period::CalendarYear: return std::to_string(year);
    case Period::FinancialYear: {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%d-%02d", year, (year + 1) % 100);
      return buf;
    }
  }
  return "";
}

std::string period_label(const Measure& m, int year) { return period_label(m.period, year); }

std::string_view period_name(Period period) {
  switch (period) {
    case Period::CensusJanuary: return "January";
    case Period::CalendarYear: return "calendar year";
    case Period::FinancialYear: return "financial year";
  }
  return "";
}

}  // namespace sendtwin::measures
