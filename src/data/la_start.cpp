#include "data/la_start.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>
#include <system_error>
#include <tuple>
#include <unordered_set>

#include "core/error.h"
#include "data/csv.h"
#include "data/ees.h"
#include "data/embedded.h"
#include "data/la_flows.h"
#include "data/published.h"
#include "data/plausible.h"

namespace sendtwin::data {

namespace {

// The years an LA's practice is read over (la_start.h), to the last before the pandemic: requests
// and what follows them from 2016, since sen2_mi.csv has no initial requests for 2015 (`z`);
// timeliness from 2015, the first full calendar year of EHC plans (2014 had four months).
constexpr int kPracticeFrom = 2016, kTimelinessFrom = 2015, kPracticeTo = 2019;
constexpr const char* kPlansColumn = "Total_all";  // statements and EHC plans

// SEN2 age bands, in the order of AreaStart::plans_by_age_band.
constexpr std::array<const char*, model::kAgeBandCount> kAgeBands = {"Under 5", "Age 5 to 10", "Age 11 to 15",
                                                                      "Age 16 to 19", "Age 20 to 25"};

// The placement categories of AreaStart::plans_by_setting from SEN2's establishment rows (the same
// grouping as data/params/send.toml's stock.by_setting): each category adds (+1) or takes away
// (-1) establishment rows given as {group, type}.
struct Term {
  int sign;
  const char* group;
  const char* type;
};
const std::array<std::vector<Term>, kSettingCount>& setting_terms() {
  static const std::array<std::vector<Term>, kSettingCount> terms = {{
      // Mainstream: all mainstream less SEN units, resourced provision and independent mainstream.
      {{+1, "Mainstream school", "Total"},
       {-1, "Mainstream school", "Mainstream - LA maintained - SEN unit"},
       {-1, "Mainstream school", "Mainstream - LA maintained - Resourced provision"},
       {-1, "Mainstream school", "Mainstream - Academy - SEN unit"},
       {-1, "Mainstream school", "Mainstream - Academy - Resourced Provision"},
       {-1, "Mainstream school", "Mainstream - Free school - SEN unit"},
       {-1, "Mainstream school", "Mainstream - Free school - Resourced provision"},
       {-1, "Mainstream school", "Mainstream - Independent"}},
      // Mainstream with an SEN unit or resourced provision.
      {{+1, "Mainstream school", "Mainstream - LA maintained - SEN unit"},
       {+1, "Mainstream school", "Mainstream - LA maintained - Resourced provision"},
       {+1, "Mainstream school", "Mainstream - Academy - SEN unit"},
       {+1, "Mainstream school", "Mainstream - Academy - Resourced Provision"},
       {+1, "Mainstream school", "Mainstream - Free school - SEN unit"},
       {+1, "Mainstream school", "Mainstream - Free school - Resourced provision"}},
      // State special: maintained, academy and free special schools and hospital schools.
      {{+1, "Special school", "Total"}, {-1, "Special school", "Special - Independent"},
       {-1, "Special school", "Special - Non-maintained"}},
      // Independent and non-maintained special.
      {{+1, "Special school", "Special - Independent"}, {+1, "Special school", "Special - Non-maintained"}},
      {{+1, "Alternative provision/Pupil referral unit", "Total"}},
      {{+1, "Mainstream school", "Mainstream - Independent"}},
      {{+1, "Further education", "Total"}},
      {{+1, "Non-maintained early years", "Total"}},
      // Other: educated elsewhere, NEET, other and unknown.
      {{+1, "Educated elsewhere", "Total"}, {+1, "NEET", "Total"}, {+1, "Other", "Total"}, {+1, "Unknown", "Total"}},
  }};
  return terms;
}

const std::array<const char*, kSettingCount> kSettingColumns = {
    "plans_mainstream", "plans_unit",         "plans_state_special", "plans_independent_special", "plans_ap",
    "plans_independent_mainstream", "plans_fe", "plans_early_years", "plans_other"};
const std::array<const char*, model::kAgeBandCount> kBandColumns = {"plans_under_5", "plans_5_10", "plans_11_15",
                                                                     "plans_16_19", "plans_20_25"};

// A published count of one LA that must be there.
double required(const EesFile& file, std::size_t row, const char* column, int year) {
  const EesCell cell = file.value(row, column, plausible::kLaCount);
  if (!cell.value)
    throw InputError(file.source(), file.line(row), column,
                     "no figure (" + std::string(missing_reason(cell.missing)) + ") where the LA's January " +
                         std::to_string(year) + " caseload is needed");
  return *cell.value;
}

std::string format_number(double x) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

// What is wrong with an LA's start whatever it was read from (DfE's files or a table of starts),
// as {field, message}; nullopt if nothing. Its counts were each checked as they were read; these
// are the checks across them: some pupils, no more plans or pupils on SEN Support than pupils, and
// practice relative to England within its range.
std::optional<std::pair<std::string, std::string>> area_problem(const model::AreaStart& a) {
  if (!(a.pupils > 0)) return std::pair{"pupils", "LA " + a.code + " has no pupils"};
  if (a.plans() > a.pupils)
    return std::pair{"pupils", "LA " + a.code + " has " + format_number(a.plans()) + " EHC plans but only " +
                                   format_number(a.pupils) + " pupils"};
  if (a.sen_support > a.pupils) return std::pair{"sen_support", "more than the LA's pupils"};
  const std::pair<double, const char*> relative[] = {{a.request_relative, "request_relative"},
                                                     {a.refused_relative, "refused_relative"},
                                                     {a.timely_relative, "timely_relative"},
                                                     {a.issued_relative, "issued_relative"}};
  for (const auto& [value, field] : relative) {
    const std::string problem = range_problem(format_number(value), value, plausible::kRelativeRate);
    if (!problem.empty()) return std::pair{field, "LA " + a.code + ": " + problem};
  }
  return std::nullopt;
}

// Sums of a flow over some years, LA and England, for practice relative to England.
struct Ratio {
  double numerator = 0, denominator = 0;
  std::optional<std::size_t> last_row;  // the last row added, for a message about the ratio
  void add(const EesCell& n, const EesCell& d) {
    if (n.value && d.value && *d.value > 0) {
      numerator += *n.value;
      denominator += *d.value;
    }
  }
  bool usable() const { return denominator > 0; }
  double value() const { return numerator / denominator; }
};

}  // namespace

std::string find_data_file(const std::string& dir, std::string_view file_name) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw InputError(dir, 0, "--data", "is not a directory");
  std::vector<std::string> found;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::end(it);
       it.increment(ec)) {
    const auto& path = it->path();
    const std::string name = path.filename().string();
    const bool match = file_name.back() == '*' ? name.rfind(file_name.substr(0, file_name.size() - 1), 0) == 0 &&
                                                     path.extension() == ".csv"
                                               : name == file_name;
    if (match && it->is_regular_file(ec)) found.push_back(path.string());
  }
  if (found.empty()) throw InputError(dir, 0, std::string(file_name), "not found under the data directory");
  std::sort(found.begin(), found.end(),
            [](const std::string& a, const std::string& b) { return a.size() != b.size() ? a.size() < b.size() : a < b; });
  return found.front();
}

