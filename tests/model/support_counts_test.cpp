// Pupils on SEN Support held as counts until they ask for an assessment (SendModel::step_support,
// SendRunOptions::support_as_counts) follow the same law as pupils on SEN Support made agents
// (each with its own scheduled event): many small replicates of each, and every January census by
// status and every year's flows agree in mean within a few standard errors. The counts draw their
// random numbers differently, so the two runs are compared as distributions, not draw for draw.
//
// Tolerance: |difference of means| <= 4.5 standard errors of the difference (replicates
// independent within each way). About 90 measures are compared in each test: under the same law the chance
// that any one exceeds 4.5 standard errors is below 1 in 1,000. The power check below shows that a
// request rate 6% higher in one of the two is found.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "data/embedded.h"
#include "data/send_params.h"
#include "engine/simulation.h"
#include "model/send/send_model.h"

namespace sendtwin::model {
namespace {

constexpr double kScale = 0.02;   // England at a fiftieth: about 160,000 pupils, 20,000 on SEN Support
constexpr int kReplicates = 40;   // each way
constexpr double kMaxStandardErrors = 4.5;

const SendParams& params() {
  static const SendParams p = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  return p;
}

// Five years from January `start_year` (2025: many requests under way at the start resume).
std::vector<YearTally> run_once(const SendParams& p, bool counts, int start_year, std::uint32_t replicate) {
  SendRunOptions options;
  options.scale = kScale;
  options.support_as_counts = counts;
  SendModel model(p, options);
  engine::SimulationOptions sim_options;
  sim_options.seed = 2026;
  sim_options.replicate = replicate;
  engine::Simulation<SendModel> sim(model, sim_options);
  const Month start(start_year, 1);
  model.synthesise(start, sim.rng());
  sim.run(start, Month(start_year + 4, 12), [](const engine::MonthContext&) {});
  return model.years();
}

// The measures compared, named, from one run: the January censuses by status (and the school
// census's SEN Support and pupils) and the flows of each year.
using Measures = std::vector<std::pair<std::string, double>>;
Measures measures_of(const std::vector<YearTally>& years) {
  Measures m;
  auto add = [&](const YearTally& y, const std::string& name, std::int64_t v) {
    m.emplace_back(std::to_string(y.year) + " " + name, static_cast<double>(v));
  };
  for (const auto& y : years) {
    if (y.has_census) {
      for (int k = 0; k < kSenStatusCount; ++k)
        add(y, "census " + std::string(to_string(static_cast<SenStatus>(k))), y.census.by_status[k]);
      add(y, "census SEN Support at school", y.census.sen_support);
      add(y, "census pupils", y.census.pupils);
    }
    const Flows& f = y.flows;
    add(y, "identified", f.identified);
    add(y, "support ended", f.support_ended);
    add(y, "requests", f.requests);
    for (int b = 0; b < kAgeBandCount; ++b) add(y, "requests in age band " + std::to_string(b), f.requests_by_age_band[b]);
    add(y, "assessments started", f.assessments_started);
    add(y, "withdrawn", f.withdrawn);
    add(y, "refused assessment", f.refused_assessment);
    add(y, "plans issued", f.plans_issued);
    add(y, "plans issued within 20 weeks", f.issued_within_20_weeks);
    add(y, "departures", f.departures);
  }
  return m;
}

struct Summary {
  std::vector<std::string> names;
  std::vector<double> mean, variance;
};
Summary summarise(const SendParams& p, bool counts, int start_year = 2015) {
  std::vector<Measures> runs;
  for (int r = 0; r < kReplicates; ++r) runs.push_back(measures_of(run_once(p, counts, start_year, static_cast<std::uint32_t>(r))));
  Summary s;
  const std::size_t n = runs.front().size();
  for (std::size_t k = 0; k < n; ++k) {
    double sum = 0, sum_sq = 0;
    for (const auto& run : runs) {
      sum += run.at(k).second;
      sum_sq += run.at(k).second * run.at(k).second;
    }
    const double mean = sum / kReplicates;
    s.names.push_back(runs.front()[k].first);
    s.mean.push_back(mean);
    s.variance.push_back(std::max(0.0, (sum_sq - kReplicates * mean * mean) / (kReplicates - 1)));
  }
  return s;
}

// The measures whose means differ by more than kMaxStandardErrors standard errors.
std::vector<std::string> differing(const Summary& a, const Summary& b) {
  std::vector<std::string> out;
  EXPECT_EQ(a.names, b.names);
  for (std::size_t k = 0; k < a.names.size() && k < b.names.size(); ++k) {
    const double se = std::sqrt((a.variance[k] + b.variance[k]) / kReplicates);
    const double gap = a.mean[k] - b.mean[k];
    // A measure that never varies (a census total fixed by synthesis) must agree exactly.
    if (std::abs(gap) > kMaxStandardErrors * se + 1e-9) {
      std::ostringstream line;
      line << a.names[k] << ": " << a.mean[k] << " vs " << b.mean[k] << " (" << (se > 0 ? gap / se : 0.0)
           << " standard errors)";
      out.push_back(line.str());
    }
  }
  return out;
}

const Summary& agents() {
  static const Summary s = summarise(params(), false);
  return s;
}

TEST(SupportCounts, CensusesAndFlows_MatchPupilsOnSupportAsAgents) {
  const Summary counts = summarise(params(), true);
  ASSERT_GT(counts.names.size(), 60u);
  const auto gaps = differing(counts, agents());
  EXPECT_TRUE(gaps.empty()) << ::testing::PrintToString(gaps);
}

TEST(SupportCounts, FromA2025Start_CensusesAndFlows_MatchPupilsOnSupportAsAgents) {
  const auto gaps = differing(summarise(params(), true, 2025), summarise(params(), false, 2025));
  EXPECT_TRUE(gaps.empty()) << ::testing::PrintToString(gaps);
}

TEST(SupportCounts, ComparisonFindsARequestRateSixPercentHigher) {
  SendParams higher = params();
  higher.requests.rate.base *= 1.06;
  const auto gaps = differing(summarise(higher, true), agents());
  bool requests_found = false;
  for (const auto& g : gaps) requests_found = requests_found || g.find(" requests: ") != std::string::npos;
  EXPECT_TRUE(requests_found) << ::testing::PrintToString(gaps);
}

}  // namespace
}  // namespace sendtwin::model
