// Tampering with the trail by raw SQL, and verify() naming the first bad row.
#include "audit_fixture.h"
#include "core/audit/internal.h"

namespace dj::test {
namespace {

using store::Conn;

class VerifyTest : public AuditTest {
 protected:
  void SetUp() override {
    AuditTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    for (int i = 1; i <= 4; ++i) add("member.update", "user" + std::to_string(i), 0, {{"n", i}});
    ASSERT_TRUE(audit::verify(*store_).ok);
  }

  void expect_bad(std::int64_t id, const std::string& zh, const std::string& en) {
    const auto r = audit::verify(*store_);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_id, id) << r.problem;
    EXPECT_NE(r.problem.find(zh), std::string::npos) << r.problem;
    EXPECT_NE(r.problem.find(en), std::string::npos) << r.problem;
  }
};

TEST_P(VerifyTest, EditedDetailIsNamed) {
  sql("UPDATE audit_log SET detail = $1 WHERE id = 2", {std::string(R"({"n":99})")});
  expect_bad(2, "第 2 条审计记录内容被修改", "audit row 2 was altered");
}

TEST_P(VerifyTest, EditedUsernameIsNamed) {
  sql("UPDATE audit_log SET username = 'mallory' WHERE id = 3");
  expect_bad(3, "第 3 条审计记录内容被修改", "audit row 3 was altered");
}

TEST_P(VerifyTest, EditedTimeOrOutcomeIsNamed) {
  sql("UPDATE audit_log SET at_ms = at_ms + 1 WHERE id = 1");
  expect_bad(1, "第 1 条", "audit row 1 was altered");
  sql("UPDATE audit_log SET at_ms = at_ms - 1 WHERE id = 1");
  EXPECT_TRUE(audit::verify(*store_).ok);
  sql("UPDATE audit_log SET outcome = 'denied' WHERE id = 4");
  expect_bad(4, "第 4 条", "audit row 4 was altered");
}

TEST_P(VerifyTest, EditWithRecomputedHashBreaksTheNextLink) {
  // A forger who recomputes the edited row's own hash still breaks the link
  // from the row after it.
  const auto row = store_->read([](Conn& c) {
    audit::detail::StoredRow s;
    c.each(std::string("SELECT ") + audit::detail::kStoredColumns + " FROM audit_log WHERE id = 2", {},
           [&](const store::Row& r) { s = audit::detail::read_stored_row(r); });
    return s;
  });
  auto forged = row;
  forged.username = "mallory";
  forged.hash = audit::detail::row_hash(forged);
  sql("UPDATE audit_log SET username = $1, hash = $2 WHERE id = 2", {forged.username, forged.hash});
  expect_bad(3, "第 3 条审计记录与上一条衔接不上", "audit row 3 does not link");
}

TEST_P(VerifyTest, DeletedMiddleRowNamesTheNextId) {
  sql("DELETE FROM audit_log WHERE id = 2");
  expect_bad(3, "第 3 条之前的审计记录被删除", "rows before 3 were deleted");
}

TEST_P(VerifyTest, DeletedFirstRowIsDetected) {
  sql("DELETE FROM audit_log WHERE id = 1");
  expect_bad(2, "第 2 条之前的审计记录被删除", "rows before 2 were deleted");
}

TEST_P(VerifyTest, DeletedLastRowIsDetectedAgainstTheHead) {
  sql("DELETE FROM audit_log WHERE id = 4");
  expect_bad(4, "第 4 条及之后的审计记录被删除", "rows from 4 on were deleted");
}

TEST_P(VerifyTest, RewoundHeadIsDetected) {
  // Deleting the last row and moving the head back to it needs its hash too;
  // with a wrong hash the head no longer matches.
  sql("DELETE FROM audit_log WHERE id = 4");
  sql("UPDATE audit_chain_head SET last_id = 3");
  expect_bad(3, "审计链头与第 3 条审计记录不符", "the chain head does not match audit row 3");
}

TEST_P(VerifyTest, RowInsertedPastTheHeadIsDetected) {
  sql("INSERT INTO audit_log (id, at_ms, user_id, username, ip, user_agent, request_id, action, entity, "
      "entity_id, org_id, detail, outcome, reason, prev_hash, hash) "
      "SELECT 5, at_ms, user_id, username, ip, user_agent, request_id, action, entity, entity_id, org_id, "
      "detail, outcome, reason, hash, hash FROM audit_log WHERE id = 4");
  expect_bad(5, "第 5 条审计记录不在审计链中", "audit row 5 lies beyond the chain head");
}

TEST_P(VerifyTest, RelinkedRowsAfterADeletionAreStillCaught) {
  // Delete row 2 and rewrite row 3 to link to row 1 with a valid hash: the
  // id gap remains (ids are hashed, so renumbering means rewriting the rest).
  sql("DELETE FROM audit_log WHERE id = 2");
  const auto prev = store_->read([](Conn& c) { return c.scalar_text("SELECT hash FROM audit_log WHERE id = 1"); });
  auto row = store_->read([](Conn& c) {
    audit::detail::StoredRow s;
    c.each(std::string("SELECT ") + audit::detail::kStoredColumns + " FROM audit_log WHERE id = 3", {},
           [&](const store::Row& r) { s = audit::detail::read_stored_row(r); });
    return s;
  });
  row.prev_hash = prev.value();
  row.hash = audit::detail::row_hash(row);
  sql("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = 3", {row.prev_hash, row.hash});
  expect_bad(3, "第 3 条之前的审计记录被删除", "rows before 3 were deleted");
}

DJ_INSTANTIATE_BACKENDS(VerifyTest);

}  // namespace
}  // namespace dj::test
