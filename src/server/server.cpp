#include "server/server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <unistd.h>

#include "core/error.h"
#include "data/embedded.h"
#include "io/input_file.h"
#include "measures/registry.h"
#include "pipeline/areas.h"
#include "pipeline/goals.h"
#include "report/goals_report.h"
#include "report/html.h"
#include "report/scenario_report.h"
#include "report/xlsx.h"

namespace sendtwin::server {

namespace {

using nlohmann::json;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::size_t kMaxBody = kMaxRunBody;
constexpr std::size_t kMaxHeader = 8 * 1024;
constexpr std::size_t kMaxBuffer = kMaxHeader + kMaxBody + 8 * 1024;  // a request's bytes in the read buffer
constexpr auto kArrival = std::chrono::seconds(10);  // a whole request, from its first byte (or the connection)
constexpr auto kWriting = std::chrono::seconds(60);  // an answer, to a client that reads it
constexpr auto kKeepAlive = std::chrono::milliseconds(200);  // between the spaces a run streams
constexpr auto kLinger = std::chrono::seconds(2);  // reading what a refused client still sends, before closing


// JSON text, with any invalid UTF-8 (a client's bytes quoted in a message) replaced rather than thrown on.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

namespace {

// A run's progress as GET /api/progress shows it (issue 21): written by the run's worker, read on
// the I/O thread. Its stage: "starting"; "running" (the baseline's and the scenario's runs), or
// "kept" (a kept run's results serve, Shared::kept_run); "goals" (the run of the LA's ledger a
// balance goal reads); "writing" (the answer); then "done", "failed" or "cancelled". done and total
// count the stage's steps (area-months of its runs, so the count moves within a long replicate),
// runs_done and runs the scenario runs. It only observes: no result depends on it.
class RunProgress {
 public:
  // A new stage, its steps not yet counted.
  void stage(const char* name) {
    const std::lock_guard<std::mutex> lock(mutex_);
    stage_ = name;
    done_ = total_ = 0;
  }
  void steps(int done, int total) {
    const std::lock_guard<std::mutex> lock(mutex_);
    done_ = done;
    total_ = total;
  }
  void runs(int done, int total) {
    const std::lock_guard<std::mutex> lock(mutex_);
    runs_done_ = done;
    runs_ = total;
  }
  // The results of the same request a moment ago serve: its `runs` runs, all done.
  void kept(int runs) {
    const std::lock_guard<std::mutex> lock(mutex_);
    stage_ = "kept";
    kept_ = true;
    done_ = total_ = 1;
    runs_done_ = runs_ = runs;
  }
  // The answer is being written: the counts stay those of the last stage.
  void writing() {
    const std::lock_guard<std::mutex> lock(mutex_);
    stage_ = "writing";
  }
  // The stage a finished run ends in ("done", "failed", "cancelled"), with its counts as they stand.
  void finish(const char* how) {
    const std::lock_guard<std::mutex> lock(mutex_);
    stage_ = how;
  }
  nlohmann::json state() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return {{"stage", stage_}, {"done", done_}, {"total", total_}, {"runs_done", runs_done_}, {"runs", runs_}, {"kept", kept_}};
  }

