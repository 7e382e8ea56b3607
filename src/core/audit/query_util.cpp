// Small helpers shared by the audit sources: time, text bounds, LIKE patterns, paging.
#include <chrono>
#include <cstdio>

#include "core/audit/internal.h"

namespace dj::audit::detail {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string iso_local(std::int64_t at_ms) {
  using namespace std::chrono;
  constexpr std::int64_t kOffsetMs = 8LL * 3600 * 1000;  // Asia/Shanghai, UTC+8, no DST
  const sys_time<milliseconds> local{milliseconds(at_ms + kOffsetMs)};
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss<milliseconds> tod{local - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()));
  return buf;
}

std::string clip_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // s[n] continues a sequence
  return std::string(s.substr(0, n));
}

Paging paging(int page, int page_size) {
  Paging p;
  p.limit = page_size < 1 ? 1 : page_size > 200 ? 200 : page_size;
  p.offset = (page < 1 ? 0 : static_cast<std::int64_t>(page) - 1) * p.limit;
  return p;
}

}  // namespace dj::audit::detail
