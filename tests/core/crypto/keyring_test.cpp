#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>
#include <vector>

#include "core/crypto/crypto.h"

namespace dj::crypto {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class KeyringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "dj-keyring-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path(const std::string& name = "keys") const { return (dir_ / name).string(); }

  static unsigned mode_of(const std::string& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
  }

  static std::string message_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const CryptoError& e) {
      return e.what();
    }
    return "(no CryptoError)";
  }

  fs::path dir_;
};

TEST_F(KeyringTest, CreatesAPrivateFileInAPrivateDirectory) {
  const auto p = path("sub/dir/keys");
  auto ring = Keyring::load_or_create(p);
  EXPECT_EQ(ring->current_version(), 1);
  EXPECT_EQ(mode_of(p), 0600u);
  EXPECT_EQ(mode_of(path("sub/dir")), 0700u);
  EXPECT_EQ(mode_of(path("sub")), 0700u);

  std::ifstream in(p);
  std::string header, line;
  std::getline(in, header);
  std::getline(in, line);
  EXPECT_EQ(header, "# dangjian keys — keep secret, back up separately from the database");
  std::vector<std::string> fields;
  std::string text;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') text = line;
  std::istringstream ls(text);
  for (std::string f; ls >> f;) fields.push_back(f);
  ASSERT_EQ(fields.size(), 4u) << text;
  EXPECT_EQ(fields[0], "v1");
  EXPECT_EQ(fields[1].size(), 32u);
  EXPECT_EQ(fields[2].size(), 64u);
  EXPECT_EQ(fields[3].size(), 64u);
}

TEST_F(KeyringTest, LoadingAgainReadsTheSameKeys) {
  auto a = Keyring::load_or_create(path());
  auto b = Keyring::load_or_create(path());
  EXPECT_EQ(b->decrypt(a->encrypt("同一把钥匙")), "同一把钥匙");
  EXPECT_EQ(a->lookup_hash("110105199003071234"), b->lookup_hash("110105199003071234"));
}

TEST_F(KeyringTest, RoundTripsEmptyAsciiChineseAndBinary) {
  auto ring = Keyring::load_or_create(path());
  const std::string binary("\x00\x01\xff\x80", 4);
  for (const std::string& pt : {std::string(), std::string("13800138000"), std::string("张三，党支部书记"),
                               binary, std::string(1000, 'x')}) {
    const auto token = ring->encrypt(pt);
    EXPECT_EQ(token.rfind("v1.", 0), 0u) << token;
    EXPECT_EQ(Keyring::version_of(token), 1);
    EXPECT_EQ(ring->decrypt(token), pt);
  }
}

TEST_F(KeyringTest, EncryptionIsRandomised) {
  auto ring = Keyring::load_or_create(path());
  // A fresh IV each time: equal values must not be linkable from ciphertext.
  EXPECT_NE(ring->encrypt("13800138000"), ring->encrypt("13800138000"));
}

TEST_F(KeyringTest, EveryAlteredByteIsRefused) {
  auto ring = Keyring::load_or_create(path());
  const auto token = ring->encrypt("110105199003071234");
  for (std::size_t i = 0; i < token.size(); ++i) {
    for (char replacement : {'A', 'B', '0', '.'}) {
      if (token[i] == replacement) continue;
      std::string bad = token;
      bad[i] = replacement;
      EXPECT_THROW(ring->decrypt(bad), CryptoError) << "position " << i << " -> " << replacement;
    }
  }
  EXPECT_THROW(ring->decrypt(token.substr(0, token.size() - 1)), CryptoError);
  EXPECT_THROW(ring->decrypt(token + "A"), CryptoError);
  EXPECT_THROW(ring->decrypt(""), CryptoError);
  EXPECT_THROW(ring->decrypt("v1."), CryptoError);
  EXPECT_EQ(message_of([&] {
              std::string bad = token;
              bad[10] = bad[10] == 'A' ? 'B' : 'A';
              ring->decrypt(bad);
            }),
            "数据校验失败，密文可能被篡改 / ciphertext authentication failed");
}

TEST_F(KeyringTest, UnknownVersionIsRefusedClearly) {
  auto ring = Keyring::load_or_create(path());
  std::string token = ring->encrypt("x");
  token.replace(0, 2, "v7");
  const auto msg = message_of([&] { ring->decrypt(token); });
  EXPECT_NE(msg.find("unknown key version v7"), std::string::npos) << msg;
  EXPECT_EQ(Keyring::version_of("nonsense"), 0);
  EXPECT_EQ(Keyring::version_of("v0.abc"), 0);
  EXPECT_EQ(Keyring::version_of("v12.abc"), 12);
}

