// The work on a plan, through the API on both databases: owners report on
// their own milestones only, with evidence checked by type and size (and
// nothing stored when refused); reviewers accept (progress rolls up) or
// return with a reason, never their own report; a closed plan refuses
// reports; overdue / on time are computed; every statistics figure equals
// the drill-down list it opens; an inspection's rectification goes through
// the owner's to-do list, a report and an acceptance.
#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "target_api_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

std::string id_text(std::int64_t id) { return std::to_string(id); }

class TargetWork : public TargetApiTest {
 protected:
  // An issued plan of the Committee with one item for person_a1 at A1 and
  // one milestone (due in 10 days); ids in plan_, item_, milestone_.
  void make_plan_for_a1() {
    make_target_world();
    plan_ = create_plan(*committee_, root_, "2025年党建目标").at("id").as_int64();
    item_ = add_item(*committee_, plan_, 0, "支部标准化建设", 100, org_a1_, person_a1_acc_.id).at("id").as_int64();
    milestone_ = add_milestone(*committee_, item_, "完成自查", today_plus(10)).at("id").as_int64();
    issue(*committee_, plan_);
  }

  std::int64_t milestone(std::int64_t item, const std::string& title, int due_in_days) {
    return add_milestone(*committee_, item, title, today_plus(due_in_days)).at("id").as_int64();
  }

  // Reports and returns the new report's id (201 required).
  std::int64_t report_id(Browser& owner, std::int64_t m, int percent, bool done,
                         const std::vector<std::int64_t>& files = {}) {
    Reply r = report(owner, m, percent, done, files);
    require(r.status == 201, "report: " + std::to_string(r.status) + " " + r.body);
    return r.json().at("id").as_int64();
  }

  std::int64_t uploaded(Browser& b, const std::string& name, const std::string& bytes) {
    Reply r = upload(b, "/api/v1/targets/my/files", name, bytes);
    require(r.status == 201, "upload " + name + ": " + std::to_string(r.status) + " " + r.body);
    return r.json().at("id").as_int64();
  }

  // Moves a milestone's due date (the server compares with today in Beijing).
  void set_due(std::int64_t m, const std::string& date) {
    exec_sql("UPDATE target_milestones SET due_date = $1 WHERE id = $2", {date, m});
    recount_figures();
  }

  std::int64_t list_total(Browser& b, const std::string& query) {
    return get_json(b, "/api/v1/targets/milestones?page_size=200&" + query).at("total").as_int64();
  }

  std::vector<std::int64_t> list_ids(Browser& b, const std::string& query) {
    std::vector<std::int64_t> ids;
    const json::object page = get_json(b, "/api/v1/targets/milestones?page_size=200&" + query);
    for (const auto& m : page.at("items").as_array()) ids.push_back(m.at("id").as_int64());
    return ids;
  }

  std::int64_t stored_files() {
    std::int64_t n = 0;
    const fs::path dir = fs::path(db_->dir()) / "files";
    if (!fs::exists(dir)) return 0;
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file()) ++n;
    return n;
  }

  std::int64_t plan_ = 0, item_ = 0, milestone_ = 0;
};

// ---- owners --------------------------------------------------------------------------------------

TEST_P(TargetWork, OwnerSeesAndReportsOnlyHerOwnMilestones) {
  make_plan_for_a1();
  const std::string mine = "/api/v1/targets/my/milestones/" + id_text(milestone_);

  EXPECT_EQ(person_a1_->get(mine).status, 200);
  Reply other = person_b_->get(mine);
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(other.error_code(), "not_owner");
  Reply theirs = report(*person_b_, milestone_, 50, false);
  EXPECT_EQ(theirs.status, 403);
  EXPECT_EQ(theirs.error_code(), "not_owner");
  EXPECT_TRUE(theirs.is_error_shape());
  EXPECT_TRUE(get_json(*person_b_, "/api/v1/targets/my/todo").at("items").as_array().empty());

  // Without target:read the organisation routes are closed, to the owner too.
  for (const char* path : {"/api/v1/targets/milestones", "/api/v1/targets/stats", "/api/v1/targets/inspections"}) {
    EXPECT_EQ(person_a1_->get(path).status, 403) << path;
    EXPECT_EQ(person_b_->get(path).status, 403) << path;
  }
  EXPECT_EQ(person_a1_->get("/api/v1/targets/milestones/" + id_text(milestone_)).status, 403);

  // Validation names the field.
  Reply bad = person_a1_->post(mine + "/reports", R"({"body":"进展","percent":120})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "percent");
  bad = person_a1_->post(mine + "/reports", R"({"percent":20})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "body");

  const std::int64_t rid = report_id(*person_a1_, milestone_, 40, false);
  EXPECT_EQ(get_json(*person_a1_, mine).at("state").as_string(), "submitted");
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'target.report.submit' AND entity_id = $1",
                   {std::to_string(rid)}),
            1);
  // One pending report at a time.
  Reply again = report(*person_a1_, milestone_, 60, false);
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(again.is_error_shape());
}

