#include "pipeline/local.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "core/error.h"
#include "data/csv.h"
#include "model/send/send_model.h"

namespace sendtwin::pipeline {

namespace {

// How far an LA's own figure may be from the one it replaces before it is refused as implausible
// (a typing slip: a figure in thousands, a digit too many): a factor of 2 for a count of the same
// census, 3 for the places, 5 for a cost or an allocation.
constexpr double kCaseloadFactor = 2, kPlacesFactor = 3, kCostFactor = 5, kAllocationFactor = 3;

std::string whole(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}
std::string share(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}
std::string fy_text(int fy) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d-%02d", fy, (fy + 1) % 100);
  return buf;
}

// An InputError unless `value` is within `factor` of `published` either way.
void near(double value, double published, double factor, const data::LocalData& d, int line, const std::string& field,
          const std::string& what) {
  if (published <= 0 || (value >= published / factor && value <= published * factor)) return;
  throw InputError(d.file, line, field, whole(value) + " is more than " + whole(factor) + " times from " + what + ", " + whole(published) +
                                            ": implausible (a figure in the wrong unit?)");
}

double total(const auto& values) { return std::accumulate(values.begin(), values.end(), 0.0); }

// [caseload] rows: the LA's joint table. The start takes its age band x setting table as it is (no
// fit to margins) and each setting's needs from it; its sums replace SEN2's margins, which the rest
// of the run (England's January, the LA's size) reads.
void apply_rows(const data::LocalData& d, model::AreaStart& area, model::SendParams& england, std::vector<Override>& out) {
  const std::string from = "SEN2, January " + std::to_string(area.year);
  const auto& bands = data::local_age_band_names();
  std::vector<double> table(static_cast<std::size_t>(model::kAgeBandCount * kSettingCount), 0.0);
  std::array<std::array<double, kNeedTypeCount>, kSettingCount> needs{};
  std::array<double, kNeedTypeCount> by_need{};
  for (const auto& c : d.rows) {
    const auto setting = static_cast<Setting>(c.setting);
    if (c.plans > 0 && !model::plan_cell_possible(c.age_band, setting))
      throw InputError(d.rows_file, c.line, "caseload.rows",
                       "plans aged " + std::string(bands[static_cast<std::size_t>(c.age_band)]) + " in " + std::string(to_string(setting)) +
                           ": the model cannot start a plan there (early years settings hold the under-5s and 5-10s, FE the 11-25s, AP "
                           "school ages, 20-25 year olds are in other settings, FE, special or mainstream schools)");
    table[static_cast<std::size_t>(c.age_band * kSettingCount + c.setting)] += c.plans;
    needs[c.setting][c.need] += c.plans;
    by_need[c.need] += c.plans;
  }
  const double published = area.plans(), given = total(table);
  near(given, published, kCaseloadFactor, d, d.rows_line, "caseload.rows", "the plans SEN2 published for January " + std::to_string(area.year));
  const model::AreaStart before = area;
  for (int b = 0; b < model::kAgeBandCount; ++b) {
    area.plans_by_age_band[b] = 0;
    for (int s = 0; s < kSettingCount; ++s) area.plans_by_age_band[b] += table[static_cast<std::size_t>(b * kSettingCount + s)];
  }
  for (int s = 0; s < kSettingCount; ++s) area.plans_by_setting[s] = total(needs[s]);
  for (int n = 0; n < kNeedTypeCount; ++n) area.need_shares[n] = by_need[n] / given;
  area.plans_by_band_and_setting = table;
  area.needs_by_setting = needs;
  const std::string source = d.caseload_source + " (the sums of caseload.rows)";
  for (int b = 0; b < model::kAgeBandCount; ++b)
    if (std::abs(area.plans_by_age_band[b] - before.plans_by_age_band[b]) >= 0.5)
      out.push_back({"caseload.rows.by_age_band." + std::string(bands[static_cast<std::size_t>(b)]), "plans", whole(before.plans_by_age_band[b]), from,
                     whole(area.plans_by_age_band[b]), source});
  for (int s = 0; s < kSettingCount; ++s)
    if (std::abs(area.plans_by_setting[s] - before.plans_by_setting[s]) >= 0.5)
      out.push_back({"caseload.rows.by_setting." + std::string(to_string(static_cast<Setting>(s))), "plans", whole(before.plans_by_setting[s]), from,
                     whole(area.plans_by_setting[s]), source});
  for (int n = 0; n < kNeedTypeCount; ++n) {
    const double was = before.need_shares[n] * published;
    if (std::abs(by_need[n] - was) >= 0.5)
      out.push_back({"caseload.rows.by_need." + std::string(to_string(static_cast<NeedType>(n))), "plans", whole(was), from, whole(by_need[n]), source});
  }
  int cells = 0;
  for (double v : table) cells += v > 0;
  out.push_back({"caseload.rows", "plans by age band x setting", "", "a table fitted to SEN2's two margins, every setting with the LA's need shares",
                 whole(given) + " in " + std::to_string(cells) + " cells, needs by setting (not by age)", d.caseload_source});
  for (int b = 0; b < model::kAgeBandCount; ++b) england.stock.by_age_band[b] += area.plans_by_age_band[b] - before.plans_by_age_band[b];
  for (int s = 0; s < kSettingCount; ++s) england.stock.by_setting[s] += area.plans_by_setting[s] - before.plans_by_setting[s];
}

// [caseload]: the LA's January plans by age band, setting and need in place of SEN2's. A margin
// not given is scaled to the total of those given, so that the two margins still count one census.
void apply_caseload(const data::LocalData& d, model::AreaStart& area, model::SendParams& england, std::vector<Override>& out) {
  if (!d.rows.empty()) return apply_rows(d, area, england, out);  // its margins, if given, are its sums (data/local_data.cpp)
  if (!d.by_age_band && !d.by_setting && !d.by_need) return;
  const std::string from = "SEN2, January " + std::to_string(area.year);
  const double published = area.plans();
  const double given = d.by_age_band ? total(*d.by_age_band) : d.by_setting ? total(*d.by_setting) : published;
  const int line = d.by_age_band ? d.by_age_band_line : d.by_setting ? d.by_setting_line : d.by_need_line;
  const std::string field = d.by_age_band ? "caseload.by_age_band" : d.by_setting ? "caseload.by_setting" : "caseload.by_need";
  near(given, published, kCaseloadFactor, d, line, field, "the plans SEN2 published for January " + std::to_string(area.year));
  if (d.by_need && (d.by_age_band || d.by_setting) && total(*d.by_need) != given)
    throw InputError(d.file, d.by_need_line, "caseload.by_need",
                     "adds up to " + whole(total(*d.by_need)) + " plans, the caseload to " + whole(given) + ": one January's plans, counted twice");
  if (d.by_need && !(total(*d.by_need) > 0)) throw InputError(d.file, d.by_need_line, "caseload.by_need", "holds no plans");
  const model::AreaStart before = area;
  const auto& bands = data::local_age_band_names();
  auto margin = [&](auto& now, const auto& was, const auto& own, const std::string& name, auto label, const std::string& source) {
    for (std::size_t k = 0; k < now.size(); ++k) {
      now[k] = own ? (*own)[k] : published > 0 ? was[k] * given / published : 0.0;
      if (std::abs(now[k] - was[k]) >= 0.5) out.push_back({name + "." + std::string(label(k)), "plans", whole(was[k]), from, whole(now[k]), source});
    }
  };
  const std::string scaled = "scaled to the caseload's total (" + field + ")";
  margin(area.plans_by_age_band, before.plans_by_age_band, d.by_age_band, "caseload.by_age_band", [&](std::size_t k) { return bands[k]; },
         d.by_age_band ? d.caseload_source : scaled);
  margin(area.plans_by_setting, before.plans_by_setting, d.by_setting, "caseload.by_setting",
         [](std::size_t k) { return to_string(static_cast<Setting>(k)); }, d.by_setting ? d.caseload_source : scaled);
  if (d.by_need) {
    const double needs = total(*d.by_need);
    for (int n = 0; n < kNeedTypeCount; ++n) {
      area.need_shares[n] = (*d.by_need)[n] / needs;
      const double was = before.need_shares[n] * published, now = area.need_shares[n] * given;
      if (std::abs(now - was) >= 0.5)
        out.push_back({"caseload.by_need." + std::string(to_string(static_cast<NeedType>(n))), "plans", whole(was), from, whole(now), d.caseload_source});
    }
  }
  model::PlanStockParams stock = england.stock;
  stock.by_age_band = area.plans_by_age_band;
  stock.by_setting = area.plans_by_setting;
  if (!model::plan_margins_fit(stock))
    throw InputError(d.file, line, field,
                     "the plans by age band and by setting cannot be one table (early years settings hold the under-5s, FE the "
                     "16-25s, AP school ages): check the two margins");
  // England's January is the LAs' added up (model::england_at_start): it moves with the LA's.
  for (int b = 0; b < model::kAgeBandCount; ++b) england.stock.by_age_band[b] += area.plans_by_age_band[b] - before.plans_by_age_band[b];
  for (int s = 0; s < kSettingCount; ++s) england.stock.by_setting[s] += area.plans_by_setting[s] - before.plans_by_setting[s];
}

// [places]: the LA's state special places in the January, their growth and the places it plans.
void apply_places(const data::LocalData& d, model::AreaStart& area, RunPlan& plan, std::vector<Override>& out) {
  const double occupied = area.plans_by_setting[static_cast<std::size_t>(Setting::StateSpecial)];
  if (const auto& places = d.state_special_places) {
    if (!(occupied > 0)) throw InputError(d.file, places->line, "places.state_special", "the LA has no plans in state special schools in the January");
    near(places->value, occupied, kPlacesFactor, d, places->line, "places.state_special", "its plans in state special schools");
    const double was = occupied * (1.0 + plan.send.capacity.initial_slack);
    area.special_places = places->value;
    out.push_back({"places.state_special", "places", whole(was), "its state special plans and England's spare places (capacity.initial_slack)",
                   whole(places->value), d.places_source});
  }
  // Unit and resourced provision places: the model has no limit on them (a child placed in a unit
  // always finds a place), so the LA's count is reported beside its plans in units (the workbook's
  // SCAP capacity block), not a constraint of the run.
  if (const auto& units = d.unit_places)
    out.push_back({"places.mainstream_unit", "places (reported only: no limit in the model)", "",
                   "none: the model places children in units and resourced provision without a limit", whole(units->value), d.places_source});
  if (const auto& growth = d.place_growth) {
    const bool own = !std::isnan(area.place_growth);
    out.push_back({"places.growth", "share a year", share(own ? area.place_growth : plan.send.capacity.growth),
                   own ? "the LA's fitted growth (src/calibrate)" : "England's (capacity.growth)", share(growth->value), d.places_source});
    area.place_growth = growth->value;
  }
  // The independent special places the LA commissions: from its plans there at the start (and
  // capacity.initial_slack), so an LA without any has none to grow.
  if (const auto& growth = d.independent_place_growth) {
    if (!(area.plans_by_setting[static_cast<std::size_t>(Setting::IndependentSpecial)] > 0))
      throw InputError(d.file, growth->line, "places.independent_growth",
                       "the LA has no plans in independent special schools in the January, so no such places to grow");
    const bool own = !std::isnan(area.independent_place_growth);
    out.push_back({"places.independent_growth", "share a year", own ? share(area.independent_place_growth) : "",
                   own ? "the line of the LA's independent special plans (src/calibrate)" : "none: no limit on independent special places",
                   share(growth->value), d.places_source});
    area.independent_place_growth = growth->value;
  }
  if (d.new_special_places.empty()) return;
  const int last = d.new_special_places.rbegin()->first;
  for (const auto& [year, places] : d.new_special_places)
    if (year < plan.start_year || year > plan.last_year)
      throw InputError(d.file, places.line, "places.new_special." + std::to_string(year),
                       "is outside the run, " + std::to_string(plan.start_year) + " to " + std::to_string(plan.last_year) + " (--start, --to)");
  // Amounts by calendar year, none after the last year given.
  YearEffects added;
  set_amounts(added, kFirstEffectYear, last + 1, 0.0, [&](int year) {
    const auto it = d.new_special_places.find(year);
    return it == d.new_special_places.end() ? 0.0 : it->second.value;
  });
  plan.send.added_places_by_la[area.code] = added;
  for (const auto& [year, places] : d.new_special_places)
    out.push_back({"places.new_special." + std::to_string(year), "places", "0", "none beyond the growth", whole(places.value), d.places_source});
}

// [costs]: the LA's costs a plan in place of England's, on its ledger only.
void apply_costs(const data::LocalData& d, const finance::FinanceParams& money, finance::LocalMoney& own, std::vector<Override>& out) {
  const std::string prices = "GBP a plan a year, " + fy_text(money.price_base_year) + " prices";
  for (int s = 0; s < kSettingCount; ++s) {
    const std::string name(to_string(static_cast<Setting>(s)));
    if (const auto& place = d.place[s]) {
      near(place->value, money.place[s], kCostFactor, d, place->line, "costs.place." + name, "England's place funding");
      own.place[s] = place->value;
      out.push_back({"costs.place." + name, "GBP a place a year, nominal", whole(money.place[s]), "England's (send.toml [finance])",
                     whole(place->value), d.costs_source});
    }
    if (const auto& top_up = d.top_up[s]) {
      const std::string field = (d.top_up_as_fee[s] ? "costs.fee." : "costs.top_up.") + name;
      near(top_up->value, money.top_up[s], kCostFactor, d, top_up->line, field, "England's");
      own.top_up[s] = top_up->value;
      out.push_back({field, prices, whole(money.top_up[s]), "England's (send.toml [finance])",
                     whole(top_up->value), d.costs_source});
    }
  }
}

// [money]: the LA's own allocations and balance, on a ledger of its own, in the years the run's
// ledgers hold; each near what DfE last published for it.
void check_money(const data::LocalData& d, const RunPlan& plan, const std::string& code) {
  const finance::FundingRow* latest = nullptr;
  int first_fy = 0, first_balance = 0;
  for (const auto& row : plan.funding) {
    if (first_fy == 0 || row.fy < first_fy) first_fy = row.fy;
    if (row.code == code && !row.block_only && (!latest || row.fy > latest->fy)) latest = &row;
    if (row.code == code && row.cumulative_balance_pct && (first_balance == 0 || row.fy < first_balance)) first_balance = row.fy;
  }
  const int last_fy = plan.last_year - 1;  // a financial year needs the January after it
  for (const auto& [fy, figure] : d.allocation) {
    const std::string field = "money.allocation." + fy_text(fy);
    if (fy < first_fy || fy > last_fy)
      throw InputError(d.file, figure.line, field, "is outside the ledger's years, " + fy_text(first_fy) + " to " + fy_text(last_fy) + " (--to " +
                                                       std::to_string(plan.last_year) + ")");
    if (latest) near(figure.value, latest->high_needs, kAllocationFactor, d, figure.line, field, "its high needs block of " + fy_text(latest->fy));
  }
  for (const auto& [fy, figure] : d.notional_sen_budget) {
    const std::string field = "money.notional_sen_budget." + fy_text(fy);
    if (fy < first_fy || fy > last_fy)
      throw InputError(d.file, figure.line, field, "is outside the ledger's years, " + fy_text(first_fy) + " to " + fy_text(last_fy) + " (--to " +
                                                       std::to_string(plan.last_year) + ")");
    if (latest && figure.value > latest->schools_block)
      throw InputError(d.file, figure.line, field,
                       whole(figure.value) + " is more than the LA's whole schools block of " + fy_text(latest->fy) + ", " + whole(latest->schools_block) +
                           ": implausible");
  }
  if (!d.balance_year) return;
  const std::string field = "money.closing_balance." + fy_text(*d.balance_year);
  // The write-off is of the balance at 31 March write_off_balance_year + 1, and the ledger's later
  // years depend on it: a balance is given at the latest for then.
  // The ledger's balances start from DfE's first published one (31 March 2020): an LA's own
  // balance is one at that date or after.
  const int latest_balance = std::min(last_fy, plan.money.write_off_balance_year);
  const int earliest = std::max(first_fy + 1, first_balance);
  if (*d.balance_year < earliest || *d.balance_year > latest_balance)
    throw InputError(d.file, d.closing_balance.line, field,
                     "is outside " + fy_text(earliest) + " to " + fy_text(latest_balance) + ": a balance from DfE's first published one, at 31 March " +
                         std::to_string(latest_balance + 1) + " at the latest (the write-off's), within the run (--to)");
  if (latest && std::abs(d.closing_balance.value) > latest->total_dsg)
    throw InputError(d.file, d.closing_balance.line, field,
                     whole(d.closing_balance.value) + " is more than the LA's whole DSG of " + fy_text(latest->fy) + ", " + whole(latest->total_dsg) + ": implausible");
}

int first_line(const data::LocalData& d) {
  for (int s = 0; s < kSettingCount; ++s) {
    if (d.place[s]) return d.place[s]->line;
    if (d.top_up[s]) return d.top_up[s]->line;
  }
  if (!d.allocation.empty()) return d.allocation.begin()->second.line;
  if (d.balance_year) return d.closing_balance.line;
  return d.notional_sen_budget.empty() ? d.line : d.notional_sen_budget.begin()->second.line;
}

}  // namespace

