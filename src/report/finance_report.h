// The money in the outputs: England's high needs block by financial year (the sum of the LAs'
// ledgers), one LA's ledger, and their tidy rows.
#pragma once
#include <string>
#include <vector>

#include "data/la_register.h"
#include "finance/finance.h"
#include "model/send/send_run.h"

namespace sendtwin::report {

// The header of the tidy rows below (the scorecard's).
inline constexpr const char* kTidyHeader = "measure,geography,code,period,value,unit,scenario,replicate\n";
// A financial year as the tidy CSV and the tables name it: 2028 -> "2028-29".
std::string fy_label(int fy);

// The ledgers of every replicate of a run: [replicate][ledger]. `funding` is the published DSG.
std::vector<std::vector<finance::Ledger>> run_ledgers(const model::SendRunResult& run, const finance::FinanceParams& params,
                                                      const std::vector<finance::FundingRow>& funding,
                                                      const data::LaRegister& la_register);

// England by financial year, mean over replicates.
struct FinanceYear {
  int fy = 0;
  double spend = 0, allocation = 0, transfer = 0, net_overspend = 0, cumulative = 0, total_dsg = 0;
  double independent_spend = 0, plans = 0, import_export = 0;
  double notional_sen_plans = 0, notional_sen_support = 0;  // the schools block's notional SEN spent
  double overspending = 0, units = 0;  // ledgers spending more than they are allocated, and all
  double past_threshold = 0;           // ledgers whose deficit has passed the threshold by this year
  double in_year() const { return allocation + transfer - spend; }
  double deficit_pct() const { return total_dsg > 0 ? -100.0 * cumulative / total_dsg : 0.0; }
};
std::vector<FinanceYear> england_finance(const std::vector<std::vector<finance::Ledger>>& ledgers);

// What the published DSG implies for England: each year's allocation, and, where DfE published
// every LA's cumulative balance for the year and the one before, the spend they imply
// (allocation plus the growth of the deficit) and the cumulative balance as % of DSG.
struct PublishedFinance {
  int fy = 0;
  double allocation = 0;
  double implied_spend = 0;  // 0 if not implied
  double deficit_pct = 0;    // 0 if not published
  bool has_implied_spend = false, has_deficit = false;
};
std::vector<PublishedFinance> published_finance(const std::vector<finance::FundingRow>& funding);

// The terminal table: England's high needs block, £m nominal, with the published figures beside.
std::string render_finance(const std::vector<FinanceYear>& years, const std::vector<PublishedFinance>& published,
                           const finance::FinanceParams& params);
// One ledger, £m nominal.
std::string render_ledger(const finance::Ledger& ledger, const finance::FinanceParams& params);
// Tidy rows (no header) of England's finance: measure, geography, code, period (2020-21), value,
// unit, scenario, replicate 0 (the mean). Money is nominal, and in real terms (base-year prices,
// finance.price_base_year) where the measure says "real".
std::string finance_tidy_rows(const std::vector<FinanceYear>& years, const finance::FinanceParams& params,
                              const std::string& scenario);

// Tidy rows (no header) of every LA's ledger, each replicate: measure, geography (the ledger's
// name), code (its LAs' codes joined by "+"), period, value, unit, scenario, replicate (1..R).
// Measures: high_needs_spend, high_needs_allocation, import_export_adjustment (inside the allocation),
// high_needs_in_year_balance, schools_block_transfer, deficit_interest, cumulative_dsg_balance,
// dsg_balance_pct (closing as % of DSG income), notional_sen (met by mainstream schools).
std::string ledger_tidy_rows(const std::vector<std::vector<finance::Ledger>>& ledgers, const std::string& scenario);

}  // namespace sendtwin::report
