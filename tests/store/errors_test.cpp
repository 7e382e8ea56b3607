// Failures are classified the same way on both databases, and a failed
// write leaves nothing behind.
#include <stdexcept>

#include "fixture.h"

namespace dj::test {
namespace {

using store::Conn;
using store::Error;
using store::ErrorKind;

class ErrorsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (!store_) return;  // skipped (or failed: PostgreSQL required but missing)
    ddl("CREATE TABLE orgs (id BIGINT PRIMARY KEY, code TEXT NOT NULL UNIQUE, size BIGINT CHECK (size >= 0));"
        "CREATE TABLE members (id @ID@, org_id BIGINT NOT NULL REFERENCES orgs (id), name TEXT NOT NULL)");
    store_->write([](Conn& c) {
      c.exec("INSERT INTO orgs (id, code, size) VALUES (1, 'A', 1)");
      c.exec("INSERT INTO members (org_id, name) VALUES (1, '张三')");
    });
  }

  // The kind of the Error a write of `sql` raises; fails the test if it succeeds.
  ErrorKind kind_of(const std::string& sql) {
    try {
      store_->write([&](Conn& c) { c.exec(sql); });
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()), "") << sql;
      return e.kind();
    }
    ADD_FAILURE() << "no error from: " << sql;
    return ErrorKind::other;
  }
};

TEST_P(ErrorsTest, ConstraintViolationsAreClassified) {
  EXPECT_EQ(kind_of("INSERT INTO orgs (id, code) VALUES (1, 'B')"), ErrorKind::unique);       // primary key
  EXPECT_EQ(kind_of("INSERT INTO orgs (id, code) VALUES (2, 'A')"), ErrorKind::unique);       // UNIQUE column
  EXPECT_EQ(kind_of("INSERT INTO members (org_id, name) VALUES (99, 'x')"), ErrorKind::foreign_key);
  EXPECT_EQ(kind_of("DELETE FROM orgs WHERE id = 1"), ErrorKind::foreign_key);                // still referenced
  EXPECT_EQ(kind_of("INSERT INTO orgs (id, code) VALUES (3, NULL)"), ErrorKind::constraint);  // NOT NULL
  EXPECT_EQ(kind_of("UPDATE orgs SET size = -1"), ErrorKind::constraint);                     // CHECK
  EXPECT_EQ(kind_of("INSERT INTO no_such_table VALUES (1)"), ErrorKind::other);
  EXPECT_EQ(count("orgs"), 1);
  EXPECT_EQ(count("members"), 1);
}

TEST_P(ErrorsTest, MessagesCarryTheDatabaseText) {
  try {
    store_->write([](Conn& c) { c.exec("INSERT INTO orgs (id, code) VALUES (2, 'A')"); });
    FAIL() << "expected a unique violation";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_TRUE(msg.find("UNIQUE constraint failed") != std::string::npos ||
                msg.find("duplicate key value") != std::string::npos)
        << msg;
  }
}

TEST_P(ErrorsTest, ThrowingWriteLeavesNothing) {
  EXPECT_THROW(store_->write([](Conn& c) {
    c.exec("INSERT INTO orgs (id, code) VALUES (10, 'X')");
    c.exec("INSERT INTO members (org_id, name) VALUES (10, '李四')");
    throw std::runtime_error("validation failed after the inserts");
  }),
               std::runtime_error);
  EXPECT_EQ(count("orgs"), 1);
  EXPECT_EQ(count("members"), 1);

  // A database error half-way rolls back what came before it, too.
  EXPECT_THROW(store_->write([](Conn& c) {
    c.exec("INSERT INTO orgs (id, code) VALUES (11, 'Y')");
    c.exec("INSERT INTO orgs (id, code) VALUES (12, 'Y')");  // duplicate code
  }),
               Error);
  EXPECT_EQ(count("orgs"), 1);
  // Statements first prepared inside a rolled-back transaction still work.
  auto one = store::open(db_->url(), store::Options{.pool_size = 1});
  const char* insert = "INSERT INTO orgs (id, code) VALUES ($1, $2)";
  EXPECT_THROW(one->write([&](Conn& c) {
    c.exec(insert, {std::int64_t{40}, std::string("P")});
    throw std::runtime_error("roll back");
  }),
               std::runtime_error);
  one->write([&](Conn& c) { EXPECT_EQ(c.exec(insert, {std::int64_t{40}, std::string("P")}), 1); });
  one->write([&](Conn& c) { EXPECT_EQ(c.exec("DELETE FROM orgs WHERE id = $1", {std::int64_t{40}}), 1); });
  // And the store keeps working.
  store_->write([](Conn& c) { c.exec("INSERT INTO orgs (id, code) VALUES (13, 'Z')"); });
  EXPECT_EQ(count("orgs"), 2);
}

