// Sign-in, sign-out, my account, password change, TOTP and my sessions.
#include <boost/json.hpp>

#include "core/route_prelude.h"
#include "core/audit/audit.h"
#include "core/crypto/crypto.h"
#include "core/error.h"
#include "core/identity/accounts.h"
#include "core/identity/context.h"
#include "core/identity/policy_store.h"
#include "core/identity/routes.h"
#include "core/identity/sessions.h"
#include "core/input.h"

namespace dj::identity {
namespace {

using namespace dj::route_prelude;

// A hash to verify against when the user does not exist, so the answer
// takes as long as for a real account (no user enumeration by timing).
const std::string& dummy_hash() {
  static const std::string h = crypto::hash_password(crypto::random_token(16));
  return h;
}

std::string next_stage(store::Conn& c, const User& u, const PasswordPolicy& policy) {
  bool expired = policy.expire_days > 0 &&
                 now_ms() - u.password_changed_at_ms > std::int64_t{policy.expire_days} * 86400000;
  if (u.must_change_password || expired) return "change_password";
  if (u.totp_enabled) return "totp";
  if (totp_required(c, u.id)) return "totp_enrol";
  return "full";
}

std::string after_password_stage(store::Conn& c, const User& u) {
  if (u.totp_enabled) return "totp";
  if (totp_required(c, u.id)) return "totp_enrol";
  return "full";
}

json::object me_json(store::Conn& c, Services& s, const Principal& p) {
  auto user = load_user(c, s.keys(), p.user_id);
  json::object o;
  o["user"] = user_json(*user);
  o["stage"] = p.stage;
  o["csrf_token"] = p.csrf_token;
  json::array perms;
  for (const auto& x : p.permissions()) perms.emplace_back(x);
  o["permissions"] = std::move(perms);
  json::array roles;
  for (const auto& b : p.bindings) roles.emplace_back(b.role_code);
  o["roles"] = std::move(roles);
  c.each("SELECT id, name, code FROM orgs WHERE id = $1", {p.org_id}, [&](const store::Row& r) {
    o["org"] = {{"id", r.int64(0)}, {"name", r.text(1)}, {"code", r.text(2)}};
  });
  return o;
}

Response with_session_cookies(Response r, Services& s, const std::string& token, const std::string& csrf) {
  r.headers.emplace_back("Set-Cookie", session_cookie(token, s.secure_cookies()));
  r.headers.emplace_back("Set-Cookie", csrf_cookie(csrf, s.secure_cookies()));
  return r;
}

Response login(Services& s, Request& req) {
  auto body = input::body_object(req);
  std::string login = input::text(body, "username", "用户名或手机号", true, 64);
  std::string password = input::secret(body, "password", "密码");
  const std::string ip = req.remote_addr;
  const std::string ua = std::string(req.header("User-Agent")).substr(0, 300);
  PasswordPolicy policy = s.policy();
  std::int64_t now = now_ms();

  auto log_attempt = [&](std::int64_t user_id, bool ok, const std::string& reason) {
    s.store().write([&](store::Conn& c) {
      audit::record_login(c, {login, user_id, ip, ua, ok, reason});
    });
  };

  std::int64_t ip_failures = s.store().read([&](store::Conn& c) {
    return audit::failures_from_ip(c, ip, now - std::int64_t{policy.ip_window_minutes} * 60000);
  });
  if (ip_failures >= policy.ip_max_failures) {
    log_attempt(0, false, "ip_rate_limited");
    ApiError e(429, "too_many_requests",
               "该地址登录失败次数过多，请 " + std::to_string(policy.ip_window_minutes) + " 分钟后再试。");
    throw e;
  }

  const std::int64_t lock_ms = std::int64_t{policy.lock_minutes} * 60000;
  auto wrong = [&](int failures) {
    return ApiError(401, "wrong_credentials",
                    "用户名或密码错误，再错 " + std::to_string(policy.max_failures - failures) + " 次账号将被锁定。");
  };
  auto locked_now = [&]() {
    return ApiError(423, "account_locked",
                    "密码连续错误 " + std::to_string(policy.max_failures) + " 次，账号已锁定 " +
                        std::to_string(policy.lock_minutes) + " 分钟。");
  };

  auto user = s.store().read([&](store::Conn& c) { return find_for_login(c, s.keys(), login); });
  if (!user) {
    // Same cost, same countdown and same lock as a real account.
    crypto::verify_password(dummy_hash(), password);
    std::int64_t before = s.store().read(
        [&](store::Conn& c) { return audit::unknown_user_failures(c, login, now - lock_ms); });
    if (before >= policy.max_failures) {
      log_attempt(0, false, "locked");
      throw ApiError(423, "account_locked", "账号已锁定，请 " + std::to_string(policy.lock_minutes) + " 分钟后再试。");
    }
    log_attempt(0, false, "unknown_user");
    if (before + 1 >= policy.max_failures) throw locked_now();
    throw wrong(static_cast<int>(before + 1));
  }
  if (user->locked_until_ms > now) {
    log_attempt(user->id, false, "locked");
    // An administrator's lock lasts until unlocked; the policy's lock is minutes.
    if (user->locked_until_ms - now > 86400000)
      throw ApiError(423, "account_locked", "账号已被锁定，请联系安全管理员解锁。");
    std::int64_t minutes = (user->locked_until_ms - now + 59999) / 60000;
    throw ApiError(423, "account_locked", "账号已锁定，请 " + std::to_string(minutes) + " 分钟后再试。");
  }
  if (!crypto::verify_password(user->password_hash, password)) {
    int failures = 0;
    bool lock = false;
    s.store().write([&](store::Conn& c) {
      audit::lock_chain(c);
      // Counted in the database, not from the row read before the slow hash
      // check: parallel guesses would all start from the same count and the
      // account would never lock.
      failures = static_cast<int>(*c.scalar_int64(
          "UPDATE users SET failed_count = failed_count + 1 WHERE id = $1 RETURNING failed_count", {user->id}));
      lock = failures >= policy.max_failures;
      if (lock) {
        c.exec("UPDATE users SET failed_count = 0, locked_until_ms = $1 WHERE id = $2", {now + lock_ms, user->id});
        audit::Actor system;
        system.username = "system";
        system.ip = ip;
        system.user_agent = ua;
        system.request_id = req.request_id;
        audit::append(c, system, {"auth.lockout", "user", std::to_string(user->id), user->org_id,
                                  {{"failures", failures}, {"minutes", policy.lock_minutes}}});
      }
      audit::record_login(c, {login, user->id, ip, ua, false, lock ? "wrong_password_locked" : "wrong_password"});
    });
    if (lock) throw locked_now();
    throw wrong(failures);
  }
  // Only someone who knows the password learns that the account is disabled.
  if (user->status != "active") {
    log_attempt(user->id, false, "disabled");
    throw ApiError(403, "account_disabled", "账号已停用，请联系管理员。");
  }
  NewSession created;
  std::string stage;
  s.store().write([&](store::Conn& c) {
    stage = next_stage(c, *user, policy);
    // Failures keep counting through the TOTP step: a right password must
    // not hand out fresh guesses at the code.
    if (stage != "totp") c.exec("UPDATE users SET failed_count = 0 WHERE id = $1", {user->id});
    created = create_session(c, user->id, stage, policy, ip, ua);
    audit::record_login(c, {login, user->id, ip, ua, true, stage == "full" ? "ok" : "ok_" + stage});
  });
  json::object out;
  out["stage"] = stage;
  out["csrf_token"] = created.session.csrf_token;
  out["user"] = user_json(*user);
  return with_session_cookies(Response::json(out), s, created.token, created.session.csrf_token);
}

Response logout(Services& s, Request& req) {
  auto& c = ctx(req);
  c.write({"auth.logout", "session", std::to_string(c.who().session_id)},
          [&](ScopedConn& db, audit::Entry&) { end_session(db.unscoped(), c.who().session_id, "logout"); });
  Response r = Response::json({{"ok", true}});
  r.headers.emplace_back("Set-Cookie", cleared_cookie(kSessionCookie, true, s.secure_cookies()));
  r.headers.emplace_back("Set-Cookie", cleared_cookie(kCsrfCookie, false, s.secure_cookies()));
  return r;
}

Response me(Services& s, Request& req) {
  auto& c = ctx(req);
  return Response::json(s.store().read([&](store::Conn& db) { return me_json(db, s, c.who()); }));
}

// The rules a new password must meet, for the change-password form of any
// session (including one that must change its password first).
Response password_rules(Services& s, Request&) {
  const PasswordPolicy p = s.policy();
  return Response::json({{"min_length", p.min_length},
                         {"min_classes", p.min_classes},
                         {"history", p.history},
                         {"expire_days", p.expire_days}});
}

Response change_own_password(Services& s, Request& req) {
  auto& c = ctx(req);
  auto body = input::body_object(req);
  std::string old_password = input::secret(body, "old_password", "原密码");
  std::string new_password = input::secret(body, "new_password", "新密码");
  PasswordPolicy policy = s.policy();
  std::string stage;
  c.write({"auth.change_password", "user", std::to_string(c.who().user_id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    auto user = load_user(raw, s.keys(), c.who().user_id);
    if (!crypto::verify_password(user->password_hash, old_password))
      throw ApiError::invalid("原密码不正确。", "old_password");
    change_password(raw, policy, *user, new_password, false);
    stage = c.who().stage == "change_password" ? after_password_stage(raw, *user) : c.who().stage;
    set_stage(raw, c.who().session_id, stage);
    // Other sessions were opened with the old password: end them.
    e.detail["other_sessions_ended"] = end_user_sessions(raw, user->id, "password_changed", c.who().session_id);
    e.org_id = user->org_id;
  });
  return Response::json({{"ok", true}, {"stage", stage}});
}

// A new authenticator may only be bound by a session that is enrolling its
// first one or has passed the second factor; otherwise the password alone
// would be enough to replace the authenticator and get past the TOTP step.
void require_enrol_stage(const Principal& p) {
  if (p.stage == "full" || p.stage == "totp_enrol") return;
  if (p.stage == "totp") throw ApiError(403, "totp_required", "请先完成两步验证。");
  throw ApiError(403, "password_change_required", "请先修改密码后再继续操作。");
}

Response totp_enrol(Services& s, Request& req) {
  auto& c = ctx(req);
  require_enrol_stage(c.who());
  std::string secret = crypto::random_bytes(20);
  std::string account;
  c.write({"auth.totp_enrol", "user", std::to_string(c.who().user_id)}, [&](ScopedConn& db, audit::Entry&) {
    auto user = load_user(db.unscoped(), s.keys(), c.who().user_id);
    account = user->username;
    db.unscoped().exec("UPDATE users SET totp_pending_enc = $1 WHERE id = $2",
                       {s.keys().encrypt(secret), user->id});
  });
  std::string b32 = crypto::base32_encode(secret);
  return Response::json({{"secret", b32}, {"uri", crypto::totp_uri("党建工作平台", account, secret)}});
}

std::string code_from(const json::object& body) {
  std::string code = input::text(body, "code", "验证码", true, 8);
  if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos)
    throw ApiError::invalid("验证码应为 6 位数字。", "code");
  return code;
}

Response totp_activate(Services& s, Request& req) {
  auto& c = ctx(req);
  require_enrol_stage(c.who());
  std::string code = code_from(input::body_object(req));
  std::string stage = c.who().stage;
  c.write({"auth.totp_activate", "user", std::to_string(c.who().user_id)}, [&](ScopedConn& db, audit::Entry&) {
    auto& raw = db.unscoped();
    auto user = load_user(raw, s.keys(), c.who().user_id);
    if (user->totp_pending_enc.empty()) throw ApiError::conflict("请先获取新的验证器密钥。");
    std::string secret = s.keys().decrypt(user->totp_pending_enc);
    std::int64_t last = 0;
    if (!crypto::totp_verify(secret, code, now_ms() / 1000, &last))
      throw ApiError::invalid("验证码不正确，请核对手机上的时间后重试。", "code");
    raw.exec("UPDATE users SET totp_secret_enc = totp_pending_enc, totp_pending_enc = NULL, totp_enabled = 1, "
             "totp_last_step = $1 WHERE id = $2",
             {last, user->id});
    if (stage == "totp_enrol") {
      stage = "full";
      set_stage(raw, c.who().session_id, stage);
    }
  });
  return Response::json({{"ok", true}, {"stage", stage}});
}

Response totp_verify(Services& s, Request& req) {
  auto& c = ctx(req);
  if (c.who().stage != "totp") throw ApiError::conflict("当前无需两步验证。");
  std::string code = code_from(input::body_object(req));
  PasswordPolicy policy = s.policy();
  bool ok = false, locked = false;
  c.write({"auth.totp_verify", "user", std::to_string(c.who().user_id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    auto user = load_user(raw, s.keys(), c.who().user_id);
    std::int64_t last = user->totp_last_step;
    ok = crypto::totp_verify(s.keys().decrypt(user->totp_secret_enc), code, now_ms() / 1000, &last);
    if (ok) {
      raw.exec("UPDATE users SET totp_last_step = $1, failed_count = 0 WHERE id = $2", {last, user->id});
      set_stage(raw, c.who().session_id, "full");
    } else {
      // Wrong codes count towards the lock like wrong passwords.
      int failures = user->failed_count + 1;
      bool lock = failures >= policy.max_failures;
      raw.exec("UPDATE users SET failed_count = $1, locked_until_ms = $2 WHERE id = $3",
               {std::int64_t{lock ? 0 : failures}, lock ? now_ms() + std::int64_t{policy.lock_minutes} * 60000 : 0,
                user->id});
      if (lock) end_session(raw, c.who().session_id, "totp_failed");
      locked = lock;
      e.outcome = "failure";
      e.reason = "验证码不正确";
    }
    audit::record_login(raw, {user->username, user->id, req.remote_addr, std::string(req.header("User-Agent")), ok,
                              ok ? "totp_ok" : "totp_failed"});
  });
  // The code that locks the account also ends the session: say so, with the
  // minutes, instead of a "wrong code" the next attempt could not act on.
  if (locked)
    throw ApiError(423, "account_locked",
                   "验证码错误次数过多，账号已锁定，请 " + std::to_string(policy.lock_minutes) + " 分钟后再试。");
  if (!ok) throw ApiError::invalid("验证码不正确。", "code");
  return Response::json({{"ok", true}, {"stage", "full"}});
}

Response my_sessions(Services&, Request& req) {
  auto& c = ctx(req);
  json::array items;
  c.read([&](ScopedConn& db) {
    for (const auto& x : active_sessions(db.unscoped(), c.who().user_id))
      items.push_back({{"id", x.id}, {"created_at_ms", x.created_at_ms}, {"last_seen_at_ms", x.last_seen_at_ms},
                       {"ip", x.ip}, {"user_agent", x.user_agent}, {"current", x.id == c.who().session_id}});
  });
  return Response::json({{"items", items}});
}

Response end_my_session(Services&, Request& req) {
  auto& c = ctx(req);
  std::int64_t id = input::id_param(req);
  c.write({"auth.end_session", "session", std::to_string(id)}, [&](ScopedConn& db, audit::Entry&) {
    auto owner = db.unscoped().scalar_int64("SELECT user_id FROM sessions WHERE id = $1 AND ended_at_ms IS NULL", {id});
    if (!owner || *owner != c.who().user_id) throw ApiError::not_found("会话不存在或已结束。");
    end_session(db.unscoped(), id, "ended_by_user");
  });
  return Response::json({{"ok", true}});
}

}  // namespace

void install_auth_routes(http::Router& router, Services& s) {
  Services* sp = &s;
  auto bind = [sp](Response (*fn)(Services&, Request&)) { return [sp, fn](Request& r) { return fn(*sp, r); }; };
  // Routes whose handler runs Argon2id run on the server's password lane.
  auto hashing = [](http::Route r) {
    r.hashes_password = true;
    return r;
  };
  router.add(hashing({Method::POST, "/api/v1/auth/login", Access::public_route().not_audited(), bind(login)}));
  router.add({Method::POST, "/api/v1/auth/logout", Access::session(), bind(logout)});
  router.add({Method::GET, "/api/v1/auth/me", Access::session(), bind(me)});
  router.add(hashing({Method::POST, "/api/v1/auth/password", Access::session(), bind(change_own_password)}));
  router.add({Method::GET, "/api/v1/auth/password-rules", Access::session(), bind(password_rules)});
  router.add({Method::POST, "/api/v1/auth/totp/enrol", Access::session(), bind(totp_enrol)});
  router.add({Method::POST, "/api/v1/auth/totp/activate", Access::session(), bind(totp_activate)});
  router.add({Method::POST, "/api/v1/auth/totp/verify", Access::session(), bind(totp_verify)});
  router.add({Method::GET, "/api/v1/auth/sessions", Access::self(), bind(my_sessions)});
  router.add({Method::DELETE_, "/api/v1/auth/sessions/{id}", Access::self(), bind(end_my_session)});
}

}  // namespace dj::identity
