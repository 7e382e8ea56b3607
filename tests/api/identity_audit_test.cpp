// Identity API tests, part 4: the audit trail as the audit administrator
// sees it (including refused writes), its tamper evidence through
// `audit verify`, audited exports, and a sweep proving that no password or
// session token ever reaches a response body, a header other than
// Set-Cookie, the server log, the audit trail or the login log.
#include <boost/json.hpp>

#include <regex>
#include <set>

#include "identity_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

class IdentityAudit : public IdentityTest {
 protected:
  // GET /api/v1/audit as `who` with a query; the rows.
  json::array audit_rows(Browser& who, const std::string& query) {
    Reply r = who.get("/api/v1/audit?page_size=200&" + query);
    require(r.status == 200, "audit list: " + r.body);
    return r.json().at("items").as_array();
  }
  static bool has_row(const json::array& rows, const std::string& action, const std::string& outcome,
                      const std::string& entity_id = "") {
    for (const auto& r : rows)
      if (r.at("action").as_string() == action && r.at("outcome").as_string() == outcome &&
          (entity_id.empty() || r.at("entity_id").as_string() == entity_id))
        return true;
    return false;
  }
};

TEST_P(IdentityAudit, TheAuditorSeesWritesAndRefusalsAndTheChainDetectsTampering) {
  make_world();
  Account aud = create_admin("auditor1", "auditadmin");
  auto ab = first_sign_in_admin(aud);
  Account u = create_user(*sysb_, "audited_user", "审计对象", org_a_);
  ASSERT_EQ(sysb_->patch("/api/v1/users/" + std::to_string(u.id), R"({"display_name":"审计对象改"})").status, 200);
  auto forged = sysb_->send("POST", "/api/v1/users",
                            json_text({{"username", "forged"}, {"display_name", "伪造"}, {"org_id", org_a_}}),
                            Browser::Csrf::none);
  ASSERT_EQ(forged.status, 403);

  auto rows = audit_rows(*ab, "");
  const std::string uid = std::to_string(u.id);
  EXPECT_TRUE(has_row(rows, "user.create", "success", uid));
  EXPECT_TRUE(has_row(rows, "user.update", "success", uid));
  EXPECT_TRUE(has_row(rows, "user.create_admin", "success", std::to_string(aud.id)));
  EXPECT_TRUE(has_row(rows, "auth.totp_activate", "success", std::to_string(aud.id)));
  // The refused write is there too, as denied, with the reason the user saw.
  auto denied = audit_rows(*ab, "outcome=denied");
  ASSERT_FALSE(denied.empty());
  bool csrf_row = false;
  for (const auto& r : denied)
    if (r.at("action").as_string() == "POST /api/v1/users" && r.at("username").as_string() == sys_.username) {
      csrf_row = true;
      EXPECT_EQ(r.at("detail").at("code").as_string(), "csrf");
      EXPECT_TRUE(has_chinese(r.at("reason").as_string()));
    }
  EXPECT_TRUE(csrf_row) << json_text(denied);
  // The diff names the change without the phone numbers or passwords.
  for (const auto& r : rows) {
    if (r.at("action").as_string() == "user.update") {
      EXPECT_EQ(r.at("detail").at("display_name").at("to").as_string(), "审计对象改");
    }
  }

  // The system administrator does not read the audit trail (三员分立).
  auto by_sys = sysb_->get("/api/v1/audit");
  EXPECT_EQ(by_sys.status, 403);
  EXPECT_TRUE(by_sys.is_error_shape());
  EXPECT_EQ(sysb_->get("/api/v1/login-log").status, 403);
  auto logins = ab->get("/api/v1/login-log?username=sysadmin1");
  ASSERT_EQ(logins.status, 200) << logins.body;
  EXPECT_GE(logins.json().at("total").as_int64(), 1);

  // Exports are real workbooks, and reading them is itself audited.
  struct Export {
    Browser* who;
    const char* path;
    const char* action;
  };
  for (const auto& e : {Export{ab.get(), "/api/v1/audit/export", "audit.export"},
                        Export{ab.get(), "/api/v1/login-log/export", "login_log.export"},
                        Export{sysb_.get(), "/api/v1/users/export", "user.export"}}) {
    SCOPED_TRACE(e.path);
    auto x = e.who->get(e.path);
    ASSERT_EQ(x.status, 200) << x.body.substr(0, 300);
    EXPECT_EQ(x.body.substr(0, 2), "PK");
    EXPECT_GT(x.body.size(), 1000u);
    EXPECT_NE(x.header("content-disposition").find("attachment"), std::string::npos);
    EXPECT_NE(x.header("content-type").find("spreadsheetml"), std::string::npos);
    EXPECT_TRUE(has_row(audit_rows(*ab, std::string("action=") + e.action), e.action, "success")) << e.action;
  }
  EXPECT_NE(xlsx_text(ab->get("/api/v1/audit/export").body).find("user.create"), std::string::npos);

  // The chain: intact, then an edited row is named, then a deleted row names its successor.
  auto verify = [&] { return cli({"audit", "verify"}); };
  auto intact = verify();
  EXPECT_EQ(intact.exit_code, 0) << intact.output;
  std::vector<std::int64_t> ids;
  store().read([&](store::Conn& c) {
    c.each("SELECT id FROM audit_log ORDER BY id", {}, [&](const store::Row& r) { ids.push_back(r.int64(0)); });
  });
  ASSERT_GE(ids.size(), 6u);
  const std::int64_t middle = ids[ids.size() / 2], next = ids[ids.size() / 2 + 1];
  std::string original = store().read([&](store::Conn& c) {
    return *c.scalar_text("SELECT detail FROM audit_log WHERE id = $1", {middle});
  });
  exec_sql("UPDATE audit_log SET detail = $1 WHERE id = $2", {std::string(R"({"edited":true})"), middle});
  auto edited = verify();
  EXPECT_EQ(edited.exit_code, 1) << edited.output;
  EXPECT_NE(edited.output.find("row " + std::to_string(middle) + ":"), std::string::npos) << edited.output;
  exec_sql("UPDATE audit_log SET detail = $1 WHERE id = $2", {original, middle});
  EXPECT_EQ(verify().exit_code, 0) << "restored byte for byte, the chain holds again";
  exec_sql("DELETE FROM audit_log WHERE id = $1", {middle});
  auto deleted = verify();
  EXPECT_EQ(deleted.exit_code, 1) << deleted.output;
  EXPECT_NE(deleted.output.find("row " + std::to_string(next) + ":"), std::string::npos) << deleted.output;
}

