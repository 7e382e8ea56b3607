// The demo plan: written once, consistent with the rules the routes keep
// (derived progress, owners, a rectification), and showing every state a
// user meets on the first day: done on time, late, pending review, overdue.
#include <gtest/gtest.h>

#include "target_api_fixture.h"

namespace dj::test {
namespace {

class TargetDemo : public TargetApiTest {};

TEST_P(TargetDemo, SeedsAnIssuedPlanWithDerivedProgressAndEveryState) {
  Account admin = create_admin("sysadmin1", "sysadmin");
  auto r = cli({"demo"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_EQ(scalar("SELECT count(*) FROM target_plans WHERE status = 'issued'"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM target_items"), 5);
  // Plan progress = Σ weight·progress ÷ Σ weight of the top-level items, rounded half up.
  auto num = scalar("SELECT sum(weight * progress_bp) FROM target_items WHERE parent_id IS NULL");
  auto den = scalar("SELECT sum(weight) FROM target_items WHERE parent_id IS NULL");
  EXPECT_EQ(scalar("SELECT progress_bp FROM target_plans"), (2 * num + den) / (2 * den));
  EXPECT_GT(scalar("SELECT progress_bp FROM target_plans"), 0);
  // Leaf items: the mean of their milestones.
  EXPECT_EQ(scalar("SELECT count(*) FROM target_items i WHERE NOT EXISTS (SELECT 1 FROM target_items c WHERE "
                   "c.parent_id = i.id) AND i.progress_bp <> (SELECT (2 * sum(progress_bp) + count(*)) / (2 * count(*)) "
                   "FROM target_milestones m WHERE m.item_id = i.id AND m.kind = 'milestone')"),
            0);
  // Every owner's home organisation is in the item's subtree.
  EXPECT_EQ(scalar("SELECT count(*) FROM target_items i JOIN users u ON u.id = i.owner_user_id JOIN orgs uo ON "
                   "uo.id = u.org_id JOIN orgs io ON io.id = i.org_id WHERE uo.path NOT LIKE io.path || '%'"),
            0);
  EXPECT_EQ(scalar("SELECT count(*) FROM target_milestones WHERE state = 'done'"), 3);
  EXPECT_EQ(scalar("SELECT count(*) FROM target_reports WHERE status = 'submitted'"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM target_milestones WHERE kind = 'rectification'"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM notifications WHERE kind = 'target.issued'"), 3);
  // The demo roles can plan, review and inspect.
  EXPECT_EQ(scalar("SELECT count(*) FROM role_permissions rp JOIN roles r ON r.id = rp.role_id WHERE r.code = "
                   "'party_committee' AND rp.permission LIKE 'target:%'"),
            4);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'target.demo_seed'"), 1);

  // Seeded once.
  ASSERT_EQ(cli({"demo"}).exit_code, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM target_plans"), 1);
  (void)admin;
}

INSTANTIATE_TEST_SUITE_P(Backends, TargetDemo, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
