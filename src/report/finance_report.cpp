#include "report/finance_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "data/csv.h"
#include "measures/registry.h"

namespace sendtwin::report {

namespace {

// One tidy row of money (whole pounds) or of a count or percentage (two decimals).
void money_row(data::CsvWriter& w, const measures::Measure& m, const std::string& geography, const std::string& code, int fy,
               double value, const std::string& scenario, int replicate) {
  char v[64];
  std::snprintf(v, sizeof v, m.unit == measures::Unit::Pounds ? "%.0f" : "%.2f", value);
  w.row({m.id, geography, code, measures::period_label(m, fy), v, measures::to_string(m.unit), scenario,
         std::to_string(replicate)});
}

}  // namespace

std::string render_finance(const std::vector<finance::EnglandYear>& years, const std::vector<finance::PublishedYear>& published,
                           const finance::FinanceParams& params) {
  std::map<int, const finance::PublishedYear*> pub;
  for (const auto& p : published) pub[p.fy] = &p;
  std::string out =
      "\nHigh needs block, financial years (GBP million, nominal; published beside the model where there is a figure)\n";
  char buf[320];
  std::snprintf(buf, sizeof buf, "%-8s %9s %9s %9s %9s %8s %9s %9s %7s %7s %9s %9s %9s %9s %9s\n", "year", "spend", "implied",
                "alloc.", "in-year", "LAs over", "net over", "cum. bal", "def %", "pub %", "indep.", "per plan", "notional",
                "write-off", "central");
  out += buf;
  for (const auto& y : years) {
    const auto it = pub.find(y.fy);
    const finance::PublishedYear* p = it == pub.end() ? nullptr : it->second;
    char implied[16] = "", published_pct[16] = "";
    if (p && p->has_implied_spend) std::snprintf(implied, sizeof implied, "%9.0f", p->implied_spend / 1e6);
    if (p && p->has_deficit) std::snprintf(published_pct, sizeof published_pct, "%6.2f%%", p->deficit_pct);
    char over[16];
    std::snprintf(over, sizeof over, "%.0f/%.0f", y.overspending, y.units);
    // Spend per plan in base-year prices (real terms), GBP thousand.
    const double per_plan = y.plans > 0 ? y.spend / y.plans / finance::price_level(params, y.fy) / 1e3 : 0.0;
    std::snprintf(buf, sizeof buf, "%-8s %9.0f %9s %9.0f %+9.0f %8s %9.0f %+9.0f %6.2f%% %7s %9.0f %8.1fk %9.0f %9.0f %9.0f\n",
                  fy_label(y.fy).c_str(), y.spend / 1e6, implied, y.allocation / 1e6, y.in_year() / 1e6, over,
                  y.net_overspend / 1e6, y.cumulative / 1e6, y.deficit_pct(), published_pct, y.independent_spend / 1e6,
                  per_plan, (y.notional_sen_plans + y.notional_sen_support) / 1e6, y.write_off / 1e6, y.central / 1e6);
    out += buf;
  }
  out += "alloc.: DfE's, each LA's where published, else England's stated total shared by the LAs' shares of the\n"
         "nearest year with every LA's; grown after the last decided year. implied: the allocation plus the growth\n"
         "of the deficits DfE published for every LA. LAs over: ledgers spending more than their allocation (LAs\n"
         "joined by a reorganisation share one). cum. bal: cumulative DSG balance (negative: deficit), met to the\n"
         "balances DfE published for March 2020, the years before solved back from them; each LA spends at its\n"
         "own cost level, met to its balances of March 2020 to March 2022. def %: deficit as % of DSG income.\n"
         "per plan: spend per plan held in " + fy_label(params.price_base_year) + " prices (deflated by the CPI), GBP.\n"
         "notional: what mainstream schools spend from their notional SEN budget (schools block) on plans, up to\n"
         "the threshold, and on SEN Support. write-off: " + std::to_string(static_cast<int>(std::lround(100 * params.write_off_share))) +
         "% of each LA's deficit at 31 March " + std::to_string(params.write_off_balance_year + 1) +
         "\n(the High Needs Stability Grant). central: overspend met centrally from " + fy_label(params.central_from_year) +
         ", not added to the\nLAs' deficits. The statutory override ends with " + fy_label(params.override_end_year) + ".\n";
  return out;
}

std::string render_ledger(const finance::Ledger& l, const finance::FinanceParams& params) {
  std::string out = "\n" + l.name + ": DSG ledger (GBP million, nominal), LAs paid:";
  for (const auto& c : l.funding_codes) out += " " + c;
  out += "\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-8s %8s %9s %8s %8s %9s %8s %9s %9s %8s %9s %9s %7s %9s\n", "year", "plans", "opening", "alloc.",
                "imp/exp", "spend", "transfer", "write-off", "central", "interest", "closing", "pub. bal", "% DSG", "notional");
  out += buf;
  for (const auto& y : l.years) {
    char published[16] = "";
    if (y.published_closing) std::snprintf(published, sizeof published, "%+9.1f", *y.published_closing / 1e6);
    else if (y.reported_closing) std::snprintf(published, sizeof published, "%+8.1fr", *y.reported_closing / 1e6);
    const char* source = y.allocation_source == finance::LedgerYear::Allocation::Published ? ""
                         : y.allocation_source == finance::LedgerYear::Allocation::Shared ? "  (share of England's allocation)"
                         : y.allocation_source == finance::LedgerYear::Allocation::Local  ? "  (the LA's own allocation, --local)"
                                                                                          : "  (allocation grown)";
    std::snprintf(buf, sizeof buf, "%-8s %8.0f %+9.1f %8.1f %+8.1f %9.1f %8.1f %9.1f %9.1f %+8.1f %+9.1f %9s %6.1f%% %9.1f%s\n",
                  fy_label(y.fy).c_str(), y.plans, y.opening / 1e6, y.allocation / 1e6, y.import_export / 1e6,
                  y.spend / 1e6, y.transfer / 1e6, y.write_off / 1e6, y.central / 1e6, y.interest / 1e6, y.closing / 1e6,
                  published, y.total_dsg > 0 ? 100.0 * y.closing / y.total_dsg : 0.0, y.notional_sen / 1e6, source);
    out += buf;
  }
  out += "imp/exp: the import/export adjustment for pupils placed across the border, inside alloc. (published\n"
         "2020-21 to 2023-24; held at its last value after). notional: what mainstream schools spend from their\n"
         "notional SEN budget (schools block) on pupils with plans, up to the threshold, and on SEN Support.\n"
         "pub. bal: the cumulative DSG balance DfE published for the year's end, its % of DSG income times the\n"
         "DSG (dsg_cumulative_balance_pc_*, data/la/funding.csv), where every LA of the ledger has one; the\n"
         "balances of earlier years are solved back from it. r: the balance the LA reported to its schools forum\n"
         "(data/la/balances_reported.csv, with its source), not DfE's. write-off: the High Needs Stability Grant, " +
         std::to_string(static_cast<int>(std::lround(100 * params.write_off_share))) + "% of the\n"
         "deficit at 31 March " + std::to_string(params.write_off_balance_year + 1) + (finance::write_off_withheld(l, params) ? " (withheld here: plan not approved)" : "") +
         ". central: the overspend met centrally from " + fy_label(params.central_from_year) + ".\n"
         "closing = opening + alloc. + transfer - spend + write-off + central + interest.\n";
  for (const auto& y : l.years)
    if (y.reported_notional) {
      char line[512];
      std::snprintf(line, sizeof line,
                    "%s: the notional SEN budget the LA set in its schools funding formula, %.1f\n"
                    "  (%s),\n"
                    "  beside the %.1f the model's mainstream schools spend from theirs (%.1f on plans up to the\n"
                    "  threshold, %.1f on SEN Support; notional).\n",
                    fy_label(y.fy).c_str(), *y.reported_notional / 1e6,
                    y.reported_notional_local ? "the LA's own, --local" : "as it published it, data/la/notional_reported.csv", y.notional_sen / 1e6, y.notional_sen_plans / 1e6,
                    y.notional_sen_support / 1e6);
      out += line;
    }
  if (!l.cost_level_years.empty()) {
    std::snprintf(buf, sizeof buf, "Spend: %.3f x England's unit costs in every year (the ledger's cost level), ", l.cost_level);
    out += buf + std::string("the level at which its spend\nmeets the balances DfE published for 31 March ") +
           std::to_string(l.cost_level_years.front()) + " to 31 March " + std::to_string(l.cost_level_years.back() + 1) + ".\n";
  }
  for (const auto& y : l.years)
    if (y.restated != 0) {
      std::snprintf(buf, sizeof buf, "%s: closing restated to the LA's own balance (--local), %+.1f in place of the %+.1f carried to it.\n",
                    fy_label(y.fy).c_str(), y.closing / 1e6, (y.closing - y.restated) / 1e6);
      out += buf;
    }
  if (l.threshold_year)
    std::snprintf(buf, sizeof buf, "The deficit passes %.0f%% of DSG income in %s%s.\n", 100 * params.threshold_share,
                  fy_label(*l.threshold_year).c_str(),
                  *l.threshold_year <= params.override_end_year ? ", while the statutory override holds"
                                                                : ", after the statutory override has ended");
  else
    std::snprintf(buf, sizeof buf, "The deficit stays below %.0f%% of DSG income to %s.\n", 100 * params.threshold_share,
                  l.years.empty() ? "-" : fy_label(l.years.back().fy).c_str());
  out += buf;
  return out;
}

