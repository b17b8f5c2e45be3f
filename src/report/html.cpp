#include "report/html.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "data/csv.h"
#include "data/embedded.h"
#include "measures/registry.h"
#include "pipeline/goals.h"
#include "report/goals_report.h"

namespace sendtwin::report {

namespace {

using nlohmann::json;

// GOV.UK colours, each at least 4.5:1 against white (WCAG 2.2 1.4.3, 1.4.11).
constexpr const char* kModelColour = "#1d70b8";
constexpr const char* kPublishedColour = "#d4351c";
constexpr const char* kScenarioColours[] = {"#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#505a5f", "#f47738"};

std::string escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string number(double v, const std::string& unit) {
  if (std::isnan(v)) return "";
  char buf[64];
  if (unit == "GBP") std::snprintf(buf, sizeof buf, "%.1f", v / 1e6);
  else if (unit == "percent") std::snprintf(buf, sizeof buf, "%.2f", v);
  else std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

struct Series {
  std::string unit;
  std::map<std::string, std::vector<double>> by_period;  // period -> values across replicates
};
using Tidy = std::map<std::string, Series>;  // measure -> its series

// Tidy rows (measure, geography, code, period, value, unit, scenario, replicate) of one geography
// (`geography`, or a `code`, or any when both are empty) and of the first scenario the rows name
// (a scenario run's file: the baseline's), by measure.
Tidy read_tidy(const std::string& csv, const char* name, const std::string& geography, const std::string& code = "") {
  Tidy out;
  if (csv.empty()) return out;
  const auto t = data::CsvTable::parse(csv, name);
  const std::size_t m = t.require_column("measure"), g = t.require_column("geography"), p = t.require_column("period"),
                    v = t.require_column("value"), u = t.require_column("unit");
  const auto sc = t.column("scenario"), cd = t.column("code");
  std::string scenario_shown;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (!geography.empty() && t.cell(r, g) != geography) continue;
    if (!code.empty() && (!cd || t.cell(r, *cd) != code)) continue;
    if (sc) {
      if (scenario_shown.empty()) scenario_shown = std::string(t.cell(r, *sc));
      if (t.cell(r, *sc) != scenario_shown) continue;
    }
    Series& s = out[std::string(t.cell(r, m))];
    s.unit = std::string(t.cell(r, u));
    s.by_period[std::string(t.cell(r, p))].push_back(std::stod(std::string(t.cell(r, v))));
  }
  return out;
}

// The mean of a period's values across replicates and their range.
struct Stat {
  double mean = NAN, low = NAN, high = NAN;
  std::size_t n = 0;
};
Stat stat(const std::vector<double>& v) {
  Stat s;
  if (v.empty()) return s;
  double sum = 0;
  s.low = INFINITY, s.high = -INFINITY;
  for (const double x : v) sum += x, s.low = std::min(s.low, x), s.high = std::max(s.high, x);
  s.mean = sum / static_cast<double>(v.size());
  s.n = v.size();
  return s;
}
// The mean of `id` in `period`, NaN where the series has none.
double mean_of(const Tidy& t, std::string_view id, const std::string& period) {
  const auto it = t.find(std::string(id));
  if (it == t.end()) return NAN;
  const auto p = it->second.by_period.find(period);
  return p == it->second.by_period.end() ? NAN : stat(p->second).mean;
}

// The kind of period a measure is reported by, and how axes and tables show a period of it: a
// January stock's "2015-01" as "2015" under an axis titled January; the others as they are
// ("2015", a calendar year; "2028-29", a financial year).
measures::Period period_kind(const std::string& id) {
  const auto* m = measures::find(id);
  return m ? m->period : measures::Period::CalendarYear;
}
std::string shown_period(measures::Period kind, const std::string& period) {
  return kind == measures::Period::CensusJanuary && period.size() == 7 ? period.substr(0, 4) : period;
}
std::string x_title(measures::Period kind) {
  switch (kind) {
    case measures::Period::CensusJanuary: return "January";
    case measures::Period::CalendarYear: return "Calendar year";
    case measures::Period::FinancialYear: return "Financial year (April to March)";
  }
  return "";
}

// Pounds as an officer reads them: "GBP 12.3m"; a balance as a deficit or a surplus.
std::string millions(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "GBP %.1fm", v / 1e6);
  return buf;
}
std::string balance_text(double v) { return (v < 0 ? "a deficit of " : "a surplus of ") + millions(std::abs(v)); }
std::string whole(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  std::string s = buf, out;
  const std::size_t digits = s.size() - (s[0] == '-' ? 1 : 0);
  for (std::size_t k = 0; k < s.size(); ++k) {
    out += s[k];
    const std::size_t left = s.size() - 1 - k;
    if (left > 0 && left % 3 == 0 && (s[0] != '-' || k > 0) && digits > 3) out += ',';
  }
  return out;
}

struct Chart {
  std::string title, alt, caption;
  json spec;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

std::string figure_html(const Chart& c, int k) {
  std::string out = "<figure>\n<h3 id=\"chart-" + std::to_string(k) + "-title\">" + escape(c.title) + "</h3>\n";
  out += "<div class=\"chart\" id=\"chart-" + std::to_string(k) + "\" role=\"img\" aria-label=\"" + escape(c.alt) + "\"></div>\n";
  out += "<figcaption>" + escape(c.caption) + "</figcaption>\n";
  out += "<details><summary>Data table: " + escape(c.title) + "</summary>\n<table>\n<caption>" + escape(c.title) +
         "</caption>\n<thead><tr>";
  for (const auto& h : c.header) out += "<th scope=\"col\">" + escape(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& r : c.rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < r.size(); ++i)
      out += (i == 0 ? "<th scope=\"row\">" : "<td>") + escape(r[i]) + (i == 0 ? "</th>" : "</td>");
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n</details>\n</figure>\n";
  return out;
}

json base_spec(const std::string& y_title, const std::string& x = "Period") {
  return {{"$schema", "https://vega.github.io/schema/vega-lite/v5.json"},
          {"width", 640},
          {"height", 220},
          {"config", {{"axis", {{"labelColor", "#0b0c0c"}, {"titleColor", "#0b0c0c"}, {"labelFontSize", 12}}},
                      {"legend", {{"labelColor", "#0b0c0c"}, {"titleColor", "#0b0c0c"}, {"labelFontSize", 12}}}}},
          {"encoding", {{"x", {{"field", "period"}, {"type", "ordinal"}, {"title", x}}}}},
          {"usermeta", {{"y", y_title}}}};
}

// What the measure charts of one report share: the published figures, and the replicates whose
// range is the band where they are not the series' own (HtmlInput::band_csv).
struct ChartContext {
  const data::PublishedSeries& published;
  const Tidy* band = nullptr;
  std::string band_source;  // the caption's words for that band
  int published_years_before = 0;  // DfE's figures charted for up to this many years before the run's first
};

// A measure over time: the model's mean (line), its range across replicates (band), DfE's figures.
// `by_period`, if given, holds the published figures by period instead (a ledger's, by financial year).
Chart measure_chart(const std::string& id, const std::string& label, const std::string& description, const Series& s,
                    const ChartContext& ctx, const std::map<std::string, double>* by_period = nullptr,
                    const std::optional<double>& rule = std::nullopt, const std::string& rule_label = "") {
  Chart c;
  const std::string unit_title = s.unit == "GBP" ? label + " (GBP million)" : s.unit == "percent" ? label + " (%)" : label;
  const measures::Period kind = period_kind(id);
  c.title = unit_title;
  json values = json::array();
  bool band = false;
  int published_points = 0;
  std::size_t band_runs = 0;
  const Series* overlay = nullptr;
  if (ctx.band)
    if (const auto it = ctx.band->find(id); it != ctx.band->end()) overlay = &it->second;
  c.header = {x_title(kind), "model (mean)", "lowest replicate", "highest replicate", "published"};
  double first = NAN, last = NAN;
  std::string first_period, last_period;
  const double scale = s.unit == "GBP" ? 1e-6 : 1.0;
  // DfE's figures for the years before the run (an LA's past), where the period is a year's.
  const int first_year = s.by_period.empty() ? 0 : std::atoi(s.by_period.begin()->first.substr(0, 4).c_str());
  for (int year = first_year - ctx.published_years_before; !by_period && kind != measures::Period::FinancialYear && year < first_year; ++year)
    if (const auto* figure = ctx.published.find(id, year)) {
      values.push_back({{"period", std::to_string(year)}, {"published", figure->value * scale}});
      c.rows.push_back({std::to_string(year), "", "", "", number(figure->value, s.unit)});
      ++published_points;
    }
  for (const auto& [period, v] : s.by_period) {
    const Stat own = stat(v);
    Stat range = own;
    if (overlay)
      if (const auto it = overlay->by_period.find(period); it != overlay->by_period.end()) range = stat(it->second);
    const std::string shown = shown_period(kind, period);
    json row = {{"period", shown}, {"model", own.mean * scale}};
    if (range.n > 1) {
      row["low"] = range.low * scale, row["high"] = range.high * scale;
      band = true;
      band_runs = std::max(band_runs, range.n);
    }
    const int year = std::atoi(period.substr(0, 4).c_str());
    const bool stock_or_year = period.size() == 4 || period.size() == 7;  // 2025 or 2025-01 (or a financial year, 2025-26)
    std::optional<double> pub;
    if (by_period) {
      if (const auto it = by_period->find(period); it != by_period->end()) pub = it->second;
    } else if (const auto* figure = ctx.published.find(id, year); figure && stock_or_year) {
      pub = figure->value;
    }
    if (pub) {
      row["published"] = *pub * scale;
      ++published_points;
    }
    values.push_back(row);
    c.rows.push_back({shown, number(own.mean, s.unit), range.n > 1 ? number(range.low, s.unit) : "",
                      range.n > 1 ? number(range.high, s.unit) : "", pub ? number(*pub, s.unit) : ""});
    if (std::isnan(first)) first = own.mean, first_period = shown;
    last = own.mean, last_period = shown;
  }
  json spec = base_spec(unit_title, x_title(kind));
  spec["data"] = {{"values", values}};
  json layers = json::array();
  if (band)
    layers.push_back({{"transform", json::array({{{"filter", "isValid(datum.low)"}}})},
                      {"mark", {{"type", "area"}, {"opacity", 0.25}, {"color", kModelColour}}},
                      {"encoding", {{"y", {{"field", "low"}, {"type", "quantitative"}, {"title", unit_title}, {"scale", {{"zero", false}}}}}, {"y2", {{"field", "high"}}}}}});
  layers.push_back({{"mark", {{"type", "line"}, {"color", kModelColour}, {"point", true}}},
                    {"encoding", {{"y", {{"field", "model"}, {"type", "quantitative"}, {"title", unit_title}, {"scale", {{"zero", false}}}}},
                                  {"tooltip", json::array({{{"field", "period"}}, {{"field", "model"}, {"format", ",.1f"}}})}}}});
  if (published_points > 0)
    layers.push_back({{"transform", json::array({{{"filter", "isValid(datum.published)"}}})},
                      {"mark", {{"type", "point"}, {"shape", "diamond"}, {"filled", true}, {"size", 70}, {"color", kPublishedColour}}},
                      {"encoding", {{"y", {{"field", "published"}, {"type", "quantitative"}}},
                                    {"tooltip", json::array({{{"field", "period"}}, {{"field", "published"}, {"format", ",.1f"}}})}}}});
  if (rule) {  // a threshold across the chart (the % of DSG at which a deficit is "unmanageable")
    layers.push_back({{"data", {{"values", json::array({{{"y", *rule}, {"label", rule_label}}})}}},
                      {"mark", {{"type", "rule"}, {"color", "#0b0c0c"}, {"strokeDash", {6, 4}}}},
                      {"encoding", {{"y", {{"field", "y"}, {"type", "quantitative"}}}}}});
    layers.push_back({{"data", {{"values", json::array({{{"y", *rule}, {"label", rule_label}}})}}},
                      {"mark", {{"type", "text"}, {"align", "left"}, {"dy", -7}, {"x", 4}, {"color", "#0b0c0c"}}},
                      {"encoding", {{"y", {{"field", "y"}, {"type", "quantitative"}}}, {"text", {{"field", "label"}}}}}});
  }
  spec["layer"] = layers;
  c.spec = spec;
  const std::string band_words = !band ? "; no band: one replicate"
                                 : overlay ? "; band: " + ctx.band_source
                                           : "; band: the range across the " + std::to_string(band_runs) + " replicates";
  c.caption = description + " Line: the model's mean" + band_words +
              (published_points > 0 ? "; red diamonds: DfE's published figures." : ". No published figure is charted here.") +
              (rule ? " Dashed line: " + rule_label + "." : "");
  c.alt = unit_title + ", " + first_period + " to " + last_period + ": the model goes from " + number(first, s.unit) + " to " +
          number(last, s.unit) + (s.unit == "GBP" ? " (GBP million)" : "") +
          (published_points > 0 ? "; " + std::to_string(published_points) + " published figures shown beside it" : "") +
          ". The data table below gives every value.";
  return c;
}

// Each scenario's difference from the baseline with its 90% interval, for one measure.
Chart difference_chart(const std::string& measure, const std::string& label, const data::CsvTable& t, const std::string& of) {
  Chart c;
  const auto col = [&](const char* name) { return t.require_column(name); };
  const std::size_t m = col("measure"), period = col("period"), unit_c = col("unit"), scen = col("scenario"), mean = col("difference"),
                    lo = col("difference_p05"), hi = col("difference_p95"), code = col("code");
  json values = json::array();
  std::string unit;
  std::vector<std::string> scenarios;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (t.cell(r, m) != measure || t.cell(r, code) != of) continue;  // England's or one LA's (`--by-la` adds the LAs')
    unit = std::string(t.cell(r, unit_c));
    const double scale = unit == "GBP" ? 1e-6 : 1.0;
    const std::string s(t.cell(r, scen));
    if (std::find(scenarios.begin(), scenarios.end(), s) == scenarios.end()) scenarios.push_back(s);
    const double d = std::stod(std::string(t.cell(r, mean))), l = std::stod(std::string(t.cell(r, lo))),
                 h = std::stod(std::string(t.cell(r, hi)));
    const std::string shown = shown_period(period_kind(measure), std::string(t.cell(r, period)));
    values.push_back({{"period", shown}, {"scenario", s}, {"difference", d * scale}, {"low", l * scale}, {"high", h * scale}});
    c.rows.push_back({shown, s, number(d, unit), number(l, unit), number(h, unit)});
  }
  const std::string unit_title = unit == "GBP" ? label + " (GBP million)" : unit == "percent" ? label + " (points)" : label;
  c.title = "Difference from the baseline: " + unit_title;
  c.header = {x_title(period_kind(measure)), "scenario", "difference (mean)", "5th percentile", "95th percentile"};
  json colours = json::array();
  for (std::size_t k = 0; k < scenarios.size(); ++k) colours.push_back(kScenarioColours[k % 7]);
  json spec = base_spec(unit_title, x_title(period_kind(measure)));
  spec["data"] = {{"values", values}};
  spec["encoding"]["xOffset"] = {{"field", "scenario"}};
  spec["encoding"]["color"] = {{"field", "scenario"}, {"type", "nominal"}, {"scale", {{"domain", scenarios}, {"range", colours}}}};
  spec["layer"] = json::array(
      {{{"mark", {{"type", "rule"}}}, {"encoding", {{"y", {{"field", "low"}, {"type", "quantitative"}, {"title", unit_title}}}, {"y2", {{"field", "high"}}}}}},
       {{"mark", {{"type", "point"}, {"filled", true}, {"size", 60}}}, {"encoding", {{"y", {{"field", "difference"}, {"type", "quantitative"}}}}}}});
  c.spec = spec;
  c.caption = "Each scenario's mean difference from the baseline (point) and its 90% interval across replicates (line), by period.";
  c.alt = c.title + " for " + std::to_string(scenarios.size()) + " scenario(s); the data table below gives every value.";
  return c;
}

// A run by LA (`scenario --by-la`): each scenario's difference from the baseline in pupils with a
// plan (% of pupils) in the last January, for the ten largest LAs (by the baseline's EHC plans
// then), with its 90% interval. Empty if the differences hold no LA.
Chart la_difference_chart(const data::CsvTable& t) {
  Chart c;
  const auto col = [&](const char* name) { return t.require_column(name); };
  const std::size_t m = col("measure"), period = col("period"), scen = col("scenario"), mean = col("difference"),
                    lo = col("difference_p05"), hi = col("difference_p95"), code = col("code"), geo = col("geography"),
                    base = col("baseline");
  std::string last;  // the last January
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (t.cell(r, m) == measures::id::kPupilsWithPlanPct && t.cell(r, code) != finance::kEnglandCode) last = std::max(last, std::string(t.cell(r, period)));
  if (last.empty()) return c;
  std::map<std::string, double> plans;  // code -> the baseline's EHC plans in the last January
  std::map<std::string, std::string> names;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string cd(t.cell(r, code));
    if (t.cell(r, m) != measures::id::kEhcPlans || t.cell(r, period) != last || cd == finance::kEnglandCode || cd.find('+') != std::string::npos) continue;
    plans[cd] = std::stod(std::string(t.cell(r, base)));
    names[cd] = std::string(t.cell(r, geo));
  }
  std::vector<std::string> largest;
  for (const auto& [cd, p] : plans) largest.push_back(cd);
  std::stable_sort(largest.begin(), largest.end(), [&](const auto& a, const auto& b) { return plans[a] > plans[b]; });
  if (largest.size() > 10) largest.resize(10);
  json values = json::array(), order = json::array();
  for (const auto& cd : largest) order.push_back(names[cd]);
  std::vector<std::string> scenarios;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string cd(t.cell(r, code));
    if (t.cell(r, m) != measures::id::kPupilsWithPlanPct || t.cell(r, period) != last ||
        std::find(largest.begin(), largest.end(), cd) == largest.end())
      continue;
    const std::string s(t.cell(r, scen));
    if (std::find(scenarios.begin(), scenarios.end(), s) == scenarios.end()) scenarios.push_back(s);
    const double d = std::stod(std::string(t.cell(r, mean))), l = std::stod(std::string(t.cell(r, lo))),
                 h = std::stod(std::string(t.cell(r, hi)));
    values.push_back({{"la", names[cd]}, {"scenario", s}, {"difference", d}, {"low", l}, {"high", h}});
    c.rows.push_back({names[cd], s, number(d, "percent"), number(l, "percent"), number(h, "percent")});
  }
  c.title = "Pupils with an EHC plan, January " + last.substr(0, 4) + ": difference from the baseline in the ten largest LAs (points)";
  c.header = {"LA", "scenario", "difference (mean)", "5th percentile", "95th percentile"};
  json colours = json::array();
  for (std::size_t k = 0; k < scenarios.size(); ++k) colours.push_back(kScenarioColours[k % 7]);
  json spec = base_spec("points");
  spec["data"] = {{"values", values}};
  spec["encoding"]["x"] = {{"field", "la"}, {"type", "nominal"}, {"title", "LA"}, {"sort", order}};
  spec["encoding"]["xOffset"] = {{"field", "scenario"}};
  spec["encoding"]["color"] = {{"field", "scenario"}, {"type", "nominal"}, {"scale", {{"domain", scenarios}, {"range", colours}}}};
  spec["layer"] = json::array(
      {{{"mark", {{"type", "rule"}}}, {"encoding", {{"y", {{"field", "low"}, {"type", "quantitative"}, {"title", "points"}}}, {"y2", {{"field", "high"}}}}}},
       {{"mark", {{"type", "point"}, {"filled", true}, {"size", 60}}}, {"encoding", {{"y", {{"field", "difference"}, {"type", "quantitative"}}}}}}});
  c.spec = spec;
  c.caption = "Each scenario's mean difference from the baseline (point) and its 90% interval across replicates (line), by LA; "
              "differences.csv holds every LA's.";
  c.alt = c.title + " for " + std::to_string(scenarios.size()) + " scenario(s); the data table below gives every value.";
  return c;
}

