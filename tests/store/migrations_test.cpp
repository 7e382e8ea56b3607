// Migrations: applied once, in order, each all-or-nothing, and refused when
// the database and the binary disagree.
#include <thread>

#include "fixture.h"

namespace dj::test {
namespace {

using store::Conn;
using store::Migration;
using store::MigrationError;

Migration make(std::string module, std::string name, std::string sql) {
  Migration m;
  m.module = std::move(module);
  m.name = std::move(name);
  m.sql = std::move(sql);
  return m;
}

const Migration kFirst = make("core", "0001_instance",
                              "CREATE TABLE instance_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
                              "CREATE TABLE files (id @ID@, name TEXT NOT NULL, data @BLOB@);");
const Migration kSecond = make("org", "0001_orgs",
                               "CREATE TABLE orgs (id @ID@, name TEXT NOT NULL);\n"
                               "ALTER TABLE files ADD COLUMN org_id BIGINT REFERENCES orgs (id);");

class MigrationsTest : public StoreTest {
 protected:
  bool table_exists(const std::string& table) {
    return store_->read([&](Conn& c) {
      if (c.dialect() == store::Dialect::sqlite)
        return c.scalar_int64("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1", {table}) == 1;
      return c.scalar_text("SELECT to_regclass($1)::text", {table}).has_value();
    });
  }
  std::vector<std::string> recorded() {
    std::vector<std::string> ids;
    store_->read([&](Conn& c) {
      c.each("SELECT id FROM schema_migrations ORDER BY id", {},
             [&](const store::Row& r) { ids.emplace_back(r.text(0)); });
    });
    return ids;
  }
};

TEST_P(MigrationsTest, FreshDatabaseGetsEverything) {
  const auto status = store::migrate(*store_, {kFirst, kSecond});
  EXPECT_EQ(status.applied, (std::vector<std::string>{"core/0001_instance", "org/0001_orgs"}));
  EXPECT_TRUE(table_exists("instance_info"));
  EXPECT_TRUE(table_exists("orgs"));
  EXPECT_EQ(recorded(), (std::vector<std::string>{"core/0001_instance", "org/0001_orgs"}));
  store_->read([&](Conn& c) {
    EXPECT_EQ(c.scalar_text("SELECT checksum FROM schema_migrations WHERE id = 'org/0001_orgs'"),
              kSecond.checksum_for(store_->dialect()));
    EXPECT_GT(c.scalar_int64("SELECT min(applied_at) FROM schema_migrations").value(), 1'600'000'000'000);
  });
  // @ID@ became an auto-increment key, @BLOB@ a binary column.
  const auto id = store_->write([](Conn& c) {
    const auto org = c.scalar_int64("INSERT INTO orgs (name) VALUES ('支部') RETURNING id").value();
    return c.scalar_int64("INSERT INTO files (name, data, org_id) VALUES ('a', $1, $2) RETURNING id",
                          {store::Blob{std::string("\0\1", 2)}, org})
        .value();
  });
  EXPECT_GT(id, 0);
  // Running again changes nothing.
  EXPECT_TRUE(store::migrate(*store_, {kFirst, kSecond}).applied.empty());
  EXPECT_TRUE(store::check(*store_, {kFirst, kSecond}).pending.empty());
}

TEST_P(MigrationsTest, UpgradeKeepsData) {
  EXPECT_EQ(store::migrate(*store_, {kFirst}).applied, (std::vector<std::string>{"core/0001_instance"}));
  store_->write([](Conn& c) {
    c.exec("INSERT INTO instance_info (key, value) VALUES ('id', '实例一')");
    c.exec("INSERT INTO files (name) VALUES ('old')");
  });
  EXPECT_EQ(store::check(*store_, {kFirst, kSecond}).pending, (std::vector<std::string>{"org/0001_orgs"}));
  EXPECT_EQ(store::migrate(*store_, {kFirst, kSecond}).applied, (std::vector<std::string>{"org/0001_orgs"}));
  store_->read([](Conn& c) {
    EXPECT_EQ(c.scalar_text("SELECT value FROM instance_info WHERE key = 'id'"), "实例一");
    EXPECT_EQ(c.scalar_text("SELECT name FROM files WHERE org_id IS NULL"), "old");
  });
}

TEST_P(MigrationsTest, EditedAppliedMigrationIsRefused) {
  store::migrate(*store_, {kFirst});
  Migration edited = kFirst;
  edited.sql += "\nCREATE INDEX files_name ON files (name);";
  for (int use_check = 0; use_check < 2; ++use_check) {
    try {
      if (use_check)
        store::check(*store_, {edited, kSecond});
      else
        store::migrate(*store_, {edited, kSecond});
      ADD_FAILURE() << "edited migration accepted";
    } catch (const MigrationError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("core/0001_instance"), std::string::npos) << msg;
      EXPECT_NE(msg.find("校验和"), std::string::npos) << msg;
      EXPECT_NE(msg.find("checksum mismatch"), std::string::npos) << msg;
    }
  }
  // Nothing changed: the pending migration did not run either.
  EXPECT_FALSE(table_exists("orgs"));
  EXPECT_EQ(recorded(), (std::vector<std::string>{"core/0001_instance"}));
}

TEST_P(MigrationsTest, DatabaseNewerThanBinaryIsRefused) {
  store::migrate(*store_, {kFirst, kSecond});
  try {
    store::migrate(*store_, {kFirst});
    FAIL() << "an unknown applied migration was accepted";
  } catch (const MigrationError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("数据库版本比程序新"), std::string::npos) << msg;
    EXPECT_NE(msg.find("org/0001_orgs"), std::string::npos) << msg;
  }
  EXPECT_THROW(store::check(*store_, {kFirst}), MigrationError);
}

