#include "modules/member/member_json.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/input.h"
#include "modules/member/validate/civil_date.h"

namespace dj::member {
namespace json = boost::json;

const char* field_label(const std::string& f) {
  if (f == "name") return "姓名";
  if (f == "sex") return "性别";
  if (f == "ethnicity") return "民族";
  if (f == "id_number") return "身份证号";
  if (f == "birth_date") return "出生日期";
  if (f == "join_date") return "入党日期";
  if (f == "full_date") return "转正日期";
  if (f == "status") return "人员类别";
  if (f == "education") return "学历";
  if (f == "post") return "职务";
  if (f == "rank") return "职级";
  if (f == "category") return "工作状态";
  if (f == "phone") return "手机号码";
  if (f == "org_id" || f == "org") return "所在党组织";
  return "";
}

namespace {
int age_on(const std::string& birth_iso, const Date& today) {
  auto b = parse_iso(birth_iso);
  if (!b) return 0;
  int age = today.year - b->year;
  if (today < anniversary(*b, age)) --age;
  return age;
}
}  // namespace

json::object member_json(const Member& m) {
  return {{"id", m.id},
          {"org_id", m.org_id},
          {"org_name", m.org_name},
          {"name", m.name},
          {"sex", m.sex},
          {"ethnicity", m.ethnicity},
          {"id_number", m.id_number},
          {"birth_date", m.birth_date},
          {"join_date", m.join_date},
          {"full_date", m.full_date},
          {"status", m.status},
          {"education", m.education},
          {"post", m.post},
          {"rank", m.rank},
          {"category", m.category},
          {"phone", m.phone},
          {"name_pinyin", m.name_pinyin},
          {"name_initials", m.name_initials},
          {"age", age_on(m.birth_date, today_in_china())},
          {"created_at_ms", m.created_at_ms},
          {"updated_at_ms", m.updated_at_ms}};
}

MemberInput member_from_body(const json::object& body, const MemberInput* base) {
  MemberInput in = base ? *base : MemberInput{};
  auto field = [&](const char* key, std::size_t max, std::string& out) {
    if (!base || body.contains(key)) out = input::text(body, key, field_label(key), false, max);
  };
  if (!base || body.contains("org_id")) in.org_id = *input::int64(body, "org_id", "所在党组织", true);
  MemberRecord& r = in.record;
  field("name", 50, r.name);
  field("sex", 4, r.sex);
  field("id_number", 40, r.id_number);
  field("birth_date", 20, r.birth_date);
  field("join_date", 20, r.join_date);
  field("full_date", 20, r.full_date);
  field("status", 10, r.status);
  field("phone", 20, r.phone);
  field("ethnicity", 20, in.ethnicity);
  field("education", 30, in.education);
  field("post", 50, in.post);
  field("rank", 30, in.rank);
  field("category", 30, in.category);
  MemberCheck check = check_member(r, today_in_china());
  if (!check.ok()) {
    const Problem& p = check.problems.front();
    throw ApiError(422, p.code, p.message, p.field);
  }
  r = check.record;
  return in;
}

MemberInput member_input_of(store::Conn& c, const crypto::Keyring& keys, std::int64_t id) {
  auto m = load(c, keys, id, true);
  if (!m) throw ApiError::not_found("党员不存在或您无权查看。");
  MemberInput in;
  in.org_id = m->org_id;
  in.record = {m->name, m->sex, m->id_number, m->birth_date, m->join_date, m->full_date, m->status, m->phone};
  in.ethnicity = m->ethnicity;
  in.education = m->education;
  in.post = m->post;
  in.rank = m->rank;
  in.category = m->category;
  return in;
}

}  // namespace dj::member
