// Many writers, readers alongside them, retries and pool figures.
#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "fixture.h"

namespace dj::test {
namespace {

using namespace std::chrono_literals;
using store::Conn;

class ConcurrencyTest : public StoreTest {
 protected:
  // Eight threads hammering one row is the worst case for SERIALIZABLE: an
  // unlucky transaction can lose the race ~10 times in a row (measured), more
  // than the default allows. What is tested here is that no increment is lost.
  store::Options options() const override { return store::Options{.max_retries = 100}; }
};

// Waits (bounded) until pred() holds.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST_P(ConcurrencyTest, ConcurrentIncrementsAreNotLost) {
  ddl("CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)");
  store_->write([](Conn& c) { c.exec("INSERT INTO counter (id, n) VALUES (1, 0)"); });
  constexpr int kThreads = 8, kIncrements = 200;
  std::atomic<int> failures{0}, max_attempts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        try {
          // Read, then write what was read plus one: a lost update shows up
          // unless the write transactions are truly isolated.
          int attempts = 0;
          store_->write([&](Conn& c) {
            ++attempts;
            const auto n = c.scalar_int64("SELECT n FROM counter WHERE id = 1").value();
            c.exec("UPDATE counter SET n = $1 WHERE id = 1", {n + 1});
          });
          for (int m = max_attempts; attempts > m && !max_attempts.compare_exchange_weak(m, attempts);) {
          }
        } catch (const std::exception& e) {
          if (failures++ == 0) ADD_FAILURE() << e.what();
        }
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store_->read([](Conn& c) { return c.scalar_int64("SELECT n FROM counter WHERE id = 1"); }),
            kThreads * kIncrements);
  RecordProperty("most_attempts_of_one_write", max_attempts.load());
  RecordProperty("retries_total", std::to_string(store_->stats().retries_total));
  const auto stats = store_->stats();
  EXPECT_GE(stats.acquired_total, static_cast<std::uint64_t>(kThreads * kIncrements));
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_EQ(stats.waiting, 0);
}

TEST_P(ConcurrencyTest, ReadersSeeCommittedStateOnlyAndAreNotBlocked) {
  ddl("CREATE TABLE accounts (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL)");
  store_->write([](Conn& c) {
    for (std::int64_t i = 1; i <= 10; ++i) c.exec("INSERT INTO accounts (id, balance) VALUES ($1, 100)", {i});
  });

  // A write in progress is invisible, and does not hold readers up.
  std::promise<void> inserted, release;
  auto release_future = release.get_future().share();
  std::thread writer([&] {
    store_->write([&](Conn& c) {
      c.exec("INSERT INTO accounts (id, balance) VALUES (99, 5)");
      inserted.set_value();
      release_future.wait();
    });
  });
  inserted.get_future().wait();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(count("accounts"), 10);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  release.set_value();
  writer.join();
  EXPECT_EQ(count("accounts"), 11);
  store_->write([](Conn& c) { c.exec("DELETE FROM accounts WHERE id = 99"); });

  // Transfers keep the total at 1000; readers never see a half-done one.
  std::atomic<bool> stop{false};
  std::atomic<int> bad_totals{0}, reads{0}, bad_snapshots{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 150; ++i) {
        const std::int64_t from = (i + t) % 10 + 1, to = (i * 7 + t + 1) % 10 + 1;
        store_->write([&](Conn& c) {
          c.exec("UPDATE accounts SET balance = balance - 3 WHERE id = $1", {from});
          c.exec("UPDATE accounts SET balance = balance + 3 WHERE id = $1", {to});
        });
      }
    });
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&] {
      while (!stop) {
        store_->read([&](Conn& c) {
          if (c.scalar_int64("SELECT sum(balance) FROM accounts") != 1000) ++bad_totals;
          // On SQLite one read() is one snapshot, so separate statements agree too.
          if (c.dialect() == store::Dialect::sqlite) {
            std::int64_t sum = 0;
            for (std::int64_t id = 1; id <= 10; ++id)
              sum += c.scalar_int64("SELECT balance FROM accounts WHERE id = $1", {id}).value();
            if (sum != 1000) ++bad_snapshots;
          }
        });
        ++reads;
      }
    });
  for (int t = 0; t < 3; ++t) threads[static_cast<std::size_t>(t)].join();
  stop = true;
  for (std::size_t t = 3; t < threads.size(); ++t) threads[t].join();
  EXPECT_EQ(bad_totals.load(), 0);
  EXPECT_EQ(bad_snapshots.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(store_->read([](Conn& c) { return c.scalar_int64("SELECT sum(balance) FROM accounts"); }), 1000);
}