TEST_P(TargetWork, TodoIsSortedByDueDateAndIncludesRectifications) {
  make_plan_for_a1();  // milestone_ due in 10 days
  const std::int64_t soon = milestone(item_, "报送材料", 2);
  json::object body{{"org_id", org_a1_},
                    {"inspected_on", today_plus(0)},
                    {"findings", "学习记录不完整"},
                    {"rectifications", json::array{json::object{{"title", "补齐学习记录"},
                                                                {"owner_user_id", person_a1_acc_.id},
                                                                {"due_date", today_plus(5)}}}}};
  Reply ins = committee_->post("/api/v1/targets/inspections", json_text(body));
  ASSERT_EQ(ins.status, 201) << ins.body;
  const std::int64_t rect = ins.json().at("rectifications").at(0).at("id").as_int64();

  json::object todo = get_json(*person_a1_, "/api/v1/targets/my/todo");
  const auto& items = todo.at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].at("id").as_int64(), soon);
  EXPECT_EQ(items[1].at("id").as_int64(), rect);
  EXPECT_EQ(items[1].at("kind").as_string(), "rectification");
  EXPECT_EQ(items[2].at("id").as_int64(), milestone_);
  EXPECT_EQ(todo.at("counts").at("open").as_int64(), 3);
  EXPECT_EQ(todo.at("counts").at("due_soon").as_int64(), 1);
  EXPECT_EQ(todo.at("counts").at("overdue").as_int64(), 0);
  EXPECT_TRUE(todo.at("reviews_pending").is_null());  // person_a1 reviews nothing

  report_id(*person_a1_, soon, 30, false);
  EXPECT_EQ(get_json(*committee_, "/api/v1/targets/my/todo").at("reviews_pending").as_int64(), 1);
  EXPECT_EQ(get_json(*dept_a_, "/api/v1/targets/my/todo").at("reviews_pending").as_int64(), 1);
  EXPECT_EQ(get_json(*committee_, "/api/v1/targets/reports").at("total").as_int64(), 1);
  EXPECT_EQ(get_json(*person_a1_, "/api/v1/targets/my/todo?state=submitted").at("items").as_array().size(), 1u);
}

// ---- evidence ------------------------------------------------------------------------------------

TEST_P(TargetWork, EvidenceIsDownloadableByOwnerAndReviewersInScopeOnly) {
  make_plan_for_a1();
  const std::int64_t png = uploaded(*person_a1_, "现场照片.png", png_bytes());
  const std::int64_t pdf = uploaded(*person_a1_, "会议纪要.pdf", pdf_bytes());
  // Not someone else's upload.
  Reply stolen = report(*person_b_, milestone_, 10, false, {png});
  EXPECT_EQ(stolen.status, 403);
  const std::int64_t rid = report_id(*person_a1_, milestone_, 50, false, {png, pdf});
  // An attached file cannot be attached again.
  exec_sql("UPDATE target_reports SET status = 'returned' WHERE id = $1", {rid});
  exec_sql("UPDATE target_milestones SET state = 'returned' WHERE id = $1", {milestone_});
  recount_figures();
  Reply reused = report(*person_a1_, milestone_, 60, false, {png});
  EXPECT_EQ(reused.status, 422);
  EXPECT_EQ(reused.error_field(), "file_ids[0]");

  for (auto [id, bytes, mime] :
       {std::tuple{png, png_bytes(), "image/png"}, std::tuple{pdf, pdf_bytes(), "application/pdf"}}) {
    Reply own = person_a1_->get("/api/v1/targets/my/files/" + id_text(id));
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(own.body, bytes);
    EXPECT_EQ(own.header("content-type").rfind(mime, 0), 0u) << own.header("content-type");
    for (Browser* reviewer : {committee_.get(), dept_a_.get()}) {
      Reply r = reviewer->get("/api/v1/targets/files/" + id_text(id));
      EXPECT_EQ(r.status, 200) << r.body;
      EXPECT_EQ(r.body, bytes);
    }
    EXPECT_EQ(person_b_->get("/api/v1/targets/my/files/" + id_text(id)).status, 404);
    EXPECT_EQ(person_b_->get("/api/v1/targets/files/" + id_text(id)).status, 403);
  }
  json::object detail = get_json(*person_a1_, "/api/v1/targets/my/milestones/" + id_text(milestone_));
  EXPECT_EQ(detail.at("reports").at(0).at("files").as_array().size(), 2u);
}

