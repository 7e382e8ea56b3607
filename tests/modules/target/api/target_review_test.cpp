// Defects found in the review of the target module (issue 6), each pinned by
// a test on both databases: evidence follows a re-assigned report to its new
// organisation, a draft plan's attachments stay with the draft's managers,
// searches are literal and case-blind on SQLite and PostgreSQL alike, and
// validation errors name the exact field (the row of a split or an
// inspection, the plan date that was moved).
#include <boost/json.hpp>

#include <map>

#include "target_api_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

std::string id_text(std::int64_t id) { return std::to_string(id); }
std::int64_t id_of(const json::object& o) { return o.at("id").as_int64(); }

class TargetReview : public TargetApiTest {
 protected:
  // An issued plan of the Committee, one item for person_a1 at A1 with one milestone.
  void make_plan_for_a1() {
    make_target_world();
    plan_ = id_of(create_plan(*committee_, root_, "2025年党建目标"));
    item_ = id_of(add_item(*committee_, plan_, 0, "支部标准化建设", 100, org_a1_, person_a1_acc_.id));
    milestone_ = id_of(add_milestone(*committee_, item_, "完成自查", today_plus(10)));
    issue(*committee_, plan_);
  }

  std::int64_t plan_ = 0, item_ = 0, milestone_ = 0;
};

// A re-assignment moves the pending report to the new organisation (its
// reviewers see it in /reports); the evidence on that report must move with
// it, or the new reviewers cannot open it while the old organisation still can.
TEST_P(TargetReview, ReassignMovesAPendingReportsEvidenceToTheNewOrganisation) {
  make_plan_for_a1();
  Reply up = upload(*person_a1_, "/api/v1/targets/my/files", "现场照片.png", png_bytes());
  ASSERT_EQ(up.status, 201) << up.body;
  const std::int64_t file = up.json().at("id").as_int64();
  Reply rep = report(*person_a1_, milestone_, 50, false, {file});
  ASSERT_EQ(rep.status, 201) << rep.body;

  Reply moved = committee_->post("/api/v1/targets/items/" + id_text(item_) + "/reassign",
                                 json_text({{"org_id", org_b_}, {"owner_user_id", person_b_acc_.id},
                                            {"reason", "工作调整"}}));
  ASSERT_EQ(moved.status, 200) << moved.body;

  auto reviewer_b = person("reviewer_b", org_b_, {"target:read", "target:review"}, org_b_);
  EXPECT_EQ(get_json(*reviewer_b, "/api/v1/targets/reports").at("total").as_int64(), 1);
  Reply theirs = reviewer_b->get("/api/v1/targets/files/" + id_text(file));
  EXPECT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_EQ(theirs.body, png_bytes());
  // A's reviewers no longer hold the report, nor its evidence.
  EXPECT_EQ(get_json(*dept_a_, "/api/v1/targets/reports").at("total").as_int64(), 0);
  EXPECT_EQ(dept_a_->get("/api/v1/targets/files/" + id_text(file)).status, 404);
}

// A draft plan is seen only by managers whose scope holds its organisation:
// its attachments are not served to a reader who gets 404 for the plan.
TEST_P(TargetReview, DraftPlanAttachmentsStayWithTheDraftsManagers) {
  make_target_world();
  const std::int64_t plan = id_of(create_plan(*committee_, root_, "草稿计划"));
  Reply up = upload(*committee_, "/api/v1/targets/plans/" + id_text(plan) + "/attachments", "实施方案.pdf",
                    pdf_bytes());
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string file = "/api/v1/targets/files/" + id_text(up.json().at("id").as_int64());
  auto reader = person("reader", root_, {"target:read"}, root_);

  EXPECT_EQ(reader->get("/api/v1/targets/plans/" + id_text(plan)).status, 404);
  EXPECT_EQ(reader->get(file).status, 404);
  EXPECT_EQ(committee_->get(file).status, 200);
  // Once issued the plan and its attachments are the readers'.
  issue(*committee_, plan);
  EXPECT_EQ(reader->get(file).status, 200);
}

// The Committee's plan document reaches the departments that see the plan
// through their own items (its url follows the plan's visibility), not those
// that see nothing of it; the attachment's file id alone opens nothing.
TEST_P(TargetReview, PlanAttachmentsFollowThePlansVisibility) {
  make_target_world();
  const std::int64_t plan = id_of(create_plan(*committee_, root_, "工委计划"));
  add_item(*committee_, plan, 0, "甲部门事项", 100, org_a_, dept_a_acc_.id);
  Reply up = upload(*committee_, "/api/v1/targets/plans/" + id_text(plan) + "/attachments", "实施方案.pdf",
                    pdf_bytes());
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string url(up.json().at("url").as_string());
  EXPECT_EQ(url, "/api/v1/targets/plans/" + id_text(plan) + "/attachments/" + id_text(up.json().at("id").as_int64()));
  auto b_reader = person("b_reader", org_b_, {"target:read"}, org_b_);
  EXPECT_EQ(dept_a_->get(url).status, 404) << "a draft is its managers' only";
  issue(*committee_, plan);
  Reply got = dept_a_->get(url);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, pdf_bytes());
  EXPECT_EQ(b_reader->get(url).status, 404) << "B sees nothing of this plan";
  EXPECT_EQ(b_reader->get("/api/v1/targets/plans/" + id_text(plan) + "/attachments/999999").status, 404);
  // The plan detail lists the same url.
  auto detail = get_json(*dept_a_, "/api/v1/targets/plans/" + id_text(plan));
  EXPECT_EQ(detail.at("attachments").at(0).at("url").as_string(), url);
}

