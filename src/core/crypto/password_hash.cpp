// Argon2id password hashes (libsodium's crypto_pwhash_str: the PHC string
// carries salt and parameters, so old hashes keep verifying after the limits
// change). Each hash or verify takes ~64 MiB for ~0.1 s; a gate bounds how
// many run at once so a burst of logins queues instead of exhausting memory.
// Passwords are never logged or copied here.
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/crypto/crypto.h"
#include "core/crypto/detail.h"

namespace dj::crypto {

namespace {

// A counting semaphore whose bound can change at run time (which
// std::counting_semaphore cannot).
class Gate {
 public:
  Gate() : limit_(std::max(1, static_cast<int>(std::thread::hardware_concurrency()))) {}

  void acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return active_ < limit_; });
    ++active_;
  }

  void release() {
    {
      std::lock_guard lock(mu_);
      --active_;
    }
    cv_.notify_one();
  }

  void set_limit(int n) {
    {
      std::lock_guard lock(mu_);
      limit_ = std::max(1, n);
    }
    // A larger bound may admit several waiters at once.
    cv_.notify_all();
  }

  int limit() {
    std::lock_guard lock(mu_);
    return limit_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int active_ = 0;
  int limit_;
};

Gate& gate() {
  static Gate g;
  return g;
}

std::atomic<detail::PasswordHashHook> g_hook{nullptr};

// Holds one slot of the gate for the lifetime of the object.
class Slot {
 public:
  Slot() {
    gate().acquire();
    if (auto hook = g_hook.load()) hook();
  }
  ~Slot() { gate().release(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
};

}  // namespace

namespace detail {
void set_password_hash_hook(PasswordHashHook hook) { g_hook.store(hook); }
}  // namespace detail

std::string hash_password(std::string_view password) {
  detail::ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  int rc = 0;
  {
    Slot slot;
    rc = crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                           crypto_pwhash_MEMLIMIT_INTERACTIVE);
  }
  // The usual cause is a failed 64 MiB allocation.
  if (rc != 0) throw CryptoError("密码哈希计算失败（内存不足？）/ password hashing failed (out of memory?)");
  return std::string(out);
}

bool verify_password(std::string_view stored_hash, std::string_view password) {
  detail::ensure_sodium();
  // crypto_pwhash_str_verify wants a NUL-terminated string that fits its buffer.
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES ||
      stored_hash.find('\0') != std::string_view::npos)
    return false;
  char str[crypto_pwhash_STRBYTES] = {};
  std::copy(stored_hash.begin(), stored_hash.end(), str);
  Slot slot;
  return crypto_pwhash_str_verify(str, password.data(), password.size()) == 0;
}

bool password_needs_rehash(std::string_view stored_hash) {
  detail::ensure_sodium();
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES ||
      stored_hash.find('\0') != std::string_view::npos)
    return true;
  char str[crypto_pwhash_STRBYTES] = {};
  std::copy(stored_hash.begin(), stored_hash.end(), str);
  // 1 = other parameters, -1 = not an Argon2id string: both mean "hash again".
  return crypto_pwhash_str_needs_rehash(str, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

void set_max_concurrent_password_hashes(int n) { gate().set_limit(n); }

int max_concurrent_password_hashes() { return gate().limit(); }

}  // namespace dj::crypto
