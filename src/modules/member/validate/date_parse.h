// Reading the dates people type into rosters ("2012.7.1", "2012年7月1日",
// an Excel serial number, ...) into ISO "YYYY-MM-DD". Only unambiguous forms
// are accepted: year first, then month, then day.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "modules/member/validate/civil_date.h"

namespace dj::member {

struct DateParse {
  std::optional<std::string> iso;  // set on success
  bool repaired = false;           // iso differs from the input as typed
  std::string error;               // Chinese, set on failure
  bool ok() const { return iso.has_value(); }
};

DateParse parse_date(std::string_view raw);

// Excel's 1900 date system: serial 1 is 1900-01-01. Excel also counts a
// 1900-02-29 that never existed (serial 60), so every serial after it is one
// day ahead; serial 60 itself has no real date and yields nullopt, as do
// serials outside 1–100000.
std::optional<Date> excel_serial_to_date(long serial);

}  // namespace dj::member
