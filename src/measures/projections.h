// The measures of the published projections `validate` sets the model beside
// (data/published/projections.csv): two of the registry's as they are, and four derived from the
// registry's or from the money's parameters, each with the function that gives the model's figure.
#pragma once
#include <span>
#include <string_view>
#include <vector>

#include "finance/england.h"
#include "finance/finance.h"
#include "measures/registry.h"
#include "measures/table.h"

namespace sendtwin::measures {

// What the model's figures for a projection are made from: England's pupil measures and money.
struct ProjectionInputs {
  const ResultTable& england;
  const std::vector<finance::EnglandYear>& money;
  const finance::FinanceParams& finance;
};

struct ProjectionMeasure {
  std::string_view id;  // projections.csv `measure`
  Period period;        // the kind of its model_period: a January census or a financial year
  // The model's figure in `year`; NaN where the run does not cover it.
  double (*model_figure)(const ProjectionInputs& in, int year);
};

std::span<const ProjectionMeasure> projection_measures();
const ProjectionMeasure* find_projection_measure(std::string_view id);

}  // namespace sendtwin::measures
