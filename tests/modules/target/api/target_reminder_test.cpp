// The daily 到期提醒 task and the notifications API: reminders go to the
// right people once, however often and by however many processes the task
// runs; the bell's count and list are the caller's own.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>
#include <string>

#include "target_api_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

class TargetReminders : public TargetApiTest {
 protected:
  void SetUp() override {
    TargetApiTest::SetUp();
    make_target_world();
    auto plan = create_plan(*committee_, root_, "提醒测试计划");
    plan_ = plan.at("id").as_int64();
    auto dept_item = add_item(*committee_, plan_, 0, "部门事项", 100, org_a_, dept_a_acc_.id);
    auto item = add_item(*dept_a_, plan_, dept_item.at("id").as_int64(), "岗位事项", 100, org_a1_, person_a1_acc_.id);
    item_ = item.at("id").as_int64();
    late_ = add_milestone(*dept_a_, item_, "已逾期的节点", today_plus(-2)).at("id").as_int64();
    soon_ = add_milestone(*dept_a_, item_, "即将到期的节点", today_plus(2)).at("id").as_int64();
    far_ = add_milestone(*dept_a_, item_, "远期节点", today_plus(30)).at("id").as_int64();
    issue(*committee_, plan_);
  }

  std::int64_t notices(const std::string& kind, std::int64_t user) {
    return scalar("SELECT count(*) FROM notifications WHERE kind = $1 AND user_id = $2", {kind, user});
  }
  CommandResult run_task(const std::string& day, bool force) {
    std::vector<std::string> args = {"tasks", "run", "target.reminders", "--today", day};
    if (force) args.push_back("--force");
    return cli(args);
  }

  std::int64_t plan_ = 0, item_ = 0, late_ = 0, soon_ = 0, far_ = 0;
};

TEST_P(TargetReminders, DueSoonAndOverdueGoToTheOwnerAndOverdueAlsoToTheItemAbove) {
  auto r = run_task(today_plus(0), true);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(notices("target.due_soon", person_a1_acc_.id), 1);  // soon_, not far_
  EXPECT_EQ(notices("target.overdue", person_a1_acc_.id), 1);   // late_
  EXPECT_EQ(notices("target.overdue_below", dept_a_acc_.id), 1);
  EXPECT_EQ(notices("target.due_soon", dept_a_acc_.id), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM notifications WHERE kind LIKE 'target.due_soon' AND link LIKE $1",
                   {"%/" + std::to_string(soon_)}),
            1);
}

TEST_P(TargetReminders, RunTwiceSendsEachReminderOnce) {
  ASSERT_EQ(run_task(today_plus(0), true).exit_code, 0);
  auto before = scalar("SELECT count(*) FROM notifications");
  auto again = run_task(today_plus(0), true);  // forced: runs, but the dedupe keys hold
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(scalar("SELECT count(*) FROM notifications"), before);
  // Without --force the day's claim stops the second run altogether.
  auto claimed = run_task(today_plus(0), false);
  EXPECT_EQ(claimed.exit_code, 0);
  EXPECT_NE(claimed.output.find("已由"), std::string::npos) << claimed.output;
  EXPECT_EQ(scalar("SELECT count(*) FROM task_runs WHERE name = 'target.reminders'"), 1);
}

TEST_P(TargetReminders, TwoInstancesAtOnceSendEachReminderOnce) {
  // Two processes race for the same day: one claims it and sends, the other
  // finds the claim; then both forced at once: the keys still hold.
  const std::string day = today_plus(0);
  auto a = std::async(std::launch::async, [&] { return run_task(day, false); });
  auto b = std::async(std::launch::async, [&] { return run_task(day, false); });
  auto ra = a.get(), rb = b.get();
  ASSERT_EQ(ra.exit_code, 0) << ra.output;
  ASSERT_EQ(rb.exit_code, 0) << rb.output;
  const bool a_ran = ra.output.find("已执行") != std::string::npos;
  const bool b_ran = rb.output.find("已执行") != std::string::npos;
  EXPECT_NE(a_ran, b_ran) << ra.output << "\n---\n" << rb.output;
  auto c = std::async(std::launch::async, [&] { return run_task(day, true); });
  auto d = std::async(std::launch::async, [&] { return run_task(day, true); });
  ASSERT_EQ(c.get().exit_code, 0);
  ASSERT_EQ(d.get().exit_code, 0);
  EXPECT_EQ(notices("target.due_soon", person_a1_acc_.id), 1);
  EXPECT_EQ(notices("target.overdue", person_a1_acc_.id), 1);
  EXPECT_EQ(notices("target.overdue_below", dept_a_acc_.id), 1);
}

