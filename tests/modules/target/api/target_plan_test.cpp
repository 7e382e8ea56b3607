// Plans and their decomposition through the API on both databases: the
// draft → issued → closed workflow (a closed plan refuses every write),
// decomposition from the Committee to a department to a person, scope,
// owners inside the item's organisation, due dates inside the plan,
// normalised weights, derived progress equal to the weighted sums after
// every kind of change, history of re-assignments and splits, the .xlsx
// export and the notices an issue sends.
#include <boost/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "target_api_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

std::string id_text(std::int64_t id) { return std::to_string(id); }
std::int64_t id_of(const json::object& o) { return o.at("id").as_int64(); }

// Half-up integer division, written independently of the server's rollup.
std::int64_t half_up(std::int64_t num, std::int64_t den) { return den == 0 ? 0 : (2 * num + den) / (2 * den); }

class TargetPlan : public TargetApiTest {
 protected:
  std::int64_t plan(const std::string& title = "2025年度党建目标") {
    return id_of(create_plan(*committee_, root_, title));
  }
  std::int64_t item(Browser& b, std::int64_t plan_id, std::int64_t parent, const std::string& title,
                    std::int64_t weight, std::int64_t org, std::int64_t owner) {
    return id_of(add_item(b, plan_id, parent, title, weight, org, owner));
  }
  std::int64_t milestone(std::int64_t item_id, const std::string& title, int due_in_days = 30) {
    return id_of(add_milestone(*committee_, item_id, title, today_plus(due_in_days)));
  }
  std::int64_t count(const std::string& sql, const store::Params& p = {}) { return scalar(sql, p); }

  // The derived progress of every item and of the plan equals what the rules
  // give from the stored milestones and weights (recomputed here bottom-up).
  void expect_rollup(std::int64_t plan_id) {
    struct It {
      std::int64_t weight = 0, bp = 0;
      std::optional<std::int64_t> parent;
    };
    std::map<std::int64_t, It> items;
    std::map<std::int64_t, std::vector<std::int64_t>> ms;  // item -> milestone bp
    std::int64_t plan_bp = 0;
    store().read([&](store::Conn& c) {
      auto r = c.query("SELECT id, parent_id, weight, progress_bp FROM target_items WHERE plan_id = $1", {plan_id});
      for (std::size_t i = 0; i < r.size(); ++i) {
        It it{r.int64(i, 2), r.int64(i, 3), std::nullopt};
        if (!r.is_null(i, 1)) it.parent = r.int64(i, 1);
        items[r.int64(i, 0)] = it;
      }
      auto m = c.query("SELECT item_id, progress_bp FROM target_milestones WHERE plan_id = $1 AND kind = 'milestone'",
                       {plan_id});
      for (std::size_t i = 0; i < m.size(); ++i) ms[m.int64(i, 0)].push_back(m.int64(i, 1));
      plan_bp = *c.scalar_int64("SELECT progress_bp FROM target_plans WHERE id = $1", {plan_id});
    });
    std::map<std::int64_t, std::int64_t> expected;
    // Items are few: resolve by repeated passes until every item is known.
    while (expected.size() < items.size()) {
      for (const auto& [id, it] : items) {
        if (expected.count(id)) continue;
        std::int64_t num = 0, den = 0;
        bool ready = true, has_children = false;
        for (const auto& [cid, child] : items) {
          if (child.parent != id) continue;
          has_children = true;
          if (!expected.count(cid)) ready = false;
          else {
            num += child.weight * expected[cid];
            den += child.weight;
          }
        }
        if (!ready) continue;
        if (!has_children) {
          for (auto bp : ms[id]) num += bp;
          den = static_cast<std::int64_t>(ms[id].size());
        }
        expected[id] = half_up(num, den);
      }
    }
    std::int64_t num = 0, den = 0;
    for (const auto& [id, it] : items) {
      EXPECT_EQ(it.bp, expected[id]) << "item " << id;
      if (!it.parent) {
        num += it.weight * expected[id];
        den += it.weight;
      }
    }
    EXPECT_EQ(plan_bp, half_up(num, den)) << "plan";
  }

