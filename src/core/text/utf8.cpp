// UTF-8 validation and repair, written by hand: it runs on every uploaded
// byte, and ICU would need a round trip through UTF-16 for the same answer.
#include "core/text/detail.h"
#include "core/text/text.h"

#include <cstdint>

namespace dj::text {
namespace detail {

char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  const std::uint8_t b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t len = 0;
  char32_t cp = 0;
  // The second byte's allowed range excludes overlong forms (E0, F0),
  // surrogates (ED) and values above U+10FFFF (F4) up front.
  std::uint8_t lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    ++i;  // C0, C1, F5–FF or a stray continuation byte
    return replacement_char;
  }
  std::size_t k = i + 1;
  for (std::size_t n = 1; n < len; ++n, ++k) {
    if (k >= s.size()) {
      i = k;
      return replacement_char;
    }
    const std::uint8_t b = byte(k);
    const std::uint8_t min = n == 1 ? lo : 0x80, max = n == 1 ? hi : 0xBF;
    if (b < min || b > max) {
      i = k;  // resume at the byte that broke the sequence
      return replacement_char;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i = k;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace detail

bool valid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t start = i;
    // A genuine U+FFFD in the input is valid; only a substitution is not.
    if (detail::next_code_point(bytes, i) == detail::replacement_char &&
        bytes.substr(start, i - start) != "\xEF\xBF\xBD")
      return false;
  }
  return true;
}

std::string make_valid_utf8(std::string_view bytes) {
  if (valid_utf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 16);
  std::size_t i = 0;
  while (i < bytes.size()) detail::append_utf8(out, detail::next_code_point(bytes, i));
  return out;
}

}  // namespace dj::text
