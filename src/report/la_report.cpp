#include "report/la_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "model/send/measures.h"

namespace sendtwin::report {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t measure_index(std::string_view id) {
  const auto& measures = model::send_measures();
  for (std::size_t k = 0; k < measures.size(); ++k)
    if (measures[k].id == id) return k;
  return measures.size();
}

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
                 a.timely_relative});
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
  const auto& m = model::send_measures()[measure];
  if (year < table.first_year || year > table.last_year) return kNaN;
  const double v = table.mean(measure, year);
  if (m.unit == model::MeasureUnit::Percent || m.id == "pupils") return v;
  const double pupils = table.mean(measure_index("pupils"), year);
  return pupils > 0 ? 10000.0 * v / pupils : kNaN;
}

std::string render_la_comparison(const std::vector<ResultTable>& las, const ResultTable& england, std::size_t target,
                                 const std::vector<std::size_t>& similar, const std::vector<int>& years) {
  const auto& measures = model::send_measures();
  std::string out;
  char buf[256];
  for (const int year : years) {
    std::snprintf(buf, sizeof buf, "\n%s against England and its %zu most similar LAs, %d\n", las[target].geography.c_str(),
                  similar.size(), year);
    out += buf;
    out += "(counts per 10,000 pupils; rank among all " + std::to_string(las.size()) + " LAs, 1 = highest)\n";
    std::snprintf(buf, sizeof buf, "%-26s %12s %12s %12s %10s\n", "measure", las[target].geography.substr(0, 12).c_str(),
                  "England", "similar LAs", "rank");
    out += buf;
    for (std::size_t k = 0; k < measures.size(); ++k) {
      if (measures[k].scorecard_table == 0 || measures[k].id == "state_special_places") continue;
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
      const bool percent = measures[k].unit == model::MeasureUnit::Percent, whole = measures[k].id == "pupils";
      std::snprintf(buf, sizeof buf, "%-26s %12s %12s %12s %6d/%-3d\n", std::string(measures[k].label).c_str(),
                    number(mine, percent, whole).c_str(), number(comparable_value(england, k, year), percent, whole).c_str(),
                    number(median(theirs), percent, whole).c_str(), rank, ranked);
      out += buf;
    }
  }
  return out;
}

}  // namespace sendtwin::report
