// `sendtwin validate` and `compare`: the published futures file and a user's figures.
#include "report/validation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "core/error.h"
#include "data/csv.h"
#include "data/embedded.h"
#include "data/la_start.h"
#include "data/published.h"
#include "data/send_params.h"
#include "measures/registry.h"
#include "model/send/send_run.h"
#include "report/results.h"

namespace sendtwin::report {
namespace {

TEST(ValidationProjections, EmbeddedFile_TiesEachProjectionToAModelMeasure) {
  const auto p = parse_projections(data::embedded_projections(), data::kEmbeddedProjectionsName);
  ASSERT_EQ(p.size(), 18u);
  EXPECT_EQ(p[0].measure, "ehc_plans");
  EXPECT_EQ(p[0].model_period, 2029);
  EXPECT_EQ(p[0].value, 840000);
  for (const auto& x : p) EXPECT_FALSE(x.source.empty()) << x.name;
}

TEST(ValidationProjections, AnUnknownMeasure_IsAnErrorAtItsLine) {
  try {
    parse_projections("projection,published_period,measure,model_period,value,unit,source\nx,2029,nope,2029,1,count,s\n", "p.csv");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.field(), "measure");
  }
}

TEST(ValidationProjections, ValuesAndPeriodsOutsideTheirRange_AreErrorsAtTheirLine) {
  const std::string header = "projection,published_period,measure,model_period,value,unit,source\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"x,2029,ehc_plans,2029,1e308,count,s\n", "value"},
      {"x,2029,ehc_plans,2029,-1,count,s\n", "value"},
      {"x,2029,ehc_plans,2029,nan,count,s\n", "value"},
      {"x,2028,high_needs_spend,2028,1e300,GBP,s\n", "value"},
      {"x,2029,ehc_plans,9999,840000,count,s\n", "model_period"},
  };
  for (const auto& [row, column] : cases) {
    try {
      parse_projections(header + row, "p.csv");
      ADD_FAILURE() << "no error for " << row;
    } catch (const InputError& e) {
      EXPECT_EQ(e.line(), 2) << row;
      EXPECT_EQ(e.field(), column) << row;
    }
  }
}

// A one-year England table with EHC plans set, and no LAs.
struct Tables {
  ResultTable england;
  std::vector<ResultTable> las;
  std::vector<finance::EnglandYear> money;
  Tables() {
    england.first_year = 2025;
    england.last_year = 2025;
    england.replicates = 1;
    england.values.assign(measures::pupils().size(), std::vector<std::vector<double>>(1, std::vector<double>(1, 0.0)));
    for (std::size_t k = 0; k < measures::pupils().size(); ++k)
      if (measures::pupils()[k].id == "ehc_plans") england.values[k][0][0] = 600000;
    finance::EnglandYear y;
    y.fy = 2024;
    y.spend = 11e9;
    money.push_back(y);
  }
  std::string compare(const std::string& rows) const {
    return compare_csv(read_compare_rows("measure,geography,period,value\n" + rows, "mine.csv",
                                         [](std::string_view) { return -1; }),
                       england, las, money);
  }
};

TEST(ValidationCompare, PutsTheModelBesideEachRow) {
  const std::string out = Tables().compare("ehc_plans,England,January 2025,640000\nhigh_needs_spend,England,FY 2024-25,10e9\n");
  EXPECT_NE(out.find("ehc_plans,England,January 2025,640000,600000.00,-40000.00,-6.25\n"), std::string::npos) << out;
  EXPECT_NE(out.find("high_needs_spend,England,FY 2024-25,10000000000,11000000000.00,1000000000.00,10.00\n"),
            std::string::npos)
      << out;
}

TEST(ValidationCompare, YoursOfZero_GivesTheDifferenceAndNoPercentage) {
  const std::string out = Tables().compare("ehc_plans,England,2025,0\n");
  EXPECT_NE(out.find("ehc_plans,England,2025,0,600000.00,600000.00,\n"), std::string::npos) << out;
}

