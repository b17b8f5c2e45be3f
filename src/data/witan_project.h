// A witan.send project as witan.send defines it (github.com/MastodonC/witan.send, data/demo): an
// EDN configuration and four CSV files, read and checked. Paths in the configuration are relative
// to the configuration file's folder; aero's `#ref [:a :b]` is resolved against the configuration.
//
//   transitions.csv   calendar-year, setting-1, need-1, academic-year-1, setting-2, need-2,
//                     academic-year-2: one child's move from one January to the next; NONSEND on
//                     side 1 is a joiner, on side 2 a leaver;
//   population.csv    calendar-year, academic-year, population: the whole child population;
//   costs.csv         need, setting, cost: the annual cost of one plan;
//   valid-states.csv  setting, setting-group, min-academic-year, max-academic-year, needs,
//                     setting->setting: the national curriculum years and needs each setting takes
//                     and where a child may move from it.
//
// Scenario parameters (witan.send docs/scenarios.md), read from `:transition-parameters` or
// `:scenario-parameters`:
//   :transitions-to-change [{:setting-2 :A :academic-year-2 [1 2] :modify-transition-by 40} ...]
//       historic transitions matching every key given (a value or a vector of values) count
//       `modify-transition-by` times in the leaver, mover and joiner-state parameters;
//   :modify-transitions-date-range {:from 2020} or {:until 2020} (or :modify-transitions-from
//       2020): the calendar years in which the modified parameters apply (default: all);
//   :make-setting-invalid :A — the setting is closed: its children leave, nobody enters it.
//   :filter-transitions-from [[:calendar-academic {:< 2015 :>= 12}] ...] (or a map of such pairs):
//       historic transitions to leave out of every parameter (prepare.clj remove-transitions-xf):
//       :calendar-academic, :calendar-setting, :calendar-need, :academic-setting, :academic-need or
//       :setting-need, each with two comparisons (= < <= > >=; names compare only with =) that
//       must both hold on side 1 of a transition (calendar year, year/need/setting 1) or both on
//       side 2 (calendar year + 1, year/need/setting 2).
//   :modify-transition-by 0.5 :which-transitions? ["joiners" "leavers" "movers-to" "movers-from"]
//   :settings-to-change "data/settings-to-change.csv" (columns setting-1 and, optionally, setting-2):
//       witan.send's later form (prepare.clj build-transitions-to-change, modify-transitions): the
//       historic transitions of the kinds named into (joiners, movers-to) or out of (leavers,
//       movers-from) each setting-1 count ⌈count × factor⌉, and what they lose (or gain) is moved
//       to the same transitions with setting-2 in its place, when a setting-2 is given. The path may
//       also be given under :file-inputs. (witan.send may apply one change twice, in an order set
//       by Clojure's hash sets; sendtwin applies each once.)
// :splice-ncy is refused with an error naming it when it is set (not nil), rather than silently
// ignored.
//
// Every key of the configuration is one witan.send defines (a misspelt key is refused with the
// nearest one); settings and needs a scenario names must be in valid-states.csv; every need and
// setting the transitions hold children in needs a row of costs.csv; populations and costs have
// plausible ranges (kWitanMaxPopulation, kWitanMaxCost).
//
// Every problem is an InputError `file:line: field: what is wrong`.
#pragma once
#include <string>
#include <vector>

#include "data/csv.h"
#include "data/edn.h"
#include "model/witan/project.h"

namespace sendtwin::data {

// The reader fills the model's types (model/witan/project.h).

// Plausible ranges: the children of one national curriculum year (England's are about 700,000), and
// the cost of one plan a year (the dearest placements cost about GBP 1 million).
constexpr double kWitanMaxPopulation = 5e6;
constexpr double kWitanMaxCost = 1e6;

model::witan::WitanConfig parse_witan_config(const EdnValue& root, const std::string& path);
model::witan::WitanConfig read_witan_config(const std::string& path);

// The CSV readers check columns, types and ranges; the cross-file checks (a setting or need
// every file uses is in valid-states.csv) are made by read_witan_project.
std::vector<model::witan::WitanTransition> parse_witan_transitions(const CsvTable& table);
std::vector<model::witan::WitanPopulation> parse_witan_population(const CsvTable& table);
std::vector<model::witan::WitanCost> parse_witan_costs(const CsvTable& table);
std::vector<model::witan::WitanValidState> parse_witan_valid_states(const CsvTable& table);
std::vector<model::witan::WitanSettingChange> parse_witan_settings_to_change(const CsvTable& table);

// Reads the configuration and its four files, and checks them against each other.
model::witan::WitanProject read_witan_project(const std::string& config_path);

}  // namespace sendtwin::data
