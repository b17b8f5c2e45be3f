// Promises of the reference model RM1 (../shared/bench/REFERENCE_MODEL.md) as sendtwin runs it
// (model/rm1/rm1_model.h): the monthly and the scheduled paths agree statistically, results do not
// depend on the thread count, special places never exceed an LA's capacity, the population is
// conserved and partitioned as the reference says, and the run has the numpy peer's shape.
//
// The statistical comparisons allow five binomial standard errors, Var(count) = N p (1 - p) with
// p = count / N for each side: agents move independently but for the special places, so this is
// about right for most states and wide for EHCP_SPECIAL (the capacity narrows it). EHCP_INDEPENDENT
// is the exception: agents refused together when their LA is full, and over 60 seeds its spread
// was up to 1.45 times binomial, so its tolerance is widened by 1.5. (150 seeds of both paths at
// 300,000 agents showed no state in any half-year of ten years more than 2.2 standard errors apart.)
#include "model/rm1/rm1_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "core/calendar.h"
#include "engine/simulation.h"

namespace sendtwin::model {
namespace {

using Mode = Rm1Model::Mode;
using Counts = std::array<std::int64_t, Rm1Model::kStates>;
constexpr std::size_t kLas = Rm1Model::kLas;
const char* const kStateNames[] = {"NONE", "SUPPORT", "ASSESS", "EHCP_MAINSTREAM", "EHCP_SPECIAL", "EHCP_INDEPENDENT"};

const char* name(Mode mode) { return mode == Mode::Monthly ? "monthly" : "scheduled"; }

std::int64_t total(const Counts& c) {
  std::int64_t n = 0;
  for (auto x : c) n += x;
  return n;
}

// Agents in LA `la` when agent i lives in LA i % 150.
std::int64_t la_size(std::uint32_t agents, std::size_t la) { return agents / kLas + (la < agents % kLas ? 1 : 0); }

// floor(0.002 x agents in the LA), in integers.
std::int64_t la_capacity(std::int64_t agents_in_la) { return agents_in_la * 2 / 1000; }

// Runs RM1 as the bench does; after(t) is called after initialisation (t = 0) and after each month.
template <class AfterMonth>
void simulate(Rm1Model& model, std::uint64_t seed, int threads, int months, AfterMonth&& after) {
  engine::SimulationOptions options;
  options.seed = seed;
  options.threads = threads;
  engine::PartitionedSimulation<Rm1Model> sim(model, options);
  model.initialise(sim.rng());
  after(0);
  for (int t = 1; t <= months; ++t) {
    sim.step(Month::from_index(t));
    after(t);
  }
}

struct Rm1Run {
  std::vector<Counts> national;  // [month 0..M], recorded every `every` months (zero elsewhere)
  std::vector<Counts> la;        // [LA] after the last month
};

Rm1Run run_rm1(std::uint32_t agents, int months, Mode mode, std::uint64_t seed, int threads, int every = 1) {
  Rm1Model model(agents, months, mode);
  Rm1Run run;
  run.national.resize(static_cast<std::size_t>(months) + 1);
  simulate(model, seed, threads, months, [&](int t) {
    if (t % every == 0 || t == months) run.national[static_cast<std::size_t>(t)] = model.national_counts();
  });
  for (std::size_t la = 0; la < kLas; ++la) run.la.push_back(model.la_counts(la));
  return run;
}

// Every LA's counts after every month [month 0..M][LA].
using LaHistory = std::vector<std::vector<Counts>>;

LaHistory la_history(std::uint32_t agents, int months, Mode mode, std::uint64_t seed) {
  Rm1Model model(agents, months, mode);
  LaHistory history;
  simulate(model, seed, 1, months, [&](int) {
    std::vector<Counts> now;
    for (std::size_t la = 0; la < kLas; ++la) now.push_back(model.la_counts(la));
    history.push_back(std::move(now));
  });
  return history;
}

// Two counts of `state` out of `n` agents agree when they differ by less than five binomial
// standard errors (widened for EHCP_INDEPENDENT, see the top of the file).
bool agree(int state, std::int64_t a, std::int64_t b, double n) {
  const double pa = a / n, pb = b / n;
  const double sd = std::sqrt(n * pa * (1 - pa) + n * pb * (1 - pb));
  const double widen = state == Rm1Model::kEhcpIndependent ? 1.5 : 1.0;
  return std::abs(static_cast<double>(a - b)) <= 5 * widen * sd;
}

// --- The runs at the scale of the issue, shared by the tests that read them -------------------

constexpr std::uint32_t kAgents = 300'000;
constexpr int kMonths = 120;
const std::uint64_t kSeeds[] = {1};  // more seeds cost ASan builds ~2 s each; see the top of the file

const Rm1Run& at_scale(Mode mode, std::uint64_t seed) {
  static std::map<std::pair<Mode, std::uint64_t>, Rm1Run> runs;
  auto it = runs.find({mode, seed});
  if (it == runs.end()) it = runs.emplace(std::make_pair(mode, seed), run_rm1(kAgents, kMonths, mode, seed, 2, 12)).first;
  return it->second;
}

// The promise: "a test shows the monthly and scheduled paths agree statistically on RM1".
// Every state's national count is compared every twelve months, for each seed in kSeeds.
// With one seed five standard errors are about 0.6% of NONE, 3% of SUPPORT, 11% of EHCP_MAINSTREAM
// and 30% of ASSESS after ten years, so the assessment's length is checked exactly further down.
TEST(Rm1, MonthlyAndScheduledPathsAgreeStatistically) {
  for (std::uint64_t seed : kSeeds) {
    const Rm1Run& monthly = at_scale(Mode::Monthly, seed);
    const Rm1Run& scheduled = at_scale(Mode::Scheduled, seed);
    ASSERT_EQ(monthly.national.size(), kMonths + 1u);
    ASSERT_EQ(scheduled.national.size(), kMonths + 1u);
    for (int t = 12; t <= kMonths; t += 12)
      for (int s = 0; s < Rm1Model::kStates; ++s)
        EXPECT_TRUE(agree(s, monthly.national[t][s], scheduled.national[t][s], kAgents))
            << kStateNames[s] << " in month " << t << ", seed " << seed << ": monthly " << monthly.national[t][s]
            << ", scheduled " << scheduled.national[t][s];
  }
}

// At 2,000 agents an LA has 4 special places; after ten years about 60% of LAs have filled them, so
// the per-LA counts are bounded, not equal. Both paths must keep every LA within its places, give
// the same mean per LA (five standard errors from the spread across LAs, which the capacity
// narrows well below binomial) and fill about as many LAs.
TEST(Rm1, MonthlyAndScheduledPathsFillSpecialPlacesAlikeAcrossLas) {
  const std::int64_t capacity = la_capacity(kAgents / kLas);
  ASSERT_EQ(capacity, 4);
  double sum[2] = {}, sum_sq[2] = {}, full[2] = {};
  double samples = 0;
  for (std::uint64_t seed : kSeeds) {
    for (Mode mode : {Mode::Monthly, Mode::Scheduled}) {
      const int i = mode == Mode::Monthly ? 0 : 1;
      for (std::size_t la = 0; la < kLas; ++la) {
        const std::int64_t special = at_scale(mode, seed).la[la][Rm1Model::kEhcpSpecial];
        ASSERT_GE(special, 0);
        ASSERT_LE(special, capacity) << name(mode) << ", LA " << la << ", seed " << seed;
        sum[i] += special;
        sum_sq[i] += static_cast<double>(special) * special;
        full[i] += special == capacity;
      }
    }
    samples += kLas;
  }
  double mean[2], variance[2];
  for (int i = 0; i < 2; ++i) {
    mean[i] = sum[i] / samples;
    variance[i] = (sum_sq[i] - samples * mean[i] * mean[i]) / (samples - 1);
  }
  EXPECT_NEAR(mean[0], mean[1], 5 * std::sqrt((variance[0] + variance[1]) / samples))
      << "mean special places taken per LA: monthly " << mean[0] << ", scheduled " << mean[1];
  const double share_full = (full[0] + full[1]) / (2 * samples);
  EXPECT_NEAR(full[0], full[1], 5 * std::sqrt(2 * samples * share_full * (1 - share_full)))
      << "LAs with every place taken: monthly " << full[0] << ", scheduled " << full[1];
}

// The numpy peer (../shared/bench/peer_numpy.py 300000 120 SEED, seeds 11..30): mean and standard
// deviation across seeds of each state's count. NONE is about 83.3% of agents.
constexpr double kPeerMean[] = {249854.4, 44726.4, 647.6, 3916.6, 516.2, 339.0};
constexpr double kPeerSd[] = {229.5, 203.1, 31.3, 78.9, 10.2, 31.8};

TEST(Rm1, HasTheNumpyPeersShapeAtThreeHundredThousandAgentsAfterTenYears) {
  for (Mode mode : {Mode::Monthly, Mode::Scheduled}) {
    const Counts& c = at_scale(mode, kSeeds[0]).national[kMonths];
    EXPECT_NEAR(static_cast<double>(c[Rm1Model::kNone]) / kAgents, 0.833, 0.005) << name(mode);
    for (int s = 0; s < Rm1Model::kStates; ++s) {
      const double p = c[s] / static_cast<double>(kAgents);
      // One run's spread (binomial, or the peer's across seeds where that is wider) and the spread
      // of the peer's mean over its 20 seeds.
      const double run_variance = std::max(kAgents * p * (1 - p), kPeerSd[s] * kPeerSd[s]);
      const double sd = std::sqrt(run_variance + kPeerSd[s] * kPeerSd[s] / 20);
      EXPECT_NEAR(static_cast<double>(c[s]), kPeerMean[s], 5 * sd) << kStateNames[s] << ", " << name(mode);
    }
  }
}

// --- Thread counts -------------------------------------------------------------------------------

void expect_identical_for_one_two_and_three_threads(Mode mode) {
  constexpr std::uint32_t kN = 75'007;  // one special place per LA; LAs 0..6 have an extra agent
  constexpr int kM = 60;
  const Rm1Run one = run_rm1(kN, kM, mode, 7, 1);
  for (int threads : {2, 3}) {
    const Rm1Run many = run_rm1(kN, kM, mode, 7, threads);
    EXPECT_EQ(many.national, one.national) << name(mode) << ", " << threads << " threads";
    for (std::size_t la = 0; la < kLas; ++la)
      EXPECT_EQ(many.la[la], one.la[la]) << name(mode) << ", LA " << la << ", " << threads << " threads";
  }
  // Places were granted and refused: otherwise identical counts would show little.
  EXPECT_GT(one.national[kM][Rm1Model::kEhcpSpecial], 0) << name(mode);
  EXPECT_GT(one.national[kM][Rm1Model::kEhcpIndependent], 0) << name(mode);
}

TEST(Rm1, ScheduledCountsAreIdenticalForOneTwoAndThreeThreads) {
  expect_identical_for_one_two_and_three_threads(Mode::Scheduled);
}

TEST(Rm1, MonthlyCountsAreIdenticalForOneTwoAndThreeThreads) {
  expect_identical_for_one_two_and_three_threads(Mode::Monthly);
}

// The calendar keeps only events inside the run, and every draw is addressed by agent and month,
// so a scheduled run's first 60 months are the same whether it was set up for 60 months or 120.
TEST(Rm1, ScheduledCountsDoNotDependOnTheHorizon) {
  constexpr std::uint32_t kN = 75'007;
  constexpr int kShort = 60, kLong = 120;
  Rm1Model short_run(kN, kShort, Mode::Scheduled), long_run(kN, kLong, Mode::Scheduled);
  std::vector<std::vector<Counts>> short_counts, long_counts;
  const auto record = [](const Rm1Model& model, std::vector<std::vector<Counts>>& out) {
    std::vector<Counts> now;
    for (std::size_t la = 0; la < kLas; ++la) now.push_back(model.la_counts(la));
    out.push_back(std::move(now));
  };
  simulate(short_run, 17, 1, kShort, [&](int) { record(short_run, short_counts); });
  simulate(long_run, 17, 1, kShort, [&](int) { record(long_run, long_counts); });  // steps 60 of its 120
  ASSERT_EQ(short_counts.size(), long_counts.size());
  for (int t = 0; t <= kShort; ++t) EXPECT_EQ(short_counts[t], long_counts[t]) << "month " << t;
  EXPECT_GT(total(short_run.national_counts()) - short_run.national_counts()[Rm1Model::kNone], 0);
}

// --- Month by month, every LA -------------------------------------------------------------------

// 74,925 = 150 x 499 + 75: LAs 0..74 have 500 agents and one special place, LAs 75..149 have 499
// agents and none, so the capacity binds in every LA.
constexpr std::uint32_t kSmallAgents = 74'925;

const LaHistory& small_history(Mode mode) {
  static std::map<Mode, LaHistory> histories;
  auto it = histories.find(mode);
  if (it == histories.end()) it = histories.emplace(mode, la_history(kSmallAgents, kMonths, mode, 11)).first;
  return it->second;
}

TEST(Rm1, NoLaEverHoldsMoreSpecialPlacesThanItsCapacity) {
  ASSERT_EQ(la_capacity(la_size(kSmallAgents, 0)), 1);
  ASSERT_EQ(la_capacity(la_size(kSmallAgents, kLas - 1)), 0);
  for (Mode mode : {Mode::Monthly, Mode::Scheduled}) {
    const LaHistory& history = small_history(mode);
    ASSERT_EQ(history.size(), kMonths + 1u);
    int months_at_capacity = 0;
    for (int t = 0; t <= kMonths; ++t)
      for (std::size_t la = 0; la < kLas; ++la) {
        const std::int64_t capacity = la_capacity(la_size(kSmallAgents, la));
        const std::int64_t special = history[t][la][Rm1Model::kEhcpSpecial];
        EXPECT_LE(special, capacity) << name(mode) << ", LA " << la << ", month " << t;
        months_at_capacity += capacity > 0 && special == capacity;
      }
    // The bound was reached, and demand was turned away (in LAs with no places, at least).
    EXPECT_GT(months_at_capacity, 0) << name(mode);
    std::int64_t independent_where_no_places = 0;
    for (std::size_t la = 75; la < kLas; ++la) independent_where_no_places += history[kMonths][la][Rm1Model::kEhcpIndependent];
    EXPECT_GT(independent_where_no_places, 0) << name(mode);
  }
}

// Places are granted until none is free, so in a month in which an LA's EHCP_INDEPENDENT count
// rises (someone was refused a place) the LA ends the month with every place taken.
TEST(Rm1, NoOneIsSentIndependentWhileTheirLaHasAFreePlace) {
  for (Mode mode : {Mode::Monthly, Mode::Scheduled}) {
    const LaHistory& history = small_history(mode);
    int refusals_where_places_exist = 0;
    for (int t = 1; t <= kMonths; ++t)
      for (std::size_t la = 0; la < kLas; ++la) {
        if (history[t][la][Rm1Model::kEhcpIndependent] <= history[t - 1][la][Rm1Model::kEhcpIndependent]) continue;
        const std::int64_t capacity = la_capacity(la_size(kSmallAgents, la));
        EXPECT_EQ(history[t][la][Rm1Model::kEhcpSpecial], capacity) << name(mode) << ", LA " << la << ", month " << t;
        refusals_where_places_exist += capacity > 0;
      }
    EXPECT_GT(refusals_where_places_exist, 0) << name(mode) << ": the test never saw a refusal in an LA with places";
  }
}

TEST(Rm1, AgentsStartInNoneAndThePopulationSizeIsConstant) {
  for (Mode mode : {Mode::Monthly, Mode::Scheduled}) {
    const LaHistory& history = small_history(mode);
    for (std::size_t la = 0; la < kLas; ++la) {
      Counts start{};
      start[Rm1Model::kNone] = la_size(kSmallAgents, la);
      EXPECT_EQ(history[0][la], start) << name(mode) << ", LA " << la;
    }
    for (int t = 1; t <= kMonths; ++t) {
      std::int64_t national = 0;
      for (std::size_t la = 0; la < kLas; ++la) {
        EXPECT_EQ(total(history[t][la]), la_size(kSmallAgents, la)) << name(mode) << ", LA " << la << ", month " << t;
        national += total(history[t][la]);
      }
      EXPECT_EQ(national, kSmallAgents) << name(mode) << ", month " << t;
    }
    // Agents did move, so a constant total is not the trivial one.
    EXPECT_LT(history[kMonths][0][Rm1Model::kNone], la_size(kSmallAgents, 0)) << name(mode);
  }
}

// --- Edges ----------------------------------------------------------------------------------------

TEST(Rm1, ARunOfZeroMonthsChangesNothing) {
  constexpr std::uint32_t kN = 10'007;
  for (Mode mode : {Mode::Monthly, Mode::Scheduled}) {
    const Rm1Run run = run_rm1(kN, 0, mode, 3, 2);
    ASSERT_EQ(run.national.size(), 1u);
    EXPECT_EQ(run.national[0], (Counts{kN, 0, 0, 0, 0, 0})) << name(mode);
    for (std::size_t la = 0; la < kLas; ++la) {
      Counts start{};
      start[Rm1Model::kNone] = la_size(kN, la);
      EXPECT_EQ(run.la[la], start) << name(mode) << ", LA " << la;
    }
  }
}

TEST(Rm1, AgentIIsInLaIModulo150ForAnyAgentCount) {
  for (std::uint32_t n : {1000u, 149u, 151u, 300'001u}) {
    const Rm1Model model(n, 12, Mode::Scheduled);
    EXPECT_EQ(model.agents(), n);
    std::int64_t sum = 0;
    for (std::size_t la = 0; la < kLas; ++la) {
      std::int64_t expected = 0;  // agents i < n with i % 150 == la
      for (std::uint32_t i = static_cast<std::uint32_t>(la); i < n; i += kLas) ++expected;
      EXPECT_EQ(total(model.la_counts(la)), expected) << n << " agents, LA " << la;
      sum += total(model.la_counts(la));
    }
    EXPECT_EQ(sum, n);
    EXPECT_EQ(total(model.national_counts()), n);
  }
}

TEST(Rm1, FewerAgentsThanLasLeavesLasEmptyAndTheRunStillSteps) {
  for (Mode mode : {Mode::Monthly, Mode::Scheduled}) {
    const Rm1Run run = run_rm1(149, 24, mode, 5, 2);
    for (const Counts& c : run.national) EXPECT_EQ(total(c), 149) << name(mode);
    EXPECT_EQ(run.la[149], Counts{}) << name(mode);
  }
}

// An agent entering ASSESS in month t has 5 months in ASSESS at the start of month t + 6. The
// earliest path is NONE -> SUPPORT in month 1, -> ASSESS in month 2, -> EHCP_MAINSTREAM in month 8;
// 1.5 million agents take it about 13.5 times (P(none) ~ 1e-6), so a path with an assessment one
// month short would show EHCPs in month 7.
TEST(Rm1, AnAssessmentLastsFiveFullMonthsSoTheFirstPlansComeInMonthEight) {
  constexpr std::uint32_t kN = 1'500'000;
  for (Mode mode : {Mode::Monthly, Mode::Scheduled}) {
    const Rm1Run run = run_rm1(kN, 8, mode, 13, 2);
    for (int t = 0; t <= 7; ++t)
      EXPECT_EQ(run.national[t][Rm1Model::kEhcpMainstream], 0) << name(mode) << ", month " << t;
    EXPECT_GT(run.national[8][Rm1Model::kEhcpMainstream], 0) << name(mode);
    EXPECT_GT(run.national[7][Rm1Model::kAssess], 0) << name(mode);  // assessments were under way
  }
}

}  // namespace
}  // namespace sendtwin::model
