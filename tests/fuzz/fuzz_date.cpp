// member::parse_date on arbitrary text ("2012.7.1", "2012年7月1日",
// Excel serials, "20120701", with times and full-width digits).
//
// Contract checked (violations trap, so libFuzzer saves the input):
//  - success gives an ISO date that parse_iso reads back, whose to_iso is
//    the same string, in the accepted range (1900–9999);
//  - parsing that ISO string again succeeds with the same date and no repair;
//  - repaired == (iso != input);
//  - failure always carries a message.
// The serial conversion and day numbers are checked on the side with the
// input's first bytes as a number.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "modules/member/validate/civil_date.h"
#include "modules/member/validate/date_parse.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dj::member;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);

  const DateParse p = parse_date(raw);
  if (p.ok()) {
    check(p.error.empty());
    const std::optional<Date> d = parse_iso(*p.iso);
    check(d.has_value());
    check(to_iso(*d) == *p.iso);
    check(d->year >= 1900 && d->year <= 9999);
    check(p.repaired == (*p.iso != raw));
    const DateParse again = parse_date(*p.iso);
    check(again.ok() && *again.iso == *p.iso && !again.repaired);
    check(parse_iso(*again.iso) == d);
    check(date_from_day_number(day_number(*d)) == *d);
  } else {
    check(!p.error.empty());
  }

  if (size >= sizeof(std::int32_t)) {
    std::int32_t serial = 0;
    std::memcpy(&serial, data, sizeof serial);
    if (const auto d = excel_serial_to_date(serial)) {
      check(is_valid_date(*d));
      check(serial != 60 && serial >= 1 && serial <= 100000);
      // Consecutive serials are consecutive days, except across the phantom 1900-02-29.
      if (serial > 61 || serial < 59) {
        const auto next = excel_serial_to_date(serial + 1);
        if (next) check(day_number(*next) == day_number(*d) + 1);
      }
    }
  }
  return 0;
}
