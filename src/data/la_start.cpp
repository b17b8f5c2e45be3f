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
#include "data/plausible.h"

namespace sendtwin::data {

namespace {

constexpr int kStartYear = 2015;
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
double required(const EesFile& file, std::size_t row, const char* column) {
  const EesCell cell = file.value(row, column, plausible::kLaCount);
  if (!cell.value)
    throw InputError(file.source(), file.line(row), column,
                     "no figure (" + std::string(missing_reason(cell.missing)) + ") where the LA's January " +
                         std::to_string(kStartYear) + " caseload is needed");
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

// Every LA's plans in January 2015 by age band and by placement, from SEN2's caseload files, in
// order of LA code; `total_line` gets the line of each LA's total in the age file.
std::vector<model::AreaStart> read_plans(const EesFile& age, const EesFile& estab, const LaRegister& la_register,
                                         std::map<std::string, int>& total_line) {
  // The January rows of each LA, indexed once by LA code and filter values (a lookup per LA and
  // category scanning the whole file would read the establishment file some 5,000 times).
  auto index = [](const EesFile& file, const std::vector<std::string_view>& filters) {
    std::vector<std::size_t> columns;
    for (const auto f : filters) columns.push_back(file.column(f));
    std::map<std::string, std::size_t> rows;
    for (const std::size_t row : file.rows_where(GeographicLevel::LocalAuthority, kStartYear)) {
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
  for (const std::size_t row : age.rows_where(GeographicLevel::LocalAuthority, kStartYear, {{"characteristic_age", "Total"}})) {
    model::AreaStart a;
    a.code = std::string(age.old_la_code(row));
    a.year = kStartYear;
    a.name = std::string(age.la_name(row));
    codes.emplace_back(a.code, age.line(row));
    if (const auto problem = la_register.problem_adding_up(codes))
      throw InputError(age.source(), codes[problem->index].second, "old_la_code", problem->message);
    total_line[a.code] = age.line(row);
    const double total = required(age, row, kPlansColumn);
    for (int b = 0; b < model::kAgeBandCount; ++b) {
      const auto r = find(age_rows, a.code + "|" + kAgeBands[b]);
      if (!r) throw InputError(age.source(), age.line(row), "characteristic_age", "no \"" + std::string(kAgeBands[b]) + "\" row for LA " + a.code);
      a.plans_by_age_band[b] = required(age, *r, kPlansColumn);
    }
    const double by_age = a.plans();
    if (by_age != total)
      throw InputError(age.source(), age.line(row), kPlansColumn,
                       "LA " + a.code + "'s plans by age add up to " + format_number(by_age) + ", not its total " +
                           format_number(total));
    const auto estab_total = find(estab_rows, a.code + "|Total|Total");
    if (!estab_total) throw InputError(estab.source(), 0, "old_la_code", "no January " + std::to_string(kStartYear) + " total for LA " + a.code);
    double by_setting = 0;
    for (int s = 0; s < kSettingCount; ++s) {
      double n = 0;
      for (const Term& t : setting_terms()[s]) {
        const auto r = find(estab_rows, a.code + "|" + t.group + "|" + t.type);
        if (r) n += t.sign * required(estab, *r, kPlansColumn);  // a row DfE did not publish is none
      }
      a.plans_by_setting[s] = n;
      by_setting += n;
    }
    for (int s = 0; s < kSettingCount; ++s)
      if (a.plans_by_setting[s] < 0)
        throw InputError(estab.source(), estab.line(*estab_total), kPlansColumn,
                         "LA " + a.code + "'s establishment rows leave " + kSettingColumns[s] + " at " +
                             format_number(a.plans_by_setting[s]) + ": the detailed rows exceed their group's total");
    if (by_setting != total)
      throw InputError(estab.source(), estab.line(*estab_total), kPlansColumn,
                       "LA " + a.code + "'s plans by placement add up to " + format_number(by_setting) + ", not its total " +
                           format_number(total));
    areas.push_back(std::move(a));
  }
  if (areas.empty())
    throw InputError(age.source(), 0, "time_period", "no Local authority rows for " + std::to_string(kStartYear));
  std::sort(areas.begin(), areas.end(), [](const model::AreaStart& a, const model::AreaStart& b) { return a.code < b.code; });
  return areas;
}

// Each LA's pupils and pupils on SEN Support: England's shared out by the LAs' mainstream pupils in
// the earliest year of the DSG formula inputs.
void share_out_pupils(std::vector<model::AreaStart>& areas, const EesFile& dsg, const model::SendParams& england,
                      const LaRegister& la_register) {
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
  const auto& pop = england.population;
  for (std::size_t k = 0; k < areas.size(); ++k) {
    areas[k].pupils = pop.pupils * weight[k] / weights;
    areas[k].sen_support = pop.sen_support * weight[k] / weights;
    // Fewer pupils than plans: the LA's own pupil numbers are wrong (0 for an LA with plans).
    const auto own = dsg_row.find(areas[k].code);
    if (own != dsg_row.end() && !(areas[k].pupils >= areas[k].plans()))
      throw InputError(dsg.source(), dsg.line(own->second), "primary_pupils",
                       "LA " + areas[k].code + "'s " + format_number(dsg_pupils[areas[k].code]) +
                           " primary and secondary pupils give it " + format_number(areas[k].pupils) +
                           " pupils in January " + std::to_string(kStartYear) + ", fewer than its " +
                           format_number(areas[k].plans()) + " EHC plans");
  }
}

// Each LA's practice relative to England from SEN2's sen2_mi.csv.
void read_practice(std::vector<model::AreaStart>& areas, const EesFile& mi, const EesFile& age,
                   const model::SendParams& england, std::map<std::string, int>& total_line) {
  const auto& pop = england.population;
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
      a.request_relative = (requests.la.numerator / requests.england.numerator) / (a.pupils / pop.pupils);
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

}  // namespace

std::vector<model::AreaStart> read_la_starts(const std::string& dir, const model::SendParams& england,
                                             const LaRegister& la_register) {
  const EesFile age(find_data_file(dir, "sen2_age_caseload.csv"));
  const EesFile estab(find_data_file(dir, "sen2_estab_caseload.csv"));
  const EesFile mi(find_data_file(dir, "sen2_mi.csv"));
  const EesFile dsg(find_data_file(dir, "dsg_formula_inputs_*"));

  std::map<std::string, int> total_line;
  std::vector<model::AreaStart> areas = read_plans(age, estab, la_register, total_line);
  share_out_pupils(areas, dsg, england, la_register);
  read_practice(areas, mi, age, england, total_line);
  return areas;
}

std::string la_starts_csv(const std::vector<model::AreaStart>& areas, const std::string& note) {
  CsvWriter w;
  std::vector<std::string> header = {"old_la_code", "la_name", "pupils", "sen_support"};
  header.insert(header.end(), kBandColumns.begin(), kBandColumns.end());
  header.insert(header.end(), kSettingColumns.begin(), kSettingColumns.end());
  header.insert(header.end(), {"request_relative", "refused_relative", "timely_relative", "issued_relative", "source"});
  w.row(header);
  for (const auto& a : areas) {
    std::vector<std::string> row = {a.code, a.name, format_number(a.pupils), format_number(a.sen_support)};
    for (double n : a.plans_by_age_band) row.push_back(format_number(n));
    for (double n : a.plans_by_setting) row.push_back(format_number(n));
    row.push_back(format_number(a.request_relative));
    row.push_back(format_number(a.refused_relative));
    row.push_back(format_number(a.timely_relative));
    row.push_back(format_number(a.issued_relative));
    row.push_back(
        "DfE SEN2 2022 release: sen2_age_caseload.csv and sen2_estab_caseload.csv (January 2015), sen2_mi.csv "
        "(2015-2019); pupils: England's January 2015 total shared by dsg_formula_inputs (2020-21); see "
        "src/data/la_start.h" + (note.empty() ? std::string() : "; " + note));
    w.row(row);
  }
  return w.text();
}

std::vector<model::AreaStart> parse_la_starts(std::string_view csv_text, const std::string& source_name,
                                             const LaRegister& la_register) {
  const CsvTable t = CsvTable::parse(csv_text, source_name);
  const std::size_t code = t.require_column("old_la_code"), name = t.require_column("la_name");
  const std::size_t pupils = t.require_column("pupils"), support = t.require_column("sen_support");
  std::array<std::size_t, model::kAgeBandCount> bands{};
  std::array<std::size_t, kSettingCount> settings{};
  for (int b = 0; b < model::kAgeBandCount; ++b) bands[b] = t.require_column(kBandColumns[b]);
  for (int s = 0; s < kSettingCount; ++s) settings[s] = t.require_column(kSettingColumns[s]);
  const std::size_t request = t.require_column("request_relative"), refused = t.require_column("refused_relative"),
                    timely = t.require_column("timely_relative"), issued = t.require_column("issued_relative");
  std::vector<model::AreaStart> areas;
  std::unordered_set<std::string> seen;
  std::vector<std::pair<std::string, int>> codes;
  double england_pupils = 0;
  auto count = [&](std::size_t row, std::size_t col) { return t.number(row, col, plausible::kLaCount); };
  auto relative = [&](std::size_t row, std::size_t col) { return t.number(row, col, plausible::kRelativeRate); };
  for (std::size_t r = 0; r < t.rows(); ++r) {
    model::AreaStart a;
    a.code = std::string(trim_blanks(t.cell(r, code)));
    a.year = kStartYear;  // TEMPORARY until the table carries its year
    a.name = std::string(t.cell(r, name));
    if (a.code.empty()) throw InputError(source_name, t.line(r), "old_la_code", "empty");
    if (!seen.insert(a.code).second) throw InputError(source_name, t.line(r), "old_la_code", "LA " + a.code + " appears twice");
    codes.emplace_back(a.code, t.line(r));
    if (const auto problem = la_register.problem_adding_up(codes))
      throw InputError(source_name, codes[problem->index].second, "old_la_code", problem->message);
    a.pupils = t.number(r, pupils, plausible::kLaPupils);
    england_pupils += a.pupils;
    if (england_pupils > plausible::kMaxEnglandCount)
      throw InputError(source_name, t.line(r), "pupils",
                       "the LAs' pupils add up to " + format_number(england_pupils) + " by this line, more than " +
                           format_number(plausible::kMaxEnglandCount) + " (England had 8.4 million in January 2015)");
    a.sen_support = count(r, support);
    for (int b = 0; b < model::kAgeBandCount; ++b) a.plans_by_age_band[b] = count(r, bands[b]);
    for (int s = 0; s < kSettingCount; ++s) a.plans_by_setting[s] = count(r, settings[s]);
    const double by_setting = std::accumulate(a.plans_by_setting.begin(), a.plans_by_setting.end(), 0.0);
    if (std::abs(by_setting - a.plans()) > 1e-6 * std::max(1.0, a.plans()))
      throw InputError(source_name, t.line(r), "plans_mainstream",
                       "plans by placement add up to " + format_number(by_setting) + " but plans by age to " +
                           format_number(a.plans()));
    a.request_relative = relative(r, request);
    a.refused_relative = relative(r, refused);
    a.timely_relative = relative(r, timely);
    a.issued_relative = relative(r, issued);
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

std::vector<model::AreaStart> starts_in(const std::vector<model::AreaStart>& all, int year) {
  std::vector<model::AreaStart> out;
  std::set<int> years;
  for (const auto& a : all) {
    years.insert(a.year);
    if (a.year == year) out.push_back(a);
  }
  if (out.empty()) {
    std::string held;
    for (int y : years) held += (held.empty() ? "" : ", ") + std::to_string(y);
    throw InputError("--start", 0, std::to_string(year), "no LA's state is known for that January; the LA table holds " + held);
  }
  return out;
}

int latest_start_year(const std::vector<model::AreaStart>& all) {
  int latest = 0;
  for (const auto& a : all) latest = std::max(latest, a.year);
  return latest;
}

}  // namespace sendtwin::data
