#include "report/la_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "core/statistics.h"
#include "data/csv.h"
#include "measures/registry.h"

namespace sendtwin::report {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double median(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string number(double v, bool percent, bool whole = false) {
  char buf[32];
  if (std::isnan(v)) return "";
  std::snprintf(buf, sizeof buf, percent ? "%.1f%%" : whole ? "%.0f" : "%.1f", v);
  return buf;
}

}  // namespace

std::vector<std::vector<double>> similarity_features(const std::vector<model::AreaStart>& areas) {
  std::vector<std::vector<double>> x;
  for (const auto& a : areas) {
    const double plans = std::max(1.0, a.plans());
    const auto& s = a.plans_by_setting;
    x.push_back({std::log(std::max(1.0, a.pupils)), 1000.0 * a.plans() / std::max(1.0, a.pupils),
                 (s[static_cast<int>(Setting::Mainstream)] + s[static_cast<int>(Setting::MainstreamUnit)]) / plans,
                 s[static_cast<int>(Setting::StateSpecial)] / plans, s[static_cast<int>(Setting::IndependentSpecial)] / plans,
                 (a.plans_by_age_band[3] + a.plans_by_age_band[4]) / plans, a.request_relative, a.refused_relative,
                 a.timely_relative, a.issued_relative});
  }
  if (x.empty()) return x;
  for (std::size_t f = 0; f < x.front().size(); ++f) {
    double mean = 0, var = 0;
    for (const auto& row : x) mean += row[f];
    mean /= static_cast<double>(x.size());
    for (const auto& row : x) var += (row[f] - mean) * (row[f] - mean);
    const double sd = std::sqrt(var / static_cast<double>(x.size()));
    for (auto& row : x) row[f] = sd > 0 ? (row[f] - mean) / sd : 0.0;
  }
  return x;
}

std::vector<std::size_t> most_similar(const std::vector<model::AreaStart>& areas, std::size_t target, std::size_t n) {
  const auto x = similarity_features(areas);
  std::vector<std::pair<double, std::size_t>> d;
  for (std::size_t k = 0; k < areas.size(); ++k) {
    if (k == target) continue;
    double sum = 0;
    for (std::size_t f = 0; f < x[k].size(); ++f) sum += (x[k][f] - x[target][f]) * (x[k][f] - x[target][f]);
    d.emplace_back(std::sqrt(sum), k);
  }
  std::stable_sort(d.begin(), d.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : areas[a.second].code < areas[b.second].code;
  });
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < std::min(n, d.size()); ++k) out.push_back(d[k].second);
  return out;
}

double comparable_value(const ResultTable& table, std::size_t measure, int year) {
  const auto& m = measures::pupils()[measure];
  if (year < table.first_year || year > table.last_year) return kNaN;
  const double v = table.mean(measure, year);
  if (m.unit == measures::Unit::Percent || m.id == measures::id::kPupils) return v;
  static const std::size_t pupils_measure = measures::pupil_index(measures::id::kPupils);  // looked up once, not per cell
  const double pupils = table.mean(pupils_measure, year);
  return pupils > 0 ? 10000.0 * v / pupils : kNaN;
}

