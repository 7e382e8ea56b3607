// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), the second
// factor for administrators. Codes are compared in constant time, and the
// caller's last accepted step makes every code single-use.
#include <cstdint>

#include "core/crypto/crypto.h"
#include "core/crypto/detail.h"

namespace dj::crypto {

namespace {

const char* digest_name(TotpAlgo algo) {
  switch (algo) {
    case TotpAlgo::sha1: return "SHA1";
    case TotpAlgo::sha256: return "SHA256";
    case TotpAlgo::sha512: return "SHA512";
  }
  throw CryptoError("未知的 TOTP 算法 / unknown TOTP algorithm");
}

// HOTP (RFC 4226 §5.3): HMAC of the big-endian counter, dynamic truncation
// to 31 bits, the low `digits` decimal digits zero-padded.
std::string hotp(std::string_view secret, std::uint64_t counter, int digits, TotpAlgo algo) {
  char msg[8];
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<char>(counter & 0xff);
    counter >>= 8;
  }
  const std::string mac = detail::hmac(digest_name(algo), secret, std::string_view(msg, sizeof msg));
  const auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(mac[i])); };
  const std::size_t offset = b(mac.size() - 1) & 0x0f;
  const std::uint32_t bin =
      ((b(offset) & 0x7f) << 24) | (b(offset + 1) << 16) | (b(offset + 2) << 8) | b(offset + 3);
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(bin % modulus);
  return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

// RFC 3986 percent-encoding of everything but the unreserved characters, so
// UTF-8 names (e.g. 市委组织部) survive the URI intact.
std::string percent_encode(std::string_view s) {
  static constexpr char kHexUpper[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHexUpper[c >> 4]);
      out.push_back(kHexUpper[c & 0x0f]);
    }
  }
  return out;
}

}  // namespace

std::string totp_code(std::string_view secret, std::int64_t t, int digits, int step, TotpAlgo algo) {
  if (digits != 6 && digits != 8) throw CryptoError("TOTP 位数应为 6 或 8 / TOTP digits must be 6 or 8");
  if (step <= 0 || t < 0) throw CryptoError("TOTP 时间参数无效 / invalid TOTP time parameters");
  return hotp(secret, static_cast<std::uint64_t>(t / step), digits, algo);
}

bool totp_verify(std::string_view secret, std::string_view code, std::int64_t t, std::int64_t* last_step) {
  constexpr int kStep = 30;
  // Authenticator apps show "123 456"; people type it that way.
  std::string typed;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return false;
    typed.push_back(c);
  }
  if ((typed.size() != 6 && typed.size() != 8) || t < 0) return false;
  const int digits = static_cast<int>(typed.size());

  // One step either side absorbs clock drift and the time it takes to type.
  // Every candidate is computed and compared, so timing does not reveal
  // which one matched; the latest matching step is recorded.
  const std::int64_t now = t / kStep;
  std::int64_t matched = -1;
  for (std::int64_t s = now - 1; s <= now + 1; ++s) {
    if (s < 0) continue;
    const bool ok = constant_time_equal(hotp(secret, static_cast<std::uint64_t>(s), digits, TotpAlgo::sha1), typed);
    if (ok && (last_step == nullptr || s > *last_step)) matched = s;
  }
  if (matched < 0) return false;
  if (last_step != nullptr) *last_step = matched;
  return true;
}

std::string totp_uri(std::string_view issuer, std::string_view account, std::string_view secret) {
  std::string uri = "otpauth://totp/";
  if (!issuer.empty()) uri += percent_encode(issuer) + ":";
  uri += percent_encode(account);
  uri += "?secret=" + base32_encode(secret);
  if (!issuer.empty()) uri += "&issuer=" + percent_encode(issuer);
  uri += "&digits=6&period=30";
  return uri;
}

}  // namespace dj::crypto
