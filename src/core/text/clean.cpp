// Width folding and cell cleaning. Works code point by code point on UTF-8
// without ICU: the rules are a handful of fixed ranges, and these run on every
// cell of every import.
#include "core/text/detail.h"
#include "core/text/text.h"

namespace dj::text {
namespace {

// U+FF01–U+FF5E mirror ASCII 0x21–0x7E at a fixed distance.
constexpr char32_t fullwidth_first = 0xFF01, fullwidth_last = 0xFF5E, fullwidth_offset = 0xFEE0;
constexpr char32_t ideographic_space = 0x3000;

char32_t fold_width(char32_t cp) {
  if (cp >= fullwidth_first && cp <= fullwidth_last) return cp - fullwidth_offset;
  if (cp == ideographic_space) return U' ';
  return cp;
}

// Characters that look like a space in Excel or a pasted web page.
bool is_space_like(char32_t cp) {
  switch (cp) {
    case U' ': case U'\t': case U'\r': case U'\n': case U'\v': case U'\f':
    case 0x00A0:  // NBSP
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;  // en quad … hair space
  }
}

// Invisible characters that only get in the way of matching ID numbers and names.
bool is_invisible(char32_t cp) {
  return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF;
}

}  // namespace

std::string normalize_width(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    const std::size_t start = i;
    const char32_t cp = detail::next_code_point(utf8, i);
    const char32_t folded = fold_width(cp);
    if (folded != cp)
      detail::append_utf8(out, folded);
    else
      out.append(utf8.substr(start, i - start));  // copy as is, bad bytes included
  }
  return out;
}

Cleaned clean_cell(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;  // collapse runs; emit only between words, so ends are trimmed
  bool apostrophe_seen = false;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const char32_t cp = fold_width(detail::next_code_point(utf8, i));
    if (is_space_like(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (is_invisible(cp)) continue;
    // Excel's "store as text" mark: only as the first visible character, once.
    if (cp == U'\'' && out.empty() && !apostrophe_seen) {
      apostrophe_seen = true;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    // Re-encoding also turns bad bytes into U+FFFD: a cleaned cell is valid UTF-8.
    detail::append_utf8(out, cp);
  }
  Cleaned result;
  result.changed = out != utf8;
  result.value = std::move(out);
  return result;
}

}  // namespace dj::text
