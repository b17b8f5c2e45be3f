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
        // Appended (as every figure of the first run is), no position moves; only a figure a
        // later run adds in the middle shifts the ones after it (a pass over all of them, which
        // for each of an all-LA run's quarter of a million figures took minutes).
        if (at < order.size())
          for (auto& [key, position] : seen)
            if (position >= at) ++position;
        order.insert(order.begin() + static_cast<std::ptrdiff_t>(at), &f);
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
    if (d.code != finance::kEnglandCode) continue;  // England's table; the LAs' are in differences.csv
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
      if (code != finance::kEnglandCode && code.find('+') == std::string::npos && m.count(std::string(id::kEhcPlans))) las.push_back(code);
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
    if (codes.count(finance::kEnglandCode)) row(finance::kEnglandCode);
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
    const auto* shown = measures::find(d.measure);
    if (shown && shown->shown.breakdown) continue;  // in the workbook's "Mitigation effects"
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

namespace {

// Least squares of y on the columns of x (each standardised) with an intercept: the coefficients
// (per standard deviation of each column) and R squared. Columns with no spread get 0.
struct Fit {
  std::vector<double> beta;
  double r2 = 0;
};
Fit least_squares(const std::vector<std::vector<double>>& x, const std::vector<double>& y) {
  const std::size_t n = y.size(), k = x.size();
  Fit fit;
  fit.beta.assign(k, 0.0);
  if (n <= k + 1) return fit;
  std::vector<std::vector<double>> z(k, std::vector<double>(n));
  for (std::size_t j = 0; j < k; ++j) {
    double mean = 0, var = 0;
    for (double v : x[j]) mean += v / static_cast<double>(n);
    for (double v : x[j]) var += (v - mean) * (v - mean) / static_cast<double>(n);
    const double sd = std::sqrt(var);
    for (std::size_t i = 0; i < n; ++i) z[j][i] = sd > 0 ? (x[j][i] - mean) / sd : 0.0;
  }
  double ybar = 0;
  for (double v : y) ybar += v / static_cast<double>(n);
  // Normal equations (standardised columns have mean 0: the intercept is ybar), by Gaussian
  // elimination with partial pivoting.
  std::vector<std::vector<double>> a(k, std::vector<double>(k + 1, 0.0));
  for (std::size_t p = 0; p < k; ++p) {
    for (std::size_t q = 0; q < k; ++q)
      for (std::size_t i = 0; i < n; ++i) a[p][q] += z[p][i] * z[q][i];
    for (std::size_t i = 0; i < n; ++i) a[p][k] += z[p][i] * (y[i] - ybar);
    a[p][p] += 1e-9;  // a column with no spread stays solvable
  }
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < k; ++r)
      if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
    std::swap(a[c], a[pivot]);
    for (std::size_t r = 0; r < k; ++r) {
      if (r == c || a[c][c] == 0) continue;
      const double f = a[r][c] / a[c][c];
      for (std::size_t q = c; q <= k; ++q) a[r][q] -= f * a[c][q];
    }
  }
  for (std::size_t j = 0; j < k; ++j) fit.beta[j] = a[j][j] != 0 ? a[j][k] / a[j][j] : 0.0;
  double ss = 0, res = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double f = ybar;
    for (std::size_t j = 0; j < k; ++j) f += fit.beta[j] * z[j][i];
    ss += (y[i] - ybar) * (y[i] - ybar);
    res += (y[i] - f) * (y[i] - f);
  }
  fit.r2 = ss > 0 ? 1.0 - res / ss : 0.0;
  return fit;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

}  // namespace

