// The member (党员) routes: validation of the form with the import's rules
// and codes, masking everywhere personal data leaves the server (list,
// detail, export), reveal and export under their own permissions and in the
// audit trail, pinyin order and search, filters and statistics, transfers
// with their history, and organisation scope.
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <set>
#include <thread>

#include "member_api_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

std::string masked(const std::string& id) { return id.substr(0, 4) + std::string(id.size() - 8, '*') + id.substr(id.size() - 4); }

class MemberApi : public MemberApiTest {
 protected:
  // An audit administrator, signed in; the rows of GET /api/v1/audit?action=…
  json::array audit_rows(const std::string& action) {
    if (!auditor_) {
      Account a = create_admin("auditor1", "auditadmin");
      auditor_ = first_sign_in_admin(a);
    }
    Reply r = auditor_->get("/api/v1/audit?page_size=200&action=" + action);
    require(r.status == 200, "audit list: " + r.body);
    return r.json().at("items").as_array();
  }
  std::unique_ptr<Browser> auditor_;
};

json::object full_body(std::int64_t org, const std::string& name, const std::string& id) {
  json::object b = MemberApiTest::member_body(org, name, id);
  b["sex"] = (id[16] - '0') % 2 ? "男" : "女";
  b["birth_date"] = id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2);
  b["phone"] = "13812345678";
  return b;
}

TEST_P(MemberApi, CreateRefusesEachRuleWithItsCodeAndField) {
  make_member_world();
  const std::string id = make_id("19800101", 11);
  const json::object base = full_body(org_a_, "验证用", id);
  struct Case {
    const char* what;
    std::function<void(json::object&)> change;
    const char* code;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"no name", [](json::object& b) { b["name"] = ""; }, "required", "name"},
      {"check digit", [](json::object& b) { b["id_number"] = member::test::with_wrong_check("32040219800101011"); },
       "id_checksum", "id_number"},
      {"Excel number", [](json::object& b) { b["id_number"] = "3.20402E+17"; }, "id_lost_digits", "id_number"},
      {"15 digits", [](json::object& b) { b["id_number"] = "320402800101011"; }, "id_15_digit", "id_number"},
      {"no ID", [](json::object& b) { b["id_number"] = ""; }, "required", "id_number"},
      {"sex", [](json::object& b) { b["sex"] = "女"; }, "sex_mismatch", "sex"},
      {"birth date", [](json::object& b) { b["birth_date"] = "1980-01-02"; }, "birth_mismatch", "birth_date"},
      {"joined at 17", [](json::object& b) { b["join_date"] = "1997-12-31"; }, "too_young_to_join", "join_date"},
      {"预备 with 转正", [](json::object& b) { b["status"] = "预备党员"; }, "probationary_with_full_date",
       "full_date"},
      {"正式 without 转正", [](json::object& b) { b.erase("full_date"); }, "full_member_without_full_date",
       "full_date"},
      {"转正 not after 入党", [](json::object& b) { b["full_date"] = "2005-07-01"; }, "full_before_join", "full_date"},
      {"phone", [](json::object& b) { b["phone"] = "12345"; }, "phone_invalid", "phone"},
      {"status", [](json::object& b) { b["status"] = "群众"; }, "invalid_value", "status"},
      {"future", [](json::object& b) { b["join_date"] = "2099-01-01"; }, "future_date", "join_date"},
      {"no such date", [](json::object& b) { b["join_date"] = "2005-02-30"; }, "invalid_date", "join_date"},
      {"no 入党日期", [](json::object& b) { b.erase("join_date"); }, "required", "join_date"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    json::object body = base;
    c.change(body);
    Reply r = mgr_->post("/api/v1/members", json_text(body));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.error_code(), c.code) << r.body;
    EXPECT_EQ(r.error_field(), c.field) << r.body;
    EXPECT_TRUE(r.is_error_shape()) << r.body;
  }
  EXPECT_EQ(member_count(), 0);

  json::object created = create_member(*mgr_, base);
  EXPECT_EQ(created.at("name").as_string(), "验证用");
  EXPECT_EQ(created.at("org_id").as_int64(), org_a_);
  EXPECT_EQ(created.at("org_name").as_string(), "甲单位党委");
  EXPECT_EQ(created.at("name_pinyin").as_string(), "yanzhengyong");
  EXPECT_EQ(created.at("name_initials").as_string(), "yzy");
  Reply again = mgr_->post("/api/v1/members", json_text(base));
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.error_field(), "id_number");
  EXPECT_TRUE(again.is_error_shape()) << again.body;

  // The same number typed differently (lower-case x, full-width, spaces) is the same person.
  const std::string x = id_ending_in_x("19810101", true);
  create_member(*mgr_, member_body(org_a_, "末位X", x));
  std::string lower = x;
  lower.back() = 'x';
  for (const std::string& variant : {lower, " " + x.substr(0, 6) + " " + x.substr(6) + " "}) {
    Reply dup = mgr_->post("/api/v1/members", json_text(member_body(org_b_, "末位X副本", variant)));
    EXPECT_EQ(dup.status, 409) << variant << ": " << dup.body;
  }
  EXPECT_EQ(member_count(), 2);
}

