#include "core/identity/policy_store.h"

#include <boost/json.hpp>

#include <chrono>

#include "core/error.h"

namespace dj::identity {
namespace {

struct Field {
  const char* name;
  int PasswordPolicy::*member;
  int min, max;
  const char* label;
};

// Bounds keep the policy at or above 等保 level 3: a security administrator
// may tighten it, and loosen it only within limits (expiry may be off).
const Field kFields[] = {
    {"min_length", &PasswordPolicy::min_length, 8, 64, "密码最小长度"},
    {"min_classes", &PasswordPolicy::min_classes, 3, 4, "密码字符种类"},
    {"expire_days", &PasswordPolicy::expire_days, 0, 365, "密码有效期（天）"},
    {"history", &PasswordPolicy::history, 0, 24, "不得重复使用的历史密码个数"},
    {"max_failures", &PasswordPolicy::max_failures, 3, 10, "连续登录失败锁定次数"},
    {"lock_minutes", &PasswordPolicy::lock_minutes, 5, 1440, "锁定时长（分钟）"},
    {"ip_max_failures", &PasswordPolicy::ip_max_failures, 5, 1000, "同一地址登录失败上限"},
    {"ip_window_minutes", &PasswordPolicy::ip_window_minutes, 1, 1440, "同一地址统计时间窗（分钟）"},
    {"idle_minutes", &PasswordPolicy::idle_minutes, 5, 120, "会话空闲超时（分钟）"},
    {"absolute_hours", &PasswordPolicy::absolute_hours, 1, 24, "会话最长有效期（小时）"},
};

}  // namespace

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

boost::json::value policy_to_json(const PasswordPolicy& p) {
  boost::json::object o;
  for (const auto& f : kFields) o[f.name] = p.*(f.member);
  return o;
}

PasswordPolicy policy_from_json(const boost::json::value& v, PasswordPolicy base) {
  const auto* o = v.if_object();
  if (!o) throw ApiError::bad_request("安全策略应为 JSON 对象。");
  for (const auto& f : kFields) {
    const auto* x = o->if_contains(f.name);
    if (!x) continue;
    if (!x->is_int64())
      throw ApiError::invalid(std::string(f.label) + "必须是整数。", f.name);
    auto n = x->as_int64();
    if (n < f.min || n > f.max)
      throw ApiError::invalid(std::string(f.label) + "应在 " + std::to_string(f.min) + " 到 " +
                                  std::to_string(f.max) + " 之间。",
                              f.name);
    base.*(f.member) = static_cast<int>(n);
  }
  return base;
}

PasswordPolicy load_policy(store::Conn& c) {
  auto text = c.scalar_text("SELECT value FROM settings WHERE key = 'password_policy'");
  if (!text) return PasswordPolicy{};
  return policy_from_json(boost::json::parse(*text), PasswordPolicy{});
}

void save_policy(store::Conn& c, const PasswordPolicy& policy) {
  // Round-trip through the validator so stored values are always in bounds.
  PasswordPolicy checked = policy_from_json(policy_to_json(policy), PasswordPolicy{});
  c.exec("INSERT INTO settings(key, value, updated_at_ms) VALUES ('password_policy', $1, $2) "
         "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms",
         {boost::json::serialize(policy_to_json(checked)), now_ms()});
}

}  // namespace dj::identity
