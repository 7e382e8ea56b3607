#include "modules/org/name_clean.h"

namespace dj::org {
namespace {

// Decodes one code point at s[i] and advances i; a byte that does not start
// a valid sequence is returned as itself (0x80–0xFF) and kept as it was.
char32_t next(std::string_view s, std::size_t& i, std::size_t& len) {
  const auto b = static_cast<unsigned char>(s[i]);
  len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    len = 1;
    return static_cast<char32_t>(0x110000 + b);  // marks a raw byte
  }
  char32_t cp = len == 1 ? b : b & (0xFF >> (len + 1));
  for (std::size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      len = 1;
      return static_cast<char32_t>(0x110000 + b);
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  return cp;
}

bool is_space(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\r' || cp == U'\n' || cp == U'\v' || cp == U'\f' || cp == 0x3000 ||
         cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F;
}

bool is_invisible(char32_t cp) { return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF; }

char32_t fold(char32_t cp) {
  if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A))
    return cp - 0xFF10 + U'0';
  return cp;
}

}  // namespace

std::string clean_name_cell(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false, apostrophe_seen = false;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = 0;
    const char32_t cp = fold(next(s, i, len));
    const std::string_view bytes = s.substr(i, len);
    i += len;
    if (is_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (is_invisible(cp)) continue;
    if ((cp == U'\'' || cp == 0x2018 || cp == 0x2019) && out.empty() && !apostrophe_seen) {
      apostrophe_seen = true;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    if (cp < 0x80) out += static_cast<char>(cp);
    else out += bytes;
  }
  return out;
}

}  // namespace dj::org
