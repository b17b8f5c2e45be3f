#include "core/calendar.h"

#include <cstdio>
#include <stdexcept>

namespace sendtwin {

namespace {
namespace chr = std::chrono;

int parse_int(std::string_view text, std::string_view what) {
  if (text.empty()) throw std::invalid_argument(std::string(what) + " is empty");
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') throw std::invalid_argument(std::string(what) + " is not a number");
    value = value * 10 + (c - '0');
    if (value > 100000) throw std::invalid_argument(std::string(what) + " is too large");
  }
  return value;
}
}  // namespace

bool Date::valid() const {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return chr::year_month_day{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                             chr::day{static_cast<unsigned>(day)}}
      .ok();
}

Date Date::plus_months(int n) const {
  const int index = year * 12 + (month - 1) + n;
  Date out{index / 12, index % 12 + 1, day};
  const chr::year_month_day_last last{chr::year{out.year},
                                      chr::month_day_last{chr::month{static_cast<unsigned>(out.month)}}};
  const int last_day = static_cast<int>(static_cast<unsigned>(last.day()));
  if (out.day > last_day) out.day = last_day;
  return out;
}

int Date::weekday() const {
  const chr::weekday wd{chr::sys_days{chr::days{days()}}};
  return static_cast<int>(wd.iso_encoding()) - 1;
}

std::string Date::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Date Date::parse(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-')
    throw std::invalid_argument("date must be written yyyy-mm-dd");
  Date d{parse_int(iso.substr(0, 4), "year"), parse_int(iso.substr(5, 2), "month"),
         parse_int(iso.substr(8, 2), "day")};
  if (!d.valid()) throw std::invalid_argument("no such date: " + std::string(iso));
  return d;
}

std::string Month::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year(), month());
  return buf;
}

Month Month::parse(std::string_view text) {
  if (text.size() == 4) return Month(parse_int(text, "year"), 1);
  if (text.size() != 7 || text[4] != '-')
    throw std::invalid_argument("month must be written yyyy-mm or yyyy");
  const int m = parse_int(text.substr(5, 2), "month");
  if (m < 1 || m > 12) throw std::invalid_argument("month must be 01..12");
  return Month(parse_int(text.substr(0, 4), "year"), m);
}

std::string academic_year_label(int start_year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", start_year, (start_year + 1) % 100);
  return buf;
}

std::string financial_year_label(int start_year) { return academic_year_label(start_year); }

}  // namespace sendtwin
