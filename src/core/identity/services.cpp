#include "core/identity/services.h"

#include "core/identity/policy_store.h"

namespace dj::identity {

namespace {
constexpr std::int64_t kPolicyCacheMs = 5000;
}

PasswordPolicy Services::policy() {
  std::int64_t now = now_ms();
  {
    std::lock_guard lock(mu_);
    if (cached_at_ms_ && now - cached_at_ms_ < kPolicyCacheMs) return cached_;
  }
  PasswordPolicy p = store_.read([](store::Conn& c) { return load_policy(c); });
  std::lock_guard lock(mu_);
  cached_ = p;
  cached_at_ms_ = now;
  return p;
}

void Services::invalidate_policy() {
  std::lock_guard lock(mu_);
  cached_at_ms_ = 0;
}

}  // namespace dj::identity
