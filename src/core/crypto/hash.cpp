// Hashes and MACs on OpenSSL 3's EVP interface (SM3 comes from the default
// provider). The fetched algorithm objects are cached: fetching takes a
// global lock inside OpenSSL, and these run on every request.
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>

#include "core/crypto/crypto.h"
#include "core/crypto/detail.h"

namespace dj::crypto {

namespace {

struct MdDeleter {
  void operator()(EVP_MD* md) const { EVP_MD_free(md); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct MacDeleter {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct MacCtxDeleter {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

EVP_MD* fetch_md(const char* name) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (md == nullptr) throw CryptoError(std::string("OpenSSL 不支持摘要算法 / digest unavailable: ") + name);
  return md;
}

const EVP_MD* sm3_md() {
  static const std::unique_ptr<EVP_MD, MdDeleter> md(fetch_md("SM3"));
  return md.get();
}

const EVP_MD* sha256_md() {
  static const std::unique_ptr<EVP_MD, MdDeleter> md(fetch_md("SHA256"));
  return md.get();
}

EVP_MAC* hmac_alg() {
  static const std::unique_ptr<EVP_MAC, MacDeleter> mac([] {
    EVP_MAC* m = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (m == nullptr) throw CryptoError("OpenSSL 不支持 HMAC / HMAC unavailable");
    return m;
  }());
  return mac.get();
}

std::string digest(const EVP_MD* md, std::string_view data) {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  std::string out(static_cast<std::size_t>(EVP_MD_get_size(md)), '\0');
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len) != 1)
    throw CryptoError("摘要计算失败 / digest failed");
  out.resize(len);
  return out;
}

}  // namespace

namespace detail {

std::string hmac(const char* digest_name, std::string_view key, std::string_view data) {
  std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> ctx(EVP_MAC_CTX_new(hmac_alg()));
  if (!ctx) throw CryptoError("HMAC 初始化失败 / HMAC init failed");
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest_name), 0),
      OSSL_PARAM_construct_end()};
  // OpenSSL refuses a NULL key pointer even for length 0; an empty key is
  // legal HMAC (RFC 2104), so point at a dummy byte.
  static const unsigned char empty = 0;
  const auto* k = key.empty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_MAC_init(ctx.get(), k, key.size(), params) != 1 ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
    throw CryptoError(std::string("HMAC 计算失败 / HMAC failed: ") + digest_name);
  std::string out(EVP_MAX_MD_SIZE, '\0');
  std::size_t len = 0;
  if (EVP_MAC_final(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, out.size()) != 1)
    throw CryptoError(std::string("HMAC 计算失败 / HMAC failed: ") + digest_name);
  out.resize(len);
  return out;
}

}  // namespace detail

std::string sm3(std::string_view data) { return digest(sm3_md(), data); }

std::string sm3_hex(std::string_view data) { return to_hex(sm3(data)); }

std::string hmac_sm3(std::string_view key, std::string_view data) { return detail::hmac("SM3", key, data); }

std::string sha256_hex(std::string_view data) { return to_hex(digest(sha256_md(), data)); }

bool constant_time_equal(std::string_view a, std::string_view b) {
  // The length is not secret (tags and codes have fixed sizes); the contents are.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace dj::crypto
