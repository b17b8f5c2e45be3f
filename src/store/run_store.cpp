#include "store/run_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "core/error.h"
#include "io/input_file.h"
#include "io/sha256.h"

#ifndef SENDTWIN_VERSION
#error "SENDTWIN_VERSION must be defined by the build (CMake's project VERSION)"
#endif

namespace sendtwin::store {

std::string sendtwin_version() { return SENDTWIN_VERSION; }

namespace {

// A prepared statement, finalized when it goes out of scope.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::string& path) : db_(db), path_(path) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      const std::string message = sqlite3_errmsg(db);
      sqlite3_finalize(stmt_);
      stmt_ = nullptr;
      throw InputError(path_, 0, "", "run store: " + message);
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int k, const std::string& text) { check(sqlite3_bind_text(stmt_, k, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT)); }
  void bind(int k, std::int64_t v) { check(sqlite3_bind_int64(stmt_, k, v)); }
  void bind(int k, double v) { check(sqlite3_bind_double(stmt_, k, v)); }
  void bind_null(int k) { check(sqlite3_bind_null(stmt_, k)); }
  void bind_blob(int k, const std::string& bytes) {
    check(sqlite3_bind_blob64(stmt_, k, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
  }
  // True while there is a row.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw InputError(path_, 0, "", std::string("run store: ") + sqlite3_errmsg(db_));
  }
  bool is_null(int k) const { return sqlite3_column_type(stmt_, k) == SQLITE_NULL; }
  std::string text(int k) const {
    const auto* p = sqlite3_column_blob(stmt_, k);
    const int n = sqlite3_column_bytes(stmt_, k);
    return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
  }
  std::int64_t int64(int k) const { return sqlite3_column_int64(stmt_, k); }
  double real(int k) const { return sqlite3_column_double(stmt_, k); }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw InputError(path_, 0, "", std::string("run store: ") + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  const std::string& path_;
};

// BEGIN IMMEDIATE ... COMMIT; rolled back unless committed.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("cannot begin a transaction: ") + sqlite3_errmsg(db_));
  }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("cannot commit: ") + sqlite3_errmsg(db_));
    done_ = true;
  }

 private:
  sqlite3* db_;
  bool done_ = false;
};

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS runs(
  id INTEGER PRIMARY KEY,
  started TEXT NOT NULL,
  finished TEXT,
  status TEXT NOT NULL CHECK(status IN ('running', 'finished', 'failed')),
  command TEXT NOT NULL,
  arguments TEXT NOT NULL,
  version TEXT NOT NULL,
  seed INTEGER,
  params_name TEXT NOT NULL,
  params_sha256 TEXT NOT NULL CHECK(length(params_sha256) = 64),
  params_text TEXT NOT NULL,
  data_hashes TEXT NOT NULL,
  seconds REAL,
  error TEXT,
  CHECK((status = 'running') = (finished IS NULL)));
CREATE TABLE IF NOT EXISTS outputs(
  run_id INTEGER NOT NULL REFERENCES runs(id),
  name TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK(length(sha256) = 64),
  bytes INTEGER NOT NULL CHECK(bytes >= 0),
  content BLOB,
  PRIMARY KEY(run_id, name));
)sql";

constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

std::int64_t seed_to_sql(std::uint64_t seed) {
  std::int64_t v;
  std::memcpy(&v, &seed, sizeof v);
  return v;
}
std::uint64_t seed_from_sql(std::int64_t v) {
  std::uint64_t seed;
  std::memcpy(&seed, &v, sizeof seed);
  return seed;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    std::string line = s.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(std::move(line));
    start = end + 1;
  }
  return out;
}

// At most about n bytes of s, never cutting a UTF-8 character in two.
std::string clip(const std::string& s, std::size_t n = 160) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n) + "...";
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

