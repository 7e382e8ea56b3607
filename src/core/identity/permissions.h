// The catalogue of permissions. Each module declares the permissions its
// routes use, with the Chinese name the role editor shows; a route naming a
// permission that is not in the catalogue stops the server at start-up.
#pragma once

#include <string>
#include <vector>

namespace dj::identity {

struct Permission {
  std::string name;    // "member:read"
  std::string label;   // "查看党员"
  std::string group;   // "党员管理" (for the role editor)
  bool sensitive = false;  // reveals personal data or exports it
  // Security and audit administration: granted only through the built-in
  // security and audit administrator roles, never through a custom role —
  // otherwise the system administrator, who edits roles, could bundle them
  // and undo 三员分立. (Account management may be delegated: a branch may
  // be given user:read over its own subtree.)
  bool admin_only = false;
};

void declare_permissions(const std::vector<Permission>& permissions);
const std::vector<Permission>& permission_catalogue();
bool is_declared(const std::string& name);
bool is_admin_only(const std::string& name);

// The platform's own permissions (accounts, roles, security, audit).
namespace perm {
inline constexpr const char* user_read = "user:read";
inline constexpr const char* user_write = "user:write";
inline constexpr const char* user_export = "user:export";
inline constexpr const char* user_assign_roles = "user:assign_roles";
inline constexpr const char* user_reset_password = "user:reset_password";
inline constexpr const char* user_lock = "user:lock";
inline constexpr const char* user_force_logout = "user:force_logout";
inline constexpr const char* user_reset_totp = "user:reset_totp";
inline constexpr const char* role_read = "role:read";
inline constexpr const char* role_write = "role:write";
inline constexpr const char* policy_read = "policy:read";
inline constexpr const char* policy_write = "policy:write";
inline constexpr const char* audit_read = "audit:read";
inline constexpr const char* audit_export = "audit:export";
inline constexpr const char* login_log_read = "login_log:read";
inline constexpr const char* login_log_export = "login_log:export";
}  // namespace perm

void declare_core_permissions();

}  // namespace dj::identity
