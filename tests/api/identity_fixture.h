// The fixture of the identity API tests: a real dangjian-testd on a fresh
// database per test, a client that keeps cookies like a browser (and every
// Set-Cookie header, which the plain harness folds into one), administrators
// signed in through the whole one-time-password + TOTP flow, an org tree
// ROOT → {A → A1, B} and helpers to move the clocks the server reads from the
// database instead of waiting in real time.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/value.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness.h"
#include "store/store.h"
#include "support/test_db.h"

namespace dj::test {

// One HTTP response with every header kept (names lower-cased, in order).
struct Reply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::string header(std::string_view lower_name) const;  // the first one, or ""
  std::vector<std::string> set_cookies() const;
  boost::json::value json() const;  // throws on a body that is not JSON
  // The parts of {"error":{"code","message","field"}}; "" when absent.
  std::string error_code() const;
  std::string error_message() const;
  std::string error_field() const;
  // True when the body is exactly the API's one error shape, with a Chinese message.
  bool is_error_shape() const;
};

// Everything the server answered during a test, for the leak checks.
class Transcript {
 public:
  void add(const Reply& r);
  std::vector<Reply> all() const;

 private:
  mutable std::mutex mu_;
  std::vector<Reply> replies_;
};

// One HTTP request on a fresh connection; every header of the answer kept.
Reply raw_request(int port, const std::string& method, const std::string& target, const std::string& body = "",
                  const std::vector<std::pair<std::string, std::string>>& headers = {});

// A browser: a cookie jar (dj_session, dj_csrf) and the CSRF header the web app sends.
class Browser {
 public:
  enum class Csrf { session, none, wrong };

  Browser(int port, Transcript* transcript) : port_(port), transcript_(transcript) {}

  // POST /api/v1/auth/login; a 200 replaces the cookies and the CSRF token.
  Reply login(const std::string& username, const std::string& password);
  Reply get(const std::string& path) { return send("GET", path); }
  Reply post(const std::string& path, const std::string& body = "{}") { return send("POST", path, body); }
  Reply put(const std::string& path, const std::string& body) { return send("PUT", path, body); }
  Reply patch(const std::string& path, const std::string& body) { return send("PATCH", path, body); }
  Reply del(const std::string& path) { return send("DELETE", path); }
  Reply send(const std::string& method, const std::string& path, const std::string& body = "",
             Csrf csrf = Csrf::session);
  // POST `bytes` as application/octet-stream (the upload routes: imports, evidence, attachments).
  Reply upload(const std::string& path, const std::string& bytes);

  const std::string& token() const { return token_; }
  const std::string& csrf() const { return csrf_; }
  const std::string& stage() const { return stage_; }
  void set_port(int port) { port_ = port; }
  // The id of this browser's session (from GET /api/v1/auth/sessions).
  std::int64_t session_id();

 private:
  Reply exchange(const std::string& method, const std::string& path, const std::string& body, Csrf csrf,
                 const std::string& content_type);
  int port_;
  Transcript* transcript_;
  std::string token_, csrf_, csrf_cookie_, stage_;
};

// A user account as the tests know it.
struct Account {
  std::int64_t id = 0;
  std::string username, display_name;
  std::string password;     // the current one (one-time until changed)
  std::string totp_secret;  // base32, once enrolled
};

std::string json_text(const boost::json::value& v);
// The uncompressed text of every member of a .xlsx (a zip), concatenated:
// enough to look for names in an export. Throws on a malformed archive.
std::string xlsx_text(const std::string& bytes);
bool has_chinese(std::string_view s);
// Percent-encoding for query values (Chinese filters, file names).
std::string url_encode(const std::string& s);
std::int64_t now_ms();

class IdentityTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // ---- processes --------------------------------------------------------------
  int port() const { return server_->port(); }
  ServerProcess& server() { return *server_; }
  // SIGTERM (expecting a clean exit); start again on the same database and data directory.
  void stop_server();
  void start_server();
  // `dangjian-testd ARGS --db URL --data-dir DIR`.
  CommandResult cli(std::vector<std::string> args);

  // ---- the database, for preparing data and moving clocks ----------------------
  store::Store& store();
  std::int64_t exec_sql(const std::string& sql, const store::Params& params = {});
  std::int64_t scalar(const std::string& sql, const store::Params& params = {});

  // ---- accounts ---------------------------------------------------------------------
  // `admin create` with one of the three administrator roles; the account
  // carries the one-time password printed by the command.
  Account create_admin(const std::string& username, const std::string& role);
  // Signs an administrator in for the first time: one-time password, change,
  // TOTP enrol and activate. Returns a browser at stage full.
  std::unique_ptr<Browser> first_sign_in_admin(Account& a);
  // Later sign-ins of an administrator: password, then the TOTP step.
  std::unique_ptr<Browser> sign_in_admin(const Account& a);
  // A user created through POST /api/v1/users by `admin`.
  Account create_user(Browser& admin, const std::string& username, const std::string& display_name,
                      std::int64_t org_id, const std::string& phone = "");
  // First sign-in of a user without an administrator role: change the one-time password.
  std::unique_ptr<Browser> first_sign_in(Account& a);
  // Sign-in with the current password, expecting stage full.
  std::unique_ptr<Browser> sign_in(const Account& a);
  std::unique_ptr<Browser> browser() { return std::make_unique<Browser>(port(), &transcript_); }
  // PUT /api/v1/users/{id}/roles as `admin`; expects 200.
  void set_roles(Browser& admin, std::int64_t user_id, const boost::json::array& bindings);
  // POST /api/v1/roles; returns the id.
  std::int64_t create_role(Browser& admin, const std::string& code, const std::vector<std::string>& permissions);
  std::int64_t builtin_role(const std::string& code);

  // A password that passes the policy, unique to this run, remembered for the leak check.
  std::string fresh_password();
  // A TOTP code the server will accept next for user `a`: the current step,
  // or a later one inside the ±1 window when the current one was used. When
  // the window is used up, the user's last step is moved back (as if 30 s
  // had passed) rather than sleeping.
  std::string totp_code(const Account& a);

  // ---- the org tree -----------------------------------------------------------------
  std::int64_t create_org(std::int64_t parent, const std::string& name, const std::string& code);
  // sysadmin (signed in, full) plus orgs A (with child A1) and B under the root.
  void make_world();

  // Every password handed out or chosen, and the reply that handed each
  // one-time password out (the only place it may appear).
  struct Secret {
    std::string value;
    std::string delivering_body;  // "" for chosen passwords and those the CLI printed
  };
  std::vector<Secret> secrets_;
  Transcript transcript_;

  std::unique_ptr<TestDb> db_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<store::Store> store_;

  Account sys_;                    // after make_world()
  std::unique_ptr<Browser> sysb_;  // sysadmin's browser at stage full
  std::int64_t root_ = 0, org_a_ = 0, org_a1_ = 0, org_b_ = 0;
};

// Throws (failing the test with the message) unless `ok`: for helpers that
// return values and so cannot use ASSERT_*.
void require(bool ok, const std::string& what);

}  // namespace dj::test
