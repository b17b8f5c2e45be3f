#include "finance/finance.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <stdexcept>

namespace sendtwin::finance {

double price_level(const FinanceParams& p, int fy) { return std::pow(1.0 + p.inflation, fy - p.price_base_year); }

double notional_threshold(const FinanceParams& p, int fy) { return p.notional_sen_threshold.amount_at(fy, p.notional_sen); }

double support_cost(const FinanceParams& p, Setting setting, int fy) {
  const auto s = static_cast<std::size_t>(setting);
  const double fee = setting == Setting::IndependentSpecial ? p.independent_fee_effect.at(fy) : 1.0;
  return p.top_up[s] * price_level(p, fy) * fee;
}

double school_share(const FinanceParams& p, Setting setting, int fy) {
  // domain.md 3.2: a mainstream school meets the first GBP 6,000 (element 2); the home LA tops up
  // the rest (element 3). Units and resourced provision have place funding instead. A scenario
  // may move the threshold, or have the high needs block pay a share of element 2.
  if (setting != Setting::Mainstream) return 0.0;
  const double by_block = std::clamp(p.element2_paid_by_high_needs.amount_at(fy, 0.0), 0.0, 1.0);
  return std::min(support_cost(p, setting, fy), notional_threshold(p, fy)) * (1.0 - by_block);
}

double plan_cost(const FinanceParams& p, Setting setting, int fy) {
  return p.place[static_cast<std::size_t>(setting)] + support_cost(p, setting, fy) - school_share(p, setting, fy);
}

double sen_support_school_cost(const FinanceParams& p, int fy) {
  // domain.md 3.2: support below the threshold is the school's, from its notional SEN budget.
  return std::min(p.sen_support_cost * price_level(p, fy), notional_threshold(p, fy));
}

namespace {

// Disjoint sets of LA codes: the LAs one reorganisation joins keep one ledger.
class Groups {
 public:
  std::size_t id(const std::string& code) {
    const auto it = index_.find(code);
    if (it != index_.end()) return find(it->second);
    index_.emplace(code, parent_.size());
    parent_.push_back(parent_.size());
    return parent_.size() - 1;
  }
  void join(const std::string& a, const std::string& b) {
    const std::size_t x = id(a), y = id(b);
    if (x != y) parent_[std::max(x, y)] = std::min(x, y);
  }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }

 private:
  std::map<std::string, std::size_t> index_;
  std::vector<std::size_t> parent_;
};

// Plans held over financial year `fy` (April fy - March fy+1): the census plans interpolated to
// its middle (1 October), a quarter of the way from January fy+1 back to January fy.
std::optional<CensusCounts> plans_in_year(const PlansBySetting& plans, int fy) {
  const auto before = plans.find(fy), after = plans.find(fy + 1);
  if (before == plans.end() || after == plans.end()) return std::nullopt;
  CensusCounts out;
  for (int s = 0; s < kSettingCount; ++s) out.plans[s] = 0.25 * before->second.plans[s] + 0.75 * after->second.plans[s];
  out.sen_support = 0.25 * before->second.sen_support + 0.75 * after->second.sen_support;
  return out;
}

// The plans `held` over a financial year at that year's costs, added to `y`.
void add_held(LedgerYear& y, const CensusCounts& held, const FinanceParams& params, int fy) {
  for (int s = 0; s < kSettingCount; ++s) {
    const double cost = held.plans[s] * plan_cost(params, static_cast<Setting>(s), fy);
    y.plans += held.plans[s];
    y.spend += cost * (1.0 + params.non_plan_share);
    if (static_cast<Setting>(s) == Setting::IndependentSpecial) y.independent_spend += cost;
    y.notional_sen_plans += held.plans[s] * school_share(params, static_cast<Setting>(s), fy);
  }
  y.sen_support += held.sen_support;
  y.notional_sen_support += held.sen_support * sen_support_school_cost(params, fy);
}

// Spend: the plans the `areas` held over financial year `fy` at that year's costs, added to `y`;
// false if no area covers the year (the run ends before the year's second January). An area with
// only one of the year's Januaries (an LA reorganised in between: the old LA's January is
// published, its successors' the next) is taken together with the others like it.
bool add_spend(LedgerYear& y, const std::vector<std::size_t>& areas, const std::vector<PlansBySetting>& plans,
               const FinanceParams& params, int fy) {
  bool any = false;
  PlansBySetting across;  // the Januaries of the areas that have one of the two
  for (const std::size_t a : areas) {
    if (const auto held = plans_in_year(plans[a], fy)) {
      add_held(y, *held, params, fy);
      any = true;
      continue;
    }
    for (const int january : {fy, fy + 1}) {
      const auto it = plans[a].find(january);
      if (it == plans[a].end()) continue;
      CensusCounts& sum = across[january];
      for (int s = 0; s < kSettingCount; ++s) sum.plans[s] += it->second.plans[s];
      sum.sen_support += it->second.sen_support;
    }
  }
  if (const auto held = plans_in_year(across, fy)) {
    add_held(y, *held, params, fy);
    any = true;
  }
  return any;
}

}  // namespace

