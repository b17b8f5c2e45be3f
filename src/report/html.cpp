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

json base_spec(const std::string& y_title) {
  return {{"$schema", "https://vega.github.io/schema/vega-lite/v5.json"},
          {"width", 640},
          {"height", 220},
          {"config", {{"axis", {{"labelColor", "#0b0c0c"}, {"titleColor", "#0b0c0c"}, {"labelFontSize", 12}}}}},
          {"encoding", {{"x", {{"field", "period"}, {"type", "ordinal"}, {"title", "period"}}}}},
          {"usermeta", {{"y", y_title}}}};
}

// A measure over time: the model's mean (line), its range across replicates (band), DfE's figures.
// `by_period`, if given, holds the published figures by period instead (a ledger's, by financial year).
Chart measure_chart(const std::string& id, const std::string& label, const std::string& description, const Series& s,
                    const data::PublishedSeries& published, const std::map<std::string, double>* by_period = nullptr) {
  Chart c;
  const std::string unit_title = s.unit == "GBP" ? label + " (GBP million)" : s.unit == "percent" ? label + " (%)" : label;
  c.title = unit_title;
  json values = json::array();
  bool band = false;
  int published_points = 0;
  c.header = {"period", "model (mean)", "lowest replicate", "highest replicate", "published"};
  double first = NAN, last = NAN;
  std::string first_period, last_period;
  for (const auto& [period, v] : s.by_period) {
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    for (const double x : v) sum += x, lo = std::min(lo, x), hi = std::max(hi, x);
    const double mean = sum / static_cast<double>(v.size());
    const double scale = s.unit == "GBP" ? 1e-6 : 1.0;
    json row = {{"period", period}, {"model", mean * scale}, {"low", lo * scale}, {"high", hi * scale}};
    band = band || v.size() > 1;
    const int year = std::atoi(period.substr(0, 4).c_str());
    const bool stock_or_year = period.size() == 4 || period.size() == 7;  // 2025 or 2025-01; not a financial year
    std::optional<double> pub;
    if (by_period) {
      if (const auto it = by_period->find(period); it != by_period->end()) pub = it->second;
    } else if (const auto* figure = published.find(id, year); figure && stock_or_year) {
      pub = figure->value;
    }
    if (pub) {
      row["published"] = *pub * scale;
      ++published_points;
    }
    values.push_back(row);
    c.rows.push_back({period, number(mean, s.unit), number(lo, s.unit), number(hi, s.unit), pub ? number(*pub, s.unit) : ""});
    if (std::isnan(first)) first = mean, first_period = period;
    last = mean, last_period = period;
  }
  json spec = base_spec(unit_title);
  spec["data"] = {{"values", values}};
  json layers = json::array();
  if (band)
    layers.push_back({{"mark", {{"type", "area"}, {"opacity", 0.25}, {"color", kModelColour}}},
                      {"encoding", {{"y", {{"field", "low"}, {"type", "quantitative"}, {"title", unit_title}, {"scale", {{"zero", false}}}}}, {"y2", {{"field", "high"}}}}}});
  layers.push_back({{"mark", {{"type", "line"}, {"color", kModelColour}, {"point", true}}},
                    {"encoding", {{"y", {{"field", "model"}, {"type", "quantitative"}, {"title", unit_title}, {"scale", {{"zero", false}}}}},
                                  {"tooltip", json::array({{{"field", "period"}}, {{"field", "model"}, {"format", ",.1f"}}})}}}});
  if (published_points > 0)
    layers.push_back({{"transform", json::array({{{"filter", "isValid(datum.published)"}}})},
                      {"mark", {{"type", "point"}, {"shape", "diamond"}, {"filled", true}, {"size", 70}, {"color", kPublishedColour}}},
                      {"encoding", {{"y", {{"field", "published"}, {"type", "quantitative"}}}}}});
  spec["layer"] = layers;
  c.spec = spec;
  c.caption = description + " Line: the model's mean" + (band ? "; band: the range across replicates" : "") +
              (published_points > 0 ? "; red diamonds: DfE's published figures." : ".");
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
    values.push_back({{"period", std::string(t.cell(r, period))}, {"scenario", s}, {"difference", d * scale}, {"low", l * scale}, {"high", h * scale}});
    c.rows.push_back({std::string(t.cell(r, period)), s, number(d, unit), number(l, unit), number(h, unit)});
  }
  const std::string unit_title = unit == "GBP" ? label + " (GBP million)" : unit == "percent" ? label + " (points)" : label;
  c.title = "Difference from the baseline: " + unit_title;
  c.header = {"period", "scenario", "difference (mean)", "5th percentile", "95th percentile"};
  json colours = json::array();
  for (std::size_t k = 0; k < scenarios.size(); ++k) colours.push_back(kScenarioColours[k % 7]);
  json spec = base_spec(unit_title);
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
// geography in `csv`, the LA first).
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
  json values = json::array();
  c.header = {"period"};
  for (const auto& geo : order) c.header.push_back(geo);
  std::map<std::string, std::vector<std::string>> rows;
  for (const auto& geo : order)
    for (const auto& [period, pp] : by[geo]) {
      if (pp.second <= 0) continue;
      const double rate = 1e4 * pp.first / pp.second;
      values.push_back({{"period", period}, {"geography", geo}, {"rate", rate}, {"this", geo == la ? "yes" : "no"}});
      auto& row = rows[period];
      if (row.empty()) row.push_back(period);
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f", rate);
      row.push_back(buf);
    }
  for (auto& [period, row] : rows) c.rows.push_back(row);
  c.title = "EHC plans per 10,000 pupils: " + la + " among its similar LAs";
  json spec = base_spec("EHC plans per 10,000 pupils");
  spec["data"] = {{"values", values}};
  spec["mark"] = {{"type", "line"}, {"point", true}};
  spec["encoding"]["y"] = {{"field", "rate"}, {"type", "quantitative"}, {"title", "EHC plans per 10,000 pupils"}};
  spec["encoding"]["detail"] = {{"field", "geography"}};
  spec["encoding"]["color"] = {{"field", "this"}, {"type", "nominal"}, {"title", la},
                               {"scale", {{"domain", {"yes", "no"}}, {"range", {kPublishedColour, "#505a5f"}}}}};
  spec["encoding"]["strokeWidth"] = {{"field", "this"}, {"type", "nominal"}, {"scale", {{"domain", {"yes", "no"}}, {"range", {3, 1}}}}, {"legend", nullptr}};
  spec["encoding"]["tooltip"] = json::array({{{"field", "geography"}}, {{"field", "period"}}, {{"field", "rate"}, {"format", ".1f"}}});
  c.spec = spec;
  c.caption = la + " (red) and its most similar LAs (grey), EHC plans (0-25) per 10,000 pupils in January; England is among the lines where included.";
  c.alt = c.title + "; the data table below gives every LA's rate by year.";
  return c;
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
  if (!input.scorecard_csv.empty()) {
    const auto t = data::CsvTable::parse(input.scorecard_csv, "scorecard.csv");
    const std::size_t m = t.require_column("measure"), g = t.require_column("geography"), p = t.require_column("period"),
                      v = t.require_column("value"), u = t.require_column("unit"), sc = t.require_column("scenario");
    std::map<std::string, Series> series;
    std::string scenario_shown;
    for (std::size_t r = 0; r < t.rows(); ++r) {
      if (t.cell(r, g) != input.geography) continue;
      if (scenario_shown.empty()) scenario_shown = std::string(t.cell(r, sc));
      if (t.cell(r, sc) != scenario_shown) continue;  // a scenario run's file: the baseline's figures
      Series& s = series[std::string(t.cell(r, m))];
      s.unit = std::string(t.cell(r, u));
      s.by_period[std::string(t.cell(r, p))].push_back(std::stod(std::string(t.cell(r, v))));
    }
    sections.emplace_back(input.geography + ": the scorecard over time", charts.size());
    for (const auto& def : measures::pupils()) {
      if (def.shown.scorecard == 0) continue;
      const auto it = series.find(std::string(def.id));
      if (it != series.end()) charts.push_back(measure_chart(std::string(def.id), std::string(def.label), std::string(def.description), it->second, published));
    }
    bool any_money = false;
    for (const auto& def : measures::all()) {
      if (!def.shown.html_england) continue;
      const std::string id(def.id), label(def.shown.title);
      const auto it = series.find(id);
      if (it == series.end()) continue;
      if (!any_money) sections.emplace_back(input.geography + ": the high needs block by financial year", charts.size());
      any_money = true;
      charts.push_back(measure_chart(id, label, "Nominal pounds, by financial year.", it->second, published));
    }
  }
  if (!input.peers_csv.empty()) {
    sections.emplace_back(input.geography + " among its similar LAs", charts.size());
    charts.push_back(peers_chart(input.geography, input.peers_csv));
  }
  if (!input.ledger_csv.empty()) {
    const auto t = data::CsvTable::parse(input.ledger_csv, "ledger.csv");
    const std::size_t m = t.require_column("measure"), p = t.require_column("period"), v = t.require_column("value"),
                      u = t.require_column("unit"), g = t.require_column("geography");
    std::map<std::string, Series> series;
    std::string name;
    for (std::size_t r = 0; r < t.rows(); ++r) {
      Series& s = series[std::string(t.cell(r, m))];
      s.unit = std::string(t.cell(r, u));
      s.by_period[std::string(t.cell(r, p))].push_back(std::stod(std::string(t.cell(r, v))));
      name = std::string(t.cell(r, g));
    }
    // The balances DfE published, beside the ledger's cumulative balance.
    std::map<std::string, double> published_balance;
    if (!input.ledger_published_csv.empty()) {
      const auto b = data::CsvTable::parse(input.ledger_published_csv, "published_balances.csv");
      const std::size_t bp = b.require_column("period"), bv = b.require_column("value");
      for (std::size_t r = 0; r < b.rows(); ++r) published_balance[std::string(b.cell(r, bp))] = std::stod(std::string(b.cell(r, bv)));
    }
    sections.emplace_back(name + ": the DSG ledger by financial year", charts.size());
    for (const measures::Measure* def : measures::ledger_rows()) {
      if (!def->shown.html_ledger) continue;
      const std::string id(def->id), label(def->shown.title);
      const auto it = series.find(id);
      if (it == series.end()) continue;
      if (def->id == measures::id::kCumulativeDsgBalance && !published_balance.empty())
        charts.push_back(measure_chart(id, label,
                                       "Nominal, by financial year. Published: DfE's cumulative DSG balance at 31 March, its % of "
                                       "DSG income times the DSG (dsg_cumulative_balance_pc_*).",
                                       it->second, published, &published_balance));
      else
        charts.push_back(measure_chart(id, label, "Nominal, by financial year.", it->second, published));
    }
  }
  if (!input.differences_csv.empty()) add_difference_charts(input, sections, charts);

  std::string out =
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n<title>" + escape(input.title) + "</title>\n<style>\n"
      "body{font-family:system-ui,Arial,sans-serif;color:#0b0c0c;background:#fff;margin:0;line-height:1.4}\n"
      "main{max-width:60rem;margin:0 auto;padding:1rem}\n"
      "a{color:#1d70b8}a:focus,summary:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}\n"
      ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem}\n"
      "figure{margin:1.5rem 0;border-top:1px solid #b1b4b6;padding-top:.5rem}\n"
      "figcaption{font-size:.95rem;color:#0b0c0c}\n"
      "table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #b1b4b6;padding:.2rem .5rem;text-align:right}\n"
      "th[scope=col]{background:#f3f2f1}th[scope=row]{text-align:left}\n"
      "nav ul{columns:2}\n</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#content\">Skip to the report</a>\n"
      "<main id=\"content\">\n<h1>" + escape(input.title) + "</h1>\n<p>" + escape(input.subtitle) + "</p>\n";
  out += overrides_html(input);
  out += "<nav aria-label=\"Contents\"><h2>Contents</h2><ul>\n";
  for (std::size_t k = 0; k < sections.size(); ++k)
    out += "<li><a href=\"#section-" + std::to_string(k) + "\">" + escape(sections[k].first) + "</a></li>\n";
  out += "</ul></nav>\n";
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
