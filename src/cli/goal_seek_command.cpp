// `sendtwin goal-seek FILE --target MEASURE=VALUE@PERIOD --lever NAME`: the value of one lever
// that meets a target, by bisection over runs with common random numbers, per replicate.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <optional>

#include "cli/commands.h"
#include "cli/flags.h"
#include "core/error.h"
#include "measures/registry.h"
#include "data/local_data.h"
#include "pipeline/local.h"
#include "pipeline/scenarios.h"

namespace sendtwin::cli {

namespace {

struct GoalFlags {
  std::vector<std::string> files;
  std::string la;  // the target is this LA's figure (empty: England's)
  std::string local;  // --local FILE: an LA's own figures in place of the published ones (data/local_data.h)
  int replicates = 5;
  bool fixed_parameters = false;
  std::string target, lever;
  double lo = std::nan(""), hi = std::nan(""), tolerance = -1;
};

// goal-seek's --target MEASURE=VALUE@PERIOD, checked against what a run reporting from
// `first_year` has (the measure, its kind of period, the year) before any run starts.
struct GoalTarget {
  std::string measure, period;
  double value = 0;
  int year = 0;  // the year the period starts in
  int ends = 0;  // the calendar year it ends in
};

// A financial year as the outputs name it: 2028 -> "2028-29".
std::string fy_label(int fy) { return measures::period_label(measures::Period::FinancialYear, fy); }

GoalTarget parse_target(const std::string& text, int first_year) {
  auto bad = [](const std::string& why) { return InputError("--target", 0, "", why); };
  const auto eq = text.find('='), at = text.find('@');
  if (eq == std::string::npos || at == std::string::npos || at < eq)
    throw bad("must be MEASURE=VALUE@PERIOD, e.g. high_needs_in_year_balance=0@2028-29");
  GoalTarget t;
  t.measure = text.substr(0, eq);
  t.period = text.substr(at + 1);
  const std::string value = text.substr(eq + 1, at - eq - 1);
  char* end = nullptr;
  t.value = value.empty() ? std::nan("") : std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(t.value))
    throw bad("the value between = and @ must be a finite number, not \"" + value + "\"");
  // The measure, and so the kind of period it is reported by: any figure of a scenario run.
  const measures::Measure* m = measures::find(t.measure);
  if (!m || !m->shown.figure) {
    const auto names = measures::ids(&measures::Shown::figure);
    const std::string near = nearest(t.measure, names);
    throw bad("\"" + t.measure + "\" is not a measure" + (near.empty() ? "" : "; did you mean " + near + "?") +
              " (the measures: " + list_text(names) + ")");
  }
  const measures::Period kind = m->period;
  // The period, in the form its kind takes.
  auto digits = [&](std::size_t from, std::size_t n) {
    return t.period.size() >= from + n && std::all_of(t.period.begin() + from, t.period.begin() + from + n, [](char c) { return c >= '0' && c <= '9'; });
  };
  const int year = digits(0, 4) ? std::stoi(t.period.substr(0, 4)) : -1;
  const std::string y = year >= 0 ? std::to_string(year) : "2030";
  bool ok = false;
  std::string form;
  switch (kind) {
    case measures::Period::CensusJanuary:
      ok = t.period.size() == 7 && year >= 0 && t.period.substr(4) == "-01";
      form = "a count in January: give its period as " + y + "-01";
      break;
    case measures::Period::CalendarYear:
      ok = t.period.size() == 4 && year >= 0;
      form = "a calendar year's figure: give its period as " + y;
      break;
    case measures::Period::FinancialYear:
      ok = t.period.size() == 7 && year >= 0 && t.period[4] == '-' && digits(5, 2) && std::stoi(t.period.substr(5)) == (year + 1) % 100;
      form = "a financial year's figure: give its period as " + fy_label(year >= 0 ? year : 2030) + " (April " + y +
             " to March " + std::to_string((year >= 0 ? year : 2030) + 1) + ")";
      break;
  }
  if (!ok) throw bad(t.measure + " is " + form + ", not \"" + t.period + "\"");
  // The year: within the run, which goes a year beyond it (to the January after a financial year).
  if (year + 1 > kLastYear)
    throw bad(t.period + " is too late: the model runs to " + std::to_string(kLastYear) +
              " at most, and goal-seek runs a year beyond the target's period: give one in " + std::to_string(kLastYear - 1) + " or earlier");
  if (kind == measures::Period::FinancialYear) {
    int first_fy = kLastYear;
    for (const auto& row : funding_rows()) first_fy = std::min(first_fy, row.fy);
    if (year < first_fy)
      throw bad(t.measure + " starts in " + fy_label(first_fy) + ", the first year of the published DSG: give " +
                fy_label(first_fy) + " or later");
  } else if (year < first_year) {
    throw bad(t.period + " is before --from " + std::to_string(first_year) + ": the run reports from --from; give a later period or an earlier --from");
  }
  t.year = year;
  t.ends = kind == measures::Period::FinancialYear ? year + 1 : year;
  return t;
}

int goal_seek_command(RunFlags& f, const GoalFlags& sf) {
  if (sf.replicates < 1 || sf.replicates > 200) throw InputError("--replicates", 0, "", "must be 1..200");
  const GoalTarget goal = parse_target(sf.target, f.from);
  const std::string& measure = goal.measure;
  const std::string& period = goal.period;
  const double target = goal.value;
  const scenario::Lever* info = scenario::find_lever(sf.lever);
  if (!info) throw InputError("--lever", 0, "", "\"" + sf.lever + "\" is not a lever (see `sendtwin scenario --help` or the README)");
  const double lo = std::isnan(sf.lo) ? info->lo : sf.lo, hi = std::isnan(sf.hi) ? info->hi : sf.hi;
  if (!(lo >= info->lo && hi <= info->hi && lo < hi)) throw InputError("--lo/--hi", 0, "", "must lie within the lever's range, lo < hi");
  std::optional<data::LocalData> local;
  if (!sf.local.empty()) local = data::read_local_data(sf.local);
  // An LA's target: the LA and any LA whose DSG ledger it shares are run (fitted_plan), whose figures
  // are what the run of every LA gives them.
  const PublishedPlan published = published_plan(f);
  std::vector<std::string> only;
  if (!sf.la.empty()) only = {published.plan.areas[find_area(sf.la, published.plan.areas)].code};
  auto spec = as_scenario_plan(fitted_plan(published, f, only), f, sf.fixed_parameters);
  // The LA's own figures act in every run the search makes; listed before them (the money's
  // replaced figures are the ledger's, which `la --local` prints after its run).
  std::vector<pipeline::Override> overrides;
  if (local) {
    overrides = pipeline::apply_local(*local, spec);
    const auto money = pipeline::money_overrides(*local, pipeline::RunResult{});
    overrides.insert(overrides.end(), money.begin(), money.end());
  }
  const auto scenarios = load_scenarios(sf.files, published.plan.areas);
  if (scenarios.size() != 1) throw InputError("goal-seek", 0, "", "takes one scenario file");
  // A lever acts from its year on (the scenario's, else a lever's default): a period that ends
  // before then cannot move with it.
  const auto& levers = scenarios[0].levers;
  const auto set = std::find_if(levers.begin(), levers.end(), [&](const scenario::LeverSetting& l) { return l.name == sf.lever; });
  const int acts_from = set != levers.end() ? set->from : scenario::LeverSetting{}.from;
  if (goal.ends < acts_from)
    throw InputError("--target", 0, "", period + " ends before " + sf.lever + " acts (from " + std::to_string(acts_from) +
                                            (set != levers.end() ? ", as " + scenarios[0].file + " sets it" : ", as goal-seek sets a lever the scenario does not") +
                                            "): the lever cannot move it; give a later period");
  // The figure must exist in the run: the run goes at least a year beyond the period's.
  spec.last_year = std::max(spec.last_year, goal.year + 1);
  const double tolerance = sf.tolerance >= 0 ? sf.tolerance : std::max(1e-9, std::abs(target) * 0.001);
  const std::string local_name = local ? published.plan.areas[find_area(local->code, published.plan.areas)].name : "";
  // An LA's target: its own figure (a money measure: its own ledger's), a measure computed per LA.
  std::string code = finance::kEnglandCode, where = "England";
  if (!sf.la.empty()) {
    const auto& area = spec.areas[find_area(sf.la, spec.areas)];
    const measures::Measure* m = measures::find(measure);
    if (!m->shown.by_la) {
      std::string known;
      for (const auto& id : measures::ids(&measures::Shown::by_la)) known += (known.empty() ? "" : ", ") + id;
      throw InputError("--target", 0, "", measure + " is not computed for each LA; an LA's measures are " + known);
    }
    if (m->from_ledger) {  // money: the LA's own ledger, not one a reorganisation shares
      bool own = false;
      for (const auto& l : pipeline::funding_units(spec)) own = own || (l.model_codes.size() == 1 && l.model_codes[0] == area.code);
      if (!own) throw InputError("--la", 0, "", area.name + " shares its DSG ledger with other LAs: its money has no figure of its own");
    }
    code = area.code;
    where = area.name + " (" + area.code + ")";
  }
  if (local) std::cout << pipeline::render_overrides(*local, local_name, overrides);
  const auto g = pipeline::goal_seek(scenarios[0], sf.lever, lo, hi, measure, period, target, tolerance, sf.replicates, spec,
                                     runs_progress(f.quiet, "goal-seek"), code);
  std::printf("sendtwin goal-seek: %s such that %s of %s = %g in %s (%s), %d replicates at scale %g, seed %llu, %d runs\n",
              sf.lever.c_str(), measure.c_str(), where.c_str(), target, period.c_str(), scenarios[0].name.c_str(), sf.replicates,
              f.scale, static_cast<unsigned long long>(f.seed), g.runs);
  auto figure = [](double v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, std::abs(v) >= 1000 ? "%.0f" : "%.4g", v);
    return std::string(buf);
  };
  std::printf("  %s = %g gives %s %s; %s = %g gives %s (means over replicates)\n", sf.lever.c_str(), lo, measure.c_str(),
              figure(g.at_lo).c_str(), sf.lever.c_str(), hi, figure(g.at_hi).c_str());
  if (g.reached == 0) {
    std::printf("  not reached within [%g, %g]: the target lies outside what the lever can do\n", lo, hi);
    return 1;
  }
  std::printf("  %s = %.4g (%s), 90%% interval [%.4g, %.4g]; reached in %d of %d replicates\n", sf.lever.c_str(), g.median,
              info->unit, g.low, g.high, g.reached, sf.replicates);
  return 0;
}

}  // namespace

