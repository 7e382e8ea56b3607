#include "modules/member/validate/date_parse.h"

#include <vector>

#include "modules/member/validate/text_fold.h"

namespace dj::member {

std::optional<Date> excel_serial_to_date(long serial) {
  if (serial < 1 || serial > 100000 || serial == 60) return std::nullopt;
  // Serials up to 59 count from 1899-12-31; later ones from 1899-12-30,
  // absorbing the phantom leap day.
  const Date base = serial < 60 ? Date{1899, 12, 31} : Date{1899, 12, 30};
  return date_from_day_number(day_number(base) + serial);
}

namespace {

constexpr std::string_view kHint = "请按“2012-07-01”的格式填写。";

DateParse failure(std::string message) {
  DateParse r;
  r.error = std::move(message);
  return r;
}

std::string quoted(std::string_view s) { return "“" + std::string(s) + "”"; }

int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// Drops a trailing time of day ("2012-07-01 00:00:00", "2012/7/1 0:00"),
// which spreadsheets and database exports append to dates.
std::string_view strip_time(std::string_view s) {
  const auto sep = s.find_last_of(" T");
  if (sep == std::string_view::npos || sep == 0) return s;
  const std::string_view t = s.substr(sep + 1);
  // h:mm or hh:mm, optionally :ss
  std::size_t i = 0;
  while (i < t.size() && i < 2 && t[i] >= '0' && t[i] <= '9') ++i;
  if (i == 0 || (t.size() != i + 3 && t.size() != i + 6)) return s;
  for (std::size_t k = i; k < t.size(); k += 3)
    if (t[k] != ':' || !is_all_digits(t.substr(k + 1, 2))) return s;
  return trim_ascii(s.substr(0, sep));
}

DateParse finish(const Date& d, std::string_view raw, std::string_view shown) {
  if (!is_valid_date(d) || d.year < 1900)
    return failure(quoted(shown) + "不是有效日期（如2月没有30日），请核对。");
  DateParse r;
  r.iso = to_iso(d);
  r.repaired = *r.iso != raw;
  return r;
}

// Digits, possibly with ".0": YYYYMMDD or an Excel serial (Excel hands out
// dates as numbers when the cell is formatted as General/Number).
DateParse parse_number(std::string_view s, std::string_view raw) {
  const std::string_view whole = s.substr(0, s.find('.'));  // drop ".0"
  if (whole.size() == 8)
    return finish({to_int(whole.substr(0, 4)), to_int(whole.substr(4, 2)), to_int(whole.substr(6, 2))}, raw, s);
  if (whole.size() <= 6) {
    const long serial = to_int(whole);
    // A lone year would otherwise read as a serial in 1905.
    if (whole.size() == 4 && serial >= 1900 && serial <= 2100)
      return failure(quoted(s) + "只有年份，缺少月和日。" + std::string(kHint));
    if (serial == 60)
      return failure("Excel 日期序号60对应不存在的1900年2月29日，请核对。");
    if (auto d = excel_serial_to_date(serial)) return finish(*d, raw, s);
  }
  return failure(quoted(s) + "无法识别为日期。" + std::string(kHint));
}

}  // namespace

DateParse parse_date(std::string_view raw) {
  const std::string cleaned = clean_cell(raw);
  const std::string_view s = strip_time(cleaned);
  if (s.empty()) return failure("请填写日期。");

  // "41091", "41091.0", "20120701"; "2012.07" is not numeric here because
  // its fraction is not all zeros, so it is read as a year and a month below.
  const auto dot = s.find('.');
  const bool numeric =
      dot == std::string_view::npos
          ? is_all_digits(s)
          : is_all_digits(s.substr(0, dot)) && dot + 1 < s.size() &&
                s.substr(dot + 1).find_first_not_of('0') == std::string_view::npos;
  if (numeric) return parse_number(s, raw);

  // Split into digit runs and the separators between them.
  std::vector<std::string_view> nums;
  std::vector<std::string_view> seps;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    const bool digit = s[i] >= '0' && s[i] <= '9';
    while (i < s.size() && (s[i] >= '0' && s[i] <= '9') == digit) ++i;
    (digit ? nums : seps).push_back(s.substr(start, i - start));
  }
  const bool starts_with_digit = s.front() >= '0' && s.front() <= '9';
  const auto bad = [&] { return failure(quoted(s) + "无法识别为日期。" + std::string(kHint)); };
  if (!starts_with_digit || nums.empty() || nums[0].size() != 4) return bad();

  const bool chinese = seps[0] == "年";
  if (chinese) {
    // 2012年7月1日 (the 日 may be left off, or written 号)
    if (nums.size() == 2 && seps.size() == 2 && seps[1] == "月")
      return failure(quoted(s) + "只有年月，缺少日，无法确定具体日期。" + std::string(kHint));
    if (nums.size() != 3 || seps[1] != "月" || (seps.size() == 3 && seps[2] != "日" && seps[2] != "号") ||
        seps.size() > 3)
      return bad();
  } else {
    const std::string_view sep = seps.empty() ? std::string_view{} : seps[0];
    if (sep != "-" && sep != "." && sep != "/") return bad();
    if (nums.size() == 2 && seps.size() == 1)
      return failure(quoted(s) + "只有年月，缺少日，无法确定具体日期。" + std::string(kHint));
    if (nums.size() != 3 || seps.size() != 2 || seps[1] != sep) return bad();
  }
  if (nums[1].size() > 2 || nums[2].size() > 2) return bad();
  return finish({to_int(nums[0]), to_int(nums[1]), to_int(nums[2])}, raw, s);
}

}  // namespace dj::member
