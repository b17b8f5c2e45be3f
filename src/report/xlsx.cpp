#include "report/xlsx.h"

#include <xlsxwriter.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

#include "data/csv.h"

namespace sendtwin::report {

namespace {

// The cell as a number if all of it is one (a code such as "886" stays a number too: Excel users
// expect that), else nothing.
bool as_number(std::string_view text, double& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

void check(lxw_error error, const std::string& path, const char* what) {
  if (error != LXW_NO_ERROR)
    throw std::runtime_error(path + ": " + what + ": " + lxw_strerror(error));
}

}  // namespace

void write_xlsx(const std::string& path, const std::vector<Sheet>& sheets) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (!target.parent_path().empty()) fs::create_directories(target.parent_path());
  const std::string temp = (target.parent_path() / ("." + target.filename().string() + ".tmp" + std::to_string(::getpid()))).string();
  lxw_workbook* book = workbook_new(temp.c_str());
  if (!book) throw std::runtime_error(path + ": cannot create the workbook");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  try {
    for (const auto& sheet : sheets) {
      const data::CsvTable table = data::CsvTable::parse(sheet.csv, sheet.name);
      lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name.substr(0, 31).c_str());
      if (!ws) throw std::runtime_error(path + ": cannot add the sheet " + sheet.name);
      const auto& header = table.header();
      for (std::size_t c = 0; c < header.size(); ++c) {
        check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), bold), path, "header");
        worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), c == 0 ? 30 : 14, nullptr);
      }
      worksheet_freeze_panes(ws, 1, 0);
      for (std::size_t r = 0; r < table.rows(); ++r)
        for (std::size_t c = 0; c < header.size(); ++c) {
          const std::string_view cell = table.cell(r, c);
          const auto row = static_cast<lxw_row_t>(r + 1);
          const auto col = static_cast<lxw_col_t>(c);
          double v = 0;
          if (cell.empty()) continue;
          if (as_number(cell, v)) check(worksheet_write_number(ws, row, col, v, nullptr), path, "a number");
          else check(worksheet_write_string(ws, row, col, std::string(cell).c_str(), nullptr), path, "a string");
        }
    }
  } catch (...) {
    workbook_close(book);
    std::remove(temp.c_str());
    throw;
  }
  const lxw_error closed = workbook_close(book);
  if (closed != LXW_NO_ERROR) {
    std::remove(temp.c_str());
    check(closed, path, "writing the workbook");
  }
  fs::rename(temp, target);
}

}  // namespace sendtwin::report
