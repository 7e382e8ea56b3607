#include "identity_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "core/crypto/crypto.h"
#include "core/orgtree/orgtree.h"

namespace dj::test {

namespace json = boost::json;

void require(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what);
}

std::string json_text(const json::value& v) { return json::serialize(v); }

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

bool has_chinese(std::string_view s) {
  // Lead bytes of the UTF-8 encodings of U+4E00..U+9FFF (CJK ideographs).
  for (unsigned char c : s)
    if (c >= 0xE4 && c <= 0xE9) return true;
  return false;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ---- .xlsx ----------------------------------------------------------------------------

namespace {

std::uint32_t le(const std::string& b, std::size_t at, int bytes) {
  require(at + static_cast<std::size_t>(bytes) <= b.size(), "zip: truncated");
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
  return v;
}

std::string inflate_raw(std::string_view data, std::size_t size) {
  std::string out(size, '\0');
  z_stream z{};
  require(inflateInit2(&z, -MAX_WBITS) == Z_OK, "zip: inflateInit2");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  inflateEnd(&z);
  require(rc == Z_STREAM_END, "zip: inflate failed");
  return out;
}

}  // namespace

std::string xlsx_text(const std::string& b) {
  // The central directory (found through the end record) has the sizes
  // even when the local headers defer them to data descriptors.
  std::size_t eocd = b.rfind(std::string("PK\x05\x06", 4));
  require(eocd != std::string::npos, "zip: no end of central directory");
  std::size_t entries = le(b, eocd + 10, 2), at = le(b, eocd + 16, 4);
  std::string text;
  for (std::size_t i = 0; i < entries; ++i) {
    require(le(b, at, 4) == 0x02014b50, "zip: bad central directory entry");
    std::uint32_t method = le(b, at + 10, 2), csize = le(b, at + 20, 4), usize = le(b, at + 24, 4);
    std::size_t name_len = le(b, at + 28, 2), extra_len = le(b, at + 30, 2), comment_len = le(b, at + 32, 2);
    std::size_t local = le(b, at + 42, 4);
    std::size_t data = local + 30 + le(b, local + 26, 2) + le(b, local + 28, 2);
    require(data + csize <= b.size(), "zip: member beyond the end");
    std::string_view raw(b.data() + data, csize);
    text += method == 0 ? std::string(raw) : inflate_raw(raw, usize);
    at += 46 + name_len + extra_len + comment_len;
  }
  return text;
}

// ---- Reply -------------------------------------------------------------------------

std::string Reply::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return v;
  return {};
}

std::vector<std::string> Reply::set_cookies() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (k == "set-cookie") out.push_back(v);
  return out;
}

json::value Reply::json() const { return json::parse(body); }

namespace {

std::string error_part(const Reply& r, const char* key) {
  json::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec || !v.is_object()) return {};
  const auto* e = v.as_object().if_contains("error");
  const auto* x = e && e->is_object() ? e->as_object().if_contains(key) : nullptr;
  return x && x->is_string() ? std::string(x->as_string()) : std::string();
}

}  // namespace

std::string Reply::error_code() const { return error_part(*this, "code"); }
std::string Reply::error_message() const { return error_part(*this, "message"); }
std::string Reply::error_field() const { return error_part(*this, "field"); }

bool Reply::is_error_shape() const {
  if (header("content-type").find("application/json") == std::string::npos) return false;
  json::error_code ec;
  json::value v = json::parse(body, ec);
  // Exactly {"error":{...}}: a refusal carries no data besides the error.
  if (ec || !v.is_object() || v.as_object().size() != 1) return false;
  const auto* e = v.as_object().if_contains("error");
  if (!e || !e->is_object()) return false;
  const auto& o = e->as_object();
  for (const auto& [k, x] : o)
    if ((k != "code" && k != "message" && k != "field") || !x.is_string()) return false;
  return o.contains("code") && !o.at("code").as_string().empty() && o.contains("message") &&
         has_chinese(o.at("message").as_string());
}

void Transcript::add(const Reply& r) {
  std::lock_guard lock(mu_);
  replies_.push_back(r);
}

std::vector<Reply> Transcript::all() const {
  std::lock_guard lock(mu_);
  return replies_;
}

