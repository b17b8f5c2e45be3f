#include "server/server.h"

#include <httplib.h>
#include <netinet/tcp.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>
#include <unistd.h>

#include "data/csv.h"
#include "data/embedded.h"
#include "model/send/measures.h"
#include "report/html.h"
#include "report/scenario_report.h"
#include "report/xlsx.h"

namespace sendtwin::server {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxBody = 16 * 1024;

// The measures the dashboard shows, by period kind.
const std::vector<std::pair<const char*, const char*>> kShown = {
    {"ehc_plans", "EHC plans 0-25 (January)"},
    {"plans_state_special", "Plans in state special schools (January)"},
    {"plans_independent_special", "Plans in independent special schools (January)"},
    {"requests", "Requests for assessment (year)"},
    {"pct_within_20_weeks", "% of new plans within 20 weeks (year)"},
    {"high_needs_spend", "High needs spend (financial year, GBP)"},
    {"high_needs_in_year_balance", "In-year high needs balance (financial year, GBP)"},
    {"cumulative_dsg_balance", "Cumulative DSG balance (financial year, GBP)"}};

std::string page();

}  // namespace

RunRequest parse_run_request(const std::string& body, const std::function<bool(const std::string&)>& known_la) {
  if (body.size() > kMaxBody) throw std::invalid_argument("the request body is over 16 KiB");
  json j;
  try {
    j = json::parse(body);
  } catch (const json::parse_error& e) {
    throw std::invalid_argument(std::string("the body is not JSON: ") + e.what());
  }
  if (!j.is_object()) throw std::invalid_argument("the body must be a JSON object");
  RunRequest r;
  r.scenario.name = "levers";
  r.scenario.description = "the dashboard's levers";
  r.scenario.source = "sendtwin serve";
  int from = 2026;
  for (const auto& [key, value] : j.items()) {
    auto whole = [&](int lo, int hi) {
      if (!value.is_number_integer() || value.get<long long>() < lo || value.get<long long>() > hi)
        throw std::invalid_argument(key + " must be a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
      return static_cast<int>(value.get<long long>());
    };
    if (key == "la") {
      if (!value.is_string()) throw std::invalid_argument("la must be a string: an LA code, or \"\" for England");
      r.la = value.get<std::string>();
      if (!r.la.empty() && !known_la(r.la)) throw std::invalid_argument("la: \"" + r.la + "\" is not an LA of the run");
    } else if (key == "from") {
      from = whole(2016, 2040);
    } else if (key == "to") {
      r.to = whole(2017, 2040);
    } else if (key == "replicates") {
      r.replicates = whole(1, 10);
    } else if (key == "scale") {
      if (!value.is_number() || value.get<double>() < 0.001 || value.get<double>() > 0.25)
        throw std::invalid_argument("scale must be a number in [0.001, 0.25]");
      r.scale = value.get<double>();
    } else if (key == "levers") {
      if (!value.is_object()) throw std::invalid_argument("levers must be an object {name: value}");
    } else {
      throw std::invalid_argument("\"" + key + "\" is not a field of a run (la, levers, from, to, replicates, scale)");
    }
  }
  if (r.to < from) throw std::invalid_argument("to must not be before from");
  if (j.contains("levers"))
    for (const auto& [name, value] : j["levers"].items()) {
      const scenario::LeverInfo* info = scenario::find_lever(name);
      if (!info) throw std::invalid_argument("levers: \"" + name + "\" is not a lever");
      if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < info->lo || value.get<double>() > info->hi) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "levers.%s must be a number in [%g, %g]", name.c_str(), info->lo, info->hi);
        throw std::invalid_argument(buf);
      }
      r.scenario.levers.push_back({name, value.get<double>(), from, 1, 0});
    }
  return r;
}

namespace {

// The run a request asks for, with `cancel` checked every month.
report::ScenarioResults run(const scenario::RunSpec& base, const RunRequest& r, const std::atomic<bool>* cancel) {
  scenario::RunSpec spec = base;
  spec.scale = r.scale;
  spec.last_year = r.to;
  spec.cancel = cancel;
  if (!r.la.empty()) {
    std::vector<model::AreaStart> one;
    for (const auto& a : spec.areas)
      if (a.code == r.la) one.push_back(a);
    spec.areas = one;
  }
  return scenario::run_scenarios({r.scenario}, r.replicates, spec);
}

json result_json(const report::ScenarioResults& results, const std::string& geography) {
  const auto diffs = report::differences(results);
  json out = {{"geography", geography}, {"measures", json::array()}};
  for (const auto& [id, label] : kShown) {
    json m = {{"id", id}, {"label", label}, {"periods", json::array()}, {"baseline", json::array()}, {"scenario", json::array()},
              {"difference", json::array()}, {"low", json::array()}, {"high", json::array()}};
    for (const auto& d : diffs) {
      if (d.measure != id) continue;
      m["unit"] = d.unit;
      m["periods"].push_back(d.period);
      m["baseline"].push_back(d.baseline);
      m["scenario"].push_back(d.value);
      m["difference"].push_back(d.mean);
      m["low"].push_back(d.low);
      m["high"].push_back(d.high);
    }
    out["measures"].push_back(m);
  }
  return out;
}

void error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(json({{"error", message}}).dump(), "application/json");
}

}  // namespace

