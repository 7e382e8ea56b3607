// Regression tests for weaknesses found in review of the identity layer:
// 三员分立 through custom roles and self-grants, username enumeration, and
// the disabled-account answer.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>

#include "identity_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

class IdentityReview : public IdentityTest {};

TEST_P(IdentityReview, CustomRolesCannotCarrySecurityOrAuditPermissions) {
  make_world();
  for (const char* perm : {"audit:read", "audit:export", "login_log:read", "policy:write", "user:lock"}) {
    SCOPED_TRACE(perm);
    Reply r = sysb_->post("/api/v1/roles", json_text({{"code", std::string("x_") + (perm[0] == 'a' ? "a" : "b") +
                                                                   std::to_string(std::hash<std::string>{}(perm) % 1000)},
                                                      {"name", "越权角色"},
                                                      {"permissions", json::array{perm}}}));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.error_field(), "permissions[0]");
    EXPECT_NE(r.error_message().find("三员分立"), std::string::npos) << r.error_message();
  }
  // Account management may be delegated to a custom role.
  Reply ok = sysb_->post("/api/v1/roles", json_text({{"code", "branch_user_reader"},
                                                     {"name", "支部账号查看"},
                                                     {"permissions", json::array{"user:read"}}}));
  EXPECT_EQ(ok.status, 201) << ok.body;
  // And the system administrator cannot read the audit trail through any route.
  EXPECT_EQ(sysb_->get("/api/v1/audit").status, 403);
}

TEST_P(IdentityReview, NobodyGrantsThemselvesRoles) {
  make_world();
  Reply r = sysb_->put("/api/v1/users/" + std::to_string(sys_.id) + "/roles",
                       json_text({{"roles", json::array{{{"role_id", builtin_role("sysadmin")}, {"scope", "all"}}}}}));
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_code(), "self_grant");
}

TEST_P(IdentityReview, UnknownAndKnownUsernamesGetTheSameAnswers) {
  make_world();
  Account real = create_user(*sysb_, "real_person", "真实用户", org_a_);
  auto wrong = [&](const std::string& name) {
    Browser b(port(), &transcript_);
    return b.login(name, "Wrong-Password-123");
  };
  for (int attempt = 1; attempt <= 4; ++attempt) {
    SCOPED_TRACE(attempt);
    Reply known = wrong(real.username), unknown = wrong("nobody_here");
    EXPECT_EQ(known.status, 401);
    EXPECT_EQ(unknown.status, known.status);
    EXPECT_EQ(unknown.error_code(), known.error_code());
    EXPECT_EQ(unknown.error_message(), known.error_message()) << "the countdown gives nothing away";
  }
  Reply known5 = wrong(real.username), unknown5 = wrong("nobody_here");
  EXPECT_EQ(known5.status, 423);
  EXPECT_EQ(unknown5.status, 423);
  EXPECT_EQ(unknown5.error_message(), known5.error_message());
}

TEST_P(IdentityReview, ADisabledAccountIsOnlyRevealedToWhoKnowsThePassword) {
  make_world();
  Account a = create_user(*sysb_, "leaver", "离职人员", org_a_);
  Reply off = sysb_->patch("/api/v1/users/" + std::to_string(a.id), R"({"status":"disabled"})");
  ASSERT_EQ(off.status, 200) << off.body;
  Browser b(port(), &transcript_);
  Reply guess = b.login(a.username, "Wrong-Password-123");
  EXPECT_EQ(guess.status, 401) << "a wrong password says nothing about the account";
  Reply right = b.login(a.username, a.password);
  EXPECT_EQ(right.status, 403);
  EXPECT_EQ(right.error_code(), "account_disabled");
}

TEST_P(IdentityReview, TheSecurityAdministratorResetsALostAuthenticator) {
  make_world();
  Account sec = create_admin("sec_officer", "secadmin");
  auto secb = first_sign_in_admin(sec);
  Account aud = create_admin("aud_officer", "auditadmin");
  auto audb = first_sign_in_admin(aud);
  ASSERT_EQ(audb->get("/api/v1/audit").status, 200);
  // The system administrator may not do it; the security administrator may.
  EXPECT_EQ(sysb_->post("/api/v1/users/" + std::to_string(aud.id) + "/reset-totp").status, 403);
  Reply r = secb->post("/api/v1/users/" + std::to_string(aud.id) + "/reset-totp");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(audb->get("/api/v1/audit").status, 401) << "their sessions ended";
  Browser again(port(), &transcript_);
  Reply login = again.login(aud.username, aud.password);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(again.stage(), "totp_enrol") << "a new authenticator is enrolled at the next sign-in";
  EXPECT_EQ(again.get("/api/v1/audit").status, 403);
}

// What the web app asked for: the rules for its change-password form (any
// session, also one that must change first) and a subtree filter on users.
TEST_P(IdentityReview, PasswordRulesAndTheUserListBySubtree) {
  make_world();
  Account u = create_user(*sysb_, "rules_user", "规则用户", org_a1_);
  auto b = browser();
  ASSERT_EQ(b->login(u.username, u.password).status, 200);
  ASSERT_EQ(b->stage(), "change_password");
  Reply rules = b->get("/api/v1/auth/password-rules");
  ASSERT_EQ(rules.status, 200) << rules.body;
  EXPECT_EQ(rules.json().at("min_length").as_int64(), 8);
  EXPECT_EQ(rules.json().at("min_classes").as_int64(), 3);
  ASSERT_EQ(sysb_->put("/api/v1/security/policy", R"({"min_length":12})").status, 403) << "not the sysadmin's";
  EXPECT_EQ(raw_request(port(), "GET", "/api/v1/auth/password-rules").status, 401);

  const std::string a = std::to_string(org_a_);
  json::value only = sysb_->get("/api/v1/users?org_id=" + a).json();
  json::value below = sysb_->get("/api/v1/users?subtree=1&org_id=" + a).json();
  auto names = [](const json::value& page) {
    std::vector<std::string> out;
    for (const auto& x : page.at("items").as_array()) out.emplace_back(x.at("username").as_string());
    return out;
  };
  const auto direct = names(only), all = names(below);
  EXPECT_EQ(std::count(direct.begin(), direct.end(), "rules_user"), 0) << "A1's user is not A's own";
  EXPECT_EQ(std::count(all.begin(), all.end(), "rules_user"), 1) << "but is in A's subtree";
  // Search text is taken literally: "%" and "_" are characters, not wildcards.
  EXPECT_EQ(sysb_->get("/api/v1/users?q=%25").json().at("total").as_int64(), 0);
  EXPECT_EQ(sysb_->get("/api/v1/users?q=rules_").json().at("total").as_int64(), 1);
  EXPECT_EQ(sysb_->get("/api/v1/users?q=rules%5F").json().at("total").as_int64(), 1);
}

TEST_P(IdentityReview, PasswordsAreTakenExactlyAsTyped) {
  make_world();
  Account a = create_user(*sysb_, "spacey", "空格用户", org_a_);
  auto b = first_sign_in(a);  // changes the one-time password
  const std::string spaced = " " + fresh_password() + " ";
  Reply r = b->post("/api/v1/auth/password", json_text({{"old_password", a.password}, {"new_password", spaced}}));
  ASSERT_EQ(r.status, 200) << r.body;
  Browser trimmed(port(), &transcript_);
  EXPECT_EQ(trimmed.login(a.username, spaced.substr(1, spaced.size() - 2)).status, 401)
      << "the spaces are part of the password";
  Browser exact(port(), &transcript_);
  EXPECT_EQ(exact.login(a.username, spaced).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityReview, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
