// Excel workbooks (issue 8, `--xlsx FILE`): the tables a run writes as CSV, each on its own sheet,
// written with libxlsxwriter (Debian's libxlsxwriter-dev). Cells that read as numbers are written
// as numbers, the header row is bold and frozen. The workbook is written to a temporary file
// beside the target and renamed, so a failed run leaves nothing half-written.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace sendtwin::report {

struct Sheet {
  std::string name;  // at most 31 characters (Excel's limit)
  std::string csv;   // a CSV table with a header row
};

void write_xlsx(const std::string& path, const std::vector<Sheet>& sheets);

}  // namespace sendtwin::report
