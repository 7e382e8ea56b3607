// Many audited writers at once: the chain stays whole and ids consecutive.
#include <atomic>
#include <chrono>
#include <thread>

#include "audit_fixture.h"

namespace dj::test {
namespace {

using store::Conn;

class AuditConcurrencyTest : public AuditTest {};  // default Options: max_retries must suffice

TEST_P(AuditConcurrencyTest, EightWritersKeepTheChainWhole) {
  ddl("CREATE TABLE things (id @ID@, name TEXT NOT NULL)");
  constexpr int kThreads = 8, kPerThread = 50;
  std::atomic<int> failures{0};
  const auto retries_before = store_->stats().retries_total;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      audit::Actor actor;
      actor.user_id = t + 1;
      actor.username = "writer" + std::to_string(t);
      for (int i = 0; i < kPerThread; ++i) {
        try {
          store_->write([&](Conn& c) {
            audit::lock_chain(c);
            const auto id = c.scalar_int64("INSERT INTO things (name) VALUES ($1) RETURNING id",
                                           {"t" + std::to_string(t) + "-" + std::to_string(i)});
            audit::Entry e;
            e.action = "thing.create";
            e.entity = "thing";
            e.entity_id = std::to_string(id.value());
            e.detail = {{"i", i}};
            audit::append(c, actor, e);
          });
        } catch (const std::exception& ex) {
          if (failures++ == 0) ADD_FAILURE() << ex.what();
        }
      }
    });
  for (auto& th : threads) th.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count("audit_log"), kThreads * kPerThread);
  EXPECT_EQ(count("things"), kThreads * kPerThread);
  const auto span = store_->read(
      [](Conn& c) { return c.query("SELECT min(id), max(id), count(DISTINCT id) FROM audit_log"); });
  EXPECT_EQ(span.int64(0, 0), 1);
  EXPECT_EQ(span.int64(0, 1), kThreads * kPerThread);
  EXPECT_EQ(span.int64(0, 2), kThreads * kPerThread);
  const auto r = audit::verify(*store_);
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.rows_checked, kThreads * kPerThread);
  const double rate = kThreads * kPerThread / seconds;
  RecordProperty("appends_per_second", std::to_string(static_cast<long>(rate)));
  RecordProperty("retries", std::to_string(store_->stats().retries_total - retries_before));
  std::printf("[ %s ] %d audited writes by %d threads: %.0f rows/s, %llu retries\n", GetParam().c_str(),
              kThreads * kPerThread, kThreads, rate,
              static_cast<unsigned long long>(store_->stats().retries_total - retries_before));
}

TEST_P(AuditConcurrencyTest, ReadersAndVerifyRunWhileWritersAppend) {
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  std::thread writer([&] {
    for (int i = 0; i < 100; ++i) add("member.update", "w", 0, {{"i", i}});
    stop = true;
  });
  int verifications = 0;
  while (!stop) {
    const auto r = audit::verify(*store_);
    if (!r.ok) {
      if (bad++ == 0) ADD_FAILURE() << r.problem;
    }
    ++verifications;
  }
  writer.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(verifications, 0);
  EXPECT_TRUE(audit::verify(*store_).ok);
}

DJ_INSTANTIATE_BACKENDS(AuditConcurrencyTest);

}  // namespace
}  // namespace dj::test
