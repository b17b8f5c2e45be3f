// The manifest of `sendtwin data pull` and the checksum it verifies with. The downloads themselves
// are tested end to end against a local HTTP server in tests/cli/cli_test.sh.
#include "data/pull.h"

#include <gtest/gtest.h>

#include "data/embedded.h"
#include "io/sha256.h"
#include "../support/input_error.h"

namespace sendtwin::data {
namespace {

// The InputError `action` throws has this file, line and field, and its message says `what`.
template <typename Action>
void ExpectInputError(Action action, const std::string& file, int line, const std::string& field, const std::string& what) {
  const auto e = test_support::input_error(action);
  ASSERT_TRUE(e.has_value()) << "no error";
  EXPECT_EQ(e->file(), file);
  EXPECT_EQ(e->line(), line);
  EXPECT_EQ(e->field(), field);
  EXPECT_NE(std::string(e->what()).find(what), std::string::npos) << e->what();
}

const std::string kHeader = "file,url,member,sha256,source\n";
const std::string kSha = std::string(64, 'a');

TEST(PullSha256, MatchesTheFips180KnownAnswers) {
  EXPECT_EQ(io::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(io::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(PullManifest, Embedded_ListsTheFilesARunReads) {
  const auto entries = parse_pull_manifest(embedded_pull_manifest(), kEmbeddedPullName);
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].file, "ehcp-2022/data/sen2_age_caseload.csv");
  EXPECT_EQ(entries[0].member, "data/sen2_age_caseload.csv");
  EXPECT_TRUE(entries[0].url.rfind("https://content.explore-education-statistics.service.gov.uk/", 0) == 0);
  EXPECT_TRUE(entries[3].url.empty());  // the DSG inputs are not an EES file
}

TEST(PullManifest, PathOutsideTheDirectory_IsAnError) {
  ExpectInputError([&] { parse_pull_manifest(kHeader + "../etc/passwd,,," + kSha + ",x\n", "m.csv"); }, "m.csv", 2,
                   "file", "not a path inside the data directory");
  ExpectInputError([&] { parse_pull_manifest(kHeader + "/etc/passwd,,," + kSha + ",x\n", "m.csv"); }, "m.csv", 2,
                   "file", "not a path inside the data directory");
}

TEST(PullManifest, BadChecksum_IsAnError) {
  ExpectInputError([&] { parse_pull_manifest(kHeader + "a.csv,,,abc,x\n", "m.csv"); }, "m.csv", 2, "sha256",
                   "not 64 lower-case hex digits");
}

TEST(PullManifest, UrlThatIsNotHttp_IsAnError) {
  ExpectInputError([&] { parse_pull_manifest(kHeader + "a.csv,ftp://x/a.csv,," + kSha + ",x\n", "m.csv"); }, "m.csv",
                   2, "url", "not an http:// or https:// address");
}

TEST(PullManifest, MissingColumn_IsAnError) {
  ExpectInputError([&] { parse_pull_manifest("file,url,member,source\na.csv,,,x\n", "m.csv"); }, "m.csv", 1, "sha256",
                   "missing column");
}

}  // namespace
}  // namespace sendtwin::data
