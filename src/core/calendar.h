// Calendars of the SEND system. The model steps in calendar months; the published statistics are
// read on four calendars that start in different months:
//   - the school census and the SEN2 snapshot: January of each year;
//   - the academic year: September to August (a pupil's year group is fixed by age on 31 August);
//   - the financial year: April to March (DSG allocations, high needs spend);
//   - the calendar year: January to December (SEN2 flows: requests, new plans, appeals).
#pragma once
#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace sendtwin {

// A civil date; statutory deadlines are counted in days and weeks from one.
struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  // Inline: the model converts dates for every request it draws.
  static Date from_days(std::int64_t days_since_epoch) {
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
    return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                static_cast<int>(static_cast<unsigned>(ymd.day()))};
  }
  std::int64_t days() const {  // days since 1970-01-01
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    return std::chrono::sys_days{ymd}.time_since_epoch().count();
  }
  bool valid() const;
  Date plus_days(std::int64_t n) const { return from_days(days() + n); }
  // Adds calendar months; a day that does not exist in the target month becomes its last day.
  Date plus_months(int n) const;
  int weekday() const;  // 0 = Monday .. 6 = Sunday
  std::string to_string() const;  // ISO yyyy-mm-dd
  static Date parse(std::string_view iso);  // throws std::invalid_argument

  auto operator<=>(const Date&) const = default;
};

// A span of whole weeks (statutory clocks are stated in weeks).
struct Weeks {
  int count = 0;
  constexpr std::int64_t days() const { return 7 * static_cast<std::int64_t>(count); }
  auto operator<=>(const Weeks&) const = default;
};

// A calendar month: the model's unit of time. Stored as months since January of year 0, so that
// arithmetic is plain integer arithmetic.
class Month {
 public:
  constexpr Month() = default;
  constexpr Month(int year, int month) : index_(year * 12 + (month - 1)) {}
  static constexpr Month from_index(int index) {
    Month m;
    m.index_ = index;
    return m;
  }
  static Month of(const Date& d) { return Month(d.year, d.month); }

  constexpr int index() const { return index_; }
  constexpr int year() const { return index_ / 12; }
  constexpr int month() const { return index_ % 12 + 1; }  // 1..12

  // The January census (and SEN2 snapshot) whose year this is.
  constexpr bool is_census_month() const { return month() == 1; }
  // Academic year named by the calendar year it starts in: Sept 2015 .. Aug 2016 -> 2015.
  constexpr int academic_year() const { return month() >= 9 ? year() : year() - 1; }
  // Financial year named by the calendar year it starts in: Apr 2015 .. Mar 2016 -> 2015.
  constexpr int financial_year() const { return month() >= 4 ? year() : year() - 1; }
  constexpr bool starts_academic_year() const { return month() == 9; }

  Date first_day() const { return Date{year(), month(), 1}; }
  std::string to_string() const;  // "2015-01"
  static Month parse(std::string_view text);  // "2015-01" or "2015"; throws std::invalid_argument

  constexpr Month operator+(int months) const { return from_index(index_ + months); }
  constexpr Month operator-(int months) const { return from_index(index_ - months); }
  constexpr int operator-(Month other) const { return index_ - other.index_; }
  Month& operator++() {
    ++index_;
    return *this;
  }
  constexpr auto operator<=>(const Month&) const = default;

 private:
  int index_ = 0;
};

// Labels the published series use for periods: "2015-16" for academic and financial years.
std::string academic_year_label(int start_year);
std::string financial_year_label(int start_year);

// National Curriculum year group of a child born in `birth` during the academic year starting in
// September of `academic_year`: reception (0) is the year in which the child turns 5, so a child
// is in reception if aged 4 on 31 August before it starts. Negative before reception; 12 = Year 12.
// Inline: the model asks it at every review, request and census of a plan holder.
constexpr int year_group(Month birth, int academic_year) {
  // Age on 31 August before the academic year starts: children born September..August of one
  // academic cohort share a year group. Reception: aged 4 on that 31 August.
  return academic_year - birth.academic_year() - 5;
}

// Age in whole years on the first day of `at` for a child born in month `birth` (born on the 1st).
constexpr int age_in_years(Month birth, Month at) { return (at - birth) / 12; }

}  // namespace sendtwin
