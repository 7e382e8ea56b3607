#include "modules/member/validate/civil_date.h"

#include <chrono>
#include <cstdio>

namespace dj::member {

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

bool is_valid_date(const Date& d) {
  return d.year >= 1 && d.year <= 9999 && d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

std::string to_iso(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::optional<Date> parse_iso(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const Date d{num(0, 4), num(5, 2), num(8, 2)};
  if (!is_valid_date(d)) return std::nullopt;
  return d;
}

long day_number(const Date& d) {
  const long y = d.year - 1;
  long n = 365 * y + y / 4 - y / 100 + y / 400;  // days in the whole years before
  for (int m = 1; m < d.month; ++m) n += days_in_month(d.year, m);
  return n + d.day - 1;
}

Date date_from_day_number(long n) {
  // Step by whole years, then months: slower than a closed formula but plainly
  // right, and callers convert at most one date per cell.
  Date d{1, 1, 1};
  const long per400 = 146097;  // days in 400 Gregorian years
  d.year += static_cast<int>(n / per400) * 400;
  n %= per400;
  for (;;) {
    const int len = is_leap_year(d.year) ? 366 : 365;
    if (n < len) break;
    n -= len;
    ++d.year;
  }
  while (n >= days_in_month(d.year, d.month)) {
    n -= days_in_month(d.year, d.month);
    ++d.month;
  }
  d.day = static_cast<int>(n) + 1;
  return d;
}

Date anniversary(const Date& birth, int years) {
  Date d{birth.year + years, birth.month, birth.day};
  if (d.month == 2 && d.day == 29 && !is_leap_year(d.year)) d = {d.year, 3, 1};
  return d;
}

Date today_in_china() {
  using namespace std::chrono;
  const auto beijing = floor<days>(system_clock::now() + hours(8));
  const year_month_day ymd{beijing};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

}  // namespace dj::member