// ---- the HTTP client ------------------------------------------------------------------

Reply raw_request(int port, const std::string& method, const std::string& target, const std::string& body,
                  const std::vector<std::pair<std::string, std::string>>& headers) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  require(fd >= 0, "socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed to port " + std::to_string(port));
  }
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  const bool typed = std::any_of(headers.begin(), headers.end(), [](const auto& h) { return h.first == "Content-Type"; });
  if (!body.empty() && !typed) req += "Content-Type: application/json\r\n";
  if (!body.empty() || method != "GET") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  for (std::size_t sent = 0; sent < req.size();) {
    ssize_t n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  std::array<char, 65536> buf;
  for (ssize_t n; (n = ::recv(fd, buf.data(), buf.size(), 0)) > 0;) raw.append(buf.data(), static_cast<std::size_t>(n));
  ::close(fd);

  Reply out;
  auto end = raw.find("\r\n\r\n");
  require(end != std::string::npos && raw.size() > 12, "no HTTP response from " + method + " " + target);
  out.status = std::stoi(raw.substr(9, 3));
  std::istringstream head(raw.substr(0, end));
  std::string line;
  std::getline(head, line);  // status line
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string k = line.substr(0, colon);
    std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string v = line.substr(colon + 1);
    v.erase(0, v.find_first_not_of(' '));
    out.headers.emplace_back(std::move(k), std::move(v));
  }
  out.body = raw.substr(end + 4);
  return out;
}

// ---- Browser ------------------------------------------------------------------------------

Reply Browser::login(const std::string& username, const std::string& password) {
  Reply r = send("POST", "/api/v1/auth/login", json_text({{"username", username}, {"password", password}}), Csrf::none);
  if (r.status == 200) {
    auto o = r.json().as_object();
    csrf_ = std::string(o.at("csrf_token").as_string());
    stage_ = std::string(o.at("stage").as_string());
  }
  return r;
}

Reply Browser::send(const std::string& method, const std::string& path, const std::string& body, Csrf csrf) {
  return exchange(method, path, body, csrf, "");
}

Reply Browser::upload(const std::string& path, const std::string& bytes) {
  return exchange("POST", path, bytes, Csrf::session, "application/octet-stream");
}

Reply Browser::exchange(const std::string& method, const std::string& path, const std::string& body, Csrf csrf,
                        const std::string& content_type) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
  if (!token_.empty()) headers.emplace_back("Cookie", "dj_session=" + token_ + "; dj_csrf=" + csrf_cookie_);
  if (csrf == Csrf::session && !csrf_.empty()) headers.emplace_back("X-CSRF-Token", csrf_);
  if (csrf == Csrf::wrong) headers.emplace_back("X-CSRF-Token", "forged-" + csrf_.substr(0, 8));
  Reply r = raw_request(port_, method, path, body, headers);
  if (transcript_) transcript_->add(r);
  // Cookies as a browser keeps them; a cleared cookie (Max-Age=0) is forgotten.
  for (const auto& c : r.set_cookies()) {
    auto eq = c.find('='), semi = c.find(';');
    std::string name = c.substr(0, eq), value = c.substr(eq + 1, semi - eq - 1);
    if (name == "dj_session") token_ = value;
    if (name == "dj_csrf") csrf_cookie_ = value;
  }
  if (r.status == 200 && r.header("content-type").find("json") != std::string::npos) {
    json::error_code ec;
    auto v = json::parse(r.body, ec);
    if (!ec && v.is_object() && v.as_object().contains("stage") && v.as_object().at("stage").is_string())
      stage_ = std::string(v.as_object().at("stage").as_string());
  }
  return r;
}

std::int64_t Browser::session_id() {
  Reply r = get("/api/v1/auth/sessions");
  require(r.status == 200, "GET /auth/sessions: " + r.body);
  const json::value v = r.json();
  for (const auto& s : v.at("items").as_array())
    if (s.at("current").as_bool()) return s.at("id").as_int64();
  throw std::runtime_error("no current session in " + r.body);
}

// ---- the fixture -------------------------------------------------------------------------

