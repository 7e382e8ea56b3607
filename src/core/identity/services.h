// What the identity routes and the guard share: the store, the key ring,
// cookie settings and a short-lived cache of the security policy.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/crypto/crypto.h"
#include "core/identity/password_policy.h"
#include "store/store.h"

namespace dj::identity {

class Services {
 public:
  Services(store::Store& store, std::shared_ptr<crypto::Keyring> keys, std::string key_file, bool secure_cookies)
      : store_(store), keys_(std::move(keys)), key_file_(std::move(key_file)), secure_cookies_(secure_cookies) {}

  store::Store& store() { return store_; }
  // The key ring, reloaded when the key file changed (after `dangjian keys
  // rotate` on another process), checked at most once a second.
  const crypto::Keyring& keys();
  bool secure_cookies() const { return secure_cookies_; }

  // The policy, re-read from the store at most every few seconds so every
  // instance picks up a change quickly without a query per request.
  PasswordPolicy policy();
  void invalidate_policy();

 private:
  store::Store& store_;
  std::shared_ptr<crypto::Keyring> keys_;
  std::string key_file_;
  bool secure_cookies_;
  std::int64_t key_checked_ms_ = 0;
  std::int64_t key_mtime_ns_ = 0;
  std::vector<std::shared_ptr<crypto::Keyring>> retired_;  // kept alive: callers may hold references
  std::mutex mu_;
  PasswordPolicy cached_;
  std::int64_t cached_at_ms_ = 0;
};

}  // namespace dj::identity