// Search text is taken literally and ignores ASCII case on both databases
// (SQLite's LIKE is case-blind, PostgreSQL's is not; % and _ are wildcards).
TEST_P(TargetReview, PlanAndAssigneeSearchIsLiteralAndCaseBlind) {
  make_target_world();
  create_plan(*committee_, root_, "ABC党建计划");
  create_plan(*committee_, root_, "另一个计划");
  EXPECT_EQ(get_json(*committee_, "/api/v1/targets/plans?q=abc").at("total").as_int64(), 1);
  EXPECT_EQ(get_json(*committee_, "/api/v1/targets/plans?q=%25").at("total").as_int64(), 0);

  const std::string assignees = "/api/v1/targets/orgs/" + id_text(root_) + "/assignees";
  const json::object dept = get_json(*committee_, assignees + "?q=DEPT_A");
  ASSERT_EQ(dept.at("total").as_int64(), 1) << json::serialize(dept);
  EXPECT_EQ(dept.at("items").at(0).at("id").as_int64(), dept_a_acc_.id);
  EXPECT_EQ(get_json(*committee_, assignees + "?q=%25").at("total").as_int64(), 0);
  // "_" is a character, not "any one character".
  EXPECT_EQ(get_json(*committee_, assignees + "?q=d_pt").at("total").as_int64(), 0);
}

// The plan list's can_manage (now from the row's organisation path, no
// query per plan) follows the manage scope as GET /plans/{id} does.
TEST_P(TargetReview, PlanListCanManageFollowsTheManageScope) {
  make_plan_for_a1();
  const std::int64_t own = id_of(create_plan(*dept_a_, org_a_, "A部门计划"));
  issue(*dept_a_, own);
  std::map<std::int64_t, bool> seen;
  const json::object dept_list = get_json(*dept_a_, "/api/v1/targets/plans");
  for (const auto& p : dept_list.at("items").as_array()) seen[p.at("id").as_int64()] = p.at("can_manage").as_bool();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_FALSE(seen.at(plan_));  // the Committee's plan, seen through the item at A1
  EXPECT_TRUE(seen.at(own));
  const json::object committee_list = get_json(*committee_, "/api/v1/targets/plans");
  for (const auto& p : committee_list.at("items").as_array()) EXPECT_TRUE(p.at("can_manage").as_bool());
}

// Errors name the field inside the row: parts[i].weight of a split,
// rectifications[i].due_date of an inspection.
TEST_P(TargetReview, SplitAndInspectionErrorsNameTheRowsField) {
  make_plan_for_a1();
  const std::int64_t top = id_of(add_item(*committee_, plan_, 0, "组织建设", 50, org_a_, dept_a_acc_.id));
  const json::object good{{"title", "一"}, {"weight", 50}, {"org_id", org_a1_}, {"owner_user_id", person_a1_acc_.id}};
  for (const json::value& weight : {json::value(nullptr), json::value("五十")}) {
    json::object part = good;
    part["title"] = "二";
    if (weight.is_null())
      part.erase("weight");
    else
      part["weight"] = weight;
    Reply r = committee_->post("/api/v1/targets/items/" + id_text(top) + "/split",
                               json_text({{"parts", json::array{good, part}}}));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.error_field(), "parts[1].weight") << r.body;
  }

  json::object body{{"org_id", org_a_},
                    {"inspected_on", today_plus(0)},
                    {"findings", "台账不规范"},
                    {"rectifications",
                     json::array{json::object{{"title", "规范台账"}, {"owner_user_id", person_a1_acc_.id}}}}};
  Reply r = committee_->post("/api/v1/targets/inspections", json_text(body));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.error_field(), "rectifications[0].due_date") << r.body;
  EXPECT_EQ(scalar("SELECT count(*) FROM target_inspections"), 0);
}

// Moving the end date before a milestone names end_date (the field moved), not start_date.
TEST_P(TargetReview, ShrinkingThePlansEndPastAMilestoneNamesEndDate) {
  make_target_world();
  const std::int64_t plan = id_of(create_plan(*committee_, root_, "年度计划", "2025-01-01", "2025-12-31"));
  const std::int64_t item = id_of(add_item(*committee_, plan, 0, "事项", 100, org_a_, dept_a_acc_.id));
  add_milestone(*committee_, item, "年末", "2025-12-20");
  Reply r = committee_->patch("/api/v1/targets/plans/" + id_text(plan), R"({"end_date":"2025-06-30"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "end_date") << r.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, TargetReview, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