TEST_P(TargetWork, RefusedFilesStoreNothing) {
  make_plan_for_a1();
  const std::int64_t rows = scalar("SELECT count(*) FROM target_files");
  const std::int64_t files = stored_files();

  Reply big = upload(*person_a1_, "/api/v1/targets/my/files", "扫描件.pdf",
                     "%PDF-1.4\n" + std::string(20u * 1024 * 1024 + 1 - 9, 'x'));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.error_code(), "file_too_large");
  EXPECT_TRUE(big.is_error_shape());

  Reply exe = upload(*person_a1_, "/api/v1/targets/my/files", "报告.pdf", std::string("MZ\x90\0\3\0\0\0", 8) + "PE");
  EXPECT_EQ(exe.status, 415);
  EXPECT_EQ(exe.error_code(), "file_type");

  EXPECT_EQ(scalar("SELECT count(*) FROM target_files"), rows);
  EXPECT_EQ(stored_files(), files);
}

// ---- review --------------------------------------------------------------------------------------

// Σ weight·bp / Σ weight, rounded half up: the rule of rollup.h.
std::int64_t weighted(const std::vector<std::pair<std::int64_t, std::int64_t>>& w_bp) {
  std::int64_t num = 0, den = 0;
  for (auto [w, bp] : w_bp) {
    num += w * bp;
    den += w;
  }
  return den ? (2 * num + den) / (2 * den) : 0;
}

TEST_P(TargetWork, AcceptMarksDoneAndRollsProgressUp) {
  make_target_world();
  plan_ = create_plan(*committee_, root_, "2025年目标").at("id").as_int64();
  const std::int64_t first =
      add_item(*committee_, plan_, 0, "事项一", 30, org_a1_, person_a1_acc_.id).at("id").as_int64();
  const std::int64_t second =
      add_item(*committee_, plan_, 0, "事项二", 60, org_a1_, person_a1_acc_.id).at("id").as_int64();
  const std::int64_t m1 = milestone(first, "节点一", 5);
  milestone(first, "节点二", 20);  // never reported: the item is the mean of 50 % and 0 %
  const std::int64_t m3 = milestone(second, "节点三", 8);
  issue(*committee_, plan_);

  accept(*dept_a_, report_id(*person_a1_, m1, 50, false));
  json::object one = get_json(*committee_, "/api/v1/targets/milestones/" + id_text(m1));
  EXPECT_EQ(one.at("state").as_string(), "open");
  EXPECT_EQ(one.at("progress").to_number<double>(), 50.0);
  EXPECT_TRUE(one.at("done_date").is_null());

  accept(*dept_a_, report_id(*person_a1_, m3, 100, true));
  json::object three = get_json(*committee_, "/api/v1/targets/milestones/" + id_text(m3));
  EXPECT_EQ(three.at("state").as_string(), "done");
  EXPECT_EQ(three.at("done_date").as_string(), today_plus(0));
  EXPECT_EQ(three.at("on_time").as_bool(), true);
  EXPECT_EQ(three.at("reports").at(0).at("status").as_string(), "accepted");

  const std::int64_t first_bp = 2500;  // mean of 5000 and 0
  const std::int64_t expected = weighted({{30, first_bp}, {60, 10000}});
  EXPECT_EQ(scalar("SELECT progress_bp FROM target_items WHERE id = $1", {first}), first_bp);
  EXPECT_EQ(scalar("SELECT progress_bp FROM target_items WHERE id = $1", {second}), 10000);
  EXPECT_EQ(scalar("SELECT progress_bp FROM target_plans WHERE id = $1", {plan_}), expected);
  EXPECT_EQ(
      scalar("SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'target.accepted'", {person_a1_acc_.id}),
      2);
}