std::string render_scenario_variation(const std::vector<Difference>& diffs, const std::vector<model::AreaStart>& areas,
                                      const std::string& january) {
  std::map<std::string, std::map<std::string, const Difference*>> plans;  // scenario -> code -> EHC plans
  std::vector<std::string> scenarios;
  for (const auto& d : diffs) {
    if (d.measure != measures::id::kEhcPlans || d.period != january || d.code == finance::kEnglandCode) continue;
    if (std::find(scenarios.begin(), scenarios.end(), d.scenario) == scenarios.end()) scenarios.push_back(d.scenario);
    plans[d.scenario][d.code] = &d;
  }
  static const char* kDrivers[] = {"share of plans in mainstream", "plans per 1,000 pupils", "share of needs no package names",
                                   "requests per pupil (England = 1)", "growth of plans in the baseline"};
  std::string out;
  char line[400];
  for (const auto& s : scenarios) {
    std::vector<const model::AreaStart*> las;
    std::vector<double> change;
    std::vector<std::vector<double>> x(std::size(kDrivers));
    for (const auto& a : areas) {
      const auto it = plans[s].find(a.code);
      const double start = a.plans();
      if (it == plans[s].end() || it->second->baseline <= 0 || start <= 0 || a.pupils <= 0) continue;
      las.push_back(&a);
      change.push_back(100.0 * it->second->mean / it->second->baseline);
      const auto& by = a.plans_by_setting;
      double mainstream = 0, plan_total = 0, other_needs = 0;
      for (int k = 0; k < kSettingCount; ++k) plan_total += by[k];
      for (const auto setting : {Setting::Mainstream, Setting::MainstreamUnit, Setting::IndependentMainstream})
        mainstream += by[static_cast<int>(setting)];
      for (int k = 0; k < static_cast<int>(a.need_shares.size()); ++k)
        if (!model::in_specialist_package(k)) other_needs += a.need_shares[k];
      x[0].push_back(plan_total > 0 ? mainstream / plan_total : 0.0);
      x[1].push_back(1000.0 * start / a.pupils);
      x[2].push_back(other_needs);
      x[3].push_back(a.request_relative);
      x[4].push_back(it->second->baseline / start);
    }
    if (change.size() < 10) continue;
    std::vector<std::size_t> order(change.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return change[a] < change[b]; });
    std::snprintf(line, sizeof line,
                  "\nScenario %s: each LA's EHC plans in January %s against its baseline's, %zu LAs\n"
                  "change     min       Q1   median       Q3      max\n         %+6.1f%%  %+6.1f%%  %+6.1f%%  %+6.1f%%  %+6.1f%%\n",
                  s.c_str(), january.substr(0, 4).c_str(), change.size(), quantile(change, 0.0), quantile(change, 0.25),
                  quantile(change, 0.5), quantile(change, 0.75), quantile(change, 1.0));
    out += line;
    const Fit fit = least_squares(x, change);
    std::snprintf(line, sizeof line, "why (least squares of the change on the LA's start; R squared %.2f):\n%-36s %12s %14s\n",
                  fit.r2, "driver", "correlation", "coefficient");
    out += line;
    for (std::size_t j = 0; j < std::size(kDrivers); ++j) {
      std::snprintf(line, sizeof line, "%-36s %+12.2f %+13.1f pt\n", kDrivers[j], correlation(x[j], change), fit.beta[j]);
      out += line;
    }
    out += "(coefficient: points of change per standard deviation of the driver across LAs, the others held)\n";
    auto row = [&](std::size_t i) {
      std::snprintf(line, sizeof line, "  %-26.26s %+6.1f%%   mainstream %3.0f%%, %5.1f plans per 1,000, other needs %3.0f%%, growth x%.2f\n",
                    las[i]->name.c_str(), change[i], 100 * x[0][i], x[1][i], 100 * x[2][i], x[4][i]);
      out += line;
    };
    const std::size_t shown = std::min<std::size_t>(5, order.size());
    out += "the largest falls:\n";
    for (std::size_t k = 0; k < shown; ++k) row(order[k]);
    out += "the smallest falls (or largest rises):\n";
    for (std::size_t k = 0; k < shown; ++k) row(order[order.size() - 1 - k]);
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