 private:
  mutable std::mutex mutex_;
  std::string stage_ = "starting";
  int done_ = 0, total_ = 0, runs_done_ = 0, runs_ = 0;
  bool kept_ = false;
};

// The callbacks that report to `p`, or none without it.
pipeline::Progress steps_of(RunProgress* p) {
  if (!p) return {};
  return [p](int done, int total) { p->steps(done, total); };
}

// The plan of a request's run: the run's plan at its scale and horizon; of its LA and the LAs whose
// DSG ledger it shares if it names one (pipeline::only_las: the LA's figures are what a run of every
// LA gives it), with the figures by LA.
pipeline::RunPlan request_plan(const pipeline::RunPlan& base, const RunRequest& r, const std::atomic<bool>* cancel) {
  pipeline::RunPlan spec = r.la.empty() ? base : pipeline::only_las(base, {r.la});
  spec.scale = r.scale;
  spec.last_year = r.to;
  spec.cancel = cancel;
  spec.area_figures = !r.la.empty();
  return spec;
}

// The run a request asks for, with `cancel` checked every month, reporting to `progress` if any.
// An LA's: its own figures and its ledger's alone (pipeline::keep_la), which its goals read as
// `la --goals` does.
pipeline::ScenarioResults run(const pipeline::RunPlan& base, const RunRequest& r, const std::atomic<bool>* cancel,
                              RunProgress* progress) {
  if (progress) {
    progress->stage("running");
    progress->runs(0, 2 * r.replicates);  // the baseline's and the scenario's
  }
  const pipeline::Progress runs = progress ? pipeline::Progress([progress](int done, int total) { progress->runs(done, total); })
                                           : pipeline::Progress{};
  auto results = pipeline::run_scenarios({r.scenario}, r.replicates, request_plan(base, r, cancel), runs, steps_of(progress));
  if (!r.la.empty()) pipeline::keep_la(results, r.la);
  return results;
}

const char* period_kind(measures::Period period) {
  switch (period) {
    case measures::Period::CensusJanuary: return "January";
    case measures::Period::CalendarYear: return "calendar year";
    case measures::Period::FinancialYear: return "financial year";
  }
  return "period";
}

// One measure of the run for the page, England's rows (a run of an LA: its own, or its ledger's,
// the only rows kept): its periods, the baseline's and the scenario's means, and the difference with
// its 90% interval.
json measure_json(const measures::Measure& def, std::string_view label, const std::vector<report::Difference>& diffs, bool la) {
  const std::string id(def.id);
  json m = {{"id", id}, {"label", std::string(label)}, {"period_kind", period_kind(def.period)},
            {"unit", std::string(measures::to_string(def.unit))}, {"periods", json::array()}, {"baseline", json::array()},
            {"scenario", json::array()}, {"difference", json::array()}, {"low", json::array()}, {"high", json::array()}};
  for (const auto& d : diffs) {
    if (d.measure != id || (!la && d.code != finance::kEnglandCode)) continue;
    m["unit"] = d.unit;
    m["periods"].push_back(d.period);
    m["baseline"].push_back(d.baseline);
    m["scenario"].push_back(d.value);
    m["difference"].push_back(d.mean);
    m["low"].push_back(d.low);
    m["high"].push_back(d.high);
  }
  return m;
}

// The breakdowns of EHC plans the dashboard charts (issue 20): by DfE's primary-need rows and by
// SEN2's age bands (dfe-returns.md §0.1, §0.2), each part labelled as the registry labels it; the
// parts of each add up to all plans.
json breakdowns_json(const std::vector<report::Difference>& diffs, bool la) {
  namespace id = measures::id;
  const std::vector<std::string_view> needs(id::kNeedBreakdown.begin(), id::kNeedBreakdown.end());
  const std::vector<std::string_view> ages(id::kAgeBreakdown.begin(), id::kAgeBreakdown.end());
  json out = json::array();
  for (const auto& [key, title, ids] : {std::tuple{"need", "EHC plans by primary need", &needs}, std::tuple{"age", "EHC plans by age band", &ages}}) {
    json group = {{"key", key}, {"title", title}, {"measures", json::array()}};
    for (const auto& m : *ids) {
      const measures::Measure* def = measures::find(m);
      if (!def) throw std::logic_error("serve: no measure " + std::string(m));
      group["measures"].push_back(measure_json(*def, def->label, diffs, la));
      group["measures"].back()["description"] = std::string(def->description);
    }
    out.push_back(group);
  }
  return out;
}

// The LA's goals (`la --goals`'s table): each goal, its published figures and its forecast under the
// baseline and the scenario. NaN (no replicate has the figure) is null.
json goals_json(const std::vector<report::GoalResult>& goals) {
  json out = json::array();
  for (const auto& g : goals) {
    json published = json::array(), forecasts = json::array();
    for (const auto& a : g.published) published.push_back({{"period", a.period}, {"value", a.value}});
    for (const auto& f : g.forecasts)
      forecasts.push_back({{"scenario", f.scenario}, {"replicates", f.replicates}, {"met", f.met}, {"mean", f.mean}, {"low", f.low},
                           {"high", f.high}, {"probability", f.probability}, {"status", std::string(pipeline::to_string(f.rag))}});
    out.push_back({{"name", g.goal.name}, {"measure", g.goal.measure}, {"period", g.goal.period}, {"unit", g.goal.unit},
                   {"condition", g.goal.at_least ? "at_least" : "at_most"}, {"target", g.goal.target}, {"line", g.goal.line},
                   {"published", published}, {"source", g.source}, {"forecasts", forecasts}});
  }
  return out;
}

// ", shared with ..." when the LA's ledger is shared (its figures' code joins several LAs' with +).
std::string money_shared(const pipeline::ScenarioResults& results, const std::string& la) {
  for (const auto& f : results.figures.at(0).at(0))
    if (f.code != la && f.code.find('+') != std::string::npos) return " (" + f.geography + ", whose LAs share it)";
  return "";
}

// The run's figures for the page: a run of an LA has that LA's figures alone (its money its DSG
// ledger's), so every figure is the geography's.
json result_json(const pipeline::ScenarioResults& results, const RunRequest& r, const std::string& geography,
                 const std::vector<report::GoalResult>& goals) {
  const auto diffs = report::differences(results);
  json out = {{"geography", geography},
              {"scenario", r.scenario.name},
              {"replicates", r.replicates},
              {"scale", r.scale},
              {"money", r.la.empty() ? "Money: England's high needs block, every LA's DSG ledger summed."
                                     : "Money: " + geography + "'s DSG ledger" + money_shared(results, r.la) + "."},
              {"measures", json::array()},
              {"breakdowns", breakdowns_json(diffs, !r.la.empty())},
              {"goals", goals_json(goals)}};
  for (const auto& def : measures::all())  // the measures the dashboard shows, in the registry's order
    if (!def.shown.dashboard.empty()) out["measures"].push_back(measure_json(def, def.shown.dashboard, diffs, !r.la.empty()));
  return out;
}

// A run's goals: read on the I/O thread before it (a fault is a 400), assessed after it.
struct RunGoals {
  std::vector<pipeline::Goal> goals;
  const report::GoalSources* published = nullptr;
};

// The key of a run's results (Shared::kept_run): its request body, already checked by
// parse_run_request, with the goals (they are assessed on the results) and the progress id (it
// only observes) taken out, its keys in order.
std::string run_key(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return body;
  j.erase("goals");
  j.erase("goals_name");
  j.erase("progress");
  return j.dump();
}

// The goals of a run against its replicates, with what was published. A goal on the cumulative DSG
// balance shows the balances DfE published for the LA's ledger (or the LA reported): those of a
// baseline run's ledger, as `la` reads them from its own run.
std::vector<report::GoalResult> assess(const RunGoals& g, const pipeline::ScenarioResults& results, const pipeline::RunPlan& base,
                                       const RunRequest& r, const std::atomic<bool>* cancel, RunProgress* progress) {
  if (g.goals.empty()) return {};
  const auto la = std::find_if(base.areas.begin(), base.areas.end(), [&](const model::AreaStart& a) { return a.code == r.la; });
  if (la == base.areas.end()) throw std::logic_error("serve: goals for an LA not in the run");
  std::vector<finance::Ledger> own;
  if (std::any_of(g.goals.begin(), g.goals.end(), [](const pipeline::Goal& x) { return x.measure == measures::id::kCumulativeDsgBalance; })) {
    pipeline::RunPlan one = request_plan(base, r, cancel);
    one.replicates = 1;
    if (progress) progress->stage("goals");
    const auto result = pipeline::run(one, steps_of(progress));
    for (const auto& l : result.ledgers.at(0))
      if (std::find(l.model_codes.begin(), l.model_codes.end(), r.la) != l.model_codes.end()) own.push_back(l);
  }
  return report::assess_goals(g.goals, results, base, *la, *g.published, own);
}

// The body of a finished run in its format.
std::string render(const std::string& format, const pipeline::ScenarioResults& results, const RunRequest& r,
                   const std::string& geography, const std::vector<report::GoalResult>& goals) {
  if (format == "json") return dump(result_json(results, r, geography, goals));
  if (format == "csv") return report::scenario_figures_csv(results);
  const auto path = std::filesystem::temp_directory_path() /
                    ("sendtwin-serve-" + std::to_string(::getpid()) + "-" +
                     std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())) + ".xlsx");
  struct Remove {
    std::filesystem::path path;
    ~Remove() {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  } remove{path};
  report::write_xlsx(path.string(), {{"Differences", report::differences_csv(report::differences(results))},
                                     {"Every run", report::scenario_figures_csv(results)}});
  return io::read_file_bytes(path.string(), io::kMaxInputFileBytes);  // a workbook: binary
}

const char* kPagePolicy =
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; connect-src 'self'; img-src data: blob:; "
    "frame-ancestors 'none'";
const char* kApiPolicy = "default-src 'none'; frame-ancestors 'none'";

// What every answer carries: no sniffing of its type, no framing by another page.
template <class Body>
void secure(http::response<Body>& res, const char* policy = kApiPolicy) {
  res.set(http::field::server, "sendtwin");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Content-Security-Policy", policy);
  res.set(http::field::cache_control, "no-store");
}

using Response = http::response<http::string_body>;

Response answer(http::status status, std::string body, const char* type, const char* policy = kApiPolicy) {
  Response res{status, 11};
  secure(res, policy);
  res.set(http::field::content_type, type);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response error_answer(http::status status, const std::string& message) {
  return answer(status, dump(json({{"error", message}})), "application/json");
}

// What the server shares between its connections; touched on the I/O thread only, but for the
// worker pool and the counters.
struct Shared {
  Shared(const pipeline::RunPlan& spec_, const ServeOptions& options_, net::io_context& io_, net::thread_pool& workers_,
         const report::GoalSources& published_)
      : spec(spec_), options(options_), io(io_), workers(workers_), published(published_) {}
  const pipeline::RunPlan& spec;
  ServeOptions options;
  net::io_context& io;
  net::thread_pool& workers;
  const report::GoalSources& published;  // what an LA's goals are shown beside
  int port = 0;
  std::string page;            // the dashboard with its scripts inlined
  std::string las, levers, presets_json;  // the GET answers
  std::vector<scenario::Scenario> presets;  // the preset scenarios a run may name (the White Paper's)
  std::vector<std::string> hosts;  // Host values that name this server, lower case
  std::atomic<int> connections{0};
  int runs = 0;  // runs under way (I/O thread only)

  // The last runs' results, by their request (issue 21: the CSV and Excel downloads of the run the
  // page shows do not run it again). A run is deterministic in its request, so a kept result is the
  // one a new run would give; goals are not part of the key (they are assessed on the results).
  static constexpr std::size_t kKeptRuns = 4;
  std::shared_ptr<const pipeline::ScenarioResults> kept_run(const std::string& key) {
    const std::lock_guard<std::mutex> lock(kept_mutex);
    for (const auto& [k, results] : kept)
      if (k == key) return results;
    return nullptr;
  }
  void keep_run(const std::string& key, std::shared_ptr<const pipeline::ScenarioResults> results) {
    const std::lock_guard<std::mutex> lock(kept_mutex);
    for (const auto& entry : kept)
      if (entry.first == key) return;
    kept.emplace_back(key, std::move(results));
    if (kept.size() > kKeptRuns) kept.pop_front();
  }
  std::mutex kept_mutex;
  std::deque<std::pair<std::string, std::shared_ptr<const pipeline::ScenarioResults>>> kept;

  // The progress of the runs sent with an id ("progress"), by that id (I/O thread only; each
  // entry's state is its worker's, under its own lock): the runs under way (at most max_runs) and
  // the last kFinishedKept to finish, so that a client sees how its run ended.
  static constexpr std::size_t kFinishedKept = 8;
  std::map<std::string, std::shared_ptr<RunProgress>> progress;
  std::deque<std::string> finished;  // the ids of the finished runs still in `progress`, oldest first
  // A run's progress under `id`, or null for a run under way with that id already. A finished
  // run's id may be sent again: its entry is the new run's.
  std::shared_ptr<RunProgress> start_progress(const std::string& id) {
    const auto old = std::find(finished.begin(), finished.end(), id);
    if (old != finished.end()) {
      finished.erase(old);
    } else if (progress.count(id)) {
      return nullptr;
    }
    return progress[id] = std::make_shared<RunProgress>();
  }
  void finish_progress(const std::string& id, const char* how) {
    const auto it = progress.find(id);
    if (it == progress.end()) return;
    it->second->finish(how);
    finished.push_back(id);
    if (finished.size() > kFinishedKept) {
      progress.erase(finished.front());
      finished.pop_front();
    }
  }
  // GET /api/progress?id=...: the run's stage and counts; 404 for an id of no run (or none lately).
  Response progress_of(std::string_view target) const {
    std::string id;
    try {
      id = progress_id(target);
    } catch (const std::invalid_argument& e) {
      return error_answer(http::status::bad_request, e.what());
    }
    const auto it = progress.find(id);
    if (it == progress.end())
      return error_answer(http::status::not_found, "no run has this id (not started yet, or finished a while ago)");
    return answer(http::status::ok, dump(it->second->state()), "application/json");
  }

  bool known_la(const std::string& code) const {
    return std::any_of(spec.areas.begin(), spec.areas.end(), [&](const model::AreaStart& a) { return a.code == code; });
  }
  // GET /api/la?name=...: the LA a name, a short form of one or a code names, as on the command line.
  Response find_la(std::string_view target) const {
    std::string name;
    try {
      name = std::string(trim(query_value(target, "name")));
    } catch (const std::invalid_argument& e) {
      return error_answer(http::status::bad_request, e.what());
    }
    if (name.empty()) return error_answer(http::status::bad_request, "name: give an LA's name, a short form of it or its DfE code (?name=Kent)");
    if (!spec.la_register) throw std::logic_error("serve: the run has no LA register");
    try {
      const auto& area = spec.areas[pipeline::find_area(*spec.la_register, name, spec.areas)];
      return answer(http::status::ok, dump(json({{"code", area.code}, {"name", area.name}})), "application/json");
    } catch (const InputError& e) {
      return error_answer(http::status::bad_request, "\"" + name + "\": " + e.message());
    }
  }
  // The goals of a run, read with `la --goals`'s parser against the run's years and its LA (whose
  // ledger must be its own for a money goal): an InputError `name:line: field: ...` for a fault.
  RunGoals read_goals(const RunRequest& r) const {
    RunGoals out;
    out.published = &published;
    if (r.goals.empty()) return out;
    const auto la = std::find_if(spec.areas.begin(), spec.areas.end(), [&](const model::AreaStart& a) { return a.code == r.la; });
    if (la == spec.areas.end()) throw std::logic_error("serve: goals for an LA not in the run");
    const int first = spec.first_year ? spec.first_year : spec.start_year;
    out.goals = pipeline::parse_goals(r.goals, r.goals_name, pipeline::goal_run(spec, *la, first, r.to));
    return out;
  }
  std::string name_of(const std::string& code) const {
    for (const auto& a : spec.areas)
      if (a.code == code) return a.name;
    return "England";
  }
};

std::string host_of(const net::ip::address& a) { return a.is_v6() ? "[" + a.to_string() + "]" : a.to_string(); }

// One connection: requests read whole within kArrival and answered in turn; a run streams (see
// start_run) and then closes the connection.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared) : stream_(std::move(socket)), shared_(shared), buffer_(kMaxBuffer) {
    ++shared_.connections;
    boost::system::error_code ec;
    const auto local = stream_.socket().local_endpoint(ec);
    if (!ec) {  // the address the client reached: its own name for the server (a v4-mapped one as IPv4)
      auto address = local.address();
      if (address.is_v6() && address.to_v6().is_v4_mapped()) address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
      local_host_ = lower(host_of(address) + ":" + std::to_string(local.port()));
    }
  }
  ~Session() { --shared_.connections; }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() { read_request(); }