TEST_P(TargetWork, ReturnNeedsAReasonAndNobodyReviewsTheirOwnReport) {
  make_plan_for_a1();
  const std::int64_t rid = report_id(*person_a1_, milestone_, 20, false);
  const std::string path = "/api/v1/targets/reports/" + id_text(rid);
  Reply no_reason = committee_->post(path + "/return", "{}");
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_EQ(no_reason.error_field(), "reason");
  Reply ok = committee_->post(path + "/return", R"({"reason":"缺少佐证材料"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("review_reason").as_string(), "缺少佐证材料");
  EXPECT_EQ(get_json(*person_a1_, "/api/v1/targets/my/milestones/" + id_text(milestone_)).at("state").as_string(),
            "returned");
  EXPECT_EQ(get_json(*person_a1_, "/api/v1/targets/my/todo").at("counts").at("returned").as_int64(), 1);
  EXPECT_EQ(committee_->post(path + "/accept").status, 409);  // already reviewed
  EXPECT_EQ(
      scalar("SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'target.returned'", {person_a1_acc_.id}),
      1);

  // A reviewer owning a milestone reports on it and may not accept it.
  const std::int64_t own_item =
      add_item(*committee_, plan_, 0, "委员会自身事项", 10, root_, committee_acc_.id).at("id").as_int64();
  const std::int64_t own_m = milestone(own_item, "委员会节点", 3);
  const std::int64_t own = report_id(*committee_, own_m, 100, true);
  Reply self_review = committee_->post("/api/v1/targets/reports/" + id_text(own) + "/accept");
  EXPECT_EQ(self_review.status, 403);
  EXPECT_TRUE(self_review.is_error_shape());
  // Out of dept_a's scope (the Committee's own organisation): looks missing.
  EXPECT_EQ(dept_a_->post("/api/v1/targets/reports/" + id_text(own) + "/accept").status, 404);
  // Not offered to the reporter for review either.
  EXPECT_EQ(get_json(*committee_, "/api/v1/targets/reports").at("total").as_int64(), 0);
}

TEST_P(TargetWork, ClosedPlanRefusesReports) {
  make_plan_for_a1();
  Reply closed = committee_->post("/api/v1/targets/plans/" + id_text(plan_) + "/close");
  ASSERT_EQ(closed.status, 200) << closed.body;
  Reply r = report(*person_a1_, milestone_, 50, false);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "plan_closed");
  EXPECT_TRUE(get_json(*person_a1_, "/api/v1/targets/my/todo").at("items").as_array().empty());
}

// ---- tracking ------------------------------------------------------------------------------------

TEST_P(TargetWork, OverdueOnTimeAndLateAreComputed) {
  make_plan_for_a1();
  const std::int64_t late = milestone(item_, "迟交节点", 1), on_time = milestone(item_, "按时节点", 3);
  set_due(milestone_, today_plus(-1));  // due yesterday, nothing reported
  set_due(late, today_plus(-2));
  accept(*committee_, report_id(*person_a1_, late, 100, true));
  accept(*committee_, report_id(*person_a1_, on_time, 100, true));

  EXPECT_EQ(list_ids(*committee_, "state=overdue"), std::vector<std::int64_t>{milestone_});
  EXPECT_EQ(list_ids(*committee_, "state=on_time"), std::vector<std::int64_t>{on_time});
  EXPECT_EQ(list_ids(*committee_, "state=late"), std::vector<std::int64_t>{late});
  EXPECT_EQ(list_total(*committee_, "state=done"), 2);
  json::object m = get_json(*committee_, "/api/v1/targets/milestones/" + id_text(milestone_));
  EXPECT_TRUE(m.at("overdue").as_bool());
  EXPECT_EQ(get_json(*committee_, "/api/v1/targets/milestones/" + id_text(late)).at("on_time").as_bool(), false);

  json::object stats = get_json(*committee_, "/api/v1/targets/stats?org_id=" + id_text(root_));
  const auto& total = stats.at("total").as_object();
  EXPECT_EQ(total.at("overdue").as_int64(), 1);
  EXPECT_EQ(total.at("done").as_int64(), 2);
  EXPECT_EQ(total.at("on_time").as_int64(), 1);
  EXPECT_EQ(total.at("milestones").as_int64(), 3);
  EXPECT_EQ(total.at("on_time_rate").to_number<double>(), 50.0);
  EXPECT_EQ(total.at("completion_rate").to_number<double>(), 66.7);
  EXPECT_EQ(get_json(*person_a1_, "/api/v1/targets/my/todo").at("counts").at("overdue").as_int64(), 1);
}

