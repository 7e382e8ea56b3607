// Accounts administration (系统管理员 and, for locks and sessions, 安全管理员).
#include <boost/json.hpp>


#include "core/download.h"
#include "store/like.h"
#include "core/route_prelude.h"
#include "core/crypto/crypto.h"
#include "core/error.h"
#include "core/excel/excel.h"
#include "core/identity/accounts.h"
#include "core/identity/context.h"
#include "core/identity/permissions.h"
#include "core/identity/policy_store.h"
#include "core/identity/roles.h"
#include "core/identity/routes.h"
#include "core/identity/sessions.h"
#include "core/input.h"
#include "core/orgtree/orgtree.h"

namespace dj::identity {
namespace {

using namespace dj::route_prelude;

// Filters shared by the list and the export: search text, organisation, status.
std::string user_filter(const Request& req, store::Params& params) {
  std::string where = "@SCOPE(u.org_id)@";
  std::string q = input::query_text(req, "q", 50);
  if (!q.empty()) {
    params.push_back("%" + store::like_escape(q) + "%");  // "%" or "_" typed by the user is a character
    where += " AND (u.username LIKE $" + std::to_string(params.size()) + " ESCAPE '\\' OR u.display_name LIKE $" +
             std::to_string(params.size()) + " ESCAPE '\\')";
  }
  if (auto org = input::query_int64(req, "org_id")) {
    params.push_back(*org);
    const std::string n = "$" + std::to_string(params.size());
    // subtree=1: the organisation and everything below it (the tree panel's meaning).
    if (input::query_text(req, "subtree", 5) == "1")
      where += " AND u.org_id IN (SELECT s.id FROM orgs s JOIN orgs r ON r.id = " + n +
               " WHERE s.path >= r.path AND s.path < r.path || '~')";
    else
      where += " AND u.org_id = " + n;
  }
  std::string status = input::query_text(req, "status", 20);
  if (!status.empty()) {
    params.push_back(status);
    where += " AND u.status = $" + std::to_string(params.size());
  }
  return where;
}

// One query per page, not one per user.
std::vector<User> list_users(Services& s, ScopedConn& db, const std::string& where, const store::Params& params,
                             const std::string& tail) {
  std::vector<User> out;
  const crypto::Keyring& keys = s.keys();
  db.each(std::string("SELECT ") + user_columns() + " FROM users u WHERE " + where + " ORDER BY u.username" + tail,
          params, [&](const store::Row& r) { out.push_back(read_user(r, keys)); });
  return out;
}

Response list(Services& s, Request& req) {
  auto& c = ctx(req);
  auto paging = input::paging(req);
  store::Params params;
  std::string where = user_filter(req, params);
  json::array items;
  std::int64_t total = 0;
  c.read([&](ScopedConn& db) {
    total = db.scalar_int64("SELECT count(*) FROM users u WHERE " + where, params).value_or(0);
    for (const auto& u : list_users(s, db, where, params,
                                    " LIMIT " + std::to_string(paging.page_size) + " OFFSET " +
                                        std::to_string(paging.offset())))
      items.push_back(user_json(u));
  });
  return Response::json(input::page_json(std::move(items), total, paging));
}

Response get_one(Services& s, Request& req) {
  auto& c = ctx(req);
  std::int64_t id = input::id_param(req);
  return Response::json(c.read([&](ScopedConn& db) {
    auto u = load_user(db.unscoped(), s.keys(), id);
    json::object o = user_json(*u);
    o["roles"] = user_roles_json(db.unscoped(), id);
    return o;
  }));
}

Response create(Services& s, Request& req) {
  auto& c = ctx(req);
  auto body = input::body_object(req);
  NewUser u;
  u.username = input::text(body, "username", "用户名", true, 32);
  u.display_name = input::text(body, "display_name", "姓名", true, 50);
  u.phone = input::text(body, "phone", "手机号码", false, 20);
  u.org_id = *input::int64(body, "org_id", "所属组织", true);
  std::string password = crypto::random_password();
  std::int64_t id = c.write({"user.create", "user", ""}, [&](ScopedConn& db, audit::Entry& e) {
    std::int64_t new_id = create_user(db.unscoped(), s.keys(), u, password);
    e.entity_id = std::to_string(new_id);
    e.org_id = u.org_id;
    e.detail["username"] = u.username;
    e.detail["display_name"] = u.display_name;
    return new_id;
  });
  // The one-time password is shown once, to the administrator who must hand it over.
  return Response::json({{"id", id}, {"one_time_password", password}}, 201);
}

Response update(Services& s, Request& req) {
  auto& c = ctx(req);
  std::int64_t id = input::id_param(req);
  auto body = input::body_object(req);
  c.write({"user.update", "user", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    auto before = load_user(raw, s.keys(), id);
    json::object was = user_json(*before, true), now = was;
    if (body.contains("display_name")) {
      std::string name = input::text(body, "display_name", "姓名", true, 50);
      raw.exec("UPDATE users SET display_name = $1 WHERE id = $2", {name, id});
      now["display_name"] = name;
    }
    if (body.contains("org_id")) {
      std::int64_t org = *input::int64(body, "org_id", "所属组织", true);
      if (!db.scope().contains_org(raw, org)) throw ApiError(403, "out_of_scope", "您无权把用户调入该组织。", "org_id");
      if (!raw.scalar_int64("SELECT id FROM orgs WHERE id = $1 AND status = 'active'", {org}))
        throw ApiError::invalid("所属组织不存在或已撤销。", "org_id");
      raw.exec("UPDATE users SET org_id = $1 WHERE id = $2", {org, id});
      now["org_id"] = org;
    }
    if (body.contains("phone")) {
      std::string text = input::text(body, "phone", "手机号码", false, 20);
      std::string phone = normalize_phone(text);
      if (!text.empty() && phone.empty()) throw ApiError::invalid("手机号码应为 11 位大陆手机号。", "phone");
      if (!phone.empty() &&
          raw.scalar_int64("SELECT id FROM users WHERE phone_hash = $1 AND id <> $2", {s.keys().lookup_hash(phone), id}))
        throw ApiError::conflict("该手机号码已绑定其他账号。", "phone");
      raw.exec("UPDATE users SET phone_enc = $1, phone_hash = $2 WHERE id = $3",
               {phone.empty() ? store::Value() : store::Value(s.keys().encrypt(phone)),
                phone.empty() ? store::Value() : store::Value(s.keys().lookup_hash(phone)), id});
      now["phone"] = phone;
    }
    if (body.contains("status")) {
      std::string status = input::text(body, "status", "状态", true, 20);
      if (status != "active" && status != "disabled") throw ApiError::invalid("状态应为 active 或 disabled。", "status");
      raw.exec("UPDATE users SET status = $1 WHERE id = $2", {status, id});
      if (status == "disabled") end_user_sessions(raw, id, "account_disabled");
      now["status"] = status;
    }
    raw.exec("UPDATE users SET updated_at_ms = $1 WHERE id = $2", {now_ms(), id});
    // Phones are personal data: the trail records that it changed, not the numbers.
    e.detail = audit::diff(was, now, {"phone"});
    e.org_id = before->org_id;
  });
  return Response::json(c.read([&](ScopedConn& db) { return user_json(*load_user(db.unscoped(), s.keys(), id)); }));
}

Response set_lock(Services&, Request& req, bool lock) {
  auto& c = ctx(req);
  std::int64_t id = input::id_param(req);
  c.write({lock ? "user.lock" : "user.unlock", "user", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    // An administrator's lock lasts until unlocked (far future), not just the policy window.
    std::int64_t until = lock ? now_ms() + std::int64_t{3650} * 86400000 : 0;
    raw.exec("UPDATE users SET locked_until_ms = $1, failed_count = 0, updated_at_ms = $2 WHERE id = $3",
             {until, now_ms(), id});
    if (lock) e.detail["sessions_ended"] = end_user_sessions(raw, id, "locked");
    e.org_id = raw.scalar_int64("SELECT org_id FROM users WHERE id = $1", {id});
  });
  return Response::json({{"ok", true}});
}

Response lock(Services& s, Request& req) { return set_lock(s, req, true); }
Response unlock(Services& s, Request& req) { return set_lock(s, req, false); }

Response reset(Services&, Request& req) {
  auto& c = ctx(req);
  std::int64_t id = input::id_param(req);
  std::string password = c.write({"user.reset_password", "user", std::to_string(id)},
                                 [&](ScopedConn& db, audit::Entry& e) {
                                   e.detail["sessions_ended"] = end_user_sessions(db.unscoped(), id, "password_reset");
                                   return reset_password(db.unscoped(), id);
                                 });
  return Response::json({{"one_time_password", password}});
}

Response force_logout(Services&, Request& req) {
  auto& c = ctx(req);
  std::int64_t id = input::id_param(req);
  std::int64_t n = c.write({"user.force_logout", "user", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    std::int64_t ended = end_user_sessions(db.unscoped(), id, "forced_logout");
    e.detail["sessions_ended"] = ended;
    return ended;
  });
  return Response::json({{"sessions_ended", n}});
}

// For someone who lost their phone: the second factor is removed and, if a
// role requires one, they enrol a new authenticator at the next sign-in.
Response reset_totp(Services&, Request& req) {
  auto& c = ctx(req);
  std::int64_t id = input::id_param(req);
  c.write({"user.reset_totp", "user", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    raw.exec("UPDATE users SET totp_enabled = 0, totp_secret_enc = NULL, totp_pending_enc = NULL, "
             "totp_last_step = 0, updated_at_ms = $1 WHERE id = $2",
             {now_ms(), id});
    e.detail["sessions_ended"] = end_user_sessions(raw, id, "totp_reset");
    e.org_id = raw.scalar_int64("SELECT org_id FROM users WHERE id = $1", {id});
  });
  return Response::json({{"ok", true}});
}

Response get_roles(Services&, Request& req) {
  auto& c = ctx(req);
  std::int64_t id = input::id_param(req);
  return Response::json(c.read([&](ScopedConn& db) { return user_roles_json(db.unscoped(), id); }));
}

// True when every organisation `b` would give its holder lies in `scope`:
// an administrator hands out at most the scope they hold. Checking the
// anchor alone let 全部 and custom lists (which have none) through.
bool grant_within(store::Conn& c, const orgtree::Scope& scope, const BindingInput& b, std::int64_t home_org) {
  if (scope.is_all()) return true;
  const std::int64_t anchor = b.anchor_org ? b.anchor_org : home_org;
  auto subtree_within = [&](std::int64_t root) {
    for (const auto& org : orgtree::subtree(c, root))
      if (!scope.contains_org(c, org.id)) return false;
    return true;
  };
  switch (b.kind) {
    case orgtree::ScopeKind::all: return false;
    case orgtree::ScopeKind::self: return true;
    case orgtree::ScopeKind::org: return scope.contains_org(c, anchor);
    case orgtree::ScopeKind::custom:
      for (auto org : b.custom_orgs)
        if (!scope.contains_org(c, org)) return false;
      return true;
    case orgtree::ScopeKind::subtree: return scope.contains_org(c, anchor) && subtree_within(anchor);
    case orgtree::ScopeKind::guided:
      if (!scope.contains_org(c, anchor) || !subtree_within(anchor)) return false;
      for (auto guided : orgtree::guided_by(c, anchor))
        if (!subtree_within(guided)) return false;
      return true;
  }
  return false;
}

Response put_roles(Services&, Request& req) {
  auto& c = ctx(req);
  std::int64_t id = input::id_param(req);
  // Nobody grants themselves roles: that would let one administrator widen
  // their own power without a second person (三员分立).
  if (id == c.who().user_id) throw ApiError(403, "self_grant", "不能给自己分配角色，请由其他管理员操作。");
  auto bindings = bindings_from_json(req.json());
  c.write({"user.assign_roles", "user", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    // A role may only reach organisations inside the administrator's own scope.
    std::int64_t home = raw.scalar_int64("SELECT org_id FROM users WHERE id = $1", {id}).value_or(0);
    for (std::size_t i = 0; i < bindings.size(); ++i) {
      if (!grant_within(raw, db.scope(), bindings[i], home))
        throw ApiError(403, "out_of_scope", "不能把数据范围设在您管理范围以外的组织。",
                       "roles[" + std::to_string(i) + "]." +
                           (bindings[i].kind == orgtree::ScopeKind::custom ? "org_ids" : "anchor_org_id"));
    }
    json::value before = user_roles_json(raw, id);
    set_user_roles(raw, id, bindings);
    e.detail["roles"] = {{"from", before}, {"to", user_roles_json(raw, id)}};
    e.org_id = raw.scalar_int64("SELECT org_id FROM users WHERE id = $1", {id});
  });
  return Response::json(c.read([&](ScopedConn& db) { return user_roles_json(db.unscoped(), id); }));
}

Response export_xlsx(Services& s, Request& req) {
  auto& c = ctx(req);
  store::Params params;
  std::string where = user_filter(req, params);
  download::TempFile file("", ".xlsx");
  std::int64_t rows = 0;
  {
    excel::Writer w(file.path());
    w.sheet("用户", {"用户名", "姓名", "所属组织编号", "手机号码", "状态", "是否锁定", "两步验证"});
    c.read([&](ScopedConn& db) {
      for (const auto& u : list_users(s, db, where, params, "")) {
        json::object o = user_json(u);
        w.row({u.username, u.display_name, u.org_id, std::string(o["phone"].as_string()),
               u.status == "active" ? "正常" : "停用", o["locked"].as_bool() ? "是" : "否",
               u.totp_enabled ? "已启用" : "未启用"});
        ++rows;
      }
    });
    w.close();
  }
  c.audit_read({"user.export", "user", "", std::nullopt, {{"rows", rows}}});
  return download::xlsx(file.path(), "users.xlsx", "用户.xlsx");
}

}  // namespace

void install_user_routes(http::Router& router, Services& s) {
  register_org_table("users");
  Services* sp = &s;
  auto bind = [sp](Response (*fn)(Services&, Request&)) { return [sp, fn](Request& r) { return fn(*sp, r); }; };
  auto row = OrgRef::row("id", "users");
  router.add({Method::GET, "/api/v1/users", Access::org_route(perm::user_read, OrgRef::list()), bind(list)});
  router.add({Method::GET, "/api/v1/users/export", Access::org_route(perm::user_export, OrgRef::list()),
              bind(export_xlsx)});
  // Creating an account and resetting a password hash one (the password lane).
  auto hashing = [](http::Route r) {
    r.hashes_password = true;
    return r;
  };
  router.add(hashing({Method::POST, "/api/v1/users", Access::org_route(perm::user_write, OrgRef::body("org_id")),
                      bind(create)}));
  router.add({Method::GET, "/api/v1/users/{id}", Access::org_route(perm::user_read, row), bind(get_one)});
  router.add({Method::PATCH, "/api/v1/users/{id}", Access::org_route(perm::user_write, row), bind(update)});
  router.add({Method::POST, "/api/v1/users/{id}/lock", Access::org_route(perm::user_lock, row), bind(lock)});
  router.add({Method::POST, "/api/v1/users/{id}/unlock", Access::org_route(perm::user_lock, row), bind(unlock)});
  router.add(hashing({Method::POST, "/api/v1/users/{id}/reset-password",
                      Access::org_route(perm::user_reset_password, row), bind(reset)}));
  router.add({Method::POST, "/api/v1/users/{id}/logout", Access::org_route(perm::user_force_logout, row),
              bind(force_logout)});
  router.add({Method::POST, "/api/v1/users/{id}/reset-totp", Access::org_route(perm::user_reset_totp, row),
              bind(reset_totp)});
  router.add({Method::GET, "/api/v1/users/{id}/roles", Access::org_route(perm::user_read, row), bind(get_roles)});
  router.add({Method::PUT, "/api/v1/users/{id}/roles", Access::org_route(perm::user_assign_roles, row),
              bind(put_roles)});
}

}  // namespace dj::identity