// The LA's EHC plans per 10,000 pupils among its similar LAs', by January (tidy rows of every
// geography in `csv`, the LA first). Each line is named in the legend, whose order is the lines'
// order in the last January (highest first), and at its end; the LA is drawn thick in red,
// England (where the rows hold it) dashed.
Chart peers_chart(const std::string& la, const std::string& csv) {
  Chart c;
  const auto t = data::CsvTable::parse(csv, "peers.csv");
  const std::size_t m = t.require_column("measure"), g = t.require_column("geography"), p = t.require_column("period"),
                    v = t.require_column("value");
  std::map<std::string, std::map<std::string, std::pair<double, double>>> by;  // geography -> period -> (plans, pupils)
  std::vector<std::string> order;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string measure(t.cell(r, m));
    if (measure != measures::id::kEhcPlans && measure != measures::id::kPupils) continue;
    const std::string geo(t.cell(r, g));
    if (std::find(order.begin(), order.end(), geo) == order.end()) order.push_back(geo);
    auto& cell = by[geo][std::string(t.cell(r, p))];
    (measure == measures::id::kEhcPlans ? cell.first : cell.second) += std::stod(std::string(t.cell(r, v)));
  }
  json values = json::array(), ends = json::array();
  c.header = {"January"};
  for (const auto& geo : order) c.header.push_back(geo);
  std::map<std::string, std::vector<std::string>> rows;
  std::map<std::string, double> last_rate;
  for (const auto& geo : order)
    for (const auto& [period, pp] : by[geo]) {
      auto& row = rows[period];
      if (row.empty()) row.push_back(period.substr(0, 4));
      if (pp.second <= 0) {
        row.push_back("");
        continue;
      }
      const double rate = 1e4 * pp.first / pp.second;
      values.push_back({{"period", period.substr(0, 4)}, {"geography", geo}, {"rate", rate}});
      last_rate[geo] = rate;
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f", rate);
      row.push_back(buf);
    }
  for (auto& [period, row] : rows) c.rows.push_back(row);
  std::vector<std::string> legend = order;  // highest in the last January first, as the lines end
  std::stable_sort(legend.begin(), legend.end(), [&](const auto& a, const auto& b) { return last_rate[a] > last_rate[b]; });
  json colours = json::array(), widths = json::array(), dashes = json::array();
  static const char* kPeerColours[] = {"#1d70b8", "#00703c", "#4c2c92", "#85994b", "#505a5f", "#912b88", "#28a197", "#003078", "#b58840", "#6f72af"};
  std::size_t k = 0;
  for (const auto& geo : legend) {
    const bool me = geo == la, england = geo == "England";
    colours.push_back(me ? kPublishedColour : england ? "#0b0c0c" : kPeerColours[k++ % std::size(kPeerColours)]);
    widths.push_back(me ? 4 : 1.5);
    dashes.push_back(england ? json::array({6, 3}) : json::array({1, 0}));
  }
  std::string last_january;
  for (const auto& [geo, rate] : last_rate)
    if (!by[geo].empty() && (geo == la || geo == "England"))  // the key names the others: their ends would overlap
      ends.push_back({{"period", by[geo].rbegin()->first.substr(0, 4)}, {"geography", geo}, {"rate", rate}});
  for (const auto& [geo, periods] : by)
    if (!periods.empty()) last_january = std::max(last_january, periods.rbegin()->first.substr(0, 4));
  c.title = "EHC plans per 10,000 pupils: " + la + " among its similar LAs";
  json spec = base_spec("EHC plans per 10,000 pupils", "January");
  spec["height"] = 320;
  const json colour = {{"field", "geography"}, {"type", "nominal"}, {"title", "Highest in " + last_january + " first"},
                       {"scale", {{"domain", legend}, {"range", colours}}},
                       {"legend", {{"orient", "right"}, {"labelLimit", 260}, {"symbolType", "stroke"}, {"symbolStrokeWidth", 3}}}};
  spec["layer"] = json::array(
      {{{"data", {{"values", values}}},
        {"mark", {{"type", "line"}, {"point", true}}},
        {"encoding", {{"y", {{"field", "rate"}, {"type", "quantitative"}, {"title", "EHC plans per 10,000 pupils"}, {"scale", {{"zero", false}}}}},
                      {"color", colour},
                      {"strokeWidth", {{"field", "geography"}, {"type", "nominal"}, {"scale", {{"domain", legend}, {"range", widths}}}, {"legend", nullptr}}},
                      {"strokeDash", {{"field", "geography"}, {"type", "nominal"}, {"scale", {{"domain", legend}, {"range", dashes}}}, {"legend", nullptr}}},
                      {"tooltip", json::array({{{"field", "geography"}}, {{"field", "period"}}, {{"field", "rate"}, {"format", ".1f"}}})}}}},
       {{"data", {{"values", ends}}},
        {"mark", {{"type", "text"}, {"align", "left"}, {"dx", 6}, {"fontSize", 11}}},
        {"encoding", {{"y", {{"field", "rate"}, {"type", "quantitative"}}}, {"color", colour}, {"text", {{"field", "geography"}}}}}}});
  c.spec = spec;
  c.caption = la + " (thick red line) and its " + std::to_string(order.size() - 1 - (by.count("England") ? 1 : 0)) +
              " most similar LAs, EHC plans (0-25) per 10,000 pupils in January; the key names each line, in the order the lines "
              "end (highest in " + last_january + " first)" + (by.count("England") ? "; England dashed." : ".");
  c.alt = c.title + "; the data table below gives every LA's rate by year.";
  return c;
}

