// Input checks for organisation fields. Each throws dj::ApiError (422) with
// a Chinese message naming the field, and returns the value to store.
#pragma once

#include <string>
#include <string_view>

namespace dj::orgtree::detail {

// Trimmed (ASCII and full-width spaces), 1–100 characters, no control characters.
std::string checked_name(std::string_view raw);
// 1–32 of [A-Za-z0-9_-]; codes appear in URLs, file names and imports.
std::string checked_code(std::string_view raw);
// Trimmed, at most 100 characters; may be empty.
std::string checked_department(std::string_view raw);

}  // namespace dj::orgtree::detail
