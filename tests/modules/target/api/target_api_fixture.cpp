#include "target_api_fixture.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace dj::test {

namespace json = boost::json;

namespace {

std::string path_of(std::int64_t id) { return std::to_string(id); }

json::object require_json(const Reply& r, int status, const std::string& what) {
  require(r.status == status, what + ": " + std::to_string(r.status) + " " + r.body);
  return r.json().as_object();
}

}  // namespace

void TargetApiTest::make_target_world() {
  make_world();
  const std::vector<std::string> all{"target:read", "target:manage", "target:review", "target:supervise"};
  committee_ = person("committee", root_, all, root_, &committee_acc_);
  dept_a_ = person("dept_a", org_a_, {"target:read", "target:manage", "target:review"}, org_a_, &dept_a_acc_);
  person_a1_ = person("person_a1", org_a1_, {}, 0, &person_a1_acc_);
  person_b_ = person("person_b", org_b_, {}, 0, &person_b_acc_);
}

std::unique_ptr<Browser> TargetApiTest::person(const std::string& username, std::int64_t org,
                                               const std::vector<std::string>& perms, std::int64_t anchor,
                                               Account* out) {
  Account a = create_user(*sysb_, username, "用户" + username, org);
  if (!perms.empty()) {
    std::int64_t role = create_role(*sysb_, "r_" + username, perms);
    set_roles(*sysb_, a.id,
              json::array{json::object{{"role_id", role}, {"scope", "subtree"}, {"anchor_org_id", anchor}}});
  }
  auto b = first_sign_in(a);
  if (out) *out = a;
  return b;
}

json::object TargetApiTest::create_plan(Browser& b, std::int64_t org, const std::string& title,
                                        const std::string& start, const std::string& end) {
  json::object body{{"org_id", org},         {"year", 2025},         {"title", title},
                    {"tags", json::array{"五大工程"}}, {"description", "测试计划"}, {"start_date", start},
                    {"end_date", end}};
  return require_json(b.post("/api/v1/targets/plans", json_text(body)), 201, "create plan " + title);
}

json::object TargetApiTest::add_item(Browser& b, std::int64_t plan, std::int64_t parent, const std::string& title,
                                     std::int64_t weight, std::int64_t org, std::int64_t owner_user_id) {
  json::object body{{"title", title},   {"criteria", "按期完成"}, {"weight", weight},
                    {"org_id", org},    {"owner_user_id", owner_user_id}};
  body["parent_id"] = parent ? json::value(parent) : json::value(nullptr);
  return require_json(b.post("/api/v1/targets/plans/" + path_of(plan) + "/items", json_text(body)), 201,
                      "add item " + title);
}

json::object TargetApiTest::add_milestone(Browser& b, std::int64_t item, const std::string& title,
                                          const std::string& due_date) {
  json::object body{{"title", title}, {"due_date", due_date}};
  return require_json(b.post("/api/v1/targets/items/" + path_of(item) + "/milestones", json_text(body)), 201,
                      "add milestone " + title);
}

void TargetApiTest::issue(Browser& b, std::int64_t plan) {
  require_json(b.post("/api/v1/targets/plans/" + path_of(plan) + "/issue"), 200, "issue plan");
}

Reply TargetApiTest::report(Browser& owner, std::int64_t milestone, int percent, bool done,
                            const std::vector<std::int64_t>& file_ids) {
  json::array files;
  for (auto id : file_ids) files.emplace_back(id);
  json::object body{{"body", "已按计划推进，完成" + std::to_string(percent) + "%。"},
                    {"percent", percent},
                    {"done", done},
                    {"file_ids", files}};
  return owner.post("/api/v1/targets/my/milestones/" + path_of(milestone) + "/reports", json_text(body));
}

void TargetApiTest::accept(Browser& reviewer, std::int64_t report_id) {
  require_json(reviewer.post("/api/v1/targets/reports/" + path_of(report_id) + "/accept"), 200, "accept report");
}

Reply TargetApiTest::upload(Browser& b, const std::string& path, const std::string& name, const std::string& bytes) {
  return b.upload(path + (path.find('?') == std::string::npos ? "?" : "&") + "name=" + url_encode(name), bytes);
}

json::object TargetApiTest::get_json(Browser& b, const std::string& path) {
  return require_json(b.get(path), 200, "GET " + path);
}

std::string TargetApiTest::today_plus(int days) {
  // Beijing has no daylight saving time: UTC+8 all year.
  using namespace std::chrono;
  auto t = system_clock::to_time_t(system_clock::now() + hours(8) + hours(24) * days);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string TargetApiTest::png_bytes() {
  std::string s("\x89PNG\r\n\x1a\n", 8);
  // An IHDR chunk header after the signature, so anything sniffing deeper still sees a PNG.
  s += std::string("\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x02\0\0\0\x90wS\xde", 25);
  return s;
}

std::string TargetApiTest::pdf_bytes() { return "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"; }

}  // namespace dj::test