namespace {

template <std::size_t N>
std::array<double, N> share_exactly(double total, const std::array<double, N>& weights);

// Every LA's plans in January `year` (to 2022) by age band and by placement, from SEN2's caseload files, in
// order of LA code; `total_line` gets the line of each LA's total in the age file.
std::vector<model::AreaStart> read_plans(const EesFile& age, const EesFile& estab, int year, const LaRegister& la_register,
                                         std::map<std::string, int>& total_line) {
  auto plans_of = [year](const EesFile& file, std::size_t row, const char* column) {
    return required(file, row, column, year);
  };
  // The January rows of each LA, indexed once by LA code and filter values (a lookup per LA and
  // category scanning the whole file would read the establishment file some 5,000 times).
  auto index = [year](const EesFile& file, const std::vector<std::string_view>& filters) {
    std::vector<std::size_t> columns;
    for (const auto f : filters) columns.push_back(file.column(f));
    std::map<std::string, std::size_t> rows;
    for (const std::size_t row : file.rows_where(GeographicLevel::LocalAuthority, year)) {
      std::string key(file.old_la_code(row));
      for (const std::size_t c : columns) key += "|" + std::string(file.table().cell(row, c));
      if (!rows.emplace(key, row).second)
        throw InputError(file.source(), file.line(row), "old_la_code", "a second row for the same LA and categories: " + key);
    }
    return rows;
  };
  const auto age_rows = index(age, {"characteristic_age"});
  const auto estab_rows = index(estab, {"establishment_group", "establishment_type"});
  auto find = [](const std::map<std::string, std::size_t>& rows, const std::string& key) -> std::optional<std::size_t> {
    const auto it = rows.find(key);
    if (it == rows.end()) return std::nullopt;
    return it->second;
  };

  std::vector<model::AreaStart> areas;
  std::vector<std::pair<std::string, int>> codes;  // each LA's code and the line of its total
  for (const std::size_t row : age.rows_where(GeographicLevel::LocalAuthority, year, {{"characteristic_age", "Total"}})) {
    model::AreaStart a;
    a.code = std::string(age.old_la_code(row));
    a.name = std::string(age.la_name(row));
    a.year = year;
    codes.emplace_back(a.code, age.line(row));
    if (const auto problem = la_register.problem_adding_up(codes))
      throw InputError(age.source(), codes[problem->index].second, "old_la_code", problem->message);
    total_line[a.code] = age.line(row);
    const double total = plans_of(age, row, kPlansColumn);
    for (int b = 0; b < model::kAgeBandCount; ++b) {
      const auto r = find(age_rows, a.code + "|" + kAgeBands[b]);
      if (!r) throw InputError(age.source(), age.line(row), "characteristic_age", "no \"" + std::string(kAgeBands[b]) + "\" row for LA " + a.code);
      a.plans_by_age_band[b] = plans_of(age, *r, kPlansColumn);
    }
    const double by_age = a.plans();
    if (by_age != total)
      throw InputError(age.source(), age.line(row), kPlansColumn,
                       "LA " + a.code + "'s plans by age add up to " + format_number(by_age) + ", not its total " +
                           format_number(total));
    const auto estab_total = find(estab_rows, a.code + "|Total|Total");
    if (!estab_total) throw InputError(estab.source(), 0, "old_la_code", "no January " + std::to_string(year) + " total for LA " + a.code);
    double by_setting = 0;
    for (int s = 0; s < kSettingCount; ++s) {
      double n = 0;
      for (const Term& t : setting_terms()[s]) {
        const auto r = find(estab_rows, a.code + "|" + t.group + "|" + t.type);
        if (r) n += t.sign * plans_of(estab, *r, kPlansColumn);  // a row DfE did not publish is none
      }
      a.plans_by_setting[s] = n;
      by_setting += n;
    }
    for (int s = 0; s < kSettingCount; ++s)
      if (a.plans_by_setting[s] < 0)
        throw InputError(estab.source(), estab.line(*estab_total), kPlansColumn,
                         "LA " + a.code + "'s establishment rows leave " + kSettingColumns[s] + " at " +
                             format_number(a.plans_by_setting[s]) + ": the detailed rows exceed their group's total");
    // The establishment file's own total must be its groups' sum. Where it differs from the age
    // file's (the two files of the 2022 release disagree for some LAs in 2016 and 2018, by up to 9%),
    // the age file's total stands, as in data/la/plans_published.csv, and the placements are shared
    // onto it by their own shares (largest remainder).
    const double estab_published = plans_of(estab, *estab_total, kPlansColumn);
    if (by_setting != estab_published)
      throw InputError(estab.source(), estab.line(*estab_total), kPlansColumn,
                       "LA " + a.code + "'s plans by placement add up to " + format_number(by_setting) + ", not its total " +
                           format_number(estab_published));
    if (estab_published != total) a.plans_by_setting = share_exactly(total, a.plans_by_setting);
    areas.push_back(std::move(a));
  }
  if (areas.empty())
    throw InputError(age.source(), 0, "time_period", "no Local authority rows for " + std::to_string(year));
  std::sort(areas.begin(), areas.end(), [](const model::AreaStart& a, const model::AreaStart& b) { return a.code < b.code; });
  return areas;
}

// Each LA's pupils and pupils on SEN Support: England's shared out by the LAs' mainstream pupils in
// the earliest year of the DSG formula inputs (January 2015-2017: la_start.h). `england_pupils` and
// `england_sen_support` are England's that January.
void share_out_pupils(std::vector<model::AreaStart>& areas, const EesFile& dsg, double england_pupils,
                      double england_sen_support, const LaRegister& la_register) {
  if (dsg.rows() == 0) throw InputError(dsg.source(), 0, "time_period", "no rows: the LAs' pupil numbers are needed");
  const int dsg_year = dsg.periods().front();
  std::map<std::string, double> dsg_pupils;
  std::map<std::string, std::size_t> dsg_row;
  for (const std::size_t row : dsg.rows_where(GeographicLevel::LocalAuthority, dsg_year)) {
    const EesCell primary = dsg.value(row, "primary_pupils", plausible::kLaPupils),
                  secondary = dsg.value(row, "secondary_pupils", plausible::kLaPupils);
    if (primary.value && secondary.value) {
      dsg_pupils[std::string(dsg.old_la_code(row))] = *primary.value + *secondary.value;
      dsg_row[std::string(dsg.old_la_code(row))] = row;
    }
  }
  std::vector<double> weight(areas.size(), -1.0);
  for (std::size_t k = 0; k < areas.size(); ++k) {
    const auto it = dsg_pupils.find(areas[k].code);
    if (it != dsg_pupils.end()) weight[k] = it->second;
  }
  // LAs abolished before the DSG year: the successors' pupils shared by plans among the abolished
  // LAs they replaced (a successor's pupils go to the LAs that have it among their successors).
  std::map<std::string, double> plans_replaced;
  for (std::size_t k = 0; k < areas.size(); ++k) {
    if (weight[k] >= 0) continue;
    const LaRecord* record = la_register.find(areas[k].code);
    if (!record) continue;
    for (const LaRecord* s : la_register.successors_of(*record)) plans_replaced[s->old_code] += areas[k].plans();
  }
  double plans_with_pupils = 0, pupils_of_them = 0;
  for (std::size_t k = 0; k < areas.size(); ++k)
    if (weight[k] >= 0) {
      plans_with_pupils += areas[k].plans();
      pupils_of_them += weight[k];
    }
  if (!(plans_with_pupils > 0 && pupils_of_them > 0))
    throw InputError(dsg.source(), 0, "primary_pupils",
                     "no LA has pupil numbers for " + std::to_string(dsg_year) + " (the earliest year in the file)");
  for (std::size_t k = 0; k < areas.size(); ++k) {
    if (weight[k] >= 0) continue;
    const LaRecord* record = la_register.find(areas[k].code);
    double w = 0;
    bool from_successors = false;
    if (record)
      for (const LaRecord* s : la_register.successors_of(*record)) {
        const auto it = dsg_pupils.find(s->old_code);
        if (it == dsg_pupils.end()) continue;
        if (!(plans_replaced[s->old_code] > 0)) continue;  // no plans to share the successor's pupils by
        w += it->second * areas[k].plans() / plans_replaced[s->old_code];
        from_successors = true;
      }
    // No pupils published for the LA or its successors: England's pupils per plan.
    weight[k] = from_successors ? w : areas[k].plans() * pupils_of_them / plans_with_pupils;
  }
  const double weights = std::accumulate(weight.begin(), weight.end(), 0.0);
  for (std::size_t k = 0; k < areas.size(); ++k) {
    areas[k].pupils = england_pupils * weight[k] / weights;
    areas[k].sen_support = england_sen_support * weight[k] / weights;
    // Fewer pupils than plans: the LA's own pupil numbers are wrong (0 for an LA with plans).
    const auto own = dsg_row.find(areas[k].code);
    if (own != dsg_row.end() && !(areas[k].pupils >= areas[k].plans()))
      throw InputError(dsg.source(), dsg.line(own->second), "primary_pupils",
                       "LA " + areas[k].code + "'s " + format_number(dsg_pupils[areas[k].code]) +
                           " primary and secondary pupils give it " + format_number(areas[k].pupils) +
                           " pupils in January " + std::to_string(areas[k].year) + ", fewer than its " +
                           format_number(areas[k].plans()) + " EHC plans");
  }
}

// Each LA's practice relative to England from SEN2's sen2_mi.csv.
void read_practice(std::vector<model::AreaStart>& areas, const EesFile& mi, const EesFile& age, double england_pupils,
                   std::map<std::string, int>& total_line) {
  // Practice relative to England, over the same years on both sides: only the years the LA
  // published count, for England as for the LA (Dorset, Poole and Bournemouth stop in 2018).
  const auto england_rows = [&] {
    std::map<int, std::size_t> rows;
    for (int y = kTimelinessFrom; y <= kPracticeTo; ++y)
      for (const std::size_t row : mi.rows_where(GeographicLevel::National, y)) rows[y] = row;
    return rows;
  }();
  // Sums of `numerator` (and `denominator`; none: a count) over the years both published.
  struct Matched {
    Ratio la, england;
  };
  auto matched = [&](const std::string& code, const char* numerator, const char* denominator, int from, int to) {
    Matched m;
    for (int y = from; y <= to; ++y) {
      const auto row = mi.la_row(code, y);
      const auto national = england_rows.find(y);
      if (!row || national == england_rows.end()) continue;
      const EesCell ln = mi.value(*row, numerator, plausible::kLaCount),
                    en = mi.value(national->second, numerator, plausible::kEnglandCount);
      const EesCell ld = denominator ? mi.value(*row, denominator, plausible::kLaCount) : EesCell{1.0, 0};
      const EesCell ed = denominator ? mi.value(national->second, denominator, plausible::kEnglandCount) : EesCell{1.0, 0};
      if (!(ln.value && en.value && ld.value && ed.value && *ld.value > 0 && *ed.value > 0)) continue;
      m.la.add(ln, ld);
      m.england.add(en, ed);
      m.la.last_row = *row;
    }
    return m;
  };
  for (auto& a : areas) {
    // Requests per pupil: the LA's share of England's requests over its share of England's pupils.
    const Matched requests = matched(a.code, "InreqEHC", nullptr, kPracticeFrom, kPracticeTo);
    if (requests.la.usable() && requests.england.numerator > 0 && a.pupils > 0)
      a.request_relative = (requests.la.numerator / requests.england.numerator) / (a.pupils / england_pupils);
    const Matched refused = matched(a.code, "AssRefusedEHC", "InreqEHC", kPracticeFrom, kPracticeTo);
    if (refused.la.usable() && refused.england.usable() && refused.england.value() > 0)
      a.refused_relative = refused.la.value() / refused.england.value();
    const Matched timely = matched(a.code, "NoExc20weekEHC", "TotNoExcEHC", kTimelinessFrom, kPracticeTo);
    if (timely.la.usable() && timely.england.usable() && timely.england.value() > 0)
      a.timely_relative = timely.la.value() / timely.england.value();
    // New plans per completed assessment (a plan issued, or a decision not to issue one).
    const Matched issued = matched(a.code, "NewallEHC", "NewallEHC_AssnoneEHC_sum", kPracticeFrom, kPracticeTo);
    if (issued.la.usable() && issued.england.usable() && issued.england.value() > 0)
      a.issued_relative = issued.la.value() / issued.england.value();
    // Every figure was within its range, but a ratio of them may still not be (an England figure
    // far below the LA's): reported at the LA's last row of the practice file, or at its total.
    if (const auto problem = area_problem(a)) {
      const std::pair<const char*, const Matched*> practice[] = {{"request_relative", &requests},
                                                                 {"refused_relative", &refused},
                                                                 {"timely_relative", &timely},
                                                                 {"issued_relative", &issued}};
      for (const auto& [field, m] : practice)
        if (problem->first == field && m->la.last_row)
          throw InputError(mi.source(), mi.line(*m->la.last_row), field,
                           problem->second + " (from its figures in this file beside England's)");
      throw InputError(age.source(), total_line[a.code], kPlansColumn, problem->second);
    }
  }
}

// ---- Januaries after 2015 (issue 17) --------------------------------------------------------------


// The files a start is read from, read once for every January.
// The files a start is read from, each read once; those only later Januaries need are read only
// when one is asked for (a start in January 2015 needs the four files of the first starts).
struct StartFiles {
  EesFile age, estab, mi, dsg;
  std::optional<EesFile> caseload, needs;       // January 2019 on
  std::optional<CsvTable> lait;                 // 2016 on
  std::optional<CsvTable> dashboard;            // 2018 on
  std::vector<LaFlow> flows, england_flows;     // 2017 on
  std::map<std::pair<std::string, int>, const LaFlow*> la_flow;
  std::map<int, const LaFlow*> england_flow;
  PublishedSeries national;
};

constexpr int kCaseloadFrom = 2019;      // the SEN2 2025 release's first January: placement from it
constexpr int kAgeFileTo = 2022;         // the SEN2 2022 release's last January: ages from it to here
constexpr int kCensusSharesFrom = 2018;  // the first January of the LA headcounts (census dashboard)
constexpr int kFlowPracticeFrom = 2017;  // practice from the LA's own flows of the years before
constexpr int kPracticeYears = 3;        // ... of the three calendar years before the January
constexpr double kPriorWeight = 100;     // k of the shrinkage toward England (la_start.h)

// The January of a 2025-release period: 201819 (academic year 2018/19) holds January 2019.
int january_of(int period) { return period >= 100000 ? period / 100 + 1 : period; }

// `weights` scaled to add up to the whole number `total` exactly: each part's whole share, and the
// units left over to the largest remainders (ties to the earlier part). All-zero weights: nothing.
template <std::size_t N>
std::array<double, N> share_exactly(double total, const std::array<double, N>& weights) {
  std::array<double, N> out{};
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (!(sum > 0)) return out;
  std::array<double, N> remainder{};
  double given = 0;
  for (std::size_t i = 0; i < N; ++i) {
    const double exact = total * weights[i] / sum;
    out[i] = std::floor(exact);
    remainder[i] = exact - out[i];
    given += out[i];
  }
  std::array<std::size_t, N> order{};
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  const auto left = static_cast<std::size_t>(std::llround(total - given));
  for (std::size_t j = 0; j < left && j < N; ++j) out[order[j]] += 1;
  return out;
}

// The placement categories of AreaStart::plans_by_setting from caseload.csv's columns, grouped as
// the 2022 release's establishment rows are (setting_terms): {sign, column}. Other takes what the
// eight named groups leave of `ehcplans`: ed_elsewhere (elective home education, other
// arrangements by the LA or parents, NEET), other_placement_settings, placement_unknown,
// await_prov_2022 and perm_ex_2022. The residual is used because those columns do not add up to it
// in every year (January 2023: other_placement_settings is outside ed_elsewhere and 71 LAs' listed
// columns fall short of the residual); it must not be negative.
const std::array<std::vector<std::pair<int, const char*>>, kSettingCount>& caseload_terms() {
  static const std::array<std::vector<std::pair<int, const char*>>, kSettingCount> terms = {{
      {{+1, "mainstream_total"},
       {-1, "mainstream_la_maintained_resourced_provision"},
       {-1, "mainstream_la_maintained_senunit"},
       {-1, "mainstream_academy_resourced_provision"},
       {-1, "mainstream_academy_senunit"},
       {-1, "mainstream_free_school_resourced_provision"},
       {-1, "mainstream_free_school_senunit"},
       {-1, "mainstream_independent"}},
      {{+1, "mainstream_la_maintained_resourced_provision"},
       {+1, "mainstream_la_maintained_senunit"},
       {+1, "mainstream_academy_resourced_provision"},
       {+1, "mainstream_academy_senunit"},
       {+1, "mainstream_free_school_resourced_provision"},
       {+1, "mainstream_free_school_senunit"}},
      {{+1, "special_la_maintained"}, {+1, "special_academy_free"}},
      {{+1, "special_independent"}, {+1, "special_non_maintained"}},
      {{+1, "ap_pru_total"}},
      {{+1, "mainstream_independent"}},
      {{+1, "fe_total"}},
      {{+1, "nm_early_years"}},
      {},  // other: the residual
  }};
  return terms;
}

// One caseload.csv row's plans by placement; nullopt when DfE did not publish the LA's placements
// (every group's total `x`: Peterborough and Hackney 2024, North East Lincolnshire and
// Cambridgeshire 2025). A single detailed cell not published (`x`, one LA's free school units in
// 2021) counts as none: its plans stay in mainstream_total's part. InputError at the row if the
// named groups exceed ehcplans or a group goes negative.
std::optional<std::array<double, kSettingCount>> caseload_placement(const EesFile& caseload, std::size_t row,
                                                                    const ValueRange& range) {
  for (const char* group : {"mainstream_total", "special_total", "ap_pru_total", "fe_total"})
    if (!caseload.value(row, group, range).value) return std::nullopt;
  const EesCell total = caseload.value(row, "ehcplans", range);
  if (!total.value) throw InputError(caseload.source(), caseload.line(row), "ehcplans", "no figure for the LA's plans");
  std::array<double, kSettingCount> out{};
  double named = 0;
  for (int s = 0; s + 1 < kSettingCount; ++s) {
    for (const auto& [sign, column] : caseload_terms()[s]) out[s] += sign * caseload.value(row, column, range).value.value_or(0);
    if (out[s] < 0)
      throw InputError(caseload.source(), caseload.line(row), kSettingColumns[s],
                       "the detailed columns exceed their group's total: " + format_number(out[s]));
    named += out[s];
  }
  out[kSettingCount - 1] = *total.value - named;
  if (out[kSettingCount - 1] < 0)
    throw InputError(caseload.source(), caseload.line(row), "ehcplans",
                     "the placements add up to " + format_number(named) + ", more than the plans, " + format_number(*total.value));
  return out;
}

// The SEN2 age band of caseload.csv's "Child or young persons age" breakdown ("under 3", "age 17").
std::optional<int> band_of_age(std::string_view breakdown) {
  if (breakdown == "under 3") return 0;
  if (breakdown.substr(0, 4) != "age ") return std::nullopt;
  int age = -1;
  const auto digits = breakdown.substr(4);
  if (std::from_chars(digits.data(), digits.data() + digits.size(), age).ec != std::errc()) return std::nullopt;
  if (age < 3 || age > 25) return std::nullopt;
  return age < 5 ? 0 : age <= 10 ? 1 : age <= 15 ? 2 : age <= 19 ? 3 : 4;
}

// One LA's (or England's) January in caseload.csv: its plans, by placement and by age band where
// published (a breakdown DfE did not publish for the LA: nullopt), and the line of its total.
struct CaseloadFigures {
  std::string code, name;
  double total = 0;
  int line = 0;
  std::optional<std::array<double, kSettingCount>> placement;
  std::optional<std::array<double, model::kAgeBandCount>> ages;
};

// Every LA's figures for January `year` in caseload.csv, in file order, and England's.
std::pair<std::vector<CaseloadFigures>, CaseloadFigures> read_caseload(const EesFile& caseload, int year) {
  int period = 0;
  for (const int p : caseload.periods())
    if (january_of(p) == year) period = p;
  if (period == 0) throw InputError(caseload.source(), 0, "time_period", "no January " + std::to_string(year) + " rows");
  std::vector<CaseloadFigures> las;
  CaseloadFigures england;
  std::map<std::string, std::size_t> index;
  for (const GeographicLevel level : {GeographicLevel::National, GeographicLevel::LocalAuthority}) {
    const bool national = level == GeographicLevel::National;
    const ValueRange& range = national ? plausible::kEnglandCount : plausible::kLaCount;
    for (const std::size_t row : caseload.rows_where(level, period, {{"breakdown_topic", "All EHC plans"}})) {
      CaseloadFigures f;
      f.code = national ? "" : std::string(caseload.old_la_code(row));
      f.name = std::string(caseload.la_name(row));
      f.line = caseload.line(row);
      const EesCell total = caseload.value(row, "ehcplans", range);
      if (!total.value)
        throw InputError(caseload.source(), f.line, "ehcplans", "no figure (" + std::string(missing_reason(total.missing)) + ") for the LA's plans");
      f.total = *total.value;
      f.placement = caseload_placement(caseload, row, range);
      if (national) {
        england = std::move(f);
      } else {
        if (!index.emplace(f.code, las.size()).second)
          throw InputError(caseload.source(), f.line, "old_la_code", "a second row for LA " + f.code);
        las.push_back(std::move(f));
      }
    }
    // Ages: rows missing for an age mean none; every cell `x`: not published.
    std::map<std::string, std::pair<std::array<double, model::kAgeBandCount>, bool>> ages;
    for (const std::size_t row : caseload.rows_where(level, period, {{"breakdown_topic", "Child or young persons age"}})) {
      const auto band = band_of_age(caseload.table().cell(row, caseload.column("breakdown")));
      if (!band) throw InputError(caseload.source(), caseload.line(row), "breakdown", "not an age from \"under 3\" to \"age 25\"");
      auto& [bands, published] = ages[national ? "" : std::string(caseload.old_la_code(row))];
      const EesCell n = caseload.value(row, "ehcplans", range);
      if (n.value) {
        bands[*band] += *n.value;
        published = true;
      }
    }
    for (const auto& [code, entry] : ages) {
      if (!entry.second) continue;
      CaseloadFigures* f = code.empty() ? &england : index.count(code) ? &las[index[code]] : nullptr;
      if (!f) continue;
      // An LA's ages add up to its total; England's need not (some of its plans' ages are not in
      // its rows) and serve only as shares.
      const double sum = std::accumulate(entry.first.begin(), entry.first.end(), 0.0);
      if (!code.empty() && sum != f->total)
        throw InputError(caseload.source(), f->line, "ehcplans",
                         "LA " + code + "'s plans by age add up to " + format_number(sum) + ", not its total " + format_number(f->total));
      f->ages = entry.first;
    }
  }
  return {std::move(las), std::move(england)};
}

// The nearest earlier January's figures of LA `code` in `done` (the starts read so far).
const model::AreaStart* earlier_start(const std::map<int, std::vector<model::AreaStart>>& done, const std::string& code, int year) {
  for (auto it = done.lower_bound(year); it != done.begin();) {
    --it;
    for (const auto& a : it->second)
      if (a.code == code) return &a;
  }
  return nullptr;
}

// Plans by placement and by age band of January `year` (2019 on) from caseload.csv, onto `areas`
// (the 2022 release's LAs to 2022: their totals must agree) or, from 2023, as the LAs of the file.
// A breakdown DfE did not publish for an LA: its total shared by its own nearest earlier January's
// shares, or England's of the same January if it has none. Ages in January 2023 (no LA table): the
// LA's January 2022 shares.
void plans_from_caseload(std::vector<model::AreaStart>& areas, const EesFile& caseload, int year,
                         const std::map<int, std::vector<model::AreaStart>>& done, std::map<std::string, int>& total_line) {
  auto [las, england] = read_caseload(caseload, year);
  if (!england.placement) throw InputError(caseload.source(), england.line, "mainstream_total", "England's placements are not published");
  const bool from_age_file = year <= kAgeFileTo;
  if (from_age_file && las.size() != areas.size())
    throw InputError(caseload.source(), 0, "old_la_code",
                     std::to_string(las.size()) + " LAs in January " + std::to_string(year) + " but " +
                         std::to_string(areas.size()) + " in the SEN2 2022 release");
  if (!from_age_file) areas.assign(las.size(), model::AreaStart{});
  for (std::size_t k = 0; k < las.size(); ++k) {
    const CaseloadFigures& f = las[k];
    model::AreaStart* a = nullptr;
    if (from_age_file) {
      for (auto& candidate : areas)
        if (candidate.code == f.code) a = &candidate;
      if (!a) throw InputError(caseload.source(), f.line, "old_la_code", "LA " + f.code + " is not in the SEN2 2022 release's January " + std::to_string(year));
      if (a->plans() != f.total)
        throw InputError(caseload.source(), f.line, "ehcplans",
                         "LA " + f.code + "'s " + format_number(f.total) + " plans differ from the SEN2 2022 release's " + format_number(a->plans()));
    } else {
      a = &areas[k];
      a->code = f.code;
      a->name = f.name;
      a->year = year;
      total_line[f.code] = f.line;
      const model::AreaStart* before = earlier_start(done, f.code, year);
      std::array<double, model::kAgeBandCount> weights{};
      if (f.ages && year != kAgeFileTo + 1) weights = *f.ages;
      else if (before) weights = before->plans_by_age_band;
      else if (england.ages) weights = *england.ages;
      else weights = {0, 0, 0, 0, 1};  // no shares anywhere: cannot happen with DfE's files
      a->plans_by_age_band = share_exactly(f.total, weights);
      if (a->plans() != f.total)
        throw InputError(caseload.source(), f.line, "ehcplans", "LA " + f.code + " has plans but no age shares to share them by");
    }
    const model::AreaStart* before = earlier_start(done, f.code, year);
    std::array<double, kSettingCount> weights = f.placement ? *f.placement : before ? before->plans_by_setting : *england.placement;
    a->plans_by_setting = f.placement ? *f.placement : share_exactly(f.total, weights);
  }
  std::sort(areas.begin(), areas.end(), [](const model::AreaStart& a, const model::AreaStart& b) { return a.code < b.code; });
}

// The last column of a CSV that is not an EES file: its index, InputError if missing.
std::size_t column_of(const CsvTable& t, const char* name) { return t.require_column(name); }

// Each LA's pupils in January `year` (2018 on): England's shared by the LAs' headcounts (state
// nursery, primary and secondary) in the SEND and AP dashboard's latest January up to `year`, LAs
// matched by name through the register. An LA the dashboard lacks that January takes its part of its
// predecessor's headcount, shared among the predecessor's successors by their DSG formula pupils
// (the latest financial year starting before January `year`); one with neither, England's pupils
// per plan.
void share_pupils_by_census(std::vector<model::AreaStart>& areas, const CsvTable& dash, const EesFile& dsg,
                            double england_pupils, const LaRegister& la_register) {
  const int year = areas.front().year;
  const std::size_t period = column_of(dash, "time_period"), level = column_of(dash, "geographic_level"),
                    name = column_of(dash, "la_name"), total = column_of(dash, "total_pupils");
  int best = 0;
  for (std::size_t r = 0; r < dash.rows(); ++r) {
    const int january = january_of(dash.integer(r, period, ValueRange{190001, 210099, "a time period"}));
    if (january <= year) best = std::max(best, january);
  }
  if (best == 0) throw InputError(dash.source(), 0, "time_period", "no January up to " + std::to_string(year));
  std::map<const LaRecord*, double> headcount;
  for (std::size_t r = 0; r < dash.rows(); ++r) {
    if (dash.cell(r, level) != "Local authority" || january_of(dash.integer(r, period)) != best) continue;
    const LaRecord* record = la_register.find(dash.cell(r, name));
    if (!record) dash.fail_at(r, "la_name", quote_for_message(dash.cell(r, name)) + " is not an LA in the register");
    headcount[record] = dash.number(r, total, plausible::kLaPupils);
  }
  auto key_of = [&](const std::string& code) -> const LaRecord* {
    const LaRecord* record = la_register.find(code);
    return record ? la_register.find(record->name) : nullptr;
  };
  // DSG pupils of the latest financial year starting before January `year`.
  std::map<std::string, double> dsg_pupils;
  int dsg_period = 0;
  for (const int p : dsg.periods())
    if (p / 100 < year) dsg_period = p;
  if (dsg_period)
    for (const std::size_t row : dsg.rows_where(GeographicLevel::LocalAuthority, dsg_period)) {
      const EesCell primary = dsg.value(row, "primary_pupils", plausible::kLaPupils),
                    secondary = dsg.value(row, "secondary_pupils", plausible::kLaPupils);
      if (primary.value && secondary.value) dsg_pupils[std::string(dsg.old_la_code(row))] = *primary.value + *secondary.value;
    }
  std::vector<double> weight(areas.size(), -1.0);
  double plans_matched = 0, pupils_matched = 0;
  for (std::size_t k = 0; k < areas.size(); ++k) {
    const auto it = headcount.find(key_of(areas[k].code));
    if (it == headcount.end()) continue;
    weight[k] = it->second;
    plans_matched += areas[k].plans();
    pupils_matched += it->second;
  }
  for (std::size_t k = 0; k < areas.size(); ++k) {
    if (weight[k] >= 0) continue;
    for (const LaRecord& predecessor : la_register.records()) {
      const auto& s = predecessor.successors;
      const auto it = headcount.find(la_register.find(predecessor.name));
      if (std::find(s.begin(), s.end(), areas[k].code) == s.end() || it == headcount.end()) continue;
      double own = 0, all = 0;
      for (const std::string& code : s) {
        const auto d = dsg_pupils.find(code);
        if (d == dsg_pupils.end()) continue;
        all += d->second;
        if (code == areas[k].code) own = d->second;
      }
      if (all > 0 && own > 0) weight[k] = it->second * own / all;
    }
    if (weight[k] < 0 && plans_matched > 0) weight[k] = areas[k].plans() * pupils_matched / plans_matched;
  }
  const double weights = std::accumulate(weight.begin(), weight.end(), 0.0);
  if (!(weights > 0)) throw InputError(dash.source(), 0, "total_pupils", "no LA's pupils for January " + std::to_string(best));
  for (std::size_t k = 0; k < areas.size(); ++k) areas[k].pupils = england_pupils * weight[k] / weights;
}

// Each LA's pupils on SEN Support in January `year` (2016 on): its pupils times its LAIT
// SEN_TotSENSuP (% of pupils on SEN Support, all schools) that January, or its nearest earlier
// January's, or England's (LA Number 970) that January.
void sen_support_from_lait(std::vector<model::AreaStart>& areas, const CsvTable& lait) {
  const std::size_t measure = column_of(lait, "Short Desc"), years = column_of(lait, "Years"),
                    value = column_of(lait, "Values"), la = column_of(lait, "LA Number");
  std::map<std::pair<std::string, int>, double> percent;
  for (std::size_t r = 0; r < lait.rows(); ++r) {
    if (lait.cell(r, measure) != "SEN_TotSENSuP" || trim_blanks(lait.cell(r, value)) == "-") continue;
    percent[{std::string(trim_blanks(lait.cell(r, la))), lait.integer(r, years, plausible::kYear)}] =
        lait.number(r, value, plausible::kPercent);
  }
  for (auto& a : areas) {
    std::optional<double> pct;
    for (int y = a.year; y >= a.year - 10 && !pct; --y)
      if (const auto it = percent.find({a.code, y}); it != percent.end()) pct = it->second;
    if (!pct)
      if (const auto it = percent.find({"970", a.year}); it != percent.end()) pct = it->second;
    if (!pct) throw InputError(lait.source(), 0, "Values", "no SEN_TotSENSuP for LA " + a.code + " or England in " + std::to_string(a.year));
    a.sen_support = a.pupils * *pct / 100;
  }
}

// An LA's rate x/n shrunk toward England's rate p: ((x + k p) / (n + k)) / p relative to England,
// k = kPriorWeight (la_start.h); 1 where England's rate is not known.
double shrunk_relative(double x, double n, double p) {
  if (!(p > 0)) return 1.0;
  return ((x + kPriorWeight * p) / (n + kPriorWeight)) / p;
}

// Practice of January `year` (2017 on) from the LA's own flows in the calendar years year-3 ..
// year-1 beside England's in the same years (a year counts where both published both figures).
void practice_from_flows(std::vector<model::AreaStart>& areas, double england_pupils,
                         const std::map<std::pair<std::string, int>, const LaFlow*>& la_flows,
                         const std::map<int, const LaFlow*>& england_flows) {
  using Field = std::optional<double> LaFlow::*;
  for (auto& a : areas) {
    // Sums of x and n over the years, LA and England; n = nullptr for a count.
    auto sums = [&](Field x, Field n) {
      std::array<double, 4> s{};  // x_la, n_la, x_england, n_england
      for (int y = a.year - kPracticeYears; y < a.year; ++y) {
        const auto l = la_flows.find({a.code, y});
        const auto e = england_flows.find(y);
        if (l == la_flows.end() || e == england_flows.end()) continue;
        const LaFlow& lf = *l->second;
        const LaFlow& ef = *e->second;
        if (!(lf.*x && ef.*x)) continue;
        const double ln = n ? (lf.*n).value_or(0) : 1, en = n ? (ef.*n).value_or(0) : 1;
        if (!(ln > 0 && en > 0)) continue;
        s[0] += *(lf.*x);
        s[1] += ln;
        s[2] += *(ef.*x);
        s[3] += en;
      }
      return s;
    };
    // Requests per pupil: the LA's requests against those its share of England's pupils would
    // make at England's rate, E: (x + k) / (E + k).
    const auto r = sums(&LaFlow::requests, nullptr);
    const double expected = a.pupils / england_pupils * r[2];
    a.request_relative = expected > 0 ? (r[0] + kPriorWeight) / (expected + kPriorWeight) : 1.0;
    const auto refused = sums(&LaFlow::refused, &LaFlow::requests);
    a.refused_relative = refused[3] > 0 ? shrunk_relative(refused[0], refused[1], refused[2] / refused[3]) : 1.0;
    const auto timely = sums(&LaFlow::timely, &LaFlow::timely_of);
    a.timely_relative = timely[3] > 0 ? shrunk_relative(timely[0], timely[1], timely[2] / timely[3]) : 1.0;
    const auto issued = sums(&LaFlow::assessed_issued, &LaFlow::assessed);
    a.issued_relative = issued[3] > 0 ? shrunk_relative(issued[0], issued[1], issued[2] / issued[3]) : 1.0;
  }
}

// The columns of sen_needs_all_plans.csv in NeedType order (core/types.h); none for DS. A need not
// recorded ("number_need_unknown") counts as NSA.
constexpr std::array<const char*, 14> kNeedColumns = {
    "number_spld", "number_mld", "number_sld", "number_pmld", "number_semh", "number_slcn", "number_hi",
    "number_vi",   "number_msi", "number_pd",  "number_asd",  "number_oth",  "number_need_unknown", nullptr};
constexpr std::array<const char*, 14> kNeedShareColumns = {
    "need_spld", "need_mld", "need_sld", "need_pmld", "need_semh", "need_slcn", "need_hi",
    "need_vi",   "need_msi", "need_pd",  "need_asd",  "need_oth",  "need_nsa",  "need_ds"};

// Each LA's plans by primary need, January `year`, as shares (all zero where not published).
void need_shares_from(std::vector<model::AreaStart>& areas, const EesFile& needs) {
  const int year = areas.front().year;
  for (const int period : needs.periods()) {
    if (january_of(period) != year) continue;
    for (auto& a : areas) {
      const auto row = needs.la_row(a.code, period, {{"breakdown_topic", "All EHC plans"}});
      if (!row) continue;
      std::array<double, 14> counts{};
      bool published = true;
      for (std::size_t n = 0; n < kNeedColumns.size(); ++n)
        if (kNeedColumns[n]) {
          const EesCell c = needs.value(*row, kNeedColumns[n], plausible::kLaCount);
          published = published && c.value.has_value();
          counts[n] = c.value.value_or(0);
        }
      const double sum = std::accumulate(counts.begin(), counts.end(), 0.0);
      if (!published || !(sum > 0)) continue;
      for (std::size_t n = 0; n < counts.size(); ++n) a.need_shares[n] = counts[n] / sum;
    }
  }
}

// Whether `action` throws InputError.
template <typename Action>
bool input_error_of(Action action) {
  try {
    action();
  } catch (const InputError&) {
    return true;
  }
  return false;
}

// The census file `name` under `dir`, or else under census/ beside it (../shared/data keeps census/
// beside dfe/).
std::string find_census_file(const std::string& dir, std::string_view name) {
  try {
    return find_data_file(dir, name);
  } catch (const InputError&) {
    std::filesystem::path path = std::filesystem::path(dir).lexically_normal();
    if (!path.has_filename()) path = path.parent_path();
    const std::filesystem::path census = path.parent_path() / "census";
    std::error_code ec;
    if (!std::filesystem::is_directory(census, ec)) throw;
    try {
      return find_data_file(census.string(), name);
    } catch (const InputError&) {
      throw InputError(dir, 0, std::string(name), "not found under the data directory or in census/ beside it");
    }
  }
}

// Each LA's start in January `year`: plans, pupils, SEN Support, practice and needs (la_start.h).
std::vector<model::AreaStart> starts_of_year(int year, const StartFiles& in, const model::SendParams& england,
                                             const LaRegister& la_register,
                                             const std::map<int, std::vector<model::AreaStart>>& done) {
  std::map<std::string, int> total_line;
  std::vector<model::AreaStart> areas;
  if (year <= kAgeFileTo) areas = read_plans(in.age, in.estab, year, la_register, total_line);
  if (year >= kCaseloadFrom) plans_from_caseload(areas, *in.caseload, year, done, total_line);
  std::vector<std::pair<std::string, int>> codes;
  for (const auto& a : areas) codes.emplace_back(a.code, total_line[a.code]);
  if (const auto problem = la_register.problem_adding_up(codes))
    throw InputError(in.caseload->source(), codes[problem->index].second, "old_la_code", problem->message);
  // England's pupils that January: the parameters' for their census year (2015, SFR25/2015: the
  // same figure as the published series), else the published series (data/published/national.csv).
  const auto& pop = england.population;
  auto england_figure = [&](const char* measure, double from_params) {
    if (year == pop.census_year) return from_params;
    const PublishedFigure* published = in.national.find(measure, year);
    if (!published)
      throw InputError(kEmbeddedSeriesName, 0, measure, "no England figure for January " + std::to_string(year));
    return published->value;
  };
  const double england_pupils = england_figure("pupils", pop.pupils);
  if (year < kCensusSharesFrom) {
    // 2015's SEN Support keeps the first starts' rule: England's share of pupils.
    const double support = year == kFirstStartYear ? england_figure("sen_support", pop.sen_support) : 0.0;
    share_out_pupils(areas, in.dsg, england_pupils, support, la_register);
  } else {
    share_pupils_by_census(areas, *in.dashboard, in.dsg, england_pupils, la_register);
  }
  if (year > kFirstStartYear) sen_support_from_lait(areas, *in.lait);
  if (year < kFlowPracticeFrom) read_practice(areas, in.mi, in.age, england_pupils, total_line);
  else practice_from_flows(areas, england_pupils, in.la_flow, in.england_flow);
  if (in.needs) need_shares_from(areas, *in.needs);
  for (const auto& a : areas)
    if (const auto problem = area_problem(a)) {
      const std::string& source = year <= kAgeFileTo ? in.age.source() : in.caseload->source();
      throw InputError(source, total_line[a.code], problem->first, problem->second + " (January " + std::to_string(year) + ")");
    }
  return areas;
}

}  // namespace

