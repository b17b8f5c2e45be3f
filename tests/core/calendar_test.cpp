// Promises of core/calendar.h: month arithmetic, the four calendars the published statistics are
// read on, civil dates with month-end clamping, and year groups fixed by age on 31 August.
#include "core/calendar.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sendtwin {
namespace {

// --- Month: arithmetic --------------------------------------------------------------------------

TEST(CalendarMonth, YearAndMonthReadBackWhatWasGiven) {
  const Month m(2015, 9);
  EXPECT_EQ(m.year(), 2015);
  EXPECT_EQ(m.month(), 9);
}

TEST(CalendarMonth, AddingOneToDecemberGivesJanuaryOfTheNextYear) {
  EXPECT_EQ(Month(2015, 12) + 1, Month(2016, 1));
}

TEST(CalendarMonth, SubtractingOneFromJanuaryGivesDecemberOfThePreviousYear) {
  EXPECT_EQ(Month(2016, 1) - 1, Month(2015, 12));
}

TEST(CalendarMonth, AddingTwelveMonthsKeepsTheMonthAndAddsAYear) {
  const Month m = Month(2015, 5) + 12;
  EXPECT_EQ(m.year(), 2016);
  EXPECT_EQ(m.month(), 5);
}

TEST(CalendarMonth, DifferenceOfTwoMonthsIsTheNumberOfMonthsBetweenThem) {
  EXPECT_EQ(Month(2016, 3) - Month(2015, 9), 6);
  EXPECT_EQ(Month(2015, 9) - Month(2016, 3), -6);
  EXPECT_EQ(Month(2025, 1) - Month(2015, 1), 120);
}

TEST(CalendarMonth, IncrementStepsThroughTheYearEnd) {
  Month m(2015, 11);
  ++m;
  EXPECT_EQ(m, Month(2015, 12));
  ++m;
  EXPECT_EQ(m, Month(2016, 1));
}

TEST(CalendarMonth, MonthsOrderChronologically) {
  EXPECT_LT(Month(2015, 12), Month(2016, 1));
  EXPECT_LT(Month(2015, 1), Month(2015, 2));
  EXPECT_GT(Month(2016, 1), Month(2015, 12));
}

TEST(CalendarMonth, FromIndexRoundTripsTheIndex) {
  const Month m(2019, 7);
  EXPECT_EQ(Month::from_index(m.index()), m);
}

TEST(CalendarMonth, OfADateIsTheMonthItFallsIn) {
  EXPECT_EQ(Month::of(Date{2015, 9, 30}), Month(2015, 9));
}

TEST(CalendarMonth, FirstDayIsTheFirstOfTheMonth) {
  EXPECT_EQ(Month(2016, 2).first_day(), (Date{2016, 2, 1}));
}

TEST(CalendarMonth, ToStringIsYearDashTwoDigitMonth) {
  EXPECT_EQ(Month(2015, 1).to_string(), "2015-01");
  EXPECT_EQ(Month(2024, 12).to_string(), "2024-12");
}

// --- Month: the calendars -----------------------------------------------------------------------

TEST(CalendarMonth, AcademicYearStartsInSeptember) {
  EXPECT_EQ(Month(2015, 9).academic_year(), 2015);
  EXPECT_EQ(Month(2015, 12).academic_year(), 2015);
  EXPECT_EQ(Month(2016, 1).academic_year(), 2015);
  EXPECT_EQ(Month(2016, 8).academic_year(), 2015);
  EXPECT_EQ(Month(2016, 9).academic_year(), 2016);
}

TEST(CalendarMonth, OnlySeptemberStartsAnAcademicYear) {
  for (int m = 1; m <= 12; ++m) EXPECT_EQ(Month(2015, m).starts_academic_year(), m == 9) << m;
}

TEST(CalendarMonth, FinancialYearStartsInApril) {
  EXPECT_EQ(Month(2015, 4).financial_year(), 2015);
  EXPECT_EQ(Month(2015, 12).financial_year(), 2015);
  EXPECT_EQ(Month(2016, 1).financial_year(), 2015);
  EXPECT_EQ(Month(2016, 3).financial_year(), 2015);
  EXPECT_EQ(Month(2016, 4).financial_year(), 2016);
}

TEST(CalendarMonth, OnlyJanuaryIsACensusMonth) {
  for (int m = 1; m <= 12; ++m) EXPECT_EQ(Month(2015, m).is_census_month(), m == 1) << m;
}

// --- Month::parse -------------------------------------------------------------------------------

TEST(CalendarMonthParse, ReadsYearDashMonth) {
  EXPECT_EQ(Month::parse("2015-01"), Month(2015, 1));
  EXPECT_EQ(Month::parse("2024-12"), Month(2024, 12));
}

TEST(CalendarMonthParse, ABareYearMeansItsJanuary) { EXPECT_EQ(Month::parse("2015"), Month(2015, 1)); }

TEST(CalendarMonthParse, RoundTripsToString) {
  const Month m(2019, 10);
  EXPECT_EQ(Month::parse(m.to_string()), m);
}

TEST(CalendarMonthParse, RejectsMonthZeroAndThirteen) {
  EXPECT_THROW(Month::parse("2015-00"), std::invalid_argument);
  EXPECT_THROW(Month::parse("2015-13"), std::invalid_argument);
}

TEST(CalendarMonthParse, RejectsMalformedText) {
  for (const char* bad : {"", "2015-1", "15-01", "2015/01", "2015-1a", "abcd", "abcd-01", "2015-01-01",
                          " 2015-01", "201", "20155", "+015-01", "2015--1"}) {
    EXPECT_THROW(Month::parse(bad), std::invalid_argument) << '"' << bad << '"';
  }
}

// --- Date ---------------------------------------------------------------------------------------

TEST(CalendarDate, ParseReadsIsoDates) {
  EXPECT_EQ(Date::parse("2015-09-01"), (Date{2015, 9, 1}));
  EXPECT_EQ(Date::parse("2016-02-29"), (Date{2016, 2, 29}));
}

TEST(CalendarDate, ParseRoundTripsToString) {
  const Date d{2024, 3, 7};
  EXPECT_EQ(d.to_string(), "2024-03-07");
  EXPECT_EQ(Date::parse(d.to_string()), d);
}

TEST(CalendarDate, ParseRejectsDaysThatDoNotExist) {
  EXPECT_THROW(Date::parse("2015-02-29"), std::invalid_argument);  // not a leap year
  EXPECT_THROW(Date::parse("1900-02-29"), std::invalid_argument);  // century, not leap
  EXPECT_THROW(Date::parse("2015-04-31"), std::invalid_argument);
  EXPECT_THROW(Date::parse("2015-13-01"), std::invalid_argument);
  EXPECT_THROW(Date::parse("2015-00-10"), std::invalid_argument);
  EXPECT_THROW(Date::parse("2015-01-00"), std::invalid_argument);
  EXPECT_THROW(Date::parse("2015-01-32"), std::invalid_argument);
}

TEST(CalendarDate, ParseRejectsMalformedText) {
  for (const char* bad : {"", "2015-9-01", "2015-09-1", "2015/09/01", "15-09-01", "2015-09-01 ",
                          " 2015-09-01", "2015-0a-01", "2015-09-0x", "20150901", "2015-09-01T00"}) {
    EXPECT_THROW(Date::parse(bad), std::invalid_argument) << '"' << bad << '"';
  }
}

TEST(CalendarDate, ValidFollowsTheGregorianLeapYearRule) {
  EXPECT_TRUE((Date{2016, 2, 29}.valid()));   // divisible by 4
  EXPECT_FALSE((Date{2015, 2, 29}.valid()));  // not divisible by 4
  EXPECT_FALSE((Date{1900, 2, 29}.valid()));  // divisible by 100, not 400
  EXPECT_TRUE((Date{2000, 2, 29}.valid()));   // divisible by 400
}

TEST(CalendarDate, ValidRejectsOutOfRangeFields) {
  EXPECT_FALSE((Date{2015, 0, 1}.valid()));
  EXPECT_FALSE((Date{2015, 13, 1}.valid()));
  EXPECT_FALSE((Date{2015, 1, 0}.valid()));
  EXPECT_FALSE((Date{2015, 6, 31}.valid()));
  EXPECT_TRUE((Date{2015, 12, 31}.valid()));
}

TEST(CalendarDate, DaysCountFromTheUnixEpoch) {
  EXPECT_EQ((Date{1970, 1, 1}.days()), 0);
  EXPECT_EQ((Date{1970, 1, 2}.days()), 1);
  EXPECT_EQ((Date{2000, 1, 1}.days()), 10957);
}

TEST(CalendarDate, FromDaysInvertsDays) {
  for (const Date d : {Date{2015, 9, 1}, Date{2016, 2, 29}, Date{1999, 12, 31}, Date{2024, 1, 1}})
    EXPECT_EQ(Date::from_days(d.days()), d) << d.to_string();
}

TEST(CalendarDate, PlusDaysCrossesTheYearEnd) {
  EXPECT_EQ((Date{2015, 12, 31}.plus_days(1)), (Date{2016, 1, 1}));
}

TEST(CalendarDate, PlusDaysReachesTheLeapDay) {
  EXPECT_EQ((Date{2016, 2, 28}.plus_days(1)), (Date{2016, 2, 29}));
  EXPECT_EQ((Date{2015, 2, 28}.plus_days(1)), (Date{2015, 3, 1}));
}

TEST(CalendarDate, PlusDaysGoesBackwardsForNegativeCounts) {
  EXPECT_EQ((Date{2016, 3, 1}.plus_days(-1)), (Date{2016, 2, 29}));
}

TEST(CalendarDate, TwentyWeeksIsOneHundredAndFortyDays) {
  EXPECT_EQ(Weeks{20}.days(), 140);
  EXPECT_EQ((Date{2015, 9, 1}.plus_days(Weeks{20}.days())), (Date{2016, 1, 19}));
}

TEST(CalendarDate, PlusMonthsKeepsTheDayWhenItExists) {
  EXPECT_EQ((Date{2015, 11, 15}.plus_months(3)), (Date{2016, 2, 15}));
  EXPECT_EQ((Date{2016, 1, 15}.plus_months(-1)), (Date{2015, 12, 15}));
}

TEST(CalendarDate, PlusMonthsClampsToTheLastDayOfAShorterMonth) {
  EXPECT_EQ((Date{2015, 3, 31}.plus_months(1)), (Date{2015, 4, 30}));
  EXPECT_EQ((Date{2015, 1, 31}.plus_months(1)), (Date{2015, 2, 28}));
}

TEST(CalendarDate, PlusMonthsClampsToTheLeapDayInALeapYear) {
  EXPECT_EQ((Date{2016, 1, 31}.plus_months(1)), (Date{2016, 2, 29}));
  EXPECT_EQ((Date{2016, 3, 31}.plus_months(-1)), (Date{2016, 2, 29}));
}

TEST(CalendarDate, PlusTwelveMonthsFromALeapDayGivesTheTwentyEighth) {
  EXPECT_EQ((Date{2016, 2, 29}.plus_months(12)), (Date{2017, 2, 28}));
  EXPECT_EQ((Date{2016, 2, 29}.plus_months(48)), (Date{2020, 2, 29}));
}

TEST(CalendarDate, PlusMonthsAlwaysGivesAValidDate) {
  for (int day = 1; day <= 31; ++day)
    for (int n = -30; n <= 30; ++n) {
      const Date d = Date{2015, 1, day}.plus_months(n);
      EXPECT_TRUE(d.valid()) << day << " + " << n << " -> " << d.to_string();
    }
}

TEST(CalendarDate, WeekdayCountsFromMondayZero) {
  EXPECT_EQ((Date{2024, 1, 1}.weekday()), 0);    // Monday
  EXPECT_EQ((Date{2015, 9, 1}.weekday()), 1);    // Tuesday
  EXPECT_EQ((Date{1970, 1, 1}.weekday()), 3);    // Thursday
  EXPECT_EQ((Date{2016, 2, 29}.weekday()), 0);   // Monday
  EXPECT_EQ((Date{2023, 12, 31}.weekday()), 6);  // Sunday
}

TEST(CalendarDate, DatesOrderChronologically) {
  EXPECT_LT((Date{2015, 12, 31}), (Date{2016, 1, 1}));
  EXPECT_LT((Date{2016, 1, 31}), (Date{2016, 2, 1}));
  EXPECT_LT((Date{2016, 2, 1}), (Date{2016, 2, 2}));
}

// --- Year groups and ages -----------------------------------------------------------------------

TEST(CalendarYearGroup, ChildBornFirstSeptemberIsInReceptionTheAcademicYearItTurnsFive) {
  EXPECT_EQ(year_group(Month(2010, 9), 2015), 0);
}

TEST(CalendarYearGroup, ChildBornThirtyFirstAugustIsInTheSameReceptionClass) {
  EXPECT_EQ(year_group(Month(2011, 8), 2015), 0);
}

TEST(CalendarYearGroup, ChildBornTheNextFirstSeptemberIsNotYetInReception) {
  EXPECT_EQ(year_group(Month(2011, 9), 2015), -1);
}

TEST(CalendarYearGroup, RisesByOneEachAcademicYear) {
  const Month birth(2010, 12);
  for (int y = 2015; y <= 2027; ++y) EXPECT_EQ(year_group(birth, y), y - 2015) << y;
}

TEST(CalendarYearGroup, SixteenYearOldsOnThirtyFirstAugustAreInYearTwelve) {
  // Born September 1998: aged 16 on 31 August 2015.
  EXPECT_EQ(year_group(Month(1998, 9), 2015), 12);
  EXPECT_EQ(year_group(Month(1999, 8), 2015), 12);
}

TEST(CalendarAge, AgeInYearsCountsWholeYearsFromTheBirthMonth) {
  EXPECT_EQ(age_in_years(Month(2010, 9), Month(2015, 8)), 4);
  EXPECT_EQ(age_in_years(Month(2010, 9), Month(2015, 9)), 5);
  EXPECT_EQ(age_in_years(Month(2010, 9), Month(2010, 9)), 0);
}

// --- Labels -------------------------------------------------------------------------------------

TEST(CalendarLabel, AcademicYearLabelIsStartYearDashTwoDigitEndYear) {
  EXPECT_EQ(academic_year_label(2015), "2015-16");
  EXPECT_EQ(academic_year_label(2024), "2024-25");
}

TEST(CalendarLabel, AcademicYearLabelWrapsTheCentury) {
  EXPECT_EQ(academic_year_label(1999), "1999-00");
  EXPECT_EQ(academic_year_label(2009), "2009-10");
}

TEST(CalendarLabel, FinancialYearLabelIsStartYearDashTwoDigitEndYear) {
  EXPECT_EQ(financial_year_label(2015), "2015-16");
  EXPECT_EQ(financial_year_label(2023), "2023-24");
}

}  // namespace
}  // namespace sendtwin