 private:
  beast::tcp_stream stream_;
  Shared& shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string local_host_;
  Response res_;
  std::string continue_ = "HTTP/1.1 100 Continue\r\n\r\n";
  std::array<char, 4096> scratch_{};
  std::size_t drained_ = 0;
  // A run under way.
  struct Run {
    std::string format, geography;
    std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
    std::string body;            // the finished run's body
    std::exception_ptr failure;  // or why it failed
    bool done = false, gone = false, streaming = false, writing = false, answered = false, peer_closed = false;
    bool kept = false;  // the results were a kept run's (Shared::kept_run), not run again
    std::string progress;  // its id in Shared::progress, if it was sent with one
    std::optional<net::steady_timer> timer;
    std::optional<http::response<http::empty_body>> head;
    std::optional<http::response_serializer<http::empty_body>> head_writer;
    std::string out;  // the bytes of the write under way
  };
  std::optional<Run> run_;

  void read_request() {
    parser_.emplace();
    parser_->header_limit(kMaxHeader);
    parser_->body_limit(kMaxBody);
    stream_.expires_after(kArrival);  // the whole request: headers and body
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  // A read that failed: a clean close, a timeout, or a request beyond the limits.
  void on_read_error(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof || ec == http::error::partial_message)
      return close();
    if (ec == http::error::body_limit) return refuse(error_answer(http::status::payload_too_large, "the request body is over 16 KiB"));
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
      return refuse(error_answer(http::status::request_header_fields_too_large, "the request's headers are over 8 KiB"));
    refuse(error_answer(http::status::bad_request, "the request is not HTTP/1.1 the server can read"));
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    try {
      const auto& req = parser_->get();
      if (auto refusal = check_header(req)) return refuse(std::move(*refusal));
      if (beast::iequals(req[http::field::expect], "100-continue") && req.version() == 11) {
        net::async_write(stream_, net::buffer(continue_), [self = shared_from_this()](beast::error_code ec2, std::size_t) {
          if (ec2) return self->close();
          self->read_body();
        });
        return;
      }
      read_body();
    } catch (const std::exception& e) {
      internal_error(e.what());
    }
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->on_read_error(ec);
      self->on_request();
    });
  }

  // Refusals on the headers alone, before any body is read.
  std::optional<Response> check_header(const http::request<http::string_body>& req) {
    const std::string host = lower(trim(sv(req[http::field::host])));
    if (req.count(http::field::host) != 1 ||
        (std::find(shared_.hosts.begin(), shared_.hosts.end(), host) == shared_.hosts.end() && host != local_host_))
      return error_answer(http::status::forbidden, "the Host header must name this server (" + shared_.hosts.front() + ")");
    if (req.count(http::field::origin) > 1 ||
        (req.count(http::field::origin) == 1 && lower(trim(sv(req[http::field::origin]))) != "http://" + host))
      return error_answer(http::status::forbidden, "requests from another web page are refused (Origin is not this server)");
    const std::string_view target(req.target().data(), req.target().size());
    const std::string path(target.substr(0, target.find('?')));
    const bool get = path == "/" || path == "/api/las" || path == "/api/la" || path == "/api/levers" || path == "/api/presets" ||
                     path == "/api/progress";
    const bool post = path == "/api/run" || path == "/api/run.csv" || path == "/api/run.xlsx";
    if (!get && !post) return error_answer(http::status::not_found, "no such page: the dashboard is at /, the API under /api");
    if ((get && req.method() != http::verb::get) || (post && req.method() != http::verb::post)) {
      auto res = error_answer(http::status::method_not_allowed, std::string("use ") + (get ? "GET" : "POST"));
      res.set(http::field::allow, get ? "GET" : "POST");
      return res;
    }
    if (post && !is_json_content_type(sv(req[http::field::content_type])))
      return error_answer(http::status::unsupported_media_type, "the body must be application/json");
    if (parser_->content_length() && *parser_->content_length() > kMaxBody)
      return error_answer(http::status::payload_too_large, "the request body is over 16 KiB");
    return std::nullopt;
  }

  void on_request() {
    try {
      const auto& req = parser_->get();
      const std::string_view target(req.target().data(), req.target().size());
      const std::string path(target.substr(0, target.find('?')));
      if (path == "/") return reply(answer(http::status::ok, shared_.page, "text/html; charset=utf-8", kPagePolicy), req.keep_alive());
      if (path == "/api/las") return reply(answer(http::status::ok, shared_.las, "application/json"), req.keep_alive());
      if (path == "/api/la") return reply(shared_.find_la(target), req.keep_alive());
      if (path == "/api/levers") return reply(answer(http::status::ok, shared_.levers, "application/json"), req.keep_alive());
      if (path == "/api/presets") return reply(answer(http::status::ok, shared_.presets_json, "application/json"), req.keep_alive());
      if (path == "/api/progress") return reply(shared_.progress_of(target), req.keep_alive());
      RunRequest r;
      RunGoals goals;
      try {
        r = parse_run_request(req.body(), [this](const std::string& code) { return shared_.known_la(code); }, shared_.spec.start_year,
                              shared_.presets);
        if (!r.goals.empty() && path != "/api/run")
          throw std::invalid_argument("goals: the goals table is in the dashboard's run (POST /api/run); the CSV and workbook hold the run's figures");
        goals = shared_.read_goals(r);
      } catch (const std::invalid_argument& e) {
        return reply(error_answer(http::status::bad_request, e.what()), req.keep_alive());
      } catch (const InputError& e) {  // the goals text: `goals_name:line: field: what is wrong`, as `la --goals` says it
        return reply(error_answer(http::status::bad_request, e.what()), req.keep_alive());
      }
      start_run(path == "/api/run" ? "json" : path == "/api/run.csv" ? "csv" : "xlsx", r, std::move(goals), run_key(req.body()));
    } catch (const std::exception& e) {
      internal_error(e.what());
    }
  }

  void internal_error(const char* what) {
    std::fprintf(stderr, "sendtwin serve: internal error: %s\n", what);
    refuse(error_answer(http::status::internal_server_error, "internal error (the server's log has the details)"));
  }

  // Writes an answer; then the next request, or the end of the connection.
  void reply(Response res, bool keep_alive) {
    res_ = std::move(res);
    res_.keep_alive(keep_alive);
    stream_.expires_after(kWriting);
    http::async_write(stream_, res_, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      if (keep_alive) return self->read_request();
      self->close_gracefully();
    });
  }

  // An answer after which the connection closes (the rest of the request is not read).
  void refuse(Response res) { reply(std::move(res), false); }

  // Closes the connection now; the session ends as soon as no handler holds it.
  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
    if (run_ && run_->timer) run_->timer->cancel();
  }

  // Closes after the answer has left: what the client still sends is read (for kLinger, up to
  // 1 MiB) and dropped, so that closing does not reset the connection under its answer.
  void close_gracefully() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    if (run_) {  // the read that watched the run is still reading; it or a timer ends it
      if (run_->peer_closed) return close();
      run_->answered = true;
      run_->timer.emplace(stream_.get_executor());
      run_->timer->expires_after(kLinger);
      run_->timer->async_wait([self = shared_from_this()](beast::error_code) { self->close(); });
      return;
    }
    stream_.expires_after(kLinger);
    drain();
  }
  void drain() {
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > (1u << 20)) return self->close();
      self->drain();
    });
  }

  // A run: at most max_runs at once, on the worker pool. While it runs, the connection is watched
  // (a client that closes it cancels the run) and a JSON answer streams spaces (valid leading JSON
  // whitespace) every kKeepAlive after the first, so that a client behind a proxy sees it alive.
  void start_run(const std::string& format, const RunRequest& r, RunGoals goals, const std::string& key) {
    if (shared_.runs >= shared_.options.max_runs) {
      auto res = error_answer(http::status::service_unavailable,
                              "the server is busy: " + std::to_string(shared_.options.max_runs) + " runs under way; try again shortly");
      res.set(http::field::retry_after, "5");
      return refuse(std::move(res));
    }
    std::shared_ptr<RunProgress> progress;
    if (!r.progress.empty() && !(progress = shared_.start_progress(r.progress)))
      return refuse(error_answer(http::status::conflict, "progress: a run under way already has this id; send a new one"));
    run_.emplace();
    run_->format = format;
    run_->geography = r.la.empty() ? "England" : shared_.name_of(r.la);
    run_->progress = r.progress;
    ++shared_.runs;
    stream_.expires_never();
    auto self = shared_from_this();
    net::post(shared_.workers, [self, r, goals = std::move(goals), cancel = run_->cancel, format, geography = run_->geography,
                                &shared = shared_, key, progress] {
      std::string body;
      std::exception_ptr failure;
      bool kept = false;
      try {
        auto results = shared.kept_run(key);
        kept = results != nullptr;
        if (kept && progress) progress->kept(2 * r.replicates);  // the baseline and the scenario
        if (!kept) {
          results = std::make_shared<const pipeline::ScenarioResults>(run(shared.spec, r, cancel.get(), progress.get()));
          if (!cancel->load()) shared.keep_run(key, results);  // a cancelled run is incomplete
        }
        auto assessed = assess(goals, *results, shared.spec, r, cancel.get(), progress.get());
        if (progress) progress->writing();
        body = render(format, *results, r, geography, assessed);
      } catch (...) {
        failure = std::current_exception();
      }
      net::post(self->stream_.get_executor(), [self, body = std::move(body), failure, kept]() mutable {
        self->on_run_done(std::move(body), failure, kept);
      });
    });
    watch();
    if (format == "json") {
      run_->timer.emplace(stream_.get_executor());
      tick();
    }
  }

  // A read under the run: its end (or an error) means the client went away.
  // Once the run is done, it drains what the client still sends (up to 1 MiB) until the answer has
  // gone and the connection closes.
  void watch() {
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      if (self->run_->done) {
        self->drained_ += n;
        if (ec && self->run_->answered) return self->close();  // the client has its answer and has closed
        if (ec) {  // closed while its answer is being written: close once it is
          self->run_->peer_closed = true;
          return;
        }
        if (self->drained_ > (1u << 20)) return;  // the linger timer closes
        return self->watch();
      }
      if (ec) return self->client_gone();
      self->watch();  // a client may send more (pipelining); it is dropped, as the connection closes after the run
    });
  }

  void client_gone() {
    if (run_->gone) return;
    run_->gone = true;
    run_->cancel->store(true);
    if (run_->timer) run_->timer->cancel();
  }

  void tick() {
    run_->timer->expires_after(kKeepAlive);
    run_->timer->async_wait([self = shared_from_this()](beast::error_code ec) {
      auto& run = self->run_;
      if (ec || run->done || run->gone) return;
      if (!run->writing) self->stream_space();
      self->tick();
    });
  }

  // The answer's head (200, chunked JSON) at the first tick, then a space a tick.
  void stream_space() {
    run_->writing = true;
    auto done = [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_stream_write(ec); };
    if (!run_->streaming) {
      run_->streaming = true;
      run_->head.emplace(http::status::ok, 11);
      secure(*run_->head);
      run_->head->set(http::field::content_type, "application/json");
      run_->head->chunked(true);
      run_->head->keep_alive(false);
      run_->head_writer.emplace(*run_->head);
      http::async_write_header(stream_, *run_->head_writer, done);
      return;
    }
    run_->out = "1\r\n \r\n";
    net::async_write(stream_, net::buffer(run_->out), done);
  }

  void on_stream_write(beast::error_code ec) {
    run_->writing = false;
    if (ec) client_gone();
    if (run_->done) finish();
  }

  void on_run_done(std::string body, std::exception_ptr failure, bool kept) {
    --shared_.runs;
    if (!run_->progress.empty())
      shared_.finish_progress(run_->progress, run_->cancel->load() ? "cancelled" : failure ? "failed" : "done");
    run_->done = true;
    run_->kept = kept;
    run_->body = std::move(body);
    run_->failure = failure;
    if (run_->timer) run_->timer->cancel();
    if (!run_->writing) finish();
  }

  // The run's answer: its body, or a generic error (the details on stderr).
  void finish() {
    if (run_->gone) {
      std::fprintf(stderr, "sendtwin serve: a client went away; its run was cancelled\n");
      return close();
    }
    std::string error;
    if (run_->failure) {
      try {
        std::rethrow_exception(run_->failure);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "sendtwin serve: a run failed: %s\n", e.what());
      } catch (...) {
        std::fprintf(stderr, "sendtwin serve: a run failed\n");
      }
      error = "the run failed (an internal error; the server's log has the details)";
    }
    stream_.expires_after(kWriting);
    if (run_->streaming) {  // the 200 has gone: the error goes in the body, which the page shows
      const std::string& body = error.empty() ? run_->body : (run_->body = dump(json({{"error", error}})));
      char size[32];
      std::snprintf(size, sizeof size, "%zx\r\n", body.size());
      run_->out = std::string(size) + body + "\r\n0\r\n\r\n";
      net::async_write(stream_, net::buffer(run_->out), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->close();
        self->close_gracefully();
      });
      return;
    }
    if (!error.empty()) return refuse(error_answer(http::status::internal_server_error, error));
    const char* type = run_->format == "json"  ? "application/json"
                       : run_->format == "csv" ? "text/csv"
                                               : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    auto res = answer(http::status::ok, std::move(run_->body), type);
    if (run_->format != "json")
      res.set(http::field::content_disposition, "attachment; filename=\"sendtwin." + run_->format + "\"");
    res.set("X-Sendtwin-Run", run_->kept ? "kept" : "run");  // kept: the results of the same request a moment ago
    refuse(std::move(res));
  }
};

