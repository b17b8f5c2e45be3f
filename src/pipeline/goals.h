// An LA's goals (issue 20, `la --goals FILE`): targets by year on a measure the LA has (the
// registry's Shown::by_la), e.g. an in-year high needs balance of at least 0 in 2028-29, and how
// likely a run's replicates say each is to be met. The NAO asked for quantified goals whose
// progress is tracked, for each LA (issue 20).
//
// The file, TOML, one [[goal]] table a goal:
//   [[goal]]
//   measure = "..."                          # a measure id each LA has (README: `la --goals`;
//                                            # goals/kent.toml has examples)
//   year = "2028-29"                         # its period: "2028-29" a financial year, 2027 a calendar
//                                            # year, 2030 (or "2030-01") a January census
//   at_least = 0                             # or at_most = N; a percentage from 0 to 100 (60 for 60%)
//   name = "Balance the block in-year"       # optional
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/figures.h"

namespace sendtwin::pipeline {

struct Goal {
  std::string name;     // the file's, else "plans_independent_special at most 2500 in 2030-01"
  std::string measure;  // a measure id shown by_la
  std::string period;   // as the outputs label it: "2028-29", "2027", "2030-01"
  std::string unit;     // the measure's: "count", "percent", "GBP"
  int year = 0;         // the year the period starts in
  bool at_least = true;  // at_least = target; else at_most = target
  double target = 0;
  int line = 0;  // of its [[goal]] in the file
  bool met(double value) const { return at_least ? value >= target : value <= target; }
};

// What a goals file is checked against before the run: the years the run reports (--from, --to)
// and the LA (its name, for messages; whether its DSG ledger is its own, for money measures).
struct GoalRun {
  int first_year = 0, last_year = 0;
  std::string la;
  bool own_ledger = true;
};

// The GoalRun of LA `la` in a run of `plan` reporting `first_year` to `last_year`: its ledger is its
// own unless a reorganisation joins it to others (pipeline::funding_units of the plan's LAs).
GoalRun goal_run(const RunPlan& plan, const model::AreaStart& la, int first_year, int last_year);

// The goals of a file, in its order, or an InputError `file:line: goal.field: what is wrong` for
// the first fault: an unknown key, an unknown measure (with the nearest id), a measure not computed
// for each LA, a money measure of a ledger the LA shares, a period not in its measure's form or
// outside the run, neither or both of at_least and at_most, a percentage given as a share (0.6).
std::vector<Goal> parse_goals(std::string_view text, const std::string& file, const GoalRun& run);

// The red/amber/green status of a probability of meeting a goal: green from kGreenFrom, amber from
// kAmberFrom, red below.
enum class Rag { Green, Amber, Red, None };  // None: no replicate has the figure
inline constexpr double kGreenFrom = 0.8, kAmberFrom = 0.5;
Rag rag_of(double probability);
std::string_view to_string(Rag rag);

// One goal under one scenario (or the baseline): its figure over the replicates.
struct GoalForecast {
  std::string scenario;
  int replicates = 0;  // replicates whose run has the figure (a percentage of no plans has none)
  int met = 0;         // of them, those meeting the goal
  double mean = 0, low = 0, high = 0;  // mean, 5th and 95th percentiles (NaN without replicates)
  double probability = 0;              // met / replicates (NaN without replicates)
  Rag rag = Rag::None;
};
// The goal's figure of the LA (or its own ledger) `code` in each replicate of each scenario of
// `results`, the baseline first. Replicate r of every scenario shares its random numbers and
// parameter draw (run_scenarios), so the share is over the same draws in each.
std::vector<GoalForecast> forecast(const Goal& goal, const ScenarioResults& results, const std::string& code);

}  // namespace sendtwin::pipeline