std::vector<Override> apply_local(const data::LocalData& d, RunPlan& plan) {
  const auto it = std::find_if(plan.areas.begin(), plan.areas.end(), [&](const model::AreaStart& a) { return a.code == d.code; });
  if (it == plan.areas.end()) {
    const data::LaRecord* r = plan.la_register ? plan.la_register->find(d.code) : nullptr;
    throw InputError(d.file, d.line, "local.la",
                     "\"" + d.code + "\" is " + (r ? r->name + ", not an LA of January " : "not an LA of DfE's register, nor of January ") +
                         std::to_string(plan.start_year) + " (`sendtwin la --list`)");
  }
  model::AreaStart& area = *it;
  const bool january = d.by_age_band || d.by_setting || d.by_need || !d.rows.empty() || d.state_special_places || d.unit_places;
  if (january && d.year != plan.start_year)
    throw InputError(d.file, d.line, "local.year",
                     "the caseload and places describe January " + std::to_string(d.year) + ", the run starts from January " +
                         std::to_string(plan.start_year) + ": give --start " + std::to_string(d.year) + " if the LA table holds it, or the figures of January " +
                         std::to_string(plan.start_year));
  const bool money = d.has_costs() || d.has_money();
  if (money) {
    for (const auto& unit : funding_units(plan))
      if (std::find(unit.model_codes.begin(), unit.model_codes.end(), d.code) != unit.model_codes.end() && unit.model_codes.size() > 1)
        throw InputError(d.file, first_line(d), d.has_money() ? "money" : "costs",
                         area.name + " shares one DSG ledger with other LAs of the run (" + unit.name + "): its own costs and money would be theirs too");
    check_money(d, plan, d.code);
  }
  std::vector<Override> out;
  apply_caseload(d, area, plan.send, out);
  apply_places(d, area, plan, out);
  finance::LocalMoney own;
  apply_costs(d, plan.money, own, out);
  for (const auto& [fy, figure] : d.allocation) own.allocation[fy] = figure.value;
  own.costs_from = plan.start_year - 1;  // the financial year the start January is in: the LA's costs are today's
  own.balance_year = d.balance_year;
  own.closing_balance = d.closing_balance.value;
  for (const auto& [fy, figure] : d.notional_sen_budget) own.notional_sen_budget[fy] = figure.value;
  if (money) plan.money.local[d.code] = own;
  return out;
}