TEST_P(MemberApi, UpdateRefusesOrgChangesAndKeepsTheRules) {
  make_member_world();
  json::object a = create_member(*mgr_, full_body(org_a_, "甲成员", make_id("19800101", 11)));
  const std::string id_b = make_id("19800101", 21);  // same birth date and sex: only the number clashes
  create_member(*mgr_, full_body(org_a_, "乙成员", id_b));
  const std::string path = "/api/v1/members/" + std::to_string(a.at("id").as_int64());

  Reply move = mgr_->patch(path, json_text({{"org_id", org_b_}}));
  EXPECT_EQ(move.status, 422) << move.body;
  EXPECT_EQ(move.error_field(), "org_id");
  Reply steal = mgr_->patch(path, json_text({{"id_number", id_b}}));
  EXPECT_EQ(steal.status, 409) << steal.body;
  EXPECT_EQ(steal.error_field(), "id_number");
  Reply prob = mgr_->patch(path, json_text({{"status", "预备党员"}}));
  EXPECT_EQ(prob.status, 422) << prob.body;
  EXPECT_EQ(prob.error_code(), "probationary_with_full_date");
  Reply phone = mgr_->patch(path, json_text({{"phone", "1381234"}}));
  EXPECT_EQ(phone.error_code(), "phone_invalid") << phone.body;

  Reply ok = mgr_->patch(path, json_text({{"post", "副科长"}, {"join_date", "2005.7.2"}, {"phone", "139 8765 4321"}}));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("post").as_string(), "副科长");
  EXPECT_EQ(ok.json().at("join_date").as_string(), "2005-07-02") << "repaired like an imported cell";
  EXPECT_EQ(ok.json().at("phone").as_string(), "139****4321");
  EXPECT_EQ(ok.json().at("org_id").as_int64(), org_a_);
  EXPECT_EQ(ok.json().at("name").as_string(), "甲成员") << "fields not in the body are kept";
}

