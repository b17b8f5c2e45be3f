// A witan.send project (github.com/MastodonC/witan.send, data/demo) as the model takes it in: the
// historic transitions, the population, the costs, the valid states and the scenario parameters of
// its configuration. src/data/witan_project.* reads them from the project's EDN configuration and
// four CSV files and checks them (what each file and key holds is described there); the model
// builds its parameters from them (witan_model.h).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sendtwin::model::witan {

// witan.send's academic (national curriculum) years: -5 .. 25 (witan.send schemas.clj).
constexpr int kMinYear = -5;
constexpr int kMaxYear = 25;
// The need and setting of a child outside the EHCP population.
inline constexpr std::string_view kNonSend = "NONSEND";

struct WitanTransition {
  int calendar_year = 0;
  std::string setting_1, need_1;
  int academic_year_1 = 0;
  std::string setting_2, need_2;
  int academic_year_2 = 0;
  int line = 0;  // in the file, for messages
  bool joiner() const { return need_1 == kNonSend; }
  bool leaver() const { return setting_2 == kNonSend; }
};

struct WitanPopulation {
  int calendar_year = 0;
  int academic_year = 0;
  double population = 0;
  int line = 0;
};

struct WitanCost {
  std::string need, setting;
  double cost = 0;
  int line = 0;
};

struct WitanValidState {
  std::string setting, setting_group;
  int min_academic_year = 0, max_academic_year = 0;
  std::vector<std::string> needs;
  std::vector<std::string> moves_to;  // setting->setting
  int line = 0;
};

// One entry of :transitions-to-change: every condition must hold (a field of WitanTransition by
// its CSV name, and the values it may take, as text), and then the transition counts `factor`.
struct WitanTransitionChange {
  std::vector<std::pair<std::string, std::vector<std::string>>> conditions;
  double factor = 1.0;
  int line = 0;  // in the configuration
  bool matches(const WitanTransition& t) const;
};

// One entry of :filter-transitions-from.
struct WitanTransitionFilter {
  enum class Op { Equal, Less, LessOrEqual, Greater, GreaterOrEqual };
  struct Comparison {
    Op op = Op::Equal;
    bool is_name = false;  // a need or setting (text), else a year (number)
    std::string name;
    std::int64_t number = 0;
    int line = 0;  // in the configuration
  };
  std::string kind;         // calendar-academic, calendar-setting, ...
  Comparison first, second;  // on the kind's first and second field
  bool removes(const WitanTransition& t) const;
};

// One row of :settings-to-change.
struct WitanSettingChange {
  std::string setting_1, setting_2;  // setting_2 empty: none
  int line = 0;
};

struct WitanScenario {
  std::vector<WitanTransitionFilter> filters;
  // witan.send's later form (all three given, or none).
  std::optional<double> modify_transition_by;
  std::vector<std::string> which_transitions;  // joiners, leavers, movers-to, movers-from
  std::string settings_to_change_path;
  std::vector<WitanSettingChange> settings_to_change;
  std::vector<WitanTransitionChange> transitions_to_change;
  std::optional<int> from_year, until_year;  // when the modified parameters apply
  std::string setting_made_invalid;          // empty: none
  int setting_made_invalid_line = 0;
  bool modifies_transitions() const { return !transitions_to_change.empty() || modify_transition_by.has_value(); }
};

struct WitanConfig {
  std::string path;  // the configuration file
  std::string transitions, population, costs, valid_states;  // resolved paths
  std::uint64_t random_seed = 0;
  int simulations = 0;
  std::string output_dir;  // resolved against the configuration's folder
  WitanScenario scenario;
};

struct WitanProject {
  WitanConfig config;
  std::vector<WitanTransition> transitions;
  std::vector<WitanPopulation> population;
  std::vector<WitanCost> costs;
  std::vector<WitanValidState> valid_states;
};

}  // namespace sendtwin::model::witan
