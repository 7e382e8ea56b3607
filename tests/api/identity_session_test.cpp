// Identity API tests, part 2: sessions (idle and absolute expiry, my
// sessions, forced sign-out), sessions shared by two instances on one
// PostgreSQL, and key rotation keeping encrypted phones usable.
#include <boost/json.hpp>

#include <set>

#include "identity_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMinuteMs = 60000;

class IdentitySessions : public IdentityTest {};

TEST_P(IdentitySessions, IdleAndAbsoluteExpiryEndTheSession) {
  make_world();
  Account u = create_user(*sysb_, "expiry_user", "吴刚", org_a_);
  auto b = first_sign_in(u);
  std::int64_t sid = b->session_id();

  // 29 minutes idle is still inside the 30-minute window.
  exec_sql("UPDATE sessions SET last_seen_at_ms = $1 WHERE id = $2", {now_ms() - 29 * kMinuteMs, sid});
  EXPECT_EQ(b->get("/api/v1/auth/me").status, 200);
  // That request counted as activity (touches are at most once a minute).
  EXPECT_GT(scalar("SELECT last_seen_at_ms FROM sessions WHERE id = $1", {sid}), now_ms() - kMinuteMs);

  exec_sql("UPDATE sessions SET last_seen_at_ms = $1 WHERE id = $2", {now_ms() - 31 * kMinuteMs, sid});
  auto idle = b->get("/api/v1/auth/me");
  EXPECT_EQ(idle.status, 401) << idle.body;
  EXPECT_EQ(idle.error_code(), "session_expired");
  EXPECT_NE(idle.error_message().find("30 分钟"), std::string::npos) << idle.error_message();
  EXPECT_TRUE(idle.is_error_shape());
  // Ended for good: making it look fresh again does not revive it.
  exec_sql("UPDATE sessions SET last_seen_at_ms = $1 WHERE id = $2", {now_ms(), sid});
  EXPECT_EQ(b->get("/api/v1/auth/me").status, 401);

  auto b2 = sign_in(u);
  exec_sql("UPDATE sessions SET expires_at_ms = $1 WHERE id = $2", {now_ms() - 1000, b2->session_id()});
  auto absolute = b2->get("/api/v1/auth/me");
  EXPECT_EQ(absolute.status, 401) << absolute.body;
  EXPECT_EQ(absolute.error_code(), "session_expired");
  EXPECT_NE(absolute.error_message().find("12 小时"), std::string::npos) << absolute.error_message();
}

TEST_P(IdentitySessions, MySessionsListsAndEndsOwnSessionsOnly) {
  make_world();
  Account u = create_user(*sysb_, "two_devices", "郑爽", org_a_);
  auto phone = first_sign_in(u);
  auto laptop = sign_in(u);
  std::int64_t phone_sid = phone->session_id(), laptop_sid = laptop->session_id();
  EXPECT_NE(phone_sid, laptop_sid);

  auto list = laptop->get("/api/v1/auth/sessions");
  ASSERT_EQ(list.status, 200) << list.body;
  int current = 0;
  std::set<std::int64_t> ids;
  const json::value items = list.json().at("items");
  for (const auto& s : items.as_array()) {
    ids.insert(s.at("id").as_int64());
    if (s.at("current").as_bool()) {
      ++current;
      EXPECT_EQ(s.at("id").as_int64(), laptop_sid);
    }
    EXPECT_EQ(s.at("ip").as_string(), "127.0.0.1");
  }
  EXPECT_EQ(current, 1);
  EXPECT_EQ(ids, (std::set<std::int64_t>{phone_sid, laptop_sid})) << "only this user's sessions";

  // Another user's session cannot be ended through my list, nor is it revealed.
  std::int64_t sys_sid = sysb_->session_id();
  auto foreign = laptop->del("/api/v1/auth/sessions/" + std::to_string(sys_sid));
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  EXPECT_EQ(sysb_->get("/api/v1/auth/me").status, 200);

  auto ended = laptop->del("/api/v1/auth/sessions/" + std::to_string(phone_sid));
  EXPECT_EQ(ended.status, 200) << ended.body;
  auto gone = phone->get("/api/v1/auth/me");
  EXPECT_EQ(gone.status, 401);
  EXPECT_TRUE(gone.is_error_shape());
  EXPECT_EQ(laptop->get("/api/v1/auth/me").status, 200) << "the current session goes on";

  auto logout = laptop->post("/api/v1/auth/logout", "");
  EXPECT_EQ(logout.status, 200) << logout.body;
  bool cleared = false;
  for (const auto& c : logout.set_cookies())
    cleared = cleared || (c.rfind("dj_session=;", 0) == 0 && c.find("Max-Age=0") != std::string::npos);
  EXPECT_TRUE(cleared) << "sign-out clears the cookie";
  EXPECT_EQ(scalar("SELECT count(*) FROM sessions WHERE user_id = $1 AND ended_at_ms IS NULL", {u.id}), 0);
}

