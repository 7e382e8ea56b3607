// Values go in and come back unchanged, placeholders mean the same on both
// databases, and each() streams.
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "fixture.h"

namespace dj::test {
namespace {

using store::Blob;
using store::Conn;
using store::Params;
using store::Result;
using store::Row;
using store::Value;

class TypesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (!store_) return;  // skipped (or failed: PostgreSQL required but missing)
    ddl("CREATE TABLE vals (id BIGINT PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, s TEXT, b @BLOB@)");
  }
};

const std::string kChinese = "党建引领·基层治理 ✓ 𠀀";  // includes a 4-byte (supplementary plane) character
const std::string kBytes = std::string("\0\x01\xff\xfe\0zero\0", 10);

TEST_P(TypesTest, RoundTripsEveryType) {
  const std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  const std::int64_t hi = std::numeric_limits<std::int64_t>::max();
  store_->write([&](Conn& c) {
    const char* ins = "INSERT INTO vals (id, i, d, s, b) VALUES ($1, $2, $3, $4, $5)";
    EXPECT_EQ(c.exec(ins, {std::int64_t{1}, lo, -1.25e300, kChinese, Blob{kBytes}}), 1);
    EXPECT_EQ(c.exec(ins, {std::int64_t{2}, hi, 0.1, std::string(), Blob{}}), 1);
    EXPECT_EQ(c.exec(ins, {std::int64_t{3}, Value{}, Value{}, Value{}, Value{}}), 1);
  });

  const Result r = store_->read([](Conn& c) { return c.query("SELECT id, i, d, s, b FROM vals ORDER BY id"); });
  ASSERT_EQ(r.size(), 3u);
  ASSERT_EQ(r.columns, (std::vector<std::string>{"id", "i", "d", "s", "b"}));
  EXPECT_EQ(r.int64(0, 1), lo);
  EXPECT_EQ(r.int64(1, 1), hi);
  EXPECT_EQ(r.real(0, 2), -1.25e300);
  EXPECT_EQ(r.real(1, 2), 0.1);  // exact: shortest round-trip text on PostgreSQL
  EXPECT_EQ(r.text(0, 3), kChinese);
  EXPECT_EQ(r.text(1, 3), "");
  EXPECT_FALSE(r.is_null(1, 3));  // empty text is not NULL
  EXPECT_EQ(r.rows[0][4], Value(Blob{kBytes}));
  EXPECT_EQ(r.rows[1][4], Value(Blob{}));
  EXPECT_EQ(r.rows[0][1], Value(lo));  // materialised with the column's own type
  EXPECT_EQ(r.rows[0][3], Value(kChinese));
  for (int col = 1; col <= 4; ++col) {
    EXPECT_TRUE(r.is_null(2, col)) << col;
    EXPECT_EQ(r.int64(2, col), 0);
    EXPECT_EQ(r.text(2, col), "");
  }
  EXPECT_THROW(r.int64(3, 0), std::out_of_range);
  EXPECT_THROW(r.int64(0, 5), std::out_of_range);
  EXPECT_EQ(r.column("s"), 3);
  EXPECT_EQ(r.column("nope"), -1);

  // The same through the streaming Row interface.
  int seen = 0;
  store_->read([&](Conn& c) {
    c.each("SELECT id, i, d, s, b FROM vals ORDER BY id", {}, [&](const Row& row) {
      ++seen;
      ASSERT_EQ(row.size(), 5);
      EXPECT_EQ(row.name(3), "s");
      switch (row.int64(0)) {
        case 1:
          EXPECT_EQ(row.int64(1), lo);
          EXPECT_EQ(row.real(2), -1.25e300);
          EXPECT_EQ(row.text(3), kChinese);
          EXPECT_EQ(row.blob(4), kBytes);
          EXPECT_FALSE(row.is_null(4));
          break;
        case 2:
          EXPECT_EQ(row.int64(1), hi);
          EXPECT_EQ(row.blob(4), "");
          EXPECT_FALSE(row.is_null(4));
          EXPECT_EQ(row.opt_text(3), std::optional<std::string>(""));
          break;
        default:
          for (int col = 1; col <= 4; ++col) EXPECT_TRUE(row.is_null(col)) << col;
          EXPECT_EQ(row.opt_int64(1), std::nullopt);
          EXPECT_EQ(row.opt_text(3), std::nullopt);
          EXPECT_EQ(row.blob(4), "");
      }
    });
  });
  EXPECT_EQ(seen, 3);
}

TEST_P(TypesTest, ExpressionsComeBackAsNumbers) {
  // count(*) and sum() of BIGINT are integers, avg() a double, comparisons 0/1 - on both databases.
  store_->write([](Conn& c) {
    for (std::int64_t i = 1; i <= 4; ++i) c.exec("INSERT INTO vals (id, i) VALUES ($1, $1)", {i});
  });
  const Result r = store_->read(
      [](Conn& c) { return c.query("SELECT count(*) AS n, sum(i) AS total, avg(i) AS mean, (1 = 1) AS yes FROM vals"); });
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.rows[0][0], Value(std::int64_t{4}));
  EXPECT_EQ(r.rows[0][1], Value(std::int64_t{10}));
  EXPECT_DOUBLE_EQ(r.real(0, 2), 2.5);
  EXPECT_EQ(r.int64(0, 3), 1);
}

