// The password lane (server.h, docs/decisions.md 47): routes that hash
// passwords run on their own small pool (threads named dj-password), so
// requests waiting for a hash slot never hold the general workers; its queue
// is bounded (503 + Retry-After beyond it); queued ones are refused at
// shutdown; and every answer is handed back as soon as its handler is done,
// not after the queue behind it.
//
// A "hash" here is a handler that blocks until the test opens a gate, so the
// tests do not depend on how fast the machine is: the checks that involve
// time allow seconds for what takes milliseconds.
#include <gtest/gtest.h>

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http/server.h"
#include "test_client.h"
#include "test_support.h"

namespace dj::http {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using test::Client;
using test::error_of;
using test::make_request;
using test::Reply;

std::string my_thread_name() {
  char name[32] = {};
  ::pthread_getname_np(::pthread_self(), name, sizeof name);
  return name;
}

// Blocks handlers until opened.
class Gate {
 public:
  void pass() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return open_; });
  }
  void open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

// One request on its own connection in a background thread.
struct Call {
  std::optional<Reply> reply;
  Clock::time_point answered;
  std::thread thread;
};

class PasswordLaneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A sign-in: waits at the gate like a request waiting for an Argon2id slot.
    add(Method::POST, "/api/login", true, [this](Request&) {
      started.fetch_add(1);
      gate.pass();
      return Response::json(boost::json::object{{"ok", true}});
    });
    add(Method::POST, "/api/slow-login", true, [](Request&) {
      std::this_thread::sleep_for(150ms);
      return Response::json(boost::json::object{{"ok", true}});
    });
    add(Method::GET, "/api/slow", false, [](Request&) {
      std::this_thread::sleep_for(150ms);
      return Response::json(boost::json::object{{"ok", true}});
    });
    add(Method::GET, "/api/hello", false, [](Request&) {
      return Response::json(boost::json::object{{"hello", "世界"}});
    });
    auto where = [](Request&) { return Response::json(boost::json::object{{"thread", my_thread_name()}}); };
    add(Method::GET, "/api/where", false, where);
    add(Method::POST, "/api/where", true, where);
  }

  void TearDown() override {
    gate.open();
    for (auto& c : calls)
      if (c->thread.joinable()) c->thread.join();
    stop();
  }

  void add(Method m, std::string pattern, bool hashes, Handler h) {
    Route r;
    r.method = m;
    r.pattern = std::move(pattern);
    r.access = Access::public_route();
    r.handler = std::move(h);
    r.hashes_password = hashes;
    router.add(std::move(r));
  }

  void start(ServerOptions options) {
    options.listen = "127.0.0.1:0";
    dispatcher = std::make_unique<Dispatcher>(router, metrics, limits, "/nonexistent/web");
    server = std::make_unique<Server>(options, *dispatcher, metrics);
    server->bind();
    port = server->port();
    ASSERT_GT(port, 0);
    runner = std::thread([this] { server->run(); });
  }

  void stop() {
    if (!runner.joinable()) return;
    server->stop();
    runner.join();
  }

  // Sends the request now; the answer (or nullopt after `timeout_ms`) arrives in the background.
  Call& call(const std::string& method, const std::string& path, int timeout_ms = 20000) {
    calls.push_back(std::make_unique<Call>());
    Call* c = calls.back().get();
    std::string body = method == "POST" ? "{}" : "";
    std::string headers = method == "POST" ? "Content-Type: application/json\r\n" : "";
    c->thread = std::thread([this, c, method, path, body, headers, timeout_ms] {
      Client client(port);
      if (client.send(make_request(method, path, headers, body))) c->reply = client.read(timeout_ms);
      c->answered = Clock::now();
    });
    return *c;
  }

  std::optional<Reply> call_now(const std::string& method, const std::string& path, int timeout_ms) {
    Call& c = call(method, path, timeout_ms);
    c.thread.join();
    return c.reply;
  }

  // Waits (up to 10 s) until `ok` holds.
  template <class F>
  static bool eventually(F ok) {
    for (auto until = Clock::now() + 10s; Clock::now() < until; std::this_thread::sleep_for(5ms))
      if (ok()) return true;
    return ok();
  }

  void join_all() {
    for (auto& c : calls)
      if (c->thread.joinable()) c->thread.join();
  }

  Router router;
  Metrics metrics;
  Limits limits;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<Server> server;
  std::thread runner;
  int port = 0;
  Gate gate;
  std::atomic<int> started{0};
  std::vector<std::unique_ptr<Call>> calls;
};

ServerOptions opts(int workers, int password_threads, int queue = 1000) {
  ServerOptions o;
  o.io_threads = 2;
  o.worker_threads = workers;
  o.password_threads = password_threads;
  o.password_queue = queue;
  return o;
}

// The storm of issue #7: with every hash slot taken and many more sign-ins
// waiting, a cheap request is still answered at once (before: the waiting
// sign-ins held every worker, and it waited for the whole queue).
TEST_F(PasswordLaneTest, WaitingSignInsDoNotHoldTheWorkers) {
  start(opts(/*workers=*/2, /*password_threads=*/2));
  constexpr int kSignIns = 12;
  for (int i = 0; i < kSignIns; ++i) call("POST", "/api/login");
  ASSERT_TRUE(eventually([&] { return started.load() == 2; }));
  std::this_thread::sleep_for(200ms);  // the other sign-ins arrive and queue
  EXPECT_EQ(metrics.password_lane_requests.load(), kSignIns);

  auto t0 = Clock::now();
  for (int i = 0; i < 5; ++i) {
    auto hello = call_now("GET", "/api/hello", 5000);
    ASSERT_TRUE(hello) << "a cheap request waited behind the sign-ins";
    EXPECT_EQ(hello->status, 200);
  }
  EXPECT_LT(Clock::now() - t0, 5s);
  // Only the lane's two threads ever entered the "hash".
  EXPECT_EQ(started.load(), 2);

  gate.open();
  join_all();
  for (int i = 0; i < kSignIns; ++i) {
    ASSERT_TRUE(calls[i]->reply) << "sign-in " << i << " not answered";
    EXPECT_EQ(calls[i]->reply->status, 200);
  }
  EXPECT_EQ(started.load(), kSignIns);
  EXPECT_EQ(metrics.password_lane_requests.load(), 0);
}