// An LA's money in one chart, on one axis (GBP million, by financial year): high needs spend and
// allocation, the cumulative DSG balance with DfE's published balances, the balance at which the
// deficit reaches threshold_share of the DSG (dashed) and the end of the statutory override
// (domain.md §3, FinanceParams::override_end_year). Bands: the range across replicates.
Chart money_chart(const std::string& name, const Tidy& ledger, const HtmlInput& input, const Tidy* band,
                  const std::map<std::string, double>& published_balance) {
  namespace id = measures::id;
  Chart c;
  char pct[32];
  std::snprintf(pct, sizeof pct, "%g%%", 100 * input.threshold_share);
  const std::string spend = "High needs spend", allocation = "High needs allocation", balance = "Cumulative DSG balance",
                    threshold = std::string("Deficit of ") + pct + " of the DSG", published = "Balance published by DfE";
  const std::vector<std::pair<std::string, std::string_view>> lines = {{spend, id::kHighNeedsSpend}, {allocation, id::kHighNeedsAllocation},
                                                                        {balance, id::kCumulativeDsgBalance}};
  json values = json::array();
  std::map<std::string, std::vector<std::string>> rows;
  bool any_band = false;
  for (const auto& [series, measure] : lines) {
    const auto it = ledger.find(std::string(measure));
    if (it == ledger.end()) continue;
    const Series* overlay = nullptr;
    if (band)
      if (const auto b = band->find(std::string(measure)); b != band->end()) overlay = &b->second;
    for (const auto& [period, v] : it->second.by_period) {
      const Stat own = stat(v);
      Stat range = own;
      if (overlay)
        if (const auto b = overlay->by_period.find(period); b != overlay->by_period.end()) range = stat(b->second);
      json row = {{"period", period}, {"series", series}, {"value", own.mean / 1e6}};
      if (range.n > 1) row["low"] = range.low / 1e6, row["high"] = range.high / 1e6, any_band = true;
      values.push_back(row);
      if (rows[period].empty()) rows[period] = {period, "", "", "", "", ""};
    }
  }
  // The data table: one row a financial year.
  for (auto& [period, r] : rows) {
    r[1] = number(mean_of(ledger, id::kHighNeedsSpend, period), "GBP");
    r[2] = number(mean_of(ledger, id::kHighNeedsAllocation, period), "GBP");
    r[3] = number(mean_of(ledger, id::kCumulativeDsgBalance, period), "GBP");
    if (const auto t = input.threshold_balance.find(period); t != input.threshold_balance.end()) r[4] = number(t->second, "GBP");
    if (const auto p = published_balance.find(period); p != published_balance.end()) r[5] = number(p->second, "GBP");
    c.rows.push_back(r);
  }
  for (const auto& [period, value] : input.threshold_balance)
    if (rows.count(period)) values.push_back({{"period", period}, {"series", threshold}, {"value", value / 1e6}});
  for (const auto& [period, value] : published_balance)
    if (rows.count(period)) values.push_back({{"period", period}, {"series", published}, {"value", value / 1e6}, {"kind", "published"}});
  c.title = name + ": high needs spend, allocation and the cumulative DSG balance (GBP million)";
  c.header = {"financial year", "spend", "allocation", "cumulative DSG balance", threshold + " (balance)", "balance published by DfE"};
  const json domain = {spend, allocation, balance, threshold, published};
  const json colour = {{"field", "series"}, {"type", "nominal"}, {"title", nullptr},
                       {"scale", {{"domain", domain}, {"range", {kModelColour, "#00703c", "#4c2c92", "#0b0c0c", kPublishedColour}}}},
                       {"legend", {{"orient", "bottom"}, {"columns", 3}, {"symbolOpacity", 1}, {"symbolType", "stroke"}, {"symbolStrokeWidth", 3}}}};
  json spec = base_spec("GBP million", x_title(measures::Period::FinancialYear));
  spec["height"] = 320;
  spec["data"] = {{"values", values}};
  spec["encoding"]["x"]["axis"] = {{"labelAngle", -45}};
  json layers = json::array();
  if (any_band)
    layers.push_back({{"transform", json::array({{{"filter", "isValid(datum.low)"}}})},
                      {"mark", {{"type", "area"}, {"opacity", 0.2}}},
                      {"encoding", {{"y", {{"field", "low"}, {"type", "quantitative"}}}, {"y2", {{"field", "high"}}}, {"color", colour}}}});
  layers.push_back({{"mark", {{"type", "rule"}, {"color", "#b1b4b6"}}}, {"encoding", {{"y", {{"datum", 0}}}}}});
  layers.push_back({{"transform", json::array({{{"filter", "datum.kind !== 'published'"}}})},
                    {"mark", {{"type", "line"}, {"point", true}}},
                    {"encoding", {{"y", {{"field", "value"}, {"type", "quantitative"}, {"title", "GBP million (negative: deficit)"}}},
                                  {"color", colour},
                                  {"strokeDash", {{"field", "series"}, {"type", "nominal"}, {"scale", {{"domain", domain}, {"range", {{1, 0}, {1, 0}, {1, 0}, {6, 4}, {1, 0}}}}}, {"legend", nullptr}}},
                                  {"tooltip", json::array({{{"field", "series"}}, {{"field", "period"}}, {{"field", "value"}, {"format", ",.1f"}}})}}}});
  layers.push_back({{"transform", json::array({{{"filter", "datum.kind === 'published'"}}})},
                    {"mark", {{"type", "point"}, {"shape", "diamond"}, {"filled", true}, {"size", 80}}},
                    {"encoding", {{"y", {{"field", "value"}, {"type", "quantitative"}}}, {"color", colour},
                                  {"tooltip", json::array({{{"field", "series"}}, {{"field", "period"}}, {{"field", "value"}, {"format", ",.1f"}}})}}}});
  if (!input.override_end.empty() && rows.count(input.override_end)) {
    const json mark = json::array({{{"period", input.override_end}, {"label", "Statutory override ends, 31 March 20" + input.override_end.substr(5, 2)}}});
    layers.push_back({{"data", {{"values", mark}}}, {"mark", {{"type", "rule"}, {"color", "#0b0c0c"}, {"strokeDash", {2, 2}}}},
                      {"encoding", {{"x", {{"field", "period"}, {"type", "ordinal"}}}}}});
    layers.push_back({{"data", {{"values", mark}}}, {"mark", {{"type", "text"}, {"align", "right"}, {"dx", -4}, {"y", 8}, {"color", "#0b0c0c"}}},
                      {"encoding", {{"x", {{"field", "period"}, {"type", "ordinal"}}}, {"text", {{"field", "label"}}}}}});
  }
  spec["layer"] = layers;
  c.spec = spec;
  c.caption = "Nominal pounds by financial year, on one axis. Lines: the model's mean; " +
              std::string(any_band ? (band ? "bands: " + input.band_source : std::string("bands: the range across the run's replicates"))
                                   : "no band: one replicate") +
              ". Dashed black line: the balance at which the deficit is " + pct + " of the LA's DSG, the level the government "
              "treats as unmanageable; dotted vertical line: the end of the statutory override (the deficit is kept off the "
              "council's general fund until then); red diamonds: the cumulative DSG balances DfE published (% of DSG income "
              "times the DSG).";
  c.alt = c.title + "; the data table below gives every year's spend, allocation, balance and threshold.";
  return c;
}

