#include "report/validation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

#include "core/error.h"
#include "data/csv.h"
#include "data/plausible.h"
#include "measures/projections.h"
#include "measures/registry.h"

namespace sendtwin::report {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The money `compare` takes is nominal (measures::Shown::compare): no prices are read.
const finance::FinanceParams kNominal{};

std::string money_text(double v, const std::string& unit) {
  char buf[48];
  if (std::isnan(v)) return "-";
  if (unit.rfind("GBP", 0) == 0 && std::abs(v) >= 1e8) std::snprintf(buf, sizeof buf, "GBP %.1fbn", v / 1e9);
  else if (unit.rfind("GBP", 0) == 0) std::snprintf(buf, sizeof buf, "GBP %.0f", v);
  else std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

}  // namespace

std::string render_in_sample(const ResultTable& england, const data::PublishedSeries& published) {
  const auto measures = measures::pupils();
  std::string out = "In sample: the model against DfE's published figures, % difference (model - published)\n";
  char buf[64];
  std::string head = "measure                ";
  const int last_published = std::min(england.last_year, published.last_year());
  for (int y = england.first_year; y <= last_published; ++y) {
    std::snprintf(buf, sizeof buf, " %6d", y);
    head += buf;
  }
  out += head + "   mean|%|   max|%|\n";
  for (std::size_t k = 0; k < measures.size(); ++k) {
    std::string line;
    std::snprintf(buf, sizeof buf, "%-23.23s", std::string(measures[k].id).c_str());
    line += buf;
    double sum = 0, worst = 0;
    int n = 0;
    for (int y = england.first_year; y <= last_published; ++y) {
      const auto* pub = published.find(measures[k].id, y);
      const double model = y >= england.first_year && y <= england.last_year ? england.mean(k, y) : kNaN;
      if (!pub || std::isnan(model) || pub->value == 0) {
        line += "       ";
        continue;
      }
      const double diff = 100.0 * (model - pub->value) / pub->value;
      std::snprintf(buf, sizeof buf, " %+6.1f", diff);
      line += buf;
      sum += std::abs(diff);
      worst = std::max(worst, std::abs(diff));
      ++n;
    }
    if (n == 0) continue;
    std::snprintf(buf, sizeof buf, "   %7.1f  %7.1f\n", sum / n, worst);
    out += line + buf;
  }
  return out;
}

std::vector<Projection> parse_projections(std::string_view csv_text, const std::string& source_name) {
  const data::CsvTable t = data::CsvTable::parse(csv_text, source_name);
  const std::size_t name = t.require_column("projection"), period = t.require_column("published_period"),
                    measure = t.require_column("measure"), model_period = t.require_column("model_period"),
                    value = t.require_column("value"), unit = t.require_column("unit"), source = t.require_column("source");
  std::vector<Projection> out;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string_view unit_text = data::trim_blanks(t.cell(r, unit));
    // A count for England, or pounds (GBP, GBP per year) for England: 0 .. data/plausible.h's bound.
    const data::ValueRange& range = unit_text.starts_with("GBP") ? data::plausible::kEnglandPounds : data::plausible::kEnglandCount;
    Projection p{std::string(t.cell(r, name)), std::string(t.cell(r, period)), std::string(t.cell(r, measure)),
                 std::string(t.cell(r, unit)), std::string(t.cell(r, source)),
                 t.integer(r, model_period, data::plausible::kYear), t.number(r, value, range)};
    if (!measures::find_projection_measure(p.measure)) throw InputError(source_name, t.line(r), "measure", data::quote_for_message(p.measure) + " is not a measure the model projects");
    out.push_back(std::move(p));
  }
  return out;
}

int last_year_needed(const std::vector<Projection>& projections) {
  int year = 0;
  for (const auto& p : projections) {
    const auto* m = measures::find_projection_measure(p.measure);
    const bool financial = m && m->period == measures::Period::FinancialYear;
    year = std::max(year, financial ? p.model_period + 1 : p.model_period);
  }
  return year;
}

double model_figure(const Projection& p, const ResultTable& england, const std::vector<finance::EnglandYear>& money,
                    const finance::FinanceParams& finance) {
  const auto* m = measures::find_projection_measure(p.measure);
  return m ? m->model_figure({england, money, finance}, p.model_period) : kNaN;
}

