// The ages within a band at a start after the parameters' January (model::ungroup_ages): SEN2 gave
// LAs' plans by age band only until January 2024, so a later start reads the ages of 16-25s from
// the bands themselves. Checked against DfE's single years of age of January 2024 and 2025
// (../shared/data/dfe/ehcp-2025/data/caseload.csv, "Child or young persons age", England), both
// by the ungrouping alone and by the January a run from 2025 synthesises.
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <numeric>
#include <string>

#include "../support/shared_data.h"
#include "data/csv.h"
#include "data/embedded.h"
#include "data/la_start.h"
#include "model/send/area.h"
#include "model/send/send_run.h"

namespace sendtwin::model {
namespace {

// England's plans by single year of age 16..25 in a January (time_period "202324" is January 2024).
std::array<double, 10> published_ages_16_25(const std::string& time_period) {
  const auto table = data::read_csv_file((test_support::dfe_dir() / "ehcp-2025/data/caseload.csv").string());
  const std::size_t period = table.require_column("time_period"), level = table.require_column("geographic_level"),
                    topic = table.require_column("breakdown_topic"), breakdown = table.require_column("breakdown"),
                    plans = table.require_column("ehcplans");
  std::array<double, 10> out{};
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.cell(r, period) != time_period || table.cell(r, level) != "National" ||
        table.cell(r, topic) != "Child or young persons age")
      continue;
    for (int age = 16; age <= 25; ++age)
      if (table.cell(r, breakdown) == "age " + std::to_string(age)) out[age - 16] = table.number(r, plans);
  }
  return out;
}

// Shares of a band's plans at each of its ages.
template <std::size_t N>
std::array<double, N> shares(const double* first) {
  std::array<double, N> s{};
  const double total = std::accumulate(first, first + N, 0.0);
  for (std::size_t k = 0; k < N; ++k) s[k] = first[k] / total;
  return s;
}

TEST(AgeUngrouping, FromTheBandsAlone_MeetsDfEsSingleAgesOf2024And2025) {
  for (const std::string period : {"202324", "202425"}) {
    const auto ages = published_ages_16_25(period);
    ASSERT_GT(ages[0], 0) << period;
    PlanStockParams stock = test_support::england().stock;
    // The bands as published then: 11-15 from the embedded LA table of that January, 16-19 and
    // 20-25 from the single ages (the same figures summed).
    const int january = 2000 + std::stoi(period.substr(4));
    const auto las = data::starts_in(data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName), january);
    stock.by_age_band.fill(0);
    for (const auto& la : las) stock.by_age_band[2] += la.plans_by_age_band[2];
    stock.by_age_band[3] = std::accumulate(ages.begin(), ages.begin() + 4, 0.0);
    stock.by_age_band[4] = std::accumulate(ages.begin() + 4, ages.end(), 0.0);
    const auto file_weights = stock.age_16_19_weights;
    ungroup_ages(stock);
    EXPECT_TRUE(stock.ages_from_bands);
    const auto true_16_19 = shares<4>(ages.data());
    const auto true_20_25 = shares<6>(ages.data() + 4);
    for (int k = 0; k < 4; ++k) EXPECT_NEAR(stock.age_16_19_weights[k], true_16_19[k], 0.06) << period << " age " << 16 + k;
    for (int k = 0; k < 6; ++k) EXPECT_NEAR(stock.age_20_25_weights[k], true_20_25[k], 0.06) << period << " age " << 20 + k;
    // The parameter file's weights (January 2015) are further from these Januaries at 19, and
    // uniform weights at 20: what a later start read before.
    EXPECT_GT(std::abs(file_weights[3] - true_16_19[3]), 2 * std::abs(stock.age_16_19_weights[3] - true_16_19[3])) << period;
    EXPECT_GT(std::abs(1.0 / 6 - true_20_25[0]), 2 * std::abs(stock.age_20_25_weights[0] - true_20_25[0])) << period;
  }
}

TEST(AgeUngrouping, ARunFrom2025_StartsWithDfEsAgesOf16To25sThatJanuary) {
  const auto las = data::starts_in(data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName), 2025);
  SendRunConfig config;
  config.start_year = 2025;
  config.scale = 0.2;
  config.threads = 2;
  config.to = Month(2025, 1);
  const auto run = run_send(england_at_start(test_support::england(), las), las, config);
  std::array<double, 10> simulated{};
  for (const auto& area : run.areas)
    for (const auto& y : area.replicates.at(0))
      if (y.has_census && y.year == 2025)
        for (const auto& by_age : y.census.plans_by_setting_age)
          for (int age = 16; age <= 25; ++age) simulated[age - 16] += static_cast<double>(by_age[age]);
  const auto ages = published_ages_16_25("202425");
  const auto sim_16_19 = shares<4>(simulated.data());
  const auto sim_20_25 = shares<6>(simulated.data() + 4);
  const auto true_16_19 = shares<4>(ages.data());
  const auto true_20_25 = shares<6>(ages.data() + 4);
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(sim_16_19[k], true_16_19[k], 0.06) << "age " << 16 + k;
  for (int k = 0; k < 6; ++k) EXPECT_NEAR(sim_20_25[k], true_20_25[k], 0.06) << "age " << 20 + k;
}

}  // namespace
}  // namespace sendtwin::model