TEST_P(TargetWork, EveryStatisticEqualsItsDrillDownList) {
  make_target_world();
  plan_ = create_plan(*committee_, root_, "统计计划").at("id").as_int64();
  const std::int64_t at_root =
      add_item(*committee_, plan_, 0, "委员会事项", 20, root_, committee_acc_.id).at("id").as_int64();
  const std::int64_t at_a = add_item(*committee_, plan_, 0, "部门事项", 30, org_a_, dept_a_acc_.id).at("id").as_int64();
  const std::int64_t at_a1 =
      add_item(*committee_, plan_, 0, "支部事项", 50, org_a1_, person_a1_acc_.id).at("id").as_int64();
  const std::int64_t at_b = add_item(*committee_, plan_, 0, "B 事项", 50, org_b_, person_b_acc_.id).at("id").as_int64();
  std::vector<std::int64_t> overdue{milestone(at_root, "根逾期", 1), milestone(at_a1, "支部逾期", 1),
                                    milestone(at_b, "B 逾期", 1)};
  const std::int64_t a_done = milestone(at_a, "部门完成", 2), a1_late = milestone(at_a1, "支部迟交", 2);
  const std::int64_t b_done = milestone(at_b, "B 完成", 4);
  milestone(at_a1, "支部未到期", 30);
  milestone(at_root, "根未到期", 40);
  issue(*committee_, plan_);
  for (auto m : overdue) set_due(m, today_plus(-3));
  set_due(a1_late, today_plus(-1));
  accept(*committee_, report_id(*dept_a_, a_done, 100, true));
  accept(*dept_a_, report_id(*person_a1_, a1_late, 100, true));
  accept(*committee_, report_id(*person_b_, b_done, 100, true));
  // A rectification counts like a milestone.
  json::object ins{{"org_id", org_b_},
                   {"inspected_on", today_plus(0)},
                   {"findings", "台账缺失"},
                   {"rectifications",
                    json::array{json::object{
                        {"title", "补建台账"}, {"owner_user_id", person_b_acc_.id}, {"due_date", today_plus(6)}}}}};
  ASSERT_EQ(committee_->post("/api/v1/targets/inspections", json_text(ins)).status, 201);

  struct Check {
    Browser* who;
    std::int64_t org;
  };
  for (const Check& c : {Check{committee_.get(), root_}, Check{dept_a_.get(), org_a_}}) {
    json::object stats = get_json(*c.who, "/api/v1/targets/stats?org_id=" + id_text(c.org));
    json::array rows = stats.at("rows").as_array();
    rows.push_back(stats.at("total"));
    std::int64_t sum = 0;
    for (const auto& v : rows) {
      const auto& row = v.as_object();
      const std::string drill =
          "org_id=" + id_text(row.at("org_id").as_int64()) + "&subtree=" + (row.at("subtree").as_bool() ? "1" : "0");
      SCOPED_TRACE(json_text(row));
      EXPECT_EQ(row.at("milestones").as_int64(), list_total(*c.who, drill));
      for (const char* state : {"done", "on_time", "overdue"})
        EXPECT_EQ(row.at(state).as_int64(), list_total(*c.who, drill + "&state=" + state)) << state;
      if (&v != &rows.back()) sum += row.at("milestones").as_int64();
    }
    EXPECT_EQ(sum, stats.at("total").at("milestones").as_int64());
  }
  json::object root = get_json(*committee_, "/api/v1/targets/stats?org_id=" + id_text(root_));
  EXPECT_EQ(root.at("total").at("milestones").as_int64(), 9);
  EXPECT_EQ(root.at("total").at("items").as_int64(), 4);
  EXPECT_EQ(root.at("total").at("overdue").as_int64(), 3);
  // dept_a's scope does not reach the Committee's statistics.
  EXPECT_EQ(dept_a_->get("/api/v1/targets/stats?org_id=" + id_text(root_)).status, 403);

  Reply xlsx = committee_->get("/api/v1/targets/stats/export?org_id=" + id_text(root_));
  ASSERT_EQ(xlsx.status, 200);
  const std::string text = xlsx_text(xlsx.body);
  for (const char* h : {"单位", "事项数", "节点数", "已完成", "按时完成", "逾期", "完成率", "按时完成率", "合计"})
    EXPECT_NE(text.find(h), std::string::npos) << h;
}

