// Field encryption with versioned keys. A token is
//   "v<N>." + base64url(iv || SM4-CBC(plaintext) || HMAC-SM3(mac_key, "v<N>." || iv || ciphertext))
// The version prefix is inside the MAC so a token cannot be re-labelled with
// another version, and the MAC is checked (in constant time) before anything
// is decrypted, so padding errors can never serve as an oracle.
//
// A Keyring never changes after it is built: every method is const and reads
// only immutable key bytes, so one instance is shared by all request threads
// without locks. Rotation builds a new Keyring.
#include <algorithm>
#include <map>
#include <memory>

#include "core/crypto/crypto.h"
#include "core/crypto/detail.h"
#include "core/crypto/keyfile.h"

namespace dj::crypto {

namespace {

constexpr std::size_t kIvBytes = 16;
constexpr std::size_t kBlockBytes = 16;
constexpr std::size_t kTagBytes = 32;  // full HMAC-SM3 output, not truncated

std::string prefix_of(int version) { return "v" + std::to_string(version) + "."; }

// Length of the "v<N>." prefix (0 when malformed) and the version it names.
std::size_t parse_prefix(std::string_view token, int& version) {
  version = 0;
  if (token.size() < 3 || token[0] != 'v' || token[1] < '1' || token[1] > '9') return 0;
  std::size_t i = 1;
  long long n = 0;
  while (i < token.size() && token[i] >= '0' && token[i] <= '9') {
    n = n * 10 + (token[i] - '0');
    if (n > 1'000'000) return 0;
    ++i;
  }
  if (i >= token.size() || token[i] != '.') return 0;
  version = static_cast<int>(n);
  return i + 1;
}

const char kTampered[] = "数据校验失败，密文可能被篡改 / ciphertext authentication failed";

}  // namespace

struct Keyring::Impl {
  std::map<int, detail::KeyVersion> versions;
  int current = 0;

  static std::unique_ptr<Impl> from(const std::vector<detail::KeyVersion>& list) {
    auto impl = std::make_unique<Impl>();
    for (const auto& v : list) {
      impl->versions.emplace(v.version, v);
      if (v.version > impl->current) impl->current = v.version;
    }
    return impl;
  }

  const detail::KeyVersion& newest() const {
    if (current == 0) throw CryptoError("密钥环为空 / keyring holds no keys");
    return versions.at(current);
  }
};

Keyring::Keyring() : impl_(std::make_unique<Impl>()) {}
Keyring::~Keyring() = default;

std::shared_ptr<Keyring> Keyring::load_or_create(const std::string& path) {
  bool missing = false;
  auto contents = detail::read_key_file(path, &missing);
  if (missing) {
    // Another process may be creating it at the same moment; the directory
    // lock makes exactly one of them write it and the rest read that file.
    detail::KeyDirLock lock(path);
    contents = detail::read_key_file(path, &missing);
    if (missing) {
      detail::write_key_file(path, detail::new_key_file_text({detail::generate_key_version(1)}));
      contents = detail::read_key_file(path);
    }
  }
  auto ring = std::make_shared<Keyring>();
  ring->impl_ = Impl::from(contents.versions);
  return ring;
}

std::shared_ptr<Keyring> Keyring::rotate(const std::string& path) {
  // Held across read-modify-write: two rotations at once must not both
  // create "the next" version with different keys (data sealed with the
  // loser's key would be unreadable).
  detail::KeyDirLock lock(path);
  bool missing = false;
  auto contents = detail::read_key_file(path, &missing);
  if (missing) throw CryptoError("密钥文件不存在：" + path + " / key file not found");
  int newest = 0;
  for (const auto& v : contents.versions) newest = std::max(newest, v.version);
  auto next = detail::generate_key_version(newest + 1);
  // Append to the text as read so comments an operator added survive.
  std::string text = contents.text;
  if (!text.empty() && text.back() != '\n') text.push_back('\n');
  text += detail::format_key_line(next);
  detail::write_key_file(path, text);
  detail::wipe(text);
  contents.versions.push_back(next);
  auto ring = std::make_shared<Keyring>();
  ring->impl_ = Impl::from(contents.versions);
  return ring;
}

int Keyring::current_version() const { return impl_->current; }

std::string Keyring::encrypt(std::string_view plaintext) const {
  const auto& key = impl_->newest();
  const std::string prefix = prefix_of(key.version);
  std::string body = random_bytes(kIvBytes);
  body += detail::sm4_cbc_encrypt(key.enc_key, std::string_view(body).substr(0, kIvBytes), plaintext);
  body += hmac_sm3(key.mac_key, prefix + body);
  return prefix + base64url_encode(body);
}

std::string Keyring::decrypt(std::string_view token) const {
  int version = 0;
  const std::size_t plen = parse_prefix(token, version);
  if (plen == 0) throw CryptoError("密文格式无效 / malformed ciphertext token");
  const auto it = impl_->versions.find(version);
  if (it == impl_->versions.end())
    throw CryptoError("未知的密钥版本 v" + std::to_string(version) + "，密钥文件可能不完整 / unknown key version v" +
                      std::to_string(version));
  const auto& key = it->second;

  std::string body;
  try {
    body = base64url_decode(token.substr(plen));
  } catch (const CryptoError&) {
    throw CryptoError(kTampered);
  }
  if (body.size() < kIvBytes + kBlockBytes + kTagBytes || (body.size() - kIvBytes - kTagBytes) % kBlockBytes != 0)
    throw CryptoError(kTampered);
  const std::string_view all(body);
  const auto sealed = all.substr(0, all.size() - kTagBytes);  // iv || ciphertext
  const auto tag = all.substr(all.size() - kTagBytes);
  const auto expected = hmac_sm3(key.mac_key, std::string(token.substr(0, plen)) + std::string(sealed));
  if (!constant_time_equal(expected, tag)) throw CryptoError(kTampered);
  try {
    return detail::sm4_cbc_decrypt(key.enc_key, sealed.substr(0, kIvBytes), sealed.substr(kIvBytes));
  } catch (const CryptoError&) {
    // Only reachable when the MAC key verified but the SM4 key is wrong,
    // i.e. a damaged key file; say so in the same terms.
    throw CryptoError(kTampered);
  }
}

int Keyring::version_of(std::string_view token) {
  int version = 0;
  parse_prefix(token, version);
  return version;
}

std::string Keyring::derive_key(std::string_view purpose) const {
  const auto& oldest = impl_->versions.begin()->second;
  return hmac_sm3(oldest.mac_key, "dangjian:" + std::string(purpose));
}

std::string Keyring::lookup_hash(std::string_view normalized) const {
  const auto& key = impl_->newest();
  return prefix_of(key.version) + to_hex(hmac_sm3(key.lookup_key, normalized));
}

std::vector<std::string> Keyring::lookup_hashes(std::string_view normalized) const {
  std::vector<std::string> out;
  for (auto it = impl_->versions.rbegin(); it != impl_->versions.rend(); ++it)
    out.push_back(prefix_of(it->second.version) + to_hex(hmac_sm3(it->second.lookup_key, normalized)));
  return out;
}

}  // namespace dj::crypto