TEST_P(MemberApi, PersonalDataIsMaskedInListDetailAndExport) {
  make_member_world();
  const std::string id = id_ending_in_x("19800101", true);
  json::object m = create_member(*mgr_, full_body(org_a_, "掩码人", id));
  const std::string mid = std::to_string(m.at("id").as_int64());
  ASSERT_EQ(masked(id).size(), 18u);
  EXPECT_EQ(m.at("id_number").as_string(), masked(id));

  Reply page = mgr_->get("/api/v1/members");
  ASSERT_EQ(page.status, 200) << page.body;
  const json::value pv = page.json();
  ASSERT_EQ(pv.at("total").as_int64(), 1);
  EXPECT_EQ(pv.at("page").as_int64(), 1);
  const auto& item = pv.at("items").as_array().at(0);
  EXPECT_EQ(item.at("id_number").as_string(), masked(id));
  EXPECT_EQ(std::string(item.at("id_number").as_string()).substr(0, 4), "3204");
  EXPECT_EQ(item.at("phone").as_string(), "138****5678");
  EXPECT_EQ(page.body.find(id), std::string::npos);
  EXPECT_EQ(page.body.find("13812345678"), std::string::npos);

  Reply one = mgr_->get("/api/v1/members/" + mid);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json().at("id_number").as_string(), masked(id));
  EXPECT_EQ(one.json().at("phone").as_string(), "138****5678");
  EXPECT_TRUE(one.json().at("can_reveal").as_bool());
  EXPECT_EQ(one.body.find(id), std::string::npos);

  Reply x = mgr_->get("/api/v1/members/export?columns=name,id_number,phone,org");
  ASSERT_EQ(x.status, 200) << x.body.substr(0, 300);
  EXPECT_NE(x.header("content-type").find("spreadsheetml"), std::string::npos);
  EXPECT_NE(x.header("content-disposition").find("attachment"), std::string::npos);
  std::string text = xlsx_text(x.body);
  EXPECT_NE(text.find("掩码人"), std::string::npos);
  EXPECT_NE(text.find("**********"), std::string::npos);
  EXPECT_NE(text.find(masked(id)), std::string::npos);
  EXPECT_EQ(text.find(id), std::string::npos) << "plain ID in a masked export";
  EXPECT_EQ(text.find("13812345678"), std::string::npos);
  EXPECT_EQ(text.find("出生日期"), std::string::npos) << "only the chosen columns";

  Reply plain = mgr_->get("/api/v1/members/export?columns=name,id_number,phone&reveal=1");
  ASSERT_EQ(plain.status, 200) << plain.body.substr(0, 300);
  std::string ptext = xlsx_text(plain.body);
  EXPECT_NE(ptext.find(id), std::string::npos);
  EXPECT_NE(ptext.find("13812345678"), std::string::npos);

  Reply bad = mgr_->get("/api/v1/members/export?columns=name,salary");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.error_field(), "columns");

  // Both exports are in the audit trail, the second marked as revealing.
  auto rows = audit_rows("member.export");
  ASSERT_EQ(rows.size(), 2u) << json_text(rows);
  int revealed = 0;
  for (const auto& r : rows) {
    EXPECT_EQ(r.at("outcome").as_string(), "success");
    EXPECT_EQ(r.at("username").as_string(), "member_admin");
    if (r.at("detail").at("revealed").as_bool()) ++revealed;
    EXPECT_EQ(r.at("detail").at("rows").as_int64(), 1);
  }
  EXPECT_EQ(revealed, 1);
}

TEST_P(MemberApi, RevealNeedsItsPermissionAndIsAudited) {
  make_member_world();
  const std::string id = make_id("19800101", 11);
  json::object m = create_member(*mgr_, full_body(org_a_, "揭示人", id));
  const std::string path = "/api/v1/members/" + std::to_string(m.at("id").as_int64());
  auto reader = user_with("reader_a", org_a_, {"member:read", "member:export"}, org_a_);

  Reply detail = reader->get(path);
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_FALSE(detail.json().at("can_reveal").as_bool());
  Reply refused = reader->post(path + "/reveal");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_TRUE(refused.is_error_shape()) << refused.body;
  EXPECT_EQ(refused.body.find(id), std::string::npos);
  Reply export_refused = reader->get("/api/v1/members/export?reveal=1");
  EXPECT_EQ(export_refused.status, 403) << export_refused.body.substr(0, 300);
  EXPECT_TRUE(export_refused.is_error_shape()) << export_refused.body.substr(0, 300);
  Reply export_masked = reader->get("/api/v1/members/export");
  ASSERT_EQ(export_masked.status, 200);
  EXPECT_EQ(xlsx_text(export_masked.body).find(id), std::string::npos);

  Reply shown = mgr_->post(path + "/reveal");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.json().at("id_number").as_string(), id);
  EXPECT_EQ(shown.json().at("phone").as_string(), "13812345678");

  auto rows = audit_rows("member.reveal");
  ASSERT_EQ(rows.size(), 1u) << json_text(rows) << " (the refused reveal revealed nothing)";
  EXPECT_EQ(rows[0].at("entity_id").as_string(), std::to_string(m.at("id").as_int64()));
  EXPECT_EQ(rows[0].at("outcome").as_string(), "success");
  EXPECT_EQ(rows[0].at("username").as_string(), "member_admin");
  EXPECT_EQ(json_text(rows[0]).find(id), std::string::npos) << "the trail does not copy the ID number";
}

