// Mainland mobile numbers (11 digits, 1[3-9]xxxxxxxxx), as typed into
// rosters: with spaces, dashes, full-width digits or a +86 prefix.
#pragma once

#include <string>
#include <string_view>

namespace dj::member {

struct PhoneCheck {
  std::string normalized;  // 11 ASCII digits when ok
  bool repaired = false;   // normalized differs from the input
  std::string error;       // Chinese, set on failure
  bool ok() const { return error.empty(); }
};

PhoneCheck check_mobile(std::string_view raw);

// "13812345678" → "138****5678".
std::string mask_phone(std::string_view phone);

}  // namespace dj::member
