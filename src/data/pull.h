// `sendtwin data pull DIR`: fetches the DfE files a run with `--data DIR` reads (the manifest
// data/la/pull.csv: each file's place under DIR, where it is published, and the SHA-256 of the copy
// the embedded LA table was built from).
//
// From the public service, a file is a member of its release's all-files ZIP on
// explore-education-statistics (fetched once for all the files it holds); `--from BASE` fetches
// BASE/<file> instead, from any mirror laid out like ../shared/data/dfe (and, in the tests, from a
// local HTTP server on 127.0.0.1). Each file is written to a temporary name and renamed, only once
// every file has arrived; a file that differs from the recorded copy is kept, with a warning (DfE
// revises its releases), and the reader then checks that the files give every LA's start.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sendtwin::data {

struct PullEntry {
  std::string file;    // path under the data directory, "ehcp-2022/data/sen2_mi.csv"
  std::string url;     // where DfE publishes it; "" if nowhere as a file to download
  std::string member;  // the member of the ZIP at `url`, "" if `url` is the file itself
  std::string sha256;  // of the copy the embedded table was built from (lower-case hex)
  std::string source;
};

// Parses the manifest; InputError for a missing column, an empty file path, a path that leaves the
// data directory ("..", absolute) or a checksum that is not 64 hex digits.
std::vector<PullEntry> parse_pull_manifest(std::string_view csv_text, const std::string& source_name);

struct PullReport {
  std::vector<std::string> written;        // files written under the directory
  std::vector<std::string> differ;         // written, but not the recorded copy
  std::vector<std::string> not_published;  // no URL and no --from: the user supplies them
};

// Fetches every entry into `dir` (created if missing). `from` empty: each entry's own URL; else
// `from` + "/" + file. Throws InputError(url, 0, file, "HTTP 404" / "cannot connect: ..." / "no member
// ... in the ZIP") on the first failure, having written nothing. `log` gets a line per file.
PullReport pull(const std::vector<PullEntry>& entries, const std::string& dir, const std::string& from,
                const std::function<void(const std::string&)>& log = {});

}  // namespace sendtwin::data
