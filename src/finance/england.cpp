#include "finance/england.h"

#include <algorithm>
#include <map>

namespace sendtwin::finance {

std::vector<EnglandYear> england(const std::vector<std::vector<Ledger>>& ledgers) {
  std::map<int, EnglandYear> years;
  const double replicates = static_cast<double>(ledgers.size());
  for (const auto& replicate : ledgers)
    for (const auto& l : replicate)
      for (const auto& y : l.years) {
        EnglandYear& e = years[y.fy];
        e.fy = y.fy;
        e.spend += y.spend / replicates;
        e.allocation += y.allocation / replicates;
        e.transfer += y.transfer / replicates;
        e.net_overspend += std::max(0.0, -y.in_year()) / replicates;
        e.cumulative += y.closing / replicates;
        e.write_off += y.write_off / replicates;
        e.deficits += std::min(0.0, y.closing) / replicates;
        e.central += y.central / replicates;
        e.interest += y.interest / replicates;
        e.interest_saved += y.interest_saved / replicates;
        e.white_paper_grants += y.white_paper_grants / replicates;
        e.total_dsg += y.total_dsg / replicates;
        e.independent_spend += y.independent_spend / replicates;
        for (int k = 0; k < kSettingCount; ++k) e.spend_by_setting[k] += y.spend_by_setting[k] / replicates;
        e.place_funding += y.place_funding / replicates;
        e.top_ups += y.top_ups / replicates;
        e.without_plans += y.without_plans / replicates;
        e.notional_sen_plans += y.notional_sen_plans / replicates;
        e.notional_sen_support += y.notional_sen_support / replicates;
        e.import_export += y.import_export / replicates;
        e.plans += y.plans / replicates;
        e.overspending += (y.in_year() < 0 ? 1.0 : 0.0) / replicates;
        e.units += 1.0 / replicates;
        e.past_threshold += (l.threshold_year && *l.threshold_year <= y.fy ? 1.0 : 0.0) / replicates;
      }
  std::vector<EnglandYear> out;
  for (const auto& [fy, y] : years) out.push_back(y);
  return out;
}

std::vector<PublishedYear> published(const std::vector<FundingRow>& funding) {
  std::map<int, PublishedYear> years;
  std::map<int, double> balance, dsg;
  std::map<int, bool> complete;
  // England's stated total, in a year DfE's per-LA tables are not to hand.
  for (const auto& row : funding)
    if (row.block_only && row.code == kEnglandCode) years[row.fy] = PublishedYear{.fy = row.fy, .allocation = row.high_needs};
  for (const auto& row : funding) {
    if (row.block_only) continue;
    PublishedYear& p = years[row.fy];
    p.fy = row.fy;
    p.allocation += row.high_needs;
    dsg[row.fy] += row.total_dsg;
    if (!complete.count(row.fy)) complete[row.fy] = true;
    if (row.cumulative_balance_pct) balance[row.fy] += *row.cumulative_balance_pct / 100.0 * row.total_dsg;
    else complete[row.fy] = false;
  }
  for (auto& [fy, p] : years) {
    if (!complete[fy]) continue;
    p.has_deficit = true;
    p.deficit_pct = -100.0 * balance[fy] / dsg[fy];
    if (complete.count(fy - 1) && complete[fy - 1]) {
      p.has_implied_spend = true;
      p.implied_spend = p.allocation + (balance[fy - 1] - balance[fy]);
    }
  }
  std::vector<PublishedYear> out;
  for (const auto& [fy, p] : years) out.push_back(p);
  return out;
}

}  // namespace sendtwin::finance