TEST_P(ErrorsTest, StatementAfterAnErrorInAWriteIsRefused) {
  // PostgreSQL aborts a transaction at its first error; SQLite is made to
  // refuse the same way, so code tested on SQLite does not break on PostgreSQL.
  bool refused = false;
  EXPECT_THROW(store_->write([&](Conn& c) {
    try {
      c.exec("INSERT INTO orgs (id, code) VALUES (1, 'dup')");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::unique);
    }
    try {
      c.exec("INSERT INTO orgs (id, code) VALUES (20, 'ok')");
    } catch (const Error& e) {
      refused = std::string(e.what()).find("earlier error") != std::string::npos;
      throw;
    }
  }),
               Error);
  EXPECT_TRUE(refused);
  EXPECT_EQ(count("orgs"), 1);
  // INSERT ... ON CONFLICT is the portable way to tolerate duplicates.
  store_->write([](Conn& c) {
    EXPECT_EQ(c.exec("INSERT INTO orgs (id, code) VALUES (1, 'dup') ON CONFLICT (id) DO NOTHING"), 0);
    EXPECT_EQ(c.exec("INSERT INTO orgs (id, code) VALUES (21, 'new') ON CONFLICT (id) DO NOTHING"), 1);
  });
  EXPECT_EQ(count("orgs"), 2);
}

TEST_P(ErrorsTest, MisuseIsReportedOnBothDatabases) {
  store_->read([](Conn& c) {
    EXPECT_THROW(c.query("SELECT id FROM orgs WHERE id = $1"), Error);  // parameter missing
    EXPECT_THROW(c.query("SELECT id FROM orgs WHERE id = $1", {std::int64_t{1}, std::int64_t{2}}), Error);
    EXPECT_THROW(c.query("SELEC 1"), Error);
    // A statement from inside each() (PostgreSQL is still streaming on the connection).
    bool refused = false;
    c.each("SELECT id FROM orgs", {}, [&](const store::Row&) {
      try {
        c.query("SELECT 1");
      } catch (const Error&) {
        refused = true;
      }
    });
    EXPECT_TRUE(refused);
    EXPECT_EQ(c.scalar_int64("SELECT count(*) FROM orgs"), 1);  // fine again afterwards
  });
  // write() inside read() cannot upgrade the read.
  EXPECT_THROW(store_->read([&](Conn&) { store_->write([](Conn&) {}); }), Error);
}

TEST_P(ErrorsTest, NestedCallsShareTheOuterTransaction) {
  store_->write([&](Conn& outer) {
    outer.exec("INSERT INTO orgs (id, code) VALUES (30, 'N')");
    // A read inside the write sees the write's own uncommitted row...
    EXPECT_EQ(store_->read([](Conn& c) { return c.scalar_int64("SELECT count(*) FROM orgs"); }), 2);
    // ...and a write inside it joins the same transaction.
    store_->write([](Conn& c) { c.exec("INSERT INTO orgs (id, code) VALUES (31, 'M')"); });
  });
  EXPECT_EQ(count("orgs"), 3);
  EXPECT_THROW(store_->write([&](Conn&) {
    store_->write([](Conn& c) { c.exec("INSERT INTO orgs (id, code) VALUES (32, 'L')"); });
    throw std::runtime_error("outer fails");
  }),
               std::runtime_error);
  EXPECT_EQ(count("orgs"), 3);  // the inner write went with the outer one
}

TEST_P(ErrorsTest, UnreachableDatabaseIsUnavailable) {
  const std::string url = GetParam() == "sqlite" ? "sqlite:/proc/self/no/such/dir/x.db"
                                                 : "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2";
  try {
    store::open(url);
    FAIL() << "opened " << url;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable) << e.what();
  }
}

// SQLite connections cannot be cut from outside, so this one runs on PostgreSQL only.
class PgErrorsTest : public ErrorsTest {};

TEST_P(PgErrorsTest, BrokenConnectionIsReplacedOnNextUse) {
  auto s = store::open(db_->url(), store::Options{.pool_size = 1});
  const auto pid = s->read([](Conn& c) { return c.scalar_int64("SELECT pg_backend_pid()").value(); });
  store_->read([&](Conn& c) { c.query("SELECT pg_terminate_backend($1::int, 5000)", {pid}); });
  // The first use notices the dead connection...
  try {
    s->read([](Conn& c) { c.query("SELECT 1"); });
    ADD_FAILURE() << "a terminated connection still answered";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable) << e.what();
  }
  // ...and the next one gets a fresh session, prepared statements and all.
  const auto again = s->read([](Conn& c) { return c.scalar_int64("SELECT pg_backend_pid()").value(); });
  EXPECT_NE(again, pid);
  s->write([](Conn& c) { c.exec("INSERT INTO orgs (id, code) VALUES ($1, $2)", {std::int64_t{50}, std::string("R")}); });
  EXPECT_EQ(count("orgs"), 2);
}

TEST_P(ErrorsTest, DescribeHidesThePassword) {
  if (GetParam() == "sqlite") {
    EXPECT_EQ(store_->describe(), db_->url());
    return;
  }
  // The test server trusts local connections, so a made-up password still connects.
  std::string url = db_->url();
  const auto at = url.find('@');
  ASSERT_NE(at, std::string::npos) << "test URL without a user: " << url;
  if (url.substr(0, at).find(':', url.find("://") + 3) == std::string::npos) url.insert(at, ":s3cr3t-pw");
  url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("password=s3cr3t-pw");
  auto s = store::open(url, store::Options{.pool_size = 1});
  EXPECT_TRUE(s->ping());
  EXPECT_EQ(s->describe().find("s3cr3t"), std::string::npos) << s->describe();
  EXPECT_TRUE(s->describe().starts_with("postgres")) << s->describe();
}

DJ_INSTANTIATE_BACKENDS(ErrorsTest);
INSTANTIATE_TEST_SUITE_P(PgOnly, PgErrorsTest, ::testing::Values("pg"), ::dj::test::backend_name);

}  // namespace
}  // namespace dj::test
