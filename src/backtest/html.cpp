#include "backtest/html.h"

#include <sstream>

#include "report/html.h"

namespace sendtwin::backtest {

namespace {

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

// The rows as a JSON array for the charts: measure label, origin, horizon, method, error.
std::string rows_json(const Result& result) {
  std::ostringstream out;
  out << "[";
  bool first = true;
  for (const auto& row : result.rows) {
    std::string label = row.measure;
    for (const auto& m : measures())
      if (m.key == row.measure) label = m.label;
    out << (first ? "" : ",") << "{\"series\":\"" << label << "\",\"origin\":" << row.origin << ",\"horizon\":" << row.horizon
        << ",\"method\":\"" << row.method << "\",\"error\":" << row.scores.median_abs_pct << "}";
    first = false;
  }
  out << "]";
  return out.str();
}

}  // namespace

std::string html_report(const Result& result) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sendtwin backtest</title>\n"
      << "<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}pre{font-size:12px;overflow-x:auto}</style>\n"
      << report::chart_library_scripts() << "</head><body>\n"
      << "<h1>sendtwin backtest: forecasts from January " << result.options.first_origin << " to " << result.options.last_origin
      << " against what DfE published later</h1>\n"
      << "<p>Median absolute % error over LAs by years ahead, for the model and the naive, drift and linear-trend rivals: the "
         "line is the median over origins, each point one origin. Lower is better.</p>\n"
      << "<div id=\"chart-0\" role=\"img\" aria-label=\"Median absolute percentage error over LAs by horizon, one small chart "
         "per series, model and rivals; the tables below give every value\"></div>\n"
      << "<h2>The tables</h2>\n<pre>" << escape(render(result)) << "</pre>\n<script>\n"
      << "const rows = " << report::script_safe(rows_json(result)) << ";\n"
      << "const spec = {$schema: 'https://vega.github.io/schema/vega-lite/v5.json', data: {values: rows},\n"
         " facet: {field: 'series', type: 'nominal', title: null, sort: null}, columns: 4,\n"
         " spec: {width: 190, height: 130, layer: [\n"
         "  {mark: {type: 'line', point: false}, encoding: {x: {field: 'horizon', type: 'ordinal', title: 'years ahead'},\n"
         "   y: {aggregate: 'median', field: 'error', type: 'quantitative', title: 'median |% error|'},\n"
         "   color: {field: 'method', type: 'nominal', scale: {domain: ['model', 'naive', 'drift', 'linear'],\n"
         "     range: ['#0b5394', '#767676', '#b45309', '#2e7d32']}}}},\n"
         "  {mark: {type: 'point', opacity: 0.5}, encoding: {x: {field: 'horizon', type: 'ordinal'},\n"
         "   y: {field: 'error', type: 'quantitative'}, color: {field: 'method', type: 'nominal'},\n"
         "   tooltip: [{field: 'method'}, {field: 'origin'}, {field: 'horizon'}, {field: 'error', format: '.1f'}]}}]},\n"
         " resolve: {scale: {y: 'independent'}}};\n"
         "vegaEmbed('#chart-0', spec, {actions: false, renderer: 'svg'});\n</script>\n</body></html>\n";
  return out.str();
}

}  // namespace sendtwin::backtest
