// The fixture of the target (目标任务) API tests: the identity fixture's real
// dangjian-testd on a fresh database per test (SQLite and PostgreSQL), the
// org tree ROOT → {A → A1, B}, and the people of a plan:
//   committee_ — target:read/manage/review/supervise over the whole tree (the Committee, at ROOT)
//   dept_a_    — target:read/manage/review over A's subtree (a department at A)
//   person_a1_ — no permission at all, home org A1 (a post: owns items and reports)
//   person_b_  — no permission, home org B (another department's person)
// plus builders for plans, items and milestones through the API.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "identity_fixture.h"
#include "modules/target/figures.h"

namespace dj::test {

class TargetApiTest : public IdentityTest {
 public:
  // Every test ends with the subtree counts (decision 47) equal to a recount
  // of the rows, whatever the test changed.
  void TearDown() override {
    if (!IsSkipped() && server_) {
      EXPECT_EQ(store().read([](store::Conn& c) { return target::figures::verify(c); }), std::vector<std::string>{})
          << "the per-subtree counts drifted from the rows";
    }
    IdentityTest::TearDown();
  }

  // After a test edits target rows underneath the API (exec_sql), the figures
  // are recounted as a bulk load would (figures::rebuild).
  void recount_figures() {
    store().write([](store::Conn& c) { target::figures::rebuild(c); });
  }

 protected:
  // make_world() plus the four people above, each signed in (stage full).
  void make_target_world();

  // A new user of `org` signed in; with `perms` a new role bound with scope
  // subtree at `anchor` (no role when perms is empty).
  std::unique_ptr<Browser> person(const std::string& username, std::int64_t org,
                                  const std::vector<std::string>& perms = {}, std::int64_t anchor = 0,
                                  Account* out = nullptr);

  // POST /api/v1/targets/plans as `b` (201 required); the plan. Dates default
  // to a plan that started long ago and ends far ahead, so tests can place
  // milestones both in the past (overdue) and in the future.
  boost::json::object create_plan(Browser& b, std::int64_t org, const std::string& title,
                                  const std::string& start = "2020-01-01", const std::string& end = "2099-12-31");
  // POST /api/v1/targets/plans/{id}/items (201 required); parent 0 = top level.
  boost::json::object add_item(Browser& b, std::int64_t plan, std::int64_t parent, const std::string& title,
                               std::int64_t weight, std::int64_t org, std::int64_t owner_user_id);
  // POST /api/v1/targets/items/{id}/milestones (201 required).
  boost::json::object add_milestone(Browser& b, std::int64_t item, const std::string& title,
                                    const std::string& due_date);
  // POST /api/v1/targets/plans/{id}/issue (200 required).
  void issue(Browser& b, std::int64_t plan);
  // POST /api/v1/targets/my/milestones/{id}/reports as the owner; the reply.
  Reply report(Browser& owner, std::int64_t milestone, int percent, bool done,
               const std::vector<std::int64_t>& file_ids = {});
  // POST /api/v1/targets/reports/{id}/accept as `reviewer` (200 required).
  void accept(Browser& reviewer, std::int64_t report_id);
  // Upload raw bytes: POST `path`?name=<name> with application/octet-stream.
  Reply upload(Browser& b, const std::string& path, const std::string& name, const std::string& bytes);
  // GET `path` as `b`, 200 required; the JSON object.
  boost::json::object get_json(Browser& b, const std::string& path);

  // A date relative to today in Beijing (what the server compares with): today_plus(-3) is 3 days ago.
  static std::string today_plus(int days);
  // Minimal valid files of each evidence type (signatures only need to be right).
  static std::string png_bytes();
  static std::string pdf_bytes();

  std::unique_ptr<Browser> committee_, dept_a_, person_a1_, person_b_;
  Account committee_acc_, dept_a_acc_, person_a1_acc_, person_b_acc_;
};

}  // namespace dj::test
