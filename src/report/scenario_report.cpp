#include "report/scenario_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>
#include <utility>
#include <stdexcept>

#include "core/statistics.h"
#include "measures/registry.h"
#include "data/csv.h"
#include "report/finance_report.h"
#include "report/results.h"

namespace sendtwin::report {

namespace {

std::string number(double v, const std::string& unit) {
  char buf[64];
  std::snprintf(buf, sizeof buf, unit == "percent" ? "%.2f" : "%.0f", v);
  return buf;
}

}  // namespace

namespace {

using Key = std::tuple<std::string, std::string, std::string>;  // code, measure, period

// Each figure of a run by its key; a key twice in one run is a fault of the caller.
std::map<Key, const Figure*> by_key(const std::vector<Figure>& figures) {
  std::map<Key, const Figure*> out;
  for (const auto& f : figures)
    if (!out.emplace(Key{f.code, f.measure, f.period}, &f).second)
      throw std::invalid_argument("differences: " + f.measure + " of " + f.code + " in " + f.period + " twice in one run");
  return out;
}

}  // namespace

std::vector<Difference> differences(const ScenarioResults& results) {
  std::vector<Difference> out;
  if (results.figures.empty() || results.figures[0].empty()) return out;
  const auto& base = results.figures[0];
  const std::size_t replicates = base.size();
  for (std::size_t s = 1; s < results.figures.size(); ++s)
    if (results.figures[s].size() != replicates) throw std::invalid_argument("differences: every scenario needs the baseline's replicates");
  // A run leaves out the figures it does not define (a percentage of no plans, as a small LA's run
  // can have in one replicate and not another), so runs are matched figure by figure on (measure,
  // period), never by position. The order: the baseline's first replicate's, with a figure it lacks
  // after the figure it follows in the first run that has it.
  std::vector<std::vector<std::map<Key, const Figure*>>> keyed(results.figures.size());
  std::vector<const Figure*> order;
  std::map<Key, std::size_t> seen;
  for (std::size_t s = 0; s < results.figures.size(); ++s)
    for (const auto& run : results.figures[s]) {
      keyed[s].push_back(by_key(run));
      std::size_t at = 0;  // where the next new key goes: after the run's previous figure
      for (const auto& f : run) {
        const auto it = seen.find(Key{f.code, f.measure, f.period});
        if (it != seen.end()) {
          at = it->second + 1;
          continue;
        }
        order.insert(order.begin() + static_cast<std::ptrdiff_t>(at), &f);
        for (auto& [key, position] : seen)
          if (position >= at) ++position;
        seen.emplace(Key{f.code, f.measure, f.period}, at);
        ++at;
      }
    }
  for (std::size_t s = 1; s < results.figures.size(); ++s)
    for (const Figure* figure : order) {
      const Key key{figure->code, figure->measure, figure->period};
      // The replicates in which both runs have the figure: the pairs with common random numbers.
      std::vector<std::pair<const Figure*, const Figure*>> pairs;
      for (std::size_t r = 0; r < replicates; ++r) {
        const auto b = keyed[0][r].find(key), v = keyed[s][r].find(key);
        if (b == keyed[0][r].end() || v == keyed[s][r].end()) continue;
        if (b->second->unit != v->second->unit) throw std::invalid_argument("differences: " + figure->measure + " has two units");
        pairs.emplace_back(b->second, v->second);
      }
      if (pairs.empty()) continue;  // no replicate defines it in both runs
      Difference d;
      d.measure = figure->measure;
      d.period = figure->period;
      d.geography = figure->geography;
      d.code = figure->code;
      d.unit = pairs[0].first->unit;
      d.scenario = results.names[s];
      std::vector<double> diff;
      for (const auto& [b, v] : pairs) {
        d.baseline += b->value / static_cast<double>(pairs.size());
        d.value += v->value / static_cast<double>(pairs.size());
        diff.push_back(v->value - b->value);
      }
      d.mean = d.value - d.baseline;
      d.low = quantile(diff, 0.05);
      d.high = quantile(diff, 0.95);
      out.push_back(d);
    }
  return out;
}

std::string render_differences(const std::vector<Difference>& diffs, const std::vector<std::string>& measures,
                               const std::vector<std::string>& periods, int replicates) {
  std::string out;
  char buf[320];
  std::string current;
  for (const auto& d : diffs) {
    if (d.code != "E92000001") continue;  // England's table; the LAs' are in differences.csv
    if (std::find(measures.begin(), measures.end(), d.measure) == measures.end()) continue;
    if (std::find(periods.begin(), periods.end(), d.period) == periods.end()) continue;
    if (d.scenario != current) {
      current = d.scenario;
      std::snprintf(buf, sizeof buf,
                    "\nScenario %s against the baseline (mean of %d replicates; difference with its 90%% interval; GBP in "
                    "millions)\n%-28s %-8s %12s %12s %12s   %-27s\n",
                    d.scenario.c_str(), replicates, "measure", "period", "baseline", "scenario", "difference", "90% interval");
      out += buf;
    }
    const double unit = d.unit == "GBP" ? 1e6 : 1.0;
    const char* f = d.unit == "percent" ? "%12.2f" : "%12.0f";
    char base[32], value[32], diff[32], lo[32], hi[32];
    std::snprintf(base, sizeof base, f, d.baseline / unit);
    std::snprintf(value, sizeof value, f, d.value / unit);
    std::snprintf(diff, sizeof diff, d.unit == "percent" ? "%+12.2f" : "%+12.0f", d.mean / unit);
    std::snprintf(lo, sizeof lo, d.unit == "percent" ? "%+.2f" : "%+.0f", d.low / unit);
    std::snprintf(hi, sizeof hi, d.unit == "percent" ? "%+.2f" : "%+.0f", d.high / unit);
    std::snprintf(buf, sizeof buf, "%-28s %-8s %s %s %s   [%s, %s]\n", d.measure.c_str(), d.period.c_str(), base, value, diff, lo,
                  hi);
    out += buf;
  }
  return out;
}

std::string render_la_differences(const std::vector<Difference>& diffs, const std::string& january, const std::string& fy,
                                  int largest, int most) {
  namespace id = measures::id;
  // scenario -> code -> measure -> its difference in the periods shown.
  std::map<std::string, std::map<std::string, std::map<std::string, const Difference*>>> by;
  std::vector<std::string> scenarios;
  for (const auto& d : diffs) {
    if (d.period != january && d.period != fy) continue;
    if (std::find(scenarios.begin(), scenarios.end(), d.scenario) == scenarios.end()) scenarios.push_back(d.scenario);
    by[d.scenario][d.code][d.measure] = &d;
  }
  auto cell = [](const Difference* d, double unit, const char* f) {
    if (!d) return std::string();
    char buf[96];
    std::snprintf(buf, sizeof buf, f, d->value / unit, d->mean / unit, d->low / unit, d->high / unit);
    return std::string(buf);
  };
  std::string out;
  char line[512];
  for (const auto& s : scenarios) {
    auto& codes = by[s];
    std::vector<std::string> las;
    for (const auto& [code, m] : codes)
      if (code != "E92000001" && code.find('+') == std::string::npos && m.count(std::string(id::kEhcPlans))) las.push_back(code);
    auto plans = [&](const std::string& c) { return codes[c][std::string(id::kEhcPlans)]; };
    auto change = [&](const std::string& c) { const auto* d = plans(c); return d->baseline > 0 ? d->mean / d->baseline : 0.0; };
    std::vector<std::string> big = las, moved = las;
    std::stable_sort(big.begin(), big.end(), [&](const auto& a, const auto& b) { return plans(a)->baseline > plans(b)->baseline; });
    std::stable_sort(moved.begin(), moved.end(), [&](const auto& a, const auto& b) { return std::abs(change(a)) > std::abs(change(b)); });
    big.resize(std::min<std::size_t>(big.size(), static_cast<std::size_t>(largest)));
    moved.resize(std::min<std::size_t>(moved.size(), static_cast<std::size_t>(most)));
    std::snprintf(line, sizeof line,
                  "\nScenario %s by LA: the scenario's value, its difference from the baseline and the 90%% interval "
                  "(EHC plans, ISPs in January %s; money in %s, GBP million)\n%-24s %-30s %-34s %-16s %-30s %-30s\n",
                  s.c_str(), january.substr(0, 4).c_str(), fy.c_str(), "", "pupils with a plan, %", "EHC plans 0-25", "ISPs",
                  "high needs spend", "cumulative DSG balance");
    out += line;
    auto row = [&](const std::string& code) {
      auto& m = codes[code];
      auto get = [&](std::string_view measure) {
        const auto it = m.find(std::string(measure));
        return it == m.end() ? nullptr : it->second;
      };
      // The LA's money is its ledger's, under its own code when it has one of its own.
      const auto* any = get(id::kEhcPlans);
      std::snprintf(line, sizeof line, "%-24.24s %-30s %-34s %-16s %-30s %-30s\n", any ? any->geography.c_str() : code.c_str(),
                    cell(get(id::kPupilsWithPlanPct), 1, "%.2f %+.2f [%+.2f, %+.2f]").c_str(),
                    cell(get(id::kEhcPlans), 1, "%.0f %+.0f [%+.0f, %+.0f]").c_str(),
                    cell(get(id::kIsps), 1, "%.0f").c_str(),
                    cell(get(id::kHighNeedsSpend), 1e6, "%.0f %+.0f [%+.0f, %+.0f]").c_str(),
                    cell(get(id::kCumulativeDsgBalance), 1e6, "%.0f %+.0f [%+.0f, %+.0f]").c_str());
      out += line;
    };
    if (codes.count("E92000001")) row("E92000001");
    out += "the " + std::to_string(big.size()) + " largest LAs (by the baseline's EHC plans):\n";
    for (const auto& c : big) row(c);
    out += "the " + std::to_string(moved.size()) + " LAs whose EHC plans the scenario moves most (relative to the baseline's):\n";
    for (const auto& c : moved) row(c);
  }
  return out;
}

std::string render_area_differences(const std::vector<Difference>& diffs, const std::string& code) {
  std::string out, scenario, measure;
  char buf[320];
  for (const auto& d : diffs) {
    if (d.code != code) continue;
    if (d.scenario != scenario) {
      scenario = d.scenario;
      measure.clear();
      std::snprintf(buf, sizeof buf, "\nScenario %s against the baseline in %s (mean of the replicates; GBP in millions)\n", d.scenario.c_str(),
                    d.geography.c_str());
      out += buf;
    }
    if (d.measure != measure) {
      measure = d.measure;
      const auto* m = measures::find(d.measure);
      std::snprintf(buf, sizeof buf, "%s (%s)\n  %-8s %12s %12s %12s   %s\n", d.measure.c_str(), m ? std::string(m->description).c_str() : "",
                    "period", "baseline", "scenario", "difference", "90% interval");
      out += buf;
    }
    const double unit = d.unit == "GBP" ? 1e6 : 1.0;
    const bool pct = d.unit == "percent";
    std::snprintf(buf, sizeof buf, pct ? "  %-8s %12.2f %12.2f %+12.2f   [%+.2f, %+.2f]\n" : "  %-8s %12.0f %12.0f %+12.0f   [%+.0f, %+.0f]\n",
                  d.period.c_str(), d.baseline / unit, d.value / unit, d.mean / unit, d.low / unit, d.high / unit);
    out += buf;
  }
  return out;
}

std::string scenario_figures_csv(const ScenarioResults& results) {
  data::CsvWriter w;
  w.row({"measure", "geography", "code", "period", "value", "unit", "scenario", "replicate"});
  for (std::size_t s = 0; s < results.figures.size(); ++s)
    for (std::size_t r = 0; r < results.figures[s].size(); ++r)
      for (const auto& f : results.figures[s][r])
        w.row({f.measure, f.geography, f.code, f.period, number(f.value, f.unit), f.unit, results.names[s],
               std::to_string(r + 1)});
  return w.text();
}

std::string differences_csv(const std::vector<Difference>& diffs) {
  data::CsvWriter w;
  w.row({"measure", "geography", "code", "period", "unit", "scenario", "baseline", "value", "difference", "difference_p05",
         "difference_p95"});
  auto precise = [](double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return std::string(buf);
  };
  for (const auto& d : diffs)
    w.row({d.measure, d.geography, d.code, d.period, d.unit, d.scenario, precise(d.baseline), precise(d.value), precise(d.mean), precise(d.low),
           precise(d.high)});
  return w.text();
}

}  // namespace sendtwin::report
