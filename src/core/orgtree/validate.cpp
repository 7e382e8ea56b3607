#include "core/orgtree/validate.h"

#include "core/error.h"

namespace dj::orgtree::detail {

namespace {

constexpr std::size_t kMaxNameChars = 100;
constexpr std::size_t kMaxCodeChars = 32;
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000, typed by Chinese IMEs

// Strips ASCII whitespace and U+3000 from both ends: names are often pasted
// from Word or Excel with stray spaces of either kind.
std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
      s.remove_prefix(1);
    } else if (s.starts_with(kIdeographicSpace)) {
      s.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
    } else if (s.ends_with(kIdeographicSpace)) {
      s.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return s;
}

// Characters, not bytes: a limit of 100 means 100 汉字. Counts UTF-8 lead bytes.
std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (const char ch : s)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

bool has_control(std::string_view s) {
  for (const char ch : s)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) return true;
  return false;
}

}  // namespace

std::string checked_name(std::string_view raw) {
  const std::string_view name = trim(raw);
  if (name.empty()) throw ApiError::invalid("组织名称不能为空。", "name");
  if (char_count(name) > kMaxNameChars) throw ApiError::invalid("组织名称不能超过100个字。", "name");
  if (has_control(name)) throw ApiError::invalid("组织名称不能包含换行或制表符等控制字符。", "name");
  return std::string(name);
}

std::string checked_code(std::string_view code) {
  bool ok = !code.empty() && code.size() <= kMaxCodeChars;
  for (const char ch : code)
    ok = ok && ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
                ch == '-');
  if (!ok) throw ApiError::invalid("组织编码须为1至32位字母、数字、下划线或短横线。", "code");
  return std::string(code);
}

std::string checked_department(std::string_view raw) {
  const std::string_view department = trim(raw);
  if (char_count(department) > kMaxNameChars) throw ApiError::invalid("所属部门不能超过100个字。", "department");
  if (has_control(department)) throw ApiError::invalid("所属部门不能包含换行或制表符等控制字符。", "department");
  return std::string(department);
}

}  // namespace dj::orgtree::detail
