#include "core/excel/cell_format.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace dj::excel::detail {
namespace {

std::string to_text(double v, std::chars_format fmt, int precision) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, fmt, precision);
  return std::string(buf, r.ptr);
}

std::string two(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

}  // namespace

std::string format_number(double v) {
  if (!std::isfinite(v)) return to_text(v, std::chars_format::general, 15);
  const double mag = std::fabs(v);
  if (v == std::floor(v) && mag < 1e15) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(v));
    return std::string(buf, r.ptr);
  }
  // Round to 15 significant digits first, as Excel does.
  const std::string rounded = to_text(v, std::chars_format::general, 15);
  if (v == std::floor(v) && mag < 1e21) {
    // Written out in full from the rounded digits ("1.10105199001011e+17" →
    // 110105199001011000): converting back to a double would bring back
    // binary noise in the last digits.
    const std::size_t e = rounded.find('e');
    std::string digits;
    for (char c : rounded.substr(0, e))
      if (c >= '0' && c <= '9') digits += c;
    const int exp = std::stoi(rounded.substr(e + 1));
    const int zeros = exp - static_cast<int>(digits.size()) + 1;
    return (v < 0 ? "-" : "") + digits + std::string(static_cast<std::size_t>(std::max(zeros, 0)), '0');
  }
  return rounded;
}

std::string format_serial(double serial, bool date1904) {
  constexpr double kMaxSerial = 2958466;  // 9999-12-31 + 1
  if (!std::isfinite(serial) || serial < 0 || serial >= kMaxSerial) return format_number(serial);
  auto days = static_cast<std::int64_t>(std::floor(serial));
  auto secs = static_cast<std::int64_t>(std::llround((serial - static_cast<double>(days)) * 86400));
  if (secs >= 86400) {
    ++days;
    secs -= 86400;
  }
  const std::string time = two(static_cast<int>(secs / 3600)) + ":" + two(static_cast<int>(secs / 60 % 60)) + ":" +
                           two(static_cast<int>(secs % 60));
  if (days == 0) return time;

  using namespace std::chrono;
  std::string date;
  if (!date1904 && days == 60) {
    date = "1900-02-29";
  } else {
    // Serial 1 is 1900-01-01; past the phantom 02-29 every serial is one day
    // further from its date, hence the two bases. 1904 workbooks count from 1904-01-01.
    const sys_days base = date1904  ? sys_days(year{1904} / January / 1)
                          : days < 60 ? sys_days(year{1899} / December / 31)
                                      : sys_days(year{1899} / December / 30);
    const year_month_day ymd(base + std::chrono::days(days));
    date = std::to_string(static_cast<int>(ymd.year())) + "-" + two(static_cast<int>(unsigned(ymd.month()))) + "-" +
           two(static_cast<int>(unsigned(ymd.day())));
  }
  return secs == 0 ? date : date + " " + time;
}

bool is_date_format(int id, std::string_view code) {
  if (code.empty()) {
    // 14–22 and 45–47 are Excel's own date/time formats; 27–36 and 50–58
    // are the CJK locales' (yyyy"年"m"月"d"日", h"时"mm"分" and the like),
    // which a Chinese Excel writes without defining them in styles.xml.
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
  }
  bool date_part = false, time_part = false, month_or_minute = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == ';') break;  // the first section (positive numbers) decides
    if (c == '"') {       // literal text such as "年"
      const std::size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // an escaped character, a space as wide as one, a fill character
    } else if (c == '[') {  // [Red], [$-804], [DBNum1]; [h]/[mm]/[ss] are elapsed time
      const std::size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      const std::string_view inside = code.substr(i + 1, close - i - 1);
      if (!inside.empty() && inside.find_first_not_of("hHmMsS") == std::string_view::npos) time_part = true;
      i = close;
    } else {
      switch (c) {
        case 'y': case 'Y': case 'd': case 'D': date_part = true; break;
        case 'm': case 'M': month_or_minute = true; break;
        case 'h': case 'H': case 's': case 'S': time_part = true; break;
        default: break;
      }
    }
  }
  // m next to h or s is minutes; alone it is a month. Either way the cell
  // holds a serial, which is what the flag tells the caller.
  return date_part || time_part || month_or_minute;
}

std::string decode_escapes(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      int cp = 0;
      bool ok = true;
      for (std::size_t k = 2; k < 6; ++k) {
        const int h = hex(s[i + k]);
        ok = ok && h >= 0;
        cp = cp * 16 + (h < 0 ? 0 : h);
      }
      if (ok) {
        if (cp < 0x80) {
          out += static_cast<char>(cp);
        } else if (cp < 0x800) {
          out += static_cast<char>(0xC0 | (cp >> 6));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (cp >> 12));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        i += 6;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace dj::excel::detail
