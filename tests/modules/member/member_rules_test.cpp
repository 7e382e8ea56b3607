#include "modules/member/validate/member_rules.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "test_ids.h"

namespace dj::member {
namespace {

using test::with_check;

const Date kToday{2024, 6, 15};

// 男, born 1980-01-01.
MemberRecord good_full() {
  MemberRecord r;
  r.name = "张三";
  r.sex = "男";
  r.id_number = with_check("32040219800101123");
  r.birth_date = "1980-01-01";
  r.join_date = "2005-07-01";
  r.full_date = "2006-07-01";
  r.status = "正式党员";
  r.phone = "13812345678";
  return r;
}

MemberRecord good_probationary() {
  MemberRecord r = good_full();
  r.status = "预备党员";
  r.join_date = "2024-01-10";
  r.full_date = "";
  return r;
}

std::string dump(const MemberCheck& c) {
  std::string s;
  for (const auto& p : c.problems) s += p.field + "/" + p.code + ": " + p.message + "\n";
  return s;
}

bool has(const MemberCheck& c, const std::string& field, const std::string& code) {
  return std::any_of(c.problems.begin(), c.problems.end(),
                     [&](const Problem& p) { return p.field == field && p.code == code; });
}

void expect_only(const MemberCheck& c, const std::string& field, const std::string& code) {
  ASSERT_EQ(c.problems.size(), 1u) << dump(c);
  EXPECT_EQ(c.problems[0].field, field) << dump(c);
  EXPECT_EQ(c.problems[0].code, code) << dump(c);
  EXPECT_FALSE(c.problems[0].message.empty());
}

TEST(MemberRules, GoodRecordsAccepted) {
  const MemberCheck a = check_member(good_full(), kToday);
  EXPECT_TRUE(a.ok()) << dump(a);
  EXPECT_TRUE(a.repaired.empty());
  const MemberCheck b = check_member(good_probationary(), kToday);
  EXPECT_TRUE(b.ok()) << dump(b);
}

TEST(MemberRules, MessyButRepairableRecordAccepted) {
  MemberRecord r = good_full();
  r.name = " 张三 ";
  r.id_number = "'" + r.id_number;
  r.sex = "";
  r.birth_date = "";
  r.join_date = "2005年7月1日";
  r.full_date = "38899";  // Excel serial for 2006-07-01
  r.phone = "138-1234-5678";
  r.status = "正式党员 ";
  const MemberCheck c = check_member(r, kToday);
  ASSERT_TRUE(c.ok()) << dump(c);
  EXPECT_EQ(c.record.name, "张三");
  EXPECT_EQ(c.record.id_number, with_check("32040219800101123"));
  EXPECT_EQ(c.record.sex, "男");
  EXPECT_EQ(c.record.birth_date, "1980-01-01");
  EXPECT_EQ(c.record.join_date, "2005-07-01");
  EXPECT_EQ(c.record.full_date, "2006-07-01");
  EXPECT_EQ(c.record.phone, "13812345678");
  EXPECT_EQ(c.record.status, "正式党员");
  EXPECT_EQ(c.repaired.size(), 8u);
}

TEST(MemberRules, RequiredFields) {
  for (auto field : {&MemberRecord::name, &MemberRecord::id_number, &MemberRecord::status,
                     &MemberRecord::join_date}) {
    MemberRecord r = good_probationary();
    r.*field = " ";
    const MemberCheck c = check_member(r, kToday);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.problems[0].code, "required") << dump(c);
    EXPECT_NE(c.problems[0].message.find("请填写"), std::string::npos);
  }
  MemberRecord r = good_full();
  r.name = "";
  expect_only(check_member(r, kToday), "name", "required");
}

TEST(MemberRules, IdProblemsCarryIdCodes) {
  MemberRecord r = good_full();
  r.id_number = "3.20402E+17";
  expect_only(check_member(r, kToday), "id_number", "id_lost_digits");
  r.id_number = "320402800101123";
  expect_only(check_member(r, kToday), "id_number", "id_15_digit");
  r.id_number = test::with_wrong_check("32040219800101123");
  expect_only(check_member(r, kToday), "id_number", "id_checksum");
  r.id_number = with_check("32040219800230123");
  expect_only(check_member(r, kToday), "id_number", "id_date");
}

TEST(MemberRules, BirthDateMustMatchId) {
  MemberRecord r = good_full();
  r.birth_date = "1980-01-02";
  const MemberCheck c = check_member(r, kToday);
  expect_only(c, "birth_date", "birth_mismatch");
  EXPECT_NE(c.problems[0].message.find("1980-01-01"), std::string::npos);  // says what the ID implies
}

TEST(MemberRules, SexMustMatchId) {
  MemberRecord r = good_full();
  r.sex = "女";
  const MemberCheck c = check_member(r, kToday);
  expect_only(c, "sex", "sex_mismatch");
  EXPECT_NE(c.problems[0].message.find("“男”"), std::string::npos);
  r.sex = "男性";
  EXPECT_TRUE(check_member(r, kToday).ok());
  r.sex = "M";
  expect_only(check_member(r, kToday), "sex", "invalid_value");
}

TEST(MemberRules, JoinNotBeforeEighteenthBirthday) {
  MemberRecord r = good_full();
  r.join_date = "1998-01-01";  // the 18th birthday itself is fine
  r.full_date = "1999-01-01";
  EXPECT_TRUE(check_member(r, kToday).ok()) << dump(check_member(r, kToday));
  r.join_date = "1997-12-31";
  const MemberCheck c = check_member(r, kToday);
  expect_only(c, "join_date", "too_young_to_join");
  EXPECT_NE(c.problems[0].message.find("1998-01-01"), std::string::npos);
}

TEST(MemberRules, ProbationaryMustNotHaveFullDate) {
  MemberRecord r = good_probationary();
  r.full_date = "2024-05-01";
  expect_only(check_member(r, kToday), "full_date", "probationary_with_full_date");
}

TEST(MemberRules, FullMemberNeedsFullDateAfterJoin) {
  MemberRecord r = good_full();
  r.full_date = "";
  expect_only(check_member(r, kToday), "full_date", "full_member_without_full_date");
  r.full_date = "2005-06-30";
  expect_only(check_member(r, kToday), "full_date", "full_before_join");
  r.full_date = "2005-07-01";
  expect_only(check_member(r, kToday), "full_date", "full_before_join");
  r.full_date = "2005-09-01";  // under a year: unusual, still accepted
  EXPECT_TRUE(check_member(r, kToday).ok());
}

TEST(MemberRules, StatusMustBeKnown) {
  MemberRecord r = good_full();
  r.status = "党员";
  expect_only(check_member(r, kToday), "status", "invalid_value");
}

TEST(MemberRules, DatesNotInFuture) {
  MemberRecord r = good_probationary();
  r.join_date = "2024-06-16";
  expect_only(check_member(r, kToday), "join_date", "future_date");
  r = good_full();
  r.full_date = "2030-01-01";
  expect_only(check_member(r, kToday), "full_date", "future_date");
  r = good_probationary();
  r.join_date = "2024-06-15";  // today is fine
  EXPECT_TRUE(check_member(r, kToday).ok());
}

TEST(MemberRules, UnparseableDateNamesTheField) {
  MemberRecord r = good_full();
  r.join_date = "2023-02-30";
  const MemberCheck c = check_member(r, kToday);
  ASSERT_TRUE(has(c, "join_date", "invalid_date")) << dump(c);
  EXPECT_EQ(c.problems[0].message.rfind("入党日期", 0), 0u);
}

TEST(MemberRules, BadPhoneReported) {
  MemberRecord r = good_full();
  r.phone = "12345";
  expect_only(check_member(r, kToday), "phone", "phone_invalid");
  r.phone = "";
  EXPECT_TRUE(check_member(r, kToday).ok());
}

}  // namespace
}  // namespace dj::member