TEST_P(TypesTest, PlaceholdersReusedOutOfOrderAndInsideLiterals) {
  store_->write([](Conn& c) {
    // $2 before $1, and $2 used twice.
    c.exec("INSERT INTO vals (id, s, i) VALUES ($2, $1, $2)", {std::string("二"), std::int64_t{2}});
    c.exec("INSERT INTO vals (s, id) VALUES ($1, $2)", {std::string("$1"), std::int64_t{7}});
  });
  store_->read([](Conn& c) {
    const Result r = c.query("SELECT id, s, i FROM vals WHERE id = $1 OR id = $1 + 5 ORDER BY id", {std::int64_t{2}});
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r.int64(0, 0), 2);
    EXPECT_EQ(r.text(0, 1), "二");
    EXPECT_EQ(r.int64(0, 2), 2);
    EXPECT_EQ(r.text(1, 1), "$1");
    // '$1' inside a literal stays a literal; -- $2 in a comment is not a parameter.
    const Result lit = c.query("SELECT '$1' AS lit, s FROM vals WHERE s = $1 -- and $2\n", {std::string("$1")});
    ASSERT_EQ(lit.size(), 1u);
    EXPECT_EQ(lit.text(0, 0), "$1");
    EXPECT_EQ(c.scalar_int64("SELECT i * 10 FROM vals WHERE /* $9 */ id = $1", {std::int64_t{2}}), 20);
  });
}

TEST_P(TypesTest, ReturningGivesTheNewId) {
  ddl("CREATE TABLE items (id @ID@, name TEXT NOT NULL)");
  std::vector<std::int64_t> ids;
  store_->write([&](Conn& c) {
    for (const char* name : {"甲", "乙", "丙"})
      ids.push_back(c.scalar_int64("INSERT INTO items (name) VALUES ($1) RETURNING id", {std::string(name)}).value());
  });
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_LT(ids[0], ids[1]);
  EXPECT_LT(ids[1], ids[2]);
  EXPECT_EQ(store_->read([&](Conn& c) { return c.scalar_text("SELECT name FROM items WHERE id = $1", {ids[1]}); }),
            "乙");
  // exec() reports rows changed, RETURNING or not.
  EXPECT_EQ(store_->write([](Conn& c) { return c.exec("UPDATE items SET name = name || '!'"); }), 3);
  EXPECT_EQ(store_->write([](Conn& c) { return c.exec("DELETE FROM items WHERE id < 0"); }), 0);
  EXPECT_EQ(store_->write([](Conn& c) { return c.exec("INSERT INTO items (name) VALUES ('丁') RETURNING id"); }), 1);
}

TEST_P(TypesTest, EachStreamsEveryRowInOrder) {
  constexpr std::int64_t kRows = 3000;
  store_->write([&](Conn& c) {
    for (std::int64_t i = 1; i <= kRows; ++i)
      c.exec("INSERT INTO vals (id, i, s) VALUES ($1, $2, $3)", {i, i * i, "行" + std::to_string(i)});
  });
  std::int64_t n = 0, last = 0;
  bool ordered = true, texts_ok = true;
  store_->read([&](Conn& c) {
    c.each("SELECT id, i, s FROM vals WHERE id > $1 ORDER BY id", {std::int64_t{0}}, [&](const Row& row) {
      ++n;
      ordered = ordered && row.int64(0) == last + 1 && row.int64(1) == row.int64(0) * row.int64(0);
      texts_ok = texts_ok && row.text(2) == "行" + std::to_string(row.int64(0));
      last = row.int64(0);
    });
  });
  EXPECT_EQ(n, kRows);
  EXPECT_TRUE(ordered);
  EXPECT_TRUE(texts_ok);

  // A callback that throws stops the stream; the exception reaches the
  // caller and the connection is fine afterwards.
  int calls = 0;
  EXPECT_THROW(store_->read([&](Conn& c) {
    c.each("SELECT id FROM vals ORDER BY id", {}, [&](const Row&) {
      if (++calls == 10) throw std::runtime_error("enough");
    });
  }),
               std::runtime_error);
  EXPECT_EQ(calls, 10);
  for (int i = 0; i < 6; ++i)  // every pooled connection is still usable
    EXPECT_EQ(count("vals"), kRows);
  store_->write([](Conn& c) {
    int in_tx = 0;
    EXPECT_THROW(c.each("SELECT id FROM vals ORDER BY id", {}, [&](const Row&) {
      if (++in_tx == 5) throw std::logic_error("stop");
    }),
                 std::logic_error);
    EXPECT_EQ(c.exec("UPDATE vals SET i = 0 WHERE id = 1"), 1);  // the transaction goes on
  });
  EXPECT_EQ(store_->read([](Conn& c) { return c.scalar_int64("SELECT i FROM vals WHERE id = 1"); }), 0);
}

TEST_P(TypesTest, ScalarHelpers) {
  store_->read([](Conn& c) {
    EXPECT_EQ(c.scalar_int64("SELECT id FROM vals"), std::nullopt);  // no row
    EXPECT_EQ(c.scalar_text("SELECT NULL"), std::nullopt);
    EXPECT_EQ(c.scalar_int64("SELECT 41 + 1"), 42);
    EXPECT_EQ(c.scalar_text("SELECT 'x'"), "x");
  });
  EXPECT_EQ(store_->dialect(), GetParam() == "sqlite" ? store::Dialect::sqlite : store::Dialect::postgres);
  EXPECT_TRUE(store_->ping());
  EXPECT_EQ(store_->integrity_check(), "");
}

DJ_INSTANTIATE_BACKENDS(TypesTest);

}  // namespace
}  // namespace dj::test
