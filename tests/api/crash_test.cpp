// Crash safety: concurrent writers, the server is SIGKILLed mid-load, then
// restarted; every write that was acknowledged with 2xx must be there and the
// database must pass its integrity check. Runs on both backends.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "harness.h"
#include "store/store.h"
#include "support/test_db.h"

namespace dj::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class CrashTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CrashTest, AcknowledgedWritesSurviveKill9) {
  if (GetParam() == "pg" && pg_unavailable_should_skip()) GTEST_SKIP() << "PostgreSQL not configured";
  TestDb db(GetParam());
  for (int round = 0; round < 2; ++round) {  // twice: the restarted server must survive a kill too
    SCOPED_TRACE(round);
    ServerProcess server(db.url(), db.dir());
    ASSERT_TRUE(server.start()) << server.log();
    const int port = server.port();
    constexpr int kWriters = 8;
    std::vector<std::set<int>> acked(kWriters);
    std::atomic<int> total{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < kWriters; ++t)
      writers.emplace_back([&, t] {
        const std::string client = "r" + std::to_string(round) + "w" + std::to_string(t);
        for (int seq = 1;; ++seq) {
          try {
            auto body = json::serialize(json::value{{"client", client}, {"seq", seq}, {"payload", "崩溃测试"}});
            auto r = http_request(port, "POST", "/api/v1/_selftest/writes", body);
            if (r.status != 201) return;
            acked[t].insert(seq);
            ++total;
          } catch (const std::exception&) {
            return;  // the server is gone
          }
        }
      });
    // Let the load build up, then pull the plug mid-stream.
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (total < 200 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
    server.kill9();
    for (auto& w : writers) w.join();
    ASSERT_GE(total.load(), 200) << "the load ran before the kill";

    ServerProcess again(db.url(), db.dir());
    ASSERT_TRUE(again.start()) << again.log();
    for (int t = 0; t < kWriters; ++t) {
      const std::string client = "r" + std::to_string(round) + "w" + std::to_string(t);
      auto r = http_request(again.port(), "GET", "/api/v1/_selftest/writes?client=" + client);
      ASSERT_EQ(r.status, 200);
      std::set<int> present;
      const auto body = r.json();  // keep the document alive while iterating it
      for (const auto& v : body.at("seqs").as_array()) present.insert(static_cast<int>(v.as_int64()));
      for (int seq : acked[t]) EXPECT_TRUE(present.count(seq)) << client << " lost acknowledged seq " << seq;
      // Nothing beyond the one write that was in flight when the server died.
      if (!present.empty()) {
        EXPECT_LE(*present.rbegin(), (acked[t].empty() ? 0 : *acked[t].rbegin()) + 1);
      }
    }
    EXPECT_EQ(again.terminate(), 0);
    auto store = store::open(db.url());
    EXPECT_EQ(store->integrity_check(), "");
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
