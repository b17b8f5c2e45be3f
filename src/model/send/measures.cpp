#include "model/send/measures.h"

namespace sendtwin::model {

namespace {

using Value = std::optional<double>;

Value stock(const YearTally& y, std::int64_t v) { return y.has_census ? Value(static_cast<double>(v)) : std::nullopt; }
Value flow(const YearTally& y, std::int64_t v) { return y.full_year ? Value(static_cast<double>(v)) : std::nullopt; }
Value percent(bool covered, std::int64_t num, std::int64_t den) {
  if (!covered || den <= 0) return std::nullopt;
  return 100.0 * static_cast<double>(num) / static_cast<double>(den);
}

std::int64_t setting(const Census& c, Setting s) { return c.plans_by_setting[static_cast<int>(s)]; }

const std::vector<MeasureDef> kMeasures = {
    {"pupils", "Pupils", "Pupils in schools (all schools), January census. Published: DfE SEN in England.",
     MeasureUnit::Count, MeasurePeriod::CensusJanuary,
     [](const YearTally& y) { return stock(y, y.census.pupils); }, 1},
    {"sen_support", "SEN Support", "Pupils on SEN Support (incl. those awaiting an EHC decision), January census.",
     MeasureUnit::Count, MeasurePeriod::CensusJanuary,
     [](const YearTally& y) { return stock(y, y.census.sen_support); }, 1},
    {"sen_support_pct", "SEN Support %", "SEN Support as % of pupils, January census.",
     MeasureUnit::Percent, MeasurePeriod::CensusJanuary,
     [](const YearTally& y) { return percent(y.has_census, y.census.sen_support, y.census.pupils); }, 1},
    {"pupils_with_plan", "EHCP pupils", "Pupils with an EHC plan (or statement) in schools, January census.",
     MeasureUnit::Count, MeasurePeriod::CensusJanuary,
     [](const YearTally& y) { return stock(y, y.census.pupils_with_plan); }, 1},
    {"pupils_with_plan_pct", "EHCP %", "Pupils with an EHC plan as % of pupils, January census.",
     MeasureUnit::Percent, MeasurePeriod::CensusJanuary,
     [](const YearTally& y) { return percent(y.has_census, y.census.pupils_with_plan, y.census.pupils); }, 1},
    {"ehc_plans", "EHC plans 0-25", "EHC plans (and statements) maintained by LAs for 0-25 year olds, SEN2 January.",
     MeasureUnit::Count, MeasurePeriod::CensusJanuary,
     [](const YearTally& y) { return stock(y, y.census.plans); }, 1},
    {"plans_state_special", "State special", "EHC plans placed in LA maintained, academy and free special schools, SEN2 January.",
     MeasureUnit::Count, MeasurePeriod::CensusJanuary,
     [](const YearTally& y) { return stock(y, setting(y.census, Setting::StateSpecial)); }, 1},
    {"plans_independent_special", "Indep. special", "EHC plans placed in independent or non-maintained special schools, SEN2 January.",
     MeasureUnit::Count, MeasurePeriod::CensusJanuary,
     [](const YearTally& y) { return stock(y, setting(y.census, Setting::IndependentSpecial)); }, 1},
    {"state_special_places", "Special places", "State special school places available to plan holders (model capacity), January.",
     MeasureUnit::Count, MeasurePeriod::CensusJanuary,
     [](const YearTally& y) { return stock(y, y.census.state_special_places); }, 0},
    {"plans_mainstream", "Mainstream", "EHC plans placed in mainstream schools (incl. units, resourced provision, independent mainstream), SEN2 January.",
     MeasureUnit::Count, MeasurePeriod::CensusJanuary,
     [](const YearTally& y) {
       return stock(y, setting(y.census, Setting::Mainstream) + setting(y.census, Setting::MainstreamUnit) +
                           setting(y.census, Setting::IndependentMainstream));
     }, 0},
    {"plans_further_education", "FE", "EHC plans placed in further education, SEN2 January.",
     MeasureUnit::Count, MeasurePeriod::CensusJanuary,
     [](const YearTally& y) { return stock(y, setting(y.census, Setting::FurtherEducation)); }, 0},
    {"requests", "Requests", "Initial requests for an EHC needs assessment, calendar year (SEN2).",
     MeasureUnit::Count, MeasurePeriod::CalendarYear,
     [](const YearTally& y) { return flow(y, y.flows.requests); }, 2},
    {"refusals_to_assess", "Refused", "Decisions not to assess, calendar year (SEN2).",
     MeasureUnit::Count, MeasurePeriod::CalendarYear,
     [](const YearTally& y) { return flow(y, y.flows.refused_assessment); }, 2},
    {"new_plans", "New plans", "New EHC plans issued, calendar year (SEN2).",
     MeasureUnit::Count, MeasurePeriod::CalendarYear,
     [](const YearTally& y) { return flow(y, y.flows.plans_issued); }, 2},
    {"pct_within_20_weeks", "% in 20 wks", "New EHC plans issued within 20 weeks of the request, excluding exception cases, % (SEN2).",
     MeasureUnit::Percent, MeasurePeriod::CalendarYear,
     [](const YearTally& y) { return percent(y.full_year, y.flows.issued_within_20_weeks, y.flows.issued_without_exception); }, 2},
    {"tribunal_appeals", "Appeals", "SEND Tribunal appeals registered, calendar year (MoJ, via DfE).",
     MeasureUnit::Count, MeasurePeriod::CalendarYear,
     [](const YearTally& y) { return flow(y, y.flows.appeals_registered); }, 2},
    {"plans_ceased", "Ceased", "EHC plans ceased, calendar year (published figure includes transfers between LAs, which a national run does not see).",
     MeasureUnit::Count, MeasurePeriod::CalendarYear,
     [](const YearTally& y) { return flow(y, y.flows.plans_ceased); }, 2},
    {"mainstream_to_special", "To special", "Plan holders moving from mainstream to special schools, calendar year.",
     MeasureUnit::Count, MeasurePeriod::CalendarYear,
     [](const YearTally& y) { return flow(y, y.flows.mainstream_to_special); }, 0},
    {"independent_for_want_of_place", "Indep. (full)", "Special placements made independent because no state special place was free, calendar year.",
     MeasureUnit::Count, MeasurePeriod::CalendarYear,
     [](const YearTally& y) { return flow(y, y.flows.independent_for_want_of_place); }, 0},
    {"appeals_upheld", "Appeals upheld", "SEND Tribunal appeals decided wholly or partly for the appellant, calendar year.",
     MeasureUnit::Count, MeasurePeriod::CalendarYear,
     [](const YearTally& y) { return flow(y, y.flows.appeals_upheld); }, 0},
};

}  // namespace

const std::vector<MeasureDef>& send_measures() { return kMeasures; }

const MeasureDef* find_measure(std::string_view id) {
  for (const auto& m : kMeasures)
    if (m.id == id) return &m;
  return nullptr;
}

std::string_view to_string(MeasureUnit unit) { return unit == MeasureUnit::Count ? "count" : "percent"; }

std::size_t measure_index(std::string_view id) {
  const auto& measures = send_measures();
  const MeasureDef* m = find_measure(id);
  return m ? static_cast<std::size_t>(m - measures.data()) : measures.size();
}

}  // namespace sendtwin::model
