// The run store: its schema, the two transactions of a run, what list/show/diff report, a finish
// that fails midway leaving nothing, and a store read by another connection. The SIGKILL test is
// end to end in tests/cli/runs_cli_test.sh.
#include "store/run_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "io/sha256.h"
#include "../support/input_error.h"

namespace sendtwin::store {
namespace {

class RunStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sendtwin_store_" + std::to_string(::getpid()) + "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "runs.sqlite").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A query's single integer answer, through a connection of its own.
  long long scalar(const std::string& sql) const {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    long long v = -1;
    if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
  }

  static RunStart start(std::uint64_t seed, const std::string& params = "[a]\nx = 1\n") {
    RunStart s;
    s.command = "run";
    s.arguments = "sendtwin run --seed " + std::to_string(seed);
    s.params_text = params;
    s.params_name = "params.toml";
    s.data_hashes = io::sha256_hex("starts") + "  <embedded>/data/la/start_2015.csv\n";
    s.seed = seed;
    return s;
  }
  static OutputRecord output(const std::string& name, const std::string& content) {
    OutputRecord o;
    o.name = name;
    o.path = "out/" + name;
    o.sha256 = io::sha256_hex(content);
    o.bytes = static_cast<std::int64_t>(content.size());
    o.content = content;
    return o;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(RunStoreTest, CreatesItsSchemaOnceWithAVersion) {
  { RunStore s(path_); }
  EXPECT_EQ(scalar("SELECT version FROM schema_version"), RunStore::kSchemaVersion);
  EXPECT_EQ(scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('runs', 'outputs', 'schema_version')"), 3);
  { RunStore s(path_); }  // opening again neither fails nor adds a second version row
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_version"), 1);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_F(RunStoreTest, RefusesFilesThatAreNotRunStores) {
  EXPECT_NE(test_support::error_of([&] { RunStore s(path_, RunStore::Mode::existing); }).find("no such run store"), std::string::npos);
  std::ofstream(path_) << "not a database, just text that is long enough to be a header ........................\n";
  EXPECT_NE(test_support::error_of([&] { RunStore s(path_); }).find(path_), std::string::npos);
  std::filesystem::remove(path_);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE other(x)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_NE(test_support::error_of([&] { RunStore s(path_); }).find("not a sendtwin run store"), std::string::npos);
}

TEST_F(RunStoreTest, BeginAndFinishRoundTrip) {
  RunStore s(path_);
  const auto id = s.begin_run(start(7));
  {
    const auto r = s.show(id);
    EXPECT_EQ(r.status, "running");
    EXPECT_TRUE(r.finished.empty());
    EXPECT_FALSE(r.seconds.has_value());
    EXPECT_TRUE(r.outputs.empty());
  }
  s.finish_run(id, {output("scorecard.csv", "a,b\n1,2\n"), output("comparison.csv", "c\n3\n")}, 1.25);
  const auto r = s.show(id);
  EXPECT_EQ(r.status, "finished");
  EXPECT_FALSE(r.finished.empty());
  EXPECT_EQ(r.command, "run");
  EXPECT_EQ(r.arguments, "sendtwin run --seed 7");
  EXPECT_EQ(r.version, sendtwin_version());
  ASSERT_TRUE(r.seed.has_value());
  EXPECT_EQ(*r.seed, 7u);
  EXPECT_EQ(r.params_text, "[a]\nx = 1\n");
  EXPECT_EQ(r.params_sha256, io::sha256_hex("[a]\nx = 1\n"));
  EXPECT_EQ(r.data_hashes, io::sha256_hex("starts") + "  <embedded>/data/la/start_2015.csv\n");
  ASSERT_TRUE(r.seconds.has_value());
  EXPECT_DOUBLE_EQ(*r.seconds, 1.25);
  ASSERT_EQ(r.outputs.size(), 2u);
  EXPECT_EQ(r.outputs[0].name, "scorecard.csv");
  EXPECT_EQ(r.outputs[0].sha256, io::sha256_hex("a,b\n1,2\n"));
  EXPECT_EQ(r.outputs[0].bytes, 8);
  EXPECT_EQ(r.outputs[0].content.value_or(""), "a,b\n1,2\n");
  EXPECT_EQ(r.outputs[1].name, "comparison.csv");
  // A run finishes once.
  EXPECT_NE(test_support::error_of([&] { s.finish_run(id, {}, 1.0); }).find("is not a running run"), std::string::npos);
}

TEST_F(RunStoreTest, SeedsBeyondInt64RoundTrip) {
  RunStore s(path_);
  const auto id = s.begin_run(start(18446744073709551615ull));
  EXPECT_EQ(s.show(id).seed.value_or(0), 18446744073709551615ull);
}

TEST_F(RunStoreTest, FailedRunKeepsWhy) {
  RunStore s(path_);
  const auto id = s.begin_run(start(1));
  s.fail_run(id, 0.5, "x.toml:3: bad");
  const auto r = s.show(id);
  EXPECT_EQ(r.status, "failed");
  EXPECT_EQ(r.error, "x.toml:3: bad");
  EXPECT_NE(render_show(r).find("error:      x.toml:3: bad"), std::string::npos);
}

TEST_F(RunStoreTest, ListAndShowSayWhatWasRecorded) {
  RunStore s(path_);
  const auto a = s.begin_run(start(1));
  s.finish_run(a, {output("scorecard.csv", "x\n")}, 2.0);
  const auto b = s.begin_run(start(2));  // left running: a killed run looks like this
  const auto runs = s.list();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].id, a);
  EXPECT_EQ(runs[1].id, b);
  EXPECT_TRUE(runs[0].outputs.empty());  // list does not load outputs
  const std::string table = render_list(runs);
  EXPECT_NE(table.find("finished"), std::string::npos) << table;
  EXPECT_NE(table.find("killed or running"), std::string::npos) << table;
  EXPECT_NE(table.find("2.0"), std::string::npos) << table;
  const std::string shown = render_show(s.show(a));
  EXPECT_NE(shown.find(io::sha256_hex("[a]\nx = 1\n")), std::string::npos) << shown;
  EXPECT_NE(shown.find(io::sha256_hex("starts") + "  <embedded>/data/la/start_2015.csv"), std::string::npos) << shown;
  EXPECT_NE(shown.find("scorecard.csv  2 bytes  sha256 " + io::sha256_hex("x\n")), std::string::npos) << shown;
  EXPECT_NE(render_show(s.show(b)).find("outputs: none"), std::string::npos);
  const auto e = test_support::input_error([&] { s.show(99); });
  ASSERT_TRUE(e.has_value());
  EXPECT_NE(std::string(e->what()).find("no run 99"), std::string::npos);
}

TEST_F(RunStoreTest, DiffNamesWhatDiffers) {
  RunStore s(path_);
  const auto a = s.begin_run(start(1));
  s.finish_run(a, {output("scorecard.csv", "h\n1\n2\n3\n"), output("comparison.csv", "same\n"), output("a_only.csv", "")}, 1);
  const auto b = s.begin_run(start(2, "[a]\nx = 2\n"));
  s.finish_run(b, {output("scorecard.csv", "h\n1\n9\n3\n4\n"), output("comparison.csv", "same\n")}, 1);
  const std::string d = render_diff(s.show(a), s.show(b));
  EXPECT_NE(d.find("seed: differ\n    1: 1\n    2: 2"), std::string::npos) << d;
  EXPECT_NE(d.find("arguments: differ"), std::string::npos) << d;
  EXPECT_NE(d.find("parameters: differ"), std::string::npos) << d;
  EXPECT_NE(d.find("data: same (1 file(s))"), std::string::npos) << d;
  EXPECT_NE(d.find("scorecard.csv: differ"), std::string::npos) << d;
  EXPECT_NE(d.find("scorecard.csv: differ (8 -> 10 bytes)\n      2 of 5 line(s) differ; the first:\n"), std::string::npos) << d;
  EXPECT_NE(d.find("      line 3:\n        1: 2\n        2: 9\n"), std::string::npos) << d;
  EXPECT_NE(d.find("      line 5:\n        1: (no line)\n        2: 4\n"), std::string::npos) << d;
  EXPECT_NE(d.find("  parameters: differ"), std::string::npos) << d;
  EXPECT_NE(d.find("    1 of 2 line(s) differ; the first:\n    line 2:\n      1: x = 1\n      2: x = 2\n"), std::string::npos) << d;
  EXPECT_NE(d.find("comparison.csv: same"), std::string::npos) << d;
  EXPECT_NE(d.find("a_only.csv: only in 1"), std::string::npos) << d;
  EXPECT_NE(render_diff(s.show(a), s.show(a)).find("no differences"), std::string::npos);
}

TEST_F(RunStoreTest, DiffClipsLongLinesWithoutSplittingACharacter) {
  RunStore s(path_);
  const std::string long_a = std::string(159, 'x') + "\u2026tail-a\n", long_b = std::string(159, 'x') + "\u2026tail-b\n";
  const auto a = s.begin_run(start(1));
  s.finish_run(a, {output("c.csv", long_a)}, 1);
  const auto b = s.begin_run(start(1));
  s.finish_run(b, {output("c.csv", long_b)}, 1);
  const std::string d = render_diff(s.show(a), s.show(b));
  EXPECT_NE(d.find("        1: " + std::string(159, 'x') + "...\n"), std::string::npos) << d;
}

TEST_F(RunStoreTest, DiffLinesCountsByPosition) {
  const auto d = diff_lines("a\nb\nc\n", "a\nB\nc\nd\ne\n", 1);
  EXPECT_EQ(d.differing, 3u);
  ASSERT_EQ(d.first.size(), 1u);
  EXPECT_EQ(std::get<0>(d.first[0]), 2u);
  EXPECT_EQ(diff_lines("x\r\ny\n", "x\ny").differing, 0u);
}

TEST_F(RunStoreTest, AFinishThatFailsMidwayLeavesNothingOfIt) {
  RunStore s(path_);
  const auto id = s.begin_run(start(1));
  // The second output breaks the key (run_id, name) after the first has been inserted.
  const auto e = test_support::input_error(
      [&] { s.finish_run(id, {output("scorecard.csv", "a\n"), output("scorecard.csv", "b\n")}, 3.0); });
  ASSERT_TRUE(e.has_value());
  EXPECT_NE(std::string(e->what()).find("UNIQUE"), std::string::npos) << e->what();
  EXPECT_EQ(scalar("SELECT count(*) FROM outputs"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM runs WHERE status = 'running' AND finished IS NULL AND seconds IS NULL"), 1);
  // A bad hash (a CHECK constraint) after a good output: likewise nothing.
  auto bad = output("comparison.csv", "c\n");
  bad.sha256 = "not a hash";
  EXPECT_TRUE(test_support::input_error([&] { s.finish_run(id, {output("scorecard.csv", "a\n"), bad}, 3.0); }).has_value());
  EXPECT_EQ(scalar("SELECT count(*) FROM outputs"), 0);
  // Outputs of a run that does not exist break the foreign key.
  EXPECT_TRUE(test_support::input_error([&] { s.finish_run(id + 1, {output("x.csv", "")}, 1.0); }).has_value());
  EXPECT_EQ(scalar("SELECT count(*) FROM outputs"), 0);
  // And the run can still finish properly afterwards.
  s.finish_run(id, {output("scorecard.csv", "a\n")}, 3.0);
  EXPECT_EQ(scalar("SELECT count(*) FROM outputs"), 1);
  EXPECT_EQ(s.show(id).status, "finished");
  EXPECT_EQ(scalar("PRAGMA foreign_key_check"), -1);  // no rows: no orphans
}

TEST_F(RunStoreTest, AnotherConnectionSeesCommittedRuns) {
  RunStore writer(path_);
  const auto id = writer.begin_run(start(3));
  {
    RunStore reader(path_, RunStore::Mode::existing);
    ASSERT_EQ(reader.list().size(), 1u);
    EXPECT_EQ(reader.show(id).status, "running");
  }
  writer.finish_run(id, {output("scorecard.csv", "z\n")}, 4.0);
  RunStore reader(path_, RunStore::Mode::existing);
  EXPECT_EQ(reader.show(id).status, "finished");
  EXPECT_EQ(reader.show(id).outputs.size(), 1u);
  // The reader can write too: the ids go on from the writer's.
  const auto next = reader.begin_run(start(4));
  EXPECT_EQ(next, id + 1);
  EXPECT_EQ(writer.list().size(), 2u);
}

TEST(RunStoreOutputs, OutputFromFileHashesWhatIsOnDisk) {
  const auto dir = std::filesystem::temp_directory_path() / ("sendtwin_store_out_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream((dir / "a.csv").string()) << "m,v\n1,2\n";
  std::ofstream((dir / "r.html").string()) << "<html></html>";
  const auto csv = output_from_file((dir / "a.csv").string(), "a.csv");
  EXPECT_EQ(csv.sha256, io::sha256_hex("m,v\n1,2\n"));
  EXPECT_EQ(csv.bytes, 8);
  EXPECT_EQ(csv.content.value_or(""), "m,v\n1,2\n");
  const auto html = output_from_file((dir / "r.html").string(), "r.html");
  EXPECT_FALSE(html.content.has_value());  // only text outputs are kept in full
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sendtwin::store