TEST_P(TargetReminders, MovingADeadlineEarnsAFreshReminderAndDoneMilestonesGetNone) {
  ASSERT_EQ(run_task(today_plus(0), true).exit_code, 0);
  auto r = committee_->patch("/api/v1/targets/milestones/" + std::to_string(soon_),
                             json::serialize(json::object{{"due_date", today_plus(1)}}));
  ASSERT_EQ(r.status, 200) << r.body;
  // The overdue one is reported done and accepted: no more reminders for it.
  auto rep = report(*person_a1_, late_, 100, true);
  ASSERT_EQ(rep.status, 201) << rep.body;
  accept(*dept_a_, rep.json().at("id").as_int64());
  exec_sql("DELETE FROM notifications WHERE kind = 'target.overdue'");
  ASSERT_EQ(run_task(today_plus(0), true).exit_code, 0);
  EXPECT_EQ(notices("target.due_soon", person_a1_acc_.id), 2);  // old date + new date
  EXPECT_EQ(notices("target.overdue", person_a1_acc_.id), 0);
}

TEST_P(TargetReminders, DraftAndClosedPlansSendNothing) {
  ASSERT_EQ(committee_->post("/api/v1/targets/plans/" + std::to_string(plan_) + "/close").status, 200);
  ASSERT_EQ(run_task(today_plus(0), true).exit_code, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM notifications WHERE kind IN ('target.due_soon', 'target.overdue')"), 0);
}

TEST_P(TargetReminders, TheBellCountsListsAndMarksOnlyMyNotices) {
  ASSERT_EQ(run_task(today_plus(0), true).exit_code, 0);
  auto count = get_json(*person_a1_, "/api/v1/notifications/unread-count");
  const std::int64_t mine = scalar("SELECT count(*) FROM notifications WHERE user_id = $1", {person_a1_acc_.id});
  ASSERT_GE(mine, 3);  // issued + due soon + overdue
  EXPECT_EQ(count.at("unread").as_int64(), mine);
  auto page = get_json(*person_a1_, "/api/v1/notifications?page_size=2");
  EXPECT_EQ(page.at("total").as_int64(), mine);
  ASSERT_EQ(page.at("items").as_array().size(), 2u);
  const auto first = page.at("items").as_array()[0].as_object();
  EXPECT_FALSE(first.at("title").as_string().empty());
  const std::int64_t id = first.at("id").as_int64();

  // Someone else's notice is not found, and marking it changes nothing.
  EXPECT_EQ(person_b_->post("/api/v1/notifications/" + std::to_string(id) + "/read").status, 404);
  EXPECT_EQ(get_json(*person_a1_, "/api/v1/notifications/unread-count").at("unread").as_int64(), mine);

  ASSERT_EQ(person_a1_->post("/api/v1/notifications/" + std::to_string(id) + "/read").status, 200);
  EXPECT_EQ(get_json(*person_a1_, "/api/v1/notifications/unread-count").at("unread").as_int64(), mine - 1);
  EXPECT_EQ(get_json(*person_a1_, "/api/v1/notifications?unread=1").at("total").as_int64(), mine - 1);
  auto all = person_a1_->post("/api/v1/notifications/read-all");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json().at("marked").as_int64(), mine - 1);
  EXPECT_EQ(get_json(*person_a1_, "/api/v1/notifications/unread-count").at("unread").as_int64(), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'notification.read_all'"), 1);
}

TEST_P(TargetReminders, AServingInstanceRunsTheDayOnceFromItsHour) {
  // The scheduler of an instance started with --tasks-from-hour 0 claims
  // today's run at once; the CLI then finds the claim.
  // (A second server on the same SQLite data directory is refused, so the
  // test's own server is restarted with the scheduler on.)
  stop_server();
  server_ = std::make_unique<ServerProcess>(db_->url(), db_->dir(),
                                            std::vector<std::string>{"--tasks-from-hour", "0"});
  ASSERT_TRUE(server_->start()) << server_->log();
  for (int i = 0; i < 100 && scalar("SELECT count(*) FROM task_runs WHERE name = 'target.reminders' AND "
                                    "finished_at_ms IS NOT NULL") == 0;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(scalar("SELECT count(*) FROM task_runs WHERE name = 'target.reminders' AND run_key = $1",
                   {today_plus(0)}),
            1);
  EXPECT_EQ(notices("target.overdue", person_a1_acc_.id), 1);
  auto r = run_task(today_plus(0), false);
  EXPECT_NE(r.output.find("已由"), std::string::npos) << r.output;
}

INSTANTIATE_TEST_SUITE_P(Backends, TargetReminders, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
