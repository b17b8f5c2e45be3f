#include "report/goals_report.h"

#include <cctype>
#include <cmath>
#include <cstdio>

#include <algorithm>
#include <optional>

#include "data/csv.h"
#include "data/embedded.h"
#include "measures/registry.h"

namespace sendtwin::report {

namespace {

// "1234567" -> "1,234,567".
std::string grouped(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.0f", std::abs(v));
  std::string digits = buf, out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return (v < 0 && out != "0" ? "-" : "") + out;
}

// A CSV number: a whole number as one, else the shortest that reads back the same; empty for NaN.
std::string csv_number(double v) {
  if (std::isnan(v)) return "";
  char buf[48];
  if (v == std::floor(v) && std::abs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.17g", v);
  double back = 0;
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    std::sscanf(buf, "%lf", &back);
    if (back == v) break;
  }
  return buf;
}

// Padded or cut to `width` characters (UTF-8: "£" is one).
std::string fit(const std::string& text, std::size_t width) {
  std::size_t chars = 0;
  for (const char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (chars <= width) return text + std::string(width - chars, ' ');
  std::string out;
  std::size_t kept = 0;
  for (const char c : text) {
    const bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts && ++kept > width - 3) break;
    out += c;
  }
  return out + "...";
}

std::string target_text(const pipeline::Goal& g) {
  return std::string(g.at_least ? ">= " : "<= ") + goal_value_text(g.target, g.unit) + " in " + g.period;
}

std::string latest_text(const GoalResult& r) {
  if (r.published.empty()) return "none published";
  return "latest published " + goal_value_text(r.published.back().value, r.goal.unit) + " in " + r.published.back().period;
}

namespace id = measures::id;

// The LA's Januaries in the LA table (before the start, and the start): SEN2's placements.
std::vector<Actual> placements(const pipeline::RunPlan& plan, const std::string& code, Setting setting) {
  std::vector<Actual> out;
  auto add = [&](const model::AreaStart& a) {
    if (a.code == code)
      out.push_back({measures::period_label(measures::Period::CensusJanuary, a.year), a.plans_by_setting[static_cast<int>(setting)]});
  };
  for (const auto& a : plan.history) add(a);
  for (const auto& a : plan.areas) add(a);
  std::sort(out.begin(), out.end(), [](const Actual& a, const Actual& b) { return a.period < b.period; });
  return out;
}

// The LA's published flows by calendar year (SEN2), those DfE published.
std::vector<Actual> flows(const std::string& measure, const std::string& code, const std::vector<data::LaFlow>& all) {
  std::vector<Actual> out;
  for (const auto& flow : all) {
    if (flow.code != code) continue;
    std::optional<double> v;
    if (measure == id::kRequests) v = flow.requests;
    else if (measure == id::kNewPlans) v = flow.new_plans;
    else if (flow.timely && flow.timely_of && *flow.timely_of > 0) v = 100.0 * *flow.timely / *flow.timely_of;  // registry.cpp's percent()
    if (v) out.push_back({std::to_string(flow.year), *v});
  }
  return out;
}

// What was published of `measure` for the LA, and where from; nothing for a measure no published
// table of the LA holds (the in-year balance, spend, ISPs: the model's alone).
GoalResult published(const pipeline::Goal& goal, const pipeline::RunPlan& plan, const model::AreaStart& la, const GoalSources& in,
                     const std::vector<finance::Ledger>& own) {
  GoalResult r;
  r.goal = goal;
  const std::string& m = goal.measure;
  if (m == id::kEhcPlans) {
    if (const auto it = in.plans.find(la.code); it != in.plans.end())
      for (const auto& [year, plans] : it->second) r.published.push_back({measures::period_label(measures::Period::CensusJanuary, year), plans});
    r.source = "DfE SEN2, January: " + in.plans_source;
  } else if (m == id::kPlansIndependentSpecial || m == id::kPlansStateSpecial) {
    r.published = placements(plan, la.code, m == id::kPlansStateSpecial ? Setting::StateSpecial : Setting::IndependentSpecial);
    r.source = "DfE SEN2 placements, January: the LA table " + in.table;
  } else if (m == id::kRequests || m == id::kNewPlans || m == id::kPctWithin20Weeks) {
    r.published = flows(m, la.code, in.flows);
    r.source = "DfE SEN2, calendar years: " + in.flows_source;
  } else if (m == id::kCumulativeDsgBalance) {
    for (const auto& l : own)
      for (const auto& y : l.years) {
        const auto v = y.published_closing ? y.published_closing : y.reported_closing;
        if (v) r.published.push_back({measures::period_label(measures::Period::FinancialYear, y.fy), *v});
      }
    r.source = "DfE's cumulative DSG balance at 31 March (% of DSG income times the DSG), else the balance the LA reported: " +
               std::string(data::kEmbeddedFundingName) + ", " + data::kEmbeddedBalancesName;
  }
  return r;
}

}  // namespace

std::vector<GoalResult> assess_goals(const std::vector<pipeline::Goal>& goals, const pipeline::ScenarioResults& results,
                                     const pipeline::RunPlan& plan, const model::AreaStart& la, const GoalSources& sources,
                                     const std::vector<finance::Ledger>& own) {
  std::vector<GoalResult> out;
  for (const auto& g : goals) {
    out.push_back(published(g, plan, la, sources, own));
    out.back().forecasts = pipeline::forecast(g, results, la.code);
  }
  return out;
}

std::string goal_value_text(double value, const std::string& unit) {
  if (std::isnan(value)) return "-";
  char buf[64];
  if (unit == "GBP") std::snprintf(buf, sizeof buf, "£%.1fm", value / 1e6);
  else if (unit == "percent") std::snprintf(buf, sizeof buf, "%.1f%%", value);
  else return grouped(value);
  return buf;
}

std::string render_goals(const std::vector<GoalResult>& goals, const std::string& geography, int replicates, bool parameter_draws) {
  char head[512];
  std::snprintf(head, sizeof head,
                "\nGoals for %s over %d replicate%s (%s). P(met) is the share of\n"
                "replicates meeting the goal; status green at P >= %.2f, amber at P >= %.2f, red below.\n",
                geography.c_str(), replicates, replicates == 1 ? "" : "s",
                parameter_draws ? "the uncertain parameters drawn in each" : "the parameters fixed: Monte Carlo noise only", pipeline::kGreenFrom, pipeline::kAmberFrom);
  std::string out = head;
  out += "  " + fit("Goal; scenario", 30) + "  " + fit("Forecast mean (90% interval)", 38) + " " + fit("P(met)", 13) + " Status\n";
  for (const auto& r : goals) {
    out += "  " + r.goal.name + ": " + r.goal.measure + " " + target_text(r.goal) + " (" + latest_text(r) + ")\n";
    for (const auto& f : r.forecasts) {
      const std::string interval = goal_value_text(f.mean, r.goal.unit) + " (" + goal_value_text(f.low, r.goal.unit) + " to " +
                                   goal_value_text(f.high, r.goal.unit) + ")";
      char p[64];
      if (f.replicates == 0) std::snprintf(p, sizeof p, "no figure");
      else std::snprintf(p, sizeof p, "%.2f (%d/%d)", f.probability, f.met, f.replicates);
      std::string status(to_string(f.rag));
      for (auto& c : status) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out += "    " + fit(f.scenario, 28) + "  " + fit(interval, 38) + " " + fit(p, 13) + " " + status + "\n";
    }
  }
  out += "Published so far:\n";
  for (const auto& r : goals) {
    out += "  " + r.goal.name + " (" + r.goal.measure + "): ";
    if (r.published.empty()) {
      out += "none published\n";
      continue;
    }
    for (std::size_t k = 0; k < r.published.size(); ++k)
      out += (k ? ", " : "") + r.published[k].period + " " + goal_value_text(r.published[k].value, r.goal.unit);
    out += " (" + r.source + ")\n";
  }
  return out;
}

std::string goals_csv(const std::vector<GoalResult>& goals, const std::string& geography, const std::string& code) {
  data::CsvWriter w;
  w.row({"goal", "measure", "geography", "code", "period", "condition", "target", "unit", "scenario", "published_period",
         "published_value", "mean", "p05", "p95", "replicates", "met", "probability", "status"});
  for (const auto& r : goals)
    for (const auto& f : r.forecasts)
      w.row({r.goal.name, r.goal.measure, geography, code, r.goal.period, r.goal.at_least ? "at_least" : "at_most",
             csv_number(r.goal.target), r.goal.unit, f.scenario, r.published.empty() ? "" : r.published.back().period,
             r.published.empty() ? "" : csv_number(r.published.back().value), csv_number(f.mean), csv_number(f.low),
             csv_number(f.high), std::to_string(f.replicates), std::to_string(f.met), csv_number(f.probability),
             std::string(to_string(f.rag))});
  return w.text();
}

std::string goals_published_csv(const std::vector<GoalResult>& goals, const std::string& geography, const std::string& code) {
  data::CsvWriter w;
  w.row({"goal", "measure", "geography", "code", "period", "value", "unit", "source"});
  for (const auto& r : goals)
    for (const auto& a : r.published)
      w.row({r.goal.name, r.goal.measure, geography, code, a.period, csv_number(a.value), r.goal.unit, r.source});
  return w.text();
}

}  // namespace sendtwin::report
