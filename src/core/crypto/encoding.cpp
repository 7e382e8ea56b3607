// Text encodings of binary data: hex, base64url (RFC 4648 §5, no padding) and
// base32 (RFC 4648 §6, for TOTP secrets people type or scan).
#include <array>
#include <cstdint>

#include "core/crypto/crypto.h"
#include "core/crypto/detail.h"

namespace dj::crypto {

namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reverse table of an alphabet: byte -> value, -1 for bytes outside it.
template <std::size_t N>
constexpr std::array<std::int8_t, 256> reverse_of(const char (&alphabet)[N]) {
  std::array<std::int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (std::size_t i = 0; i + 1 < N; ++i) table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}

constexpr auto kBase64UrlValue = reverse_of(kBase64Url);
constexpr auto kBase32Value = reverse_of(kBase32);

}  // namespace

std::string to_hex(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0x0f]);
  }
  return out;
}

namespace detail {

std::string from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) throw CryptoError("十六进制长度无效 / invalid hex length");
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_value(hex[i]);
    const int lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) throw CryptoError("十六进制字符无效 / invalid hex character");
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

}  // namespace detail

std::string base64url_encode(std::string_view raw) {
  std::string out;
  out.reserve((raw.size() + 2) / 3 * 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kBase64Url[(acc >> bits) & 0x3f]);
    }
  }
  if (bits > 0) out.push_back(kBase64Url[(acc << (6 - bits)) & 0x3f]);
  return out;
}

std::string base64url_decode(std::string_view text) {
  // Strict on purpose: tokens are MAC'd after decoding, so two spellings of
  // the same bytes (non-zero unused bits, padding) must not both be accepted
  // — otherwise an altered token could still decrypt.
  if (text.size() % 4 == 1) throw CryptoError("base64url 长度无效 / invalid base64url length");
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char ch : text) {
    const int v = kBase64UrlValue[static_cast<unsigned char>(ch)];
    if (v < 0) throw CryptoError("base64url 字符无效 / invalid base64url character");
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  if ((acc & ((1u << bits) - 1)) != 0) throw CryptoError("base64url 编码不规范 / non-canonical base64url");
  return out;
}

std::string base32_encode(std::string_view raw) {
  std::string out;
  out.reserve((raw.size() * 8 + 4) / 5);
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32[(acc >> bits) & 0x1f]);
    }
  }
  if (bits > 0) out.push_back(kBase32[(acc << (5 - bits)) & 0x1f]);
  return out;
}

std::string base32_decode(std::string_view text) {
  // Lenient on layout because people type these from a screen: case, spaces
  // and '=' padding do not matter; any other character is an error.
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t symbols = 0;
  for (char ch : text) {
    if (ch == ' ' || ch == '=') continue;
    const char up = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
    const int v = kBase32Value[static_cast<unsigned char>(up)];
    if (v < 0) throw CryptoError("base32 字符无效 / invalid base32 character");
    acc = (acc << 5) | static_cast<std::uint32_t>(v);
    bits += 5;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  // 1, 3 or 6 symbols in the last group cannot come from whole bytes.
  const std::size_t tail = symbols % 8;
  if (tail == 1 || tail == 3 || tail == 6) throw CryptoError("base32 长度无效 / invalid base32 length");
  return out;
}

}  // namespace dj::crypto
