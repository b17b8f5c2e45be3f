// Policy scenarios (DESIGN.md §1 "Capacity and incentives", issue 7): a TOML file of levers, each
// with its value, the year it starts and the years over which it is phased in, applied to the
// model's and the money's parameters as calendar-year effects (core/year_effects.h). A scenario
// and its baseline run with the same random numbers, so their difference is the lever's effect.
//
//   [scenario]
//   name = "inclusion"
//   description = "what it represents"
//   source = "where it comes from"
//
//   [levers]
//   inclusion_incentive = { value = 0.3, from = 2026, phase_years = 3 }
//
//   [special_places_by_la]          # optional: places a year in named LAs (DfE 3-digit code)
//   "886" = { value = 120, from = 2026 }
//
//   [la."886".levers]               # optional: levers that act on one LA only
//   inclusion_incentive = { value = 0.3, from = 2027 }
//
// Every lever is declared once in lever_table() (and documented in the README): meaning, unit,
// range and the rule that applies it. An unknown lever, a value out of its range or a malformed
// table is an InputError at its line.
#pragma once
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "data/la_register.h"
#include "finance/finance.h"
#include "model/send/params.h"

namespace sendtwin::scenario {

// The share of a lever's full value in `year`: 0 before `from`, then 1/phase_years a year up to 1.
double phase_in(int year, int from, int phase_years);

// One lever as a scenario file sets it.
struct LeverSetting {
  std::string name;
  double value = 0;
  int from = 2026;        // first calendar (or financial) year it acts in
  int phase_years = 1;    // reaches its full value over this many years, linearly
  int line = 0;           // where the file sets it
  // The share of the full value in `year`: 0 before `from`, then 1/phase_years a year up to 1.
  double ramp(int year) const;
};

struct LaPlaces {
  std::string code;  // DfE 3-digit LA code
  double per_year = 0;
  int from = 2026;
  int phase_years = 1;
  int line = 0;
};

// Levers that act on one LA only ([la."886".levers]): on its parameters, after England's levers.
struct LocalLevers {
  std::string code;  // DfE 3-digit LA code
  std::vector<LeverSetting> levers;
  int line = 0;
};

struct Scenario {
  std::string name, description, source, file;
  std::vector<LeverSetting> levers;
  std::vector<LaPlaces> places_by_la;
  std::vector<LocalLevers> local;
};

// A lever, declared once: what it is (the README's table of levers is this table) and what it does.
// `apply` sets, from the setting's year on and phased in as the setting says, the parameters the
// lever moves, in the lever's own unit where the parameter has one (pounds stay pounds, a share a
// share); a factor lever multiplies its parameter's calendar-year effects (core/year_effects.h).
// `label` and `help` are what the dashboard shows a person: a short name and a sentence in plain
// English, without the sources `meaning` cites (those stay here and in the README).
struct Lever {
  const char* name;
  const char* label;
  const char* unit;
  double lo, hi;
  double neutral;  // the value that changes nothing; NaN for a lever that has none (any value sets a goal or share)
  const char* meaning;
  const char* help;
  void (*apply)(const LeverSetting& setting, model::SendParams& send, finance::FinanceParams& money);
};
const std::vector<Lever>& lever_table();
const Lever* find_lever(std::string_view name);

// Reads a scenario file's text; `file` names it in errors. A key that is not a section, field or
// lever is refused with the nearest known name; every value is checked against its range.
Scenario parse_scenario(std::string_view text, const std::string& file);
// Every LA of [special_places_by_la] is one of the register's LAs of January `start_year`, where
// the run starts (an unknown LA, or one made later, would be silently left out of the run).
void check_las(const Scenario& scenario, const data::LaRegister& las, int start_year);
// Reads a scenario file (its own checks only), and reads and checks one: its LAs against the
// embedded register, for a run from `start_year`.
Scenario read_scenario(const std::string& path);
Scenario load_scenario(const std::string& path, int start_year);
// Whether a file is a sweep plan ([sweep], no [scenario]): scenarios/ holds one beside the
// scenarios, and `sendtwin scenario scenarios/*.toml` passes over it.
bool is_sweep_plan(std::string_view text);

// The parameters with the scenario's levers applied: each setting's lever applies it, in the order
// the file sets them.
void apply(const Scenario& scenario, model::SendParams& send, finance::FinanceParams& money);
// One LA's parameters (model::area_params of England's with `apply`) with the levers the scenario
// sets for that LA alone ([la."CODE".levers]); nothing for another LA.
void apply_local(const Scenario& scenario, const std::string& code, model::SendParams& area);
// Whether a lever can act on one LA alone: it moves the model's parameters only (the money is
// England's ledgers' and special_places_per_year is England's; [special_places_by_la] names an LA's).
bool acts_on_one_la(const Lever& lever);
// Why a lever that does not act on one LA is refused there (a scenario file's [la."CODE".levers],
// the dashboard's "local").
inline constexpr const char* kNotOneLa = "acts on England's money or places, not one LA's";

// Parameter uncertainty: a replicate's draw of the parameters the calibration could not pin down
// beyond the published years. Each calendar-year effect the calibration fitted is multiplied, in
// the years after its last fitted year, by exp(sigma z): sigma is the standard deviation of the
// logarithms of its fitted factors (the year-to-year shocks the past has shown), z a standard
// normal drawn from (seed, replicate) alone, so a scenario and its baseline draw the same.
void draw_parameters(model::SendParams& send, std::uint64_t seed, int replicate);

}  // namespace sendtwin::scenario