OutputRecord output_from_file(const std::string& path, const std::string& name) {
  // An output may be a workbook (binary) and larger than an input.
  const std::string bytes = io::read_file_bytes(path, std::size_t{2} << 30);
  OutputRecord r;
  r.name = name;
  r.path = path;
  r.sha256 = io::sha256_hex(bytes);
  r.bytes = static_cast<std::int64_t>(bytes.size());
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".csv" || ext == ".toml" || ext == ".txt") r.content = bytes;
  return r;
}

OutputRecord output_from_text(const std::string& name, const std::string& text) {
  OutputRecord r;
  r.name = name;
  r.path = "-";
  r.sha256 = io::sha256_hex(text);
  r.bytes = static_cast<std::int64_t>(text.size());
  r.content = text;
  return r;
}

std::string hash_line(const std::string& name, std::string_view bytes) { return io::sha256_hex(bytes) + "  " + name + "\n"; }

std::string file_hash_line(const std::string& path) { return hash_line(path, io::read_text_file(path)); }

std::string data_dir_hash_lines(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir, 0, "--data", "is not a directory");
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it); it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".csv") files.push_back(it->path().string());
  if (ec) throw InputError(dir, 0, "--data", "cannot list the directory: " + ec.message());
  std::sort(files.begin(), files.end());
  std::string out;
  for (const auto& f : files) out += file_hash_line(f);
  return out;
}

RunStore::RunStore(const std::string& path, Mode mode) : path_(path) {
  if (path.empty()) throw InputError("--store", 0, "", "give the run store's file");
  std::error_code ec;
  if (mode == Mode::existing && !std::filesystem::exists(path, ec))
    throw InputError(path, 0, "", "no such run store (a run with --store FILE creates it)");
  // A device, FIFO or directory is no database: SQLite would write into it or wait on it.
  const auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw InputError(path, 0, "--store", "is not a regular file: a run store is an SQLite file; give a new file name");
  const int flags = SQLITE_OPEN_READWRITE | (mode == Mode::create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw InputError(path, 0, "", "cannot open the run store: " + message);
  }
  try {
    sqlite3_busy_timeout(db_, 10000);
    sqlite3_extended_result_codes(db_, 1);
    exec("PRAGMA foreign_keys = ON");
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = FULL");
    bool has_version = false, has_tables = false;
    {
      Statement s(db_, "SELECT name FROM sqlite_master WHERE type = 'table'", path_);
      while (s.step()) {
        has_tables = true;
        if (s.text(0) == "schema_version") has_version = true;
      }
    }
    if (has_tables && !has_version) throw InputError(path_, 0, "", "is an SQLite database but not a sendtwin run store");
    if (!has_version) {
      if (mode == Mode::existing) throw InputError(path_, 0, "", "is not a sendtwin run store");
      Transaction t(db_);
      exec(kSchema);
      Statement count(db_, "SELECT count(*) FROM schema_version", path_);
      count.step();
      if (count.int64(0) == 0) {
        Statement insert(db_, "INSERT INTO schema_version(version) VALUES (?)", path_);
        insert.bind(1, static_cast<std::int64_t>(kSchemaVersion));
        insert.step();
      }
      t.commit();
    }
    Statement version(db_, "SELECT version FROM schema_version", path_);
    if (!version.step() || version.int64(0) != kSchemaVersion)
      throw InputError(path_, 0, "schema_version",
                       "the store's schema is not version " + std::to_string(kSchemaVersion) + " (written by another sendtwin?)");
  } catch (const std::runtime_error& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    if (dynamic_cast<const InputError*>(&e)) throw;
    throw InputError(path_, 0, "", std::string("run store: ") + e.what());
  }
}

RunStore::~RunStore() { sqlite3_close(db_); }

void RunStore::exec(const char* sql) const {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    fail(message);
  }
}

void RunStore::fail(const std::string& what) const { throw InputError(path_, 0, "", "run store: " + what); }

