#include <gtest/gtest.h>

#include "core/crypto/crypto.h"
#include "core/crypto/detail.h"

namespace dj::crypto {
namespace {

std::string unhex(std::string_view hex) { return detail::from_hex(hex); }

// GB/T 32905-2016 Appendix A, example 1.
TEST(Sm3, StandardVectorAbc) {
  EXPECT_EQ(sm3_hex("abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  EXPECT_EQ(sm3("abc"), unhex("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"));
}

// GB/T 32905-2016 Appendix A, example 2: 512-bit message "abcd" x 16.
TEST(Sm3, StandardVector64Bytes) {
  std::string msg;
  for (int i = 0; i < 16; ++i) msg += "abcd";
  EXPECT_EQ(sm3_hex(msg), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

TEST(Sm3, EmptyInputHasFixedSize) { EXPECT_EQ(sm3("").size(), 32u); }

// GB/T 32907-2016 Appendix A, example 1: key = plaintext.
TEST(Sm4, StandardKnownAnswer) {
  const auto key = unhex("0123456789abcdeffedcba9876543210");
  EXPECT_EQ(to_hex(detail::sm4_ecb_encrypt_block_for_test(key, key)), "681edf34d206965e86b3e94f536e4246");
}

TEST(Sm4, CbcRoundTripAndPadding) {
  const auto key = unhex("0123456789abcdeffedcba9876543210");
  const auto iv = unhex("000102030405060708090a0b0c0d0e0f");
  for (std::size_t n : {0u, 1u, 15u, 16u, 17u, 100u}) {
    const std::string pt(n, 'x');
    const auto ct = detail::sm4_cbc_encrypt(key, iv, pt);
    EXPECT_EQ(ct.size(), (n / 16 + 1) * 16) << n;  // PKCS#7 always adds 1..16 bytes
    EXPECT_EQ(detail::sm4_cbc_decrypt(key, iv, ct), pt);
  }
  EXPECT_THROW(detail::sm4_cbc_decrypt(key, iv, "short"), CryptoError);
  EXPECT_THROW(detail::sm4_cbc_encrypt("short key", iv, "x"), CryptoError);
}

TEST(HmacSm3, DeterministicAndKeyed) {
  const auto a = hmac_sm3("key", "The quick brown fox jumps over the lazy dog");
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a, hmac_sm3("key", "The quick brown fox jumps over the lazy dog"));
  EXPECT_NE(a, hmac_sm3("key2", "The quick brown fox jumps over the lazy dog"));
  EXPECT_NE(a, hmac_sm3("key", "The quick brown fox jumps over the lazy cog"));
  // Cross-checked with `openssl dgst -sm3 -hmac key`.
  EXPECT_EQ(to_hex(a), "bd4a34077888162b210645b8ebf74b9af357303789357a27c7fc457244ebd398");
  EXPECT_EQ(hmac_sm3("", "").size(), 32u);
}

TEST(Sha256, StandardVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace dj::crypto