// The summary at the top of an LA's report, every figure computed from the run: its EHC plans at
// the start (with DfE's figure) and at the end, spend against allocation in the first and last
// financial years, the year the deficit passes the threshold (if it does), the balance when the
// statutory override ends and at the end, and what the bands are.
std::string headline_html(const HtmlInput& input, const Tidy& scorecard, const Tidy& ledger, const data::PublishedSeries& published,
                          const std::map<std::string, double>& published_balance) {
  namespace id = measures::id;
  std::vector<std::string> items;
  if (const auto it = scorecard.find(std::string(id::kEhcPlans)); it != scorecard.end() && !it->second.by_period.empty()) {
    const auto& by = it->second.by_period;
    const std::string first = by.begin()->first, last = by.rbegin()->first;
    const double a = stat(by.begin()->second).mean, b = stat(by.rbegin()->second).mean;
    const auto* pub = published.find(id::kEhcPlans, std::atoi(first.substr(0, 4).c_str()));
    char change[32];
    std::snprintf(change, sizeof change, "%+.0f%%", a > 0 ? 100.0 * (b - a) / a : 0.0);
    items.push_back("<strong>EHC plans (0-25):</strong> " + whole(a) + " in January " + first.substr(0, 4) +
                    (pub ? " (DfE published " + whole(pub->value) + ")" : "") + "; the model projects " + whole(b) +
                    " in January " + last.substr(0, 4) + " (" + change + ").");
  }
  const auto spend = ledger.find(std::string(id::kHighNeedsSpend)), balance = ledger.find(std::string(id::kCumulativeDsgBalance));
  if (spend != ledger.end() && balance != ledger.end() && !spend->second.by_period.empty()) {
    // From the financial year the run starts in (its first January's) to the last.
    std::string from = spend->second.by_period.begin()->first;
    if (const auto it = scorecard.find(std::string(id::kEhcPlans)); it != scorecard.end() && !it->second.by_period.empty()) {
      const std::string fy = measures::period_label(measures::Period::FinancialYear, std::atoi(it->second.by_period.begin()->first.c_str()));
      if (spend->second.by_period.count(fy)) from = fy;
    }
    const std::string to = spend->second.by_period.rbegin()->first;
    for (const std::string& fy : {from, to}) {
      const double s = mean_of(ledger, id::kHighNeedsSpend, fy), al = mean_of(ledger, id::kHighNeedsAllocation, fy);
      const double central = mean_of(ledger, id::kOverspendMetCentrally, fy);
      items.push_back("<strong>" + fy + ":</strong> high needs spend " + millions(s) + " against an allocation of " + millions(al) +
                      " (" + (s > al ? "an overspend of " + millions(s - al) : "an underspend of " + millions(al - s)) + ")" +
                      (central > 0 ? "; " + millions(central) + " of it met centrally by the government, not added to the deficit" : "") + ".");
    }
    std::string passes;  // the first year the mean balance is below the threshold, the ledger's past included
    for (const auto& [fy, v] : balance->second.by_period) {
      const auto t = input.threshold_balance.find(fy);
      if (t == input.threshold_balance.end() || !(stat(v).mean < t->second)) continue;
      passes = fy;
      break;
    }
    char pct[32];
    std::snprintf(pct, sizeof pct, "%g%%", 100 * input.threshold_share);
    if (!input.threshold_balance.empty())
      items.push_back(std::string("<strong>The deficit passes ") + pct + " of the DSG</strong> " +
                      (passes.empty() ? "in no year of the run (to " + to + ")."
                                     : "in " + passes + (passes < from ? ", before the run starts (the ledger's past, spent on the LA's published plans)."
                                                                       : " (the model's mean).")));
    // The High Needs Stability Grant: the year it is paid and how much of the deficit it writes off.
    if (const auto w = ledger.find(std::string(id::kHighNeedsWriteOff)); w != ledger.end())
      for (const auto& [fy, v] : w->second.by_period)
        if (stat(v).mean > 0) {
          items.push_back("<strong>" + fy + ":</strong> the High Needs Stability Grant writes off " + millions(stat(v).mean) +
                          " of the deficit.");
          break;
        }
    if (!input.override_end.empty() && balance->second.by_period.count(input.override_end))
      items.push_back("<strong>When the statutory override ends</strong> (31 March 20" + input.override_end.substr(5, 2) +
                      "): " + balance_text(mean_of(ledger, id::kCumulativeDsgBalance, input.override_end)) + ".");
    std::string last_published;
    for (const auto& [fy, v] : published_balance)
      if (fy <= from) last_published = fy;
    items.push_back("<strong>Cumulative DSG balance:</strong> " + balance_text(mean_of(ledger, id::kCumulativeDsgBalance, to)) +
                    " at 31 March 20" + to.substr(5, 2) +
                    (last_published.empty() ? "" : "; DfE published " + balance_text(published_balance.at(last_published)) +
                                                       " at 31 March 20" + last_published.substr(5, 2)) + ".");
  }
  if (!input.uncertainty_note.empty()) items.push_back("<strong>Uncertainty:</strong> " + escape(input.uncertainty_note));
  std::string out = "<section class=\"headline\" aria-labelledby=\"headline\">\n<h2 id=\"headline\">Summary</h2>\n<ul>\n";
  for (const auto& item : items) out += "<li>" + item + "</li>\n";
  return out + "</ul>\n</section>\n";
}

