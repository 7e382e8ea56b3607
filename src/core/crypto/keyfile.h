// The key file on disk: its text format, its permissions and atomic updates.
// Format, one key version a line after a comment header:
//   v<N> <SM4 key, 32 hex> <MAC key, 64 hex> <look-up key, 64 hex>
// Internal to dj_crypto; Keyring (keyring.cpp) is the only user.
#pragma once

#include <string>
#include <vector>

namespace dj::crypto::detail {

struct KeyVersion {
  int version = 0;
  std::string enc_key;     // 16 raw bytes, SM4
  std::string mac_key;     // 32 raw bytes, HMAC-SM3 over iv || ciphertext
  std::string lookup_key;  // 32 raw bytes, HMAC-SM3 for look-up hashes

  KeyVersion() = default;
  KeyVersion(const KeyVersion&) = default;
  KeyVersion& operator=(const KeyVersion&) = default;
  ~KeyVersion();  // wipes the key bytes
};

struct KeyFileContents {
  std::string text;                  // the file as read, to append to
  std::vector<KeyVersion> versions;  // in file order

  KeyFileContents() = default;
  KeyFileContents(const KeyFileContents&) = default;
  KeyFileContents& operator=(const KeyFileContents&) = default;
  ~KeyFileContents();  // wipes `text`
};

// A fresh version with random keys.
KeyVersion generate_key_version(int version);

// The line for one version, with a trailing newline.
std::string format_key_line(const KeyVersion& v);

// The text of a new key file: header plus the given versions.
std::string new_key_file_text(const std::vector<KeyVersion>& versions);

// Reads and parses `path`, refusing a file group or others can access.
// Throws CryptoError; errno ENOENT is reported through `missing` instead when
// that pointer is given.
KeyFileContents read_key_file(const std::string& path, bool* missing = nullptr);

// Replaces `path` with `text` (mode 0600): temp file, fsync, rename, fsync dir.
void write_key_file(const std::string& path, const std::string& text);

// Serialises creators and rotators of one key file (across processes): an
// exclusive flock on the file's directory, which it creates (0700) if missing.
class KeyDirLock {
 public:
  explicit KeyDirLock(const std::string& key_path);
  ~KeyDirLock();
  KeyDirLock(const KeyDirLock&) = delete;
  KeyDirLock& operator=(const KeyDirLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace dj::crypto::detail
