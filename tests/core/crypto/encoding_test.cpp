#include <gtest/gtest.h>

#include "core/crypto/crypto.h"
#include "core/crypto/detail.h"

namespace dj::crypto {
namespace {

TEST(Hex, EncodesLowercaseAndDecodesStrictly) {
  EXPECT_EQ(to_hex(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  EXPECT_EQ(detail::from_hex("0001ABff"), std::string("\x00\x01\xab\xff", 4));
  EXPECT_THROW(detail::from_hex("abc"), CryptoError);
  EXPECT_THROW(detail::from_hex("zz"), CryptoError);
}

// RFC 4648 §10 test vectors, padding removed.
TEST(Base32, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},           {"f", "MY"},           {"fo", "MZXQ"},        {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"},
  };
  for (const auto& [raw, enc] : vectors) {
    EXPECT_EQ(base32_encode(raw), enc) << raw;
    EXPECT_EQ(base32_decode(enc), raw) << enc;
  }
}

TEST(Base32, DecodeIsLenientOnCaseSpacesAndPadding) {
  EXPECT_EQ(base32_decode("mzxw 6ytb oi======"), "foobar");
  EXPECT_EQ(base32_decode("MZXW6==="), "foo");
  EXPECT_THROW(base32_decode("MZXW1"), CryptoError);   // '1' is not in the alphabet
  EXPECT_THROW(base32_decode("MZX"), CryptoError);     // 3 symbols cannot be whole bytes
}

TEST(Base32, RoundTripsEveryLength) {
  for (std::size_t n = 0; n < 70; ++n) {
    const auto raw = random_bytes(n);
    EXPECT_EQ(base32_decode(base32_encode(raw)), raw) << n;
  }
}

// RFC 4648 §10 base64 vectors, which are the same in the URL alphabet.
TEST(Base64Url, Rfc4648VectorsWithoutPadding) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},          {"f", "Zg"},          {"fo", "Zm8"},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [raw, enc] : vectors) {
    EXPECT_EQ(base64url_encode(raw), enc) << raw;
    EXPECT_EQ(base64url_decode(enc), raw) << enc;
  }
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");  // URL-safe symbols, not + and /
  EXPECT_EQ(base64url_decode("-_8"), "\xfb\xff");
}

TEST(Base64Url, DecodeRefusesNonCanonicalInput) {
  EXPECT_THROW(base64url_decode("Zh"), CryptoError);    // unused bits set: would alias "Zg"
  EXPECT_THROW(base64url_decode("Zg=="), CryptoError);  // padding
  EXPECT_THROW(base64url_decode("Z"), CryptoError);     // impossible length
  EXPECT_THROW(base64url_decode("Zm+v"), CryptoError);  // standard alphabet
  EXPECT_THROW(base64url_decode("Zm9v\n"), CryptoError);
}

TEST(Base64Url, RoundTripsEveryLength) {
  for (std::size_t n = 0; n < 70; ++n) {
    const auto raw = random_bytes(n);
    const auto enc = base64url_encode(raw);
    EXPECT_EQ(enc.find('='), std::string::npos);
    EXPECT_EQ(base64url_decode(enc), raw) << n;
  }
}

}  // namespace
}  // namespace dj::crypto