TEST_F(KeyringTest, RefusesAFileOthersCanRead) {
  Keyring::load_or_create(path());
  for (unsigned mode : {0640u, 0604u, 0660u}) {
    ASSERT_EQ(::chmod(path().c_str(), mode), 0);
    const auto msg = message_of([&] { Keyring::load_or_create(path()); });
    EXPECT_NE(msg.find("密钥文件权限过宽（应为 600）"), std::string::npos) << msg;
    EXPECT_NE(msg.find("key file permissions too open"), std::string::npos) << msg;
    EXPECT_NE(msg.find(path()), std::string::npos) << msg;
  }
  ASSERT_EQ(::chmod(path().c_str(), 0600), 0);
  EXPECT_NO_THROW(Keyring::load_or_create(path()));
  ASSERT_EQ(::chmod(path().c_str(), 0400), 0);
  EXPECT_NO_THROW(Keyring::load_or_create(path()));
}

TEST_F(KeyringTest, RefusesAMalformedFileWithoutQuotingIt) {
  {
    std::ofstream out(path());
    out << "# header\nv1 0011 secretsecret\n";
  }
  ASSERT_EQ(::chmod(path().c_str(), 0600), 0);
  const auto msg = message_of([&] { Keyring::load_or_create(path()); });
  EXPECT_NE(msg.find("line 2"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("secretsecret"), std::string::npos) << msg;

  {
    std::ofstream out(path());
    out << "# only a comment\n";
  }
  EXPECT_NE(message_of([&] { Keyring::load_or_create(path()); }).find("no keys"), std::string::npos);
}

TEST_F(KeyringTest, RotateKeepsOldTokensReadableAndUsesTheNewVersion) {
  auto v1 = Keyring::load_or_create(path());
  const auto old_token = v1->encrypt("旧数据");
  const auto old_hash = v1->lookup_hash("13800138000");

  auto v2 = Keyring::rotate(path());
  EXPECT_EQ(v2->current_version(), 2);
  EXPECT_EQ(mode_of(path()), 0600u);
  EXPECT_FALSE(fs::exists(path() + ".tmp"));
  EXPECT_EQ(v2->decrypt(old_token), "旧数据");
  const auto new_token = v2->encrypt("新数据");
  EXPECT_EQ(Keyring::version_of(new_token), 2);
  EXPECT_EQ(new_token.rfind("v2.", 0), 0u);
  // The old keyring does not know v2; the file on disk does.
  EXPECT_THROW(v1->decrypt(new_token), CryptoError);
  auto reloaded = Keyring::load_or_create(path());
  EXPECT_EQ(reloaded->current_version(), 2);
  EXPECT_EQ(reloaded->decrypt(new_token), "新数据");
  EXPECT_EQ(reloaded->decrypt(old_token), "旧数据");

  // Look-up hashes move to the new key and say so in their prefix.
  const auto new_hash = v2->lookup_hash("13800138000");
  EXPECT_EQ(old_hash.rfind("v1.", 0), 0u);
  EXPECT_EQ(new_hash.rfind("v2.", 0), 0u);
  EXPECT_NE(old_hash.substr(3), new_hash.substr(3));

  EXPECT_EQ(Keyring::rotate(path())->current_version(), 3);
  EXPECT_EQ(Keyring::load_or_create(path())->decrypt(old_token), "旧数据");
}

TEST_F(KeyringTest, RotateNeedsAnExistingFile) { EXPECT_THROW(Keyring::rotate(path("missing")), CryptoError); }

TEST_F(KeyringTest, LookupHashIsStableAndKeyed) {
  auto a = Keyring::load_or_create(path("a"));
  auto b = Keyring::load_or_create(path("b"));
  const auto h = a->lookup_hash("11010519900307123X");
  EXPECT_EQ(h, a->lookup_hash("11010519900307123X"));
  EXPECT_EQ(h.size(), 3u + 64u);
  EXPECT_NE(h, a->lookup_hash("110105199003071234"));
  EXPECT_NE(h, b->lookup_hash("11010519900307123X"));  // another key file, another hash
}

TEST_F(KeyringTest, ConcurrentCreatorsAgreeOnOneKeyFile) {
  std::vector<std::shared_ptr<Keyring>> rings(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < rings.size(); ++i)
    threads.emplace_back([&, i] { rings[i] = Keyring::load_or_create(path("race/keys")); });
  for (auto& t : threads) t.join();
  const auto token = rings[0]->encrypt("同一个文件");
  for (const auto& r : rings) EXPECT_EQ(r->decrypt(token), "同一个文件");
}

TEST_F(KeyringTest, SharedAcrossThreads) {
  auto ring = Keyring::load_or_create(path());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string value = "成员" + std::to_string(t) + "-" + std::to_string(i);
        if (ring->decrypt(ring->encrypt(value)) != value) ++failures;
        if (ring->lookup_hash(value) != ring->lookup_hash(value)) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace dj::crypto
