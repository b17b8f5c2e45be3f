#include "report/goals_report.h"

#include <cctype>
#include <cmath>
#include <cstdio>

#include "data/csv.h"

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

}  // namespace

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
