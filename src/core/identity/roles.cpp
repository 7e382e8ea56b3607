#include "core/identity/roles.h"

#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/identity/permissions.h"
#include "core/identity/policy_store.h"

namespace dj::identity {
namespace {

struct Builtin {
  const char* code;
  const char* name;
  const char* admin_kind;
  const char* description;
  std::vector<std::string> permissions;
};

const std::vector<Builtin>& builtins() {
  using namespace perm;
  static const std::vector<Builtin> all = {
      {kSystemAdmin, "系统管理员", "system", "管理用户、角色和系统设置，不接触业务数据。",
       {user_read, user_write, user_export, user_assign_roles, user_reset_password, role_read, role_write}},
      {kSecurityAdmin, "安全管理员", "security", "管理安全策略、账号锁定和会话。",
       {user_read, user_lock, user_force_logout, user_reset_totp, policy_read, policy_write}},
      {kAuditAdmin, "审计管理员", "audit", "查看和导出审计日志与登录日志。",
       {audit_read, audit_export, login_log_read, login_log_export}},
  };
  return all;
}

void replace_permissions(store::Conn& c, std::int64_t id, const std::vector<std::string>& perms) {
  c.exec("DELETE FROM role_permissions WHERE role_id = $1", {id});
  for (const auto& p : perms)
    c.exec("INSERT INTO role_permissions(role_id, permission) VALUES ($1, $2)", {id, p});
}

bool is_builtin(store::Conn& c, std::int64_t id) {
  return c.scalar_int64("SELECT builtin FROM roles WHERE id = $1", {id}).value_or(0) != 0;
}

}  // namespace

void ensure_builtin_roles(store::Conn& c) {
  std::int64_t now = now_ms();
  for (const auto& b : builtins()) {
    c.exec("INSERT INTO roles(code, name, description, builtin, admin_kind, require_totp, created_at_ms, "
           "updated_at_ms) VALUES ($1, $2, $3, 1, $4, 1, $5, $5) ON CONFLICT (code) DO UPDATE SET "
           "name = excluded.name, description = excluded.description, builtin = 1, admin_kind = excluded.admin_kind",
           {std::string(b.code), std::string(b.name), std::string(b.description), std::string(b.admin_kind), now});
    replace_permissions(c, role_id(c, b.code), b.permissions);
  }
}

std::int64_t role_id(store::Conn& c, const std::string& code) {
  return c.scalar_int64("SELECT id FROM roles WHERE code = $1", {code}).value_or(0);
}

RoleInput role_from_json(const boost::json::value& v) {
  const auto* o = v.if_object();
  if (!o) throw ApiError::bad_request("角色应为 JSON 对象。");
  RoleInput r;
  auto text = [&](const char* k) -> std::string {
    const auto* x = o->if_contains(k);
    if (!x || x->is_null()) return {};
    if (!x->is_string()) throw ApiError::invalid("应为文本。", k);
    return std::string(x->as_string());
  };
  r.code = text("code");
  r.name = text("name");
  r.description = text("description");
  if (const auto* t = o->if_contains("require_totp"); t && t->is_bool()) r.require_totp = t->as_bool();
  if (const auto* p = o->if_contains("permissions")) {
    if (!p->is_array()) throw ApiError::invalid("权限应为列表。", "permissions");
    std::size_t i = 0;
    for (const auto& x : p->as_array()) {
      std::string field = "permissions[" + std::to_string(i++) + "]";
      if (!x.is_string()) throw ApiError::invalid("权限名称应为文本。", field);
      std::string name(x.as_string());
      if (!is_declared(name)) throw ApiError::invalid("未知的权限：" + name + "。", field);
      if (is_admin_only(name))
        throw ApiError::invalid("安全管理和安全审计权限（" + name + "）只能通过内置的安全管理员、审计管理员角色授予（三员分立）。",
                                field);
      r.permissions.push_back(name);
    }
  }
  std::sort(r.permissions.begin(), r.permissions.end());
  r.permissions.erase(std::unique(r.permissions.begin(), r.permissions.end()), r.permissions.end());
  return r;
}

std::int64_t create_role(store::Conn& c, const RoleInput& r) {
  if (r.code.empty() || r.code.size() > 32) throw ApiError::invalid("角色编码不能为空，且不超过 32 个字符。", "code");
  if (r.name.empty()) throw ApiError::invalid("角色名称不能为空。", "name");
  if (role_id(c, r.code)) throw ApiError::conflict("角色编码已存在。", "code");
  std::int64_t now = now_ms();
  std::int64_t id = *c.scalar_int64(
      "INSERT INTO roles(code, name, description, builtin, admin_kind, require_totp, created_at_ms, updated_at_ms) "
      "VALUES ($1, $2, $3, 0, '', $4, $5, $5) RETURNING id",
      {r.code, r.name, r.description, std::int64_t{r.require_totp ? 1 : 0}, now});
  replace_permissions(c, id, r.permissions);
  return id;
}

void update_role(store::Conn& c, std::int64_t id, const RoleInput& r) {
  if (!c.scalar_int64("SELECT id FROM roles WHERE id = $1", {id})) throw ApiError::not_found("角色不存在。");
  if (is_builtin(c, id)) throw ApiError::conflict("内置的管理员角色不能修改。");
  if (r.name.empty()) throw ApiError::invalid("角色名称不能为空。", "name");
  c.exec("UPDATE roles SET name = $1, description = $2, require_totp = $3, updated_at_ms = $4 WHERE id = $5",
         {r.name, r.description, std::int64_t{r.require_totp ? 1 : 0}, now_ms(), id});
  replace_permissions(c, id, r.permissions);
}

void delete_role(store::Conn& c, std::int64_t id) {
  if (!c.scalar_int64("SELECT id FROM roles WHERE id = $1", {id})) throw ApiError::not_found("角色不存在。");
  if (is_builtin(c, id)) throw ApiError::conflict("内置的管理员角色不能删除。");
  if (c.scalar_int64("SELECT count(*) FROM user_roles WHERE role_id = $1", {id}).value_or(0) > 0)
    throw ApiError::conflict("仍有用户拥有该角色，请先为这些用户移除它。");
  c.exec("DELETE FROM role_permissions WHERE role_id = $1", {id});
  c.exec("DELETE FROM roles WHERE id = $1", {id});
}

boost::json::value role_json(store::Conn& c, std::int64_t id) {
  boost::json::object o;
  c.each("SELECT id, code, name, description, builtin, admin_kind, require_totp FROM roles WHERE id = $1", {id},
         [&](const store::Row& r) {
           o["id"] = r.int64(0);
           o["code"] = r.text(1);
           o["name"] = r.text(2);
           o["description"] = r.text(3);
           o["builtin"] = r.int64(4) != 0;
           o["admin_kind"] = r.text(5);
           o["require_totp"] = r.int64(6) != 0;
         });
  if (o.empty()) throw ApiError::not_found("角色不存在。");
  boost::json::array perms;
  c.each("SELECT permission FROM role_permissions WHERE role_id = $1 ORDER BY permission", {id},
         [&](const store::Row& r) { perms.emplace_back(r.text(0)); });
  o["permissions"] = std::move(perms);
  o["user_count"] = c.scalar_int64("SELECT count(*) FROM user_roles WHERE role_id = $1", {id}).value_or(0);
  return o;
}

boost::json::value roles_json(store::Conn& c) {
  std::vector<std::int64_t> ids;
  c.each("SELECT id FROM roles ORDER BY builtin DESC, id", {}, [&](const store::Row& r) { ids.push_back(r.int64(0)); });
  boost::json::array out;
  for (auto id : ids) out.push_back(role_json(c, id));
  return out;
}

std::vector<BindingInput> bindings_from_json(const boost::json::value& v) {
  const auto* a = v.is_object() && v.as_object().contains("roles") ? v.as_object().at("roles").if_array()
                                                                  : v.if_array();
  if (!a) throw ApiError::invalid("角色应为列表。", "roles");
  std::vector<BindingInput> out;
  std::size_t i = 0;
  for (const auto& x : *a) {
    std::string at = "roles[" + std::to_string(i++) + "]";
    const auto* o = x.if_object();
    if (!o) throw ApiError::invalid("应为对象。", at);
    BindingInput b;
    const auto* rid = o->if_contains("role_id");
    if (!rid || !rid->is_int64()) throw ApiError::invalid("请选择角色。", at + ".role_id");
    b.role_id = rid->as_int64();
    const auto* kind = o->if_contains("scope");
    try {
      b.kind = orgtree::scope_kind_from_string(kind && kind->is_string() ? std::string_view(kind->as_string()) : "");
    } catch (const std::invalid_argument&) {
      throw ApiError::invalid("数据范围应为 all、subtree、org、self、custom 或 guided。", at + ".scope");
    }
    if (const auto* anchor = o->if_contains("anchor_org_id"); anchor && anchor->is_int64())
      b.anchor_org = anchor->as_int64();
    if (const auto* orgs = o->if_contains("org_ids"); orgs && orgs->is_array())
      for (const auto& id : orgs->as_array())
        if (id.is_int64()) b.custom_orgs.push_back(id.as_int64());
    if (b.kind == orgtree::ScopeKind::custom && b.custom_orgs.empty())
      throw ApiError::invalid("自定义数据范围至少要选择一个组织。", at + ".org_ids");
    out.push_back(std::move(b));
  }
  return out;
}

void set_user_roles(store::Conn& c, std::int64_t user_id, const std::vector<BindingInput>& bindings) {
  std::set<std::string> admin_kinds;
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < bindings.size(); ++i) {
    const auto& b = bindings[i];
    std::string at = "roles[" + std::to_string(i) + "]";
    if (!seen.insert(b.role_id).second) throw ApiError::invalid("同一角色只能分配一次。", at + ".role_id");
    auto kind = c.scalar_text("SELECT admin_kind FROM roles WHERE id = $1", {b.role_id});
    if (!kind) throw ApiError::invalid("角色不存在。", at + ".role_id");
    // Each built-in administrator role has its own kind, and a role appears
    // once: a second kind means two administrator roles.
    if (!kind->empty()) admin_kinds.insert(*kind);
    if (admin_kinds.size() > 1)
      throw ApiError::conflict("同一用户不能兼任系统管理员、安全管理员、审计管理员中的两个（三员分立）。",
                               at + ".role_id");
    if (b.anchor_org && !c.scalar_int64("SELECT id FROM orgs WHERE id = $1", {b.anchor_org}))
      throw ApiError::invalid("数据范围的组织不存在。", at + ".anchor_org_id");
    for (auto org : b.custom_orgs)
      if (!c.scalar_int64("SELECT id FROM orgs WHERE id = $1", {org}))
        throw ApiError::invalid("数据范围的组织不存在。", at + ".org_ids");
  }
  c.exec("DELETE FROM user_role_orgs WHERE user_role_id IN (SELECT id FROM user_roles WHERE user_id = $1)",
         {user_id});
  c.exec("DELETE FROM user_roles WHERE user_id = $1", {user_id});
  for (const auto& b : bindings) {
    auto id = *c.scalar_int64(
        "INSERT INTO user_roles(user_id, role_id, scope_kind, anchor_org_id) VALUES ($1, $2, $3, $4) RETURNING id",
        {user_id, b.role_id, std::string(orgtree::to_string(b.kind)),
         b.anchor_org ? store::Value(b.anchor_org) : store::Value()});
    for (auto org : b.custom_orgs)
      c.exec("INSERT INTO user_role_orgs(user_role_id, org_id) VALUES ($1, $2)", {id, org});
  }
}

boost::json::value user_roles_json(store::Conn& c, std::int64_t user_id) {
  boost::json::array out;
  std::vector<std::int64_t> ids;
  c.each("SELECT ur.id, ur.role_id, r.code, r.name, ur.scope_kind, ur.anchor_org_id FROM user_roles ur "
         "JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 ORDER BY ur.id",
         {user_id}, [&](const store::Row& r) {
           ids.push_back(r.int64(0));
           boost::json::object o;
           o["role_id"] = r.int64(1);
           o["code"] = r.text(2);
           o["name"] = r.text(3);
           o["scope"] = r.text(4);
           if (!r.is_null(5)) o["anchor_org_id"] = r.int64(5);
           out.push_back(std::move(o));
         });
  for (std::size_t i = 0; i < ids.size(); ++i) {
    boost::json::array orgs;
    c.each("SELECT org_id FROM user_role_orgs WHERE user_role_id = $1 ORDER BY org_id", {ids[i]},
           [&](const store::Row& r) { orgs.push_back(r.int64(0)); });
    out[i].as_object()["org_ids"] = std::move(orgs);
  }
  return out;
}

}  // namespace dj::identity