std::vector<model::AreaStart> read_la_starts(const std::string& dir, const model::SendParams& england,
                                             const LaRegister& la_register, int last_year) {
  StartFiles in{EesFile(find_data_file(dir, "sen2_age_caseload.csv")),
                EesFile(find_data_file(dir, "sen2_estab_caseload.csv")),
                EesFile(find_data_file(dir, "sen2_mi.csv")),
                EesFile(find_data_file(dir, "dsg_formula_inputs_*")),
                {}, {}, {}, {}, {}, {}, {}, {},
                PublishedSeries::embedded()};
  // A directory of only the first starts' four files (as `data pull` fetches them) covers January
  // 2015; one with any later file must hold them all.
  if (last_year == 0 && input_error_of([&] { find_data_file(dir, "caseload.csv"); }) &&
      input_error_of([&] { find_census_file(dir, "lait_sen_prevalence_la_*"); }))
    last_year = kFirstStartYear;
  if (last_year == 0 || last_year >= kCaseloadFrom) {
    in.caseload.emplace(find_data_file(dir, "caseload.csv"));
    in.needs.emplace(find_data_file(dir, "sen_needs_all_plans.csv"));
  }
  if (last_year == 0)
    for (const int period : in.caseload->periods()) last_year = std::max(last_year, january_of(period));
  if (last_year > kFirstStartYear) in.lait = read_csv_file(find_census_file(dir, "lait_sen_prevalence_la_*"));
  if (last_year >= kCensusSharesFrom) in.dashboard = read_csv_file(find_census_file(dir, "mainstream_with_sen_*"));
  if (last_year >= kFlowPracticeFrom) {
    in.flows = read_la_flows(dir, la_register, &in.england_flows);
    for (const auto& f : in.flows) in.la_flow[{f.code, f.year}] = &f;
    for (const auto& f : in.england_flows) in.england_flow[f.year] = &f;
  }
  std::map<int, std::vector<model::AreaStart>> done;
  for (int year = kFirstStartYear; year <= last_year; ++year) done[year] = starts_of_year(year, in, england, la_register, done);
  std::vector<model::AreaStart> all;
  for (auto& [year, areas] : done) all.insert(all.end(), areas.begin(), areas.end());
  return all;
}