  std::int64_t item_bp(std::int64_t id) { return scalar("SELECT progress_bp FROM target_items WHERE id = $1", {id}); }
  std::int64_t plan_bp(std::int64_t id) { return scalar("SELECT progress_bp FROM target_plans WHERE id = $1", {id}); }

  std::int64_t report_and_accept(std::int64_t milestone_id, int percent, bool done) {
    Reply r = report(*person_a1_, milestone_id, percent, done);
    require(r.status == 201, "report: " + std::to_string(r.status) + " " + r.body);
    const std::int64_t id = r.json().at("id").as_int64();
    accept(*committee_, id);
    return id;
  }

  json::object tree(Browser& b, std::int64_t plan_id) {
    return get_json(b, "/api/v1/targets/plans/" + id_text(plan_id) + "/tree");
  }
  static std::set<std::string> titles(const json::object& t, bool with_context = true) {
    std::set<std::string> out;
    for (const auto& n : t.at("items").as_array())
      if (with_context || !n.at("context").as_bool()) out.insert(std::string(n.at("title").as_string()));
    return out;
  }
};

TEST_P(TargetPlan, DraftIssueCloseAndAClosedPlanRefusesWrites) {
  make_target_world();
  const std::int64_t p = plan();
  json::object got = get_json(*committee_, "/api/v1/targets/plans/" + id_text(p));
  EXPECT_EQ(got.at("status").as_string(), "draft");
  EXPECT_EQ(got.at("status_label").as_string(), "草稿");
  EXPECT_TRUE(got.at("can_manage").as_bool());
  EXPECT_EQ(got.at("tags").as_array().size(), 1u);

  // A draft is not seen outside its managers (dept_a_ manages only A's subtree).
  EXPECT_EQ(dept_a_->get("/api/v1/targets/plans/" + id_text(p)).status, 404);
  EXPECT_EQ(get_json(*dept_a_, "/api/v1/targets/plans").at("total").as_int64(), 0);

  Reply bad = committee_->patch("/api/v1/targets/plans/" + id_text(p), R"({"end_date":"2019-01-01"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "end_date");
  EXPECT_TRUE(bad.is_error_shape());
  Reply ok = committee_->patch("/api/v1/targets/plans/" + id_text(p), R"({"title":"2025年度党建工作目标"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("title").as_string(), "2025年度党建工作目标");

  const std::int64_t i = item(*committee_, p, 0, "理论学习", 100, org_a_, dept_a_acc_.id);
  const std::int64_t m = milestone(i, "制定学习计划");

  // Attachments: type checked by signature, nothing kept when refused.
  Reply up = upload(*committee_, "/api/v1/targets/plans/" + id_text(p) + "/attachments", "实施方案.pdf", pdf_bytes());
  ASSERT_EQ(up.status, 201) << up.body;
  const std::int64_t file = up.json().at("id").as_int64();
  Reply fake = upload(*committee_, "/api/v1/targets/plans/" + id_text(p) + "/attachments", "假文件.pdf", "MZ\x90\x00 not a pdf");
  EXPECT_EQ(fake.status, 415) << fake.body;
  EXPECT_EQ(count("SELECT count(*) FROM target_files WHERE plan_id = $1", {p}), 1);
  EXPECT_EQ(get_json(*committee_, "/api/v1/targets/plans/" + id_text(p)).at("attachments").as_array().size(), 1u);

  issue(*committee_, p);
  EXPECT_EQ(committee_->post("/api/v1/targets/plans/" + id_text(p) + "/issue").status, 409);
  got = get_json(*dept_a_, "/api/v1/targets/plans/" + id_text(p));  // issued: seen through its item at A
  EXPECT_EQ(got.at("status").as_string(), "issued");
  EXPECT_FALSE(got.at("can_manage").as_bool());
  EXPECT_EQ(got.at("item_count").as_int64(), 1);
  EXPECT_EQ(got.at("milestone_count").as_int64(), 1);

  Reply closed = committee_->post("/api/v1/targets/plans/" + id_text(p) + "/close");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json().at("status").as_string(), "closed");

  auto expect_closed = [&](const Reply& r, const std::string& what) {
    EXPECT_EQ(r.status, 409) << what << ": " << r.body;
    EXPECT_EQ(r.error_code(), "plan_closed") << what;
    EXPECT_EQ(r.error_message(), "计划已关闭，不能修改。") << what;
  };
  const std::string pp = "/api/v1/targets/plans/" + id_text(p);
  expect_closed(committee_->patch(pp, R"({"title":"改"})"), "patch plan");
  expect_closed(committee_->post(pp + "/close"), "close again");
  expect_closed(committee_->post(pp + "/issue"), "issue");
  expect_closed(committee_->post(pp + "/items", json_text({{"title", "新增"}, {"weight", 10}, {"org_id", org_a_},
                                                          {"owner_user_id", dept_a_acc_.id}})),
                "add item");
  expect_closed(committee_->patch("/api/v1/targets/items/" + id_text(i), R"({"weight":50})"), "patch item");
  expect_closed(committee_->post("/api/v1/targets/items/" + id_text(i) + "/milestones",
                                 json_text({{"title", "新节点"}, {"due_date", today_plus(5)}})),
                "add milestone");
  expect_closed(committee_->patch("/api/v1/targets/milestones/" + id_text(m), R"({"title":"改"})"), "patch milestone");
  expect_closed(committee_->del("/api/v1/targets/milestones/" + id_text(m)), "delete milestone");
  expect_closed(committee_->del("/api/v1/targets/items/" + id_text(i)), "delete item");
  expect_closed(committee_->post("/api/v1/targets/items/" + id_text(i) + "/reassign",
                                 json_text({{"org_id", org_a1_}, {"owner_user_id", person_a1_acc_.id}, {"reason", "调整"}})),
                "reassign");
  expect_closed(upload(*committee_, pp + "/attachments", "补充.pdf", pdf_bytes()), "attach");
  expect_closed(committee_->del(pp + "/attachments/" + id_text(file)), "detach");
  EXPECT_EQ(count("SELECT count(*) FROM target_files WHERE plan_id = $1", {p}), 1);
}

TEST_P(TargetPlan, DecomposedFromCommitteeToDepartmentToPerson) {
  make_target_world();
  const std::int64_t p = plan();
  const std::int64_t top = item(*committee_, p, 0, "基层组织建设", 100, org_a_, dept_a_acc_.id);
  issue(*committee_, p);

  // The department breaks its item down to A1, then to a person at A1.
  const std::int64_t mid = item(*dept_a_, p, top, "A1支部规范化", 100, org_a1_, person_a1_acc_.id);
  const std::int64_t leaf = item(*dept_a_, p, mid, "三会一课台账", 100, org_a1_, person_a1_acc_.id);
  json::object got = get_json(*dept_a_, "/api/v1/targets/items/" + id_text(leaf));
  EXPECT_EQ(got.at("depth").as_int64(), 3);
  EXPECT_EQ(got.at("parent_id").as_int64(), mid);
  EXPECT_EQ(got.at("owner_name").as_string(), "用户person_a1");
  EXPECT_EQ(get_json(*dept_a_, "/api/v1/targets/items/" + id_text(mid)).at("children").as_array().size(), 1u);
  // Added after the issue: the owner is told.
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'target.assigned' AND user_id = $1",
                  {person_a1_acc_.id}),
            2);

  // Not at the top level, not outside A, not under someone else's item.
  Reply r = dept_a_->post("/api/v1/targets/plans/" + id_text(p) + "/items",
                          json_text({{"title", "越级"}, {"weight", 10}, {"org_id", org_a_},
                                     {"owner_user_id", dept_a_acc_.id}, {"parent_id", nullptr}}));
  EXPECT_EQ(r.status, 403) << r.body;
  r = dept_a_->post("/api/v1/targets/plans/" + id_text(p) + "/items",
                    json_text({{"title", "跨部门"}, {"weight", 10}, {"org_id", org_b_},
                               {"owner_user_id", person_b_acc_.id}, {"parent_id", top}}));
  EXPECT_EQ(r.status, 403) << r.body;
  const std::int64_t b_item = item(*committee_, p, 0, "B部门任务", 100, org_b_, person_b_acc_.id);
  r = dept_a_->post("/api/v1/targets/plans/" + id_text(p) + "/items",
                    json_text({{"title", "挂到B下"}, {"weight", 10}, {"org_id", org_a1_},
                               {"owner_user_id", person_a1_acc_.id}, {"parent_id", b_item}}));
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_field(), "parent_id");
  // A parent from another plan is refused naming the field.
  const std::int64_t other = plan("另一个计划");
  const std::int64_t other_item = item(*committee_, other, 0, "其他", 100, org_a_, dept_a_acc_.id);
  r = committee_->post("/api/v1/targets/plans/" + id_text(p) + "/items",
                       json_text({{"title", "错挂"}, {"weight", 10}, {"org_id", org_a_},
                                  {"owner_user_id", dept_a_acc_.id}, {"parent_id", other_item}}));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.error_field(), "parent_id");
  expect_rollup(p);
}