std::vector<Override> money_overrides(const data::LocalData& d, const RunResult& result) {
  std::vector<Override> out;
  if (!d.has_money()) return out;  // no ledgers (before a run): the replaced figures are left blank
  const double n = static_cast<double>(result.ledgers.size());
  std::map<int, double> allocation, balance;
  for (const auto& replicate : result.ledgers)
    for (const auto& l : replicate) {
      if (std::find(l.model_codes.begin(), l.model_codes.end(), d.code) == l.model_codes.end()) continue;
      for (const auto& y : l.years) {
        if (y.allocation_replaced) allocation[y.fy] += *y.allocation_replaced / n;
        if (y.closing_replaced) balance[y.fy] += *y.closing_replaced / n;
      }
    }
  for (const auto& [fy, figure] : d.allocation) {
    const auto it = allocation.find(fy);
    out.push_back({"money.allocation." + fy_text(fy), "GBP", it == allocation.end() ? "" : whole(it->second),
                   "the high needs block the ledger holds (published, or grown from the last published)", whole(figure.value), d.money_source});
  }
  if (d.balance_year) {
    const auto it = balance.find(*d.balance_year);
    out.push_back({"money.closing_balance." + fy_text(*d.balance_year), "GBP", it == balance.end() ? "" : whole(it->second),
                   result.ledgers.size() > 1 ? "the balance the ledger carried to then (mean over replicates)" : "the balance the ledger carried to then",
                   whole(d.closing_balance.value), d.money_source});
  }
  for (const auto& [fy, figure] : d.notional_sen_budget)
    out.push_back({"money.notional_sen_budget." + fy_text(fy), "GBP", "",
                   "shown beside the model's notional SEN spend in place of any the LA published (data/la/notional_reported.csv); moves no figure", whole(figure.value), d.money_source});
  return out;
}