TEST_P(ConcurrencyTest, ConflictingWriteIsRetriedAndCounted) {
  ddl("CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)");
  store_->write([](Conn& c) { c.exec("INSERT INTO counter (id, n) VALUES (1, 0)"); });
  const auto retries_before = store_->stats().retries_total;
  std::promise<void> a_inside, b_done;
  auto b_done_future = b_done.get_future().share();
  std::atomic<int> a_attempts{0};

  if (GetParam() == "sqlite") {
    // A second process-like store on the same file, with no busy timeout: its
    // BEGIN IMMEDIATE fails with SQLITE_BUSY while A holds the write lock.
    auto other = store::open(db_->url(), store::Options{.busy_timeout_ms = 0, .max_retries = 50});
    const auto other_before = other->stats().retries_total;
    std::thread a([&] {
      store_->write([&](Conn& c) {
        c.exec("UPDATE counter SET n = n + 1 WHERE id = 1");
        if (a_attempts++ == 0) a_inside.set_value();
        std::this_thread::sleep_for(200ms);
      });
    });
    a_inside.get_future().wait();
    other->write([](Conn& c) { c.exec("UPDATE counter SET n = n + 1 WHERE id = 1"); });
    a.join();
    EXPECT_GT(other->stats().retries_total, other_before);
  } else {
    // A reads, B updates the row and commits, then A's update of the same row
    // is a serialization failure (40001): A must be retried from the start.
    std::thread a([&] {
      store_->write([&](Conn& c) {
        const auto n = c.scalar_int64("SELECT n FROM counter WHERE id = 1").value();
        if (a_attempts++ == 0) {
          a_inside.set_value();
          b_done_future.wait();
        }
        c.exec("UPDATE counter SET n = $1 WHERE id = 1", {n + 1});
      });
    });
    a_inside.get_future().wait();
    store_->write([](Conn& c) { c.exec("UPDATE counter SET n = n + 1 WHERE id = 1"); });
    b_done.set_value();
    a.join();
    EXPECT_GE(a_attempts.load(), 2);
    EXPECT_GT(store_->stats().retries_total, retries_before);
  }
  EXPECT_EQ(store_->read([](Conn& c) { return c.scalar_int64("SELECT n FROM counter WHERE id = 1"); }), 2);
}

TEST_P(ConcurrencyTest, RetriesGiveUpAfterMaxRetries) {
  auto s = store::open(db_->url(), store::Options{.pool_size = 1, .max_retries = 3});
  int attempts = 0;
  try {
    s->write([&](Conn&) {
      ++attempts;
      throw store::Error(store::ErrorKind::retryable, "simulated serialization failure");
    });
    FAIL() << "write() succeeded";
  } catch (const store::Error& e) {
    EXPECT_EQ(e.kind(), store::ErrorKind::retryable);
  }
  EXPECT_EQ(attempts, 4);  // the first attempt and 3 retries
  EXPECT_EQ(s->stats().retries_total, 3u);
  // Other errors are not retried.
  attempts = 0;
  EXPECT_THROW(s->write([&](Conn&) {
    ++attempts;
    throw store::Error(store::ErrorKind::unique, "dup");
  }),
               store::Error);
  EXPECT_EQ(attempts, 1);
}

TEST_P(ConcurrencyTest, PoolStatsMove) {
  auto s = store::open(db_->url(), store::Options{.pool_size = 1});
  const auto before = s->stats();
  EXPECT_GE(before.size, 1);
  s->read([](Conn& c) { c.query("SELECT 1"); });
  EXPECT_GT(s->stats().acquired_total, before.acquired_total);

  // One connection, two readers: the second waits, and the wait is measured.
  std::promise<void> holding, release;
  auto release_future = release.get_future().share();
  std::thread a([&] {
    s->read([&](Conn&) {
      holding.set_value();
      release_future.wait();
    });
  });
  holding.get_future().wait();
  EXPECT_GE(s->stats().in_use, 1);
  std::thread b([&] { s->read([](Conn& c) { c.query("SELECT 1"); }); });
  EXPECT_TRUE(eventually([&] { return s->stats().waiting == 1; }));
  std::this_thread::sleep_for(20ms);
  release.set_value();
  a.join();
  b.join();
  const auto after = s->stats();
  EXPECT_EQ(after.waiting, 0);
  EXPECT_EQ(after.in_use, 0);
  EXPECT_GE(after.wait_ns_total, before.wait_ns_total + 20'000'000u);
  EXPECT_GE(after.acquired_total, before.acquired_total + 3);
}

DJ_INSTANTIATE_BACKENDS(ConcurrencyTest);

}  // namespace
}  // namespace dj::test
