#include "report/la_workbook.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "measures/registry.h"

namespace sendtwin::report {

namespace {

Cell formatted(const measures::Measure& m, double value) {
  switch (m.unit) {
    case measures::Unit::Count: return count_cell(std::isnan(value) ? value : std::round(value));
    case measures::Unit::Percent: return percent_cell(value);
    case measures::Unit::Pounds: return money_cell(value);
  }
  return text_cell("");
}

std::string row_label(const measures::Measure& m) {
  const std::string unit = m.unit == measures::Unit::Pounds ? ", GBP 000s" : m.unit == measures::Unit::Percent ? ", %" : "";
  // The chart title where the measure has one, else its description's first phrase.
  std::string_view name = m.shown.title;
  if (name.empty()) name = m.description.substr(0, std::min(m.description.find_first_of(".:"), m.description.find(" (")));
  return std::string(name) + " (" + std::string(measures::period_name(m.period)) + unit + ")";
}

Block similar_block(const LaWorkbookInput& in) {
  const auto& t = *in.la;
  const std::size_t plans = measures::pupil_index(measures::id::kEhcPlans),
                    pct = measures::pupil_index(measures::id::kPupilsWithPlanPct),
                    requests = measures::pupil_index(measures::id::kRequests);
  const int first = t.first_year, last = t.last_year;
  Block b{.header = {"LA (the LA first, then its most similar LAs)", "Code", "EHC plans, January " + std::to_string(first),
                     "EHC plans, January " + std::to_string(last), "Growth of plans", "Pupils with a plan, January " + std::to_string(last),
                     "Requests, " + std::to_string(last - 1)},
          .rows = {}};
  std::vector<const measures::ResultTable*> rows = {in.la};
  rows.insert(rows.end(), in.similar.begin(), in.similar.end());
  for (const auto* r : rows) {
    const double a = r->mean(plans, first), z = r->mean(plans, last);
    b.rows.push_back({text_cell(r->geography), text_cell(r->code), count_cell(std::round(a)), count_cell(std::round(z)),
                      percent_cell(a > 0 ? 100.0 * (z - a) / a : NAN), percent_cell(r->mean(pct, last)),
                      count_cell(std::round(r->mean(requests, last - 1)))});
  }
  return b;
}

}  // namespace

Block measure_block(const measures::ResultTable& table) {
  Block b{.header = {table.geography + " (" + table.code + "): measure"}, .rows = {}};
  for (int y = table.first_year; y <= table.last_year; ++y) b.header.push_back(std::to_string(y));
  const auto list = measures::pupils();
  for (std::size_t k = 0; k < list.size(); ++k) {
    std::vector<Cell> row = {text_cell(row_label(list[k]))};
    for (int y = table.first_year; y <= table.last_year; ++y) row.push_back(formatted(list[k], table.mean(k, y)));
    b.rows.push_back(std::move(row));
  }
  return b;
}

Block ledger_block(const std::vector<std::vector<finance::Ledger>>& ledgers) {
  Block b{.header = {"DSG ledger"}, .rows = {}};
  if (ledgers.empty() || ledgers.front().empty()) {
    b.rows.push_back({text_cell("The LA shares its ledger with others (a reorganisation): see the DSG ledger of `run`.")});
    return b;
  }
  const auto& first = ledgers.front().front();
  b.header.front() = "DSG ledger: " + first.name;
  for (const auto& y : first.years) b.header.push_back(measures::period_label(measures::Period::FinancialYear, y.fy));
  for (const auto* m : measures::ledger_rows()) {
    std::vector<Cell> row = {text_cell(row_label(*m))};
    for (std::size_t k = 0; k < first.years.size(); ++k) {
      double sum = 0;
      for (const auto& rep : ledgers) sum += m->from_ledger(rep.front().years[k]);
      row.push_back(formatted(*m, sum / static_cast<double>(ledgers.size())));
    }
    b.rows.push_back(std::move(row));
  }
  return b;
}

std::vector<Sheet> la_workbook(const LaWorkbookInput& in) {
  std::vector<Sheet> sheets = in.front;
  sheets.emplace_back(in.la->geography.substr(0, 31), std::vector<Block>{measure_block(*in.la)});
  if (in.england) sheets.emplace_back("England", std::vector<Block>{measure_block(*in.england)});
  sheets.emplace_back("DSG ledger", std::vector<Block>{ledger_block(in.returns.ledgers)});
  sheets.emplace_back("Similar LAs", std::vector<Block>{similar_block(in)});
  for (const auto& s : in.extra) sheets.push_back(s);
  for (auto& s : dfe_returns(in.returns)) sheets.push_back(std::move(s));
  return sheets;
}

}  // namespace sendtwin::report
