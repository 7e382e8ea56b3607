// Helpers shared by the files of dj_text; not part of the public API.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dj::text::detail {

inline constexpr char32_t replacement_char = 0xFFFD;

// Decodes the code point at s[i] and advances i past it. An invalid or
// truncated sequence yields U+FFFD and advances by the bytes that could have
// started it (at least one), the "maximal subpart" rule Unicode recommends, so
// one bad byte costs one U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& i);

void append_utf8(std::string& out, char32_t cp);

// Throws TextError naming the ICU call and the status, for failures that are
// ICU's (missing data), never for bad input.
[[noreturn]] void fail(const char* what, int icu_status);

}  // namespace dj::text::detail
