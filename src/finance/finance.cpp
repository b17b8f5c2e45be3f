#include "finance/finance.h"

#include <algorithm>
#include <limits>
#include <map>
#include <cmath>
#include <numeric>
#include <set>
#include <stdexcept>

namespace sendtwin::finance {

namespace {

double rise(const std::map<int, double>& rises, double otherwise, int fy) {
  const auto it = rises.find(fy);
  return it == rises.end() ? otherwise : it->second;
}

// The level of financial year fy relative to the base year: the rises from the base year to fy
// compounded (divided out for a year before the base).
double level(const std::map<int, double>& rises, double otherwise, int base, int fy) {
  double level = 1.0;
  for (int y = base + 1; y <= fy; ++y) level *= 1.0 + rise(rises, otherwise, y);
  for (int y = fy + 1; y <= base; ++y) level /= 1.0 + rise(rises, otherwise, y);
  return level;
}

}  // namespace

double cost_index(const FinanceParams& p, int fy) {
  // Without published rises, the one power (the runs' figures as they were before cost_rises).
  if (p.cost_rises.empty()) return std::pow(1.0 + p.inflation, fy - p.price_base_year);
  return level(p.cost_rises, p.inflation, p.price_base_year, fy);
}

double price_rise(const FinanceParams& p, int fy) { return rise(p.price_rises, p.inflation, fy); }

double price_level(const FinanceParams& p, int fy) { return level(p.price_rises, p.inflation, p.price_base_year, fy); }

double notional_threshold(const FinanceParams& p, int fy) { return p.notional_sen_threshold.amount_at(fy, p.notional_sen); }

double support_cost(const FinanceParams& p, Setting setting, int fy) {
  const auto s = static_cast<std::size_t>(setting);
  const double fee = setting == Setting::IndependentSpecial ? p.independent_fee_effect.at(fy) : 1.0;
  return p.top_up[s] * cost_index(p, fy) * fee;
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
  return std::min(p.sen_support_cost * cost_index(p, fy), notional_threshold(p, fy));
}

bool write_off_withheld(const Ledger& l, const FinanceParams& params) {
  return std::any_of(l.funding_codes.begin(), l.funding_codes.end(), [&](const std::string& c) {
    return std::find(params.write_off_withheld.begin(), params.write_off_withheld.end(), c) != params.write_off_withheld.end();
  });
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

// A ledger's cost level by setting (Ledger::cost_level where its costs are England's, 1 where they are its own).
using Levels = std::array<double, kSettingCount>;
constexpr Levels kEnglandLevels = {1, 1, 1, 1, 1, 1, 1, 1, 1};

// The plans `held` over a financial year at that year's costs times the ledger's level, added to `y`.
void add_held(LedgerYear& y, const CensusCounts& held, const FinanceParams& params, int fy, const Levels& level) {
  for (int s = 0; s < kSettingCount; ++s) {
    const double cost = held.plans[s] * plan_cost(params, static_cast<Setting>(s), fy) * level[s];
    const double place = held.plans[s] * params.place[static_cast<std::size_t>(s)] * level[s];
    y.plans += held.plans[s];
    y.spend += cost * (1.0 + params.non_plan_share);
    y.spend_by_setting[s] += cost;
    y.place_funding += place;
    y.top_ups += cost - place;
    y.without_plans += cost * params.non_plan_share;
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
               const FinanceParams& params, int fy, const Levels& level = kEnglandLevels) {
  bool any = false;
  PlansBySetting across;  // the Januaries of the areas that have one of the two
  for (const std::size_t a : areas) {
    if (const auto held = plans_in_year(plans[a], fy)) {
      add_held(y, *held, params, fy, level);
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
    add_held(y, *held, params, fy, level);
    any = true;
  }
  return any;
}


// The published allocations, by financial year: every LA's DSG rows, LAs' stated blocks and
// England's stated totals (FundingRow::block_only).
struct Published {
  std::map<int, std::vector<const FundingRow*>> full, stated, reported;
  std::map<int, double> england;
  std::set<int> years;  // every year with an allocation: full, or England's total
};

Published sort_published(const std::vector<FundingRow>& funding) {
  Published p;
  for (const auto& row : funding) {
    if (!row.block_only) p.full[row.fy].push_back(&row);
    else if (row.reported_balance || row.reported_notional) p.reported[row.fy].push_back(&row);
    else if (row.code == kEnglandCode) p.england[row.fy] = row.high_needs;
    else p.stated[row.fy].push_back(&row);
  }
  for (const auto& [fy, rows] : p.full) p.years.insert(fy);
  for (const auto& [fy, total] : p.england) p.years.insert(fy);
  return p;
}

// The year of every LA's DSG rows nearest `fy` (the earlier of two as near).
int nearest_full_year(const Published& p, int fy) {
  int best = p.full.begin()->first;
  for (const auto& [year, rows] : p.full)
    if (std::abs(year - fy) < std::abs(best - fy)) best = year;
  return best;
}

// The ledger's allocation in `fy` from what was published: the rows of its LAs where DfE published
// every LA's DSG that year; else, where DfE stated England's total, the LAs' own stated figures plus
// the ledger's share of the rest of England's total, the share its LAs (those without a stated
// figure) had of the rest of England's block in the nearest year with every LA's rows; its DSG and
// schools block scale with its allocation from that year (the import/export adjustment held at that
// year's where the year is later, none where earlier: first published for 2020-21). False if
// neither was published.
template <class InLedger>
bool allocate(LedgerYear& y, double& schools_block, const Published& p, int fy, const InLedger& in_ledger) {
  if (const auto full = p.full.find(fy); full != p.full.end()) {
    bool any = false, balance_complete = true;
    double balance = 0;
    for (const FundingRow* row : full->second) {
      if (!in_ledger(*row)) continue;
      any = true;
      y.allocation += row->high_needs;
      y.import_export += row->import_export.value_or(0.0);
      y.total_dsg += row->total_dsg;
      schools_block += row->schools_block;
      if (row->cumulative_balance_pct) balance += *row->cumulative_balance_pct / 100.0 * row->total_dsg;
      else balance_complete = false;
    }
    if (!any) return false;
    if (balance_complete) y.published_closing = balance;
    y.allocation_source = LedgerYear::Allocation::Published;
    return true;
  }
  const auto england = p.england.find(fy);
  if (england == p.england.end() || p.full.empty()) return false;
  std::set<std::string> stated_codes;
  double rest = england->second, own = 0;
  bool own_stated = false;
  if (const auto stated = p.stated.find(fy); stated != p.stated.end())
    for (const FundingRow* row : stated->second) {
      stated_codes.insert(row->code);
      rest -= row->high_needs;
      if (in_ledger(*row)) own += row->high_needs, own_stated = true;
    }
  const int ref = nearest_full_year(p, fy);
  double ref_rest = 0, ref_ledger_rest = 0, ref_allocation = 0, ref_dsg = 0, ref_schools = 0, ref_import_export = 0;
  for (const FundingRow* row : p.full.at(ref)) {
    const bool mine = in_ledger(*row);
    if (mine) {
      ref_allocation += row->high_needs;
      ref_dsg += row->total_dsg;
      ref_schools += row->schools_block;
      ref_import_export += row->import_export.value_or(0.0);
    }
    if (stated_codes.count(row->code)) continue;
    ref_rest += row->high_needs;
    if (mine) ref_ledger_rest += row->high_needs;
  }
  if (ref_allocation <= 0 && !own_stated) return false;  // none of the ledger's LAs was paid then
  y.allocation = own + (ref_rest > 0 ? rest * ref_ledger_rest / ref_rest : 0.0);
  const double scale = ref_allocation > 0 ? y.allocation / ref_allocation : 1.0;
  y.total_dsg = ref_dsg * scale;
  schools_block = ref_schools * scale;
  y.import_export = fy > ref ? ref_import_export : 0.0;
  y.allocation_source = own_stated && ref_ledger_rest == 0 ? LedgerYear::Allocation::Published : LedgerYear::Allocation::Shared;
  return true;
}

// An allocation after the last decided year: grown from the last allocated one by
// allocation_growth (or a scenario's high_needs_funding_growth) from the later of `last` and the
// last published year (an LA's own allocation, `la --local`, may be later than it), except the import/export
// adjustment, GBP 6,000 a pupil in cash since 2013 (domain.md 3.3), which stays at its last value.
void grow(LedgerYear& y, double& schools_block, const LedgerYear& last, double last_schools, const FinanceParams& params,
          int last_published, int fy) {
  double grown = 1.0;
  for (int g = std::max(last_published, last.fy) + 1; g <= fy; ++g) grown *= 1.0 + params.high_needs_funding_growth.amount_at(g, params.allocation_growth);
  y.import_export = last.import_export;
  y.allocation = (last.allocation - last.import_export) * grown + last.import_export;
  y.total_dsg = last.total_dsg * grown;
  schools_block = last_schools * grown;
  y.allocation_source = LedgerYear::Allocation::Grown;
}

// Interest on an opening deficit (none on a surplus).
double interest_on(double opening, const FinanceParams& params) {
  return opening < 0 && params.interest_rate > 0 ? opening * params.interest_rate : 0.0;
}

// Guards on a cost level, not estimates: a ledger spending under half or over twice England's costs
// per plan would be a mis-published balance (or a balance moved by the other blocks of the DSG).
constexpr double kLowestCostLevel = 0.5, kHighestCostLevel = 2.0;

// The ledger's cost level (Ledger::cost_level): over the years whose opening and closing balance DfE
// published (2020-21 and 2021-22: 31 March 2020 to 31 March 2022), the spend the balances imply
// (the ledger's identity solved for spend: opening + allocation + transfer + interest - closing; no
// write-off or central line in those years) against the spend at England's unit costs. The level
// then multiplies the cost of every plan at England's costs, place and top-up alike (the balances
// say how much an LA spends per plan, not on what); a setting whose cost the LA gives (`la --local`
// [costs], from `own_costs_from`) is at that cost, not scaled. The unit costs are national assumptions (domain.md 3.2: top-ups are
// each LA's to set), so an LA's spend per plan is read from its own balances, not assumed England's.
// Balances published after March 2022 are not read: they are what the ledgers are checked against.
void fit_cost_level(Ledger& l, const FinanceParams& params, int own_costs_from) {
  double implied = 0, at_england_costs = 0;
  std::vector<int> fitted;
  for (std::size_t i = 1; i < l.years.size(); ++i) {
    const LedgerYear& before = l.years[i - 1];
    const LedgerYear& y = l.years[i];
    if (before.fy != y.fy - 1 || !before.published_closing || !y.published_closing || y.fy >= own_costs_from) continue;
    const double opening = *before.published_closing;
    implied += opening + y.allocation + y.transfer + interest_on(opening, params) - *y.published_closing;
    at_england_costs += y.spend;
    fitted.push_back(y.fy);
  }
  if (fitted.empty() || at_england_costs <= 0 || implied <= 0) return;
  l.cost_level = std::clamp(implied / at_england_costs, kLowestCostLevel, kHighestCostLevel);
  l.cost_level_years = fitted;
}

// The spend of `y` again, at the ledger's cost levels (its figures from add_spend cleared first).
void respend(LedgerYear& y, const std::vector<std::size_t>& areas, const std::vector<PlansBySetting>& plans,
             const FinanceParams& params, const Levels& level) {
  y.plans = y.spend = y.independent_spend = y.place_funding = y.top_ups = y.without_plans = 0;
  y.sen_support = y.notional_sen_plans = y.notional_sen_support = 0;
  y.spend_by_setting = {};
  add_spend(y, areas, plans, params, y.fy, level);
  y.notional_sen = y.notional_sen_plans + y.notional_sen_support;
}

// The balances of a ledger whose years hold their money in and out. The ledger meets the first
// balance DfE published for it (31 March 2020 for most: dsg_cumulative_balance_pc_*); the years
// before it are solved back from it, the years after carried forward. A ledger with no published
// balance starts from 0 in its first year. Forward: the write-off the year after
// write_off_balance_year, and from central_from_year the in-year overspend met centrally.
// An LA's own balance (`la --local`, `local`) replaces the one carried to the end of its year:
// the difference is the year's `restated`, the years before are as they were, those after carry it.
void settle(Ledger& l, const FinanceParams& params, const LocalMoney* local = nullptr) {
  auto& years = l.years;
  std::size_t anchor = years.size();
  for (std::size_t i = 0; i < years.size(); ++i)
    if (years[i].published_closing) {
      anchor = i;
      break;
    }
  if (anchor < years.size()) {
    double closing = *years[anchor].published_closing;
    for (std::size_t i = anchor + 1; i-- > 0;) {
      LedgerYear& y = years[i];
      y.closing = closing;
      // closing = opening + in-year + interest(opening), interest a share of a negative opening.
      const double before_interest = closing - y.in_year();
      y.opening = before_interest < 0 && params.interest_rate > 0 ? before_interest / (1.0 + params.interest_rate) : before_interest;
      y.interest = interest_on(y.opening, params);
      closing = y.opening;
    }
  }
  std::size_t first_forward = anchor < years.size() ? anchor + 1 : 0;
  std::size_t own = years.size();
  if (local && local->balance_year)
    for (std::size_t i = 0; i < years.size(); ++i)
      if (years[i].fy == *local->balance_year) own = i, first_forward = std::min(first_forward, i);
  const bool withheld = write_off_withheld(l, params);
  double written_off = 0;
  for (std::size_t i = first_forward; i < years.size(); ++i) {
    LedgerYear& y = years[i];
    y.opening = i > 0 ? years[i - 1].closing : 0.0;
    y.interest = interest_on(y.opening, params);
    // reform-2026.md A (9-10 Feb 2026): 90% of the deficit at 31 March 2026, paid in autumn 2026.
    if (y.fy == params.write_off_balance_year + 1 && !withheld && i > 0 && years[i - 1].closing < 0) {
      y.write_off = -params.write_off_share * years[i - 1].closing;
      written_off += y.write_off;
    }
    // reform-2026.md A (26 Nov 2025): from 2028-29 SEND cost pressures are met centrally.
    if (y.fy >= params.central_from_year && y.in_year() < 0) y.central = -y.in_year();
    y.closing = y.reconciled_closing();
    if (i == own) {
      y.restated = local->closing_balance - y.closing;
      y.closing = local->closing_balance;
    }
    y.interest_saved = written_off * params.interest_rate;
  }
  for (const auto& y : years)
    if (!l.threshold_year && y.closing < -params.threshold_share * y.total_dsg) l.threshold_year = y.fy;
}

}  // namespace

namespace {

// The LA's own money if the ledger holds an LA that has some (`la --local`; pipeline/local.h refuses
// it for an LA whose ledger another LA of the run shares).
const LocalMoney* local_money(const Ledger& l, const FinanceParams& params) {
  for (const auto& code : l.model_codes)
    if (const auto it = params.local.find(code); it != params.local.end()) return &it->second;
  return nullptr;
}

// True if the LA gives its own cost of a plan in some setting (`la --local` [costs]).
bool own_costs(const LocalMoney* local) {
  if (!local) return false;
  for (int s = 0; s < kSettingCount; ++s)
    if (local->place[s] || local->top_up[s]) return true;
  return false;
}

// England's money with the LA's own costs in place of England's.
FinanceParams with_local_costs(const FinanceParams& params, const LocalMoney& local) {
  FinanceParams p = params;
  for (int s = 0; s < kSettingCount; ++s) {
    if (local.place[s]) p.place[s] = *local.place[s];
    if (local.top_up[s]) p.top_up[s] = *local.top_up[s];
  }
  return p;
}

// The LA's own allocation for the year, if it gives one: the DSG moves with the block.
bool use_local_allocation(LedgerYear& y, const LocalMoney& local) {
  const auto it = local.allocation.find(y.fy);
  if (it == local.allocation.end()) return false;
  y.allocation_replaced = y.allocation;
  y.total_dsg += it->second - y.allocation;
  y.allocation = it->second;
  y.allocation_source = LedgerYear::Allocation::Local;
  return true;
}

// settle(), and the closing the LA's own balance replaced (`restated` is the difference).
void settle_with_local(Ledger& l, const FinanceParams& params, const LocalMoney* local) {
  settle(l, params, local);
  for (auto& y : l.years)
    if (y.restated != 0) y.closing_replaced = y.closing - y.restated;
}

// The White Paper's inclusion funds of each year, shared among the ledgers by the plans they hold.
void share_white_paper_grants(std::vector<Ledger>& ledgers, const FinanceParams& params) {
  if (params.white_paper_grants.values.empty()) return;
  std::map<int, double> plans;
  for (const auto& l : ledgers)
    for (const auto& y : l.years) plans[y.fy] += y.plans;
  for (auto& l : ledgers)
    for (auto& y : l.years)
      if (plans[y.fy] > 0) y.white_paper_grants = params.white_paper_grants.amount_at(y.fy, 0.0) * y.plans / plans[y.fy];
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

  const Published published = sort_published(funding);
  if (published.years.empty()) throw std::invalid_argument("build_ledgers: no published allocation");
  const int first_fy = *published.years.begin(), last_published = *published.years.rbegin();

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
  for (std::size_t k = 0; k < ledgers.size(); ++k) {
    Ledger& l = ledgers[k];
    auto in_ledger = [&](const FundingRow& row) {
      const auto it = ledger_of.find(groups.id(row.code));
      return it != ledger_of.end() && it->second == k;
    };
    const LocalMoney* local = local_money(l, params);
    const FinanceParams own = local ? with_local_costs(params, *local) : FinanceParams{};
    const FinanceParams& costs = local ? own : params;
    LedgerYear last;  // the last year with an allocation, published, shared or the LA's own, and its schools block
    double last_schools = 0;
    for (int fy = first_fy; fy <= last_fy; ++fy) {
      LedgerYear y;
      y.fy = fy;
      double schools_block = 0;
      const bool allocated = allocate(y, schools_block, published, fy, in_ledger);
      if (!allocated) {
        if (fy <= last_published || last.allocation == 0) continue;  // a gap in the published years
        grow(y, schools_block, last, last_schools, params, last_published, fy);
      }
      if (const bool own_allocation = local && use_local_allocation(y, *local); allocated || own_allocation) {
        last = y;
        last_schools = schools_block;
      }
      if (l.funding_codes.size() == 1)
        if (const auto reported = published.reported.find(fy); reported != published.reported.end())
          for (const FundingRow* row : reported->second) {
            if (row->code != l.funding_codes.front()) continue;
            if (row->reported_balance && !y.published_closing) y.reported_closing = row->reported_balance;
            if (row->reported_notional) y.reported_notional = row->reported_notional;
          }
      if (local)
        if (const auto own = local->notional_sen_budget.find(fy); own != local->notional_sen_budget.end()) {
          y.reported_notional = own->second;
          y.reported_notional_local = true;
        }
      if (!add_spend(y, areas_of[k], plans, local && fy >= local->costs_from ? costs : params, fy)) break;  // the run ends before this year's second January
      y.notional_sen = y.notional_sen_plans + y.notional_sen_support;
      y.transfer = params.transfer_share * schools_block;
      l.years.push_back(y);
    }
    if (params.cost_levels) fit_cost_level(l, params, own_costs(local) ? local->costs_from : std::numeric_limits<int>::max());
    if (l.cost_level != 1.0)
      for (auto& y : l.years) {
        const bool own = local && y.fy >= local->costs_from;
        Levels level;
        for (int s = 0; s < kSettingCount; ++s) level[s] = own && (local->place[s] || local->top_up[s]) ? 1.0 : l.cost_level;
        respend(y, areas_of[k], plans, own ? costs : params, level);
      }
    settle_with_local(l, params, local);
  }
  share_white_paper_grants(ledgers, params);
  return ledgers;
}

}  // namespace sendtwin::finance