// The levers each scenario of a run sets (`scenario --report`): name, value and unit, from which
// year, phased over how many years; the levers it sets for single LAs and the special school places
// it adds in named LAs.
std::string levers_html(const HtmlInput& input) {
  auto la = [&](const std::string& code) {
    const auto it = input.la_names.find(code);
    return escape(it == input.la_names.end() ? code : it->second + " (" + code + ")");
  };
  auto value = [](double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return std::string(buf);
  };
  auto lever_rows = [&](const std::vector<scenario::LeverSetting>& levers, const std::string& where) {  // `where`: HTML
    std::string out;
    for (const auto& l : levers) {
      const auto* def = scenario::find_lever(l.name);
      out += "<tr><th scope=\"row\">" + escape(l.name) + "</th><td>" + where + "</td><td>" + value(l.value) + "</td><td>" +
             escape(def ? def->unit : "") + "</td><td>" + std::to_string(l.from) + "</td><td>" +
             (l.phase_years > 1 ? std::to_string(l.phase_years) + " years" : "at once") + "</td></tr>\n";
    }
    return out;
  };
  std::string out = "<section class=\"levers\" aria-labelledby=\"levers\">\n<h2 id=\"levers\">The scenarios and their levers</h2>\n";
  for (const auto& s : input.scenarios) {
    out += "<h3>" + escape(s.name) + "</h3>\n<p>" + escape(s.description) + " (" + escape(s.file) + ")</p>\n";
    if (s.levers.empty() && s.local.empty() && s.places_by_la.empty()) {
      out += "<p>No lever: the baseline's settings.</p>\n";
      continue;
    }
    out += "<table class=\"levers\">\n<caption>Levers of " + escape(s.name) +
           "</caption>\n<thead><tr><th scope=\"col\">lever</th><th scope=\"col\">where</th><th scope=\"col\">value</th><th "
           "scope=\"col\">unit</th><th scope=\"col\">from</th><th scope=\"col\">phased in over</th></tr></thead>\n<tbody>\n";
    out += lever_rows(s.levers, "England");
    for (const auto& local : s.local) out += lever_rows(local.levers, la(local.code));
    for (const auto& p : s.places_by_la)
      out += "<tr><th scope=\"row\">special places</th><td>" + la(p.code) + "</td><td>" + value(p.per_year) +
             "</td><td>places a year</td><td>" + std::to_string(p.from) + "</td><td>" +
             (p.phase_years > 1 ? std::to_string(p.phase_years) + " years" : "at once") + "</td></tr>\n";
    out += "</tbody>\n</table>\n";
  }
  return out + "</section>\n";
}