std::vector<model::AreaStart> starts_in(const std::vector<model::AreaStart>& all, int year) {
  std::vector<model::AreaStart> out;
  std::set<int> years;
  for (const auto& a : all) {
    years.insert(a.year);
    if (a.year == year) out.push_back(a);
  }
  if (out.empty()) {
    std::string list;
    for (const int y : years) list += (list.empty() ? "" : ", ") + std::to_string(y);
    throw InputError("--start", 0, "--start",
                     "no LA starts in January " + std::to_string(year) + "; the table has " + (list.empty() ? "none" : list));
  }
  return out;
}

int latest_start_year(const std::vector<model::AreaStart>& all) {
  int latest = 0;
  for (const auto& a : all) latest = std::max(latest, a.year);
  return latest;
}

namespace {

// Where a start of January `year` comes from (la_start.h has the rules).
std::string source_of(int year) {
  if (year == 2015)
    return "DfE SEN2 2022 release: sen2_age_caseload.csv and sen2_estab_caseload.csv (January 2015), sen2_mi.csv "
           "(2015-2019); pupils: England's January 2015 total shared by dsg_formula_inputs (2020-21); see "
           "src/data/la_start.h";
  const std::string y = std::to_string(year);
  std::string plans =
      year < kCaseloadFrom ? "plans: SEN2 2022 release sen2_age_caseload.csv and sen2_estab_caseload.csv (January " + y + ")"
      : year <= kAgeFileTo ? "plans: by age SEN2 2022 release sen2_age_caseload.csv, by placement SEN2 2025 release caseload.csv (January " + y + ")"
      : year == kAgeFileTo + 1
          ? "plans: by placement SEN2 2025 release caseload.csv (January " + y +
                "); by age the LA's January 2022 shares (no LA age table for January 2023), largest remainder"
          : "plans: SEN2 2025 release caseload.csv, All EHC plans and Child or young persons age (January " + y + ")";
  if (year >= kCaseloadFrom) plans += "; a breakdown DfE did not publish for the LA: its own earlier shares";
  const std::string pupils =
      year < kCensusSharesFrom
          ? "pupils: England's January " + y + " total (data/published/national.csv) shared by dsg_formula_inputs (2020-21)"
          : "pupils: England's January " + y +
                " total (data/published/national.csv) shared by the SEND-AP dashboard's total_pupils of its latest January up to " + y;
  const std::string practice = year < kFlowPracticeFrom
                                   ? "practice: sen2_mi.csv 2015-2019 (in-sample, as January 2015)"
                                   : "practice: the LA's flows " + std::to_string(year - kPracticeYears) + "-" +
                                         std::to_string(year - 1) + " (data/la/flows.csv) shrunk toward England, k=100";
  return plans + "; " + pupils + "; SEN Support: LAIT SEN_TotSENSuP x pupils; " + practice +
         (year == 2025 ? "; needs: sen_needs_all_plans.csv" : "") + "; see src/data/la_start.h";
}

}  // namespace