std::int64_t RunStore::begin_run(const RunStart& start) {
  Transaction t(db_);
  Statement s(db_,
              (std::string("INSERT INTO runs(started, status, command, arguments, version, seed, params_name, params_sha256, "
                           "params_text, data_hashes) VALUES (") +
               kNow + ", 'running', ?, ?, ?, ?, ?, ?, ?, ?)")
                  .c_str(),
              path_);
  s.bind(1, start.command);
  s.bind(2, start.arguments);
  s.bind(3, sendtwin_version());
  if (start.seed) s.bind(4, seed_to_sql(*start.seed));
  else s.bind_null(4);
  s.bind(5, start.params_name);
  s.bind(6, io::sha256_hex(start.params_text));
  s.bind(7, start.params_text);
  s.bind(8, start.data_hashes);
  s.step();
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  t.commit();
  return id;
}

void RunStore::finish_run(std::int64_t id, const std::vector<OutputRecord>& outputs, double seconds) {
  Transaction t(db_);
  {
    for (const auto& o : outputs) {
      Statement insert(db_, "INSERT INTO outputs(run_id, name, path, sha256, bytes, content) VALUES (?, ?, ?, ?, ?, ?)", path_);
      insert.bind(1, id);
      insert.bind(2, o.name);
      insert.bind(3, o.path);
      insert.bind(4, o.sha256);
      insert.bind(5, o.bytes);
      if (o.content) insert.bind_blob(6, *o.content);
      else insert.bind_null(6);
      insert.step();
    }
  }
  Statement s(db_, (std::string("UPDATE runs SET status = 'finished', finished = ") + kNow +
                    ", seconds = ? WHERE id = ? AND status = 'running'").c_str(),
              path_);
  s.bind(1, seconds);
  s.bind(2, id);
  s.step();
  if (sqlite3_changes(db_) != 1) fail("run " + std::to_string(id) + " is not a running run");
  t.commit();
}

void RunStore::fail_run(std::int64_t id, double seconds, const std::string& error) {
  Transaction t(db_);
  Statement s(db_, (std::string("UPDATE runs SET status = 'failed', finished = ") + kNow +
                    ", seconds = ?, error = ? WHERE id = ? AND status = 'running'").c_str(),
              path_);
  s.bind(1, seconds);
  s.bind(2, error);
  s.bind(3, id);
  s.step();
  if (sqlite3_changes(db_) != 1) fail("run " + std::to_string(id) + " is not a running run");
  t.commit();
}

namespace {
constexpr const char* kRunColumns =
    "id, started, finished, status, command, arguments, version, seed, params_name, params_sha256, params_text, "
    "data_hashes, seconds, error";
RunRecord read_run(const Statement& s) {
  RunRecord r;
  r.id = s.int64(0);
  r.started = s.text(1);
  r.finished = s.text(2);
  r.status = s.text(3);
  r.command = s.text(4);
  r.arguments = s.text(5);
  r.version = s.text(6);
  if (!s.is_null(7)) r.seed = seed_from_sql(s.int64(7));
  r.params_name = s.text(8);
  r.params_sha256 = s.text(9);
  r.params_text = s.text(10);
  r.data_hashes = s.text(11);
  if (!s.is_null(12)) r.seconds = s.real(12);
  r.error = s.text(13);
  return r;
}
}  // namespace

std::vector<RunRecord> RunStore::list() const {
  Statement s(db_, (std::string("SELECT ") + kRunColumns + " FROM runs ORDER BY id").c_str(), path_);
  std::vector<RunRecord> out;
  while (s.step()) out.push_back(read_run(s));
  return out;
}

