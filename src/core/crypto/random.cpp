// Randomness from libsodium (getrandom(2) underneath): tokens, keys, IVs and
// one-time passwords all come from here.
#include <sodium.h>

#include <cstdint>
#include <utility>

#include "core/crypto/crypto.h"
#include "core/crypto/detail.h"

namespace dj::crypto {

namespace {

// Characters a person cannot mistake for each other when reading a one-time
// password off a screen or a sheet of paper: no 0/O/o, 1/l/I.
constexpr std::string_view kUpper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
constexpr std::string_view kLower = "abcdefghijkmnpqrstuvwxyz";
constexpr std::string_view kDigits = "23456789";
// Symbols that survive copy/paste into shells, URLs and e-mails unharmed.
constexpr std::string_view kSymbols = "!@#$%*+-=?";

char pick(std::string_view alphabet) {
  return alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
}

}  // namespace

namespace detail {

void ensure_sodium() {
  // A function-local static is initialised exactly once even when many
  // threads arrive together.
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw CryptoError("libsodium 初始化失败 / sodium_init failed");
}

void wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

}  // namespace detail

std::string random_bytes(std::size_t n) {
  detail::ensure_sodium();
  std::string out(n, '\0');
  if (n > 0) randombytes_buf(out.data(), n);
  return out;
}

std::string random_token(std::size_t bytes) { return base64url_encode(random_bytes(bytes)); }

std::string random_password() {
  detail::ensure_sodium();
  constexpr std::size_t kLength = 16;
  static const std::string all = std::string(kUpper) + std::string(kLower) + std::string(kDigits) + std::string(kSymbols);
  // One of each class first so the result always meets the policy, then
  // uniform picks from everything, then a Fisher–Yates shuffle so the
  // guaranteed characters are not always at the front.
  std::string out;
  out.reserve(kLength);
  out.push_back(pick(kUpper));
  out.push_back(pick(kLower));
  out.push_back(pick(kDigits));
  out.push_back(pick(kSymbols));
  while (out.size() < kLength) out.push_back(pick(all));
  for (std::size_t i = out.size() - 1; i > 0; --i) {
    const auto j = randombytes_uniform(static_cast<std::uint32_t>(i + 1));
    std::swap(out[i], out[j]);
  }
  return out;
}

}  // namespace dj::crypto