std::string render_la_comparison(const std::vector<ResultTable>& las, const ResultTable* england, std::size_t target,
                                 const std::vector<std::size_t>& similar, const std::vector<int>& years) {
  const auto measures = measures::pupils();
  std::string out;
  char buf[256];
  const std::string england_column = england ? "England" : "";
  for (const int year : years) {
    std::snprintf(buf, sizeof buf, "\n%s against %sits %zu most similar LAs, %d\n", las[target].geography.c_str(),
                  england ? "England and " : "", similar.size(), year);
    out += buf;
    out += "(counts per 10,000 pupils; rank among the " + std::to_string(las.size()) + " LAs run, 1 = highest)\n";
    std::snprintf(buf, sizeof buf, "%-26s %12s %12s %12s %10s\n", "measure", las[target].geography.substr(0, 12).c_str(),
                  england_column.c_str(), "similar LAs", "rank");
    out += buf;
    for (std::size_t k = 0; k < measures.size(); ++k) {
      if (measures[k].shown.scorecard == 0 || measures[k].id == measures::id::kStateSpecialPlaces) continue;
      const double mine = comparable_value(las[target], k, year);
      if (std::isnan(mine)) continue;
      std::vector<double> theirs;
      for (std::size_t s : similar) theirs.push_back(comparable_value(las[s], k, year));
      int rank = 1, ranked = 0;
      for (const auto& la : las) {
        const double v = comparable_value(la, k, year);
        if (std::isnan(v)) continue;
        ++ranked;
        if (v > mine) ++rank;
      }
      const bool percent = measures[k].unit == measures::Unit::Percent, whole = measures[k].id == measures::id::kPupils;
      std::snprintf(buf, sizeof buf, "%-26s %12s %12s %12s %6d/%-3d\n", std::string(measures[k].label).c_str(),
                    number(mine, percent, whole).c_str(), england ? number(comparable_value(*england, k, year), percent, whole).c_str() : "",
                    number(median(theirs), percent, whole).c_str(), rank, ranked);
      out += buf;
    }
  }
  return out;
}

namespace {

// "mean [low, high]" of a figure's replicates, in whole units.
std::string with_interval(const std::vector<double>& values) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f [%.0f, %.0f]", std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size()),
                quantile(values, 0.05), quantile(values, 0.95));
  return buf;
}

}  // namespace

std::string render_la_intervals(const ResultTable& la, const std::vector<const finance::Ledger*>& ledger, bool drawn) {
  if (la.replicates < 2) return {};
  const std::size_t columns[] = {measures::pupil_index(measures::id::kEhcPlans), measures::pupil_index(measures::id::kRequests),
                                 measures::pupil_index(measures::id::kNewPlans)};
  // The registry's labels, with the period each counts (January stocks, calendar-year flows).
  auto label = [&](std::size_t c) {
    const auto& m = measures::pupils()[columns[c]];
    return std::string(m.label) + (m.period == measures::Period::CensusJanuary ? " (January)" : " (year)");
  };
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf, "\n%s: mean and 90%% interval across the %d replicates%s\n%-5s %-24s %-24s %-24s %s\n",
                la.geography.c_str(), la.replicates, drawn ? ", each its own draw of the uncertain parameters" : "", "year",
                label(0).c_str(), label(1).c_str(), label(2).c_str(), ledger.empty() ? "" : "cumulative DSG balance at 31 March, GBP m");
  out += buf;
  for (int year = la.first_year; year <= la.last_year; ++year) {
    std::string cells[4];
    bool any = false;
    for (std::size_t c = 0; c < 3; ++c) {
      std::vector<double> v;
      for (int r = 0; r < la.replicates; ++r) v.push_back(la.value(columns[c], year, r));
      if (std::none_of(v.begin(), v.end(), [](double x) { return std::isnan(x); })) cells[c] = with_interval(v), any = true;
    }
    // The financial year that ends in March of `year`.
    std::vector<double> closing;
    for (const auto* l : ledger)
      for (const auto& y : l->years)
        if (y.fy == year - 1) closing.push_back(y.closing / 1e6);
    if (!closing.empty() && closing.size() == ledger.size()) cells[3] = with_interval(closing), any = true;
    if (!any) continue;
    std::snprintf(buf, sizeof buf, "%-5d %-24s %-24s %-24s %s\n", year, cells[0].c_str(), cells[1].c_str(), cells[2].c_str(), cells[3].c_str());
    out += buf;
  }
  return out;
}

namespace {

double variance(const std::vector<double>& v) {
  if (v.size() < 2) return kNaN;
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  double sum = 0;
  for (double x : v) sum += (x - mean) * (x - mean);
  return sum / static_cast<double>(v.size() - 1);
}

}  // namespace

