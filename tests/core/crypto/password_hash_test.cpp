#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <thread>
#include <vector>

#include "core/crypto/crypto.h"
#include "core/crypto/detail.h"

namespace dj::crypto {
namespace {

TEST(PasswordHash, VerifiesTheRightPasswordOnly) {
  const auto h = hash_password("正确的密码 Aa1!");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u) << h;
  EXPECT_TRUE(verify_password(h, "正确的密码 Aa1!"));
  EXPECT_FALSE(verify_password(h, "正确的密码 Aa1"));
  EXPECT_FALSE(verify_password(h, ""));
  EXPECT_FALSE(password_needs_rehash(h));
}

TEST(PasswordHash, SaltsEveryHash) {
  const auto a = hash_password("same password");
  const auto b = hash_password("same password");
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_password(a, "same password"));
  EXPECT_TRUE(verify_password(b, "same password"));
}

TEST(PasswordHash, GarbageHashesNeverVerify) {
  EXPECT_FALSE(verify_password("", "x"));
  EXPECT_FALSE(verify_password("plaintext", "plaintext"));
  EXPECT_FALSE(verify_password(std::string(500, '$'), "x"));
  EXPECT_FALSE(verify_password(std::string("$argon2id$\0", 11), "x"));
  EXPECT_TRUE(password_needs_rehash("plaintext"));
}

TEST(PasswordHash, EmptyPasswordStillHashes) {
  const auto h = hash_password("");
  EXPECT_TRUE(verify_password(h, ""));
  EXPECT_FALSE(verify_password(h, " "));
}

// Counts the callers inside the bounded section, through the test hook that
// hash_password/verify_password call while holding their slot.
std::atomic<int> g_inside{0};
std::atomic<int> g_peak{0};

void count_inside() noexcept {
  const int now = ++g_inside;
  int peak = g_peak.load();
  while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {
  }
  // Linger so that anyone the gate wrongly admits overlaps visibly.
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  --g_inside;
}

TEST(PasswordHash, ConcurrencyIsBounded) {
  const int before = max_concurrent_password_hashes();
  EXPECT_GE(before, 1);
  set_max_concurrent_password_hashes(2);
  EXPECT_EQ(max_concurrent_password_hashes(), 2);
  detail::set_password_hash_hook(&count_inside);
  g_peak = 0;

  const auto stored = hash_password("bounded");
  g_peak = 0;
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::atomic<int> verified{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      if (i % 2 == 0) {
        if (verify_password(stored, "bounded")) ++verified;
      } else {
        if (verify_password(hash_password("p" + std::to_string(i)), "p" + std::to_string(i))) ++verified;
      }
    });
  }
  for (auto& t : threads) t.join();
  detail::set_password_hash_hook(nullptr);
  set_max_concurrent_password_hashes(before);

  EXPECT_EQ(verified.load(), kThreads);
  EXPECT_LE(g_peak.load(), 2);
  EXPECT_EQ(g_peak.load(), 2);  // and the bound is used, not serialised to 1
}

TEST(PasswordHash, BoundIsAtLeastOne) {
  const int before = max_concurrent_password_hashes();
  set_max_concurrent_password_hashes(0);
  EXPECT_EQ(max_concurrent_password_hashes(), 1);
  set_max_concurrent_password_hashes(-5);
  EXPECT_EQ(max_concurrent_password_hashes(), 1);
  EXPECT_TRUE(verify_password(hash_password("still works"), "still works"));
  set_max_concurrent_password_hashes(before);
}

}  // namespace
}  // namespace dj::crypto