void accept(tcp::acceptor& acceptor, Shared& shared, net::steady_timer& pause) {
  acceptor.async_accept([&](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      // Out of file descriptors (or another transient failure): wait a little rather than spin.
      if (ec != net::error::operation_aborted) std::fprintf(stderr, "sendtwin serve: accept: %s\n", ec.message().c_str());
      pause.expires_after(std::chrono::milliseconds(100));
      pause.async_wait([&](beast::error_code) { accept(acceptor, shared, pause); });
      return;
    }
    // Small answers: without TCP_NODELAY, Nagle's algorithm and delayed ACKs add about 40 ms to each.
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    if (shared.connections.load() >= shared.options.max_connections) {
      // Over the cap: a short answer, sent without waiting (a new socket's buffer takes it), then closed.
      static const std::string busy = [] {
        const std::string body = R"({"error":"the server has too many connections; try again shortly"})";
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 5\r\nConnection: close\r\n"
               "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nContent-Security-Policy: default-src 'none'; "
               "frame-ancestors 'none'\r\nCache-Control: no-store\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body;
      }();
      socket.non_blocking(true, ignored);
      socket.write_some(net::buffer(busy), ignored);
      socket.shutdown(tcp::socket::shutdown_both, ignored);
      socket.close(ignored);
    } else {
      std::make_shared<Session>(std::move(socket), shared)->start();
    }
    accept(acceptor, shared, pause);
  });
}

}  // namespace