TEST_F(PasswordLaneTest, OnlyFlaggedRoutesRunOnTheLane) {
  start(opts(2, 1));
  auto general = call_now("GET", "/api/where", 5000);
  auto lane = call_now("POST", "/api/where", 5000);
  ASSERT_TRUE(general && lane);
  ASSERT_EQ(general->status, 200);
  ASSERT_EQ(lane->status, 200);
  EXPECT_EQ(boost::json::parse(lane->body).at("thread").as_string(), "dj-password") << lane->body;
  EXPECT_NE(boost::json::parse(general->body).at("thread").as_string(), "dj-password") << general->body;
}

TEST_F(PasswordLaneTest, FullQueueAnswers503WithRetryAfter) {
  start(opts(2, /*password_threads=*/1, /*queue=*/3));
  for (int i = 0; i < 3; ++i) call("POST", "/api/login");
  ASSERT_TRUE(eventually([&] { return metrics.password_lane_requests.load() == 3; }));

  auto refused = call_now("POST", "/api/login", 5000);
  ASSERT_TRUE(refused) << "the fourth sign-in should be refused at once, not queued";
  EXPECT_EQ(refused->status, 503) << refused->body;
  auto error = error_of(refused->body);
  EXPECT_EQ(error["code"], "busy");
  EXPECT_NE(std::string(error["message"].as_string()).find("秒后重试"), std::string::npos) << refused->body;
  const std::string retry = refused->header("Retry-After");
  ASSERT_FALSE(retry.empty());
  EXPECT_GE(std::stoi(retry), 1);
  EXPECT_FALSE(refused->header("X-Request-Id").empty());
  EXPECT_EQ(metrics.password_lane_refused_total.load(), 1u);
  EXPECT_EQ(started.load(), 1);  // the refused one never ran

  gate.open();
  join_all();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(calls[i]->reply);
    EXPECT_EQ(calls[i]->reply->status, 200);
  }
  // The queue has room again.
  auto later = call_now("POST", "/api/login", 5000);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 200);
  EXPECT_EQ(metrics.password_lane_requests.load(), 0);
  EXPECT_NE(metrics.render().find("dangjian_http_password_lane_refused_total 1"), std::string::npos);
}

// Each answer leaves as soon as its handler is done. (Before, a finished
// handler's answer was queued behind every request still waiting for a
// worker, so a queue's answers all arrived together at its end.)
TEST_F(PasswordLaneTest, AnswersLeaveWhenReadyNotWhenTheQueueDrains) {
  start(opts(/*workers=*/1, /*password_threads=*/1));
  constexpr int kEach = 6;  // 150 ms each, one at a time: ~0.9 s per kind
  auto t0 = Clock::now();
  for (int i = 0; i < kEach; ++i) call("GET", "/api/slow");
  for (int i = 0; i < kEach; ++i) call("POST", "/api/slow-login");
  join_all();
  for (int kind = 0; kind < 2; ++kind) {
    Clock::time_point first = Clock::time_point::max(), last = Clock::time_point::min();
    for (int i = 0; i < kEach; ++i) {
      const Call& c = *calls[kind * kEach + i];
      ASSERT_TRUE(c.reply);
      EXPECT_EQ(c.reply->status, 200);
      first = std::min(first, c.answered);
      last = std::max(last, c.answered);
    }
    // Expected: first after ~0.15 s, last after ~0.9 s.
    EXPECT_GT(last - first, 400ms) << (kind ? "password lane" : "workers") << ": first answer after "
                                   << std::chrono::duration_cast<std::chrono::milliseconds>(first - t0).count()
                                   << " ms, last after "
                                   << std::chrono::duration_cast<std::chrono::milliseconds>(last - t0).count()
                                   << " ms";
  }
}

// On SIGTERM the sign-ins still queued are answered 503 instead of being run
// one by one through the grace period; the one running finishes.
TEST_F(PasswordLaneTest, StoppingRefusesQueuedSignIns) {
  start(opts(2, /*password_threads=*/1));
  for (int i = 0; i < 3; ++i) call("POST", "/api/login");
  ASSERT_TRUE(eventually([&] { return metrics.password_lane_requests.load() == 3 && started.load() == 1; }));
  server->stop();
  // Stopping has begun once new connections are refused.
  ASSERT_TRUE(eventually([&] { return !Client(port).connected(); }));
  auto t0 = Clock::now();
  gate.open();
  join_all();
  runner.join();
  EXPECT_LT(Clock::now() - t0, 5s);
  int ok = 0, busy = 0;
  for (auto& c : calls) {
    ASSERT_TRUE(c->reply);
    if (c->reply->status == 200) ++ok;
    if (c->reply->status == 503 && error_of(c->reply->body)["code"] == "busy") ++busy;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(busy, 2);
  EXPECT_EQ(started.load(), 1);
}

}  // namespace
}  // namespace dj::http
