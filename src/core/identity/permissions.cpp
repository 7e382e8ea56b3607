#include "core/identity/permissions.h"

#include <algorithm>
#include <mutex>

namespace dj::identity {
namespace {

std::vector<Permission>& catalogue() {
  static std::vector<Permission> all;
  return all;
}

}  // namespace

void declare_permissions(const std::vector<Permission>& permissions) {
  for (const auto& p : permissions) {
    auto& all = catalogue();
    auto it = std::find_if(all.begin(), all.end(), [&](const Permission& q) { return q.name == p.name; });
    if (it == all.end()) all.push_back(p);
    else *it = p;
  }
}

const std::vector<Permission>& permission_catalogue() { return catalogue(); }

bool is_declared(const std::string& name) {
  const auto& all = catalogue();
  return std::any_of(all.begin(), all.end(), [&](const Permission& p) { return p.name == name; });
}

bool is_admin_only(const std::string& name) {
  const auto& all = catalogue();
  auto it = std::find_if(all.begin(), all.end(), [&](const Permission& p) { return p.name == name; });
  return it != all.end() && it->admin_only;
}

void declare_core_permissions() {
  declare_permissions({
      {perm::user_read, "查看用户", "系统管理", false, false},
      {perm::user_write, "新建和修改用户", "系统管理", false, false},
      {perm::user_export, "导出用户", "系统管理", true, false},
      {perm::user_assign_roles, "分配角色与数据范围", "系统管理", false, false},
      {perm::user_reset_password, "重置密码", "系统管理", false, false},
      {perm::role_read, "查看角色", "系统管理", false, false},
      {perm::role_write, "新建和修改角色", "系统管理", false, false},
      {perm::user_lock, "锁定和解锁账号", "安全管理", false, true},
      {perm::user_force_logout, "强制下线", "安全管理", false, true},
      {perm::user_reset_totp, "重置两步验证", "安全管理", false, true},
      {perm::policy_read, "查看安全策略", "安全管理", false, true},
      {perm::policy_write, "修改安全策略", "安全管理", false, true},
      {perm::audit_read, "查看审计日志", "安全审计", false, true},
      {perm::audit_export, "导出审计日志", "安全审计", true, true},
      {perm::login_log_read, "查看登录日志", "安全审计", false, true},
      {perm::login_log_export, "导出登录日志", "安全审计", true, true},
  });
}

}  // namespace dj::identity
