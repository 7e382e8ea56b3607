// Identity API tests, part 1: passwords (first change, policy, expiry,
// reuse), lockout and per-address rate limiting, TOTP and CSRF. Each test
// runs against the real server on SQLite and on PostgreSQL.
#include <boost/json.hpp>

#include <thread>

#include "core/crypto/crypto.h"
#include "identity_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

constexpr std::int64_t kDayMs = 86400000;

class IdentityAuth : public IdentityTest {};

std::string change_body(const std::string& old_password, const std::string& new_password) {
  return json_text({{"old_password", old_password}, {"new_password", new_password}});
}

TEST_P(IdentityAuth, FirstSignInForcesAPasswordChange) {
  make_world();
  Account u = create_user(*sysb_, "first_change", "张晓梅", org_a_);
  auto b = browser();
  auto r = b->login(u.username, u.password);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(b->stage(), "change_password");
  EXPECT_EQ(r.json().at("user").at("username").as_string(), u.username);

  // Only the session routes answer until the password is changed.
  auto me = b->get("/api/v1/auth/me");
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json().at("stage").as_string(), "change_password");
  for (const char* path : {"/api/v1/users", "/api/v1/auth/sessions", "/api/v1/roles"}) {
    auto denied = b->get(path);
    EXPECT_EQ(denied.status, 403) << path;
    EXPECT_EQ(denied.error_code(), "password_change_required") << path << ": " << denied.body;
    EXPECT_TRUE(denied.is_error_shape()) << denied.body;
  }

  auto wrong_old = b->post("/api/v1/auth/password", change_body("Not-the-0ld-one", fresh_password()));
  EXPECT_EQ(wrong_old.status, 422) << wrong_old.body;
  EXPECT_EQ(wrong_old.error_field(), "old_password");

  // Too short, a straight run, and a well-known password dressed up with case, digits and a symbol.
  for (const char* weak : {"Ab1!", "12345678", "Password123!"}) {
    auto refused = b->post("/api/v1/auth/password", change_body(u.password, weak));
    EXPECT_EQ(refused.status, 422) << weak << ": " << refused.body;
    EXPECT_EQ(refused.error_field(), "new_password") << weak;
    EXPECT_TRUE(has_chinese(refused.error_message())) << refused.body;
  }
  EXPECT_EQ(b->stage(), "change_password") << "refused changes leave the stage alone";

  std::string chosen = fresh_password();
  auto ok = b->post("/api/v1/auth/password", change_body(u.password, chosen));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("stage").as_string(), "full");
  EXPECT_EQ(b->get("/api/v1/auth/sessions").status, 200) << "full session after the change";
  // The one-time password no longer works; the chosen one does, straight to full.
  EXPECT_EQ(browser()->login(u.username, u.password).status, 401);
  u.password = chosen;
  sign_in(u);

  // Administrators go on to TOTP enrolment instead of full.
  Account sec = create_admin("secadmin1", "secadmin");
  auto sb = browser();
  ASSERT_EQ(sb->login(sec.username, sec.password).status, 200);
  EXPECT_EQ(sb->stage(), "change_password");
  auto admin_change = sb->post("/api/v1/auth/password", change_body(sec.password, fresh_password()));
  ASSERT_EQ(admin_change.status, 200) << admin_change.body;
  EXPECT_EQ(admin_change.json().at("stage").as_string(), "totp_enrol");
}