void serve(const scenario::RunSpec& spec, const ServeOptions& options, const std::function<void(int)>& ready) {
  httplib::Server server;
  server.set_payload_max_length(kMaxBody);
  // Keep-alive connections hold a worker each: enough workers for a few dozen clients.
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  // Small JSON answers: without TCP_NODELAY (inherited by the accepted sockets), Nagle's algorithm
  // and delayed ACKs add about 40 ms to each.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
  const std::string html = page();
  const std::string scripts = report::chart_library_scripts();
  const std::string full = [&] {
    std::string p = html;
    const auto at = p.find("<!--SCRIPTS-->");
    p.replace(at, 14, scripts);
    return p;
  }();
  auto known_la = [&](const std::string& code) {
    return std::any_of(spec.areas.begin(), spec.areas.end(), [&](const model::AreaStart& a) { return a.code == code; });
  };
  auto name_of = [&](const std::string& code) {
    for (const auto& a : spec.areas)
      if (a.code == code) return a.name;
    return std::string("England");
  };
  server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; connect-src 'self'; img-src data: blob:");
    res.set_content(full, "text/html; charset=utf-8");
  });
  server.Get("/api/las", [&](const httplib::Request&, httplib::Response& res) {
    json out = json::array();
    for (const auto& a : spec.areas) out.push_back({{"code", a.code}, {"name", a.name}});
    std::sort(out.begin(), out.end(), [](const json& a, const json& b) { return a["name"] < b["name"]; });
    res.set_content(out.dump(), "application/json");
  });
  server.Get("/api/levers", [&](const httplib::Request&, httplib::Response& res) {
    json out = json::array();
    for (const auto& l : scenario::lever_table())
      out.push_back({{"name", l.name}, {"unit", l.unit}, {"lo", l.lo}, {"hi", l.hi},
                     {"neutral", std::isnan(l.neutral) ? json(nullptr) : json(l.neutral)}, {"meaning", l.meaning}});
    res.set_content(out.dump(), "application/json");
  });
  // A run, streamed: spaces (valid leading JSON whitespace) while it runs, so a client that went
  // away is noticed at the next write and the run is cancelled; then the result.
  auto run_route = [&](const std::string& format) {
    return [&, format](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("Content-Type").find("application/json") == std::string::npos)
        return error(res, 415, "the body must be application/json");
      RunRequest r;
      try {
        r = parse_run_request(req.body, known_la);
      } catch (const std::invalid_argument& e) {
        return error(res, 400, e.what());
      }
      auto cancel = std::make_shared<std::atomic<bool>>(false);
      auto result = std::make_shared<std::future<report::ScenarioResults>>(
          std::async(std::launch::async, [&spec, r, cancel] { return run(spec, r, cancel.get()); }));
      const std::string geography = r.la.empty() ? "England" : name_of(r.la);
      const char* type = format == "json" ? "application/json" : format == "csv" ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      if (format != "json") res.set_header("Content-Disposition", std::string("attachment; filename=\"sendtwin.") + format + "\"");
      res.set_chunked_content_provider(type, [result, cancel, format, geography](std::size_t, httplib::DataSink& sink) {
        while (result->wait_for(std::chrono::milliseconds(200)) != std::future_status::ready) {
          if (format == "json" && !sink.write(" ", 1)) {
            cancel->store(true);
            try {
              result->get();
            } catch (const std::exception&) {  // the cancelled run's incomplete result
            }
            std::fprintf(stderr, "sendtwin serve: a client went away; its run was cancelled\n");
            return false;
          }
        }
        const auto results = result->get();
        std::string body;
        if (format == "json") {
          body = result_json(results, geography).dump();
        } else if (format == "csv") {
          body = report::scenario_figures_csv(results);
        } else {
          const auto path = std::filesystem::temp_directory_path() / ("sendtwin-serve-" + std::to_string(::getpid()) + "-" +
                                                                      std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())) + ".xlsx");
          report::write_xlsx(path.string(), {{"Differences", report::differences_csv(report::differences(results))},
                                             {"Every run", report::scenario_figures_csv(results)}});
          body = data::read_file_bytes(path.string(), data::kMaxInputFileBytes);  // a workbook: binary
          std::filesystem::remove(path);
        }
        sink.write(body.data(), body.size());
        sink.done();
        return true;
      });
    };
  };
  server.Post("/api/run", run_route("json"));
  server.Post("/api/run.csv", run_route("csv"));
  server.Post("/api/run.xlsx", run_route("xlsx"));
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) res.set_content(json({{"error", "HTTP " + std::to_string(res.status)}}).dump(), "application/json");
  });
  const int port = options.port == 0 ? server.bind_to_any_port(options.host) : (server.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port < 0) throw std::runtime_error("cannot listen on " + options.host + ":" + std::to_string(options.port));
  if (ready) ready(port);
  server.listen_after_bind();
}