TEST_P(MemberApi, PinyinOrderAndSearch) {
  make_member_world();
  const std::string zs = make_id("19800101", 11), z4 = make_id("19810202", 21), lm = make_id("19820303", 31),
                    wf = make_id("19830404", 42);
  for (auto [name, id] : {std::pair{"张三", zs}, {"赵四", z4}, {"李明", lm}, {"王芳", wf}})
    create_member(*mgr_, member_body(org_a_, name, id));
  using Names = std::vector<std::string>;
  EXPECT_EQ(names(*mgr_, ""), (Names{"李明", "王芳", "张三", "赵四"})) << "pinyin order: li < wang < zhang < zhao";
  EXPECT_EQ(names(*mgr_, "sort=name&order=desc"), (Names{"赵四", "张三", "王芳", "李明"}));
  EXPECT_EQ(names(*mgr_, "q=zhang"), (Names{"张三"}));
  EXPECT_EQ(names(*mgr_, "q=zhangs"), (Names{"张三"}));
  EXPECT_EQ(names(*mgr_, "q=zhao"), (Names{"赵四"}));
  EXPECT_EQ(names(*mgr_, "q=lm"), (Names{"李明"}));
  EXPECT_EQ(names(*mgr_, "q=WF"), (Names{"王芳"}));
  // 张三 (zhang san) and 赵四 (zhao si) share the initials zs.
  EXPECT_EQ(names(*mgr_, "q=zs"), (Names{"张三", "赵四"}));
  EXPECT_EQ(names(*mgr_, "q=zsa"), (Names{})) << "initials are a prefix, not a subsequence";
  EXPECT_EQ(names(*mgr_, "q=" + url_encode("张")), (Names{"张三"}));
  EXPECT_EQ(names(*mgr_, "q=" + url_encode("王")), (Names{"王芳"}));
  EXPECT_EQ(names(*mgr_, "q=" + url_encode("芳")), (Names{})) << "the start of a name, not any part (decision 48)";
  EXPECT_EQ(names(*mgr_, "q=" + zs.substr(14)), (Names{"张三"})) << "last 4 of the ID";
  EXPECT_EQ(names(*mgr_, "q=" + wf.substr(14)), (Names{"王芳"}));
  EXPECT_EQ(names(*mgr_, "q=" + zs.substr(10, 4)), (Names{})) << "only the last 4, not any 4 digits";
  EXPECT_EQ(names(*mgr_, "q=" + url_encode("%")), (Names{})) << "LIKE wildcards are literal";
  const std::string x = id_ending_in_x("19840505", true);
  create_member(*mgr_, member_body(org_a_, "末位", x));
  std::string tail = x.substr(14);
  tail.back() = 'x';
  EXPECT_EQ(names(*mgr_, "q=" + tail), (Names{"末位"})) << "last 4 ending in a lower-case x";
}

