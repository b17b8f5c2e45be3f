#include "measures/projections.h"

#include <limits>

namespace sendtwin::measures {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double plans_in(const ProjectionInputs& in, int year) {
  const ResultTable& t = in.england;
  return year >= t.first_year && year <= t.last_year ? t.mean(pupil_index(id::kEhcPlans), year) : kNaN;
}

// England's money in financial year `fy` through `figure`, NaN if the run has no such year.
template <typename Figure>
double money_in(const ProjectionInputs& in, int fy, Figure figure) {
  for (const auto& y : in.money)
    if (y.fy == fy) return figure(y);
  return kNaN;
}

constexpr ProjectionMeasure kProjectionMeasures[] = {
    {id::kEhcPlans, Period::CensusJanuary, [](const ProjectionInputs& in, int year) { return plans_in(in, year); }},
    {id::kEhcPlansAddedSince2025, Period::CensusJanuary,
     [](const ProjectionInputs& in, int year) { return plans_in(in, year) - plans_in(in, 2025); }},
    {id::kHighNeedsSpend, Period::FinancialYear,
     [](const ProjectionInputs& in, int fy) {
       return money_in(in, fy, [&](const finance::EnglandYear& y) { return find(id::kHighNeedsSpend)->from_england(y, in.finance); });
     }},
    // The overspend and the deficit: the in-year and cumulative balances with the sign turned.
    {id::kHighNeedsOverspend, Period::FinancialYear,
     [](const ProjectionInputs& in, int fy) { return money_in(in, fy, [](const finance::EnglandYear& y) { return -y.in_year(); }); }},
    {id::kCumulativeDsgDeficit, Period::FinancialYear,
     [](const ProjectionInputs& in, int fy) { return money_in(in, fy, [](const finance::EnglandYear& y) { return -y.cumulative; }); }},
    // The deficits of the LAs in deficit alone (DfE's and the press's "cumulative DSG deficits"), and
    // what the High Needs Stability Grant wrote off.
    {id::kDsgDeficits, Period::FinancialYear,
     [](const ProjectionInputs& in, int fy) { return money_in(in, fy, [](const finance::EnglandYear& y) { return -y.deficits; }); }},
    {id::kHighNeedsWriteOff, Period::FinancialYear,
     [](const ProjectionInputs& in, int fy) { return money_in(in, fy, [](const finance::EnglandYear& y) { return y.write_off; }); }},
    // A year's fee for a place in an independent special school, from the money's parameters.
    {id::kIndependentFee, Period::FinancialYear,
     [](const ProjectionInputs& in, int fy) { return finance::plan_cost(in.finance, Setting::IndependentSpecial, fy); }},
};

}  // namespace

std::span<const ProjectionMeasure> projection_measures() { return kProjectionMeasures; }

const ProjectionMeasure* find_projection_measure(std::string_view id) {
  for (const auto& m : kProjectionMeasures)
    if (m.id == id) return &m;
  return nullptr;
}

}  // namespace sendtwin::measures
