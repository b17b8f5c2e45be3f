// An LA's own figures in a run (issue 20, "Local data"; the file: data/local_data.h): checked
// against the run plan and applied to it before any work, each override listed with the figure it
// replaced. The caseload and places change the LA's start (model::AreaStart) and its places
// (SendParams::added_places_by_la); the costs and money its ledger alone (FinanceParams::local).
#pragma once
#include <string>
#include <vector>

#include "data/local_data.h"
#include "pipeline/pipeline.h"

namespace sendtwin::pipeline {

// One figure the LA's file gives in place of the published one or England's default.
struct Override {
  std::string field;     // the file's key: "caseload.by_setting.independent_special"
  std::string unit;      // "plans", "GBP a plan a year", ...
  std::string replaced;  // the figure it replaced, as printed (no thousands separators)
  std::string replaced_from;  // where that figure came from: "SEN2, January 2025", "England's (send.toml)", ...
  std::string value;     // the LA's figure, as printed
  std::string source;    // the LA's source for it
};

// Checks `local` against the plan (its LA is one of the run's, its January the start, its
// figures near the published ones, its money on a ledger of its own, its years within the run)
// and applies it: an InputError at the file's line, before any work. Returns the overrides of the
// start, places and costs; those of the money are known after the run (money_overrides).
std::vector<Override> apply_local(const data::LocalData& local, RunPlan& plan);

// The allocations and balance the LA's own figures replaced in the run's ledgers (mean over
// replicates: the balance it replaced depends on the simulated spend).
std::vector<Override> money_overrides(const data::LocalData& local, const RunResult& result);

// field,unit,replaced,replaced_from,value,source (a header line, then a row each).
std::string overrides_csv(const std::vector<Override>& overrides);
// The list as the terminal shows it, headed by the file and the LA.
std::string render_overrides(const data::LocalData& local, const std::string& la_name, const std::vector<Override>& overrides);

}  // namespace sendtwin::pipeline