std::string render_variation(const std::vector<ResultTable>& las, const std::vector<ResultTable>& same_practice,
                             const ResultTable& england, int year) {
  const auto measures = measures::pupils();
  const std::size_t pupils_k = measures::pupil_index(measures::id::kPupils), new_plans_k = measures::pupil_index(measures::id::kNewPlans);
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf, "\nVariation across %zu LAs, %d (counts per 10,000 pupils)\n", las.size(), year);
  out += buf;
  std::snprintf(buf, sizeof buf, "%-16s %9s %9s %9s %9s %9s %7s %9s %9s %9s\n", "measure", "min", "Q1", "median", "Q3",
                "max", "Q3/Q1", "England", "funnel+-", "inputs");
  out += buf;
  for (std::size_t k = 0; k < measures.size(); ++k) {
    if (measures[k].shown.scorecard == 0 || k == pupils_k || measures[k].id == measures::id::kStateSpecialPlaces) continue;
    std::vector<double> v, w;
    int above = 0, below = 0;
    const double p_england = comparable_value(england, k, year);
    const bool percent = measures[k].unit == measures::Unit::Percent;
    for (std::size_t a = 0; a < las.size(); ++a) {
      const double x = comparable_value(las[a], k, year);
      if (std::isnan(x)) continue;
      v.push_back(x);
      const double y = comparable_value(same_practice[a], k, year);
      if (!std::isnan(y)) w.push_back(y);
      // Funnel: the LA's rate against England's, binomial with the LA's denominator.
      const double n = measures[k].id == measures::id::kPctWithin20Weeks ? las[a].mean(new_plans_k, year) : las[a].mean(pupils_k, year);
      const double p = (percent ? p_england / 100.0 : p_england / 10000.0);
      if (!(n > 0) || !(p > 0 && p < 1)) continue;
      const double limit = 3.09 * std::sqrt(p * (1 - p) / n) * (percent ? 100.0 : 10000.0);
      if (x > p_england + limit) ++above;
      if (x < p_england - limit) ++below;
    }
    if (v.size() < 4) continue;
    const double q1 = quantile(v, 0.25), q3 = quantile(v, 0.75);
    const double explained = variance(w) / variance(v);
    char funnel[32], share[32], ratio[32];
    std::snprintf(funnel, sizeof funnel, "%d/%d", above, below);
    if (std::isnan(explained)) std::snprintf(share, sizeof share, "-");
    else std::snprintf(share, sizeof share, "%.0f%%", 100.0 * std::min(1.0, explained));
    if (q1 > 0) std::snprintf(ratio, sizeof ratio, "%.2f", q3 / q1);
    else std::snprintf(ratio, sizeof ratio, "-");
    std::snprintf(buf, sizeof buf, "%-16s %9.1f %9.1f %9.1f %9.1f %9.1f %7s %9.1f %9s %9s\n",
                  std::string(measures[k].label).substr(0, 16).c_str(), quantile(v, 0.0), q1, quantile(v, 0.5), q3,
                  quantile(v, 1.0), ratio, p_england, funnel, share);
    out += buf;
  }
  out += "funnel+-: LAs above/below the 99.8% funnel limits around England's rate. inputs: variance across LAs\n"
         "with every LA's practice set to England's, as a share of the variance in the full run (the rest is\n"
         "LA practice: requests per pupil, refusals, timeliness).\n";
  return out;
}

std::string render_la_validation(const ResultTable& la, const std::map<int, double>& published, int first, int last) {
  const std::size_t plans = measures::pupil_index(measures::id::kEhcPlans);
  std::string out = "\n" + la.geography + ": EHC plans 0-25 in January, model against DfE's published figures (SEN2)\n";
  char buf[128];
  std::snprintf(buf, sizeof buf, "%-6s %10s %10s %8s\n", "year", "model", "published", "diff");
  out += buf;
  for (int year = first; year <= last; ++year) {
    const auto it = published.find(year);
    if (it == published.end() || year < la.first_year || year > la.last_year) continue;
    const double model = la.mean(plans, year);
    if (std::isnan(model)) continue;
    std::snprintf(buf, sizeof buf, "%-6d %10.0f %10.0f %+7.1f%%\n", year, model, it->second,
                  it->second > 0 ? 100.0 * (model - it->second) / it->second : 0.0);
    out += buf;
  }
  return out;
}

