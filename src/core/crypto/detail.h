// Internals shared by the files of dj_crypto (and its tests). Not part of the
// public API: nothing outside src/core/crypto and tests/core/crypto includes it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dj::crypto::detail {

// HMAC over `data` with the named OpenSSL digest ("SM3", "SHA1", "SHA256",
// "SHA512"); returns the raw MAC.
std::string hmac(const char* digest, std::string_view key, std::string_view data);

// Strict hex decoding (even length, [0-9a-fA-F]); throws CryptoError.
std::string from_hex(std::string_view hex);

// SM4-CBC with PKCS#7 padding. Key and IV are 16 bytes each. decrypt throws
// CryptoError on bad padding (callers check the MAC first, so that only
// happens with a wrong key).
std::string sm4_cbc_encrypt(std::string_view key, std::string_view iv, std::string_view plaintext);
std::string sm4_cbc_decrypt(std::string_view key, std::string_view iv, std::string_view ciphertext);

// One raw SM4 block (no mode, no padding) so tests can check the cipher
// against the GB/T 32907-2016 known-answer vector.
std::string sm4_ecb_encrypt_block_for_test(std::string_view key16, std::string_view block16);

// Calls sodium_init() exactly once (thread-safe); throws CryptoError if it fails.
void ensure_sodium();

// Overwrites a buffer that held secrets before it is released.
void wipe(std::string& s);

// Test hook: called by hash_password/verify_password while they hold one of
// the bounded slots, so a test can count how many run at once. nullptr = none.
using PasswordHashHook = void (*)() noexcept;
void set_password_hash_hook(PasswordHashHook hook);

}  // namespace dj::crypto::detail
