// What the identity routes and the guard share: the store, the key ring,
// cookie settings and a short-lived cache of the security policy.
#pragma once

#include <memory>
#include <mutex>

#include "core/crypto/crypto.h"
#include "core/identity/password_policy.h"
#include "store/store.h"

namespace dj::identity {

class Services {
 public:
  Services(store::Store& store, std::shared_ptr<crypto::Keyring> keys, bool secure_cookies)
      : store_(store), keys_(std::move(keys)), secure_cookies_(secure_cookies) {}

  store::Store& store() { return store_; }
  const crypto::Keyring& keys() const { return *keys_; }
  bool secure_cookies() const { return secure_cookies_; }

  // The policy, re-read from the store at most every few seconds so every
  // instance picks up a change quickly without a query per request.
  PasswordPolicy policy();
  void invalidate_policy();

 private:
  store::Store& store_;
  std::shared_ptr<crypto::Keyring> keys_;
  bool secure_cookies_;
  std::mutex mu_;
  PasswordPolicy cached_;
  std::int64_t cached_at_ms_ = 0;
};

}  // namespace dj::identity