std::string render_la_errors(const std::vector<ResultTable>& las,
                             const std::map<std::string, std::map<int, double>>& published, const std::vector<int>& years) {
  const std::size_t plans = measures::pupil_index(measures::id::kEhcPlans);
  std::string out = "\nEach LA's EHC plans against its own published figure (% difference, model - published)\n";
  char buf[160];
  std::snprintf(buf, sizeof buf, "%-6s %5s %9s %9s %9s %9s %9s %11s\n", "year", "LAs", "min", "Q1", "median", "Q3", "max",
                "within 10%");
  out += buf;
  for (const int year : years) {
    std::vector<double> errors;
    for (const auto& la : las) {
      const auto code = published.find(la.code);
      if (code == published.end() || year < la.first_year || year > la.last_year) continue;
      const auto figure = code->second.find(year);
      const double model = la.mean(plans, year);
      if (figure == code->second.end() || !(figure->second > 0) || std::isnan(model)) continue;
      errors.push_back(100.0 * (model - figure->second) / figure->second);
    }
    if (errors.size() < 4) continue;
    const auto within = std::count_if(errors.begin(), errors.end(), [](double e) { return std::abs(e) <= 10.0; });
    std::snprintf(buf, sizeof buf, "%-6d %5zu %+8.1f%% %+8.1f%% %+8.1f%% %+8.1f%% %+8.1f%% %10.0f%%\n", year, errors.size(),
                  quantile(errors, 0.0), quantile(errors, 0.25), quantile(errors, 0.5), quantile(errors, 0.75),
                  quantile(errors, 1.0), 100.0 * static_cast<double>(within) / static_cast<double>(errors.size()));
    out += buf;
  }
  return out;
}

std::string la_published_csv(const std::string& code, const std::string& name, const std::map<int, double>& plans,
                             const std::vector<data::LaFlow>& flows, const std::vector<const model::AreaStart*>& starts) {
  namespace id = measures::id;
  data::CsvWriter w;
  w.row({"measure", "geography", "period", "value", "unit", "source"});
  auto row = [&](std::string_view measure, int year, double value, const char* unit, const std::string& source) {
    char v[64];
    std::snprintf(v, sizeof v, "%.10g", value);
    w.row({std::string(measure), name, std::to_string(year), v, unit, source});
  };
  for (const auto& [year, value] : plans) row(id::kEhcPlans, year, value, "count", "DfE SEN2, EHC plans 0-25 in January (data/la/plans_published.csv)");
  const std::string flows_source = "DfE SEN2, calendar year (data/la/flows.csv)";
  for (const auto& f : flows) {
    if (f.code != code) continue;
    if (f.requests) row(id::kRequests, f.year, *f.requests, "count", flows_source);
    if (f.refused) row(id::kRefusalsToAssess, f.year, *f.refused, "count", flows_source);
    if (f.new_plans) row(id::kNewPlans, f.year, *f.new_plans, "count", flows_source);
    if (f.timely && f.timely_of && *f.timely_of > 0) row(id::kPctWithin20Weeks, f.year, 100.0 * *f.timely / *f.timely_of, "percent", flows_source);
    if (f.ceased) row(id::kPlansCeased, f.year, *f.ceased, "count", flows_source);
  }
  const std::string starts_source = "DfE SEN2, plans by establishment in January (data/la/starts.csv)";
  for (const auto* a : starts) {
    if (a->code != code) continue;
    row(id::kPlansStateSpecial, a->year, a->plans_by_setting[static_cast<int>(Setting::StateSpecial)], "count", starts_source);
    row(id::kPlansIndependentSpecial, a->year, a->plans_by_setting[static_cast<int>(Setting::IndependentSpecial)], "count", starts_source);
  }
  return w.text();
}

}  // namespace sendtwin::report