std::string render_futures(const std::vector<Projection>& projections, const ResultTable& england,
                           const std::vector<finance::EnglandYear>& money, const model::SendParams& params,
                           const finance::FinanceParams& finance) {
  std::string out = "\nBeside the published futures and estimates (data/published/projections.csv)\n";
  char buf[1024];
  std::snprintf(buf, sizeof buf, "%-58s %-11s %14s %14s %8s\n", "projection", "period", "published", "sendtwin", "diff");
  out += buf;
  for (const auto& p : projections) {
    const double model = model_figure(p, england, money, finance);
    char diff[16] = "-";
    if (!std::isnan(model) && p.value != 0) std::snprintf(diff, sizeof diff, "%+.0f%%", 100.0 * (model - p.value) / p.value);
    std::snprintf(buf, sizeof buf, "%-58.58s %-11s %14s %14s %8s\n", p.name.c_str(), p.published_period.c_str(),
                  money_text(p.value, p.unit).c_str(), money_text(model, p.unit).c_str(), diff);
    out += buf;
  }
  // What the model's futures rest on, from the parameters.
  const auto& rq = params.requests.rate;
  const auto& id = params.sen_support.identification;
  std::snprintf(buf, sizeof buf,
                "\nWhat drives sendtwin's futures: requests for assessment per pupil on SEN Support grow %.1f%% a year to\n"
                "%d and are held at %.3f after; identification for SEN Support grows %.1f%% a year to %d and is held at\n"
                "%.3f; the reception intake is held at %.0f after %d (falling births); each LA keeps the practice\n"
                "its own recent flows show; state special places grow %.1f%% a year; high needs allocations grow %.1f%% a year in cash\n"
                "after 2023-24 and prices %.1f%%. Projections that assume request rates keep rising (Mime's upper case)\n"
                "or faster place and price growth sit above it; those that assume a slowdown in new plans, below.\n",
                100 * rq.growth, rq.last_year, rq.at(rq.last_year), 100 * id.growth, id.last_year, id.at(id.last_year),
                params.population.intake.empty() ? 0.0 : params.population.intake.back(),
                params.population.intake_years.empty() ? 0 : params.population.intake_years.back(),
                100 * params.capacity.growth, 100 * finance.allocation_growth, 100 * finance.inflation);
  out += buf;
  return out;
}

namespace {

// "2025", "2025-01", "January 2025" -> 2025; "2024-25", "FY 2024-25" -> 2024 (financial); else nullopt.
struct Period {
  int year = 0;
  bool financial = false;
};
std::optional<Period> parse_period(std::string_view text) {
  std::string t(data::trim_blanks(text));
  if (t.rfind("FY ", 0) == 0) t = t.substr(3);
  if (t.rfind("January ", 0) == 0) t = t.substr(8);
  auto digits = [](std::string_view s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos; };
  if (t.size() == 4 && digits(t)) return Period{std::stoi(t), false};
  if (t.size() == 7 && t[4] == '-' && digits(t.substr(0, 4)) && digits(t.substr(5))) {
    const int year = std::stoi(t.substr(0, 4)), tail = std::stoi(t.substr(5));
    if (tail == 1 && t.substr(5) == "01") return Period{year, false};  // 2025-01: the January census
    if (tail == (year + 1) % 100) return Period{year, true};
  }
  return std::nullopt;
}

}  // namespace

namespace {

// A finite number with two decimals; in exponent form past 1e15, where two decimals would be a
// string of digits no one reads (a value of yours near 0 makes a percentage that large).
std::string two_places(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, std::abs(x) < 1e15 ? "%.2f" : "%.15g", x);
  return buf;
}

// Financial years first..last, as "2019-20 to 2034-35".
std::string fy_span(int first, int last) {
  return measures::period_label(measures::Period::FinancialYear, first) + " to " +
         measures::period_label(measures::Period::FinancialYear, last);
}

// An LA's money row (the geography is not England): the LA is of the run, has a ledger of its own
// (not one a reorganisation shares) and the year is one the run's ledgers can hold; sets la and
// ledger_code. InputError at `line` otherwise.
void check_la_money(CompareRow& row, const std::function<int(std::string_view)>& find_la, const CompareLedgers& ledgers,
                    const std::string& file, int line) {
  row.la = find_la(row.geography);
  if (row.la < 0) throw InputError(file, line, "geography", data::quote_for_message(row.geography) + " is not England or an LA of the run");
  const auto la = static_cast<std::size_t>(row.la);
  const finance::Ledger* unit = nullptr;
  if (la < ledgers.la_codes.size())
    for (const auto& l : ledgers.units)
      if (std::find(l.model_codes.begin(), l.model_codes.end(), ledgers.la_codes[la]) != l.model_codes.end()) unit = &l;
  if (!unit) throw InputError(file, line, "geography", data::quote_for_message(row.geography) + " has no DSG ledger in the run");
  if (unit->model_codes.size() > 1 || unit->funding_codes.size() > 1) {
    std::string paid;
    for (const auto& c : unit->funding_codes) paid += " " + c;
    throw InputError(file, line, "geography",
                     data::quote_for_message(row.geography) + " shares one DSG ledger with the LAs a reorganisation joined it to, " +
                         "\"" + unit->name + "\" (LAs paid:" + paid +
                         "), so its own money is not modelled; `sendtwin la` shows the shared ledger");
  }
  if (row.year < ledgers.first_fy || row.year > ledgers.last_fy)
    throw InputError(file, line, "period",
                     row.period + " is outside the financial years the run's ledgers hold (" + fy_span(ledgers.first_fy, ledgers.last_fy) + ")");
  row.ledger_code = ledgers.la_codes[la];
}