namespace {

std::string page() {
  return R"HTML(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sendtwin dashboard</title>
<style>
body{font-family:system-ui,Arial,sans-serif;color:#0b0c0c;background:#fff;margin:0;line-height:1.4}
main{max-width:64rem;margin:0 auto;padding:1rem}
label{display:block;font-weight:600;margin-top:.6rem}
input,select,button{font-size:1rem;padding:.3rem;border:2px solid #0b0c0c}
button{background:#00703c;color:#fff;border-color:#00703c;margin:.8rem .5rem 0 0;cursor:pointer}
button.secondary{background:#f3f2f1;color:#0b0c0c;border-color:#0b0c0c}
:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 4px #0b0c0c}
.hint{color:#505a5f;font-size:.9rem;margin:.1rem 0}
fieldset{border:1px solid #b1b4b6;margin-top:1rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #b1b4b6;padding:.2rem .5rem;text-align:right}
th[scope=col]{background:#f3f2f1}th[scope=row]{text-align:left}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fd0}
</style>
</head>
<body>
<a class="skip" href="#results">Skip to the results</a>
<main>
<h1>sendtwin dashboard</h1>
<p>Pick a local authority (or England), set the levers you want to change, and run. The baseline and your scenario run with the same random numbers, so the difference is the levers' effect. Small runs: a share of the population (scale) is simulated.</p>
<form id="form">
<label for="la">Local authority</label>
<select id="la" name="la"><option value="">England (all LAs)</option></select>
<label for="from">First year the levers act in</label>
<input id="from" name="from" type="number" min="2016" max="2040" value="2026" required>
<label for="to">Last year simulated</label>
<input id="to" name="to" type="number" min="2017" max="2040" value="2030" required>
<label for="replicates">Replicates</label>
<input id="replicates" name="replicates" type="number" min="1" max="10" value="2" required>
<label for="scale">Scale (share of the population simulated)</label>
<input id="scale" name="scale" type="number" min="0.001" max="0.25" step="0.001" value="0.02" required>
<fieldset id="levers"><legend>Levers (leave empty for no change)</legend></fieldset>
<button type="submit" id="run">Run</button>
<button type="button" class="secondary" id="csv">Download CSV</button>
<button type="button" class="secondary" id="xlsx">Download Excel</button>
</form>
<p id="status" role="status" aria-live="polite">Ready.</p>
<section id="results" aria-labelledby="results-heading" tabindex="-1">
<h2 id="results-heading">Results</h2>
<p>Run to see the scenario against the baseline.</p>
</section>
</main>
<!--SCRIPTS-->
<script>
const $ = (id) => document.getElementById(id);
const fmt = (v, unit) => unit === 'GBP' ? (v / 1e6).toLocaleString('en-GB', {maximumFractionDigits: 1}) + 'm'
  : unit === 'percent' ? v.toFixed(1) : Math.round(v).toLocaleString('en-GB');
async function init() {
  const las = await (await fetch('/api/las')).json();
  for (const la of las) { const o = document.createElement('option'); o.value = la.code; o.textContent = la.name + ' (' + la.code + ')'; $('la').appendChild(o); }
  const levers = await (await fetch('/api/levers')).json();
  for (const l of levers) {
    const id = 'lever-' + l.name;
    const label = document.createElement('label'); label.htmlFor = id; label.textContent = l.name.replaceAll('_', ' ') + ' (' + l.unit + ')';
    const hint = document.createElement('p'); hint.className = 'hint'; hint.id = id + '-hint'; hint.textContent = l.meaning + ' Range ' + l.lo + ' to ' + l.hi + '.';
    const input = document.createElement('input'); input.type = 'number'; input.id = id; input.name = l.name; input.min = l.lo; input.max = l.hi; input.step = 'any';
    input.setAttribute('aria-describedby', hint.id);
    $('levers').append(label, hint, input);
  }
  $('status').textContent = 'Ready: ' + las.length + ' LAs, ' + levers.length + ' levers.';
}
function body() {
  const levers = {};
  for (const input of $('levers').querySelectorAll('input')) if (input.value !== '') levers[input.name] = Number(input.value);
  return JSON.stringify({la: $('la').value, from: Number($('from').value), to: Number($('to').value),
                         replicates: Number($('replicates').value), scale: Number($('scale').value), levers});
}
async function post(path) {
  const r = await fetch(path, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: body()});
  if (!r.ok) { const e = await r.json().catch(() => ({error: r.statusText})); throw new Error(e.error); }
  return r;
}
function show(result) {
  const sec = $('results');
  sec.innerHTML = '<h2 id="results-heading">Results: ' + result.geography + '</h2>';
  const table = document.createElement('table');
  table.id = 'result-table';
  table.innerHTML = '<caption>Scenario against the baseline, last period of the run (mean over replicates; 90% interval)</caption>' +
    '<thead><tr><th scope="col">measure</th><th scope="col">period</th><th scope="col">baseline</th><th scope="col">scenario</th><th scope="col">difference</th><th scope="col">90% interval</th></tr></thead>';
  const tbody = document.createElement('tbody');
  for (const m of result.measures) {
    const k = m.periods.length - 1; if (k < 0) continue;
    const tr = document.createElement('tr'); tr.dataset.measure = m.id;
    tr.innerHTML = '<th scope="row">' + m.label + '</th><td>' + m.periods[k] + '</td><td>' + fmt(m.baseline[k], m.unit) + '</td><td>' +
      fmt(m.scenario[k], m.unit) + '</td><td class="difference">' + fmt(m.difference[k], m.unit) + '</td><td>' + fmt(m.low[k], m.unit) + ' to ' + fmt(m.high[k], m.unit) + '</td>';
    tbody.appendChild(tr);
  }
  table.appendChild(tbody);
  const plans = result.measures.find((m) => m.id === 'ehc_plans');
  const values = [];
  plans.periods.forEach((p, k) => { values.push({period: p, run: 'baseline', plans: plans.baseline[k]}); values.push({period: p, run: 'scenario', plans: plans.scenario[k]}); });
  const figure = document.createElement('figure');
  figure.innerHTML = '<div id="chart" role="img" aria-label="EHC plans by January, baseline and scenario; the data table below the chart gives every value."></div><figcaption>EHC plans 0-25 by January: baseline (blue) and scenario (green).</figcaption>';
  const details = document.createElement('details');
  let rows = '';
  plans.periods.forEach((p, k) => { rows += '<tr><th scope="row">' + p + '</th><td>' + fmt(plans.baseline[k], plans.unit) + '</td><td>' + fmt(plans.scenario[k], plans.unit) + '</td></tr>'; });
  details.innerHTML = '<summary>Data table: EHC plans by January</summary><table id="chart-data"><caption>EHC plans 0-25 by January, baseline and scenario</caption>' +
    '<thead><tr><th scope="col">January</th><th scope="col">baseline</th><th scope="col">scenario</th></tr></thead><tbody>' + rows + '</tbody></table>';
  figure.appendChild(details);
  sec.append(table, figure);
  vegaEmbed('#chart', {width: 600, height: 220, data: {values},
    mark: {type: 'line', point: true},
    encoding: {x: {field: 'period', type: 'ordinal'}, y: {field: 'plans', type: 'quantitative', scale: {zero: false}, title: 'EHC plans'},
               color: {field: 'run', type: 'nominal', scale: {domain: ['baseline', 'scenario'], range: ['#1d70b8', '#00703c']}}}},
    {actions: false, renderer: 'svg'}).then((r) => { const svg = r.view.container().querySelector('svg'); if (svg) svg.setAttribute('aria-hidden', 'true'); });
}
$('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('status').textContent = 'Running...';
  $('run').disabled = true;
  try { show(await (await post('/api/run')).json()); $('status').textContent = 'Done.'; $('results').focus(); }
  catch (err) { $('status').textContent = 'Error: ' + err.message; }
  finally { $('run').disabled = false; }
});
async function download(kind) {
  $('status').textContent = 'Preparing the ' + kind.toUpperCase() + ' file...';
  try {
    const blob = await (await post('/api/run.' + kind)).blob();
    const a = document.createElement('a'); a.href = URL.createObjectURL(blob); a.download = 'sendtwin.' + kind; a.click();
    $('status').textContent = 'Downloaded sendtwin.' + kind + '.';
  } catch (err) { $('status').textContent = 'Error: ' + err.message; }
}
$('csv').addEventListener('click', () => download('csv'));
$('xlsx').addEventListener('click', () => download('xlsx'));
init().catch((e) => { $('status').textContent = 'Error: ' + e.message; });
</script>
</body>
</html>
)HTML";
}

}  // namespace

}  // namespace sendtwin::server