TEST_P(MigrationsTest, FailingMigrationLeavesNothing) {
  store::migrate(*store_, {kFirst});
  // Creates a table, then fails: the table must not survive.
  const Migration bad = make("org", "0001_orgs",
                             "CREATE TABLE orgs (id @ID@, name TEXT NOT NULL);\n"
                             "INSERT INTO orgs (name) VALUES ('x');\n"
                             "INSERT INTO no_such_table (x) VALUES (1);");
  try {
    store::migrate(*store_, {kFirst, bad});
    FAIL() << "a failing migration succeeded";
  } catch (const MigrationError& e) {
    EXPECT_NE(std::string(e.what()).find("org/0001_orgs"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no_such_table"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(table_exists("orgs"));
  EXPECT_EQ(recorded(), (std::vector<std::string>{"core/0001_instance"}));
  // The fixed migration then applies cleanly.
  EXPECT_EQ(store::migrate(*store_, {kFirst, kSecond}).applied, (std::vector<std::string>{"org/0001_orgs"}));
}

TEST_P(MigrationsTest, CheckReportsPendingWithoutChangingAnything) {
  EXPECT_EQ(store::check(*store_, {kFirst, kSecond}).pending,
            (std::vector<std::string>{"core/0001_instance", "org/0001_orgs"}));
  EXPECT_FALSE(table_exists("schema_migrations"));  // not even the bookkeeping table
  store::migrate(*store_, {kFirst});
  const auto status = store::check(*store_, {kFirst, kSecond});
  EXPECT_EQ(status.pending, (std::vector<std::string>{"org/0001_orgs"}));
  EXPECT_TRUE(status.applied.empty());
  EXPECT_FALSE(table_exists("orgs"));
}

TEST_P(MigrationsTest, DialectVariantsAndChecksums) {
  Migration v;
  v.module = "core";
  v.name = "0002_variant";
  v.sqlite_sql = "CREATE TABLE variant (id @ID@, note TEXT DEFAULT 'sqlite');";
  v.pg_sql = "CREATE TABLE variant (id @ID@, note TEXT DEFAULT 'pg');";
  store::migrate(*store_, {kFirst, v});
  const auto note = store_->write([](Conn& c) {
    const auto id = c.scalar_int64("INSERT INTO variant DEFAULT VALUES RETURNING id").value();
    return c.scalar_text("SELECT note FROM variant WHERE id = $1", {id});
  });
  EXPECT_EQ(note, GetParam() == "sqlite" ? "sqlite" : "pg");
  EXPECT_NE(v.checksum_for(store::Dialect::sqlite), v.checksum_for(store::Dialect::postgres));
  // The checksum covers what the file said, before token expansion.
  EXPECT_EQ(kFirst.checksum_for(store::Dialect::sqlite), kFirst.checksum_for(store::Dialect::postgres));
  EXPECT_EQ(kFirst.checksum_for(store::Dialect::sqlite).size(), 64u);
  Migration none = make("core", "0003_nothing", "");
  none.pg_sql = GetParam() == "sqlite" ? "SELECT 1" : "";
  none.sqlite_sql = GetParam() == "sqlite" ? "" : "SELECT 1";
  EXPECT_THROW(store::migrate(*store_, {kFirst, v, none}), MigrationError);
}

TEST_P(MigrationsTest, TwoInstancesMigratingTogetherApplyEachOnce) {
  std::vector<Migration> all{kFirst, kSecond};
  for (int i = 0; i < 5; ++i)
    all.push_back(make("bulk", "000" + std::to_string(i), "CREATE TABLE bulk" + std::to_string(i) + " (id @ID@);"));
  auto other = store::open(db_->url());
  store::MigrationStatus a, b;
  std::string error;
  std::thread t([&] {
    try {
      b = store::migrate(*other, all);
    } catch (const std::exception& e) {
      error = e.what();
    }
  });
  a = store::migrate(*store_, all);
  t.join();
  EXPECT_EQ(error, "");
  EXPECT_EQ(a.applied.size() + b.applied.size(), all.size());
  EXPECT_EQ(recorded().size(), all.size());
}

DJ_INSTANTIATE_BACKENDS(MigrationsTest);

}  // namespace
}  // namespace dj::test