// An LA's money: its ledger's figure for the row's year, the mean over the replicates. InputError
// at the row's line if a replicate's ledger lacks the year.
double ledger_figure(const CompareRow& row, const std::vector<std::vector<finance::Ledger>>& ledgers, const std::string& file) {
  double sum = 0;
  std::size_t found = 0;
  std::string name, span = "no year";
  for (const auto& replicate : ledgers)
    for (const auto& l : replicate) {
      if (std::find(l.model_codes.begin(), l.model_codes.end(), row.ledger_code) == l.model_codes.end()) continue;
      name = l.name;
      if (!l.years.empty()) span = fy_span(l.years.front().fy, l.years.back().fy);
      for (const auto& y : l.years)
        if (y.fy == row.year) {
          sum += row.money->from_ledger(y);
          ++found;
        }
    }
  if (found == 0 || found != ledgers.size())
    throw InputError(file, row.line, "period", row.period + " is not a year of " + (name.empty() ? row.geography : name) +
                                                   "'s DSG ledger in this run (it holds " + span + ")");
  return sum / static_cast<double>(found);
}

}  // namespace

std::vector<CompareRow> read_compare_rows(std::string_view csv_text, const std::string& source_name,
                                          const std::function<int(std::string_view)>& find_la, const CompareLedgers& ledgers) {
  const data::CsvTable t = data::CsvTable::parse(csv_text, source_name);
  const std::size_t measure = t.require_column("measure"), geography = t.require_column("geography"),
                    period = t.require_column("period"), value = t.require_column("value");
  std::vector<CompareRow> rows;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    CompareRow row;
    row.measure = std::string(data::trim_blanks(t.cell(r, measure)));
    row.geography = std::string(data::trim_blanks(t.cell(r, geography)));
    row.period = std::string(data::trim_blanks(t.cell(r, period)));
    row.line = t.line(r);
    const auto when = parse_period(row.period);
    if (!when)
      throw InputError(source_name, t.line(r), "period",
                       data::quote_for_message(t.cell(r, period)) + " is not a year (2025, 2025-01, January 2025) or a financial year (2024-25)");
    t.check_range(r, period, when->year, data::plausible::kYear);
    row.year = when->year;
    row.financial = when->financial;
    row.yours = t.number(r, value);
    const measures::Measure* money = measures::find(row.measure);
    if (money && money->shown.compare) row.money = money;
    if (row.money) {
      if (!row.financial) throw InputError(source_name, t.line(r), "period", row.measure + " is by financial year (2024-25)");
      if (row.geography != "England") check_la_money(row, find_la, ledgers, source_name, t.line(r));
    } else {
      row.measure_index = measures::pupil_index(row.measure);
      if (row.measure_index == measures::pupils().size())
        throw InputError(source_name, t.line(r), "measure", data::quote_for_message(row.measure) + " is not a measure of the model (see scorecard.csv)");
      if (row.financial) throw InputError(source_name, t.line(r), "period", row.measure + " is by calendar year or January");
      if (row.geography != "England") {
        row.la = find_la(row.geography);
        if (row.la < 0) throw InputError(source_name, t.line(r), "geography", data::quote_for_message(row.geography) + " is not England or an LA of the run");
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string compare_csv(const std::vector<CompareRow>& rows, const ResultTable& england,
                        const std::vector<ResultTable>& las, const std::vector<finance::EnglandYear>& money,
                        const std::vector<std::vector<finance::Ledger>>& ledgers, const std::string& source_name) {
  data::CsvWriter w;
  w.row({"measure", "geography", "period", "yours", "model", "difference", "difference_pct"});
  for (const CompareRow& row : rows) {
    double model = kNaN;
    if (row.money && row.la >= 0) {
      model = ledger_figure(row, ledgers, source_name);
    } else if (row.money) {
      for (const auto& y : money)
        if (y.fy == row.year) {
          model = row.money->from_england(y, kNominal);
        }
    } else {
      const ResultTable& table = row.la < 0 ? england : las.at(static_cast<std::size_t>(row.la));
      if (row.year >= table.first_year && row.year <= table.last_year) model = table.mean(row.measure_index, row.year);
    }
    std::string m, d, pct;
    if (std::isfinite(model)) {
      m = two_places(model);
      d = two_places(model - row.yours);
      const double percent = 100.0 * (model - row.yours) / row.yours;
      if (row.yours != 0 && std::isfinite(percent)) pct = two_places(percent);
    }
    char y[32];
    std::snprintf(y, sizeof y, "%.15g", row.yours);
    w.row({row.measure, row.geography, row.period, y, m, d, pct});
  }
  return w.text();
}

}  // namespace sendtwin::report
