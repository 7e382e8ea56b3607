#include "modules/member/validate/civil_date.h"

#include <gtest/gtest.h>

namespace dj::member {
namespace {

TEST(CivilDate, LeapYears) {
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2023, 2), 28);
  EXPECT_EQ(days_in_month(2023, 13), 0);
}

TEST(CivilDate, DayNumberRoundTripsAcrossCenturies) {
  for (long n = day_number({1899, 12, 1}); n < day_number({2101, 1, 31}); n += 17) {
    const Date d = date_from_day_number(n);
    ASSERT_TRUE(is_valid_date(d)) << n;
    ASSERT_EQ(day_number(d), n) << to_iso(d);
  }
  EXPECT_EQ(day_number({2000, 3, 1}) - day_number({2000, 2, 28}), 2);
  EXPECT_EQ(day_number({1900, 3, 1}) - day_number({1900, 2, 28}), 1);
}

TEST(CivilDate, StrictIso) {
  EXPECT_EQ(parse_iso("2012-07-01"), (Date{2012, 7, 1}));
  EXPECT_FALSE(parse_iso("2012-7-1"));
  EXPECT_FALSE(parse_iso("2023-02-29"));
  EXPECT_EQ(to_iso({1900, 1, 1}), "1900-01-01");
}

TEST(CivilDate, LeapDayBirthdayComesOfAgeOnFirstOfMarch) {
  EXPECT_EQ(anniversary({2004, 2, 29}, 18), (Date{2022, 3, 1}));
  EXPECT_EQ(anniversary({2004, 2, 29}, 20), (Date{2024, 2, 29}));
  EXPECT_EQ(anniversary({1980, 1, 1}, 18), (Date{1998, 1, 1}));
}

TEST(CivilDate, TodayIsPlausible) {
  const Date t = today_in_china();
  EXPECT_TRUE(is_valid_date(t));
  EXPECT_GE(t.year, 2024);
}

}  // namespace
}  // namespace dj::member
