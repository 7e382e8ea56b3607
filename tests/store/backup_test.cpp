// Online backup while writers keep writing, and restore into another database.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "fixture.h"

namespace dj::test {
namespace {

using namespace std::chrono_literals;
using store::Conn;

const store::Migration kItems = [] {
  store::Migration m;
  m.module = "test";
  m.name = "0001_items";
  m.sql = "CREATE TABLE items (id @ID@, writer BIGINT NOT NULL, payload TEXT NOT NULL, data @BLOB@);";
  return m;
}();

class BackupTest : public StoreTest {};

TEST_P(BackupTest, BackupDuringWritesRestoresConsistently) {
  store::migrate(*store_, {kItems});
  const std::string payload(200, 'x');
  store_->write([&](Conn& c) {
    for (int i = 0; i < 2000; ++i)
      c.exec("INSERT INTO items (writer, payload, data) VALUES (-1, $1, $2)",
             {payload + "党", store::Blob{std::string("\0\xff", 2)}});
  });

  std::atomic<bool> stop{false};
  std::atomic<int> inserted{0}, failures{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&, t] {
      while (!stop) {
        try {
          store_->write([&](Conn& c) {
            c.exec("INSERT INTO items (writer, payload) VALUES ($1, $2)", {std::int64_t{t}, payload});
          });
          ++inserted;
        } catch (const std::exception& e) {
          if (failures++ == 0) ADD_FAILURE() << e.what();
        }
      }
    });
  while (inserted < 50) std::this_thread::sleep_for(1ms);

  const std::string backup = db_->dir() + "/backups/one.bak";
  const auto before = count("items");
  const int inserted_before = inserted;
  store_->backup_to(backup);
  const auto after = count("items");
  const int inserted_during = inserted - inserted_before;
  while (inserted < inserted_before + 20) std::this_thread::sleep_for(1ms);  // writers carried on
  stop = true;
  for (auto& w : writers) w.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_TRUE(std::filesystem::is_regular_file(backup));
  EXPECT_FALSE(std::filesystem::exists(backup + ".tmp"));
  RecordProperty("inserted_during_backup", inserted_during);
  if (GetParam() == "sqlite") {
    // A self-contained file: header bytes 18/19 say rollback journal, not WAL,
    // so the backup opens without -wal/-shm companions.
    std::ifstream f(backup, std::ios::binary);
    char header[20] = {};
    f.read(header, sizeof header);
    EXPECT_EQ(std::string(header, 16), std::string("SQLite format 3\0", 16));
    EXPECT_EQ(header[18], 1);
    EXPECT_EQ(header[19], 1);
  }

  TestDb target(GetParam());
  store::restore(target.url(), backup);
  auto restored = store::open(target.url());
  EXPECT_EQ(restored->integrity_check(), "");
  const auto n = restored->read([](Conn& c) { return c.scalar_int64("SELECT count(*) FROM items").value(); });
  EXPECT_GE(n, before);
  EXPECT_LE(n, after);
  restored->read([](Conn& c) {
    EXPECT_EQ(c.scalar_text("SELECT id FROM schema_migrations"), "test/0001_items");
    const auto r = c.query("SELECT data FROM items WHERE writer = -1 ORDER BY id LIMIT 1");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r.rows[0][0], store::Value(store::Blob{std::string("\0\xff", 2)}));
    // Ids keep counting after the restored maximum.
  });
  const auto next = restored->write([&](Conn& c) {
    return c.scalar_int64("INSERT INTO items (writer, payload) VALUES (9, 'after') RETURNING id").value();
  });
  EXPECT_GT(next, restored->read([](Conn& c) {
    return c.scalar_int64("SELECT max(id) FROM items WHERE writer <> 9").value();
  }));
  EXPECT_EQ(store::check(*restored, {kItems}).pending.size(), 0u);
}

TEST_P(BackupTest, RestoreReplacesExistingContents) {
  store::migrate(*store_, {kItems});
  store_->write([](Conn& c) { c.exec("INSERT INTO items (writer, payload) VALUES (1, 'kept')"); });
  const std::string backup = db_->dir() + "/b.bak";
  store_->backup_to(backup);
  store_->write([](Conn& c) { c.exec("INSERT INTO items (writer, payload) VALUES (2, 'later')"); });
  store_.reset();  // "the server must not be running against it"
  store::restore(db_->url(), backup);
  store_ = store::open(db_->url());
  EXPECT_EQ(count("items"), 1);
  EXPECT_EQ(store_->read([](Conn& c) { return c.scalar_text("SELECT payload FROM items"); }), "kept");
}

TEST_P(BackupTest, RestoreRejectsBadInput) {
  TestDb target(GetParam());
  EXPECT_THROW(store::restore(target.url(), db_->dir() + "/missing.bak"), store::Error);
  const std::string junk = db_->dir() + "/junk.bak";
  std::ofstream(junk) << "this is not a backup";
  EXPECT_THROW(store::restore(target.url(), junk), store::Error);
  if (GetParam() == "sqlite") {
    // A SQLite file that is not a dangjian database (no schema_migrations).
    const std::string other = db_->dir() + "/other.db";
    auto s = store::open(other);
    s->write([](Conn& c) { c.exec_script("CREATE TABLE t (x INTEGER)"); });
    s->backup_to(db_->dir() + "/other.bak");
    s.reset();
    try {
      store::restore(target.url(), db_->dir() + "/other.bak");
      FAIL() << "restored a non-dangjian database";
    } catch (const store::Error& e) {
      EXPECT_NE(std::string(e.what()).find("schema_migrations"), std::string::npos) << e.what();
    }
  }
}

TEST_P(BackupTest, MissingPgDumpIsExplained) {
  const std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  ::setenv("PATH", (db_->dir() + "/empty-bin").c_str(), 1);
  if (GetParam() == "sqlite") {
    // SQLite backups use the library's backup API: no external tool needed.
    EXPECT_NO_THROW(store_->backup_to(db_->dir() + "/x.bak"));
    ::setenv("PATH", path.c_str(), 1);
    EXPECT_TRUE(std::filesystem::exists(db_->dir() + "/x.bak"));
    return;
  }
  try {
    store_->backup_to(db_->dir() + "/x.bak");
    ADD_FAILURE() << "backup without pg_dump succeeded";
  } catch (const store::Error& e) {
    EXPECT_NE(std::string(e.what()).find("未找到 pg_dump，请安装 postgresql-client"), std::string::npos) << e.what();
  }
  ::setenv("PATH", path.c_str(), 1);
  EXPECT_FALSE(std::filesystem::exists(db_->dir() + "/x.bak"));
}

DJ_INSTANTIATE_BACKENDS(BackupTest);

}  // namespace
}  // namespace dj::test