TEST_P(IdentitySessions, SecurityAdministratorForcesSignOut) {
  make_world();
  Account u = create_user(*sysb_, "forced_out", "冯涛", org_b_);
  auto one = first_sign_in(u);
  auto two = sign_in(u);
  Account sec = create_admin("secadmin1", "secadmin");
  auto secb = first_sign_in_admin(sec);

  // The system administrator has no force-logout permission (三员分立).
  auto by_sys = sysb_->post("/api/v1/users/" + std::to_string(u.id) + "/logout");
  EXPECT_EQ(by_sys.status, 403) << by_sys.body;
  EXPECT_EQ(one->get("/api/v1/auth/me").status, 200);

  auto forced = secb->post("/api/v1/users/" + std::to_string(u.id) + "/logout");
  ASSERT_EQ(forced.status, 200) << forced.body;
  EXPECT_EQ(forced.json().at("sessions_ended").as_int64(), 2);
  for (auto* b : {one.get(), two.get()}) {
    auto r = b->get("/api/v1/auth/me");
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_TRUE(r.is_error_shape());
  }
  EXPECT_EQ(secb->get("/api/v1/auth/me").status, 200) << "the administrator's own session is untouched";
  sign_in(u);  // the account itself is fine: only its sessions ended
}

TEST_P(IdentitySessions, DisabledAccountsLoseTheirSessions) {
  make_world();
  Account u = create_user(*sysb_, "to_disable", "陈静", org_a_);
  auto b = first_sign_in(u);
  auto r = sysb_->patch("/api/v1/users/" + std::to_string(u.id), R"({"status":"disabled"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(b->get("/api/v1/auth/me").status, 401);
  auto login = browser()->login(u.username, u.password);
  EXPECT_EQ(login.status, 403) << login.body;
  EXPECT_EQ(login.error_code(), "account_disabled");
}

TEST_P(IdentitySessions, KeyRotationKeepsPhonesUsable) {
  make_world();
  Account u = create_user(*sysb_, "phone_user", "褚明", org_a_, "138-1234-5678");
  ASSERT_EQ(scalar("SELECT count(*) FROM users WHERE phone_enc LIKE 'v1.%'"), 1)
      << "the phone is stored encrypted with key version 1";
  stop_server();
  auto rotated = cli({"keys", "rotate"});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.output;
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE phone_enc LIKE 'v2.%' AND phone_hash LIKE 'v2.%'"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE phone_enc LIKE 'v1.%'"), 0) << "nothing left on the old key";
  start_server();
  sysb_->set_port(port());  // sessions live in the database: the restart keeps them

  // Signing in by phone number finds the account through the new look-up hash.
  auto b = browser();
  auto r = b->login("13812345678", u.password);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("user").at("id").as_int64(), u.id);
  EXPECT_EQ(r.json().at("user").at("phone").as_string(), "138****5678");
  auto shown = sysb_->get("/api/v1/users/" + std::to_string(u.id));
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.json().at("phone").as_string(), "138****5678");
  EXPECT_EQ(shown.body.find("13812345678"), std::string::npos) << "never unmasked in the API";
  // Written with the new key from now on.
  auto changed = sysb_->patch("/api/v1/users/" + std::to_string(u.id), R"({"phone":"13900001111"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE id = $1 AND phone_enc LIKE 'v2.%'", {u.id}), 1);
  EXPECT_EQ(browser()->login("139-0000-1111", u.password).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentitySessions, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

// Two instances on one PostgreSQL see the same sessions. Only PostgreSQL can
// serve two instances, so this suite has the one backend.
class IdentitySharedSessions : public IdentityTest {};

TEST_P(IdentitySharedSessions, ASessionWorksOnEveryInstance) {
  make_world();
  Account u = create_user(*sysb_, "roaming", "卫东", org_a_);
  auto b = first_sign_in(u);
  ServerProcess second(db_->url(), db_->dir());
  ASSERT_TRUE(second.start()) << second.log();

  // Signed in on the first instance, the cookie works on the second.
  b->set_port(second.port());
  auto me = b->get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json().at("user").at("username").as_string(), u.username);
  EXPECT_EQ(b->get("/api/v1/auth/sessions").status, 200);

  // Signed out on the second, the first refuses the same token.
  std::string token = b->token();
  auto on_first = raw_request(port(), "GET", "/api/v1/auth/me", "", {{"Cookie", "dj_session=" + token}});
  ASSERT_EQ(on_first.status, 200) << "still valid on the first before signing out: " << on_first.body;
  ASSERT_EQ(b->post("/api/v1/auth/logout", "").status, 200);
  auto after = raw_request(port(), "GET", "/api/v1/auth/me", "", {{"Cookie", "dj_session=" + token}});
  EXPECT_EQ(after.status, 401) << after.body;
  EXPECT_TRUE(after.is_error_shape());
  EXPECT_EQ(raw_request(second.port(), "GET", "/api/v1/auth/me", "", {{"Cookie", "dj_session=" + token}}).status,
            401);
}

INSTANTIATE_TEST_SUITE_P(Pg, IdentitySharedSessions, ::testing::Values("pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