TEST_P(MemberApi, FiltersSortingPagingAndStats) {
  make_member_world();
  auto add = [&](std::int64_t org, const char* name, const std::string& id, const char* join, const char* full,
                 const char* status, const char* education) {
    json::object b = member_body(org, name, id, join, full, status);
    if (*education) b["education"] = education;
    return create_member(*mgr_, b);
  };
  add(org_a1_, "老甲", make_id("19600505", 11), "1985-07-01", "1986-07-01", "正式党员", "大学本科");  // 66
  add(org_a_, "中乙", make_id("19850303", 22), "2012-07-01", "2013-07-01", "正式党员", "研究生");     // 41
  add(org_a_, "少丙", make_id("19980808", 31), "2026-03-01", "", "预备党员", "");                     // 28
  add(org_b_, "乙丁", make_id("19750101", 42), "2012-05-05", "2013-05-05", "正式党员", "");           // 51
  using Names = std::vector<std::string>;
  auto set = [&](const std::string& q) {
    auto v = names(*mgr_, q);
    return std::set<std::string>(v.begin(), v.end());
  };
  using Set = std::set<std::string>;
  EXPECT_EQ(set(""), (Set{"老甲", "中乙", "少丙", "乙丁"}));
  EXPECT_EQ(set("status=" + url_encode("预备党员")), (Set{"少丙"}));
  EXPECT_EQ(set("status=" + url_encode("正式党员")), (Set{"老甲", "中乙", "乙丁"}));
  EXPECT_EQ(set("join_year=2012"), (Set{"中乙", "乙丁"}));
  EXPECT_EQ(set("join_year_from=1980&join_year_to=2000"), (Set{"老甲"}));
  EXPECT_EQ(set("join_year_from=2012"), (Set{"中乙", "少丙", "乙丁"}));
  EXPECT_EQ(set("age_from=60"), (Set{"老甲"}));
  EXPECT_EQ(set("age_from=25&age_to=45"), (Set{"中乙", "少丙"}));
  EXPECT_EQ(set("age_to=41"), (Set{"中乙", "少丙"}));
  EXPECT_EQ(set("age_to=40"), (Set{"少丙"}));
  EXPECT_EQ(set("org_id=" + std::to_string(org_a_)), (Set{"老甲", "中乙", "少丙"})) << "A and below";
  EXPECT_EQ(set("org_id=" + std::to_string(org_a1_)), (Set{"老甲"}));
  EXPECT_EQ(set("org_id=" + std::to_string(org_b_)), (Set{"乙丁"}));
  EXPECT_EQ(set("org_id=" + std::to_string(root_)), (Set{"老甲", "中乙", "少丙", "乙丁"}));
  EXPECT_EQ(set("sex=" + url_encode("女")), (Set{"中乙", "乙丁"}));
  EXPECT_EQ(set("education=" + url_encode("研究生")), (Set{"中乙"}));
  EXPECT_EQ(set("org_id=" + std::to_string(org_a_) + "&status=" + url_encode("正式党员") + "&age_from=50"),
            (Set{"老甲"}));

  EXPECT_EQ(names(*mgr_, "sort=join_date"), (Names{"老甲", "乙丁", "中乙", "少丙"}));
  EXPECT_EQ(names(*mgr_, "sort=birth_date&order=desc"), (Names{"少丙", "中乙", "乙丁", "老甲"}));
  EXPECT_EQ(mgr_->get("/api/v1/members?sort=org").status, 200);
  EXPECT_EQ(mgr_->get("/api/v1/members?sort=updated&order=desc").status, 200);

  // Pages do not overlap and the total is the whole selection.
  Reply p1 = mgr_->get("/api/v1/members?page_size=3&page=1"), p2 = mgr_->get("/api/v1/members?page_size=3&page=2");
  ASSERT_EQ(p1.status, 200);
  ASSERT_EQ(p2.status, 200);
  EXPECT_EQ(p1.json().at("total").as_int64(), 4);
  EXPECT_EQ(p2.json().at("total").as_int64(), 4);
  EXPECT_EQ(p1.json().at("page_size").as_int64(), 3);
  EXPECT_EQ(p1.json().at("items").as_array().size(), 3u);
  ASSERT_EQ(p2.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(p2.json().at("items").as_array()[0].at("name").as_string(), "中乙");

  struct Bad {
    const char* query;
    const char* field;
  };
  for (const auto& b : {Bad{"status=x", "status"}, Bad{"sort=salary", "sort"}, Bad{"order=up", "order"},
                        Bad{"age_from=50&age_to=40", "age_from"}, Bad{"join_year=1800", "join_year"}}) {
    Reply r = mgr_->get(std::string("/api/v1/members?") + b.query);
    EXPECT_EQ(r.status, 422) << b.query << ": " << r.body;
    EXPECT_EQ(r.error_field(), b.field) << b.query << ": " << r.body;
  }

  Reply stats = mgr_->get("/api/v1/members/stats");
  ASSERT_EQ(stats.status, 200) << stats.body;
  const json::value s = stats.json();
  SCOPED_TRACE(stats.body);
  EXPECT_EQ(s.at("total").as_int64(), 4);
  EXPECT_EQ(s.at("by_status").at("正式党员").as_int64(), 3);
  EXPECT_EQ(s.at("by_status").at("预备党员").as_int64(), 1);
  EXPECT_EQ(s.at("by_sex").at("男").as_int64(), 2);
  EXPECT_EQ(s.at("by_sex").at("女").as_int64(), 2);
  EXPECT_EQ(s.at("by_education").at("研究生").as_int64(), 1);
  EXPECT_EQ(s.at("by_education").at("大学本科").as_int64(), 1);
  EXPECT_EQ(s.at("by_education").at("未填写").as_int64(), 2);
  EXPECT_EQ(s.at("by_age").at("35岁及以下").as_int64(), 1);
  EXPECT_EQ(s.at("by_age").at("36至45岁").as_int64(), 1);
  EXPECT_EQ(s.at("by_age").at("46至55岁").as_int64(), 1);
  EXPECT_EQ(s.at("by_age").at("56至60岁").as_int64(), 0);
  EXPECT_EQ(s.at("by_age").at("61岁及以上").as_int64(), 1);
  Reply sa = mgr_->get("/api/v1/members/stats?org_id=" + std::to_string(org_a_));
  ASSERT_EQ(sa.status, 200) << sa.body;
  EXPECT_EQ(sa.json().at("total").as_int64(), 3);
  EXPECT_EQ(sa.json().at("by_status").at("预备党员").as_int64(), 1);
}

TEST_P(MemberApi, TransferMovesTheMemberAndKeepsHistory) {
  make_member_world();
  json::object m = create_member(*mgr_, member_body(org_a1_, "调动人", make_id("19800101", 11)));
  const std::string path = "/api/v1/members/" + std::to_string(m.at("id").as_int64());

  Reply t = mgr_->post(path + "/transfer", json_text({{"to_org_id", org_b_}, {"reason", "工作调动"}}));
  ASSERT_EQ(t.status, 200) << t.body;
  Reply now = mgr_->get(path);
  EXPECT_EQ(now.json().at("org_id").as_int64(), org_b_);
  EXPECT_EQ(now.json().at("org_name").as_string(), "乙单位党委");
  EXPECT_EQ(names(*mgr_, "org_id=" + std::to_string(org_b_)), (std::vector<std::string>{"调动人"}));
  EXPECT_TRUE(names(*mgr_, "org_id=" + std::to_string(org_a_)).empty());

  Reply same = mgr_->post(path + "/transfer", json_text({{"to_org_id", org_b_}, {"reason", "重复"}}));
  EXPECT_EQ(same.status, 422) << same.body;
  EXPECT_EQ(same.error_field(), "to_org_id");
  Reply back = mgr_->post(path + "/transfer", json_text({{"to_org_id", org_a_}, {"reason", "调回"}}));
  ASSERT_EQ(back.status, 200) << back.body;

  Reply hist = mgr_->get(path + "/transfers");
  ASSERT_EQ(hist.status, 200) << hist.body;
  const json::value hv = hist.json();
  const auto& items = hv.at("items").as_array();
  ASSERT_EQ(items.size(), 2u) << hist.body;
  // Newest first.
  EXPECT_EQ(items[0].at("from_org_id").as_int64(), org_b_);
  EXPECT_EQ(items[0].at("to_org_id").as_int64(), org_a_);
  EXPECT_EQ(items[0].at("reason").as_string(), "调回");
  EXPECT_EQ(items[1].at("from_org_id").as_int64(), org_a1_);
  EXPECT_EQ(items[1].at("from_org_name").as_string(), "甲单位第一支部");
  EXPECT_EQ(items[1].at("to_org_name").as_string(), "乙单位党委");
  EXPECT_EQ(items[1].at("reason").as_string(), "工作调动");
  EXPECT_EQ(items[1].at("by_name").as_string(), "用户member_admin");

  // A transferrer scoped to A cannot send members to B, and cannot transfer without the permission.
  auto scoped = user_with("mover_a", org_a_, {"member:read", "member:transfer"}, org_a_);
  Reply out = scoped->post(path + "/transfer", json_text({{"to_org_id", org_b_}, {"reason", "越权"}}));
  EXPECT_EQ(out.status, 403) << out.body;
  EXPECT_EQ(out.error_field(), "to_org_id");
  auto reader = user_with("reader_a", org_a_, {"member:read"}, org_a_);
  EXPECT_EQ(reader->post(path + "/transfer", json_text({{"to_org_id", org_a1_}, {"reason", "无权"}})).status, 403);
  EXPECT_EQ(mgr_->get(path).json().at("org_id").as_int64(), org_a_);
}

TEST_P(MemberApi, AUserScopedToASeesNothingOfB) {
  make_member_world();
  create_member(*mgr_, member_body(org_a_, "甲党员", make_id("19800101", 11)));
  create_member(*mgr_, member_body(org_a1_, "甲一党员", make_id("19810101", 21)));
  json::object b = create_member(*mgr_, member_body(org_b_, "乙党员", make_id("19820101", 31)));
  const std::string b_path = "/api/v1/members/" + std::to_string(b.at("id").as_int64());
  auto reader = user_with("reader_a", org_a_, {"member:read", "member:export", "member:reveal", "member:write"}, org_a_);

  json::object page = list(*reader, "");
  EXPECT_EQ(page.at("total").as_int64(), 2) << json_text(page);
  EXPECT_EQ(json_text(page).find("乙党员"), std::string::npos);
  EXPECT_EQ(list(*reader, "org_id=" + std::to_string(org_b_)).at("total").as_int64(), 0);
  EXPECT_EQ(list(*reader, "q=" + url_encode("乙党员")).at("total").as_int64(), 0);
  for (const std::string& p : {b_path, b_path + "/transfers"}) {
    Reply r = reader->get(p);
    EXPECT_TRUE(r.status == 404 || r.status == 403) << p << ": " << r.body;
    EXPECT_EQ(r.body.find("乙党员"), std::string::npos);
  }
  Reply rv = reader->post(b_path + "/reveal");
  EXPECT_TRUE(rv.status == 404 || rv.status == 403) << rv.body;
  Reply pt = reader->patch(b_path, json_text({{"post", "越权"}}));
  EXPECT_TRUE(pt.status == 404 || pt.status == 403) << pt.body;
  Reply cr = reader->post("/api/v1/members", json_text(member_body(org_b_, "越权新建", make_id("19830101", 41))));
  EXPECT_EQ(cr.status, 403) << cr.body;
  Reply st = reader->get("/api/v1/members/stats");
  EXPECT_EQ(st.json().at("total").as_int64(), 2) << st.body;
  Reply x = reader->get("/api/v1/members/export");
  ASSERT_EQ(x.status, 200);
  std::string text = xlsx_text(x.body);
  EXPECT_EQ(text.find("乙党员"), std::string::npos);
  EXPECT_NE(text.find("甲一党员"), std::string::npos);
  EXPECT_EQ(mgr_->get(b_path).json().at("post").as_string(), "");
  EXPECT_EQ(member_count(), 3);
}

// roster_columns.h: "a file exported from dangjian imports back unchanged".
TEST_P(MemberApi, AFullExportImportsBackUnchanged) {
  make_member_world();
  json::object a = full_body(org_a_, "回环甲", make_id("19800101", 11));
  a["ethnicity"] = "汉族";
  a["education"] = "大学本科";
  a["post"] = "科长";
  a["rank"] = "一级主任科员";
  a["category"] = "在职";
  create_member(*mgr_, a);
  create_member(*mgr_, member_body(org_a1_, "回环乙", make_id("19900202", 22), "2026-02-01", "", "预备党员"));
  create_member(*mgr_, full_body(org_b_, "回环丙", id_ending_in_x("19700303", true)));
  Reply x = mgr_->get("/api/v1/members/export?reveal=1");
  ASSERT_EQ(x.status, 200) << x.body.substr(0, 300);
  json::object report = import_file(*mgr_, root_, x.body);
  SCOPED_TRACE(json_text(report));
  EXPECT_EQ(report.at("rows").as_int64(), 3);
  EXPECT_EQ(report.at("unchanged").as_int64(), 3);
  EXPECT_EQ(report.at("imported").as_int64(), 0);
  EXPECT_EQ(report.at("updated").as_int64(), 0);
  EXPECT_TRUE(report.at("rejected").as_array().empty());
  EXPECT_TRUE(report.at("repaired").as_array().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, MemberApi, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test

namespace dj::test {
namespace {

// `keys rotate` while the server runs: members' ID numbers and phones move to
// the new key (ciphertext and look-up hash), and everything that finds or shows
// them keeps working — reveal, the duplicate check, a re-import.
TEST_P(MemberApi, KeyRotationWhileServingKeepsMembersUsable) {
  make_member_world();
  const std::string id = make_id("19800101", 21);
  json::object m = create_member(*mgr_, full_body(org_a_, "轮换人", id));
  const std::string path = "/api/v1/members/" + std::to_string(m.at("id").as_int64());
  ASSERT_EQ(scalar("SELECT count(*) FROM members WHERE id_enc LIKE 'v1.%' AND id_hash LIKE 'v1.%'"), 1);

  auto rotated = cli({"keys", "rotate"});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.output;
  EXPECT_EQ(scalar("SELECT count(*) FROM members WHERE id_enc LIKE 'v2.%' AND id_hash LIKE 'v2.%' AND "
                   "phone_enc LIKE 'v2.%' AND phone_hash LIKE 'v2.%'"),
            1);
  EXPECT_EQ(scalar("SELECT count(*) FROM members WHERE id_enc LIKE 'v1.%' OR phone_enc LIKE 'v1.%'"), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // the server re-reads the key file within 1 s

  Reply shown = mgr_->post(path + "/reveal");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.json().at("id_number").as_string(), id);
  EXPECT_EQ(shown.json().at("phone").as_string(), "13812345678");
  Reply twice = mgr_->post("/api/v1/members", json_text(full_body(org_a_, "重复人", id)));
  EXPECT_EQ(twice.status, 409) << "the duplicate check finds the member under the new hash: " << twice.body;
}

}  // namespace
}  // namespace dj::test