TEST(ValidationCompare, YoursSoNearZeroThatThePercentageIsInfinite_GivesNoPercentage) {
  const std::string out = Tables().compare("ehc_plans,England,2025,1e-307\n");
  EXPECT_NE(out.find("ehc_plans,England,2025,1e-307,600000.00,600000.00,\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("inf"), std::string::npos) << out;
}

TEST(ValidationCompare, YoursVeryLarge_GivesFiniteDifferencesInExponentForm) {
  const std::string out = Tables().compare("ehc_plans,England,2025,1e300\n");
  EXPECT_NE(out.find("ehc_plans,England,2025,1e+300,600000.00,-1e+300,-100.00\n"), std::string::npos) << out;
}

TEST(ValidationCompare, YearOutsideTheRun_LeavesTheModelAndDifferencesEmpty) {
  const std::string out = Tables().compare("ehc_plans,England,2030,1\n");
  EXPECT_NE(out.find("ehc_plans,England,2030,1,,,\n"), std::string::npos) << out;
}

TEST(ValidationCompare, EachKindOfBadRow_IsAnErrorAtItsLineAndColumn) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plans,England,2025,1\n", "measure"},
      {"ehc_plans,England,spring,1\n", "period"},
      {"ehc_plans,Atlantis,2025,1\n", "geography"},
      {"ehc_plans,England,2024-25,1\n", "period"},
      {"high_needs_spend,England,2025,1\n", "period"},
      {"high_needs_spend,Kent,2024-25,1\n", "geography"},
      {"ehc_plans,England,2025,lots\n", "value"},
      {"ehc_plans,England,2025,nan\n", "value"},
      {"ehc_plans,England,2025,inf\n", "value"},
      {"ehc_plans,England,2025,-inf\n", "value"},
      {"ehc_plans,England,2025,1e400\n", "value"},
      {"ehc_plans,England,2025,\n", "value"},
      {"ehc_plans,England,9999,1\n", "period"},
      {"ehc_plans,England,0000,1\n", "period"},
      {"ehc_plans,England,2025-13,1\n", "period"},
  };
  for (const auto& [row, column] : cases) {
    try {
      Tables().compare(row);
      ADD_FAILURE() << "no error for " << row;
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), "mine.csv") << row;
      EXPECT_EQ(e.line(), 2) << row;
      EXPECT_EQ(e.field(), column) << row;
    }
  }
}

// An LA's money (issue 18): a run of Kent (886), with a ledger of its own, and Dorset (838) and
// Bournemouth, Christchurch and Poole (839), which share one; two replicates whose ledgers differ.
struct LaMoney {
  ResultTable england;
  std::vector<ResultTable> las = std::vector<ResultTable>(3);
  CompareLedgers known;
  std::vector<std::vector<finance::Ledger>> ledgers;
  LaMoney() {
    known.la_codes = {"886", "838", "839"};
    finance::Ledger kent, dorset;
    kent.name = "Kent";
    kent.model_codes = kent.funding_codes = {"886"};
    dorset.name = "Dorset, Poole, Bournemouth";
    dorset.model_codes = {"838", "839"};
    dorset.funding_codes = {"835", "836", "837", "838", "839"};
    known.units = {kent, dorset};
    known.first_fy = 2019;
    known.last_fy = 2026;
    for (int r = 0; r < 2; ++r) {
      for (int fy = 2023; fy <= 2024; ++fy) {
        finance::LedgerYear y;
        y.fy = fy;
        y.spend = 280e6 + 40e6 * r + 10e6 * (fy - 2023);
        y.allocation = 290e6 + 1e6 * r;
        y.transfer = 4e6;
        y.opening = -50e6 - 7e6 * r;
        y.closing = y.opening + y.in_year();
        kent.years.push_back(y);
        y.spend = 1e6;  // Dorset's: a figure no Kent row may give
        dorset.years.push_back(y);
      }
      ledgers.push_back({kent, dorset});
      kent.years.clear();
      dorset.years.clear();
    }
  }
  std::string compare(const std::string& rows) const {
    auto find_la = [](std::string_view q) { return q == "Kent" || q == "886" ? 0 : q == "Dorset" ? 1 : q == "839" ? 2 : -1; };
    return compare_csv(read_compare_rows("measure,geography,period,value\n" + rows, "mine.csv", find_la, known), england, las, {},
                       ledgers, "mine.csv");
  }
  // Kent's figure of `measure` in `fy`, worked out here from its ledger years: the mean over replicates.
  double kent(std::string_view measure, int fy) const {
    double sum = 0;
    for (const auto& replicate : ledgers)
      for (const auto& y : replicate.front().years) {
        if (y.fy != fy) continue;
        const double in_year = y.allocation + y.transfer - y.spend;
        sum += measure == "high_needs_spend" ? y.spend
               : measure == "high_needs_allocation" ? y.allocation
               : measure == "high_needs_in_year_balance" ? in_year
               : measure == "cumulative_dsg_balance" ? y.closing
               : measure == "net_overspend" ? std::max(0.0, -in_year)
               : measure == "high_needs_write_off" ? y.write_off
               : measure == "overspend_met_centrally" ? y.central
               : measure == "white_paper_grants" ? y.white_paper_grants
                                            : NAN;
      }
    return sum / static_cast<double>(ledgers.size());
  }
};

