#include "report/witan_report.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <functional>

#include <unistd.h>

#include "core/error.h"
#include "data/csv.h"
#include "io/atomic_file.h"

namespace sendtwin::report {

namespace {

using model::witan::kMinYear;
using model::witan::kYears;
using model::witan::WitanInputs;
using model::witan::WitanRun;

// witan.send utils.clj confidence-intervals: a 95% interval assuming normality.
constexpr double kZ95 = 1.96;

// The value of rank max(1, ceil(n * permille / 1000)) in ascending order.
double at_rank(const std::vector<double>& sorted, long permille) {
  const long n = static_cast<long>(sorted.size());
  const long rank = std::max(1L, (n * permille + 999) / 1000);
  return sorted[static_cast<std::size_t>(std::min(rank, n) - 1)];
}

std::vector<std::string> summary_cells(const WitanSummary& s) {
  return {witan_number(s.mean), witan_number(s.std_dev), witan_number(s.iqr), witan_number(s.min),
          witan_number(s.low_95), witan_number(s.q1), witan_number(s.median), witan_number(s.q3),
          witan_number(s.high_95), witan_number(s.max), witan_number(s.low_ci), witan_number(s.high_ci)};
}

// One file: for every output year, one row per key (`keys` gives the leading cells after the
// year), the statistics of `value(sim, year, key)`.
std::string table(const WitanRun& run, const std::vector<std::string>& key_columns,
                  const std::vector<std::vector<std::string>>& keys,
                  const std::function<double(int, std::size_t, std::size_t)>& value) {
  data::CsvWriter out;
  std::vector<std::string> header{"calendar-year"};
  header.insert(header.end(), key_columns.begin(), key_columns.end());
  header.insert(header.end(), witan_statistic_columns().begin(), witan_statistic_columns().end());
  out.row(header);
  std::vector<double> values(static_cast<std::size_t>(run.simulations));
  for (std::size_t y = 0; y < run.years.size(); ++y) {
    for (std::size_t k = 0; k < keys.size(); ++k) {
      for (int s = 0; s < run.simulations; ++s) values[static_cast<std::size_t>(s)] = value(s, y, k);
      std::vector<std::string> row{std::to_string(run.years[y])};
      row.insert(row.end(), keys[k].begin(), keys[k].end());
      const auto cells = summary_cells(summarise_witan(values));
      row.insert(row.end(), cells.begin(), cells.end());
      out.row(row);
    }
  }
  return out.text();
}

}  // namespace

const std::vector<std::string>& witan_statistic_columns() {
  static const std::vector<std::string> columns = {"mean",   "std-dev", "iqr", "min", "low-95pc-bound", "q1",
                                                   "median", "q3",      "high-95pc-bound", "max", "low-ci", "high-ci"};
  return columns;
}

WitanSummary summarise_witan(std::vector<double>& values) {
  WitanSummary s;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  double sum = 0.0;
  for (const double v : values) sum += v;
  s.mean = sum / n;
  double squares = 0.0;
  for (const double v : values) squares += (v - s.mean) * (v - s.mean);
  s.std_dev = std::sqrt(squares / n);
  s.min = values.front();
  s.max = values.back();
  s.low_95 = at_rank(values, 25);
  s.q1 = at_rank(values, 250);
  s.median = at_rank(values, 500);
  s.q3 = at_rank(values, 750);
  s.high_95 = at_rank(values, 975);
  s.iqr = s.q3 - s.q1;
  const double margin = kZ95 * s.std_dev / std::sqrt(n);
  s.low_ci = s.mean - margin;
  s.high_ci = s.mean + margin;
  return s;
}

std::string witan_number(double x) {
  double r = std::round(x * 100.0) / 100.0;
  if (r == 0.0) r = 0.0;  // no "-0.0"
  char buf[64];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed);
  std::string s(buf, ec == std::errc{} ? ptr : buf);
  if (s.find('.') == std::string::npos) s += ".0";
  return s;
}

std::vector<std::pair<std::string, std::string>> witan_output_files(const WitanRun& run, const WitanInputs& in) {
  const auto& layout = run.layout;
  const auto& space = in.space;
  std::vector<std::pair<std::string, std::string>> files;
  auto counts = [&](std::size_t first) {
    return [&run, first](int s, std::size_t y, std::size_t k) { return static_cast<double>(run.count(s, y, first + k)); };
  };
  files.emplace_back("Output_Count.csv", table(run, {}, {{}}, counts(layout.total)));
  files.emplace_back("Output_Cost.csv", table(run, {}, {{}}, [&run](int s, std::size_t y, std::size_t) { return run.cost(s, y); }));
  std::vector<std::vector<std::string>> years;
  for (int y = 0; y < kYears; ++y) years.push_back({std::to_string(kMinYear + y)});
  files.emplace_back("Output_AY.csv", table(run, {"academic-year"}, years, counts(layout.by_year)));
  std::vector<std::vector<std::string>> needs;
  for (const auto& n : space.needs) needs.push_back({n});
  files.emplace_back("Output_Need.csv", table(run, {"need"}, needs, counts(layout.by_need)));
  std::vector<std::vector<std::string>> settings;
  for (const auto& s : space.settings) settings.push_back({s});
  files.emplace_back("Output_Setting.csv", table(run, {"setting"}, settings, counts(layout.by_setting)));
  std::vector<std::vector<std::string>> states;
  const int nss = space.need_settings();
  for (const std::size_t c : layout.states)
    states.push_back({std::to_string(kMinYear + static_cast<int>(c / nss)), space.name(static_cast<int>(c % nss))});
  files.emplace_back("Output_State.csv", table(run, {"academic-year", "need-setting"}, states, counts(layout.by_state)));
  return files;
}

const std::vector<std::string>& witan_output_names() {
  static const std::vector<std::string> names = {"Output_Count.csv", "Output_Cost.csv",    "Output_AY.csv",
                                                 "Output_Need.csv",  "Output_Setting.csv", "Output_State.csv"};
  return names;
}

void write_witan_outputs(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  io::OutputSet outputs;
  outputs.directory(dir, "--out");
  for (const auto& [name, text] : files) outputs.file((std::filesystem::path(dir) / name).string(), "--out");
  for (const auto& [name, text] : files) outputs.stage((std::filesystem::path(dir) / name).string(), text);
  outputs.publish();
}

}  // namespace sendtwin::report
