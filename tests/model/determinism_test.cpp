// Promises of reproducibility (DESIGN.md §2 "Engine", engine/simulation.h, engine/rng.h): a run is
// a pure function of (parameters, seed, replicate, scale, horizon). Chunks have a fixed size, every
// chunk has its own scratch and they are combined in chunk order, so the thread count cannot
// change a single count. Every field of every YearTally is compared.
#include <gtest/gtest.h>

#include <cstring>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "data/embedded.h"
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

// Scale 0.03 is about 270,000 agents: five chunks of the default 65,536, so threads really share
// the work. Two years keep it quick.
SendRunResult run(std::uint64_t seed, int threads, double scale = 0.03, int replicates = 1) {
  SendRunConfig config;
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

}  // namespace
}  // namespace sendtwin::model
