#include "pipeline/goals.h"

#include <cmath>
#include <cstdio>
#include <tuple>
#include <utility>

#include "core/error.h"
#include "core/statistics.h"
#include "data/known_names.h"
#include "data/toml_input.h"
#include "measures/registry.h"

namespace sendtwin::pipeline {

namespace {

using measures::Period;

std::string number_text(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string list_of(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

// The measure of a goal: one each LA has (a money measure: the LA's own ledger's).
const measures::Measure& goal_measure(const toml::table& t, const std::string& file, int line, const GoalRun& run) {
  const toml::node* node = t.get("measure");
  if (!node) throw InputError(file, line, "goal.measure", "missing: a measure id, e.g. high_needs_in_year_balance");
  const auto id = node->value<std::string>();
  if (!id) throw InputError(file, data::line_of(*node), "goal.measure", "must be a measure id in quotes");
  const auto by_la = measures::ids(&measures::Shown::by_la);
  const measures::Measure* m = measures::find(*id);
  if (!m) {
    std::vector<std::string> every;
    for (const auto& each : measures::all()) every.emplace_back(each.id);
    const std::string near = data::nearest_name(*id, every);
    throw InputError(file, data::line_of(*node), "goal.measure",
                     "\"" + data::printable_key(*id) + "\" is not a measure" + (near.empty() ? "" : "; did you mean " + near + "?") +
                         " (an LA's measures: " + list_of(by_la) + ")");
  }
  if (!m->shown.by_la)
    throw InputError(file, data::line_of(*node), "goal.measure",
                     *id + " is not computed for each LA (England's only); an LA's measures are " + list_of(by_la));
  if (m->from_ledger && !run.own_ledger)
    throw InputError(file, data::line_of(*node), "goal.measure",
                     run.la + " shares its DSG ledger with other LAs: its money (" + *id + ") has no figure of its own");
  return *m;
}

// The period of a goal, in its measure's form, and the year it starts in; within the run: the run
// reports from `first_year`, and its last financial year is the one before `last_year` (a year's
// money needs the January after it starts: pipeline.cpp).
std::pair<std::string, int> goal_period(const toml::table& t, const measures::Measure& m, const std::string& file, int line,
                                        const GoalRun& run) {
  const toml::node* node = t.get("year");
  if (!node) throw InputError(file, line, "goal.year", "missing: the period of the goal, e.g. " + measures::period_label(m, 2028));
  const int at = data::line_of(*node);
  int year = -1;
  std::string text;
  if (const auto whole = node->value_exact<std::int64_t>()) {
    // A financial year needs its second year ("2028-29"): 2028 alone could be either.
    if (*whole >= 1000 && *whole <= 9999 && m.period != Period::FinancialYear) year = static_cast<int>(*whole);
    text = std::to_string(*whole);
  } else if (const auto s = node->value<std::string>()) {
    text = *s;
    const bool four = text.size() >= 4 && text.find_first_not_of("0123456789") >= 4;
    if (four) year = std::stoi(text.substr(0, 4));
    if (year >= 0 && text.size() > 4 && measures::period_label(m, year) != text) year = -1;  // "2028-29", "2030-01"
    if (year >= 0 && text.size() == 4 && m.period == Period::FinancialYear) year = -1;        // a financial year needs its "-29"
  }
  if (year < 0) {
    const int y = 2028;
    const std::string form = m.period == Period::FinancialYear ? "a financial year's figure: give year = \"" + measures::period_label(m, y) + "\" (April " + std::to_string(y) + " to March " + std::to_string(y + 1) + ")"
                             : m.period == Period::CalendarYear ? "a calendar year's figure: give year = " + std::to_string(y)
                                                                : "a January census figure: give year = " + std::to_string(y) + " (January " + std::to_string(y) + ")";
    throw InputError(file, at, "goal.year", std::string(m.id) + " is " + form + ", not " + data::printable_key(text));
  }
  const int last = m.period == Period::FinancialYear ? run.last_year - 1 : run.last_year;
  const std::string period = measures::period_label(m, year);
  if (year < run.first_year)
    throw InputError(file, at, "goal.year", period + " is before the run reports (from " + std::to_string(run.first_year) +
                                                "): a goal is for a year the run forecasts");
  if (year > last)
    throw InputError(file, at, "goal.year", period + " is after the run ends (--to " + std::to_string(run.last_year) + ", whose last " +
                                                (m.period == Period::FinancialYear ? "financial year is " + measures::period_label(m, last) : "year is " + std::to_string(last)) +
                                                "): give --to " + std::to_string(m.period == Period::FinancialYear ? year + 1 : year) + " or more");
  return {period, year};
}

// at_least or at_most, one of them: a finite number in the measure's unit.
void goal_target(const toml::table& t, const measures::Measure& m, const std::string& file, int line, Goal& g) {
  const toml::node* least = t.get("at_least");
  const toml::node* most = t.get("at_most");
  if (!least && !most) throw InputError(file, line, "goal", "give at_least = N or at_most = N (the target)");
  if (least && most) throw InputError(file, data::line_of(*most), "goal.at_most", "give at_least or at_most, not both");
  const toml::node& node = least ? *least : *most;
  const std::string field = least ? "goal.at_least" : "goal.at_most";
  const auto v = node.value<double>();
  if (!v || !std::isfinite(*v)) throw InputError(file, data::line_of(node), field, "must be a number");
  if (m.unit == measures::Unit::Percent) {
    // The registry's percentages run 0-100 (registry.cpp, percent()): 60 is 60%.
    if (*v < 0 || *v > 100)
      throw InputError(file, data::line_of(node), field, number_text(*v) + " is outside 0-100: " + std::string(m.id) + " is a percentage (60 for 60%)");
    if (*v > 0 && *v < 1)
      throw InputError(file, data::line_of(node), field,
                       number_text(*v) + " reads as a share: " + std::string(m.id) + " is a percentage from 0 to 100; give " +
                           number_text(*v * 100) + " for " + number_text(*v * 100) + "%");
  }
  if (m.unit == measures::Unit::Count && *v < 0)
    throw InputError(file, data::line_of(node), field, number_text(*v) + " is negative: " + std::string(m.id) + " is a count");
  g.at_least = least != nullptr;
  g.target = *v;
}

}  // namespace

GoalRun goal_run(const RunPlan& plan, const model::AreaStart& la, int first_year, int last_year) {
  GoalRun run;
  run.first_year = first_year;
  run.last_year = last_year;
  run.la = la.name;
  // A money goal is the LA's own ledger's: one a reorganisation shares has no figure of the LA's.
  run.own_ledger = false;
  for (const auto& l : funding_units(plan))
    run.own_ledger = run.own_ledger || (l.model_codes.size() == 1 && l.model_codes[0] == la.code);
  return run;
}

std::vector<Goal> parse_goals(std::string_view text, const std::string& file, const GoalRun& run) {
  const toml::table root = data::parse_toml(text, file);
  data::refuse_unknown_keys(root, "", {"goal"}, file);
  const toml::node* list = root.get("goal");
  const toml::array* goals = list ? list->as_array() : nullptr;
  if (!goals || goals->empty())
    throw InputError(file, list ? data::line_of(*list) : 1, "goal", "no goals: give one [[goal]] table a goal (README: `la --goals`)");
  std::vector<Goal> out;
  for (const auto& node : *goals) {
    const toml::table* t = node.as_table();
    if (!t) throw InputError(file, data::line_of(node), "goal", "must be a [[goal]] table");
    Goal g;
    g.line = data::line_of(node);
    data::refuse_unknown_keys(*t, "goal", {"measure", "year", "at_least", "at_most", "name"}, file);
    const measures::Measure& m = goal_measure(*t, file, g.line, run);
    g.measure = std::string(m.id);
    g.unit = std::string(measures::to_string(m.unit));
    std::tie(g.period, g.year) = goal_period(*t, m, file, g.line, run);
    goal_target(*t, m, file, g.line, g);
    if (const toml::node* name = t->get("name")) {
      const auto s = name->value<std::string>();
      if (!s || s->empty()) throw InputError(file, data::line_of(*name), "goal.name", "must be a label in quotes");
      g.name = *s;
    } else {
      char target[48];
      std::snprintf(target, sizeof target, "%.15g", g.target);
      g.name = g.measure + (g.at_least ? " at least " : " at most ") + target + " in " + g.period;
    }
    out.push_back(std::move(g));
  }
  return out;
}

Rag rag_of(double probability) {
  if (std::isnan(probability)) return Rag::None;
  return probability >= kGreenFrom ? Rag::Green : probability >= kAmberFrom ? Rag::Amber : Rag::Red;
}

std::string_view to_string(Rag rag) {
  switch (rag) {
    case Rag::Green: return "green";
    case Rag::Amber: return "amber";
    case Rag::Red: return "red";
    case Rag::None: break;
  }
  return "no figure";
}

std::vector<GoalForecast> forecast(const Goal& goal, const ScenarioResults& results, const std::string& code) {
  std::vector<GoalForecast> out;
  for (std::size_t s = 0; s < results.names.size(); ++s) {
    GoalForecast f;
    f.scenario = results.names[s];
    std::vector<double> values;
    for (const auto& run : results.figures[s])
      for (const auto& figure : run)
        if (figure.code == code && figure.measure == goal.measure && figure.period == goal.period) {
          values.push_back(figure.value);
          f.met += goal.met(figure.value) ? 1 : 0;
          break;
        }
    f.replicates = static_cast<int>(values.size());
    const double nan = std::nan("");
    f.mean = nan;
    if (!values.empty()) {
      f.mean = 0;
      for (const double v : values) f.mean += v / static_cast<double>(values.size());
    }
    f.low = quantile(values, 0.05);
    f.high = quantile(values, 0.95);
    f.probability = values.empty() ? nan : static_cast<double>(f.met) / static_cast<double>(values.size());
    f.rag = rag_of(f.probability);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace sendtwin::pipeline