std::string overrides_csv(const std::vector<Override>& overrides) {
  data::CsvWriter w;
  w.row({"field", "unit", "replaced", "replaced_from", "value", "source"});
  for (const auto& o : overrides) w.row({o.field, o.unit, o.replaced, o.replaced_from, o.value, o.source});
  return w.text();
}

std::string render_overrides(const data::LocalData& d, const std::string& la_name, const std::vector<Override>& overrides) {
  std::string out = "Local data: " + d.file + " overrides " + std::to_string(overrides.size()) + " published or default figure" +
                    (overrides.size() == 1 ? "" : "s") + " for " + la_name + " (" + d.code + ") only:\n";
  std::size_t width = 5;
  for (const auto& o : overrides) width = std::max(width, o.field.size());
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-*s %14s %14s  ", static_cast<int>(width), "field", "replaced", "value");
  out += buf + std::string("unit; the replaced figure's origin; source\n");
  for (const auto& o : overrides) {
    std::snprintf(buf, sizeof buf, "  %-*s %14s %14s  ", static_cast<int>(width), o.field.c_str(), o.replaced.c_str(), o.value.c_str());
    out += buf + o.unit + "; " + o.replaced_from + "; " + o.source + "\n";
  }
  return out + "\n";
}

}  // namespace sendtwin::pipeline