void IdentityTest::SetUp() {
  if (GetParam() == "pg" && pg_unavailable_should_skip()) GTEST_SKIP() << "PostgreSQL not configured";
  db_ = std::make_unique<TestDb>(GetParam());
  start_server();
}

void IdentityTest::TearDown() {
  if (server_ && !IsSkipped()) {
    // Whatever the test did, the server never failed internally and never
    // let a write through unaudited (it logs both).
    std::string log = server_->log();
    for (const char* bad : {"write was not audited", "handler failed", "audit of a refused request failed"})
      EXPECT_EQ(log.find(bad), std::string::npos) << "server log has \"" << bad << "\"";
  }
  if (HasFailure() && server_) {
    std::string log = server_->log();
    std::cerr << "---- server log (tail) ----\n" << log.substr(log.size() > 6000 ? log.size() - 6000 : 0) << "\n";
  }
  store_.reset();  // before the database is dropped
  server_.reset();
}

void IdentityTest::stop_server() {
  require(server_->terminate() == 0, "server did not stop cleanly:\n" + server_->log());
}

void IdentityTest::start_server() {
  server_ = std::make_unique<ServerProcess>(db_->url(), db_->dir());
  require(server_->start(), "server did not start:\n" + server_->log());
}

CommandResult IdentityTest::cli(std::vector<std::string> args) {
  args.insert(args.end(), {"--db", db_->url(), "--data-dir", db_->dir()});
  return run_command(args);
}

store::Store& IdentityTest::store() {
  if (!store_) store_ = store::open(db_->url(), store::Options{.pool_size = 1});
  return *store_;
}

std::int64_t IdentityTest::exec_sql(const std::string& sql, const store::Params& params) {
  return store().write([&](store::Conn& c) { return c.exec(sql, params); });
}

std::int64_t IdentityTest::scalar(const std::string& sql, const store::Params& params) {
  auto v = store().read([&](store::Conn& c) { return c.scalar_int64(sql, params); });
  require(v.has_value(), "no value from: " + sql);
  return *v;
}

