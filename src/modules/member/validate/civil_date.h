// A calendar date without time or zone: what 出生日期 and 入党日期 are.
// Kept as plain fields so comparisons and messages need no time library.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace dj::member {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const Date&) const = default;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);  // 0 for a month outside 1–12
bool is_valid_date(const Date& d);        // a real Gregorian date, year 1–9999

std::string to_iso(const Date& d);                       // "2012-07-01"
std::optional<Date> parse_iso(std::string_view s);       // exactly YYYY-MM-DD, real date

// Whole days since 0001-01-01 (day 0); only differences are meaningful.
long day_number(const Date& d);
Date date_from_day_number(long n);

// The date someone born on `birth` turns `years` old. Someone born on 29 Feb
// comes of age on 1 Mar in a non-leap year — the later reading, so an age
// limit is never considered met a day early.
Date anniversary(const Date& birth, int years);

// Today in China Standard Time (UTC+8, no DST), which is the day the people
// entering the data live in regardless of the server's zone.
Date today_in_china();

}  // namespace dj::member