std::string la_starts_csv(const std::vector<model::AreaStart>& areas, const std::string& note) {
  CsvWriter w;
  std::vector<std::string> header = {"old_la_code", "la_name", "year", "pupils", "sen_support"};
  header.insert(header.end(), kBandColumns.begin(), kBandColumns.end());
  header.insert(header.end(), kSettingColumns.begin(), kSettingColumns.end());
  header.insert(header.end(), kNeedShareColumns.begin(), kNeedShareColumns.end());
  header.insert(header.end(), {"request_relative", "refused_relative", "timely_relative", "issued_relative",
                               "cease_relative", "source"});
  w.row(header);
  for (const auto& a : areas) {
    std::vector<std::string> row = {a.code, a.name, std::to_string(a.year), format_number(a.pupils), format_number(a.sen_support)};
    for (double n : a.plans_by_age_band) row.push_back(format_number(n));
    for (double n : a.plans_by_setting) row.push_back(format_number(n));
    for (double n : a.need_shares) row.push_back(format_number(n));
    for (double r : {a.request_relative, a.refused_relative, a.timely_relative, a.issued_relative, a.cease_relative})
      row.push_back(format_number(r));
    row.push_back(source_of(a.year) + (note.empty() ? std::string() : "; " + note));
    w.row(row);
  }
  return w.text();
}

