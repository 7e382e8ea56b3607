#include "modules/member/validate/member_rules.h"

#include <optional>

#include "modules/member/validate/date_parse.h"
#include "modules/member/validate/id_number.h"
#include "modules/member/validate/phone.h"
#include "modules/member/validate/text_fold.h"

namespace dj::member {

namespace {

std::string q(std::string_view s) { return "“" + std::string(s) + "”"; }

// Collects problems and repairs for one record.
class Checker {
 public:
  Checker(const MemberRecord& in, const Date& today) : today_(today) { out_.record = in; }

  void add(std::string field, std::string code, std::string message) {
    out_.problems.push_back({std::move(field), std::move(code), std::move(message)});
  }

  // Replaces a field's value, remembering that it was repaired.
  void set(std::string& slot, std::string value, const char* field) {
    if (slot == value) return;
    slot = std::move(value);
    out_.repaired.emplace_back(field);
  }

  // Parses and repairs a date field; reports unparseable and future dates.
  std::optional<Date> date(std::string& slot, const char* field, std::string_view label, bool required) {
    if (clean_cell(slot).empty()) {
      set(slot, "", field);
      if (required) add(field, "required", "请填写" + std::string(label) + "。");
      return std::nullopt;
    }
    const DateParse p = parse_date(slot);
    if (!p.ok()) {
      add(field, "invalid_date", std::string(label) + "：" + p.error);
      return std::nullopt;
    }
    set(slot, *p.iso, field);
    const Date d = *parse_iso(*p.iso);
    if (d > today_)
      add(field, "future_date", std::string(label) + q(*p.iso) + "晚于今天，请核对。");
    return d;
  }

  MemberCheck& out() { return out_; }

 private:
  MemberCheck out_;
  Date today_;
};

}  // namespace

MemberCheck check_member(const MemberRecord& in, const Date& today) {
  Checker c(in, today);
  MemberRecord& r = c.out().record;

  c.set(r.name, clean_cell(r.name), "name");
  if (r.name.empty()) c.add("name", "required", "请填写姓名。");

  // 身份证号: everything about birth and sex is measured against it.
  IdCheck id;
  if (clean_cell(r.id_number).empty()) {
    c.set(r.id_number, "", "id_number");
    c.add("id_number", "required", "请填写身份证号。");
  } else {
    id = check_id(r.id_number, today);
    c.set(r.id_number, id.normalized, "id_number");
    if (!id.ok()) c.add("id_number", id.code, id.message);
  }

  c.set(r.status, clean_cell(r.status), "status");
  if (r.status.empty())
    c.add("status", "required", "请填写人员类别（正式党员或预备党员）。");
  else if (r.status != kStatusFull && r.status != kStatusProbationary)
    c.add("status", "invalid_value", "人员类别应为“正式党员”或“预备党员”，当前为" + q(r.status) + "。");

  // 性别: "男性"/"女性" shortened; left blank, taken from a valid ID.
  std::string sex = clean_cell(r.sex);
  if (sex == "男性") sex = "男";
  if (sex == "女性") sex = "女";
  if (sex.empty() && id.ok() && id.birth) sex = std::string(sex_label(id.sex));
  c.set(r.sex, sex, "sex");
  if (!r.sex.empty() && r.sex != "男" && r.sex != "女") {
    c.add("sex", "invalid_value", "性别应为“男”或“女”，当前为" + q(r.sex) + "。");
  } else if (!r.sex.empty() && id.ok() && id.birth && r.sex != sex_label(id.sex)) {
    c.add("sex", "sex_mismatch",
          "性别与身份证号不符：身份证号显示性别为" + q(sex_label(id.sex)) + "，请核对性别或身份证号。");
  }

  // 出生日期: left blank, taken from a valid ID.
  if (clean_cell(r.birth_date).empty() && id.ok() && id.birth) c.set(r.birth_date, to_iso(*id.birth), "birth_date");
  const std::optional<Date> birth = c.date(r.birth_date, "birth_date", "出生日期", false);
  if (birth && id.ok() && id.birth && *birth != *id.birth)
    c.add("birth_date", "birth_mismatch",
          "出生日期与身份证号不符：身份证号显示出生日期为" + q(to_iso(*id.birth)) + "，请核对出生日期或身份证号。");

  const std::optional<Date> join = c.date(r.join_date, "join_date", "入党日期", true);
  const bool has_full = !clean_cell(r.full_date).empty();
  const std::optional<Date> full = c.date(r.full_date, "full_date", "转正日期", false);

  // 党章 admits applicants from 年满十八岁. The ID is the authority on age
  // when valid; the birth-date field only when the ID cannot be read.
  const std::optional<Date> born = id.ok() && id.birth ? id.birth : birth;
  if (join && born) {
    const Date adult = anniversary(*born, 18);
    if (*join < adult)
      c.add("join_date", "too_young_to_join",
            "入党日期早于年满18周岁之日" + q(to_iso(adult)) + "，请核对入党日期或出生日期。");
  }

  // 预备期 then 转正: only 正式党员 have a 转正日期, and it follows 入党.
  // (The probation is normally a year, but extensions and historical records
  // vary, so only an impossible order is rejected.)
  if (r.status == kStatusProbationary && has_full)
    c.add("full_date", "probationary_with_full_date",
          "预备党员尚未转正，不应填写转正日期。如已转正，请将人员类别改为“正式党员”。");
  if (r.status == kStatusFull && !has_full)
    c.add("full_date", "full_member_without_full_date",
          "正式党员须填写转正日期。如尚未转正，请将人员类别改为“预备党员”。");
  if (r.status == kStatusFull && full && join && *full <= *join)
    c.add("full_date", "full_before_join",
          "转正日期应晚于入党日期" + q(to_iso(*join)) + "，请核对。");

  if (!clean_cell(r.phone).empty()) {
    const PhoneCheck p = check_mobile(r.phone);
    if (p.ok())
      c.set(r.phone, p.normalized, "phone");
    else
      c.add("phone", "phone_invalid", p.error);
  } else {
    c.set(r.phone, "", "phone");
  }

  return std::move(c.out());
}

}  // namespace dj::member
