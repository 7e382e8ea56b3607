// 身份证号, mobile numbers and the whole-record rules on arbitrary text.
//
// The input is used three ways: whole, as an ID number (normalize_id,
// check_id, mask_id) and a mobile number (check_mobile); and split on '\t'
// into the fields of a MemberRecord for check_member. `today` is fixed so a
// finding reproduces on any day.
//
// Contract checked (violations trap, so libFuzzer saves the input):
//  - check_id: normalized == normalize_id(raw).value; when ok, 18 characters,
//    17 digits and the check character id_check_char gives, a birth date that
//    is valid and not after today, and a sex; otherwise a known code and a message;
//  - mask_id keeps the length;
//  - check_mobile: when ok, 11 ASCII digits starting 13–19;
//  - check_member: when ok, the ID passes check_id and the dates are ISO;
//    for valid UTF-8 input, checking the repaired record again changes
//    nothing and finds the same problems (repairs are idempotent).
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/text/text.h"
#include "modules/member/validate/civil_date.h"
#include "modules/member/validate/date_parse.h"
#include "modules/member/validate/id_number.h"
#include "modules/member/validate/member_rules.h"
#include "modules/member/validate/phone.h"

namespace {

using namespace dj::member;

constexpr Date kToday{2024, 6, 30};

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

void check_id_contract(std::string_view raw) {
  const IdNormalized n = normalize_id(raw);
  check(n.changed == (n.value != raw));
  const IdCheck id = check_id(raw, kToday);
  check(id.normalized == n.value);
  check(id.repaired == n.changed);
  if (id.ok()) {
    const std::string& v = id.normalized;
    check(v.size() == 18 && digits(v.substr(0, 17)));
    check(id_check_char(v.substr(0, 17)) == v[17]);
    check(id.birth && is_valid_date(*id.birth) && *id.birth <= kToday && id.birth->year >= 1900);
    check(id.sex != Sex::unknown);
    check(id.message.empty());
  } else {
    static const std::set<std::string> kCodes = {"required", "id_lost_digits", "id_15_digit",
                                                 "id_format", "id_date", "id_checksum"};
    check(kCodes.contains(id.code));
    check(!id.message.empty() && !id.birth && id.sex == Sex::unknown);
  }
  check(mask_id(raw).size() == raw.size());
  check(mask_id(id.normalized).size() == id.normalized.size());
}

void check_mobile_contract(std::string_view raw) {
  const PhoneCheck p = check_mobile(raw);
  if (p.ok()) {
    check(p.normalized.size() == 11 && digits(p.normalized) && p.normalized[0] == '1' &&
          p.normalized[1] >= '3');
    check(mask_phone(p.normalized).size() == 11);
  } else {
    check(!p.error.empty());
  }
}

MemberRecord record_from(std::string_view s) {
  std::vector<std::string> f;
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = s.find('\t', start);
    f.emplace_back(s.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  f.resize(std::max<std::size_t>(f.size(), 8));
  return {f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]};
}

bool same(const MemberRecord& a, const MemberRecord& b) {
  return a.name == b.name && a.sex == b.sex && a.id_number == b.id_number && a.birth_date == b.birth_date &&
         a.join_date == b.join_date && a.full_date == b.full_date && a.status == b.status && a.phone == b.phone;
}

std::vector<std::string> codes(const MemberCheck& c) {
  std::vector<std::string> out;
  for (const Problem& p : c.problems) out.push_back(p.field + "/" + p.code);
  return out;
}

void check_member_contract(std::string_view s) {
  const MemberCheck c = check_member(record_from(s), kToday);
  if (c.ok()) {
    check(check_id(c.record.id_number, kToday).ok());
    check(parse_iso(c.record.join_date).has_value());
    check(c.record.birth_date.empty() || parse_iso(c.record.birth_date).has_value());
    check(c.record.full_date.empty() || parse_iso(c.record.full_date).has_value());
    check(c.record.sex == "男" || c.record.sex == "女");
  }
  for (const Problem& p : c.problems) check(!p.field.empty() && !p.code.empty() && !p.message.empty());
  if (dj::text::valid_utf8(s)) {
    const MemberCheck again = check_member(c.record, kToday);
    check(same(again.record, c.record));
    check(again.repaired.empty());
    check(codes(again) == codes(c));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  check_id_contract(s);
  check_mobile_contract(s);
  check_member_contract(s);
  return 0;
}
