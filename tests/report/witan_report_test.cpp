// Promises of report/witan_report.h: witan.send's statistics by its definitions (HdrHistogram's
// percentile rank, population standard deviation, a normal interval for the mean), numbers written
// as witan.send writes them.
#include "report/witan_report.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"

namespace sendtwin::report {
namespace {

TEST(WitanReport, StatisticsFollowWitanSendsDefinitions) {
  std::vector<double> values{10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  const auto s = summarise_witan(values);
  EXPECT_DOUBLE_EQ(s.mean, 5.5);
  EXPECT_DOUBLE_EQ(s.std_dev, std::sqrt(8.25));  // divisor n, as HdrHistogram's
  EXPECT_EQ(s.min, 1);
  EXPECT_EQ(s.low_95, 1);   // rank max(1, ceil(0.25))
  EXPECT_EQ(s.q1, 3);       // rank ceil(2.5)
  EXPECT_EQ(s.median, 5);   // rank 5
  EXPECT_EQ(s.q3, 8);       // rank ceil(7.5)
  EXPECT_EQ(s.high_95, 10); // rank ceil(9.75)
  EXPECT_EQ(s.max, 10);
  EXPECT_EQ(s.iqr, 5);
  EXPECT_DOUBLE_EQ(s.low_ci, 5.5 - 1.96 * std::sqrt(8.25) / std::sqrt(10.0));
  EXPECT_DOUBLE_EQ(s.high_ci, 5.5 + 1.96 * std::sqrt(8.25) / std::sqrt(10.0));
}

TEST(WitanReport, NumbersAreWrittenAsWitanSendWritesThem) {
  EXPECT_EQ(witan_number(2154), "2154.0");
  EXPECT_EQ(witan_number(25.8149), "25.81");
  EXPECT_EQ(witan_number(2241.8151), "2241.82");
  EXPECT_EQ(witan_number(2153471.0), "2153471.0");
  EXPECT_EQ(witan_number(-0.001), "0.0");
}

TEST(WitanReport, AFailedWriteLeavesNoNewFileBehind) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("sendtwin-witan-write-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  write_witan_outputs(dir.string(), {{"Output_Count.csv", "old count\n"}, {"Output_Cost.csv", "old cost\n"}});
  // The third file cannot be staged: a folder stands where it would be written.
  fs::create_directories(dir / ("Output_AY.csv.tmp." + std::to_string(::getpid())));
  EXPECT_THROW(write_witan_outputs(dir.string(), {{"Output_Count.csv", "new count\n"},
                                                  {"Output_Cost.csv", "new cost\n"},
                                                  {"Output_AY.csv", "new ay\n"}}),
               InputError);
  std::ifstream count(dir / "Output_Count.csv");
  std::string line;
  std::getline(count, line);
  EXPECT_EQ(line, "old count");
  EXPECT_FALSE(fs::exists(dir / "Output_AY.csv"));
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) files += entry.is_regular_file();
  EXPECT_EQ(files, 2);  // the two old outputs, no staged or temporary file
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sendtwin::report
