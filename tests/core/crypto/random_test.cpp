#include <gtest/gtest.h>

#include <set>

#include "core/crypto/crypto.h"
#include "core/identity/password_policy.h"

namespace dj::crypto {
namespace {

TEST(Random, BytesHaveTheLengthAskedAndDiffer) {
  EXPECT_EQ(random_bytes(0), "");
  EXPECT_EQ(random_bytes(33).size(), 33u);
  EXPECT_NE(random_bytes(16), random_bytes(16));
}

TEST(Random, TokensAreBase64UrlAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto t = random_token();
    EXPECT_EQ(t.size(), 43u);  // 32 bytes, unpadded
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    EXPECT_TRUE(seen.insert(t).second);
  }
  EXPECT_EQ(random_token(16).size(), 22u);
}

TEST(Random, PasswordsAreUnambiguousAndMeetTheDefaultPolicy) {
  const identity::PasswordPolicy policy;
  std::set<std::string> seen;
  for (int i = 0; i < 300; ++i) {
    const auto p = random_password();
    ASSERT_EQ(p.size(), 16u);
    EXPECT_EQ(p.find_first_of("0O1lI"), std::string::npos) << p;
    EXPECT_NE(p.find_first_of("ABCDEFGHJKLMNPQRSTUVWXYZ"), std::string::npos) << p;
    EXPECT_NE(p.find_first_of("abcdefghijkmnpqrstuvwxyz"), std::string::npos) << p;
    EXPECT_NE(p.find_first_of("23456789"), std::string::npos) << p;
    EXPECT_NE(p.find_first_of("!@#$%*+-=?"), std::string::npos) << p;
    EXPECT_EQ(identity::check_password(policy, p, {}), std::nullopt) << p;
    EXPECT_TRUE(seen.insert(p).second);
  }
}

}  // namespace
}  // namespace dj::crypto
