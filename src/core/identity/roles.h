// Roles bundle permissions; a user holds roles, each bound to a data scope.
// 三员分立: three built-in administrator roles — system (accounts, roles,
// settings; no business data), security (policy, locks, sessions) and audit
// (reads the audit and login logs only) — no user may hold two of them, and
// all three require a second factor by default.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/orgtree/scope.h"
#include "store/store.h"

namespace dj::identity {

inline constexpr const char* kSystemAdmin = "sysadmin";
inline constexpr const char* kSecurityAdmin = "secadmin";
inline constexpr const char* kAuditAdmin = "auditadmin";

// Creates or refreshes the built-in roles (their permissions follow the code).
void ensure_builtin_roles(store::Conn& c);
std::int64_t role_id(store::Conn& c, const std::string& code);  // 0 when absent

struct RoleInput {
  std::string code, name, description;
  std::vector<std::string> permissions;
  bool require_totp = false;
};
std::int64_t create_role(store::Conn& c, const RoleInput& r);
void update_role(store::Conn& c, std::int64_t id, const RoleInput& r);
void delete_role(store::Conn& c, std::int64_t id);
boost::json::value roles_json(store::Conn& c);
boost::json::value role_json(store::Conn& c, std::int64_t id);
// Parses and validates a role from JSON (422 naming the field).
RoleInput role_from_json(const boost::json::value& v);

struct BindingInput {
  std::int64_t role_id = 0;
  orgtree::ScopeKind kind = orgtree::ScopeKind::org;
  std::int64_t anchor_org = 0;              // 0 = the user's home org
  std::vector<std::int64_t> custom_orgs;
};
std::vector<BindingInput> bindings_from_json(const boost::json::value& v);
// Replaces a user's roles. Refuses (409) two administrator roles on one user.
void set_user_roles(store::Conn& c, std::int64_t user_id, const std::vector<BindingInput>& bindings);
boost::json::value user_roles_json(store::Conn& c, std::int64_t user_id);

}  // namespace dj::identity