TEST_P(IdentityAuth, FiveWrongPasswordsLockTheAccountForTenMinutes) {
  make_world();
  Account u = create_user(*sysb_, "lock_me", "李建国", org_a_);
  first_sign_in(u);
  auto b = browser();
  for (int attempt = 1; attempt <= 4; ++attempt) {
    auto r = b->login(u.username, "Wrong#Pass" + std::to_string(attempt));
    ASSERT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(r.error_code(), "wrong_credentials");
    // The message says how many tries are left before the lock.
    std::string left = "再错 " + std::to_string(5 - attempt) + " 次";
    EXPECT_NE(r.error_message().find(left), std::string::npos) << attempt << ": " << r.error_message();
  }
  auto locked = b->login(u.username, "Wrong#Pass5");
  EXPECT_EQ(locked.status, 423) << locked.body;
  EXPECT_EQ(locked.error_code(), "account_locked");
  EXPECT_NE(locked.error_message().find("10 分钟"), std::string::npos) << locked.error_message();
  EXPECT_TRUE(locked.is_error_shape());

  // While locked, even the right password is refused, and the message says how long.
  auto still = b->login(u.username, u.password);
  EXPECT_EQ(still.status, 423) << still.body;
  EXPECT_EQ(still.error_code(), "account_locked");
  EXPECT_NE(still.error_message().find("分钟"), std::string::npos) << still.error_message();
  EXPECT_TRUE(still.error_message().find_first_of("0123456789") != std::string::npos) << still.error_message();

  // Ten minutes later (moved, not waited for) the right password works again.
  exec_sql("UPDATE users SET locked_until_ms = $1 WHERE id = $2", {now_ms() - 1000, u.id});
  auto after = b->login(u.username, u.password);
  EXPECT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.json().at("stage").as_string(), "full");
  // The count starts again from zero after a successful sign-in.
  auto fresh = browser()->login(u.username, "Wrong#Pass6");
  EXPECT_NE(fresh.error_message().find("再错 4 次"), std::string::npos) << fresh.error_message();
}

TEST_P(IdentityAuth, ParallelWrongPasswordsStillLock) {
  // Guessing in parallel must not slip past the counter: each failure counts.
  make_world();
  Account u = create_user(*sysb_, "parallel_lock", "王红", org_a_);
  first_sign_in(u);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] { browser()->login(u.username, "Guess#" + std::to_string(i) + "xYz"); });
  for (auto& t : threads) t.join();
  auto r = browser()->login(u.username, u.password);
  EXPECT_EQ(r.status, 423) << "8 parallel wrong passwords must lock the account: " << r.body;
  EXPECT_GT(scalar("SELECT locked_until_ms FROM users WHERE id = $1", {u.id}), now_ms());
}

TEST_P(IdentityAuth, TooManyFailuresFromOneAddressAre429) {
  make_world();
  Account u = create_user(*sysb_, "innocent", "赵敏", org_a_);
  first_sign_in(u);
  Account sec = create_admin("secadmin1", "secadmin");
  auto secb = first_sign_in_admin(sec);
  auto policy = secb->put("/api/v1/security/policy", R"({"ip_max_failures":5})");
  ASSERT_EQ(policy.status, 200) << policy.body;
  EXPECT_EQ(policy.json().at("ip_max_failures").as_int64(), 5);
  // Below the policy's floor is refused, naming the field.
  auto too_low = secb->put("/api/v1/security/policy", R"({"ip_max_failures":2})");
  EXPECT_EQ(too_low.status, 422);
  EXPECT_EQ(too_low.error_field(), "ip_max_failures");

  auto b = browser();
  for (int i = 0; i < 5; ++i) {
    auto r = b->login("nobody" + std::to_string(i), "Whatever#123");
    EXPECT_EQ(r.status, 401) << i << ": " << r.body;
  }
  // From now on this address is refused, even with correct credentials.
  auto limited = b->login(u.username, u.password);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.error_code(), "too_many_requests");
  EXPECT_TRUE(limited.is_error_shape());
  EXPECT_NE(limited.error_message().find("分钟"), std::string::npos);
}

TEST_P(IdentityAuth, PasswordsExpireAfterNinetyDays) {
  make_world();
  Account u = create_user(*sysb_, "expiring", "孙立", org_a_);
  first_sign_in(u);
  exec_sql("UPDATE users SET password_changed_at_ms = $1 WHERE id = $2", {now_ms() - 89 * kDayMs, u.id});
  EXPECT_EQ(browser()->login(u.username, u.password).json().at("stage").as_string(), "full") << "89 days: still valid";

  exec_sql("UPDATE users SET password_changed_at_ms = $1 WHERE id = $2", {now_ms() - 91 * kDayMs, u.id});
  auto b = browser();
  auto r = b->login(u.username, u.password);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(b->stage(), "change_password");
  EXPECT_EQ(b->get("/api/v1/auth/sessions").error_code(), "password_change_required");
  std::string next = fresh_password();
  auto changed = b->post("/api/v1/auth/password", change_body(u.password, next));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json().at("stage").as_string(), "full");
  EXPECT_EQ(b->get("/api/v1/auth/sessions").status, 200);
}

