// Reference-output regression, like OpenM++'s test_models.pl (STYLE.md §6): a small fixed run
// (seed 1, scale 0.01, January 2015 to December 2019, one replicate, one thread), rendered with
// report::tidy_csv, is compared value by value with tests/model/golden/small_run.csv.
//
// Tolerance: relative 1e-9 (absolute 1e-9 near zero). A run is a pure function of parameters, seed
// and scale, and the thread count cannot change it, so for the same build and parameters the
// values should be exactly equal; the tolerance is there only so that a value printed differently
// but equal (e.g. "5" and "5.0") is not a failure. Any change in the model, its
// parameters (data/params/send.toml) or the measures moves this file: when that is intended,
// regenerate it ON PURPOSE and review the diff of the CSV before committing it:
//
//   SENDTWIN_REGENERATE_GOLDEN=1 ./build/sendtwin_tests --gtest_filter='ModelGolden.*'
//
// With SENDTWIN_REGENERATE_GOLDEN=1 the test writes the file and skips (GTEST_SKIP), so a
// regeneration can never pass for a check.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>

#include "data/csv.h"
#include "data/embedded.h"
#include "data/send_params.h"
#include "io/atomic_file.h"
#include "model/send/send_run.h"
#include "report/results.h"

#ifndef SENDTWIN_SOURCE_DIR
#error "SENDTWIN_SOURCE_DIR must name the source tree (CMakeLists.txt defines it for the tests)"
#endif

namespace sendtwin::model {
namespace {

constexpr double kRelativeTolerance = 1e-9;

std::string golden_path() { return std::string(SENDTWIN_SOURCE_DIR) + "/tests/model/golden/small_run.csv"; }

std::string small_run_csv() {
  const SendParams params = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  SendRunConfig config;
  config.start_year = 2015;  // the LA table's first January
  config.seed = 1;
  config.replicates = 1;
  config.threads = 1;
  config.scale = 0.01;
  config.to = Month(2019, 12);
  const auto run = run_send(params, config);
  return report::tidy_csv(report::collect(run, 2015, 2019), "golden");
}

bool regenerating() {
  const char* v = std::getenv("SENDTWIN_REGENERATE_GOLDEN");
  return v && std::string(v) == "1";
}

// Key: every column but `value`.
using Key = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string, std::string>;
std::map<Key, double> by_key(const data::CsvTable& t) {
  std::map<Key, double> out;
  const std::size_t measure = t.require_column("measure"), geography = t.require_column("geography"),
                    code = t.require_column("code"), period = t.require_column("period"),
                    value = t.require_column("value"), unit = t.require_column("unit"),
                    scenario = t.require_column("scenario"), replicate = t.require_column("replicate");
  for (std::size_t r = 0; r < t.rows(); ++r) {
    Key k{std::string(t.cell(r, measure)), std::string(t.cell(r, geography)), std::string(t.cell(r, code)),
          std::string(t.cell(r, period)),  std::string(t.cell(r, unit)),      std::string(t.cell(r, scenario)),
          std::string(t.cell(r, replicate))};
    const bool fresh = out.emplace(std::move(k), t.number(r, value)).second;
    EXPECT_TRUE(fresh) << t.source() << ":" << t.line(r) << ": repeated row";
  }
  return out;
}

std::string describe(const Key& k) { return std::get<0>(k) + " " + std::get<3>(k) + " replicate " + std::get<6>(k); }

TEST(ModelGolden, SmallRun_MatchesTheGoldenFile) {
  const std::string csv = small_run_csv();
  if (regenerating()) {
    io::write_file_atomically(golden_path(), csv);
    GTEST_SKIP() << "SENDTWIN_REGENERATE_GOLDEN=1: wrote " << golden_path() << "; review its diff";
  }
  std::ifstream in(golden_path(), std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << golden_path()
                  << "; generate it with SENDTWIN_REGENERATE_GOLDEN=1 (see the top of golden_test.cpp)";
  std::stringstream text;
  text << in.rdbuf();
  const auto golden = by_key(data::CsvTable::parse(text.str(), golden_path()));
  const auto now = by_key(data::CsvTable::parse(csv, "this run"));
  ASSERT_GT(golden.size(), 0u);

  int differences = 0;
  for (const auto& [key, expected] : golden) {
    const auto it = now.find(key);
    if (it == now.end()) {
      ADD_FAILURE() << describe(key) << ": in the golden file, not in this run";
      ++differences;
      continue;
    }
    const double tolerance = kRelativeTolerance * std::max(1.0, std::abs(expected));
    if (std::abs(it->second - expected) > tolerance) {
      ADD_FAILURE() << describe(key) << ": golden " << expected << ", this run " << it->second;
      ++differences;
    }
  }
  for (const auto& [key, value] : now)
    if (!golden.count(key)) {
      ADD_FAILURE() << describe(key) << " = " << value << ": in this run, not in the golden file";
      ++differences;
    }
  EXPECT_EQ(differences, 0) << "the small run no longer matches " << golden_path()
                            << "; if the change is intended, regenerate it (see the top of golden_test.cpp)";
}

}  // namespace
}  // namespace sendtwin::model