RunRecord RunStore::show(std::int64_t id) const {
  // One read transaction, so that the run and its outputs are from the same moment.
  exec("BEGIN");
  try {
    RunRecord r;
    {
      Statement s(db_, (std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?").c_str(), path_);
      s.bind(1, id);
      if (!s.step()) throw InputError(path_, 0, "ID", "no run " + std::to_string(id) + " in the store (see `sendtwin runs list`)");
      r = read_run(s);
    }
    Statement o(db_, "SELECT name, path, sha256, bytes, content FROM outputs WHERE run_id = ? ORDER BY rowid", path_);
    o.bind(1, id);
    while (o.step()) {
      OutputRecord out;
      out.name = o.text(0);
      out.path = o.text(1);
      out.sha256 = o.text(2);
      out.bytes = o.int64(3);
      if (!o.is_null(4)) out.content = o.text(4);
      r.outputs.push_back(std::move(out));
    }
    exec("COMMIT");
    return r;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::string status_label(const std::string& status) { return status == "running" ? "killed or running" : status; }

std::string render_list(const std::vector<RunRecord>& runs) {
  std::ostringstream out;
  char line[512];
  std::snprintf(line, sizeof line, "%5s  %-24s  %-10s  %-17s  %9s  %s\n", "id", "started (UTC)", "command", "status", "seconds", "seed");
  out << line;
  for (const auto& r : runs) {
    std::snprintf(line, sizeof line, "%5lld  %-24s  %-10s  %-17s  %9s  %s\n", static_cast<long long>(r.id), r.started.c_str(),
                  r.command.c_str(), status_label(r.status).c_str(), r.seconds ? fixed(*r.seconds, 1).c_str() : "-",
                  r.seed ? std::to_string(*r.seed).c_str() : "-");
    out << line;
  }
  if (runs.empty()) out << "(no runs)\n";
  return out.str();
}

std::string render_show(const RunRecord& r) {
  std::ostringstream out;
  out << "run " << r.id << "\n";
  out << "  command:    " << r.command << "\n";
  out << "  arguments:  " << r.arguments << "\n";
  out << "  status:     " << status_label(r.status) << "\n";
  if (!r.error.empty()) out << "  error:      " << r.error << "\n";
  out << "  started:    " << r.started << "\n";
  out << "  finished:   " << (r.finished.empty() ? "-" : r.finished) << "\n";
  out << "  seconds:    " << (r.seconds ? fixed(*r.seconds, 2) : "-") << "\n";
  out << "  version:    " << r.version << "\n";
  out << "  seed:       " << (r.seed ? std::to_string(*r.seed) : "-") << "\n";
  out << "  parameters: " << r.params_name << " (sha256 " << r.params_sha256 << ", " << r.params_text.size() << " bytes)\n";
  out << "  data (sha256, as sha256sum prints):\n";
  for (const auto& l : split_lines(r.data_hashes)) out << "    " << l << "\n";
  out << "  outputs:" << (r.outputs.empty() ? " none" : "") << "\n";
  for (const auto& o : r.outputs)
    out << "    " << o.name << "  " << o.bytes << " bytes  sha256 " << o.sha256 << "  " << o.path
        << (o.content ? "  (stored in full)" : "") << "\n";
  return out.str();
}

LineDiff diff_lines(const std::string& a, const std::string& b, std::size_t keep) {
  const auto la = split_lines(a), lb = split_lines(b);
  LineDiff d;
  const std::size_t n = std::max(la.size(), lb.size());
  for (std::size_t k = 0; k < n; ++k) {
    const std::string* x = k < la.size() ? &la[k] : nullptr;
    const std::string* y = k < lb.size() ? &lb[k] : nullptr;
    if (x && y && *x == *y) continue;
    ++d.differing;
    if (d.first.size() < keep) d.first.emplace_back(k + 1, x ? *x : "(no line)", y ? *y : "(no line)");
  }
  return d;
}

std::string render_diff(const RunRecord& a, const RunRecord& b) {
  std::ostringstream out;
  const std::string ia = std::to_string(a.id), ib = std::to_string(b.id);
  int differences = 0;
  out << "runs " << ia << " and " << ib << "\n";
  auto field = [&](const char* name, const std::string& x, const std::string& y) {
    if (x == y) {
      out << "  " << name << ": same (" << clip(x) << ")\n";
    } else {
      ++differences;
      out << "  " << name << ": differ\n    " << ia << ": " << clip(x) << "\n    " << ib << ": " << clip(y) << "\n";
    }
  };
  auto lines = [&](const std::string& x, const std::string& y, const std::string& pad) {
    const auto d = diff_lines(x, y);
    out << pad << d.differing << " of " << std::max(split_lines(x).size(), split_lines(y).size()) << " line(s) differ"
        << (d.first.empty() ? "" : "; the first:") << "\n";
    for (const auto& [line, p, q] : d.first)
      out << pad << "line " << line << ":\n" << pad << "  " << ia << ": " << clip(p) << "\n" << pad << "  " << ib << ": " << clip(q) << "\n";
  };
  field("command", a.command, b.command);
  field("arguments", a.arguments, b.arguments);
  field("version", a.version, b.version);
  field("seed", a.seed ? std::to_string(*a.seed) : "-", b.seed ? std::to_string(*b.seed) : "-");
  field("status", status_label(a.status), status_label(b.status));
  if (a.params_sha256 == b.params_sha256) {
    out << "  parameters: same (sha256 " << a.params_sha256 << ")\n";
  } else {
    ++differences;
    out << "  parameters: differ (" << ia << ": " << a.params_name << ", sha256 " << a.params_sha256 << "; " << ib << ": "
        << b.params_name << ", sha256 " << b.params_sha256 << ")\n";
    lines(a.params_text, b.params_text, "    ");
  }
  // Data files: by name.
  auto data_map = [](const std::string& hashes) {
    std::map<std::string, std::string> m;
    for (const auto& l : split_lines(hashes)) {
      const auto space = l.find("  ");
      if (space == std::string::npos) continue;
      m[l.substr(space + 2)] = l.substr(0, space);
    }
    return m;
  };
  const auto da = data_map(a.data_hashes), db = data_map(b.data_hashes);
  if (da == db) {
    out << "  data: same (" << da.size() << " file(s))\n";
  } else {
    ++differences;
    out << "  data: differ\n";
    std::set<std::string> names;
    for (const auto& [k, v] : da) names.insert(k);
    for (const auto& [k, v] : db) names.insert(k);
    for (const auto& name : names) {
      const auto x = da.find(name), y = db.find(name);
      if (x == da.end()) out << "    " << name << ": only in " << ib << "\n";
      else if (y == db.end()) out << "    " << name << ": only in " << ia << "\n";
      else if (x->second != y->second) out << "    " << name << ": " << x->second << " -> " << y->second << "\n";
    }
  }
  // Outputs: by name.
  std::vector<std::string> names;
  for (const auto& o : a.outputs) names.push_back(o.name);
  for (const auto& o : b.outputs)
    if (std::find(names.begin(), names.end(), o.name) == names.end()) names.push_back(o.name);
  out << "  outputs:" << (names.empty() ? " none in either" : "") << "\n";
  for (const auto& name : names) {
    auto find = [&](const RunRecord& r) -> const OutputRecord* {
      for (const auto& o : r.outputs)
        if (o.name == name) return &o;
      return nullptr;
    };
    const OutputRecord *x = find(a), *y = find(b);
    if (!y) {
      ++differences;
      out << "    " << name << ": only in " << ia << "\n";
    } else if (!x) {
      ++differences;
      out << "    " << name << ": only in " << ib << "\n";
    } else if (x->sha256 == y->sha256) {
      out << "    " << name << ": same (sha256 " << x->sha256 << ")\n";
    } else {
      ++differences;
      out << "    " << name << ": differ (" << x->bytes << " -> " << y->bytes << " bytes)\n";
      if (x->content && y->content) lines(*x->content, *y->content, "      ");
    }
  }
  out << (differences == 0 ? "no differences\n" : std::to_string(differences) + " difference(s)\n");
  return out.str();
}

}  // namespace sendtwin::store
