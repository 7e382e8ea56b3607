// UTF-8 text as Excel needs it: valid, bounded, measured in display columns.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dj::excel::detail {

// `s` with every invalid UTF-8 sequence replaced by U+FFFD (an invalid byte
// would make the sheet XML malformed and Excel refuse the whole file), cut
// to at most `max_chars` code points (Excel's cell limit is 32 767).
std::string clean_utf8(std::string_view s, std::size_t max_chars);

// One pass for the writer: true when `s` is valid UTF-8 of at most
// `max_chars` code points (so it can be written as it is, without the copy
// clean_utf8 makes), and its display width in `width` either way.
bool is_clean_utf8(std::string_view s, std::size_t max_chars, std::size_t& width);

// Display width in "character" units: CJK and full-width characters count
// 2, everything else 1 (how wide a column must be for the text to fit).
std::size_t display_width(std::string_view utf8);

// A legal, unused-looking sheet name: []:*?/\ replaced, no leading or
// trailing apostrophe, at most 31 characters, never empty.
std::string sheet_name(std::string_view wanted);
// `base` shortened so that base + suffix fits in 31 characters.
std::string with_suffix(const std::string& base, const std::string& suffix);

}  // namespace dj::excel::detail
