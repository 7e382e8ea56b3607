// Reading and writing the key file. The keys protect every citizen ID number
// and phone in the database, so the file is created 0600 inside a 0700
// directory, a file others could read is refused rather than silently used,
// and updates go through a temp file + fsync + rename so a crash mid-rotation
// leaves the old file or the new one, never a torn one. Error messages never
// quote file content: it is key material.
#include "core/crypto/keyfile.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "core/crypto/crypto.h"
#include "core/crypto/detail.h"

namespace dj::crypto::detail {

namespace {

constexpr std::size_t kEncKeyBytes = 16;
constexpr std::size_t kMacKeyBytes = 32;
constexpr std::size_t kLookupKeyBytes = 32;
constexpr int kMaxVersion = 1'000'000;

constexpr char kHeader[] =
    "# dangjian keys — keep secret, back up separately from the database\n"
    "# v<N> <SM4 key> <HMAC-SM3 integrity key> <HMAC-SM3 look-up key>; never edit or delete old lines\n";

std::string sys_error(const std::string& what, const std::string& path, int err) {
  return what + "：" + path + " / " + std::strerror(err);
}

std::string parent_dir(const std::string& path) {
  auto dir = std::filesystem::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

// mkdir -p, but every directory it creates is 0700: the key file's directory
// should not even reveal which files it holds.
void create_private_dirs(const std::string& dir) {
  std::filesystem::path partial;
  for (const auto& part : std::filesystem::path(dir)) {
    partial /= part;
    if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST)
      throw CryptoError(sys_error("无法创建密钥目录", partial.string(), errno));
  }
}

void fsync_fd_or_throw(int fd, const std::string& path) {
  if (::fsync(fd) != 0) throw CryptoError(sys_error("无法同步密钥文件", path, errno));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // close() reports deferred write errors (NFS), so it is checked on writes.
  int close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

// "v<N>" with N in 1..kMaxVersion and no leading zero; 0 when not.
int parse_version_field(std::string_view f) {
  if (f.size() < 2 || f[0] != 'v' || f[1] == '0') return 0;
  int n = 0;
  auto [end, ec] = std::from_chars(f.data() + 1, f.data() + f.size(), n);
  if (ec != std::errc() || end != f.data() + f.size() || n < 1 || n > kMaxVersion) return 0;
  return n;
}

std::vector<KeyVersion> parse(std::string_view text, const std::string& path) {
  std::vector<KeyVersion> versions;
  int line_no = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    const auto line = trim(raw);
    if (line.empty() || line.front() == '#') continue;

    const auto bad = [&](const char* why) {
      return CryptoError("密钥文件格式错误（第 " + std::to_string(line_no) + " 行，" + why + "）：" + path +
                         " / malformed key file (line " + std::to_string(line_no) + ")");
    };
    const auto fields = split_fields(line);
    if (fields.size() != 4) throw bad("应为 4 列");
    KeyVersion v;
    v.version = parse_version_field(fields[0]);
    if (v.version == 0) throw bad("版本号无效");
    for (const auto& seen : versions)
      if (seen.version == v.version) throw bad("版本号重复");
    try {
      v.enc_key = from_hex(fields[1]);
      v.mac_key = from_hex(fields[2]);
      v.lookup_key = from_hex(fields[3]);
    } catch (const CryptoError&) {
      throw bad("密钥不是十六进制");
    }
    if (v.enc_key.size() != kEncKeyBytes || v.mac_key.size() != kMacKeyBytes ||
        v.lookup_key.size() != kLookupKeyBytes)
      throw bad("密钥长度错误");
    versions.push_back(std::move(v));
  }
  if (versions.empty())
    throw CryptoError("密钥文件中没有密钥：" + path + " / key file holds no keys");
  return versions;
}

}  // namespace

KeyVersion::~KeyVersion() {
  wipe(enc_key);
  wipe(mac_key);
  wipe(lookup_key);
}

KeyFileContents::~KeyFileContents() { wipe(text); }

KeyVersion generate_key_version(int version) {
  if (version < 1 || version > kMaxVersion) throw CryptoError("密钥版本号超出范围 / key version out of range");
  KeyVersion v;
  v.version = version;
  v.enc_key = random_bytes(kEncKeyBytes);
  v.mac_key = random_bytes(kMacKeyBytes);
  v.lookup_key = random_bytes(kLookupKeyBytes);
  return v;
}

std::string format_key_line(const KeyVersion& v) {
  return "v" + std::to_string(v.version) + " " + to_hex(v.enc_key) + " " + to_hex(v.mac_key) + " " +
         to_hex(v.lookup_key) + "\n";
}

std::string new_key_file_text(const std::vector<KeyVersion>& versions) {
  std::string text = kHeader;
  for (const auto& v : versions) text += format_key_line(v);
  return text;
}

KeyFileContents read_key_file(const std::string& path, bool* missing) {
  if (missing != nullptr) *missing = false;
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT && missing != nullptr) {
      *missing = true;
      return {};
    }
    throw CryptoError(sys_error("无法读取密钥文件", path, errno));
  }
  // Checked on the open descriptor, so the file cannot be swapped between
  // the check and the read.
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw CryptoError(sys_error("无法读取密钥文件", path, errno));
  if (!S_ISREG(st.st_mode)) throw CryptoError("密钥文件不是普通文件：" + path + " / key file is not a regular file");
  if ((st.st_mode & 077) != 0)
    throw CryptoError("密钥文件权限过宽（应为 600）：" + path + " / key file permissions too open, run: chmod 600 " +
                      path);

  KeyFileContents contents;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw CryptoError(sys_error("无法读取密钥文件", path, errno));
    }
    if (n == 0) break;
    contents.text.append(buf, static_cast<std::size_t>(n));
  }
  ::explicit_bzero(buf, sizeof buf);
  contents.versions = parse(contents.text, path);
  return contents;
}

void write_key_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    // Callers hold KeyDirLock, so a leftover temp file is from a crash and
    // can be truncated. fchmod because O_CREAT's mode does not apply to an
    // existing file.
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0) throw CryptoError(sys_error("无法写入密钥文件", tmp, errno));
    if (::fchmod(fd.get(), 0600) != 0) throw CryptoError(sys_error("无法设置密钥文件权限", tmp, errno));
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw CryptoError(sys_error("无法写入密钥文件", tmp, errno));
      }
      done += static_cast<std::size_t>(n);
    }
    fsync_fd_or_throw(fd.get(), tmp);
    if (fd.close() != 0) throw CryptoError(sys_error("无法写入密钥文件", tmp, errno));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) throw CryptoError(sys_error("无法替换密钥文件", path, errno));
  const auto dir = parent_dir(path);
  Fd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd.get() < 0) throw CryptoError(sys_error("无法同步密钥目录", dir, errno));
  fsync_fd_or_throw(dfd.get(), dir);
}

KeyDirLock::KeyDirLock(const std::string& key_path) {
  const auto dir = parent_dir(key_path);
  create_private_dirs(dir);
  fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0) throw CryptoError(sys_error("无法打开密钥目录", dir, errno));
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    const int err = errno;
    ::close(fd_);
    throw CryptoError(sys_error("无法锁定密钥目录", dir, err));
  }
}

KeyDirLock::~KeyDirLock() {
  // Closing the descriptor releases the flock.
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace dj::crypto::detail