std::string finance_tidy_rows(const std::vector<finance::EnglandYear>& years, const finance::FinanceParams& params,
                              const std::string& scenario) {
  data::CsvWriter w;
  const auto rows = measures::england_rows();
  for (const auto& y : years)
    for (const measures::Measure* m : rows) money_row(w, *m, "England", "E92000001", y.fy, m->from_england(y, params), scenario, 0);
  return w.text();
}

std::string ledger_tidy_rows(const std::vector<std::vector<finance::Ledger>>& ledgers, const std::string& scenario) {
  data::CsvWriter w;
  const auto rows = measures::ledger_rows();
  for (std::size_t r = 0; r < ledgers.size(); ++r)
    for (const auto& l : ledgers[r]) {
      std::string code;
      for (const auto& c : l.model_codes) code += (code.empty() ? "" : "+") + c;
      for (const auto& y : l.years)
        for (const measures::Measure* m : rows)
          money_row(w, *m, l.name, code, y.fy, m->from_ledger(y), scenario, static_cast<int>(r + 1));
    }
  return w.text();
}

std::string published_balance_csv(const std::vector<finance::Ledger>& ledgers) {
  data::CsvWriter w;
  w.row({"geography", "code", "period", "value", "unit", "source"});
  for (const auto& l : ledgers) {
    std::string code;
    for (const auto& c : l.model_codes) code += (code.empty() ? "" : "+") + c;
    for (const auto& y : l.years) {
      if (!y.published_closing) continue;
      char v[64];
      std::snprintf(v, sizeof v, "%.0f", *y.published_closing);
      w.row({l.name, code, fy_label(y.fy), v, "GBP",
             "DfE cumulative DSG balance at 31 March, % of DSG income (dsg_cumulative_balance_pc_*) times the DSG "
             "allocation, summed over the ledger's LAs (data/la/funding.csv)"});
    }
  }
  return w.text();
}

}  // namespace sendtwin::report
