// Appeals in progress at the start (SendModel::seed_pending_appeal): a plan holder of the stock
// whose last annual review's decision the family appealed waits for its hearing, so that a run's
// first year hears the appeals of the reviews before it, as every later year does. Without them
// the tribunal upheld about a quarter as many appeals in a run's first year as in its second
// (registration and hearing take some nine months), and the moves to special schools that upheld
// appeals bring were missing from every forecast's first year.
#include <gtest/gtest.h>

#include <cstdint>

#include "data/embedded.h"
#include "data/send_params.h"
#include "model/send/send_run.h"

namespace sendtwin::model {
namespace {

const SendParams& params() {
  static const SendParams p = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  return p;
}

std::int64_t upheld_in(const SendRunResult& run, int year) {
  for (const auto& y : run.replicates.at(0))
    if (y.year == year) return y.flows.appeals_upheld;
  return -1;
}

TEST(AppealsAtStart, TheFirstYearUpholdsNearlyAsManyAppealsAsTheSecond) {
  SendRunConfig config;
  config.start_year = 2015;  // the parameters' own January
  config.scale = 0.05;
  config.threads = 2;
  config.to = Month(2016, 12);
  const auto run = run_send(params(), config);
  const std::int64_t first = upheld_in(run, 2015), second = upheld_in(run, 2016);
  ASSERT_GT(second, 100);
  // The appeal rate grows about 11% a year (parameters' appeals.rate) and plans grow: the first
  // year's share of the second's is about 0.8 with the appeals in progress, about 0.25 without.
  EXPECT_GT(static_cast<double>(first), 0.6 * static_cast<double>(second)) << first << " against " << second;
}

}  // namespace
}  // namespace sendtwin::model