TEST_P(TargetPlan, ScopeLimitsWhatEachCallerSees) {
  make_target_world();
  const std::int64_t p = plan();
  item(*committee_, p, 0, "A的任务", 50, org_a_, dept_a_acc_.id);
  const std::int64_t b_item = item(*committee_, p, 0, "B的任务", 50, org_b_, person_b_acc_.id);
  issue(*committee_, p);

  EXPECT_EQ(titles(tree(*committee_, p)), (std::set<std::string>{"A的任务", "B的任务"}));
  json::object t = tree(*dept_a_, p);
  EXPECT_EQ(titles(t), (std::set<std::string>{"A的任务"}));
  EXPECT_EQ(t.at("plan").at("title").as_string(), "2025年度党建目标");
  Reply r = dept_a_->get("/api/v1/targets/items/" + id_text(b_item));
  EXPECT_TRUE(r.status == 403 || r.status == 404) << r.status;
  EXPECT_NE(dept_a_->patch("/api/v1/targets/items/" + id_text(b_item), R"({"weight":5})").status, 200);

  // No permission at all: every org route is refused.
  EXPECT_EQ(person_a1_->get("/api/v1/targets/plans").status, 403);
  EXPECT_EQ(person_a1_->get("/api/v1/targets/plans/" + id_text(p) + "/tree").status, 403);
  EXPECT_EQ(person_a1_->get("/api/v1/targets/orgs/" + id_text(org_a1_) + "/assignees").status, 403);
  EXPECT_EQ(person_b_->post("/api/v1/targets/plans", json_text({{"org_id", org_b_}, {"year", 2025}, {"title", "x"},
                                                              {"start_date", "2025-01-01"}, {"end_date", "2025-12-31"}}))
                .status,
            403);

  // The owner picker lists people at or below the organisation, within the caller's scope.
  json::object picks = get_json(*dept_a_, "/api/v1/targets/orgs/" + id_text(org_a_) + "/assignees");
  std::set<std::int64_t> ids;
  for (const auto& u : picks.at("items").as_array()) ids.insert(u.at("id").as_int64());
  EXPECT_TRUE(ids.count(person_a1_acc_.id));
  EXPECT_TRUE(ids.count(dept_a_acc_.id));
  EXPECT_FALSE(ids.count(person_b_acc_.id));
  // Out of scope: refused without saying whether the organisation exists.
  const int other = dept_a_->get("/api/v1/targets/orgs/" + id_text(org_b_) + "/assignees").status;
  EXPECT_TRUE(other == 403 || other == 404) << other;
}

