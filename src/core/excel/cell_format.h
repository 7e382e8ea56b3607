// Turning stored cell values into the text a user sees: numbers, date
// serials, and which number formats are dates.
#pragma once

#include <string>
#include <string_view>

namespace dj::excel::detail {

// A number as Excel shows it in a General cell, to its 15 significant
// digits: 17 → "17", 3.5 → "3.5", 0.30000000000000004 → "0.3".
std::string format_number(double v);

// An Excel serial day as "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or, below one
// day, "HH:MM:SS". Serial 60 is Excel's 1900-02-29 (Lotus's leap-year bug,
// kept for compatibility). Out-of-range serials fall back to format_number.
std::string format_serial(double serial, bool date1904);

// Whether number format `id` (built-in) or `code` (custom, when non-empty)
// shows a date or time.
bool is_date_format(int id, std::string_view code);

// Decodes Excel's _xHHHH_ escapes (how it stores control characters such
// as _x000D_ in strings).
std::string decode_escapes(std::string s);

}  // namespace dj::excel::detail
