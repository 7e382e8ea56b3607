#include <gtest/gtest.h>

#include "core/crypto/crypto.h"

namespace dj::crypto {
namespace {

// RFC 6238 Appendix B: the seeds are the ASCII digits repeated to the hash size.
const std::string kSeed20 = "12345678901234567890";
const std::string kSeed32 = "12345678901234567890123456789012";
const std::string kSeed64 = "1234567890123456789012345678901234567890123456789012345678901234";

struct Vector {
  std::int64_t t;
  const char* sha1;
  const char* sha256;
  const char* sha512;
};

TEST(Totp, Rfc6238AppendixB) {
  const Vector vectors[] = {
      {59, "94287082", "46119246", "90693936"},
      {1111111109, "07081804", "68084774", "25091201"},
      {1111111111, "14050471", "67062674", "99943326"},
      {1234567890, "89005924", "91819424", "93441116"},
      {2000000000, "69279037", "90698825", "38618901"},
      {20000000000, "65353130", "77737706", "47863826"},
  };
  for (const auto& v : vectors) {
    EXPECT_EQ(totp_code(kSeed20, v.t, 8, 30, TotpAlgo::sha1), v.sha1) << v.t;
    EXPECT_EQ(totp_code(kSeed32, v.t, 8, 30, TotpAlgo::sha256), v.sha256) << v.t;
    EXPECT_EQ(totp_code(kSeed64, v.t, 8, 30, TotpAlgo::sha512), v.sha512) << v.t;
  }
}

TEST(Totp, SixDigitsAreTheLowDigits) {
  EXPECT_EQ(totp_code(kSeed20, 59), "287082");
  EXPECT_EQ(totp_code(kSeed20, 1111111109), "081804");  // leading zero kept
  EXPECT_THROW(totp_code(kSeed20, 59, 7), CryptoError);
  EXPECT_THROW(totp_code(kSeed20, 59, 6, 0), CryptoError);
  EXPECT_THROW(totp_code(kSeed20, -1), CryptoError);
}

TEST(Totp, AcceptsOneStepEitherSideOnly) {
  const std::int64_t t = 1111111111;
  const auto code = totp_code(kSeed20, t);
  EXPECT_TRUE(totp_verify(kSeed20, code, t));
  EXPECT_TRUE(totp_verify(kSeed20, code, t + 30));
  EXPECT_TRUE(totp_verify(kSeed20, code, t - 30));
  EXPECT_FALSE(totp_verify(kSeed20, code, t + 60));
  EXPECT_FALSE(totp_verify(kSeed20, code, t - 60));
  EXPECT_TRUE(totp_verify(kSeed20, code.substr(0, 3) + " " + code.substr(3), t));
  EXPECT_TRUE(totp_verify(kSeed20, totp_code(kSeed20, t, 8), t));
  EXPECT_FALSE(totp_verify(kSeed20, "", t));
  EXPECT_FALSE(totp_verify(kSeed20, "12345", t));
  EXPECT_FALSE(totp_verify(kSeed20, "12345a", t));
  EXPECT_FALSE(totp_verify("another secret", code, t));
}

TEST(Totp, ReplayIsRefused) {
  const std::int64_t t = 1111111111;
  std::int64_t last = -1;
  const auto code = totp_code(kSeed20, t);
  EXPECT_TRUE(totp_verify(kSeed20, code, t, &last));
  EXPECT_EQ(last, t / 30);
  EXPECT_FALSE(totp_verify(kSeed20, code, t, &last));       // same code again
  EXPECT_FALSE(totp_verify(kSeed20, code, t + 30, &last));  // still inside the window
  EXPECT_EQ(last, t / 30);
  // An older code is refused too, even inside the window.
  std::int64_t later = t / 30;
  EXPECT_FALSE(totp_verify(kSeed20, totp_code(kSeed20, t - 30), t, &later));
  // The next step's code works once.
  EXPECT_TRUE(totp_verify(kSeed20, totp_code(kSeed20, t + 30), t + 30, &last));
  EXPECT_EQ(last, t / 30 + 1);
}

TEST(Totp, UriPercentEncodesIssuerAndAccount) {
  EXPECT_EQ(totp_uri("市委组织部", "zhang san@x", kSeed20),
            "otpauth://totp/%E5%B8%82%E5%A7%94%E7%BB%84%E7%BB%87%E9%83%A8:zhang%20san%40x"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=%E5%B8%82%E5%A7%94%E7%BB%84%E7%BB%87%E9%83%A8&digits=6&period=30");
  EXPECT_EQ(totp_uri("dangjian", "a:b&c", "x"), "otpauth://totp/dangjian:a%3Ab%26c?secret=PA&issuer=dangjian&digits=6&period=30");
}

}  // namespace
}  // namespace dj::crypto
