// Promises of reproducibility (DESIGN.md §2 "Engine", engine/simulation.h, engine/rng.h): a run is
// a pure function of (parameters, seed, replicate, scale, horizon). Chunks have a fixed size, every
// chunk has its own scratch and they are combined in chunk order, so the thread count cannot
// change a single count. Every field of every YearTally is compared.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "data/embedded.h"
#include "data/la_start.h"
#include "data/send_params.h"
#include "model/send/send_run.h"

namespace sendtwin::model {
namespace {

// Census and Flows hold only 64-bit counters: no padding, so comparing bytes compares every field,
// including fields added later.
static_assert(std::has_unique_object_representations_v<Census>);
static_assert(std::has_unique_object_representations_v<Flows>);

bool same(const YearTally& a, const YearTally& b) {
  return a.year == b.year && a.has_census == b.has_census && a.full_year == b.full_year &&
         std::memcmp(&a.census, &b.census, sizeof(Census)) == 0 && std::memcmp(&a.flows, &b.flows, sizeof(Flows)) == 0;
}

// A readable dump of the fields, for failure messages.
template <class Array>
void dump(std::ostringstream& out, const char* name, const Array& a) {
  out << ' ' << name << '=';
  for (auto v : a) out << v << ';';
}
std::string describe(const YearTally& y) {
  std::ostringstream out;
  const auto& c = y.census;
  const auto& f = y.flows;
  out << y.year << " census=" << y.has_census << " full=" << y.full_year << " pupils=" << c.pupils
      << " sen_support=" << c.sen_support << " pupils_with_plan=" << c.pupils_with_plan << " plans=" << c.plans
      << " places=" << c.state_special_places;
  dump(out, "by_setting", c.plans_by_setting);
  dump(out, "by_band", c.plans_by_age_band);
  dump(out, "by_need", c.plans_by_need);
  dump(out, "by_status", c.by_status);
  out << " identified=" << f.identified << " support_ended=" << f.support_ended << " requests=" << f.requests
      << " withdrawn=" << f.withdrawn << " refused=" << f.refused_assessment << " assessments=" << f.assessments_started
      << " issued=" << f.plans_issued << " not_issued=" << f.not_issued << " in20=" << f.issued_within_20_weeks
      << " no_exception=" << f.issued_without_exception << " mediations=" << f.mediations
      << " appeals=" << f.appeals_registered << " decided=" << f.appeals_decided << " upheld=" << f.appeals_upheld
      << " ceased=" << f.plans_ceased << " to_special=" << f.mainstream_to_special
      << " to_mainstream=" << f.special_to_mainstream << " indep=" << f.independent_for_want_of_place
      << " arrivals=" << f.arrivals << " departures=" << f.departures;
  dump(out, "in", f.status_in);
  dump(out, "out", f.status_out);
  return out.str();
}

::testing::AssertionResult identical(const std::vector<YearTally>& a, const std::vector<YearTally>& b) {
  if (a.size() != b.size()) return ::testing::AssertionFailure() << a.size() << " years vs " << b.size();
  for (std::size_t k = 0; k < a.size(); ++k)
    if (!same(a[k], b[k]))
      return ::testing::AssertionFailure() << "year " << a[k].year << " differs:\n  " << describe(a[k]) << "\n  "
                                           << describe(b[k]);
  return ::testing::AssertionSuccess();
}

const SendParams& params() {
  static const SendParams p = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  return p;
}

// Scale 0.7 is about 260,000 agents (pupils without SEN, and pupils on SEN Support until they ask
// for an assessment, are counts): four chunks of the default 65,536, so threads really share the
// work. Two years keep it quick.
SendRunResult run(std::uint64_t seed, int threads, double scale = 0.7, int replicates = 1) {
  SendRunConfig config;
  config.start_year = 2015;  // the LA table's first January
  config.seed = seed;
  config.threads = threads;
  config.scale = scale;
  config.replicates = replicates;
  config.to = Month(2016, 12);
  return run_send(params(), config);
}

const SendRunResult& one_thread() {
  static const SendRunResult r = run(11, 1);
  return r;
}

TEST(ModelDeterminism, ScaleOfTheseTests_SpansSeveralChunks) {
  EXPECT_GT(one_thread().peak_agents, 3u * (std::size_t{1} << 16));
}

TEST(ModelDeterminism, SameSeed_GivesIdenticalTalliesOnTwoThreads) {
  EXPECT_TRUE(identical(one_thread().replicates.at(0), run(11, 2).replicates.at(0)));
}

TEST(ModelDeterminism, SameSeed_GivesIdenticalTalliesOnThreeThreads) {
  EXPECT_TRUE(identical(one_thread().replicates.at(0), run(11, 3).replicates.at(0)));
}

TEST(ModelDeterminism, DifferentSeed_GivesDifferentTallies) {
  const auto other = run(12, 1);
  EXPECT_FALSE(identical(one_thread().replicates.at(0), other.replicates.at(0)));
}

// Replicates differ only in the replicate number that keys the streams (send_run.h): replicate 0
// of a two-replicate run is the one-replicate run, and replicate 1 is a different draw.
TEST(ModelDeterminism, FirstReplicateOfTwo_EqualsASingleReplicateRun) {
  const auto single = run(5, 1, 0.005, 1);
  const auto pair = run(5, 1, 0.005, 2);
  ASSERT_EQ(pair.replicates.size(), 2u);
  EXPECT_TRUE(identical(single.replicates.at(0), pair.replicates.at(0)));
}

TEST(ModelDeterminism, SecondReplicate_DiffersFromTheFirst) {
  const auto pair = run(5, 1, 0.005, 2);
  ASSERT_EQ(pair.replicates.size(), 2u);
  EXPECT_FALSE(identical(pair.replicates.at(0), pair.replicates.at(1)));
}

// ---- A run of every LA ---------------------------------------------------------------------------

// Every LA of the embedded table. Scale 0.02 keeps 152 areas quick; two years as above.
const std::vector<AreaStart>& las() {
  static const std::vector<AreaStart> areas =
      data::starts_in(data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName), 2015);
  return areas;
}

SendRunResult run_las(const std::vector<AreaStart>& areas, int threads) {
  SendRunConfig config;
  config.start_year = 2015;  // the LA table's first January
  config.seed = 11;
  config.threads = threads;
  config.scale = 0.02;
  config.to = Month(2016, 12);
  return run_send(params(), areas, config);
}

const SendRunResult& las_one_thread() {
  static const SendRunResult r = run_las(las(), 1);
  return r;
}

// England's tallies and every area's, compared field by field.
::testing::AssertionResult identical_run(const SendRunResult& a, const SendRunResult& b) {
  if (auto r = identical(a.replicates.at(0), b.replicates.at(0)); !r) return r << " (England)";
  if (a.areas.size() != b.areas.size())
    return ::testing::AssertionFailure() << a.areas.size() << " areas vs " << b.areas.size();
  for (std::size_t k = 0; k < a.areas.size(); ++k) {
    if (a.areas[k].code != b.areas[k].code)
      return ::testing::AssertionFailure() << "area " << k << ": " << a.areas[k].code << " vs " << b.areas[k].code;
    if (auto r = identical(a.areas[k].replicates.at(0), b.areas[k].replicates.at(0)); !r)
      return r << " (LA " << a.areas[k].code << ")";
  }
  return ::testing::AssertionSuccess();
}

const AreaResult* area_of(const SendRunResult& run, const std::string& code) {
  for (const auto& area : run.areas)
    if (area.code == code) return &area;
  return nullptr;
}

TEST(ModelDeterminism, LaRun_HasEveryLaInTheOrderGiven) {
  ASSERT_EQ(las().size(), 152u);
  ASSERT_EQ(las_one_thread().areas.size(), las().size());
  for (std::size_t k = 0; k < las().size(); ++k) {
    EXPECT_EQ(las_one_thread().areas[k].code, las()[k].code);
    EXPECT_EQ(las_one_thread().areas[k].name, las()[k].name);
  }
}

TEST(ModelDeterminism, LaRun_GivesIdenticalEnglandAndLaTalliesOnTwoThreads) {
  EXPECT_TRUE(identical_run(las_one_thread(), run_las(las(), 2)));
}

TEST(ModelDeterminism, LaRun_GivesIdenticalEnglandAndLaTalliesOnThreeThreads) {
  EXPECT_TRUE(identical_run(las_one_thread(), run_las(las(), 3)));
}

TEST(ModelDeterminism, LaRun_EnglandIsTheSumOfItsLas) {
  YearTallies sum;
  for (const auto& area : las_one_thread().areas) add_years(sum, area.replicates.at(0));
  EXPECT_TRUE(identical(sum, las_one_thread().replicates.at(0)));
  ASSERT_FALSE(sum.empty());
  EXPECT_GT(sum.front().census.plans, 0);
}

// An area's random streams are keyed by its LA code, so an LA run on its own draws what it drew
// beside the others: a large county, a London borough and the smallest LA.
TEST(ModelDeterminism, OneLaRunAlone_GivesItsTalliesFromTheRunOfEveryLa) {
  for (const char* code : {"886", "202", "201"}) {
    const auto it = std::find_if(las().begin(), las().end(), [&](const AreaStart& a) { return a.code == code; });
    ASSERT_NE(it, las().end()) << code;
    const SendRunResult alone = run_las({*it}, 1);
    ASSERT_EQ(alone.areas.size(), 1u);
    const AreaResult* beside = area_of(las_one_thread(), code);
    ASSERT_NE(beside, nullptr) << code;
    EXPECT_TRUE(identical(alone.areas[0].replicates.at(0), beside->replicates.at(0))) << "LA " << code;
    EXPECT_TRUE(identical(alone.replicates.at(0), beside->replicates.at(0))) << "LA " << code << " as England";
  }
  // Kent is large enough at this scale for the comparison to mean something.
  EXPECT_GT(area_of(las_one_thread(), "886")->replicates.at(0).back().flows.requests, 0);
}

// Two LAs of one run draw different numbers (their streams are keyed apart), so LA results are not
// copies of one another: Kent alone and Kent's start run under another code differ.
TEST(ModelDeterminism, SameLaUnderAnotherCode_GivesDifferentTallies) {
  const auto it = std::find_if(las().begin(), las().end(), [](const AreaStart& a) { return a.code == "886"; });
  ASSERT_NE(it, las().end());
  AreaStart renamed = *it;
  renamed.code = "999";
  EXPECT_FALSE(identical(run_las({*it}, 1).replicates.at(0), run_las({renamed}, 1).replicates.at(0)));
}

}  // namespace
}  // namespace sendtwin::model
