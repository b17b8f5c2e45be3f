// The money in the outputs: England's high needs block by financial year (the sum of the LAs'
// ledgers), one LA's ledger, and their tidy rows.
#pragma once
#include <string>
#include <vector>

#include "data/la_register.h"
#include "finance/england.h"
#include "finance/finance.h"
#include "measures/registry.h"
#include "model/send/send_run.h"

namespace sendtwin::report {

// The header of the tidy rows below (the scorecard's).
inline constexpr const char* kTidyHeader = "measure,geography,code,period,value,unit,scenario,replicate\n";
// A financial year as the tidy CSV and the tables name it: 2028 -> "2028-29" (the registry's label).
inline std::string fy_label(int fy) { return measures::period_label(measures::Period::FinancialYear, fy); }

// The terminal table: England's high needs block, £m nominal, with the published figures beside.
std::string render_finance(const std::vector<finance::EnglandYear>& years, const std::vector<finance::PublishedYear>& published,
                           const finance::FinanceParams& params);
// One ledger, £m nominal.
std::string render_ledger(const finance::Ledger& ledger, const finance::FinanceParams& params);
// Tidy rows (no header) of England's finance: measure, geography, code, period (2020-21), value,
// unit, scenario, replicate 0 (the mean); the registry's England money rows, in their order. Money
// is nominal, and in real terms (base-year prices, finance.price_base_year) where the measure says "real".
std::string finance_tidy_rows(const std::vector<finance::EnglandYear>& years, const finance::FinanceParams& params,
                              const std::string& scenario);

// Tidy rows (no header) of every LA's ledger, each replicate: measure, geography (the ledger's
// name), code (its LAs' codes joined by "+"), period, value, unit, scenario, replicate (1..R); the
// registry's ledger rows, in their order.
std::string ledger_tidy_rows(const std::vector<std::vector<finance::Ledger>>& ledgers, const std::string& scenario);

// The balances DfE published for the ends of the ledgers' years (LedgerYear::published_closing: its
// cumulative DSG balance as % of DSG income times the DSG), a row for each year that has one, with
// the header: geography (the ledger's name), code (its LAs' codes joined by "+"), period (2020-21),
// value (GBP at 31 March after the year), unit, source.
std::string published_balance_csv(const std::vector<finance::Ledger>& ledgers);

}  // namespace sendtwin::report
