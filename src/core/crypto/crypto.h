// Cryptography for dangjian, on OpenSSL 3 (国密 SM3/SM4, HMAC) and libsodium
// (Argon2id, randomness). Personal data is encrypted with SM4-CBC and
// authenticated with HMAC-SM3 (encrypt-then-MAC: this OpenSSL has no SM4-GCM);
// look-ups use a keyed hash (HMAC-SM3) so equal values can be found without
// decrypting. Keys live in a key file outside the database.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dj::crypto {

class CryptoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ---- hashes and encodings -------------------------------------------------
std::string sm3(std::string_view data);                        // 32 raw bytes
std::string sm3_hex(std::string_view data);                    // 64 lowercase hex chars
std::string hmac_sm3(std::string_view key, std::string_view data);  // 32 raw bytes
std::string sha256_hex(std::string_view data);
std::string to_hex(std::string_view raw);
std::string base64url_encode(std::string_view raw);            // no padding
std::string base64url_decode(std::string_view text);           // throws CryptoError
std::string base32_encode(std::string_view raw);               // RFC 4648, no padding (TOTP secrets)
std::string base32_decode(std::string_view text);              // case-insensitive, ignores spaces/padding
bool constant_time_equal(std::string_view a, std::string_view b);

// ---- randomness -------------------------------------------------------------
std::string random_bytes(std::size_t n);
// An unguessable opaque token, base64url of `bytes` random bytes (session ids, CSRF tokens).
std::string random_token(std::size_t bytes = 32);
// A one-time password a person can type: 16 chars from an unambiguous alphabet
// with upper, lower, digits and a symbol (meets the default policy).
std::string random_password();

// ---- keys and field encryption ---------------------------------------------
// A key file holds numbered key versions; each version has an SM4 key, an
// HMAC-SM3 key for ciphertext integrity and an HMAC-SM3 key for look-up
// hashes. New data uses the newest version; old versions stay readable until
// `dangjian keys rotate` has re-encrypted everything.
class Keyring {
 public:
  // Loads the key file, creating it (mode 0600, parent dir 0700) with one
  // fresh version when it does not exist. Throws CryptoError when the file is
  // unreadable, malformed or readable by group/others.
  static std::shared_ptr<Keyring> load_or_create(const std::string& path);
  // Appends a new version to the file (atomically) and returns the new keyring.
  static std::shared_ptr<Keyring> rotate(const std::string& path);

  int current_version() const;
  // "v<N>." + base64url(iv || ciphertext || tag). Empty input encrypts too.
  std::string encrypt(std::string_view plaintext) const;
  // Throws CryptoError("…") when the token was altered or its version is unknown.
  std::string decrypt(std::string_view token) const;
  // Version a token was encrypted with (0 when malformed).
  static int version_of(std::string_view token);
  // Keyed hash for look-ups, hex; the caller normalises the value first
  // (e.g. upper-case X in ID numbers). Uses the current version's hash key,
  // prefixed "v<N>." so rotation can tell stale hashes.
  std::string lookup_hash(std::string_view normalized) const;
  // The hash under every key version, newest first: what a look-up must
  // match while `keys rotate` is still re-hashing rows written earlier.
  std::vector<std::string> lookup_hashes(std::string_view normalized) const;

  // A key for another purpose (e.g. "audit-chain"), derived from the oldest
  // version so it survives rotation: HMAC-SM3(mac key of that version,
  // "dangjian:" + purpose). 32 raw bytes.
  std::string derive_key(std::string_view purpose) const;

  Keyring();
  ~Keyring();

 private:
  struct Impl;                  // key material; opaque to keep OpenSSL out of headers
  std::unique_ptr<Impl> impl_;
};

// ---- passwords --------------------------------------------------------------
// Argon2id (libsodium crypto_pwhash_str, interactive limits: ~64 MiB, ~90 ms).
// At most `max_concurrent_password_hashes()` run at once (default: cores;
// `serve` sets it to its password lane's thread count), so a login storm
// cannot exhaust memory; extra callers wait their turn, blocking their thread.
// HTTP routes that call these therefore set Route::hashes_password: they run
// on the server's password lane, never waiting on a general worker.
std::string hash_password(std::string_view password);
bool verify_password(std::string_view stored_hash, std::string_view password);
// True when `stored_hash` was made with other limits (or is not Argon2id), so
// the caller should store hash_password(password) after a successful verify.
bool password_needs_rehash(std::string_view stored_hash);
void set_max_concurrent_password_hashes(int n);
int max_concurrent_password_hashes();

// ---- TOTP (RFC 6238) ------------------------------------------------------
// `secret` is the raw shared key (e.g. random_bytes(20)); only totp_uri turns
// it into base32 for authenticator apps.
enum class TotpAlgo { sha1, sha256, sha512 };
// The code for unix time `t` (seconds), `digits` long (6 or 8), 30 s steps by
// default. Throws CryptoError for other digit counts, step <= 0 or t < 0.
std::string totp_code(std::string_view secret, std::int64_t t, int digits = 6, int step = 30,
                      TotpAlgo algo = TotpAlgo::sha1);
// True when `code` matches the step of `t` or one step either side (SHA-1,
// 30 s; 6 or 8 digits as given; spaces in the code are ignored). When
// `last_step` is given, a step at or before it is refused (no replay) and
// the matched step is written back.
bool totp_verify(std::string_view secret, std::string_view code, std::int64_t t,
                 std::int64_t* last_step = nullptr);
// otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&digits=6&period=30
std::string totp_uri(std::string_view issuer, std::string_view account, std::string_view secret);

}  // namespace dj::crypto