TEST_P(IdentityAuth, TheLastFivePasswordsCannotBeReused) {
  make_world();
  Account u = create_user(*sysb_, "reuser", "周杰", org_a_);
  auto b = first_sign_in(u);
  // u.password is now P1; change to P2..P6.
  std::vector<std::string> used{u.password};
  for (int i = 0; i < 5; ++i) {
    std::string next = fresh_password();
    auto r = b->post("/api/v1/auth/password", change_body(u.password, next));
    ASSERT_EQ(r.status, 200) << r.body;
    u.password = next;
    used.push_back(next);
  }
  // used = P1..P6, P6 current. The last five (P2..P6) are refused.
  for (std::size_t i = 1; i < used.size(); ++i) {
    auto r = b->post("/api/v1/auth/password", change_body(u.password, used[i]));
    EXPECT_EQ(r.status, 422) << "P" << i + 1 << ": " << r.body;
    EXPECT_EQ(r.error_field(), "new_password");
    EXPECT_TRUE(has_chinese(r.error_message()));
  }
  // P1 is the sixth most recent: allowed again.
  auto r = b->post("/api/v1/auth/password", change_body(u.password, used[0]));
  EXPECT_EQ(r.status, 200) << r.body;
}

// A code that matches none of the steps the server accepts right now.
std::string wrong_code(const Account& a) {
  std::string secret = crypto::base32_decode(a.totp_secret);
  std::int64_t t = now_ms() / 1000;
  for (int candidate = 0;; ++candidate) {
    std::string code = std::string(6, static_cast<char>('0' + candidate));
    bool valid = false;
    for (int d = -2; d <= 2; ++d) valid = valid || crypto::totp_code(secret, t + d * 30) == code;
    if (!valid) return code;
  }
}

TEST_P(IdentityAuth, AdministratorsMustCompleteTotp) {
  make_world();
  Account sec = create_admin("secadmin1", "secadmin");
  auto b = browser();
  ASSERT_EQ(b->login(sec.username, sec.password).status, 200);
  std::string next = fresh_password();
  ASSERT_EQ(b->post("/api/v1/auth/password", change_body(sec.password, next)).status, 200);
  sec.password = next;
  ASSERT_EQ(b->stage(), "totp_enrol");
  auto before = b->get("/api/v1/security/policy");
  EXPECT_EQ(before.status, 403);
  EXPECT_EQ(before.error_code(), "totp_enrol_required") << before.body;

  auto enrol = b->post("/api/v1/auth/totp/enrol");
  ASSERT_EQ(enrol.status, 200) << enrol.body;
  sec.totp_secret = std::string(enrol.json().at("secret").as_string());
  EXPECT_EQ(crypto::base32_decode(sec.totp_secret).size(), 20u);
  EXPECT_EQ(std::string(enrol.json().at("uri").as_string()).rfind("otpauth://totp/", 0), 0u);

  auto wrong = b->post("/api/v1/auth/totp/activate", json_text({{"code", wrong_code(sec)}}));
  EXPECT_EQ(wrong.status, 422) << wrong.body;
  EXPECT_EQ(wrong.error_field(), "code");
  std::string activation_code = totp_code(sec);
  auto activated = b->post("/api/v1/auth/totp/activate", json_text({{"code", activation_code}}));
  ASSERT_EQ(activated.status, 200) << activated.body;
  EXPECT_EQ(b->stage(), "full");
  EXPECT_EQ(b->get("/api/v1/security/policy").status, 200);

  // The next sign-in stops at the TOTP step.
  auto again = browser();
  ASSERT_EQ(again->login(sec.username, sec.password).status, 200);
  EXPECT_EQ(again->stage(), "totp");
  auto blocked = again->get("/api/v1/security/policy");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.error_code(), "totp_required");
  auto bad = again->post("/api/v1/auth/totp/verify", json_text({{"code", wrong_code(sec)}}));
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.error_field(), "code");
  // The code used for activation is spent, even inside its 30 s step.
  auto replay = again->post("/api/v1/auth/totp/verify", json_text({{"code", activation_code}}));
  EXPECT_EQ(replay.status, 422) << "a replayed code must be refused: " << replay.body;
  EXPECT_EQ(again->stage(), "totp");
  std::string fresh = totp_code(sec);
  auto ok = again->post("/api/v1/auth/totp/verify", json_text({{"code", fresh}}));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(again->stage(), "full");
  EXPECT_EQ(again->get("/api/v1/security/policy").status, 200);
  // A code accepted for one sign-in cannot be used for another.
  auto third = browser();
  ASSERT_EQ(third->login(sec.username, sec.password).status, 200);
  EXPECT_EQ(third->post("/api/v1/auth/totp/verify", json_text({{"code", fresh}})).status, 422);
}

