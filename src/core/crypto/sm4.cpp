// SM4 (GB/T 32907-2016) through OpenSSL's EVP cipher interface. CBC with
// PKCS#7 padding is used because this OpenSSL has no SM4-GCM; integrity comes
// from the HMAC-SM3 tag the keyring adds (encrypt-then-MAC).
#include <openssl/evp.h>

#include <memory>

#include "core/crypto/crypto.h"
#include "core/crypto/detail.h"

namespace dj::crypto::detail {

namespace {

constexpr std::size_t kBlock = 16;

struct CipherDeleter {
  void operator()(EVP_CIPHER* c) const { EVP_CIPHER_free(c); }
};
struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

// Fetched once: an implicit fetch per call would take OpenSSL's global lock.
EVP_CIPHER* cipher(const char* name) {
  EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, name, nullptr);
  if (c == nullptr) throw CryptoError(std::string("OpenSSL 不支持 ") + name + " / cipher unavailable");
  return c;
}

const EVP_CIPHER* sm4_cbc() {
  static const std::unique_ptr<EVP_CIPHER, CipherDeleter> c(cipher("SM4-CBC"));
  return c.get();
}

const EVP_CIPHER* sm4_ecb() {
  static const std::unique_ptr<EVP_CIPHER, CipherDeleter> c(cipher("SM4-ECB"));
  return c.get();
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// Runs one whole encryption or decryption; `padding` off for the raw block.
std::string run(const EVP_CIPHER* c, bool encrypt, std::string_view key, std::string_view iv, std::string_view in,
                bool padding) {
  if (key.size() != kBlock || (!iv.empty() && iv.size() != kBlock))
    throw CryptoError("SM4 密钥或 IV 长度错误 / bad SM4 key or IV length");
  CtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_CipherInit_ex2(ctx.get(), c, bytes(key), iv.empty() ? nullptr : bytes(iv), encrypt ? 1 : 0,
                                 nullptr) != 1)
    throw CryptoError("SM4 初始化失败 / SM4 init failed");
  EVP_CIPHER_CTX_set_padding(ctx.get(), padding ? 1 : 0);
  std::string out(in.size() + kBlock, '\0');
  int n1 = 0;
  int n2 = 0;
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_CipherUpdate(ctx.get(), o, &n1, bytes(in), static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), o + n1, &n2) != 1) {
    wipe(out);
    throw CryptoError(encrypt ? "SM4 加密失败 / SM4 encryption failed" : "SM4 解密失败 / SM4 decryption failed");
  }
  out.resize(static_cast<std::size_t>(n1 + n2));
  return out;
}

}  // namespace

std::string sm4_cbc_encrypt(std::string_view key, std::string_view iv, std::string_view plaintext) {
  if (iv.size() != kBlock) throw CryptoError("SM4 IV 长度错误 / bad SM4 IV length");
  return run(sm4_cbc(), true, key, iv, plaintext, true);
}

std::string sm4_cbc_decrypt(std::string_view key, std::string_view iv, std::string_view ciphertext) {
  if (iv.size() != kBlock) throw CryptoError("SM4 IV 长度错误 / bad SM4 IV length");
  if (ciphertext.empty() || ciphertext.size() % kBlock != 0)
    throw CryptoError("SM4 密文长度错误 / bad SM4 ciphertext length");
  return run(sm4_cbc(), false, key, iv, ciphertext, true);
}

std::string sm4_ecb_encrypt_block_for_test(std::string_view key16, std::string_view block16) {
  if (block16.size() != kBlock) throw CryptoError("SM4 分组长度错误 / bad SM4 block length");
  return run(sm4_ecb(), true, key16, {}, block16, false);
}

}  // namespace dj::crypto::detail