TEST(ValidationCompare, AnLasMoney_IsItsLedgersMeanOverReplicates) {
  const LaMoney run;
  int measures_compared = 0;
  for (const std::string& id : measures::ids(&measures::Shown::compare)) {
    for (const int fy : {2023, 2024}) {
      const std::string period = fy == 2023 ? "2023-24" : "2024-25";
      const auto out = data::CsvTable::parse(run.compare(id + ",Kent," + period + ",1e8\n"), "out.csv");
      ASSERT_EQ(out.rows(), 1u) << id;
      const double model = std::stod(std::string(out.cell(0, out.require_column("model"))));
      const double expected = run.kent(id, fy);
      ASSERT_TRUE(std::isfinite(expected)) << id << " has no figure worked out in this test";
      EXPECT_NEAR(model, expected, 0.01) << id << " " << period;
      EXPECT_EQ(out.cell(0, out.require_column("geography")), "Kent");
    }
    ++measures_compared;
  }
  EXPECT_GE(measures_compared, 5);
  // Kent's 2024-25 overspends in one replicate only: the mean is half that replicate's.
  EXPECT_NEAR(run.kent("net_overspend", 2024), 0.5 * (330e6 - 291e6 - 4e6), 0.01);
}

TEST(ValidationCompare, AnLasMoney_IsRefusedAtItsLineWhereTheModelHasNoFigureOfItsOwn) {
  const LaMoney run;
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      // Dorset and BCP share one ledger: refused, naming it, before the run.
      {"high_needs_spend,Dorset,2024-25,1\n", "geography", "Dorset, Poole, Bournemouth"},
      {"cumulative_dsg_balance,839,2024-25,1\n", "geography", "LAs paid: 835 836 837 838 839"},
      // Years the run's ledgers cannot hold: before the first allocation, after the run.
      {"high_needs_spend,Kent,2018-19,1\n", "period", "2019-20 to 2026-27"},
      {"high_needs_spend,Kent,2027-28,1\n", "period", "2019-20 to 2026-27"},
      // A year the run could hold but Kent's ledger lacks: refused after the run, at its line.
      {"high_needs_spend,Kent,2020-21,1\n", "period", "Kent's DSG ledger in this run (it holds 2023-24 to 2024-25)"},
      {"high_needs_spend,Atlantis,2024-25,1\n", "geography", "not England or an LA of the run"},
  };
  for (const auto& [row, column, says] : cases) {
    try {
      run.compare("high_needs_spend,Kent,2023-24,1\n" + row);
      ADD_FAILURE() << "no error for " << row;
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), "mine.csv") << row;
      EXPECT_EQ(e.line(), 3) << row;
      EXPECT_EQ(e.field(), column) << row;
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
  }
}

// Issue 6's test of the shipped parameters: a full-scale national run is within 2% of
// DfE's EHC plans (0-25) and SEN Support in every year 2015-2025, and within 5% of requests and
// new plans in every year they are published. Seed 2: not the seed the parameters were fitted
// with (1), so the run's own Monte Carlo noise is in the error.
TEST(ValidationInSample, ShippedParameters_MeetThePublishedSeries) {
  const auto params = data::parse_send_params(data::embedded_send_params(), data::kEmbeddedParamsName);
  const auto areas = data::starts_in(data::parse_la_starts(data::embedded_la_starts(), data::kEmbeddedStartsName), 2015);
  model::SendRunConfig config;
  config.start_year = 2015;  // the LA table's first January
  config.seed = 2;
  config.threads = 2;
  config.to = Month(2025, 12);
  const auto table = collect(model::run_send(params, areas, config), 2015, 2025);
  const auto& published = data::PublishedSeries::embedded();
  for (const auto& [measure, limit] : {std::pair{"ehc_plans", 2.0}, std::pair{"sen_support", 2.0},
                                       std::pair{"requests", 5.0}, std::pair{"new_plans", 5.0}}) {
    int years = 0;
    for (int y = 2015; y <= 2025; ++y) {
      const auto* f = published.find(measure, y);
      if (!f) continue;
      const double model = table.mean(measures::pupil_index(measure), y);
      EXPECT_LE(std::abs(100 * (model - f->value) / f->value), limit) << measure << " " << y << ": " << model << " vs " << f->value;
      ++years;
    }
    EXPECT_GE(years, 9) << measure;
  }
}

}  // namespace
}  // namespace sendtwin::report