std::string IdentityTest::fresh_password() {
  static std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kAlnum[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  // Upper, lower, digit and symbol around a random core: passes the policy
  // and is distinctive enough that finding it anywhere means it leaked.
  std::string p = "Kx7#";
  for (int i = 0; i < 10; ++i) p += kAlnum[rng() % (sizeof kAlnum - 1)];
  secrets_.push_back({p, ""});
  return p;
}

std::string IdentityTest::totp_code(const Account& a) {
  require(!a.totp_secret.empty(), a.username + " has no TOTP secret");
  std::int64_t last = scalar("SELECT totp_last_step FROM users WHERE id = $1", {a.id});
  std::int64_t now_step = now_ms() / 1000 / 30;
  std::int64_t step = std::max(now_step, last + 1);
  if (step > now_step + 1) {
    exec_sql("UPDATE users SET totp_last_step = $1 WHERE id = $2", {now_step - 1, a.id});
    step = now_step;
  }
  return crypto::totp_code(crypto::base32_decode(a.totp_secret), step * 30);
}

Account IdentityTest::create_admin(const std::string& username, const std::string& role) {
  auto r = cli({"admin", "create", "--username", username, "--display-name", "管理员" + username, "--role", role});
  require(r.exit_code == 0, "admin create failed: " + r.output);
  static const std::regex password_re(R"(one-time password: (\S+))");
  std::smatch m;
  require(std::regex_search(r.output, m, password_re), "no one-time password in: " + r.output);
  Account a;
  a.username = username;
  a.display_name = "管理员" + username;
  a.password = m[1];
  a.id = scalar("SELECT id FROM users WHERE username = $1", {username});
  secrets_.push_back({a.password, ""});
  return a;
}

std::unique_ptr<Browser> IdentityTest::first_sign_in_admin(Account& a) {
  auto b = browser();
  Reply r = b->login(a.username, a.password);
  require(r.status == 200 && b->stage() == "change_password", "first login of " + a.username + ": " + r.body);
  std::string next = fresh_password();
  r = b->post("/api/v1/auth/password", json_text({{"old_password", a.password}, {"new_password", next}}));
  require(r.status == 200 && b->stage() == "totp_enrol", "password change of " + a.username + ": " + r.body);
  a.password = next;
  r = b->post("/api/v1/auth/totp/enrol");
  require(r.status == 200, "TOTP enrol: " + r.body);
  a.totp_secret = std::string(r.json().at("secret").as_string());
  r = b->post("/api/v1/auth/totp/activate", json_text({{"code", totp_code(a)}}));
  require(r.status == 200 && b->stage() == "full", "TOTP activate: " + r.body);
  return b;
}

std::unique_ptr<Browser> IdentityTest::sign_in_admin(const Account& a) {
  auto b = browser();
  Reply r = b->login(a.username, a.password);
  require(r.status == 200 && b->stage() == "totp", "login of " + a.username + ": " + r.body);
  r = b->post("/api/v1/auth/totp/verify", json_text({{"code", totp_code(a)}}));
  require(r.status == 200 && b->stage() == "full", "TOTP verify: " + r.body);
  return b;
}

Account IdentityTest::create_user(Browser& admin, const std::string& username, const std::string& display_name,
                                  std::int64_t org_id, const std::string& phone) {
  json::object body{{"username", username}, {"display_name", display_name}, {"org_id", org_id}};
  if (!phone.empty()) body["phone"] = phone;
  Reply r = admin.post("/api/v1/users", json_text(body));
  require(r.status == 201, "create user " + username + ": " + r.body);
  Account a;
  a.id = r.json().at("id").as_int64();
  a.username = username;
  a.display_name = display_name;
  a.password = std::string(r.json().at("one_time_password").as_string());
  secrets_.push_back({a.password, r.body});
  return a;
}

std::unique_ptr<Browser> IdentityTest::first_sign_in(Account& a) {
  auto b = browser();
  Reply r = b->login(a.username, a.password);
  require(r.status == 200 && b->stage() == "change_password", "first login of " + a.username + ": " + r.body);
  std::string next = fresh_password();
  r = b->post("/api/v1/auth/password", json_text({{"old_password", a.password}, {"new_password", next}}));
  require(r.status == 200 && b->stage() == "full", "password change of " + a.username + ": " + r.body);
  a.password = next;
  return b;
}

std::unique_ptr<Browser> IdentityTest::sign_in(const Account& a) {
  auto b = browser();
  Reply r = b->login(a.username, a.password);
  require(r.status == 200 && b->stage() == "full", "login of " + a.username + ": " + r.body);
  return b;
}

void IdentityTest::set_roles(Browser& admin, std::int64_t user_id, const json::array& bindings) {
  Reply r = admin.put("/api/v1/users/" + std::to_string(user_id) + "/roles", json_text({{"roles", bindings}}));
  require(r.status == 200, "set roles of user " + std::to_string(user_id) + ": " + r.body);
}

std::int64_t IdentityTest::create_role(Browser& admin, const std::string& code,
                                       const std::vector<std::string>& permissions) {
  json::array perms;
  for (const auto& p : permissions) perms.emplace_back(p);
  Reply r = admin.post("/api/v1/roles", json_text({{"code", code}, {"name", "角色" + code}, {"permissions", perms}}));
  require(r.status == 201, "create role " + code + ": " + r.body);
  return r.json().at("id").as_int64();
}

std::int64_t IdentityTest::builtin_role(const std::string& code) {
  return scalar("SELECT id FROM roles WHERE code = $1", {code});
}

std::int64_t IdentityTest::create_org(std::int64_t parent, const std::string& name, const std::string& code) {
  return store().write([&](store::Conn& c) {
    orgtree::NewOrg org;
    org.parent_id = parent;
    org.name = name;
    org.code = code;
    org.type = "机关党委";
    return orgtree::create(c, org);
  });
}

void IdentityTest::make_world() {
  sys_ = create_admin("sysadmin1", "sysadmin");
  sysb_ = first_sign_in_admin(sys_);
  root_ = scalar("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1");
  org_a_ = create_org(root_, "甲单位党委", "ORG-A");
  org_a1_ = create_org(org_a_, "甲单位第一支部", "ORG-A1");
  org_b_ = create_org(root_, "乙单位党委", "ORG-B");
}

}  // namespace dj::test