// The scenario sections: each measure's difference from the baseline (England's, or one LA's),
// and, for a run by LA, the ten largest LAs.
void add_difference_charts(const HtmlInput& input, std::vector<std::pair<std::string, std::size_t>>& sections,
                           std::vector<Chart>& charts) {
  const auto t = data::CsvTable::parse(input.differences_csv, "differences.csv");
  sections.emplace_back("Scenarios against the baseline", charts.size());
  for (const auto& def : measures::all()) {
    if (!def.shown.html_difference) continue;
    Chart c = difference_chart(std::string(def.id), std::string(def.shown.title), t, input.differences_code);
    if (!c.rows.empty()) charts.push_back(std::move(c));
  }
  if (input.differences_code != finance::kEnglandCode) return;
  Chart by_la = la_difference_chart(t);
  if (by_la.rows.empty()) return;
  sections.emplace_back("Scenarios by LA", charts.size());
  charts.push_back(std::move(by_la));
}

}  // namespace

// Text inside <script>: only "</script" (any case) would end the element; "<\/script" means the
// same in a JavaScript string or regular expression. A bare "</" elsewhere (a regex such as /</g)
// must stay as it is.
namespace {

// The "Goals" section (la --goals): a row for each goal under each scenario, the status in words
// and in colour (GOV.UK's green, orange and red, each with text of at least 4.5:1 on it: WCAG 2.2
// 1.4.1, 1.4.3).
std::string goals_section(const std::string& csv) {
  const auto t = data::CsvTable::parse(csv, "goals.csv");
  const std::size_t g = t.require_column("goal"), p = t.require_column("period"), c = t.require_column("condition"),
                    v = t.require_column("target"), u = t.require_column("unit"), sc = t.require_column("scenario"),
                    pp = t.require_column("published_period"), pv = t.require_column("published_value"),
                    m = t.require_column("mean"), lo = t.require_column("p05"), hi = t.require_column("p95"),
                    pr = t.require_column("probability"), n = t.require_column("replicates"),
                    met = t.require_column("met"), st = t.require_column("status");
  auto value = [&](std::size_t r, std::size_t col) {
    const std::string cell(t.cell(r, col)), unit(t.cell(r, u));
    return cell.empty() ? std::string("-") : goal_value_text(std::stod(cell), unit);
  };
  std::string out = "<section aria-labelledby=\"goals\">\n<h2 id=\"goals\">Goals</h2>\n<p>The probability of meeting a goal is the share "
                    "of replicates that meet it; green from " + number(pipeline::kGreenFrom, "percent") + ", amber from " +
                    number(pipeline::kAmberFrom, "percent") + ", red below.</p>\n<table>\n<caption>Goals</caption>\n<thead><tr>";
  for (const char* h : {"Goal", "Target", "Published (latest)", "Scenario", "Forecast mean", "90% interval", "Probability", "Status"})
    out += "<th scope=\"col\">" + std::string(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string status(t.cell(r, st));
    const std::string target = std::string(t.cell(r, c) == "at_least" ? "at least " : "at most ") + value(r, v) + " in " + std::string(t.cell(r, p));
    const std::string published = t.cell(r, pp).empty() ? "none published" : value(r, pv) + " in " + std::string(t.cell(r, pp));
    const std::string probability = t.cell(r, pr).empty() ? "-" : number(std::stod(std::string(t.cell(r, pr))), "percent") + " (" +
                                    std::string(t.cell(r, met)) + " of " + std::string(t.cell(r, n)) + ")";
    out += "<tr><th scope=\"row\">" + escape(t.cell(r, g)) + "</th><td>" + escape(target) + "</td><td>" + escape(published) + "</td><td>" +
           escape(t.cell(r, sc)) + "</td><td>" + escape(value(r, m)) + "</td><td>" + escape(value(r, lo) + " to " + value(r, hi)) +
           "</td><td>" + escape(probability) + "</td><td class=\"rag-" + escape(status.substr(0, status.find(' '))) + "\">" + escape(status) + "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

}  // namespace

std::string script_safe(std::string text) {
  for (std::size_t at = 0; (at = text.find("</", at)) != std::string::npos; at += 2) {
    std::string next = text.substr(at + 2, 6);
    for (char& c : next) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (next == "script") text.replace(at, 2, "<\\/");
  }
  return text;
}

std::string chart_library_scripts() {
  return "<script>\n" + script_safe(std::string(data::embedded_vega_js())) + "\n</script>\n<script>\n" +
         script_safe(std::string(data::embedded_vega_lite_js())) + "\n</script>\n<script>\n" +
         script_safe(std::string(data::embedded_vega_embed_js())) + "\n</script>\n";
}

namespace {

// The scorecard's charts of the geography shown, and its money by financial year (England's).
void add_scorecard_charts(const HtmlInput& input, const Tidy& series, const ChartContext& ctx,
                          std::vector<std::pair<std::string, std::size_t>>& sections, std::vector<Chart>& charts) {
  sections.emplace_back(input.geography + ": the scorecard over time", charts.size());
  for (const auto& def : measures::pupils()) {
    if (def.shown.scorecard == 0) continue;
    const auto it = series.find(std::string(def.id));
    if (it != series.end()) charts.push_back(measure_chart(std::string(def.id), std::string(def.label), std::string(def.description), it->second, ctx));
  }
  bool any_money = false;
  for (const auto& def : measures::all()) {
    if (!def.shown.html_england) continue;
    const std::string id(def.id), label(def.shown.title);
    const auto it = series.find(id);
    if (it == series.end()) continue;
    if (!any_money) sections.emplace_back(input.geography + ": the high needs block by financial year", charts.size());
    any_money = true;
    charts.push_back(measure_chart(id, label, "Nominal pounds, by financial year.", it->second, ctx));
  }
}

// Plans broken down (issue 20): one line a part (a placement, a need), January by January, each
// part's mean across replicates; the data table a column a part. Parts the run does not have are
// left out; nullopt if it has none.
std::optional<Chart> breakdown_chart(const std::string& title, const Tidy& series, const std::vector<std::string_view>& ids) {
  Chart c;
  json values = json::array();
  std::map<std::string, std::vector<std::string>> rows;
  std::vector<std::string> names;
  for (const auto id : ids) {
    const auto it = series.find(std::string(id));
    const auto* m = measures::find(id);
    if (it == series.end() || !m) continue;
    const std::string name(m->label);
    const std::size_t column = names.size() + 1;
    names.push_back(name);
    for (const auto& [period, v] : it->second.by_period) {
      const std::string shown = shown_period(measures::Period::CensusJanuary, period);
      values.push_back({{"period", shown}, {"series", name}, {"value", stat(v).mean}});
      auto& row = rows[shown];
      row.resize(ids.size() + 1);
      row[0] = shown;
      row[column] = number(stat(v).mean, "count");
    }
  }
  if (names.empty()) return std::nullopt;
  for (auto& [period, r] : rows) {
    r.resize(names.size() + 1);
    c.rows.push_back(r);
  }
  c.title = title;
  c.header = {"January"};
  c.header.insert(c.header.end(), names.begin(), names.end());
  json spec = base_spec("EHC plans", x_title(measures::Period::CensusJanuary));
  spec["height"] = 300;
  spec["data"] = {{"values", values}};
  spec["mark"] = {{"type", "line"}, {"point", true}};
  spec["encoding"]["x"]["axis"] = {{"labelAngle", 0}};
  spec["encoding"]["y"] = {{"field", "value"}, {"type", "quantitative"}, {"title", "EHC plans"}};
  spec["encoding"]["color"] = {{"field", "series"}, {"type", "nominal"}, {"title", nullptr}, {"sort", names},
                               {"scale", {{"scheme", "tableau20"}}},
                               {"legend", {{"orient", "bottom"}, {"columns", 3}, {"symbolType", "stroke"}, {"symbolStrokeWidth", 3}}}};
  spec["encoding"]["tooltip"] = json::array({{{"field", "series"}}, {{"field", "period"}}, {{"field", "value"}, {"format", ",.0f"}}});
  c.spec = spec;
  c.caption = "The model's mean EHC plans of each part, January by January (SEN2's count; the parts add up to all plans). "
              "The data table gives every year's figure.";
  c.alt = c.title + "; the data table below gives every January's plans of each part.";
  return c;
}

// The breakdowns' section: plans by placement and by DfE's primary-need rows.
void add_breakdown_charts(const HtmlInput& input, const Tidy& series, std::vector<std::pair<std::string, std::size_t>>& sections,
                          std::vector<Chart>& charts) {
  namespace id = measures::id;
  const std::vector<std::string_view> placements = {id::kPlansMainstreamOnly, id::kPlansUnits, id::kPlansIndependentMainstream,
                                                    id::kPlansStateSpecial, id::kPlansIndependentSpecial, id::kPlansAlternativeProvision,
                                                    id::kPlansFurtherEducation, id::kPlansEarlyYears, id::kPlansOther};
  const std::vector<std::string_view> needs(id::kNeedBreakdown.begin(), id::kNeedBreakdown.end());
  auto by_placement = breakdown_chart(input.geography + ": EHC plans by placement", series, placements);
  auto by_need = breakdown_chart(input.geography + ": EHC plans by primary need", series, needs);
  if (!by_placement && !by_need) return;
  sections.emplace_back(input.geography + ": EHC plans by placement and by primary need", charts.size());
  if (by_placement) charts.push_back(std::move(*by_placement));
  if (by_need) charts.push_back(std::move(*by_need));
}

// The DSG ledger's section: with the LA's marks (HtmlInput::threshold_balance), one money chart of
// spend, allocation and balance and the balance as % of DSG with the threshold; without them, a
// chart a measure, the balance beside DfE's.
void add_ledger_charts(const HtmlInput& input, const Tidy& series, const std::string& name, const ChartContext& ctx,
                       const std::map<std::string, double>& published_balance,
                       std::vector<std::pair<std::string, std::size_t>>& sections, std::vector<Chart>& charts) {
  sections.emplace_back(name + ": the DSG ledger by financial year", charts.size());
  const bool marks = !input.threshold_balance.empty();
  if (marks) charts.push_back(money_chart(name, series, input, ctx.band, published_balance));
  for (const measures::Measure* def : measures::ledger_rows()) {
    if (!def->shown.html_ledger) continue;
    const std::string id(def->id), label(def->shown.title);
    const auto it = series.find(id);
    if (it == series.end()) continue;
    if (def->id == measures::id::kDsgBalancePct && marks) {
      char text[96];
      std::snprintf(text, sizeof text, "a deficit of %g%% of the DSG, the level the government treats as unmanageable",
                    100 * input.threshold_share);
      charts.push_back(measure_chart(id, label, "By financial year.", it->second, ctx, nullptr, -100 * input.threshold_share, text));
    } else if (marks) {
      continue;  // spend, allocation and the balance are in the money chart
    } else if (def->id == measures::id::kCumulativeDsgBalance && !published_balance.empty()) {
      charts.push_back(measure_chart(id, label,
                                     "Nominal, by financial year. Published: DfE's cumulative DSG balance at 31 March, its % of "
                                     "DSG income times the DSG (dsg_cumulative_balance_pc_*).",
                                     it->second, ctx, &published_balance));
    } else {
      charts.push_back(measure_chart(id, label, "Nominal, by financial year.", it->second, ctx));
    }
  }
}

std::string page_start(const std::string& title, const std::string& subtitle) {
  return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n<title>" + escape(title) + "</title>\n<style>\n"
         "body{font-family:system-ui,Arial,sans-serif;color:#0b0c0c;background:#fff;margin:0;line-height:1.4}\n"
         "main{max-width:60rem;margin:0 auto;padding:1rem}\n"
         "a{color:#1d70b8}a:focus,summary:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}\n"
         ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem}\n"
         "figure{margin:1.5rem 0;border-top:1px solid #b1b4b6;padding-top:.5rem}\n"
         "figcaption{font-size:.95rem;color:#0b0c0c}\n"
         "table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #b1b4b6;padding:.2rem .5rem;text-align:right}\n"
         "th[scope=col]{background:#f3f2f1}th[scope=row]{text-align:left}\n"
         ".headline{border-left:6px solid #1d70b8;background:#f3f2f1;padding:.25rem 1rem;margin:1rem 0}\n"
         ".headline ul{padding-left:1.2rem}.headline li{margin:.3rem 0}\n"
         "table.levers td,table.levers th{text-align:left}\n"
         "nav ul{columns:2}nav li{padding:.2rem 0}nav a{display:inline-block;min-height:24px}\n"
         ".rag-green{background:#00703c;color:#fff}.rag-amber{background:#f47738;color:#0b0c0c}.rag-red{background:#d4351c;color:#fff}\n</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#content\">Skip to the report</a>\n"
         "<main id=\"content\">\n<h1>" + escape(title) + "</h1>\n<p>" + escape(subtitle) + "</p>\n";
}

// The LA's own figures (`la --local`): a table of each override, before the charts.
std::string overrides_html(const HtmlInput& input) {
  if (input.overrides_csv.empty()) return "";
  const auto t = data::CsvTable::parse(input.overrides_csv, "overrides.csv");
  std::string out = "<section aria-labelledby=\"local-data\">\n<h2 id=\"local-data\">Local data: " + std::to_string(t.rows()) +
                    " figures in place of the published ones</h2>\n<p>From " + escape(input.overrides_file) +
                    ", for this LA only; every other LA, and England's figures but this LA's part of them, are as published.</p>\n"
                    "<table>\n<caption>Overrides</caption>\n<thead><tr>";
  for (const auto& h : t.header()) out += "<th scope=\"col\">" + escape(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < t.rows(); ++r) {
    out += "<tr>";
    for (std::size_t c = 0; c < t.header().size(); ++c)
      out += (c == 0 ? "<th scope=\"row\">" : "<td>") + escape(t.cell(r, c)) + (c == 0 ? "</th>" : "</td>");
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

}  // namespace

std::string html_report(const HtmlInput& input, const data::PublishedSeries& published) {
  std::vector<Chart> charts;
  std::vector<std::pair<std::string, std::size_t>> sections;  // heading, first chart
  const Tidy band = read_tidy(input.band_csv, "band.csv", "", input.band_code);
  const ChartContext ctx{published, input.band_csv.empty() ? nullptr : &band, input.band_source, input.published_years_before};
  const Tidy series = read_tidy(input.scorecard_csv, "scorecard.csv", input.geography);
  // The ledger's rows, and the balances DfE published beside its cumulative DSG balance.
  const Tidy ledger = read_tidy(input.ledger_csv, "ledger.csv", "");
  std::string name;
  if (!input.ledger_csv.empty()) {
    const auto t = data::CsvTable::parse(input.ledger_csv, "ledger.csv");
    if (t.rows() > 0) name = std::string(t.cell(t.rows() - 1, t.require_column("geography")));
  }
  std::map<std::string, double> published_balance;
  if (!input.ledger_published_csv.empty()) {
    const auto b = data::CsvTable::parse(input.ledger_published_csv, "published_balances.csv");
    const std::size_t bp = b.require_column("period"), bv = b.require_column("value");
    for (std::size_t r = 0; r < b.rows(); ++r) published_balance[std::string(b.cell(r, bp))] = std::stod(std::string(b.cell(r, bv)));
  }
  if (!input.ledger_csv.empty()) add_ledger_charts(input, ledger, name, ctx, published_balance, sections, charts);
  if (!input.peers_csv.empty()) {
    sections.emplace_back(input.geography + " among its similar LAs", charts.size());
    charts.push_back(peers_chart(input.geography, input.peers_csv));
  }
  // An LA's money and its peers first (what its officers read first), then the scorecard.
  if (!input.scorecard_csv.empty()) {
    add_scorecard_charts(input, series, ctx, sections, charts);
    add_breakdown_charts(input, series, sections, charts);
  }
  if (!input.differences_csv.empty()) add_difference_charts(input, sections, charts);

  std::string out = page_start(input.title, input.subtitle);
  if (input.headline) out += headline_html(input, series, ledger, published, published_balance);
  if (!input.scenarios.empty()) out += levers_html(input);
  out += overrides_html(input);
  out += "<nav aria-label=\"Contents\"><h2>Contents</h2><ul>\n";
  if (!input.goals_csv.empty()) out += "<li><a href=\"#goals\">Goals</a></li>\n";
  for (std::size_t k = 0; k < sections.size(); ++k)
    out += "<li><a href=\"#section-" + std::to_string(k) + "\">" + escape(sections[k].first) + "</a></li>\n";
  out += "</ul></nav>\n";
  if (!input.goals_csv.empty()) out += goals_section(input.goals_csv);
  for (std::size_t k = 0; k < sections.size(); ++k) {
    const std::size_t end = k + 1 < sections.size() ? sections[k + 1].second : charts.size();
    out += "<section aria-labelledby=\"section-" + std::to_string(k) + "\">\n<h2 id=\"section-" + std::to_string(k) + "\">" +
           escape(sections[k].first) + "</h2>\n";
    for (std::size_t c = sections[k].second; c < end; ++c) out += figure_html(charts[c], static_cast<int>(c));
    out += "</section>\n";
  }
  out += "<p>Made by sendtwin. The charts are drawn in this file by Vega-Lite (BSD-3-Clause), included in it; nothing is "
         "loaded from the network.</p>\n</main>\n";
  out += chart_library_scripts();
  json specs = json::array();
  for (const auto& c : charts) specs.push_back(c.spec);
  out += "<script>\nconst specs = " + script_safe(specs.dump()) +
         ";\nspecs.forEach((spec, k) => vegaEmbed('#chart-' + k, spec, {actions: false, renderer: 'svg'})"
         ".then(r => { const svg = r.view.container().querySelector('svg'); if (svg) { svg.setAttribute('aria-hidden', 'true'); } })"
         ".catch(e => { document.getElementById('chart-' + k).textContent = 'The chart could not be drawn: ' + e; }));\n</script>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace sendtwin::report
