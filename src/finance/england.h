// England's high needs block by financial year: the sum of every ledger of a run (mean over its
// replicates), and what the published DSG implies for England, to set beside it.
#pragma once
#include <array>
#include <vector>

#include "finance/finance.h"

namespace sendtwin::finance {

// England by financial year, mean over replicates.
struct EnglandYear {
  int fy = 0;
  double spend = 0, allocation = 0, transfer = 0, net_overspend = 0, cumulative = 0, total_dsg = 0;
  double independent_spend = 0, plans = 0, import_export = 0;
  std::array<double, kSettingCount> spend_by_setting{};  // LedgerYear's breakdowns, summed
  double place_funding = 0, top_ups = 0, without_plans = 0;
  double notional_sen_plans = 0, notional_sen_support = 0;  // the schools block's notional SEN spent
  double overspending = 0, units = 0;  // ledgers spending more than they are allocated, and all
  double past_threshold = 0;           // ledgers whose deficit has passed the threshold by this year
  double write_off = 0, central = 0;   // the High Needs Stability Grant paid, the overspend met centrally
  double interest = 0, interest_saved = 0;
  double white_paper_grants = 0;       // the White Paper's inclusion funds, outside the DSG
  double deficits = 0;                 // the deficits of the ledgers in deficit at the year's end, added up (negative)
  double in_year() const { return allocation + transfer - spend; }
  double deficit_pct() const { return total_dsg > 0 ? -100.0 * cumulative / total_dsg : 0.0; }
};
std::vector<EnglandYear> england(const std::vector<std::vector<Ledger>>& ledgers);

// What the published DSG implies for England: each year's allocation (every LA's added up, or
// England's stated total in a year DfE's per-LA tables are not to hand), and, where DfE published
// every LA's cumulative balance for the year and the one before, the spend they imply
// (allocation plus the growth of the deficit) and the cumulative balance as % of DSG.
struct PublishedYear {
  int fy = 0;
  double allocation = 0;
  double implied_spend = 0;  // 0 if not implied
  double deficit_pct = 0;    // 0 if not published
  bool has_implied_spend = false, has_deficit = false;
};
std::vector<PublishedYear> published(const std::vector<FundingRow>& funding);


}  // namespace sendtwin::finance