std::vector<Ledger> build_ledgers(const std::vector<std::string>& model_codes, const std::vector<std::string>& model_names,
                                  const std::vector<PlansBySetting>& plans, const std::vector<FundingRow>& funding,
                                  const std::map<std::string, std::vector<std::string>>& successors,
                                  const FinanceParams& params, int last_fy) {
  if (model_codes.size() != plans.size() || model_codes.size() != model_names.size())
    throw std::invalid_argument("build_ledgers: one plan series per area");
  if (funding.empty()) throw std::invalid_argument("build_ledgers: no published funding");
  Groups groups;
  std::set<std::string> funded;
  for (const auto& code : model_codes) groups.id(code);
  for (const auto& row : funding) {
    groups.id(row.code);
    funded.insert(row.code);
  }
  for (const auto& [code, next] : successors)
    for (const auto& s : next)
      if (funded.count(s) || std::find(model_codes.begin(), model_codes.end(), s) != model_codes.end()) groups.join(code, s);

  int first_fy = funding.front().fy, last_published = funding.front().fy;
  for (const auto& row : funding) {
    first_fy = std::min(first_fy, row.fy);
    last_published = std::max(last_published, row.fy);
  }

  // One ledger per group that holds an area of the run, in the order of the run's first area.
  std::map<std::size_t, std::size_t> ledger_of;
  std::vector<Ledger> ledgers;
  std::vector<std::vector<std::size_t>> areas_of;
  for (std::size_t a = 0; a < model_codes.size(); ++a) {
    const std::size_t g = groups.id(model_codes[a]);
    auto [it, added] = ledger_of.emplace(g, ledgers.size());
    if (added) {
      ledgers.emplace_back();
      areas_of.emplace_back();
    }
    Ledger& l = ledgers[it->second];
    l.name += (l.name.empty() ? "" : ", ") + model_names[a];
    l.model_codes.push_back(model_codes[a]);
    areas_of[it->second].push_back(a);
  }
  for (const auto& code : funded) {
    const auto it = ledger_of.find(groups.id(code));
    if (it != ledger_of.end()) ledgers[it->second].funding_codes.push_back(code);
  }
  // The published rows of each ledger's LAs, sorted out once.
  std::vector<std::vector<const FundingRow*>> rows_of(ledgers.size());
  for (const auto& row : funding) {
    const auto it = ledger_of.find(groups.id(row.code));
    if (it != ledger_of.end()) rows_of[it->second].push_back(&row);
  }

  for (std::size_t k = 0; k < ledgers.size(); ++k) {
    Ledger& l = ledgers[k];
    double last_allocation = 0, last_dsg = 0, last_schools = 0, last_import_export = 0;
    for (int fy = first_fy; fy <= last_fy; ++fy) {
      LedgerYear y;
      y.fy = fy;
      // Allocation: the published figures of the LAs paid that year, then grown.
      bool any = false, balance_complete = true;
      double balance = 0, schools_block = 0;
      for (const FundingRow* row : rows_of[k]) {
        if (row->fy != fy) continue;
        any = true;
        y.allocation += row->high_needs;
        y.import_export += row->import_export.value_or(0.0);
        y.total_dsg += row->total_dsg;
        schools_block += row->schools_block;
        if (row->cumulative_balance_pct) balance += *row->cumulative_balance_pct / 100.0 * row->total_dsg;
        else balance_complete = false;
      }
      if (any && balance_complete) y.published_closing = balance;
      if (any) {
        last_allocation = y.allocation;
        last_dsg = y.total_dsg;
        last_schools = schools_block;
        last_import_export = y.import_export;
        y.published_allocation = true;
      } else {
        if (fy <= last_published || last_allocation == 0) continue;  // a gap in the published years
        double grown = 1.0;
        for (int g = last_published + 1; g <= fy; ++g)
          grown *= 1.0 + params.high_needs_funding_growth.amount_at(g, params.allocation_growth);
        // The formula grows; the import/export adjustment, GBP 6,000 a pupil in cash since 2013
        // (domain.md 3.3), stays at its last published value.
        y.import_export = last_import_export;
        y.allocation = (last_allocation - last_import_export) * grown + last_import_export;
        y.total_dsg = last_dsg * grown;
        schools_block = last_schools * grown;
        balance_complete = false;
      }
      if (!add_spend(y, areas_of[k], plans, params, fy)) break;  // the run ends before this year's second January
      y.notional_sen = y.notional_sen_plans + y.notional_sen_support;
      y.transfer = params.transfer_share * schools_block;
      if (l.years.empty()) {
        // The first year: the balance DfE published at its end, where every LA of the unit has one.
        y.closing = balance_complete ? balance : y.in_year();
        y.opening = y.closing - y.in_year();
      } else {
        y.opening = l.years.back().closing;
        y.interest = y.opening < 0 && params.interest_rate > 0 ? y.opening * params.interest_rate : 0.0;
        y.closing = y.opening + y.in_year() + y.interest;
      }
      if (!l.threshold_year && y.closing < -params.threshold_share * y.total_dsg) l.threshold_year = fy;
      l.years.push_back(y);
    }
  }
  return ledgers;
}

}  // namespace sendtwin::finance
