// `--xlsx`: the workbook holds each table on its own sheet, numbers as numbers, and a failure
// leaves nothing behind.
#include "report/xlsx.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <string>

#include "core/error.h"

namespace sendtwin::report {
namespace {

std::string member(const std::string& path, const char* name) {
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (!z) return "";
  std::string out;
  if (zip_file_t* f = zip_fopen(z, name, 0)) {
    char buf[4096];
    zip_int64_t n;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    zip_fclose(f);
  }
  zip_close(z);
  return out;
}

std::filesystem::path scratch(const char* name) {
  const auto dir = std::filesystem::temp_directory_path() / ("sendtwin_xlsx_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

TEST(ReportXlsx, EachTableIsASheet_NumbersAreNumbers) {
  const auto path = scratch("book.xlsx");
  write_xlsx(path.string(), {{"England", "measure,2024,2025\nehc_plans,576474,638745\n"},
                             {"Kent", "measure,code\nehc_plans,886\nnote,\"a, b\"\n"}});
  const std::string book = member(path.string(), "xl/workbook.xml");
  EXPECT_NE(book.find("<sheet name=\"England\""), std::string::npos);
  EXPECT_NE(book.find("<sheet name=\"Kent\""), std::string::npos);
  const std::string sheet1 = member(path.string(), "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet1.find("<v>638745</v>"), std::string::npos);
  const std::string strings = member(path.string(), "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("ehc_plans"), std::string::npos);
  EXPECT_NE(strings.find("a, b"), std::string::npos);
  std::filesystem::remove_all(path.parent_path());
}

TEST(ReportXlsx, AMalformedTable_LeavesNoFile) {
  const auto path = scratch("bad.xlsx");
  EXPECT_THROW(write_xlsx(path.string(), {{"Bad", "a,b\n1,2,3\n"}}), InputError);
  EXPECT_FALSE(std::filesystem::exists(path));
  std::size_t left = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(path.parent_path())) ++left;
  EXPECT_EQ(left, 0u);
  std::filesystem::remove_all(path.parent_path());
}

}  // namespace
}  // namespace sendtwin::report
