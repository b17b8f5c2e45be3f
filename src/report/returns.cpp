#include "report/returns.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>

#include "measures/registry.h"

namespace sendtwin::report {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The splits of the model's placements that DfE's categories cut finer (the model has one
// further-education setting, one independent or non-maintained special setting and one "other"
// setting) are England's published shares, data/params/send.toml [returns] (ReturnsInput::splits;
// dfe-returns.md §0.3).

constexpr int kAges = model::kPlanAgeCount;
using Ages = std::array<double, kAges>;

// One calendar year of the LA, the mean over replicates scaled to people.
struct Year {
  int year = 0;
  bool census = false, full = false;
  std::array<Ages, kSettingCount> setting_age{};
  std::array<std::array<double, kNeedTypeCount>, kSettingCount> setting_need{};
  std::array<double, model::kAgeBandCount> requests{}, assessments{}, issued{};
  double places = 0;
};

std::vector<Year> mean_years(const model::AreaResult& area, double scale) {
  std::vector<Year> out;
  const double w = 1.0 / (scale * static_cast<double>(area.replicates.size()));
  for (const auto& rep : area.replicates)
    for (std::size_t k = 0; k < rep.size(); ++k) {
      if (out.size() <= k) out.resize(k + 1);
      const model::YearTally& t = rep[k];
      Year& y = out[k];
      y.year = t.year;
      y.census = t.has_census;
      y.full = t.full_year;
      for (int s = 0; s < kSettingCount; ++s) {
        for (int a = 0; a < kAges; ++a) y.setting_age[s][a] += w * static_cast<double>(t.census.plans_by_setting_age[s][a]);
        for (int n = 0; n < kNeedTypeCount; ++n) y.setting_need[s][n] += w * static_cast<double>(t.census.plans_by_setting_need[s][n]);
      }
      for (int b = 0; b < model::kAgeBandCount; ++b) {
        y.requests[b] += w * static_cast<double>(t.flows.requests_by_age_band[b]);
        y.assessments[b] += w * static_cast<double>(t.flows.assessments_by_age_band[b]);
        y.issued[b] += w * static_cast<double>(t.flows.plans_issued_by_age_band[b]);
      }
      y.places += w * static_cast<double>(t.census.state_special_places);
    }
  return out;
}

const Year* find_year(const std::vector<Year>& years, int year) {
  for (const auto& y : years)
    if (y.year == year) return &y;
  return nullptr;
}

// A part of a DfE category: a model placement, at ages [min_age, max_age] (on 31 August before the
// January), times a share of it.
struct Part {
  Setting setting;
  double share = 1;
  int min_age = 0, max_age = kAges - 1;
};
using Parts = std::vector<Part>;

double plans(const Year& y, const Parts& parts, int min_age = 0, int max_age = kAges - 1) {
  double n = 0;
  for (const auto& p : parts)
    for (int a = std::max(min_age, p.min_age); a <= std::min(max_age, p.max_age); ++a)
      n += p.share * y.setting_age[static_cast<int>(p.setting)][a];
  return n;
}

// A part's plans of a need: the placement's need, times the part's share of the placement's plans
// (a part cut by age takes its ages' share: the model counts need by placement, not by age too).
double plans_of_need(const Year& y, const Parts& parts, int need) {
  double n = 0;
  for (const auto& p : parts) {
    const int s = static_cast<int>(p.setting);
    double all = 0, mine = 0;
    for (int a = 0; a < kAges; ++a) {
      all += y.setting_age[s][a];
      if (a >= p.min_age && a <= p.max_age) mine += y.setting_age[s][a];
    }
    if (all > 0) n += p.share * (mine / all) * y.setting_need[s][need];
  }
  return n;
}

// DfE's 13 primary-need rows (dfe-returns.md §0.1), as the model's needs add up to them: Down
// syndrome with "other" (DfE's own footnote); the last row, no specialist assessment, is the
// model's NSA (none for plans).
struct NeedRow {
  const char* label;
  std::vector<NeedType> needs;
};
const std::vector<NeedRow>& need_rows() {
  static const std::vector<NeedRow> rows = {
      {"Autistic Spectrum Disorder", {NeedType::ASD}},
      {"Hearing Impairment", {NeedType::HI}},
      {"Moderate Learning Difficulty", {NeedType::MLD}},
      {"Multi- Sensory Impairment", {NeedType::MSI}},
      {"Physical Disability", {NeedType::PD}},
      {"Profound & Multiple Learning Difficulty", {NeedType::PMLD}},
      {"Social, Emotional and Mental Health", {NeedType::SEMH}},
      {"Speech, Language and Communications needs", {NeedType::SLCN}},
      {"Severe Learning Difficulty", {NeedType::SLD}},
      {"Specific Learning Difficulty", {NeedType::SPLD}},
      {"Visual Impairment", {NeedType::VI}},
      {"Other Difficulty/Disability", {NeedType::OTH, NeedType::DS}},
      {"SEN support but no specialist assessment of type of need", {NeedType::NSA}},
  };
  return rows;
}

double need_row(const Year& y, const Parts& parts, const NeedRow& row) {
  double n = 0;
  for (NeedType need : row.needs) n += plans_of_need(y, parts, static_cast<int>(need));
  return n;
}

// SEN2's five age bands (dfe-returns.md §0.2), ages on 31 August before the January.
struct Band {
  const char* label;
  int min_age, max_age;
};
constexpr std::array<Band, model::kAgeBandCount> kBands = {{
    {"Under 5", 0, 4}, {"Age 5 to 10", 5, 10}, {"Age 11 to 15", 11, 15}, {"Age 16 to 19", 16, 19}, {"Age 20 to 25", 20, 25}}};

// The DSG management plan's 7 placement categories (dfe-returns.md §1.5, the template's sheet titles).
struct Category {
  const char* title;
  Parts parts;
  bool post16_only = false;
};
const std::vector<Category>& dsg_categories() {
  static const std::vector<Category> c = {
      {"Mainstream schools or academies placements", {{Setting::Mainstream}, {Setting::IndependentMainstream}}},
      {"Resourced provision or SEN Units placements", {{Setting::MainstreamUnit}}},
      {"Maintained special schools or special academies placements", {{Setting::StateSpecial}}},
      {"Non-maintained special schools or independent (NMSS or independent) placements", {{Setting::IndependentSpecial}}},
      {"Hospital schools or alternative provision (AP) placements", {{Setting::AlternativeProvision}}},
      {"Post 16 and further education (FE) placements", {{Setting::FurtherEducation}}, true},
      {"Other placements or direct payments", {{Setting::Other}, {Setting::EarlyYears}}},
  };
  return c;
}

// The Local SEND Reform Plan's 14 provision types of table 6 (dfe-returns.md §2.3, template order).
struct Provision {
  const char* name;
  Parts parts;
};
std::vector<Provision> lsrp_provisions(const model::ReturnSplitParams& split) {
  const double post16 = split.specialist_post16.share(), home = split.home_education.share(), eotas = split.eotas.share();
  return {
      {"Early Years settings including PVIs", {{Setting::EarlyYears}}},
      {"Mainstream schools or academies", {{Setting::Mainstream}}},
      {"Support bases in mainstream settings", {}},
      {"Specialist bases in mainstream settings", {{Setting::MainstreamUnit, 1, 0, 15}}},
      {"Maintained special schools or special academies", {{Setting::StateSpecial}}},
      {"NMSS or independent schools - LA funded placements", {{Setting::IndependentSpecial}, {Setting::IndependentMainstream}}},
      {"NMSS or independent schools - other suitable arrangements", {}},
      {"Alternative Provision", {{Setting::AlternativeProvision}}},
      {"Mainstream Post 16 provision", {{Setting::FurtherEducation, 1 - post16}}},
      {"Mainstream Post 16 specialist provision", {{Setting::MainstreamUnit, 1, 16, kAges - 1}}},
      {"Specialist Post-16 institutions", {{Setting::FurtherEducation, post16}}},
      {"Elective Home Education (EHE)", {{Setting::Other, home}}},
      {"Other arrangements by LA (EOTAS)", {{Setting::Other, eotas}}},
      {"Other (including hospital schools where applicable)", {{Setting::Other, 1 - home - eotas}}},
  };
}

// Tables 7.1-7.7: which provision rows each takes (dfe-returns.md §2.4).
struct NeedTable {
  const char* title;
  std::vector<int> provisions;  // 0-based rows of lsrp_provisions()
};
const std::vector<NeedTable>& lsrp_need_tables() {
  static const std::vector<NeedTable> t = {
      {"7.1 Current and projected number of all CYP with EHC plans in Early Years Settings including PVIs by primary need", {0}},
      {"7.2 Current and projected number of all CYP with EHC plans in Mainstream Schools or Academies (including Support Bases) by primary need", {1, 2}},
      {"7.3 Current and projected number of all CYP with EHC plans in Specialist Bases by primary need", {3}},
      {"7.4 Current and projected number of all CYP with EHC plans in Maintained Special Schools or Special Academies by primary need", {4}},
      {"7.5 Current and projected number of all CYP with EHC plans in Non-Maintained Special Schools or Independent Schools by primary need", {5, 6}},
      {"7.6 Current and projected number of all CYP with EHC plans in Alternative Provision or Hospital Schools by primary need", {7}},
      {"7.7 Current and projected number of all CYP with EHC plans in Post-16 (Further Education or Specialist Further Education) Settings by primary need", {8, 9, 10}},
  };
  return t;
}

Parts all_parts() {
  Parts all;
  for (int s = 0; s < kSettingCount; ++s) all.push_back({static_cast<Setting>(s)});
  return all;
}

std::string fy_label(int fy) { return measures::period_label(measures::Period::FinancialYear, fy); }

}  // namespace

namespace {

// The Januaries a return shows, with "(actual)" on the one the run started from: its plans are the
// published SEN2 count (data/la/starts.csv); later ones are forecasts.
std::string january_label(int year, int start) {
  return "Jan " + std::to_string(year) + (year <= start ? " (actual)" : " (forecast)");
}

std::vector<const Year*> januaries(const std::vector<Year>& years, int first, int last) {
  std::vector<const Year*> out;
  for (const auto& y : years)
    if (y.census && y.year >= first && y.year <= last) out.push_back(&y);
  return out;
}

Sheet dsg_ehcps(const ReturnsInput& in, const std::vector<Year>& years) {
  Sheet sheet("DSG plan EHCPs", std::vector<Block>{});
  const auto cols = januaries(years, in.first_year, in.last_year);
  for (const auto& category : dsg_categories()) {
    Block ages{.header = {std::string(category.title) + ": Number of EHCPs by age group"}, .rows = {}};
    Block needs{.header = {std::string(category.title) + ": Number of EHCPs by primary need"}, .rows = {}};
    for (const Year* y : cols) {
      ages.header.push_back(january_label(y->year, in.start_year));
      needs.header.push_back(january_label(y->year, in.start_year));
    }
    for (const auto& band : kBands) {
      if (category.post16_only && band.min_age < 16) continue;  // the template's post-16 sheet has two rows
      std::vector<Cell> row = {text_cell(band.label)};
      for (const Year* y : cols) row.push_back(count_cell(std::round(plans(*y, category.parts, band.min_age, band.max_age))));
      ages.rows.push_back(std::move(row));
    }
    std::vector<Cell> total = {text_cell("Total number by Age Group")};
    for (const Year* y : cols) total.push_back(count_cell(std::round(plans(*y, category.parts, category.post16_only ? 16 : 0))));
    ages.rows.push_back(std::move(total));
    for (const auto& need : need_rows()) {
      std::vector<Cell> row = {text_cell(need.label)};
      for (const Year* y : cols) row.push_back(count_cell(std::round(need_row(*y, category.parts, need))));
      needs.rows.push_back(std::move(row));
    }
    std::vector<Cell> need_total = {text_cell("Total number of EHCPs by primary need")};
    for (const Year* y : cols) need_total.push_back(count_cell(std::round(plans(*y, category.parts))));
    needs.rows.push_back(std::move(need_total));
    sheet.blocks.push_back(std::move(ages));
    sheet.blocks.push_back(std::move(needs));
  }
  return sheet;
}

// The LA's ledger years, mean over replicates, by financial year (the first ledger's years if the LA
// has more than one: it has one).
std::vector<finance::LedgerYear> mean_ledger(const ReturnsInput& in) {
  std::vector<finance::LedgerYear> out;
  if (in.ledgers.empty() || in.ledgers.front().empty()) return out;
  const double n = static_cast<double>(in.ledgers.size());
  out = in.ledgers.front().front().years;
  for (auto& y : out) {
    y.spend = y.allocation = y.transfer = y.closing = y.write_off = y.central = y.interest = y.total_dsg = 0;
    y.place_funding = y.top_ups = y.without_plans = y.notional_sen = 0;
    y.spend_by_setting = {};
  }
  for (const auto& rep : in.ledgers) {
    if (rep.empty()) continue;
    for (std::size_t k = 0; k < out.size() && k < rep.front().years.size(); ++k) {
      const auto& y = rep.front().years[k];
      auto& m = out[k];
      m.spend += y.spend / n, m.allocation += y.allocation / n, m.transfer += y.transfer / n;
      m.closing += y.closing / n, m.write_off += y.write_off / n, m.central += y.central / n;
      m.interest += y.interest / n, m.total_dsg += y.total_dsg / n, m.notional_sen += y.notional_sen / n;
      m.place_funding += y.place_funding / n, m.top_ups += y.top_ups / n, m.without_plans += y.without_plans / n;
      for (int s = 0; s < kSettingCount; ++s) m.spend_by_setting[s] += y.spend_by_setting[s] / n;
    }
  }
  return out;
}

double effect_at(const std::vector<Mitigation::Effect>& effects, int year) {
  for (const auto& e : effects)
    if (e.year == year) return e.mean;
  return kNaN;
}

std::vector<Cell> money_row(const std::string& label, const std::vector<const finance::LedgerYear*>& cols,
                            const std::function<double(const finance::LedgerYear&)>& value) {
  std::vector<Cell> row = {text_cell(label)};
  for (const auto* y : cols) row.push_back(money_cell(value(*y)));
  return row;
}

void add_mitigations(Block& block, const ReturnsInput& in, const std::vector<const finance::LedgerYear*>& cols) {
  for (const auto& m : in.mitigations) {
    block.rows.push_back(money_row(m.name + ": change in high needs spend (mean)", cols,
                                   [&](const finance::LedgerYear& y) { return effect_at(m.spend, y.fy); }));
    std::vector<Cell> lo = {text_cell(m.name + ": 90% interval, low")}, hi = {text_cell(m.name + ": 90% interval, high")};
    for (const auto* y : cols) {
      double l = kNaN, h = kNaN;
      for (const auto& e : m.spend)
        if (e.year == y->fy) l = e.lo, h = e.hi;
      lo.push_back(money_cell(l));
      hi.push_back(money_cell(h));
    }
    block.rows.push_back(std::move(lo));
    block.rows.push_back(std::move(hi));
  }
  // The mitigated position: the baseline with every mitigation's mean change added, as the
  // template's workstreams are (assumed independent of one another).
  auto saved = [&](int fy) {
    double s = 0;
    for (const auto& m : in.mitigations) {
      const double e = effect_at(m.spend, fy);
      if (!std::isnan(e)) s += e;
    }
    return s;
  };
  block.rows.push_back(money_row("High needs spend (mitigated)", cols, [&](const finance::LedgerYear& y) { return y.spend + saved(y.fy); }));
  block.rows.push_back(money_row("In-year high needs balance (mitigated)", cols,
                                 [&](const finance::LedgerYear& y) { return y.in_year() - saved(y.fy); }));
  std::vector<Cell> cumulative = {text_cell("Cumulative DSG balance (mitigated, before the overspend met centrally)")};
  double carried = 0;
  for (const auto* y : cols) {
    carried += y->central > 0 ? 0.0 : saved(y->fy);
    cumulative.push_back(money_cell(y->closing - carried));
  }
  block.rows.push_back(std::move(cumulative));
}

Sheet dsg_finance(const ReturnsInput& in) {
  Sheet sheet("DSG plan finance", std::vector<Block>{});
  const auto ledger = mean_ledger(in);
  std::vector<const finance::LedgerYear*> cols;
  for (const auto& y : ledger)
    if (y.fy >= in.start_year - 3 && y.fy < in.last_year) cols.push_back(&y);
  const std::string unit = " (GBP 000s)";
  Block money{.header = {"High needs block and DSG, " + in.name + unit}, .rows = {}};
  std::vector<Cell> status = {text_cell("Outturn or forecast")};
  for (const auto* y : cols) {
    money.header.push_back(fy_label(y->fy));
    status.push_back(text_cell(y->fy + 1 <= in.start_year ? "outturn (published plans)" : "forecast"));
  }
  money.rows.push_back(std::move(status));
  money.rows.push_back(money_row("Total DSG", cols, [](const auto& y) { return y.total_dsg; }));
  money.rows.push_back(money_row("High needs block allocation", cols, [](const auto& y) { return y.allocation; }));
  money.rows.push_back(money_row("Transfer from the schools block", cols, [](const auto& y) { return y.transfer; }));
  money.rows.push_back(money_row("High needs spend (unmitigated)", cols, [](const auto& y) { return y.spend; }));
  for (const auto& category : dsg_categories())
    money.rows.push_back(money_row(std::string("  of which ") + category.title, cols, [&](const finance::LedgerYear& y) {
      double s = 0;
      for (const auto& p : category.parts) s += y.spend_by_setting[static_cast<int>(p.setting)];
      return s;
    }));
  money.rows.push_back(money_row("  of which pupils without a plan (AP, hospital education, FE high needs)", cols,
                                 [](const auto& y) { return y.without_plans; }));
  money.rows.push_back(money_row("In-year high needs balance (unmitigated)", cols, [](const auto& y) { return y.in_year(); }));
  money.rows.push_back(money_row("High Needs Stability Grant (write-off)", cols, [](const auto& y) { return y.write_off; }));
  money.rows.push_back(money_row("Overspend met centrally", cols, [](const auto& y) { return y.central; }));
  money.rows.push_back(money_row("Cost of carrying the deficit", cols, [](const auto& y) { return y.interest; }));
  money.rows.push_back(money_row("Cumulative DSG balance (unmitigated)", cols, [](const auto& y) { return y.closing; }));
  std::vector<Cell> pct = {text_cell("Cumulative DSG balance, % of DSG")};
  for (const auto* y : cols) pct.push_back(percent_cell(y->total_dsg > 0 ? 100.0 * y->closing / y->total_dsg : kNaN));
  money.rows.push_back(std::move(pct));
  money.rows.push_back(money_row("Cumulative DSG balance published (DfE) or reported (schools forum)", cols, [](const auto& y) {
    return y.published_closing ? *y.published_closing : y.reported_closing ? *y.reported_closing : kNaN;
  }));
  sheet.blocks.push_back(std::move(money));
  Block elements{.header = {"High needs spend by element" + unit}, .rows = {}};
  for (const auto* y : cols) elements.header.push_back(fy_label(y->fy));
  elements.rows.push_back(money_row("Place funding (specialist places)", cols, [](const auto& y) { return y.place_funding; }));
  elements.rows.push_back(money_row("Top-ups and fees (element 3)", cols, [](const auto& y) { return y.top_ups; }));
  elements.rows.push_back(money_row("Pupils without a plan", cols, [](const auto& y) { return y.without_plans; }));
  elements.rows.push_back(money_row("Element 2 met by schools (notional SEN, schools block)", cols, [](const auto& y) { return y.notional_sen; }));
  sheet.blocks.push_back(std::move(elements));
  Block mitigated{.header = {"Mitigations and the mitigated position" + unit}, .rows = {}};
  for (const auto* y : cols) mitigated.header.push_back(fy_label(y->fy));
  add_mitigations(mitigated, in, cols);
  sheet.blocks.push_back(std::move(mitigated));
  return sheet;
}

}  // namespace

namespace {

// The Local SEND Reform Plan's years: calendar years 2025-2029, each the count at its end (the
// January census after it), as Mastodon C reads the template (dfe-returns.md §2.2); flows are the
// calendar year's.
constexpr int kLsrpFirst = 2025, kLsrpLast = 2029;

Block lsrp_block(const std::string& title, int start, bool flow) {
  Block b{.header = {title}, .rows = {}};
  for (int y = kLsrpFirst; y <= kLsrpLast; ++y) {
    const int census = y + 1;
    if (flow) b.header.push_back(std::to_string(y) + (y >= start ? " (forecast)" : " (before the run)"));
    else b.header.push_back(std::to_string(y) + " (Jan " + std::to_string(census) + (census <= start ? ", actual)" : ", forecast)"));
  }
  return b;
}

template <typename F>
std::vector<Cell> lsrp_row(const std::string& label, const std::vector<Year>& years, bool flow, F value) {
  std::vector<Cell> row = {text_cell(label)};
  for (int y = kLsrpFirst; y <= kLsrpLast; ++y) {
    const Year* t = find_year(years, flow ? y : y + 1);
    const bool covered = t && (flow ? t->full : t->census);
    row.push_back(count_cell(covered ? std::round(value(*t)) : kNaN));
  }
  return row;
}

Sheet lsrp(const ReturnsInput& in, const std::vector<Year>& years) {
  Sheet sheet("LSRP", std::vector<Block>{});
  const int start = in.start_year;
  const Parts all = all_parts();
  Block ages = lsrp_block("5.1 Total number of EHC plans by age group (with estimated future projections)", start, false);
  for (const auto& band : kBands)
    ages.rows.push_back(lsrp_row(band.label, years, false, [&](const Year& y) { return plans(y, all, band.min_age, band.max_age); }));
  sheet.blocks.push_back(std::move(ages));
  Block provision = lsrp_block("6. Current and projected number of all CYP with EHC plans by provision", start, false);
  const auto provisions = lsrp_provisions(in.splits);
  for (const auto& p : provisions)
    provision.rows.push_back(lsrp_row(p.name, years, false, [&](const Year& y) { return plans(y, p.parts); }));
  sheet.blocks.push_back(std::move(provision));
  Block needs = lsrp_block("7. Current and projected number of all CYP with EHC plans by primary need", start, false);
  for (const auto& n : need_rows())
    needs.rows.push_back(lsrp_row(n.label, years, false, [&](const Year& y) { return need_row(y, all, n); }));
  sheet.blocks.push_back(std::move(needs));
  for (const auto& table : lsrp_need_tables()) {
    Parts parts;
    for (int k : table.provisions) {
      const auto& p = provisions[static_cast<std::size_t>(k)].parts;
      parts.insert(parts.end(), p.begin(), p.end());
    }
    Block b = lsrp_block(table.title, start, false);
    for (const auto& n : need_rows())
      b.rows.push_back(lsrp_row(n.label, years, false, [&](const Year& y) { return need_row(y, parts, n); }));
    sheet.blocks.push_back(std::move(b));
  }
  const std::array<std::pair<const char*, std::array<double, model::kAgeBandCount> Year::*>, 3> flows = {{
      {"10. Current and projected number of all EHCNA requests by CYP age", &Year::requests},
      {"11. Current and projected number of all EHC Needs Assessments by CYP age", &Year::assessments},
      {"12. Current and projected number of all EHCNAs that result in an EHCP", &Year::issued},
  }};
  for (const auto& [title, field] : flows) {
    Block b = lsrp_block(title, start, true);
    for (int k = 0; k < model::kAgeBandCount; ++k)
      b.rows.push_back(lsrp_row(kBands[static_cast<std::size_t>(k)].label, years, true,
                                [&, f = field](const Year& y) { return (y.*f)[static_cast<std::size_t>(k)]; }));
    sheet.blocks.push_back(std::move(b));
  }
  return sheet;
}

// SCAP's provision types (dfe-returns.md §3.2): SCAP counts non-maintained special schools as
// state-funded, the DSG plan and the LSRP with independents.
struct ScapType {
  const char* name;
  Parts parts;
};
std::vector<ScapType> scap_types(const model::ReturnSplitParams& split) {
  const double non_maintained = split.non_maintained.share();
  return {
      {"SEN units and resourced provision in mainstream schools", {{Setting::MainstreamUnit}}},
      {"Independent schools (independent schools and independent special schools)",
       {{Setting::IndependentSpecial, 1 - non_maintained}, {Setting::IndependentMainstream}}},
      {"State funded special schools (LA-maintained, special academies, non-maintained special schools)",
       {{Setting::StateSpecial}, {Setting::IndependentSpecial, non_maintained}}},
      {"Alternative provision (PRUs, AP academies and independent AP)", {{Setting::AlternativeProvision}}},
  };
}

std::string academic_year(int january) {
  char text[16];
  std::snprintf(text, sizeof text, "%d/%02d", january - 1, january % 100);
  return text;
}

Sheet scap(const ReturnsInput& in, const std::vector<Year>& years) {
  Sheet sheet("SCAP", std::vector<Block>{});
  // Primary: Reception to Year 6, 5 years ahead; secondary: Years 7 to 11, 7 years ahead (§3.1).
  struct Phase {
    const char* name;
    int first_ncy, last_ncy, horizon;
  };
  constexpr std::array<Phase, 2> phases = {{{"Primary", 0, 6, 5}, {"Secondary", 7, 11, 7}}};
  for (const auto& phase : phases)
    for (const auto& type : scap_types(in.splits)) {
      Block b{.header = {std::string(phase.name) + ": " + type.name}, .rows = {}};
      for (int ncy = phase.first_ncy; ncy <= phase.last_ncy; ++ncy) b.header.push_back(ncy == 0 ? "Reception" : std::to_string(ncy));
      for (int january = in.start_year; january <= std::min(in.last_year, in.start_year + phase.horizon); ++january) {
        const Year* y = find_year(years, january);
        if (!y || !y->census) continue;
        std::vector<Cell> row = {text_cell(academic_year(january) + (january <= in.start_year ? " (actual)" : " (forecast)"))};
        // NCY = age on 31 August before the school year - 4 (dfe-returns.md §0.2).
        for (int ncy = phase.first_ncy; ncy <= phase.last_ncy; ++ncy) row.push_back(count_cell(std::round(plans(*y, type.parts, ncy + 4, ncy + 4))));
        b.rows.push_back(std::move(row));
      }
      sheet.blocks.push_back(std::move(b));
    }
  Block capacity{.header = {"Special places against demand (all ages)"}, .rows = {}};
  const auto cols = januaries(years, in.start_year, in.last_year);
  for (const Year* y : cols) capacity.header.push_back(january_label(y->year, in.start_year));
  auto row = [&](const char* label, auto value) {
    std::vector<Cell> r = {text_cell(label)};
    for (const Year* y : cols) r.push_back(count_cell(std::round(value(*y))));
    capacity.rows.push_back(std::move(r));
  };
  const Parts state = {{Setting::StateSpecial}}, independent = {{Setting::IndependentSpecial}};
  row("State special places (the model's capacity)", [](const Year& y) { return y.places; });
  row("Plans in state special schools", [&](const Year& y) { return plans(y, state); });
  row("Plans in independent or non-maintained special schools", [&](const Year& y) { return plans(y, independent); });
  row("Special placements beyond the state places", [&](const Year& y) { return plans(y, state) + plans(y, independent) - y.places; });
  sheet.blocks.push_back(std::move(capacity));
  if (!std::isnan(in.unit_places)) {
    // The LA's count of unit places is of the start's January only; the model has no limit on them.
    Block units{.header = {"Unit and resourced provision places against plans (all ages)"}, .rows = {}};
    for (const Year* y : cols) units.header.push_back(january_label(y->year, in.start_year));
    std::vector<Cell> places = {text_cell("Unit and resourced provision places (the LA's own, --local; reported, not a limit in the model)")};
    std::vector<Cell> held = {text_cell("Plans in units and resourced provision")};
    const Parts unit = {{Setting::MainstreamUnit}};
    for (const Year* y : cols) {
      places.push_back(count_cell(y->year == in.start_year ? in.unit_places : kNaN));
      held.push_back(count_cell(std::round(plans(*y, unit))));
    }
    units.rows.push_back(std::move(places));
    units.rows.push_back(std::move(held));
    sheet.blocks.push_back(std::move(units));
  }
  return sheet;
}

}  // namespace

namespace {

std::string setting_list(const Parts& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += " + ";
    out += std::string(to_string(p.setting));
    if (p.share < 1) {
      char share[32];
      std::snprintf(share, sizeof share, " x %.1f%%", 100 * p.share);
      out += share;
    }
    if (p.min_age > 0 || p.max_age < kAges - 1) out += " aged " + std::to_string(p.min_age) + "-" + std::to_string(p.max_age);
  }
  return out.empty() ? "none: not recorded in SEN2 or not modelled (0)" : out;
}

// The splits as the parameters give them (send.toml [returns], or --params FILE): the share, the
// counts it is worked out from, the published table and the release.
Block split_block(const ReturnsInput& in) {
  Block shares{.header = {"Split of a model placement (data/params/send.toml [returns])", "Share", "Plans (of plans)", "Table", "Source"},
               .rows = {}};
  const auto& s = in.splits;
  const std::array<std::pair<const char*, const model::PublishedShare*>, 4> rows = {{
      {"Further education in specialist post-16 institutions", &s.specialist_post16},
      {"Independent or non-maintained special in non-maintained special schools", &s.non_maintained},
      {"Other placements in elective home education", &s.home_education},
      {"Other placements in other arrangements by the LA (EOTAS)", &s.eotas},
  }};
  for (const auto& [what, share] : rows) {
    // The counts as text: the sheet's numbers in a "Share" table are percentages.
    char counts[64];
    std::snprintf(counts, sizeof counts, "%.0f of %.0f", share->numerator, share->denominator);
    shares.rows.push_back({text_cell(what), percent_cell(100 * share->share()), text_cell(counts), text_cell(share->table), text_cell(share->source)});
  }
  return shares;
}

Sheet assumptions(const ReturnsInput& in) {
  Sheet sheet("Assumptions", std::vector<Block>{});
  Block about{.header = {"About this workbook", "Value"}, .rows = {}};
  auto say = [&](const std::string& what, const std::string& value) { about.rows.push_back({text_cell(what), text_cell(value)}); };
  say("Local authority", in.name + " (" + in.code + ")");
  say("Run", in.run_description);
  say("Actual and forecast", "The January the run starts from (" + std::to_string(in.start_year) +
                                 ") is DfE's published SEN2 count for the LA; later Januaries, and flows from it, are the model's mean over replicates.");
  say("Ages", "Age on 31 August before the January census (SEN2's rule); national curriculum year = age - 4 (dfe-returns.md 0.2).");
  say("DSG plan years", "EHC plans: the January census of each year; money: financial years, GBP thousands, nominal.");
  say("LSRP years", "Year Y is the count at its end (the January census of Y+1); tables 10-12 count calendar year Y's events (Mastodon C's reading of the template; the template itself is not public).");
  say("SCAP", "Resident pupils with a plan in each provision type by year group, the academic year of each January; primary 5 and secondary 7 years ahead.");
  say("Mitigated position", "The baseline with each mitigation's mean change in spend added, as the template's workstreams are; a change after the overspend is met centrally does not move the cumulative balance.");
  say("Sources", "DfE category lists and layouts: dfe-returns.md (DSG management plan v10, Local SEND Reform Plan 2025-26, SCAP 2026); splits of a placement: the [returns] counts of the parameters (below), " + in.splits_file + ".");
  sheet.blocks.push_back(std::move(about));
  Block dsg{.header = {"DSG management plan category", "Model placements"}, .rows = {}};
  for (const auto& c : dsg_categories()) dsg.rows.push_back({text_cell(c.title), text_cell(setting_list(c.parts))});
  sheet.blocks.push_back(std::move(dsg));
  Block lsrp{.header = {"LSRP provision type (table 6)", "Model placements"}, .rows = {}};
  for (const auto& p : lsrp_provisions(in.splits)) lsrp.rows.push_back({text_cell(p.name), text_cell(setting_list(p.parts))});
  sheet.blocks.push_back(std::move(lsrp));
  Block scap{.header = {"SCAP provision type", "Model placements"}, .rows = {}};
  for (const auto& t : scap_types(in.splits)) scap.rows.push_back({text_cell(t.name), text_cell(setting_list(t.parts))});
  sheet.blocks.push_back(std::move(scap));
  sheet.blocks.push_back(split_block(in));
  Block mitigations{.header = {"Mitigation (la --scenario)", "Levers"}, .rows = {}};
  for (const auto& m : in.mitigations) mitigations.rows.push_back({text_cell(m.name), text_cell(m.levers)});
  if (in.mitigations.empty()) mitigations.rows.push_back({text_cell("none"), text_cell("give scenario files with --scenario to add mitigations")});
  sheet.blocks.push_back(std::move(mitigations));
  return sheet;
}

}  // namespace

std::vector<Sheet> dfe_returns(const ReturnsInput& in) {
  const auto years = mean_years(*in.area, in.scale);
  return {dsg_finance(in), dsg_ehcps(in, years), lsrp(in, years), scap(in, years), assumptions(in)};
}

}  // namespace sendtwin::report