std::vector<model::AreaStart> parse_la_starts(std::string_view csv_text, const std::string& source_name,
                                             const LaRegister& la_register) {
  const CsvTable t = CsvTable::parse(csv_text, source_name);
  const std::size_t code = t.require_column("old_la_code"), name = t.require_column("la_name"),
                    year = t.require_column("year");
  const std::size_t pupils = t.require_column("pupils"), support = t.require_column("sen_support");
  std::array<std::size_t, model::kAgeBandCount> bands{};
  std::array<std::size_t, kSettingCount> settings{};
  std::array<std::size_t, 14> needs{};
  for (int b = 0; b < model::kAgeBandCount; ++b) bands[b] = t.require_column(kBandColumns[b]);
  for (int s = 0; s < kSettingCount; ++s) settings[s] = t.require_column(kSettingColumns[s]);
  for (std::size_t n = 0; n < needs.size(); ++n) needs[n] = t.require_column(kNeedShareColumns[n]);
  const std::size_t request = t.require_column("request_relative"), refused = t.require_column("refused_relative"),
                    timely = t.require_column("timely_relative"), issued = t.require_column("issued_relative"),
                    cease = t.require_column("cease_relative");
  std::vector<model::AreaStart> areas;
  std::set<std::pair<std::string, int>> seen;
  std::map<int, std::vector<std::pair<std::string, int>>> codes;  // each year's LAs
  std::map<int, double> england_pupils;
  auto count = [&](std::size_t row, std::size_t col) { return t.number(row, col, plausible::kLaCount); };
  auto relative = [&](std::size_t row, std::size_t col) { return t.number(row, col, plausible::kRelativeRate); };
  for (std::size_t r = 0; r < t.rows(); ++r) {
    model::AreaStart a;
    a.code = std::string(trim_blanks(t.cell(r, code)));
    a.name = std::string(t.cell(r, name));
    a.year = t.integer(r, year, plausible::kYear);
    if (a.code.empty()) throw InputError(source_name, t.line(r), "old_la_code", "empty");
    if (!seen.insert({a.code, a.year}).second)
      throw InputError(source_name, t.line(r), "old_la_code", "LA " + a.code + " appears twice in " + std::to_string(a.year));
    auto& year_codes = codes[a.year];
    year_codes.emplace_back(a.code, t.line(r));
    if (const auto problem = la_register.problem_adding_up(year_codes))
      throw InputError(source_name, year_codes[problem->index].second, "old_la_code", problem->message);
    a.pupils = t.number(r, pupils, plausible::kLaPupils);
    if ((england_pupils[a.year] += a.pupils) > plausible::kMaxEnglandCount)
      throw InputError(source_name, t.line(r), "pupils",
                       "the LAs' pupils add up to " + format_number(england_pupils[a.year]) + " in " + std::to_string(a.year) +
                           " by this line, more than " + format_number(plausible::kMaxEnglandCount) +
                           " (England had 8.4 million in January 2015)");
    a.sen_support = count(r, support);
    for (int b = 0; b < model::kAgeBandCount; ++b) a.plans_by_age_band[b] = count(r, bands[b]);
    for (int s = 0; s < kSettingCount; ++s) a.plans_by_setting[s] = count(r, settings[s]);
    for (std::size_t n = 0; n < needs.size(); ++n) a.need_shares[n] = t.number(r, needs[n], ValueRange{0, 1, "a share"});
    const double by_setting = std::accumulate(a.plans_by_setting.begin(), a.plans_by_setting.end(), 0.0);
    if (std::abs(by_setting - a.plans()) > 1e-6 * std::max(1.0, a.plans()))
      throw InputError(source_name, t.line(r), "plans_mainstream",
                       "plans by placement add up to " + format_number(by_setting) + " but plans by age to " +
                           format_number(a.plans()));
    const double by_need = std::accumulate(a.need_shares.begin(), a.need_shares.end(), 0.0);
    if (by_need != 0 && std::abs(by_need - 1) > 1e-6)
      throw InputError(source_name, t.line(r), "need_spld", "the need shares add up to " + format_number(by_need) + ", not 1 (or 0: England's)");
    a.request_relative = relative(r, request);
    a.refused_relative = relative(r, refused);
    a.timely_relative = relative(r, timely);
    a.issued_relative = relative(r, issued);
    a.cease_relative = relative(r, cease);
    if (const auto problem = area_problem(a)) throw InputError(source_name, t.line(r), problem->first, problem->second);
    areas.push_back(std::move(a));
  }
  if (areas.empty()) throw InputError(source_name, 1, "", "no LAs in the table");
  return areas;
}