// ---- inspections ---------------------------------------------------------------------------------

TEST_P(TargetWork, InspectionRectificationClosesThroughReportAndAcceptance) {
  make_plan_for_a1();
  json::object body{{"org_id", org_a_},
                    {"item_id", item_},
                    {"inspected_on", today_plus(0)},
                    {"findings", "台账不规范"},
                    {"rectifications",
                     json::array{json::object{
                         {"title", "规范台账"}, {"owner_user_id", person_b_acc_.id}, {"due_date", today_plus(7)}}}}};
  // person_b's home organisation is outside the inspected subtree.
  Reply outside = committee_->post("/api/v1/targets/inspections", json_text(body));
  EXPECT_EQ(outside.status, 422);
  EXPECT_EQ(outside.error_field(), "rectifications[0].owner_user_id");
  body["rectifications"].as_array()[0].as_object()["owner_user_id"] = person_a1_acc_.id;
  body["rectifications"].as_array()[0].as_object()["due_date"] = today_plus(-1);
  Reply early = committee_->post("/api/v1/targets/inspections", json_text(body));
  EXPECT_EQ(early.status, 422);
  EXPECT_EQ(early.error_field(), "rectifications[0].due_date");
  body["rectifications"].as_array()[0].as_object()["due_date"] = today_plus(7);
  EXPECT_EQ(dept_a_->post("/api/v1/targets/inspections", json_text(body)).status, 403);  // no target:supervise
  EXPECT_EQ(scalar("SELECT count(*) FROM target_inspections"), 0);

  Reply created = committee_->post("/api/v1/targets/inspections", json_text(body));
  ASSERT_EQ(created.status, 201) << created.body;
  const json::value made = created.json();
  const std::int64_t inspection = made.at("id").as_int64();
  const auto& rect = made.at("rectifications").at(0).as_object();
  const std::int64_t rid = rect.at("id").as_int64();
  EXPECT_EQ(rect.at("org_id").as_int64(), org_a1_);  // the inspected item's organisation
  EXPECT_EQ(scalar("SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'target.rectification'",
                   {person_a1_acc_.id}),
            1);

  std::set<std::int64_t> todo;
  const json::object mine = get_json(*person_a1_, "/api/v1/targets/my/todo");
  for (const auto& m : mine.at("items").as_array()) todo.insert(m.at("id").as_int64());
  EXPECT_TRUE(todo.count(rid));

  accept(*dept_a_, report_id(*person_a1_, rid, 100, true));
  json::object after = get_json(*dept_a_, "/api/v1/targets/inspections/" + id_text(inspection));
  EXPECT_EQ(after.at("rectifications_done").as_int64(), 1);
  EXPECT_EQ(after.at("rectifications").at(0).at("state").as_string(), "done");
  EXPECT_EQ(list_total(*dept_a_, "kind=rectification&state=on_time"), 1);
  // The plan's progress is not moved by a rectification.
  EXPECT_EQ(scalar("SELECT progress_bp FROM target_plans WHERE id = $1", {plan_}), 0);
  EXPECT_EQ(get_json(*committee_, "/api/v1/targets/inspections").at("total").as_int64(), 1);
  EXPECT_EQ(person_b_->get("/api/v1/targets/inspections/" + id_text(inspection)).status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, TargetWork, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