// Every dj_session value the server ever set.
std::set<std::string> session_tokens(const std::vector<Reply>& replies) {
  std::set<std::string> out;
  static const std::regex token_re("^dj_session=([^;]+)");
  for (const auto& r : replies)
    for (const auto& c : r.set_cookies()) {
      std::smatch m;
      if (std::regex_search(c, m, token_re)) out.insert(m[1]);
    }
  return out;
}

TEST_P(IdentityAudit, PasswordsAndSessionTokensNeverLeak) {
  make_world();
  Account sec = create_admin("secadmin1", "secadmin");
  auto secb = first_sign_in_admin(sec);
  Account u = create_user(*sysb_, "leak_check", "蒋芸", org_a_, "13700001234");
  auto ub = first_sign_in(u);

  // Passwords typed wrongly are secrets too: they are often a typo of the real one.
  std::vector<std::string> typed = {"Wrong#Leak1x", "Wrong#Old9zz", "Password123!"};
  EXPECT_EQ(browser()->login(u.username, typed[0]).status, 401);
  EXPECT_EQ(browser()->login("no_such_user", typed[0]).status, 401);
  EXPECT_EQ(ub->post("/api/v1/auth/password", json_text({{"old_password", typed[1]}, {"new_password", fresh_password()}}))
                .status,
            422);
  EXPECT_EQ(ub->post("/api/v1/auth/password", json_text({{"old_password", u.password}, {"new_password", typed[2]}}))
                .status,
            422);

  // A reset hands out a new one-time password; using it forces another change.
  auto reset = sysb_->post("/api/v1/users/" + std::to_string(u.id) + "/reset-password");
  ASSERT_EQ(reset.status, 200) << reset.body;
  u.password = std::string(reset.json().at("one_time_password").as_string());
  secrets_.push_back({u.password, reset.body});
  EXPECT_EQ(ub->get("/api/v1/auth/me").status, 401) << "a reset ends the user's sessions";
  ub = first_sign_in(u);
  ASSERT_EQ(secb->post("/api/v1/users/" + std::to_string(u.id) + "/lock").status, 200);
  ASSERT_EQ(secb->post("/api/v1/users/" + std::to_string(u.id) + "/unlock").status, 200);
  ub = sign_in(u);
  ASSERT_EQ(ub->post("/api/v1/auth/logout", "").status, 200);
  sign_in_admin(sec);
  ASSERT_EQ(sysb_->get("/api/v1/users/export").status, 200);

  const auto replies = transcript_.all();
  const auto tokens = session_tokens(replies);
  ASSERT_GE(tokens.size(), 6u) << "the sweep looks for real tokens (one per sign-in)";
  ASSERT_GE(secrets_.size(), 8u);
  std::vector<std::string> passwords = typed;
  for (const auto& s : secrets_) passwords.push_back(s.value);

  for (const auto& r : replies) {
    std::string headers;
    for (const auto& [k, v] : r.headers)
      if (k != "set-cookie") headers += k + ": " + v + "\n";
    for (const auto& s : secrets_) {
      // A one-time password appears exactly once: in the answer that hands it out.
      if (!s.delivering_body.empty() && r.body == s.delivering_body) continue;
      EXPECT_EQ(r.body.find(s.value), std::string::npos) << "password in a response: " << r.body.substr(0, 300);
      EXPECT_EQ(headers.find(s.value), std::string::npos);
    }
    for (const auto& p : typed) EXPECT_EQ(r.body.find(p), std::string::npos) << r.body.substr(0, 300);
    for (const auto& t : tokens) {
      EXPECT_EQ(r.body.find(t), std::string::npos) << "session token in a body: " << r.body.substr(0, 300);
      EXPECT_EQ(headers.find(t), std::string::npos) << "session token in a header";
    }
    EXPECT_EQ(r.body.find("$argon2"), std::string::npos) << "a password hash in a response";
  }

  // The log, the audit trail and the login log, all columns as text.
  std::string stored = server().log();
  store().read([&](store::Conn& c) {
    for (const char* sql :
         {"SELECT username, ip, user_agent, request_id, action, entity, entity_id, detail, reason FROM audit_log",
          "SELECT username, ip, user_agent, reason FROM login_log",
          "SELECT csrf_token, stage, ip, user_agent, COALESCE(end_reason, '') FROM sessions"})
      c.each(sql, {}, [&](const store::Row& row) {
        for (int i = 0; i < row.size(); ++i) stored.append(row.text(i)).push_back('\n');
      });
  });
  ASSERT_NE(stored.find("user.reset_password"), std::string::npos) << "the sweep covers the trail";
  ASSERT_NE(stored.find("wrong_password"), std::string::npos) << "the sweep covers the login log";
  for (const auto& p : passwords) EXPECT_EQ(stored.find(p), std::string::npos) << "a password was stored or logged";
  for (const auto& t : tokens) {
    EXPECT_EQ(stored.find(t), std::string::npos) << "a session token was stored or logged";
    EXPECT_EQ(scalar("SELECT count(*) FROM sessions WHERE token_hash = $1", {t}), 0) << "tokens are stored hashed";
  }
  EXPECT_EQ(stored.find(sec.totp_secret), std::string::npos) << "the TOTP secret was logged";
  EXPECT_EQ(stored.find("13700001234"), std::string::npos) << "the phone number was logged";
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityAudit, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
