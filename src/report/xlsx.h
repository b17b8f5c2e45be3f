// Excel workbooks (issue 8, `--xlsx FILE`): the tables a run writes as CSV, each on its own sheet,
// written with libxlsxwriter (Debian's libxlsxwriter-dev). Cells that read as numbers are written
// as numbers, the header row is bold and frozen. The workbook is written to a temporary file
// beside the target and renamed, so a failed run leaves nothing half-written.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sendtwin::report {

// A cell of a formatted table: text, or a number shown in its unit's format. Money is written in
// GBP thousands ("#,##0", as DfE's returns give it), percentages as fractions in "0.0%", counts
// as whole numbers ("#,##0").
enum class Format { Text, Count, Thousands, Percent, Decimal };
struct Cell {
  std::string text;  // Format::Text; an empty text is an empty cell
  double number = 0;
  Format format = Format::Text;
};
Cell text_cell(std::string text);
Cell count_cell(double count);      // NaN: an empty cell
Cell money_cell(double pounds);     // written as pounds / 1000; NaN: an empty cell
Cell percent_cell(double percent);  // 12.5 is written as 0.125 in "0.0%"; NaN: an empty cell
Cell decimal_cell(double value);    // "0.000"; NaN: an empty cell

// A table of a formatted sheet: a bold header row (its first cell the table's title), then rows.
struct Block {
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
};

// A CSV table (with a header row) as a block: its numbers in "0.000" unless whole ("#,##0").
Block csv_block(const std::string& csv);

struct Sheet {
  Sheet(std::string name_, std::string csv_) : name(std::move(name_)), csv(std::move(csv_)) {}
  Sheet(std::string name_, std::vector<Block> blocks_) : name(std::move(name_)), blocks(std::move(blocks_)) {}
  std::string name;  // at most 31 characters (Excel's limit)
  std::string csv;   // a CSV table with a header row
  // Or, where not empty, tables one under the other (a blank row between), the first header row
  // frozen: the returns DfE asks of an LA (report/returns.h) and the LA workbook's sheets.
  std::vector<Block> blocks;
};

void write_xlsx(const std::string& path, const std::vector<Sheet>& sheets);

}  // namespace sendtwin::report