std::vector<LaPlansFigure> read_la_plans(const std::string& dir) {
  const EesFile age(find_data_file(dir, "sen2_age_caseload.csv"));
  const EesFile caseload(find_data_file(dir, "caseload.csv"));
  std::vector<LaPlansFigure> out;
  std::set<std::pair<std::string, int>> seen;
  auto add = [&](const EesFile& file, std::size_t row, int year, const char* column) {
    const EesCell cell = file.value(row, column, plausible::kLaCount);
    if (!cell.value) return;  // suppressed or not published: no figure
    std::string code(file.old_la_code(row));
    if (!seen.insert({code, year}).second)
      throw InputError(file.source(), file.line(row), column, "a second figure for LA " + code + " in " + std::to_string(year));
    out.push_back({std::move(code), year, *cell.value});
  };
  for (const int period : age.periods())
    for (const std::size_t row : age.rows_where(GeographicLevel::LocalAuthority, period, {{"characteristic_age", "Total"}}))
      add(age, row, period, kPlansColumn);
  for (const int period : caseload.periods()) {
    // Academic-year periods (202425) hold the January of their second year.
    const int year = period >= 100000 ? period / 100 + 1 : period;
    if (year <= 2022) continue;  // the 2022 release's figures stand for the years it covers
    for (const std::size_t row :
         caseload.rows_where(GeographicLevel::LocalAuthority, period, {{"breakdown_topic", "All EHC plans"}}))
      add(caseload, row, year, "ehcplans");
  }
  std::sort(out.begin(), out.end(), [](const LaPlansFigure& a, const LaPlansFigure& b) {
    return a.code != b.code ? a.code < b.code : a.year < b.year;
  });
  return out;
}

namespace {

// Throws InputError at the first LA of a year (or financial year) that cannot be added up with the
// others of that year into England's figures (LaRegister::problem_adding_up). `rows` are {code,
// line, year}.
void check_las_by_year(const std::vector<std::tuple<std::string, int, int>>& rows, const LaRegister& la_register,
                       const std::string& source_name) {
  std::map<int, std::vector<std::pair<std::string, int>>> by_year;
  for (const auto& [code, line, year] : rows) by_year[year].emplace_back(code, line);
  std::optional<std::pair<int, std::string>> first;  // the earliest line of a problem, and its message
  for (const auto& [year, las] : by_year)
    if (const auto problem = la_register.problem_adding_up(las)) {
      const int line = las[problem->index].second;
      if (!first || line < first->first) first = std::pair{line, problem->message + " (in " + std::to_string(year) + ")"};
    }
  if (first) throw InputError(source_name, first->first, "old_la_code", first->second);
}

// What is wrong with one LA's DSG in a year, as {field, message}: a block larger than the whole DSG.
std::optional<std::pair<std::string, std::string>> funding_problem(const finance::FundingRow& f) {
  if (f.high_needs > f.total_dsg)
    return std::pair{"high_needs_block", "LA " + f.code + "'s high needs block is larger than its whole DSG"};
  if (f.schools_block > f.total_dsg)
    return std::pair{"schools_block", "LA " + f.code + "'s schools block is larger than its whole DSG"};
  if (f.import_export && std::abs(*f.import_export) > f.high_needs)
    return std::pair{"import_export_adjustment", "larger than the LA's whole high needs block"};
  return std::nullopt;
}

}  // namespace

std::string la_plans_csv(const std::vector<LaPlansFigure>& figures) {
  CsvWriter w;
  w.row({"old_la_code", "year", "ehc_plans", "source"});
  for (const auto& f : figures)
    w.row({f.code, std::to_string(f.year), format_number(f.plans),
           f.year <= 2022 ? "DfE SEN2 2022 release, sen2_age_caseload.csv, Total_all (January)"
                          : "DfE SEN2 2025 release, caseload.csv, All EHC plans (January)"});
  return w.text();
}

std::vector<LaPlansFigure> parse_la_plans(std::string_view csv_text, const std::string& source_name,
                                          const LaRegister& la_register) {
  const CsvTable t = CsvTable::parse(csv_text, source_name);
  const std::size_t code = t.require_column("old_la_code"), year = t.require_column("year"),
                    plans = t.require_column("ehc_plans");
  std::vector<LaPlansFigure> out;
  std::vector<std::tuple<std::string, int, int>> las;
  std::map<std::pair<std::string, int>, int> seen;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    LaPlansFigure f{std::string(trim_blanks(t.cell(r, code))), t.integer(r, year, plausible::kYear),
                    t.number(r, plans, plausible::kLaCount)};
    if (const auto [it, added] = seen.emplace(std::pair{f.code, f.year}, t.line(r)); !added)
      throw InputError(source_name, t.line(r), "old_la_code",
                       "a second figure for LA " + f.code + " in " + std::to_string(f.year) + " (also on line " +
                           std::to_string(it->second) + ")");
    las.emplace_back(f.code, t.line(r), f.year);
    out.push_back(std::move(f));
  }
  check_las_by_year(las, la_register, source_name);
  return out;
}

