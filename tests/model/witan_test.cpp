// Promises of model/witan (witan.send's Markov model run by the engine) and report/witan_report:
//   - on witan.send's demo project, every year's mean EHCP count and cost over 1,000 simulations lies
//     within the 95% bounds witan.send published for its own run (results_for_checking);
//   - the six output files have witan.send's columns in witan.send's order;
//   - the same seed gives the same bytes for any thread count;
//   - closing a setting leaves nobody in it; doubling the leavers' weight lowers the counts, and
//     only from the year the scenario starts.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "data/csv.h"
#include "data/witan_project.h"
#include "model/witan/witan_model.h"
#include "report/witan_report.h"

namespace sendtwin::model::witan {
namespace {

namespace fs = std::filesystem;

fs::path demo_dir() {
  const char* shared = std::getenv("SENDTWIN_SHARED");
  return fs::path(shared ? shared : SENDTWIN_SOURCE_DIR "/../shared") / "peers" / "witan.send-demo";
}

#define REQUIRE_DEMO()                                                                       \
  if (!fs::exists(demo_dir() / "config.edn")) GTEST_SKIP() << "no " << demo_dir() << "; set SENDTWIN_SHARED"

WitanProject demo() { return data::read_witan_project((demo_dir() / "config.edn").string()); }

WitanRun run(const WitanInputs& inputs, int simulations, int threads, std::uint64_t seed = 50) {
  return run_witan(inputs, WitanRunConfig{seed, simulations, threads});
}

// witan.send summarises with an HdrHistogram of 3 significant digits (data_products.clj): it
// records n + 1 and reports the top of the bucket holding it, less 1. A published quantile b
// therefore stands for every n whose n + 1 shares the bucket of b + 1: from the bucket's lowest
// value, less 1. Buckets are exact below 2,048 and 2^(k - 10) wide in [2^k, 2^(k + 1)).
double hdr_bucket_floor(double published) {
  const auto recorded = static_cast<std::int64_t>(published) + 1;
  std::int64_t width = 1;
  if (recorded >= 2048) width = std::int64_t{1} << (static_cast<int>(std::floor(std::log2(static_cast<double>(recorded)))) - 10);
  return static_cast<double>(recorded - recorded % width - 1);
}

TEST(WitanHdr, BucketFloorsMatchWitanSendsPublishedMinimaAndBounds) {
  // results_for_checking/Output_Cost.csv 2017: min 2152447 and low-95pc-bound 2154494 are one bucket.
  EXPECT_EQ(hdr_bucket_floor(2154494.0), 2152447.0);
  // Output_Count.csv 2018: min 2211, low-95pc-bound 2212 (2-wide buckets above 2,048).
  EXPECT_EQ(hdr_bucket_floor(2212.0), 2211.0);
  EXPECT_EQ(hdr_bucket_floor(90.0), 90.0);
}

// calendar-year -> (mean, low-95pc-bound, high-95pc-bound) of a one-row-per-year output file.
std::map<int, std::array<double, 3>> by_year(const data::CsvTable& t) {
  std::map<int, std::array<double, 3>> out;
  const auto year = t.require_column("calendar-year"), mean = t.require_column("mean"),
             low = t.require_column("low-95pc-bound"), high = t.require_column("high-95pc-bound");
  for (std::size_t r = 0; r < t.rows(); ++r) out[t.integer(r, year)] = {t.number(r, mean), t.number(r, low), t.number(r, high)};
  return out;
}

const std::string& file_text(const std::vector<std::pair<std::string, std::string>>& files, const std::string& name) {
  for (const auto& [n, text] : files)
    if (n == name) return text;
  throw std::runtime_error("no " + name);
}

TEST(WitanDemo, MeanCountAndCostLieWithinWitanSendsPublished95PercentBounds) {
  REQUIRE_DEMO();
  const auto project = demo();
  const auto inputs = prepare_witan(project);
  const auto result = run(inputs, 1000, 2);
  const auto files = report::witan_output_files(result, inputs);
  for (const std::string name : {"Output_Count.csv", "Output_Cost.csv"}) {
    SCOPED_TRACE(name);
    const auto ours = by_year(data::CsvTable::parse(file_text(files, name), name));
    const auto theirs = by_year(data::read_csv_file((demo_dir() / "results_for_checking" / name).string()));
    ASSERT_EQ(ours.size(), theirs.size());
    int inside = 0;
    for (const auto& [year, published] : theirs) {
      ASSERT_TRUE(ours.contains(year)) << year;
      const double mean = ours.at(year)[0];
      const double low = hdr_bucket_floor(published[1]), high = published[2];
      EXPECT_GE(mean, low) << year << ": sendtwin's mean " << mean << " is below witan.send's 95% bound " << published[1];
      EXPECT_LE(mean, high) << year << ": sendtwin's mean " << mean << " is above witan.send's 95% bound " << high;
      inside += mean >= low && mean <= high;
      std::printf("%s %d: sendtwin mean %.2f, witan.send mean %.2f, 95%% bounds [%.0f (bucket from %.0f), %.0f]\n",
                  name.c_str(), year, mean, published[0], published[1], low, high);
    }
    EXPECT_EQ(inside, static_cast<int>(theirs.size()));
  }
}

TEST(WitanDemo, SeedYearIsTheLastTransitionsDestinations) {
  REQUIRE_DEMO();
  const auto project = demo();
  std::int64_t stayed = 0;
  for (const auto& t : project.transitions) stayed += t.calendar_year == 2016 && !t.leaver();
  const auto inputs = prepare_witan(project);
  EXPECT_EQ(inputs.seed_year, 2017);
  EXPECT_EQ(inputs.projection_years, (std::vector<int>{2018, 2019, 2020, 2021, 2022}));
  const auto result = run(inputs, 3, 1);
  for (int s = 0; s < 3; ++s) EXPECT_EQ(result.count(s, 0, result.layout.total), stayed);
}

// Year 18 has no leaver parameters in the demo (every child observed there was a joiner), so its
// children leave at a Beta(1, 1) rate, as witan.send's kixi.stats defaults give: of the 2 children
// in T-S at 18 in 2017, 1 on average reaches 19 in 2018, beside that year's joiners into 19 T-S.
TEST(WitanDemo, StateWithoutLeaverParametersLeavesAtAUniformRate) {
  REQUIRE_DEMO();
  const auto inputs = prepare_witan(demo());
  const auto& space = inputs.space;
  const int ts = space.need_setting(space.need_index("T"), space.setting_index("S"));
  ASSERT_FALSE(inputs.standard.leaver[space.cell(18, ts)].present);
  ASSERT_EQ(inputs.initial[space.cell(18, ts)], 2);
  ASSERT_EQ(inputs.initial[space.cell(17, ts)], 3);
  // Expected joiners into (19, T-S) in 2018: population x beta mean x the state's Dirichlet share.
  const auto& rate = inputs.standard.joiner[19 - kMinYear];
  const auto& states = inputs.standard.joiner_to[19 - kMinYear];
  double total = 0, share = 0;
  for (std::size_t k = 0; k < states.to.size(); ++k) {
    total += states.alpha[k];
    if (states.to[k] == ts) share += states.alpha[k];
  }
  const double joiners = static_cast<double>(inputs.population[0][19 - kMinYear]) * rate.alpha / (rate.alpha + rate.beta) * share / total;
  const int sims = 4000;
  const auto result = run(inputs, sims, 2);
  std::size_t slot = 0;
  for (std::size_t k = 0; k < result.layout.states.size(); ++k)
    if (result.layout.states[k] == space.cell(19, ts)) slot = result.layout.by_state + k;
  ASSERT_NE(slot, 0u);
  double sum = 0, squares = 0;
  for (int s = 0; s < sims; ++s) {
    const double x = static_cast<double>(result.count(s, 1, slot));
    sum += x;
    squares += x * x;
  }
  const double mean = sum / sims, se = std::sqrt((squares / sims - mean * mean) / sims);
  EXPECT_NEAR(mean, 1.0 + joiners, 5 * se) << "joiners " << joiners;
}

TEST(WitanDemo, OutputFilesHaveWitanSendsColumnsInItsOrder) {
  REQUIRE_DEMO();
  const auto project = demo();
  const auto inputs = prepare_witan(project);
  const auto files = report::witan_output_files(run(inputs, 5, 1), inputs);
  ASSERT_EQ(files.size(), 6u);
  for (const auto& [name, text] : files) {
    SCOPED_TRACE(name);
    const auto published = data::read_csv_file((demo_dir() / "results_for_checking" / name).string());
    const auto ours = data::CsvTable::parse(text, name);
    EXPECT_EQ(ours.header(), published.header());
    EXPECT_EQ(ours.rows(), published.rows());  // the same slices: every year x every key
  }
}

TEST(WitanDeterminism, SameSeedGivesTheSameBytesForAnyThreadCount) {
  REQUIRE_DEMO();
  const auto project = demo();
  const auto inputs = prepare_witan(project);
  const auto one = report::witan_output_files(run(inputs, 60, 1), inputs);
  for (const int threads : {2, 3, 8}) {
    SCOPED_TRACE(threads);
    EXPECT_EQ(report::witan_output_files(run(inputs, 60, threads), inputs), one);
  }
  EXPECT_NE(report::witan_output_files(run(inputs, 60, 2, 51), inputs), one);
}

TEST(WitanScenario, ClosingASettingLeavesNobodyInIt) {
  REQUIRE_DEMO();
  auto project = demo();
  project.config.scenario.setting_made_invalid = "B";  // the largest setting of the demo
  const auto inputs = prepare_witan(project);
  const auto result = run(inputs, 100, 2);
  const std::size_t b = result.layout.by_setting + static_cast<std::size_t>(inputs.space.setting_index("B"));
  for (int s = 0; s < result.simulations; ++s) {
    EXPECT_GT(result.count(s, 0, b), 1000);  // the seed year, before the closure acts
    for (std::size_t y = 1; y < result.years.size(); ++y) EXPECT_EQ(result.count(s, y, b), 0) << result.years[y];
  }
}

double mean_count(const WitanRun& r, std::size_t year) {
  double sum = 0;
  for (int s = 0; s < r.simulations; ++s) sum += static_cast<double>(r.count(s, year, r.layout.total));
  return sum / r.simulations;
}

TEST(WitanScenario, DoublingLeaverRatesLowersCounts) {
  REQUIRE_DEMO();
  auto project = demo();
  const auto baseline = run(prepare_witan(project), 200, 2);
  WitanTransitionChange leavers;
  leavers.conditions = {{"setting-2", {"NONSEND"}}};
  leavers.factor = 2.0;
  project.config.scenario.transitions_to_change = {leavers};
  const auto doubled = run(prepare_witan(project), 200, 2);
  EXPECT_EQ(mean_count(doubled, 0), mean_count(baseline, 0));
  for (std::size_t y = 1; y < baseline.years.size(); ++y)
    EXPECT_LT(mean_count(doubled, y), mean_count(baseline, y) - 20.0) << baseline.years[y];
}

TEST(WitanScenario, ModifiedRatesApplyOnlyFromTheYearGiven) {
  REQUIRE_DEMO();
  auto project = demo();
  const auto baseline = run(prepare_witan(project), 100, 2);
  WitanTransitionChange leavers;
  leavers.conditions = {{"setting-2", {"NONSEND"}}};
  leavers.factor = 2.0;
  project.config.scenario.transitions_to_change = {leavers};
  project.config.scenario.from_year = 2020;
  const auto later = run(prepare_witan(project), 100, 2);
  // 2017-2019 (years 0-2): the same parameters and the same addressed draws, so the same counts.
  for (std::size_t y = 0; y < 3; ++y)
    for (int s = 0; s < 100; ++s) EXPECT_EQ(later.count(s, y, later.layout.total), baseline.count(s, y, baseline.layout.total));
  for (std::size_t y = 3; y < baseline.years.size(); ++y) EXPECT_LT(mean_count(later, y), mean_count(baseline, y)) << baseline.years[y];
}

// witan.send's later form: joiners into A scaled by 0, their weight moved to B. The joiners' state
// weights of A fall to the uniform prior, B gains what A lost, and the total is kept.
TEST(WitanScenario, ModifyingJoinersIntoASettingMovesTheirWeightToAnother) {
  REQUIRE_DEMO();
  auto project = demo();
  project.config.scenario.modify_transition_by = 0.0;
  project.config.scenario.which_transitions = {"joiners"};
  project.config.scenario.settings_to_change = {{"A", "B", 0}};
  const auto inputs = prepare_witan(project);
  ASSERT_TRUE(inputs.scenario.has_value());
  const int a = inputs.space.setting_index("A"), b = inputs.space.setting_index("B");
  int years_checked = 0;
  for (int y = 0; y < kYears; ++y) {
    const auto& before = inputs.standard.joiner_to[y];
    const auto& after = inputs.scenario->joiner_to[y];
    if (!before.present) continue;
    double total_before = 0, total_after = 0, a_before = 0, a_after = 0, b_before = 0, b_after = 0, prior = 0;
    for (std::size_t k = 0; k < before.to.size(); ++k) {
      total_before += before.alpha[k];
      if (inputs.space.setting_of(before.to[k]) == a) a_before += before.alpha[k];
      if (inputs.space.setting_of(before.to[k]) == b) b_before += before.alpha[k];
    }
    int a_states = 0, valid = 0;
    for (int ns = 0; ns < inputs.space.need_settings(); ++ns) {
      valid += inputs.valid_cell[inputs.space.cell(kMinYear + y, ns)];
      a_states += inputs.valid_cell[inputs.space.cell(kMinYear + y, ns)] && inputs.space.setting_of(ns) == a;
    }
    prior = static_cast<double>(a_states) / valid;
    for (std::size_t k = 0; k < after.to.size(); ++k) {
      total_after += after.alpha[k];
      if (inputs.space.setting_of(after.to[k]) == a) a_after += after.alpha[k];
      if (inputs.space.setting_of(after.to[k]) == b) b_after += after.alpha[k];
    }
    EXPECT_NEAR(total_after, total_before, 1e-9) << kMinYear + y;
    EXPECT_NEAR(a_after, prior, 1e-9) << kMinYear + y;
    EXPECT_NEAR(b_after - b_before, a_before - prior, 1e-9) << kMinYear + y;
    years_checked += a_before > prior + 0.5;
  }
  EXPECT_GT(years_checked, 5);  // years where joiners into A were observed
}

// Filtering transitions out by configuration is the same as deleting them from the data.
TEST(WitanScenario, FilteredTransitionsAreAsIfDeleted) {
  REQUIRE_DEMO();
  auto filtered = demo();
  WitanTransitionFilter before_2016;
  before_2016.kind = "calendar-academic";
  before_2016.first = {WitanTransitionFilter::Op::Less, false, "", 2016};
  before_2016.second = {WitanTransitionFilter::Op::GreaterOrEqual, false, "", kMinYear};
  filtered.config.scenario.filters = {before_2016};
  auto deleted = demo();
  std::erase_if(deleted.transitions, [](const WitanTransition& t) { return t.calendar_year < 2016; });
  const auto a = prepare_witan(filtered), b = prepare_witan(deleted);
  EXPECT_EQ(report::witan_output_files(run(a, 50, 2), a), report::witan_output_files(run(b, 50, 2), b));
  const auto all = prepare_witan(demo());
  EXPECT_NE(report::witan_output_files(run(all, 50, 2), all), report::witan_output_files(run(a, 50, 2), a));
}

}  // namespace
}  // namespace sendtwin::model::witan
