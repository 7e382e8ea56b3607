#include "modules/org/fields.h"

#include <charconv>

#include "core/error.h"

namespace dj::org {
namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000

bool ascii_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

// Trims ASCII whitespace and U+3000 at both ends (pasted from Word or typed with an IME).
std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && ascii_space(s.front())) s.remove_prefix(1);
    else if (s.starts_with(kIdeographicSpace)) s.remove_prefix(kIdeographicSpace.size());
    else break;
  }
  for (;;) {
    if (!s.empty() && ascii_space(s.back())) s.remove_suffix(1);
    else if (s.ends_with(kIdeographicSpace)) s.remove_suffix(kIdeographicSpace.size());
    else break;
  }
  return s;
}

std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (const char ch : s)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

std::string checked_short(std::string_view raw, const std::string& label, const std::string& field) {
  const std::string_view v = trim(raw);
  if (char_count(v) > 50) throw ApiError::invalid(label + "不能超过50个字。", field);
  for (const char ch : v)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F)
      throw ApiError::invalid(label + "不能包含换行或制表符等控制字符。", field);
  return std::string(v);
}

}  // namespace

std::string checked_secretary(std::string_view raw) { return checked_short(raw, "书记", "secretary"); }
std::string checked_contact_zone(std::string_view raw) { return checked_short(raw, "联系片", "contact_zone"); }

int checked_sort_order_text(std::string_view raw) {
  std::string_view v = trim(raw);
  // Excel may hand a whole number over as "3.0".
  if (v.ends_with(".0")) v.remove_suffix(2);
  int n = -1;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc{} || end != v.data() + v.size() || n < 0 || n > 999999)
    throw ApiError::invalid("排序应为 0 到 999999 之间的整数。", "sort_order");
  return n;
}

}  // namespace dj::org
