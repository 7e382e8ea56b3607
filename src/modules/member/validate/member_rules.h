// The rules a member (党员) record must satisfy as a whole, applied the same
// way to a form submission and to each row of a roster import. Values arrive
// as typed; check_member repairs what is unambiguous (ID formatting, date
// formats, sex and birth date filled in from the ID) and reports the rest.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "modules/member/validate/civil_date.h"

namespace dj::member {

inline constexpr std::string_view kStatusFull = "正式党员";
inline constexpr std::string_view kStatusProbationary = "预备党员";

struct MemberRecord {
  std::string name;
  std::string sex;         // "男" | "女"
  std::string id_number;   // 公民身份号码
  std::string birth_date;  // ISO after repair
  std::string join_date;   // 入党日期
  std::string full_date;   // 转正日期
  std::string status;      // kStatusFull | kStatusProbationary
  std::string phone;       // optional mobile
};

struct Problem {
  std::string field;    // the MemberRecord member at fault, e.g. "join_date"
  std::string code;     // stable English identifier, e.g. "too_young_to_join"
  std::string message;  // Chinese, names the field and says what to fix
};

struct MemberCheck {
  MemberRecord record;                // the input with repairs applied
  std::vector<std::string> repaired;  // fields whose value repair changed
  std::vector<Problem> problems;      // empty when the record may be saved
  bool ok() const { return problems.empty(); }
};

// `today` bounds every date (nothing in the future); pass today_in_china()
// in production and a fixed date in tests.
MemberCheck check_member(const MemberRecord& in, const Date& today);

}  // namespace dj::member