TEST_P(TargetPlan, OwnerMustBelongToTheItemsOrganisation) {
  make_target_world();
  const std::int64_t p = plan();
  auto try_add = [&](std::int64_t org, std::int64_t owner) {
    return committee_->post("/api/v1/targets/plans/" + id_text(p) + "/items",
                            json_text({{"title", "事项"}, {"weight", 10}, {"org_id", org}, {"owner_user_id", owner}}));
  };
  Reply r = try_add(org_a1_, dept_a_acc_.id);  // dept_a_ is at A, above A1
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.error_field(), "owner_user_id");
  EXPECT_TRUE(r.is_error_shape());
  r = try_add(org_a_, person_b_acc_.id);  // B is a sibling of A
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "owner_user_id");
  EXPECT_EQ(try_add(org_a_, person_a1_acc_.id).status, 201);  // A1 is inside A
  EXPECT_EQ(try_add(org_a_, 999999).status, 422);

  // The same rule for a re-assignment and for each part of a split.
  const std::int64_t i = item(*committee_, p, 0, "调整", 10, org_a_, dept_a_acc_.id);
  r = committee_->post("/api/v1/targets/items/" + id_text(i) + "/reassign",
                       json_text({{"org_id", org_b_}, {"owner_user_id", person_a1_acc_.id}, {"reason", "调整"}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "owner_user_id");
  r = committee_->post("/api/v1/targets/items/" + id_text(i) + "/split",
                       json_text({{"parts", json::array{json::object{{"title", "一"}, {"weight", 50}, {"org_id", org_a1_},
                                                                    {"owner_user_id", person_a1_acc_.id}},
                                                       json::object{{"title", "二"}, {"weight", 50}, {"org_id", org_a1_},
                                                                    {"owner_user_id", person_b_acc_.id}}}}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "parts[1].owner_user_id");
  EXPECT_EQ(count("SELECT count(*) FROM target_items WHERE parent_id = $1", {i}), 0);  // nothing half-done
}

TEST_P(TargetPlan, MilestoneDatesMustFallWithinThePlan) {
  make_target_world();
  const std::int64_t p = id_of(create_plan(*committee_, root_, "年度计划", "2025-01-01", "2025-12-31"));
  const std::int64_t i = item(*committee_, p, 0, "事项", 100, org_a_, dept_a_acc_.id);
  const std::string path = "/api/v1/targets/items/" + id_text(i) + "/milestones";
  for (const char* due : {"2024-12-31", "2026-01-01", "2025-02-30", "2025/06/30", ""}) {
    Reply r = committee_->post(path, json_text({{"title", "节点"}, {"due_date", due}}));
    EXPECT_EQ(r.status, 422) << due << ": " << r.body;
    EXPECT_EQ(r.error_field(), "due_date") << due;
    EXPECT_TRUE(has_chinese(r.error_message())) << due;
  }
  const std::int64_t m = id_of(add_milestone(*committee_, i, "首日", "2025-01-01"));
  add_milestone(*committee_, i, "末日", "2025-12-31");
  Reply r = committee_->patch("/api/v1/targets/milestones/" + id_text(m), R"({"due_date":"2024-06-30"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "due_date");
  // The plan cannot shrink around its milestones either.
  r = committee_->patch("/api/v1/targets/plans/" + id_text(p), R"({"start_date":"2025-03-01"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "start_date");
}

TEST_P(TargetPlan, WeightsAreNormalisedWithShareAndWarnings) {
  make_target_world();
  const std::int64_t p = plan();
  const std::int64_t a = item(*committee_, p, 0, "甲", 30, org_a_, dept_a_acc_.id);
  const std::int64_t b = item(*committee_, p, 0, "乙", 60, org_a_, dept_a_acc_.id);
  json::object t = tree(*committee_, p);
  std::map<std::int64_t, double> share;
  for (const auto& n : t.at("items").as_array()) share[n.at("id").as_int64()] = n.at("share").as_double();
  EXPECT_DOUBLE_EQ(share[a], 33.3);
  EXPECT_DOUBLE_EQ(share[b], 66.7);
  ASSERT_EQ(t.at("weight_warnings").as_array().size(), 1u);
  EXPECT_TRUE(t.at("weight_warnings").as_array()[0].at("parent_id").is_null());
  EXPECT_EQ(t.at("weight_warnings").as_array()[0].at("sum").as_int64(), 90);

  Reply r = committee_->patch("/api/v1/targets/items/" + id_text(a), R"({"weight":40})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_DOUBLE_EQ(r.json().at("share").as_double(), 40.0);
  EXPECT_TRUE(tree(*committee_, p).at("weight_warnings").as_array().empty());
  for (int w : {0, 101}) {
    r = committee_->patch("/api/v1/targets/items/" + id_text(a), json_text({{"weight", w}}));
    EXPECT_EQ(r.status, 422) << w;
    EXPECT_EQ(r.error_field(), "weight");
  }
}

TEST_P(TargetPlan, DerivedProgressEqualsTheWeightedSumAfterEveryChange) {
  make_target_world();
  const std::int64_t p = plan();
  const std::int64_t t1 = item(*committee_, p, 0, "一级甲", 30, org_a_, dept_a_acc_.id);
  const std::int64_t t2 = item(*committee_, p, 0, "一级乙", 60, org_a1_, person_a1_acc_.id);
  expect_rollup(p);
  const std::int64_t c1 = item(*committee_, p, t1, "二级一", 1, org_a1_, person_a1_acc_.id);
  const std::int64_t c2 = item(*committee_, p, t1, "二级二", 3, org_a1_, person_a1_acc_.id);
  expect_rollup(p);
  const std::int64_t m1 = milestone(c1, "节点一");
  const std::int64_t m2 = milestone(c1, "节点二");
  const std::int64_t m3 = milestone(c2, "节点三");
  const std::int64_t m4 = milestone(t2, "节点四");
  expect_rollup(p);
  issue(*committee_, p);

  // One of c1's two milestones done: c1 50 %, t1 (1·50 + 3·0)/4 = 12.5 %, plan (30·12.5 + 60·0)/90 = 4.17 %.
  report_and_accept(m1, 100, true);
  EXPECT_EQ(item_bp(c1), 5000);
  EXPECT_EQ(item_bp(t1), 1250);
  EXPECT_EQ(plan_bp(p), 417);
  EXPECT_DOUBLE_EQ(get_json(*committee_, "/api/v1/targets/plans/" + id_text(p)).at("progress").as_double(), 4.2);
  expect_rollup(p);

  report_and_accept(m4, 40, false);  // partial progress counts too
  EXPECT_EQ(item_bp(t2), 4000);
  expect_rollup(p);

  // Changing a weight moves every level above it.
  ASSERT_EQ(committee_->patch("/api/v1/targets/items/" + id_text(c2), R"({"weight":1})").status, 200);
  EXPECT_EQ(item_bp(t1), 2500);
  expect_rollup(p);
  ASSERT_EQ(committee_->patch("/api/v1/targets/items/" + id_text(t2), R"({"weight":10})").status, 200);
  expect_rollup(p);

  // A new milestone lowers its item's mean; deleting it restores it.
  const std::int64_t m5 = milestone(c1, "节点五");
  EXPECT_EQ(item_bp(c1), 3333);
  expect_rollup(p);
  ASSERT_EQ(committee_->del("/api/v1/targets/milestones/" + id_text(m5)).status, 200);
  EXPECT_EQ(item_bp(c1), 5000);
  expect_rollup(p);

  // Progress written underneath (as a report would), then any rollup trigger.
  exec_sql("UPDATE target_milestones SET progress_bp = 7000 WHERE id = $1", {m3});
  ASSERT_EQ(committee_->patch("/api/v1/targets/items/" + id_text(c2), R"({"weight":2})").status, 200);
  expect_rollup(p);

  // A new child of t1 and a split of t2's sibling group both keep it exact.
  const std::int64_t c3 = item(*committee_, p, t1, "二级三", 5, org_a_, dept_a_acc_.id);
  expect_rollup(p);
  Reply s = committee_->post("/api/v1/targets/items/" + id_text(c3) + "/split",
                             json_text({{"parts", json::array{json::object{{"title", "三甲"}, {"weight", 1}, {"org_id", org_a1_},
                                                                          {"owner_user_id", person_a1_acc_.id}},
                                                             json::object{{"title", "三乙"}, {"weight", 1}, {"org_id", org_a1_},
                                                                          {"owner_user_id", person_a1_acc_.id}}}}}));
  ASSERT_EQ(s.status, 201) << s.body;
  const std::int64_t part = s.json().at("children").as_array()[0].at("id").as_int64();
  const std::int64_t pm = milestone(part, "三甲节点");
  report_and_accept(pm, 100, true);
  expect_rollup(p);
  EXPECT_GT(plan_bp(p), 0);
  (void)m2;

  // Deleting an item without reports rolls the parent back.
  ASSERT_EQ(committee_->del("/api/v1/targets/items/" + id_text(c3)).status, 409);  // its part has a report
  const std::int64_t c4 = item(*committee_, p, t1, "二级四", 9, org_a_, dept_a_acc_.id);
  expect_rollup(p);
  ASSERT_EQ(committee_->del("/api/v1/targets/items/" + id_text(c4)).status, 200);
  expect_rollup(p);
}

TEST_P(TargetPlan, ReassignAndSplitKeepHistory) {
  make_target_world();
  const std::int64_t p = plan();
  const std::int64_t i = item(*committee_, p, 0, "意识形态工作", 50, org_a_, dept_a_acc_.id);
  const std::int64_t m = milestone(i, "专题研判");
  issue(*committee_, p);

  Reply r = dept_a_->post("/api/v1/targets/items/" + id_text(i) + "/reassign",
                          json_text({{"org_id", org_a1_}, {"owner_user_id", person_a1_acc_.id}, {"reason", "岗位调整"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("owner_user_id").as_int64(), person_a1_acc_.id);
  // The open milestone moved with the item.
  EXPECT_EQ(scalar("SELECT owner_user_id FROM target_milestones WHERE id = $1", {m}), person_a1_acc_.id);
  EXPECT_EQ(scalar("SELECT org_id FROM target_milestones WHERE id = $1", {m}), org_a1_);
  // Outside the department's scope: refused.
  r = dept_a_->post("/api/v1/targets/items/" + id_text(i) + "/reassign",
                    json_text({{"org_id", org_b_}, {"owner_user_id", person_b_acc_.id}, {"reason", "试试"}}));
  EXPECT_EQ(r.status, 403) << r.body;
  r = dept_a_->post("/api/v1/targets/items/" + id_text(i) + "/reassign",
                    json_text({{"org_id", org_a_}, {"owner_user_id", dept_a_acc_.id}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "reason");

  // An item with milestones cannot be split (they would stop counting).
  r = committee_->post("/api/v1/targets/items/" + id_text(i) + "/split",
                       json_text({{"parts", json::array{json::object{{"title", "一"}, {"weight", 1}, {"org_id", org_a1_},
                                                                    {"owner_user_id", person_a1_acc_.id}}}}}));
  EXPECT_EQ(r.status, 409);
  const std::int64_t j = item(*committee_, p, 0, "作风建设", 50, org_a_, dept_a_acc_.id);
  r = dept_a_->post("/api/v1/targets/items/" + id_text(j) + "/split",
                    json_text({{"parts", json::array{json::object{{"title", "作风一"}, {"weight", 60}, {"org_id", org_a1_},
                                                                 {"owner_user_id", person_a1_acc_.id}},
                                                    json::object{{"title", "作风二"}, {"weight", 40}, {"org_id", org_a_},
                                                                 {"owner_user_id", dept_a_acc_.id}}}}}));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("children").as_array().size(), 2u);
  EXPECT_TRUE(r.json().at("item").at("has_children").as_bool());

  json::object hi = get_json(*committee_, "/api/v1/targets/items/" + id_text(i));
  const auto& h = hi.at("history").as_array();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].at("action").as_string(), "create");
  EXPECT_EQ(h[1].at("action").as_string(), "reassign");
  EXPECT_EQ(h[1].at("reason").as_string(), "岗位调整");
  EXPECT_EQ(h[1].at("before").at("owner_user_id").as_int64(), dept_a_acc_.id);
  EXPECT_EQ(h[1].at("after").at("owner_user_id").as_int64(), person_a1_acc_.id);
  EXPECT_EQ(hi.at("milestones").as_array().size(), 1u);

  json::object hj = get_json(*committee_, "/api/v1/targets/items/" + id_text(j));
  EXPECT_EQ(hj.at("children").as_array().size(), 2u);
  const auto& hs = hj.at("history").as_array();
  ASSERT_EQ(hs.size(), 2u);
  EXPECT_EQ(hs[1].at("action").as_string(), "split");
  EXPECT_EQ(hs[1].at("parts").as_array().size(), 2u);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'target.item.reassign'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'target.item.split'"), 1);
}

TEST_P(TargetPlan, ExportIsAnXlsxOfTheDecomposition) {
  make_target_world();
  const std::int64_t p = plan("党建考核");
  const std::int64_t i = item(*committee_, p, 0, "支部建设达标", 100, org_a_, dept_a_acc_.id);
  const std::int64_t c = item(*committee_, p, i, "台账规范化", 100, org_a1_, person_a1_acc_.id);
  milestone(c, "上半年检查");
  Reply r = committee_->get("/api/v1/targets/plans/" + id_text(p) + "/export");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_GE(r.body.size(), 4u);
  EXPECT_EQ(r.body.substr(0, 2), "PK");
  EXPECT_NE(r.header("content-disposition").find("xlsx"), std::string::npos);
  const std::string text = xlsx_text(r.body);
  for (const char* s : {"支部建设达标", "台账规范化", "上半年检查", "考核标准", "责任单位", "时序节点", "用户person_a1"})
    EXPECT_NE(text.find(s), std::string::npos) << s;
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE action = 'target.plan.export'"), 1);
}

TEST_P(TargetPlan, IssueNotifiesEveryOwnerOnce) {
  make_target_world();
  const std::int64_t p = plan();
  item(*committee_, p, 0, "一", 10, org_a1_, person_a1_acc_.id);
  item(*committee_, p, 0, "二", 10, org_a1_, person_a1_acc_.id);
  item(*committee_, p, 0, "三", 10, org_b_, person_b_acc_.id);
  EXPECT_EQ(count("SELECT count(*) FROM notifications"), 0);  // nothing while a draft
  issue(*committee_, p);
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'target.issued'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'target.issued' AND user_id = $1",
                  {person_a1_acc_.id}),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'target.issued' AND user_id = $1 AND link = "
                  "'/targets/todo'",
                  {person_b_acc_.id}),
            1);
}

TEST_P(TargetPlan, DeleteOnlyWhileNothingWasReported) {
  make_target_world();
  const std::int64_t p = plan();
  const std::int64_t a = item(*committee_, p, 0, "可删", 10, org_a1_, person_a1_acc_.id);
  const std::int64_t a_child = item(*committee_, p, a, "可删下级", 10, org_a1_, person_a1_acc_.id);
  milestone(a_child, "节点");
  ASSERT_EQ(committee_->del("/api/v1/targets/items/" + id_text(a)).status, 200);  // a draft: with its subtree
  EXPECT_EQ(count("SELECT count(*) FROM target_items WHERE plan_id = $1", {p}), 0);
  const std::int64_t b = item(*committee_, p, 0, "已报告", 10, org_a1_, person_a1_acc_.id);
  const std::int64_t m = milestone(b, "节点");
  issue(*committee_, p);
  ASSERT_EQ(report(*person_a1_, m, 30, false).status, 201);
  Reply r = committee_->del("/api/v1/targets/items/" + id_text(b));
  EXPECT_EQ(r.status, 409);
  EXPECT_TRUE(has_chinese(r.error_message()));
  EXPECT_EQ(committee_->del("/api/v1/targets/milestones/" + id_text(m)).status, 409);
}

INSTANTIATE_TEST_SUITE_P(Backends, TargetPlan, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
