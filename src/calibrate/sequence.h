// The calibration sequence `sendtwin calibrate` runs, stage by stage, on a parameter file's text:
//   1. (max_evaluations > 0) Nelder-Mead on the trends against the national series (calibrate.h);
//   2. (iterations > 0) the calendar-year effects, iterated against the same series;
//   3. the high needs block's spending on pupils without a plan (finance.non_plan_share), against
//      the spend the published DSG implies (fit_non_plan_share, closed form);
//   4. (per_la) each LA's request rate against the growth of its own published EHC plans.
// Each stage patches the text, which is reparsed before the next, so the file written is the one
// that was fitted. (The backtest's fit at each origin: flow_fit.h.)
#pragma once
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "data/la_register.h"
#include "finance/finance.h"
#include "model/send/area.h"
#include "model/send/params.h"

namespace sendtwin::calibrate {

struct SequenceOptions {
  int until = 2025;  // last year of the published targets
  std::uint64_t seed = 1;
  double scale = 0.1;          // stage 1's runs
  double effects_scale = 1.0;  // stages 2 and 4
  int threads = 1;
  int max_evaluations = 0;  // stage 1 (0: none)
  int iterations = 15;      // stage 2 (0: none)
  bool per_la = false;      // stage 4
};

// What the money's stage needs: the published DSG and the register that joins its LAs.
struct MoneyInputs {
  const std::vector<finance::FundingRow>* funding = nullptr;
  const data::LaRegister* la_register = nullptr;
};

struct SequenceResult {
  std::string params_text;  // the fitted parameter file (checked: it parses)
  std::string las_text;     // stage 4's LA table (empty without per_la)
};

// Runs the stages on `params_text` (named `params_name` in errors) for `areas`; `published_plans`
// (code -> year -> plans) is stage 4's target. Each stage's report goes to `report` (standard
// output), progress lines to `log` (may be empty).
SequenceResult run_sequence(std::string params_text, const std::string& params_name, const std::vector<model::AreaStart>& areas,
                            const std::map<std::string, std::map<int, double>>& published_plans, const MoneyInputs& money,
                            const SequenceOptions& options, std::ostream& report, const std::function<void(const std::string&)>& log);

// Stage three: finance.non_plan_share so that England's spend meets what the published DSG implies
// (the allocation plus the growth of the deficits) in the years it is implied: spend is the plans'
// cost times (1 + share), so the least-squares share in relative terms has a closed form.
struct CostFit {
  double start = 0, fitted = 0;
  std::vector<std::tuple<int, double, double, double>> years;  // fy, implied, before, after
};
CostFit fit_non_plan_share(const model::SendParams& params, const finance::FinanceParams& money,
                           const std::vector<model::AreaStart>& areas, const MoneyInputs& inputs, const SequenceOptions& options);

}  // namespace sendtwin::calibrate
