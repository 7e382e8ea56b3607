#include "modules/member/validate/text_fold.h"

namespace dj::member {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

unsigned char byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

}  // namespace

std::string fold_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t rest = s.size() - i;
    const unsigned char b0 = byte_at(s, i);
    if (rest >= 3 && b0 == 0xEF) {
      const unsigned char b1 = byte_at(s, i + 1), b2 = byte_at(s, i + 2);
      // U+FF01–U+FF3F is EF BC 81–BF; U+FF40–U+FF5E is EF BD 80–9E.
      // Full-width code point U+FF01 + k corresponds to ASCII 0x21 + k.
      if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) {
        out.push_back(static_cast<char>(0x21 + (b2 - 0x81)));
        i += 3;
        continue;
      }
      if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) {
        out.push_back(static_cast<char>(0x21 + 0x3F + (b2 - 0x80)));
        i += 3;
        continue;
      }
      if (b1 == 0xBB && b2 == 0xBF) {  // U+FEFF BOM / zero-width no-break space
        i += 3;
        continue;
      }
    }
    if (rest >= 3 && b0 == 0xE3 && byte_at(s, i + 1) == 0x80 && byte_at(s, i + 2) == 0x80) {
      out.push_back(' ');  // U+3000 ideographic space
      i += 3;
      continue;
    }
    if (rest >= 3 && b0 == 0xE2 && byte_at(s, i + 1) == 0x80 && byte_at(s, i + 2) == 0x8B) {
      i += 3;  // U+200B zero-width space
      continue;
    }
    if (rest >= 2 && b0 == 0xC2 && byte_at(s, i + 1) == 0xA0) {
      out.push_back(' ');  // NBSP, common in cells pasted from web pages
      i += 2;
      continue;
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

std::string_view trim_ascii(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string clean_cell(std::string_view s) { return std::string(trim_ascii(fold_width(s))); }

bool is_all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool looks_like_excel_number(std::string_view s) {
  // mantissa: digits, optionally "." digits
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (!digits()) return false;
  bool fraction = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
    fraction = true;
  }
  if (i == s.size()) return fraction;  // "320402198001011000.0"
  if (s[i] != 'E' && s[i] != 'e') return false;
  ++i;
  if (i < s.size() && s[i] == '+') ++i;
  return digits() && i == s.size();
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace dj::member
