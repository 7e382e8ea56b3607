// The login log: recording, per-IP failure counts, the viewer.
#include <boost/json.hpp>

#include "audit_fixture.h"

namespace dj::test {
namespace {

using store::Conn;

class LoginLogTest : public AuditTest {
 protected:
  void record(const std::string& username, const std::string& ip, bool success, std::int64_t at_ms,
              const std::string& reason) {
    audit::LoginEvent e{.username = username, .user_id = success ? 3 : 0, .ip = ip, .user_agent = "Firefox",
                        .success = success, .reason = reason};
    store_->write([&](Conn& c) { audit::record_login(c, e, at_ms); });
  }
};

TEST_P(LoginLogTest, FailuresFromIpCountOnlyFailuresSince) {
  const auto t = now_ms();
  record("alice", "10.0.0.1", false, t - 10 * 60000, "wrong_password");
  record("alice", "10.0.0.1", false, t - 2 * 60000, "wrong_password");
  record("bob", "10.0.0.1", false, t - 60000, "unknown_user");
  record("alice", "10.0.0.1", true, t - 30000, "ok");
  record("carol", "10.0.0.2", false, t - 30000, "locked");
  store_->read([&](Conn& c) {
    EXPECT_EQ(audit::failures_from_ip(c, "10.0.0.1", t - 15 * 60000), 3);
    EXPECT_EQ(audit::failures_from_ip(c, "10.0.0.1", t - 5 * 60000), 2);
    EXPECT_EQ(audit::failures_from_ip(c, "10.0.0.2", t - 5 * 60000), 1);
    EXPECT_EQ(audit::failures_from_ip(c, "10.0.0.3", 0), 0);
  });
}

TEST_P(LoginLogTest, ListFiltersPagesAndJson) {
  const std::int64_t t0 = 1795755909000;
  for (int i = 0; i < 12; ++i)
    record(i % 3 == 0 ? "Alice" : "bob", i % 2 == 0 ? "10.0.0.1" : "10.0.0.2", i % 4 == 0, t0 + i * 1000,
           i % 4 == 0 ? "ok" : "wrong_password");
  audit::LoginQuery q;
  q.page_size = 5;
  auto p = audit::list_logins(*store_, q);
  EXPECT_EQ(p.total, 12);
  ASSERT_EQ(p.rows.size(), 5u);
  EXPECT_EQ(p.rows[0].at_ms, t0 + 11000);  // newest first
  q.page = 3;
  p = audit::list_logins(*store_, q);
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.rows[1].at_ms, t0);

  q = {};
  q.outcome = "success";
  EXPECT_EQ(audit::list_logins(*store_, q).total, 3);  // i = 0, 4, 8
  q.outcome = "failure";
  EXPECT_EQ(audit::list_logins(*store_, q).total, 9);
  q = {};
  q.username_like = "ALI";
  EXPECT_EQ(audit::list_logins(*store_, q).total, 4);  // i = 0, 3, 6, 9
  q.ip = "10.0.0.2";
  EXPECT_EQ(audit::list_logins(*store_, q).total, 2);  // i = 3, 9
  q = {};
  q.from_ms = t0 + 2000;
  q.to_ms = t0 + 5000;
  EXPECT_EQ(audit::list_logins(*store_, q).total, 3);
  q = {};
  q.outcome = "maybe";
  EXPECT_THROW(audit::list_logins(*store_, q), std::invalid_argument);

  q = {};
  q.page_size = 1;
  q.page = 12;
  const auto oldest = audit::list_logins(*store_, q);
  ASSERT_EQ(oldest.rows.size(), 1u);
  const auto j = audit::to_json(oldest.rows[0]).as_object();
  EXPECT_EQ(j.at("at"), "2026-11-27T13:05:09+08:00");
  EXPECT_EQ(j.at("at_ms"), t0);
  EXPECT_EQ(j.at("username"), "Alice");
  EXPECT_EQ(j.at("success"), true);
  EXPECT_EQ(j.at("reason"), "ok");
  EXPECT_EQ(j.at("user_id"), 3);
  EXPECT_EQ(j.at("user_agent"), "Firefox");
  EXPECT_FALSE(j.contains("password"));
}

TEST_P(LoginLogTest, TypedTextIsBounded) {
  record(std::string(1000, 'u'), "10.0.0.9", false, now_ms(), "unknown_user");
  const auto p = audit::list_logins(*store_, {});
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0].username, std::string(128, 'u'));
}

TEST_P(LoginLogTest, TableHasNoPasswordColumn) {
  const auto r = store_->read([](Conn& c) { return c.query("SELECT * FROM login_log WHERE 1 = 0"); });
  for (const auto& col : r.columns) EXPECT_EQ(col.find("password"), std::string::npos) << col;
}

DJ_INSTANTIATE_BACKENDS(LoginLogTest);

}  // namespace
}  // namespace dj::test