std::vector<scenario::Scenario> preset_scenarios() {
  const std::pair<const char*, std::string_view> files[] = {
      {"white-paper-2026.toml", data::embedded_white_paper_2026()},
      {"white-paper-2026-funding-only.toml", data::embedded_white_paper_2026_funding_only()},
      {"white-paper-2026-delayed.toml", data::embedded_white_paper_2026_delayed()},
      {"white-paper-2026-half-strict.toml", data::embedded_white_paper_2026_half_strict()},
      {"white-paper-2026-appeals.toml", data::embedded_white_paper_2026_appeals()}};
  std::vector<scenario::Scenario> out;
  for (const auto& [name, text] : files) out.push_back(scenario::parse_scenario(text, std::string("<embedded>/scenarios/") + name));
  return out;
}

void serve(const pipeline::RunPlan& spec, const ServeOptions& options, const std::function<void(int)>& ready,
           const report::GoalSources& published) {
  if (options.max_runs < 1) throw std::invalid_argument("serve: max_runs must be at least 1");
  if (options.max_connections < 1) throw std::invalid_argument("serve: max_connections must be at least 1");
  net::io_context io(1);
  net::thread_pool workers(static_cast<std::size_t>(options.max_runs));
  Shared shared(spec, options, io, workers, published);
  shared.page = std::string(data::embedded_dashboard_html());
  const std::string_view scripts = "<!--SCRIPTS-->", ids = "/*IDS*/{}";
  shared.page.replace(shared.page.find(scripts), scripts.size(), report::chart_library_scripts());
  const json chart_ids = {{"plans", std::string(measures::id::kEhcPlans)},
                          {"spend", std::string(measures::id::kHighNeedsSpend)},
                          {"allocation", std::string(measures::id::kHighNeedsAllocation)},
                          {"balance", std::string(measures::id::kCumulativeDsgBalance)}};
  shared.page.replace(shared.page.find(ids), ids.size(), dump(chart_ids));
  json las = json::array();
  for (const auto& a : spec.areas) las.push_back({{"code", a.code}, {"name", a.name}});
  std::sort(las.begin(), las.end(), [](const json& a, const json& b) { return a["name"] < b["name"]; });
  shared.las = dump(las);
  json levers = json::array();
  for (const auto& l : scenario::lever_table())
    levers.push_back({{"name", l.name}, {"label", l.label}, {"help", l.help}, {"local", scenario::acts_on_one_la(l)},
                      {"unit", l.unit}, {"lo", l.lo}, {"hi", l.hi},
                      {"neutral", std::isnan(l.neutral) ? json(nullptr) : json(l.neutral)}, {"meaning", l.meaning}});
  shared.levers = dump(levers);
  shared.presets = preset_scenarios();
  json presets = json::array();
  for (const auto& s : shared.presets) {
    json settings = json::array();
    for (const auto& l : s.levers)
      settings.push_back({{"name", l.name}, {"value", l.value}, {"from", l.from}, {"phase_years", l.phase_years}});
    presets.push_back({{"name", s.name}, {"description", s.description}, {"source", s.source}, {"levers", settings}});
  }
  shared.presets_json = dump(presets);

  tcp::acceptor acceptor(io);
  beast::error_code ec;
  const auto address = net::ip::make_address(options.host == "localhost" ? "127.0.0.1" : options.host, ec);
  if (ec) throw InputError("--host", 0, "", "\"" + options.host + "\" is not an IP address (127.0.0.1, ::1, 0.0.0.0) or localhost");
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(options.port));
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) throw InputError("--port", 0, "", "cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " + ec.message());
  shared.port = acceptor.local_endpoint().port();
  // The names a browser on this machine may use for the server; a page of another site resolving
  // its own name to this address (DNS rebinding) sends its own name, and is refused.
  const std::string port = std::to_string(shared.port);
  for (const std::string& name : {host_of(address), lower(options.host), std::string("localhost"), std::string("127.0.0.1"), std::string("[::1]")}) {
    shared.hosts.push_back(lower(name) + ":" + port);
    if (shared.port == 80) shared.hosts.push_back(lower(name));
  }
  net::steady_timer pause(io);
  accept(acceptor, shared, pause);
  if (ready) ready(shared.port);
  // No handler's exception may end the process: each is caught where it can be answered; one that
  // escapes is reported and the loop goes on.
  for (;;) {
    try {
      io.run();
      break;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "sendtwin serve: internal error: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "sendtwin serve: internal error\n");
    }
  }
}

}  // namespace sendtwin::server