// Wrong codes count towards the lock; the code that locks the account says so
// (423 with the minutes), since it also ends the session.
TEST_P(IdentityAuth, TheWrongCodeThatLocksTheAccountSaysSo) {
  make_world();
  Account sec = create_admin("sec_lock", "secadmin");
  first_sign_in_admin(sec);
  auto b = browser();
  ASSERT_EQ(b->login(sec.username, sec.password).status, 200);
  ASSERT_EQ(b->stage(), "totp");
  Reply last;
  for (int i = 0; i < 5; ++i) last = b->post("/api/v1/auth/totp/verify", json_text({{"code", wrong_code(sec)}}));
  EXPECT_EQ(last.status, 423) << last.body;
  EXPECT_EQ(last.error_code(), "account_locked");
  EXPECT_NE(last.error_message().find("10 分钟"), std::string::npos) << last.error_message();
  EXPECT_EQ(b->get("/api/v1/auth/me").status, 401) << "the session ended with the lock";
}

TEST_P(IdentityAuth, TheSecondFactorCannotBeReplacedBeforeItIsPassed) {
  // Someone who knows an administrator's password but not the authenticator
  // must not get past the TOTP step by enrolling an authenticator of their own.
  make_world();
  Account victim = sys_;
  auto attacker = browser();
  ASSERT_EQ(attacker->login(victim.username, victim.password).status, 200);
  ASSERT_EQ(attacker->stage(), "totp");
  auto enrol = attacker->post("/api/v1/auth/totp/enrol");
  EXPECT_EQ(enrol.status, 403) << "enrolling a new authenticator at the TOTP step: " << enrol.body;
  if (enrol.status == 200) {
    Account own = victim;
    own.totp_secret = std::string(enrol.json().at("secret").as_string());
    attacker->post("/api/v1/auth/totp/activate", json_text({{"code", totp_code(own)}}));
    attacker->post("/api/v1/auth/totp/verify", json_text({{"code", totp_code(own)}}));
  }
  EXPECT_EQ(attacker->get("/api/v1/users").status, 403) << "still not past the second factor";
  // The real authenticator still works.
  sign_in_admin(victim);
}

TEST_P(IdentityAuth, StateChangingRequestsNeedTheCsrfToken) {
  make_world();
  auto body = [&](const char* name) {
    return json_text({{"username", name}, {"display_name", "钱芳"}, {"org_id", org_a_}});
  };
  auto missing = sysb_->send("POST", "/api/v1/users", body("csrf_one"), Browser::Csrf::none);
  EXPECT_EQ(missing.status, 403) << missing.body;
  EXPECT_EQ(missing.error_code(), "csrf");
  EXPECT_TRUE(missing.is_error_shape());
  auto forged = sysb_->send("POST", "/api/v1/users", body("csrf_two"), Browser::Csrf::wrong);
  EXPECT_EQ(forged.status, 403) << forged.body;
  EXPECT_EQ(forged.error_code(), "csrf");
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE username LIKE 'csrf_%'"), 0) << "nothing was created";
  auto ok = sysb_->send("POST", "/api/v1/users", body("csrf_three"), Browser::Csrf::session);
  EXPECT_EQ(ok.status, 201) << ok.body;

  // Session-stage routes too: signing out cannot be forced by another site.
  EXPECT_EQ(sysb_->send("POST", "/api/v1/auth/logout", "", Browser::Csrf::none).error_code(), "csrf");
  EXPECT_EQ(sysb_->get("/api/v1/auth/me").status, 200) << "still signed in";
  // The token in the body is the one in the readable cookie, and /me repeats it.
  auto me = sysb_->get("/api/v1/auth/me");
  EXPECT_EQ(me.json().at("csrf_token").as_string(), sysb_->csrf());
  auto relog = browser();
  auto login = relog->login(sys_.username, sys_.password);
  bool cookie_matches = false;
  for (const auto& c : login.set_cookies())
    cookie_matches = cookie_matches || c.rfind("dj_csrf=" + relog->csrf() + ";", 0) == 0;
  EXPECT_TRUE(cookie_matches) << "dj_csrf cookie carries the body's csrf_token";
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityAuth, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
