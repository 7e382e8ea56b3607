// Text <-> number / bytes conversions shared by Result (store.cpp) and the
// PostgreSQL driver, which receives every cell as text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dj::store::detail {

// Whole-string parses; nullopt when `s` is not exactly a number.
std::optional<std::int64_t> parse_int64(std::string_view s);
std::optional<double> parse_double(std::string_view s);  // also Infinity / -Infinity / NaN

// Shortest text that reads back as the same double (PostgreSQL spelling for
// the non-finite values).
std::string format_double(double v);

// PostgreSQL's bytea hex output ("\x0a1b..."); nullopt when malformed.
std::optional<std::string> decode_bytea_hex(std::string_view s);

std::string hex_encode(std::string_view bytes);

}  // namespace dj::store::detail