std::vector<finance::FundingRow> read_la_funding(const std::string& dir, const LaRegister& la_register) {
  const EesFile allocations(find_data_file(dir, "dsg_allocations_*"));
  const EesFile balances(find_data_file(dir, "dsg_cumulative_balance_pc_*"));
  // Financial-year periods (201920) start in their first year.
  auto fy_of = [](int period) { return period >= 100000 ? period / 100 : period; };
  std::map<std::pair<std::string, int>, double> balance;
  for (const int period : balances.periods())
    for (const std::size_t row : balances.rows_where(GeographicLevel::LocalAuthority, period)) {
      const std::string name(balances.la_name(row));
      const LaRecord* record = la_register.find(name);
      if (!record) throw InputError(balances.source(), balances.line(row), "la_name", quote_for_message(name) + " is not an LA in the register");
      const EesCell pct = balances.value(row, "dsg_cumulative_balance_pc_of_income", plausible::kBalancePercent);
      if (pct.value) balance[{record->old_code, fy_of(period)}] = *pct.value;
    }
  // The import/export adjustment (domain.md 3.3, factor L): inside the high needs block, shown apart.
  const EesFile formula(find_data_file(dir, "dsg_formula_inputs_*"));
  std::map<std::pair<std::string, int>, double> import_export;
  for (const int period : formula.periods())
    for (const std::size_t row : formula.rows_where(GeographicLevel::LocalAuthority, period)) {
      const EesCell cell = formula.value(row, "hn_import_export_adjustment", plausible::kLaPoundsEitherWay);
      if (cell.value) import_export[{std::string(formula.old_la_code(row)), fy_of(period)}] = *cell.value;
    }
  std::vector<finance::FundingRow> rows;
  std::vector<std::tuple<std::string, int, int>> las;
  for (const int period : allocations.periods())
    for (const std::size_t row : allocations.rows_where(GeographicLevel::LocalAuthority, period)) {
      finance::FundingRow f;
      f.code = std::string(allocations.old_la_code(row));
      f.name = std::string(allocations.la_name(row));
      f.fy = fy_of(period);
      auto money = [&](const char* column) {
        const EesCell cell = allocations.value(row, column, plausible::kLaPounds);
        if (!cell.value) throw InputError(allocations.source(), allocations.line(row), column, "no figure for LA " + f.code);
        return *cell.value;
      };
      f.high_needs = money("high_needs_block_before_deductions");
      f.total_dsg = money("total_dsg_before_recoupment");
      f.schools_block = money("schools_block_before_recoupment");
      const auto b = balance.find({f.code, f.fy});
      if (b != balance.end()) f.cumulative_balance_pct = b->second;
      const auto adjustment = import_export.find({f.code, f.fy});
      if (adjustment != import_export.end()) f.import_export = adjustment->second;
      if (const auto problem = funding_problem(f))
        throw InputError(allocations.source(), allocations.line(row), problem->first, problem->second);
      las.emplace_back(f.code, allocations.line(row), f.fy);
      rows.push_back(std::move(f));
    }
  check_las_by_year(las, la_register, allocations.source());
  std::sort(rows.begin(), rows.end(), [](const finance::FundingRow& a, const finance::FundingRow& b) {
    return a.code != b.code ? a.code < b.code : a.fy < b.fy;
  });
  return rows;
}

std::string la_funding_csv(const std::vector<finance::FundingRow>& rows) {
  CsvWriter w;
  w.row({"old_la_code", "la_name", "financial_year", "high_needs_block", "total_dsg", "schools_block",
         "import_export_adjustment", "cumulative_balance_pct", "source"});
  for (const auto& f : rows)
    w.row({f.code, f.name, std::to_string(f.fy), format_number(f.high_needs), format_number(f.total_dsg),
           format_number(f.schools_block), f.import_export ? format_number(*f.import_export) : "",
           f.cumulative_balance_pct ? format_number(*f.cumulative_balance_pct) : "",
           "ESFA DSG allocations (before deductions/recoupment) as in dsg_allocations_201920_202324.csv; import/export "
           "adjustment (inside the high needs block): dsg_formula_inputs_202021_202324.csv; cumulative balance: "
           "dsg_cumulative_balance_pc_201920_202122.csv"});
  return w.text();
}

std::vector<finance::FundingRow> parse_la_funding(std::string_view csv_text, const std::string& source_name,
                                                  const LaRegister& la_register) {
  const CsvTable t = CsvTable::parse(csv_text, source_name);
  const std::size_t code = t.require_column("old_la_code"), name = t.require_column("la_name"),
                    fy = t.require_column("financial_year"), hn = t.require_column("high_needs_block"),
                    dsg = t.require_column("total_dsg"), schools = t.require_column("schools_block"),
                    pct = t.require_column("cumulative_balance_pct"),
                    adjustment = t.require_column("import_export_adjustment");
  std::vector<finance::FundingRow> rows;
  std::vector<std::tuple<std::string, int, int>> las;
  std::map<std::pair<std::string, int>, int> seen;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    finance::FundingRow f;
    f.code = std::string(trim_blanks(t.cell(r, code)));
    f.name = std::string(t.cell(r, name));
    f.fy = t.integer(r, fy, plausible::kYear);
    if (const auto [it, added] = seen.emplace(std::pair{f.code, f.fy}, t.line(r)); !added)
      throw InputError(source_name, t.line(r), "old_la_code",
                       "a second row for LA " + f.code + " in " + std::to_string(f.fy) + " (also on line " +
                           std::to_string(it->second) + ")");
    f.high_needs = t.number(r, hn, plausible::kLaPounds);
    f.total_dsg = t.number(r, dsg, plausible::kLaPounds);
    f.schools_block = t.number(r, schools, plausible::kLaPounds);
    if (!trim_blanks(t.cell(r, pct)).empty()) f.cumulative_balance_pct = t.number(r, pct, plausible::kBalancePercent);
    if (!trim_blanks(t.cell(r, adjustment)).empty())
      f.import_export = t.number(r, adjustment, plausible::kLaPoundsEitherWay);
    if (const auto problem = funding_problem(f)) t.fail_at(r, problem->first, problem->second);
    las.emplace_back(f.code, t.line(r), f.fy);
    rows.push_back(std::move(f));
  }
  if (rows.empty()) throw InputError(source_name, 1, "", "no funding rows");
  check_las_by_year(las, la_register, source_name);
  return rows;
}

namespace {

// The rows of a table of one figure a geography and financial year, each with its source (columns
// code, la_name, financial_year, `value_column`, source), as FundingRow::block_only rows whose
// `value` is read by `read`. A code must be an LA of `la_register` (or England's, where
// `england_too`), once a year.
template <class Read>
std::vector<finance::FundingRow> block_only_rows(std::string_view csv_text, const std::string& source_name,
                                                 const LaRegister& la_register, const char* value_column, bool england_too,
                                                 const Read& read) {
  const CsvTable t = CsvTable::parse(csv_text, source_name);
  const std::size_t code = t.require_column("code"), name = t.require_column("la_name"),
                    fy = t.require_column("financial_year"), value = t.require_column(value_column),
                    source = t.require_column("source");
  std::vector<finance::FundingRow> rows;
  std::map<std::pair<std::string, int>, int> seen;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    finance::FundingRow f;
    f.block_only = true;
    f.code = std::string(trim_blanks(t.cell(r, code)));
    f.name = std::string(t.cell(r, name));
    f.fy = t.integer(r, fy, plausible::kYear);
    const bool england = england_too && f.code == finance::kEnglandCode;
    if (!england && !la_register.find(f.code))
      t.fail_at(r, "code", quote_for_message(f.code) + " is not an LA in the register" +
                               (england_too ? std::string(" nor England (") + finance::kEnglandCode + ")" : std::string()));
    if (const auto [it, added] = seen.emplace(std::pair{f.code, f.fy}, t.line(r)); !added)
      throw InputError(source_name, t.line(r), "code",
                       "a second figure for " + f.code + " in " + std::to_string(f.fy) + " (also on line " +
                           std::to_string(it->second) + ")");
    read(f, t, r, value, england);
    if (trim_blanks(t.cell(r, source)).empty()) t.fail_at(r, "source", "every figure needs its source");
    rows.push_back(std::move(f));
  }
  return rows;
}

}  // namespace

std::vector<finance::FundingRow> parse_high_needs_published(std::string_view csv_text, const std::string& source_name,
                                                            const LaRegister& la_register) {
  auto rows = block_only_rows(csv_text, source_name, la_register, "high_needs_block", true,
                              [](finance::FundingRow& f, const CsvTable& t, std::size_t r, std::size_t column, bool england) {
                                f.high_needs = t.number(r, column, england ? plausible::kEnglandPounds : plausible::kLaPounds);
                                if (f.high_needs <= 0) t.fail_at(r, "high_needs_block", "must be above 0: a published allocation");
                              });
  // An LA's stated figures cannot exceed England's total that year.
  std::map<int, double> stated, total;
  for (const auto& f : rows) (f.code == finance::kEnglandCode ? total : stated)[f.fy] += f.high_needs;
  for (const auto& [year, sum] : stated)
    if (total.count(year) && sum > total.at(year))
      throw InputError(source_name, 1, "high_needs_block",
                       "the LAs' figures for " + std::to_string(year) + " add up to more than England's total");
  return rows;
}

std::vector<finance::FundingRow> parse_balances_reported(std::string_view csv_text, const std::string& source_name,
                                                        const LaRegister& la_register) {
  return block_only_rows(csv_text, source_name, la_register, "cumulative_balance", false,
                         [](finance::FundingRow& f, const CsvTable& t, std::size_t r, std::size_t column, bool) {
                           f.reported_balance = t.number(r, column, plausible::kLaPoundsEitherWay);
                         });
}

std::vector<finance::FundingRow> parse_notional_reported(std::string_view csv_text, const std::string& source_name,
                                                        const LaRegister& la_register) {
  return block_only_rows(csv_text, source_name, la_register, "notional_sen_budget", false,
                         [](finance::FundingRow& f, const CsvTable& t, std::size_t r, std::size_t column, bool) {
                           f.reported_notional = t.number(r, column, plausible::kLaPounds);
                           if (*f.reported_notional <= 0) t.fail_at(r, "notional_sen_budget", "must be above 0: a budget the LA set");
                         });
}

}  // namespace sendtwin::data
