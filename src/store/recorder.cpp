#include "store/recorder.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace sendtwin::store {

namespace {

std::vector<std::string> g_arguments;  // the command line, set by main

// The run begun in a store and not yet finished: marked failed if the command throws.
struct PendingRun {
  std::string store;
  std::int64_t id = 0;
  std::chrono::steady_clock::time_point start;
};
std::optional<PendingRun> g_pending;

// A word as a POSIX shell reads it back.
std::string shell_quote(const std::string& word) {
  if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=/.,:@%") == std::string::npos)
    return word;
  std::string out = "'";
  for (const char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string store_path(const std::string& flag) {
  if (!flag.empty()) return flag;
  const char* env = std::getenv("SENDTWIN_STORE");
  return env ? env : "";
}

void set_command_line(const std::vector<std::string>& arguments) { g_arguments = arguments; }

std::string command_line() {
  std::string out = "sendtwin";
  for (std::size_t k = 1; k < g_arguments.size(); ++k) out += " " + shell_quote(g_arguments[k]);
  return out;
}

Recorder::Recorder(const std::string& store_flag, const std::function<RunStart()>& describe, bool quiet) : quiet_(quiet) {
  const std::string path = store_path(store_flag);
  if (path.empty()) return;
  store_.emplace(path);
  RunStart start = describe();
  start.arguments = command_line();
  id_ = store_->begin_run(start);
  g_pending = PendingRun{path, id_, start_};
}

void Recorder::file(const std::string& path) {
  if (!active()) return;
  std::string name = std::filesystem::path(path).filename().string();
  for (const auto& o : outputs_)
    if (o.name == name) name = path;
  outputs_.push_back(output_from_file(path, name));
}

void Recorder::text(const std::string& name, const std::string& text) {
  if (active()) outputs_.push_back(output_from_text(name, text));
}

void Recorder::finish() {
  if (!active()) return;
  store_->finish_run(id_, outputs_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  g_pending.reset();
  if (!quiet_) std::fprintf(stderr, "recorded as run %lld in %s\n", static_cast<long long>(id_), store_->path().c_str());
}

void fail_pending_run(const std::string& why) {
  if (!g_pending) return;
  const PendingRun p = *g_pending;
  g_pending.reset();
  try {
    RunStore(p.store).fail_run(p.id, std::chrono::duration<double>(std::chrono::steady_clock::now() - p.start).count(), why);
  } catch (const std::exception& e) {
    std::cerr << "sendtwin: could not record the failure of run " << p.id << " in " << p.store << ": " << e.what() << "\n";
  }
}

}  // namespace sendtwin::store
