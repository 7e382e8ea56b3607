// Matching user text with LIKE: the text is taken literally (its % _ \ are
// escaped; use with ESCAPE '\'), and ASCII is lower-cased for case-blind
// matching on both databases (SQLite's LIKE ignores ASCII case, PostgreSQL's
// does not, so queries compare lower(column) with lowered text).
#pragma once

#include <string>
#include <string_view>

namespace dj::store {

std::string like_escape(std::string_view text);
std::string ascii_lower(std::string_view text);

}  // namespace dj::store
