#include "data/la_flows.h"

#include <cmath>
#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <tuple>
#include <utility>

#include "core/error.h"
#include "data/csv.h"
#include "data/ees.h"
#include "data/la_start.h"
#include "data/plausible.h"

namespace sendtwin::data {

namespace {

constexpr int kFirstFlowYear = 2014;  // the first (partial) calendar year of EHC plans
constexpr int kNewReleaseFrom = 2019;  // the SEN2 2025 release's first year
constexpr const char* kEnglandCode = "E92000001";

std::string format_number(double x) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

// The flows of one LA (or England) in one year, found or made.
using FlowKey = std::pair<std::string, int>;
LaFlow& flow_of(std::map<FlowKey, LaFlow>& flows, const EesFile& file, std::size_t row, int year, bool national) {
  const std::string code = national ? kEnglandCode : std::string(file.old_la_code(row));
  LaFlow& f = flows[{code, year}];
  if (f.code.empty()) {
    f.code = code;
    f.name = national ? "England" : std::string(file.la_name(row));
    f.year = year;
  }
  return f;
}

std::optional<double> cell(const EesFile& file, std::size_t row, const char* column, bool national) {
  return file.value(row, column, national ? plausible::kEnglandCount : plausible::kLaCount).value;
}

// One pass over the rows of `file` at LA and national level for the years in [from, to], with
// `filters`; `fill` reads a row into its year's flows. A second row for an LA in a year is an error.
// What does not fit together in one year's flows, as {field, message}; nullopt if nothing.
std::optional<std::pair<std::string, std::string>> flow_problem(const LaFlow& f);

// Where each LA's flows of a year were first read from, for messages about them.
using FlowLines = std::map<FlowKey, std::pair<std::string, int>>;

template <typename Fill>
void read_rows(const EesFile& file, int from, int to, const std::vector<EesFilter>& filters,
               std::map<FlowKey, LaFlow>& flows, FlowLines& lines, Fill fill) {
  for (const int year : file.periods()) {
    if (year < from || year > to) continue;
    std::map<std::string, int> seen;
    for (const GeographicLevel level : {GeographicLevel::National, GeographicLevel::LocalAuthority})
      for (const std::size_t row : file.rows_where(level, year, filters)) {
        const bool national = level == GeographicLevel::National;
        const std::string key = national ? kEnglandCode : std::string(file.old_la_code(row));
        if (const auto [it, added] = seen.emplace(key, file.line(row)); !added)
          throw InputError(file.source(), file.line(row), "old_la_code",
                           "a second row for LA " + key + " in " + std::to_string(year) + " (also on line " +
                               std::to_string(it->second) + ")");
        LaFlow& f = flow_of(flows, file, row, year, national);
        lines.emplace(FlowKey{key, year}, std::pair{file.source(), file.line(row)});
        fill(f, row, national);
        if (const auto problem = flow_problem(f)) throw InputError(file.source(), file.line(row), problem->first, problem->second);
      }
  }
}

// The sum of sen2_mi.csv's discontinued plans and statements; 'z' counts as none, and nothing
// published at all leaves it empty.
std::optional<double> ceased_in_mi(const EesFile& mi, std::size_t row, bool national) {
  static constexpr std::array<const char*, 8> kColumns = {"DisleaEHC", "DismetEHC", "DisothEHC", "DisleftEHC",
                                                         "Dislea",    "Dismet",    "Disoth",    "Disleft"};
  double sum = 0;
  bool any = false;
  for (const char* column : kColumns) {
    const EesCell c = mi.value(row, column, national ? plausible::kEnglandCount : plausible::kLaCount);
    if (c.value) {
      sum += *c.value;
      any = true;
    } else if (c.missing != 'z') {
      return std::nullopt;  // suppressed or not available: the sum is not known
    }
  }
  if (!any) return std::nullopt;
  return sum;
}

// An LA's new plans in newplans.csv. For 2022 DfE's file gives many LAs their region's total in
// new_ehc_plans (Barnsley, Doncaster and the rest of Yorkshire and The Humber: 6,078 each) beside
// their own placement counts and percentages. Such a figure (equal to the region's, or more than
// the row's mainstream count over its mainstream percentage implies) is not the LA's: the implied
// total stands where the row gives one, else the LA's new plans are taken as not published.
std::optional<double> new_plans_of(const EesFile& file, std::size_t row, bool national) {
  const auto total = cell(file, row, "new_ehc_plans", national);
  if (national || !total) return total;
  const EesCell mainstream = file.value(row, "mainstream_total", plausible::kLaCount);
  const EesCell pct = file.value(row, "mainstream_total_pc");  // a check only: outside (0, 100], no use
  const bool implied_known = mainstream.value && pct.value && *pct.value > 0 && *pct.value <= 100;
  const double implied = implied_known ? std::round(*mainstream.value * 100.0 / *pct.value) : 0.0;
  if (implied_known && *total > 1.01 * implied + 1.0) return implied;
  for (const std::size_t r : file.rows_where(GeographicLevel::Regional, file.period(row), {{"breakdown_topic", "New EHC plans"}}))
    if (file.region_code(r) == file.region_code(row) && cell(file, r, "new_ehc_plans", true) == total)
      return implied_known ? std::optional(implied) : std::nullopt;
  return total;
}

std::optional<std::pair<std::string, std::string>> flow_problem(const LaFlow& f) {
  if (f.timely && f.timely_of && *f.timely > *f.timely_of)
    return std::pair{"timely", "LA " + f.code + " issued more plans within 20 weeks than it issued in " + std::to_string(f.year)};
  if (f.assessed_issued && f.assessed && *f.assessed_issued > *f.assessed)
    return std::pair{"assessed_issued", "LA " + f.code + " has more assessments ending in a plan than assessments in " +
                                            std::to_string(f.year)};
  return std::nullopt;
}

// Throws at the first LA of a year that cannot be added up with the others of that year.
void check_register(const std::vector<std::tuple<std::string, int, int>>& rows, const LaRegister& la_register,
                    const std::string& source_name) {
  std::map<int, std::vector<std::pair<std::string, int>>> by_year;
  for (const auto& [code, line, year] : rows) by_year[year].emplace_back(code, line);
  for (const auto& [year, las] : by_year)
    if (const auto problem = la_register.problem_adding_up(las))
      throw InputError(source_name, las[problem->index].second, "old_la_code",
                       problem->message + " (in " + std::to_string(year) + ")");
}

const std::array<const char*, 8> kFlowColumns = {"requests", "refused", "assessed", "assessed_issued",
                                                 "new_plans", "timely_of", "timely", "ceased"};
std::array<std::optional<double>*, 8> fields_of(LaFlow& f) {
  return {&f.requests, &f.refused, &f.assessed, &f.assessed_issued, &f.new_plans, &f.timely_of, &f.timely, &f.ceased};
}

}  // namespace

std::vector<LaFlow> read_la_flows(const std::string& dir, const LaRegister& la_register, std::vector<LaFlow>* england) {
  const EesFile mi(find_data_file(dir, "sen2_mi.csv"));
  const EesFile requests(find_data_file(dir, "requests.csv"));
  const EesFile assessments(find_data_file(dir, "assessments.csv"));
  const EesFile newplans(find_data_file(dir, "newplans.csv"));
  const EesFile timeliness(find_data_file(dir, "timeliness_20_week.csv"));
  const EesFile ceased(find_data_file(dir, "ceased_plans.csv"));
  std::map<FlowKey, LaFlow> flows;
  FlowLines lines;
  read_rows(mi, kFirstFlowYear, 9999, {}, flows, lines, [&](LaFlow& f, std::size_t row, bool national) {
    f.ceased = ceased_in_mi(mi, row, national);
    if (f.year >= kNewReleaseFrom) return;  // the 2025 release's figures stand for these years
    f.requests = cell(mi, row, "InreqEHC", national);
    f.refused = cell(mi, row, "AssRefusedEHC", national);
    f.assessed = cell(mi, row, "NewallEHC_AssnoneEHC_sum", national);
    f.assessed_issued = f.new_plans = cell(mi, row, "NewallEHC", national);
    f.timely_of = cell(mi, row, "TotNoExcEHC", national);
    f.timely = cell(mi, row, "NoExc20weekEHC", national);
  });
  const int to = 9999;
  read_rows(requests, kNewReleaseFrom, to, {{"breakdown_topic", "All requests for EHC needs assessments"}}, flows, lines,
            [&](LaFlow& f, std::size_t row, bool national) {
              f.requests = cell(requests, row, "requests_received_in_year", national);
              f.refused = cell(requests, row, "requests_decided_not_to_assess", national);
            });
  read_rows(assessments, kNewReleaseFrom, to, {{"breakdown_topic", "All EHC needs assessments"}}, flows, lines,
            [&](LaFlow& f, std::size_t row, bool national) {
              f.assessed_issued = cell(assessments, row, "assess_issued", national);
              const auto not_issued = cell(assessments, row, "assess_not_issued", national);
              f.assessed = f.assessed_issued && not_issued ? std::optional(*f.assessed_issued + *not_issued) : std::nullopt;
            });
  read_rows(newplans, kNewReleaseFrom, to, {{"breakdown_topic", "New EHC plans"}}, flows, lines,
            [&](LaFlow& f, std::size_t row, bool national) { f.new_plans = new_plans_of(newplans, row, national); });
  read_rows(timeliness, kNewReleaseFrom, to, {{"breakdown_topic", "All EHC plans issued"}}, flows, lines,
            [&](LaFlow& f, std::size_t row, bool national) {
              f.timely_of = cell(timeliness, row, "plans_issued_den_ex", national);
              f.timely = cell(timeliness, row, "plans_issued_20_weeks_ex", national);
            });
  read_rows(ceased, kNewReleaseFrom, to, {{"breakdown_topic", "All ceased EHC plans"}}, flows, lines,
            [&](LaFlow& f, std::size_t row, bool national) { f.ceased = cell(ceased, row, "total_ceased", national); });

  std::vector<LaFlow> out;
  std::map<int, std::vector<std::pair<std::string, int>>> by_year;  // each year's LAs, with the index of their flows
  for (auto& [key, f] : flows) {
    if (f.code == kEnglandCode) {
      if (england) england->push_back(std::move(f));
      continue;
    }
    by_year[f.year].emplace_back(f.code, 0);
    out.push_back(std::move(f));
  }
  for (const auto& [year, las] : by_year)
    if (const auto problem = la_register.problem_adding_up(las)) {
      const auto& [source, line] = lines.at({las[problem->index].first, year});
      throw InputError(source, line, "old_la_code", problem->message + " (in " + std::to_string(year) + ")");
    }
  std::sort(out.begin(), out.end(), [](const LaFlow& a, const LaFlow& b) { return a.year != b.year ? a.year < b.year : a.code < b.code; });
  if (england)
    std::sort(england->begin(), england->end(), [](const LaFlow& a, const LaFlow& b) { return a.year < b.year; });
  return out;
}

std::string la_flows_csv(const std::vector<LaFlow>& flows) {
  CsvWriter w;
  std::vector<std::string> header = {"old_la_code", "la_name", "year"};
  header.insert(header.end(), kFlowColumns.begin(), kFlowColumns.end());
  header.push_back("source");
  w.row(header);
  for (LaFlow f : flows) {
    std::vector<std::string> row = {f.code, f.name, std::to_string(f.year)};
    for (const auto* field : fields_of(f)) row.push_back(*field ? format_number(**field) : "");
    row.push_back(f.year < kNewReleaseFrom
                      ? "DfE SEN2 2022 release, sen2_mi.csv (calendar year); see src/data/la_flows.h"
                      : "DfE SEN2 2025 release: requests.csv, assessments.csv, newplans.csv, timeliness_20_week.csv, "
                        "ceased_plans.csv (from 2022; before: SEN2 2022 release sen2_mi.csv); see src/data/la_flows.h");
    w.row(row);
  }
  return w.text();
}

std::vector<LaFlow> parse_la_flows(std::string_view csv_text, const std::string& source_name, const LaRegister& la_register) {
  const CsvTable t = CsvTable::parse(csv_text, source_name);
  const std::size_t code = t.require_column("old_la_code"), name = t.require_column("la_name"),
                    year = t.require_column("year");
  std::array<std::size_t, kFlowColumns.size()> columns{};
  for (std::size_t c = 0; c < kFlowColumns.size(); ++c) columns[c] = t.require_column(kFlowColumns[c]);
  std::vector<LaFlow> out;
  std::vector<std::tuple<std::string, int, int>> las;
  std::map<FlowKey, int> seen;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    LaFlow f;
    f.code = std::string(trim_blanks(t.cell(r, code)));
    f.name = std::string(t.cell(r, name));
    f.year = t.integer(r, year, plausible::kYear);
    if (f.code.empty()) t.fail_at(r, "old_la_code", "empty");
    if (const auto [it, added] = seen.emplace(FlowKey{f.code, f.year}, t.line(r)); !added)
      t.fail_at(r, "old_la_code", "a second row for LA " + f.code + " in " + std::to_string(f.year) + " (also on line " +
                                      std::to_string(it->second) + ")");
    const auto fields = fields_of(f);
    for (std::size_t c = 0; c < kFlowColumns.size(); ++c)
      if (!trim_blanks(t.cell(r, columns[c])).empty()) *fields[c] = t.number(r, columns[c], plausible::kLaCount);
    if (const auto problem = flow_problem(f)) t.fail_at(r, problem->first, problem->second);
    las.emplace_back(f.code, t.line(r), f.year);
    out.push_back(std::move(f));
  }
  if (out.empty()) throw InputError(source_name, 1, "", "no flows in the table");
  check_register(las, la_register, source_name);
  return out;
}

}  // namespace sendtwin::data
