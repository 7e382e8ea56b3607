// Surname readings for person names; not part of the public API.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace dj::text::detail {

struct SurnameReading {
  std::size_t bytes;             // UTF-8 length of the surname matched at the start
  std::string_view syllables;    // toneless, space-separated: "yu chi"
};

// The reading of the surname `name` starts with, when ICU's generic Han-Latin
// reading of it would be wrong; nullopt when ICU already gets it right.
std::optional<SurnameReading> surname_reading(std::string_view name);

}  // namespace dj::text::detail
