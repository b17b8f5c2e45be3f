#include "report/xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
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

Cell number_cell(double value, Format format) {
  if (std::isnan(value)) return {};
  return Cell{.text = {}, .number = value, .format = format};
}

// The number formats, one per Format, made once per workbook.
struct Formats {
  lxw_format* bold;
  std::array<lxw_format*, 5> number{};
  explicit Formats(lxw_workbook* book) : bold(workbook_add_format(book)) {
    format_set_bold(bold);
    const std::array<const char*, 5> codes = {nullptr, "#,##0", "#,##0", "0.0%", "0.000"};
    for (std::size_t k = 1; k < codes.size(); ++k) {
      number[k] = workbook_add_format(book);
      format_set_num_format(number[k], codes[k]);
    }
  }
};

void write_csv_sheet(lxw_worksheet* ws, const Sheet& sheet, const Formats& formats, const std::string& path) {
  const data::CsvTable table = data::CsvTable::parse(sheet.csv, sheet.name);
  const auto& header = table.header();
  for (std::size_t c = 0; c < header.size(); ++c) {
    check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), formats.bold), path, "header");
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

void write_blocks(lxw_worksheet* ws, const Sheet& sheet, const Formats& formats, const std::string& path) {
  lxw_row_t row = 0;
  std::size_t widest = 0;
  for (const auto& block : sheet.blocks) {
    widest = std::max(widest, block.header.size());
    for (std::size_t c = 0; c < block.header.size(); ++c)
      check(worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), block.header[c].c_str(), formats.bold), path, "header");
    ++row;
    for (const auto& cells : block.rows) {
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const Cell& cell = cells[c];
        const auto col = static_cast<lxw_col_t>(c);
        if (cell.format == Format::Text) {
          if (!cell.text.empty()) check(worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr), path, "a string");
        } else {
          const double shown = cell.format == Format::Thousands ? cell.number / 1000.0
                               : cell.format == Format::Percent ? cell.number / 100.0 : cell.number;
          check(worksheet_write_number(ws, row, col, shown, formats.number[static_cast<std::size_t>(cell.format)]), path, "a number");
        }
        widest = std::max(widest, cells.size());
      }
      ++row;
    }
    ++row;  // a blank row between tables
  }
  for (std::size_t c = 0; c < widest; ++c)
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), c == 0 ? 48 : 13, nullptr);
  worksheet_freeze_panes(ws, 1, 1);
}

}  // namespace

Block csv_block(const std::string& csv) {
  const data::CsvTable table = data::CsvTable::parse(csv, "a table");
  Block b{.header = table.header(), .rows = {}};
  for (std::size_t r = 0; r < table.rows(); ++r) {
    std::vector<Cell> row;
    for (std::size_t c = 0; c < b.header.size(); ++c) {
      const std::string_view cell = table.cell(r, c);
      double v = 0;
      if (as_number(cell, v)) row.push_back(v == std::round(v) && std::fabs(v) < 1e15 ? count_cell(v) : decimal_cell(v));
      else row.push_back(text_cell(std::string(cell)));
    }
    b.rows.push_back(std::move(row));
  }
  return b;
}

Cell text_cell(std::string text) { return Cell{.text = std::move(text), .number = 0, .format = Format::Text}; }
Cell count_cell(double count) { return number_cell(count, Format::Count); }
Cell money_cell(double pounds) { return number_cell(pounds, Format::Thousands); }
Cell percent_cell(double percent) { return number_cell(percent, Format::Percent); }
Cell decimal_cell(double value) { return number_cell(value, Format::Decimal); }

void write_xlsx(const std::string& path, const std::vector<Sheet>& sheets) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (!target.parent_path().empty()) fs::create_directories(target.parent_path());
  const std::string temp = (target.parent_path() / ("." + target.filename().string() + ".tmp" + std::to_string(::getpid()))).string();
  lxw_workbook* book = workbook_new(temp.c_str());
  if (!book) throw std::runtime_error(path + ": cannot create the workbook");
  const Formats formats(book);
  try {
    for (const auto& sheet : sheets) {
      lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name.substr(0, 31).c_str());
      if (!ws) throw std::runtime_error(path + ": cannot add the sheet " + sheet.name);
      if (sheet.blocks.empty()) write_csv_sheet(ws, sheet, formats, path);
      else write_blocks(ws, sheet, formats, path);
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
