// ICU glue shared by the ICU-using files of dj_text; not part of the public API.
#pragma once

#include <unicode/unistr.h>

#include <climits>
#include <string_view>

namespace dj::text::detail {

// UTF-8 → UTF-16; ill-formed bytes become U+FFFD (ICU's fromUTF8 rule). ICU
// lengths are int32_t: longer input is cut, which no name or cell reaches.
inline icu::UnicodeString to_icu(std::string_view utf8) {
  const auto n = utf8.size() > static_cast<std::size_t>(INT32_MAX) ? INT32_MAX
                                                                   : static_cast<int32_t>(utf8.size());
  return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), n));
}

}  // namespace dj::text::detail
