// Roles and permissions (系统管理员), the security policy (安全管理员), and
// the audit and login log viewers (审计管理员).
#include <boost/json.hpp>


#include "core/download.h"
#include "core/route_prelude.h"
#include "core/audit/audit.h"
#include "core/crypto/crypto.h"
#include "core/error.h"
#include "core/excel/excel.h"
#include "core/identity/context.h"
#include "core/identity/permissions.h"
#include "core/identity/policy_store.h"
#include "core/identity/roles.h"
#include "core/identity/routes.h"
#include "core/input.h"

namespace dj::identity {
namespace {

using namespace dj::route_prelude;

Access admin(const char* permission) { return {permission, http::Scope::none, {}, true}; }

template <class Fn>
auto bound(Services& s, Fn fn) {
  Services* sp = &s;
  return [sp, fn](Request& r) { return fn(*sp, r); };
}

// ---- roles -------------------------------------------------------------------

Response list_roles(Services&, Request& req) {
  return Response::json(ctx(req).read([](ScopedConn& db) { return roles_json(db.unscoped()); }));
}

Response list_permissions(Services&, Request&) {
  json::array out;
  for (const auto& p : permission_catalogue())
    out.push_back({{"name", p.name}, {"label", p.label}, {"group", p.group}, {"sensitive", p.sensitive},
                    {"admin_only", p.admin_only}});
  return Response::json({{"items", out}});
}

Response create_role_route(Services&, Request& req) {
  auto& c = ctx(req);
  RoleInput r = role_from_json(req.json());
  std::int64_t id = c.write({"role.create", "role", ""}, [&](ScopedConn& db, audit::Entry& e) {
    std::int64_t new_id = create_role(db.unscoped(), r);
    e.entity_id = std::to_string(new_id);
    e.detail = role_json(db.unscoped(), new_id).as_object();
    return new_id;
  });
  return Response::json(c.read([&](ScopedConn& db) { return role_json(db.unscoped(), id); }), 201);
}

Response update_role_route(Services&, Request& req) {
  auto& c = ctx(req);
  std::int64_t id = input::id_param(req);
  RoleInput r = role_from_json(req.json());
  c.write({"role.update", "role", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    json::value before = role_json(db.unscoped(), id);
    update_role(db.unscoped(), id, r);
    e.detail = audit::diff(before.as_object(), role_json(db.unscoped(), id).as_object());
  });
  return Response::json(c.read([&](ScopedConn& db) { return role_json(db.unscoped(), id); }));
}

Response delete_role_route(Services&, Request& req) {
  auto& c = ctx(req);
  std::int64_t id = input::id_param(req);
  c.write({"role.delete", "role", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    e.detail["role"] = role_json(db.unscoped(), id);
    delete_role(db.unscoped(), id);
  });
  return Response::no_content();
}

// ---- security policy -----------------------------------------------------------

Response get_policy(Services& s, Request&) { return Response::json(policy_to_json(s.policy())); }

Response put_policy(Services& s, Request& req) {
  auto& c = ctx(req);
  PasswordPolicy next = policy_from_json(req.json(), s.policy());
  c.write({"policy.update", "settings", "password_policy"}, [&](ScopedConn& db, audit::Entry& e) {
    json::value before = policy_to_json(load_policy(db.unscoped()));
    save_policy(db.unscoped(), next);
    e.detail = audit::diff(before.as_object(), policy_to_json(next).as_object());
  });
  s.invalidate_policy();
  return Response::json(policy_to_json(s.policy()));
}

// ---- audit and login log viewers ------------------------------------------------

std::optional<std::int64_t> time_param(const Request& req, const char* name) {
  return input::query_int64(req, name);
}

audit::Query audit_query(const Request& req) {
  audit::Query q;
  auto p = input::paging(req);
  q.page = p.page;
  q.page_size = p.page_size;
  q.user_id = input::query_int64(req, "user_id");
  q.username_like = input::query_text(req, "username");
  q.action_prefix = input::query_text(req, "action");
  q.entity = input::query_text(req, "entity");
  q.entity_id = input::query_text(req, "entity_id");
  q.outcome = input::query_text(req, "outcome");
  q.from_ms = time_param(req, "from_ms");
  q.to_ms = time_param(req, "to_ms");
  return q;
}

Response list_audit(Services& s, Request& req) {
  audit::Query q = audit_query(req);
  auto page = audit::list(s.store(), q);
  json::array items;
  for (const auto& r : page.rows) items.push_back(audit::to_json(r));
  return Response::json(input::page_json(std::move(items), page.total, {q.page, q.page_size}));
}

audit::LoginQuery login_query(const Request& req) {
  audit::LoginQuery q;
  auto p = input::paging(req);
  q.page = p.page;
  q.page_size = p.page_size;
  q.username_like = input::query_text(req, "username");
  q.ip = input::query_text(req, "ip");
  q.outcome = input::query_text(req, "outcome");
  q.from_ms = time_param(req, "from_ms");
  q.to_ms = time_param(req, "to_ms");
  return q;
}

Response list_logins(Services& s, Request& req) {
  audit::LoginQuery q = login_query(req);
  auto page = audit::list_logins(s.store(), q);
  json::array items;
  for (const auto& r : page.rows) items.push_back(audit::to_json(r));
  return Response::json(input::page_json(std::move(items), page.total, {q.page, q.page_size}));
}

constexpr int kMaxExportRows = 100000;

// Pages through a viewer query into one sheet, audits the export, answers
// with the file. `list` is audit::list or audit::list_logins; `cells` turns
// one row into the sheet's cells.
template <class Query, class List, class Cells>
Response export_pages(Services& s, Request& req, Query q, List list, const char* sheet,
                      const std::vector<std::string>& headers, Cells cells, const char* action,
                      const char* entity, const char* file_name, const char* chinese_name) {
  q.page = 1;
  q.page_size = 200;
  download::TempFile tmp("", ".xlsx");
  std::int64_t rows = 0;
  {
    excel::Writer w(tmp.path());
    w.sheet(sheet, headers);
    for (;; ++q.page) {
      auto page = list(s.store(), q);
      for (const auto& r : page.rows) {
        w.row(cells(r));
        ++rows;
      }
      if (page.rows.size() < static_cast<std::size_t>(q.page_size) || rows >= kMaxExportRows) break;
    }
    w.close();
  }
  ctx(req).audit_read({action, entity, "", std::nullopt, {{"rows", rows}}});
  return download::xlsx(tmp.path(), file_name, chinese_name);
}

std::string at_text(const json::value& v) { return std::string(v.at("at").as_string()); }

Response export_audit(Services& s, Request& req) {
  return export_pages(
      s, req, audit_query(req), audit::list, "审计日志",
      {"编号", "时间", "用户", "地址", "操作", "对象", "对象编号", "结果", "原因", "详情", "请求编号"},
      [](const audit::Row& r) -> std::vector<excel::Cell> {
        return {r.id, at_text(audit::to_json(r)), r.username, r.ip, r.action, r.entity, r.entity_id,
                r.outcome, r.reason, json::serialize(r.detail), r.request_id};
      },
      "audit.export", "audit_log", "audit-log.xlsx", "审计日志.xlsx");
}

Response export_logins(Services& s, Request& req) {
  return export_pages(
      s, req, login_query(req), audit::list_logins, "登录日志",
      {"编号", "时间", "用户名", "地址", "浏览器", "结果", "原因"},
      [](const audit::LoginRow& r) -> std::vector<excel::Cell> {
        return {r.id, at_text(audit::to_json(r)), r.username, r.ip, r.user_agent,
                std::string(r.success ? "成功" : "失败"), r.reason};
      },
      "login_log.export", "login_log", "login-log.xlsx", "登录日志.xlsx");
}

}  // namespace

void install_role_routes(http::Router& router, Services& s) {
  router.add({Method::GET, "/api/v1/roles", admin(perm::role_read), bound(s, list_roles)});
  router.add({Method::POST, "/api/v1/roles", admin(perm::role_write), bound(s, create_role_route)});
  router.add({Method::PUT, "/api/v1/roles/{id}", admin(perm::role_write), bound(s, update_role_route)});
  router.add({Method::DELETE_, "/api/v1/roles/{id}", admin(perm::role_write), bound(s, delete_role_route)});
  router.add({Method::GET, "/api/v1/permissions", admin(perm::role_read), bound(s, list_permissions)});
}

void install_security_routes(http::Router& router, Services& s) {
  router.add({Method::GET, "/api/v1/security/policy", admin(perm::policy_read), bound(s, get_policy)});
  router.add({Method::PUT, "/api/v1/security/policy", admin(perm::policy_write), bound(s, put_policy)});
}

void install_audit_routes(http::Router& router, Services& s) {
  router.add({Method::GET, "/api/v1/audit", admin(perm::audit_read), bound(s, list_audit)});
  router.add({Method::GET, "/api/v1/audit/export", admin(perm::audit_export), bound(s, export_audit)});
  router.add({Method::GET, "/api/v1/login-log", admin(perm::login_log_read), bound(s, list_logins)});
  router.add({Method::GET, "/api/v1/login-log/export", admin(perm::login_log_export), bound(s, export_logins)});
}

}  // namespace dj::identity