Command add_goal_seek(CLI::App& app) {
  auto f = std::make_shared<RunFlags>();
  auto gf = std::make_shared<GoalFlags>();
  f->scale = 0.1;
  auto* cmd = app.add_subcommand("goal-seek", "Find the value of one lever that meets a target (e.g. an in-year high needs balance of 0 in 2028-29), by bisection over runs with common random numbers, with its interval across replicates.");
  cmd->add_option("file", gf->files, "Scenario file whose other levers hold")->required()->expected(1);
  cmd->add_option("--target", gf->target, "MEASURE=VALUE@PERIOD, e.g. high_needs_in_year_balance=0@2028-29 or ehc_plans=700000@2030-01")->required();
  cmd->add_option("--lever", gf->lever, "The lever to move (e.g. high_needs_funding_growth)")->required();
  cmd->add_option("--lo", gf->lo, "Lowest value to try (default: the lever's range)")->check(finite_number());
  cmd->add_option("--hi", gf->hi, "Highest value to try (default: the lever's range)")->check(finite_number());
  cmd->add_option("--tolerance", gf->tolerance, "How near the target is near enough (default: 0.1% of it)")->check(number(0, std::numeric_limits<double>::max()));
  cmd->add_option("--replicates", gf->replicates, "Replicates, each solved on its own")->capture_default_str()->check(whole(1, 200));
  cmd->add_flag("--fixed-parameters", gf->fixed_parameters, "Monte Carlo noise only: no draw of the uncertain parameters per replicate");
  cmd->add_option("--local", gf->local, "The LA's own figures (TOML, README \"Local data\"), in place of the published ones in every run of the search");
  cmd->add_option("--la", gf->la, "The target is this LA's figure (code or name; a money measure: its own DSG ledger's), not England's; only the LA and any LA whose DSG ledger it shares are run, at full scale unless --scale is given");
  add_simulation_options(cmd, *f);
  return {cmd, [f, gf, cmd] {
            if (!gf->la.empty() && cmd->get_option("--scale")->count() == 0) f->scale = 1.0;  // an LA's run is small: full scale
            return goal_seek_command(*f, *gf);
          }};
}

}  // namespace sendtwin::cli
