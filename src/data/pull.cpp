#include "data/pull.h"

#include <httplib.h>
#include <zip.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "core/error.h"
#include "data/csv.h"
#include "io/atomic_file.h"
#include "io/sha256.h"

namespace sendtwin::data {

namespace {

// "https://host:port/a/b?c" -> {"https://host:port", "/a/b?c"}.
std::pair<std::string, std::string> split_url(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) throw InputError(url, 0, "url", "not an http:// or https:// address");
  const auto path = url.find('/', scheme + 3);
  if (path == std::string::npos) return {url, "/"};
  return {url.substr(0, path), url.substr(path)};
}

std::string fetch(const std::string& url, const std::string& file) {
  const auto [host, path] = split_url(url);
  httplib::Client client(host);
  client.set_follow_location(true);
  client.set_connection_timeout(30);
  client.set_read_timeout(300);
  const auto result = client.Get(path);
  if (!result) throw InputError(url, 0, file, "cannot connect: " + httplib::to_string(result.error()));
  if (result->status != 200) throw InputError(url, 0, file, "HTTP " + std::to_string(result->status));
  return result->body;
}

bool is_zip(const std::string& bytes) { return bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0; }

std::string zip_member(const std::string& zip_bytes, const std::string& member, const std::string& url,
                       const std::string& file) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
  if (!source) throw InputError(url, 0, file, std::string("cannot read the ZIP: ") + zip_error_strerror(&error));
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!archive) {
    zip_source_free(source);
    const std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw InputError(url, 0, file, "cannot open the ZIP: " + message);
  }
  std::unique_ptr<zip_t, decltype(&zip_discard)> owner(archive, &zip_discard);
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive, member.c_str(), 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
    throw InputError(url, 0, file, "no member " + member + " in the ZIP");
  zip_file_t* entry = zip_fopen(archive, member.c_str(), 0);
  if (!entry) throw InputError(url, 0, file, "cannot open " + member + " in the ZIP");
  std::string bytes(static_cast<std::size_t>(stat.size), '\0');
  const zip_int64_t read = zip_fread(entry, bytes.data(), stat.size);
  zip_fclose(entry);
  if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size)
    throw InputError(url, 0, file, "cannot read " + member + " from the ZIP");
  return bytes;
}

bool safe_relative(const std::string& path) {
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string::npos) return false;
  for (const auto& part : std::filesystem::path(path))
    if (part == "..") return false;
  return true;
}

}  // namespace

std::vector<PullEntry> parse_pull_manifest(std::string_view csv_text, const std::string& source_name) {
  const CsvTable t = CsvTable::parse(csv_text, source_name);
  const std::size_t file = t.require_column("file"), url = t.require_column("url"), member = t.require_column("member"),
                    sha = t.require_column("sha256"), source = t.require_column("source");
  std::vector<PullEntry> entries;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    PullEntry e{std::string(trim_blanks(t.cell(r, file))), std::string(trim_blanks(t.cell(r, url))),
                std::string(trim_blanks(t.cell(r, member))), std::string(trim_blanks(t.cell(r, sha))),
                std::string(t.cell(r, source))};
    if (!safe_relative(e.file))
      throw InputError(source_name, t.line(r), "file", quote_for_message(e.file) + " is not a path inside the data directory");
    if (e.sha256.size() != 64 || e.sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
      throw InputError(source_name, t.line(r), "sha256", quote_for_message(e.sha256) + " is not 64 lower-case hex digits");
    if (!e.url.empty() && e.url.rfind("http://", 0) != 0 && e.url.rfind("https://", 0) != 0)
      throw InputError(source_name, t.line(r), "url", quote_for_message(e.url) + " is not an http:// or https:// address");
    entries.push_back(std::move(e));
  }
  return entries;
}

PullReport pull(const std::vector<PullEntry>& entries, const std::string& dir, const std::string& from,
                const std::function<void(const std::string&)>& log) {
  PullReport report;
  // The files are checked before anything is downloaded, and written together once all arrived.
  io::OutputSet outputs;
  std::vector<std::string> dirs = {dir};
  for (const auto& e : entries) {
    if (from.empty() && e.url.empty()) continue;
    std::vector<std::string> above;  // the file's directories under `dir`, outermost first
    for (auto p = std::filesystem::path(e.file).parent_path(); !p.empty(); p = p.parent_path())
      above.insert(above.begin(), (std::filesystem::path(dir) / p).string());
    for (const auto& d : above)
      if (std::find(dirs.begin(), dirs.end(), d) == dirs.end()) dirs.push_back(d);
  }
  for (const auto& d : dirs) outputs.directory(d, "DIR");
  for (const auto& e : entries)
    if (!from.empty() || !e.url.empty()) outputs.file((std::filesystem::path(dir) / e.file).string(), "DIR");
  std::map<std::string, std::string> downloaded;  // url -> body, so that a ZIP is fetched once
  std::vector<std::pair<std::string, std::string>> files;  // path, bytes: written when all arrived
  for (const auto& e : entries) {
    std::string url;
    if (!from.empty()) url = (from.back() == '/' ? from : from + "/") + e.file;
    else if (!e.url.empty()) url = e.url;
    if (url.empty()) {
      report.not_published.push_back(e.file);
      if (log) log(e.file + ": not published as a file to download (" + e.source + ")");
      continue;
    }
    auto it = downloaded.find(url);
    if (it == downloaded.end()) it = downloaded.emplace(url, fetch(url, e.file)).first;
    const bool from_zip = from.empty() && !e.member.empty();
    if (from_zip && !is_zip(it->second)) throw InputError(url, 0, e.file, "expected a ZIP of the release's files");
    std::string bytes = from_zip ? zip_member(it->second, e.member, url, e.file) : it->second;
    const std::string sha = io::sha256_hex(bytes);
    if (sha != e.sha256) report.differ.push_back(e.file);
    if (log)
      log(e.file + ": " + std::to_string(bytes.size()) + " bytes from " + url + (from_zip ? " (" + e.member + ")" : "") +
          (sha == e.sha256 ? ", SHA-256 as recorded" : ", differs from the recorded copy (SHA-256 " + sha + ")"));
    files.emplace_back((std::filesystem::path(dir) / e.file).string(), std::move(bytes));
  }
  for (const auto& [path, bytes] : files) {
    outputs.stage(path, bytes);
    report.written.push_back(path);
  }
  outputs.publish();
  return report;
}

}  // namespace sendtwin::data
