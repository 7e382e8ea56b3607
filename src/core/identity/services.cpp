#include "core/identity/services.h"

#include "core/identity/policy_store.h"

#include <sys/stat.h>

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

const crypto::Keyring& Services::keys() {
  std::lock_guard lock(mu_);
  std::int64_t now = now_ms();
  if (!key_file_.empty() && now - key_checked_ms_ >= 1000) {
    key_checked_ms_ = now;
    struct stat st {};
    if (::stat(key_file_.c_str(), &st) == 0) {
      std::int64_t mtime = std::int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec;
      if (key_mtime_ns_ == 0) {
        key_mtime_ns_ = mtime;
      } else if (mtime != key_mtime_ns_) {
        key_mtime_ns_ = mtime;
        retired_.push_back(keys_);
        keys_ = crypto::Keyring::load_or_create(key_file_);
      }
    }
  }
  return *keys_;
}

void Services::invalidate_policy() {
  std::lock_guard lock(mu_);
  cached_at_ms_ = 0;
}

}  // namespace dj::identity
