// The server over real sockets on 127.0.0.1 with an ephemeral port.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

#include "http/server.h"
#include "test_client.h"
#include "test_support.h"

namespace dj::http {
namespace {

using namespace std::chrono_literals;
using test::Client;
using test::error_of;
using test::make_request;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add(Method::GET, "/api/hello", [](Request&) {
      return Response::json(boost::json::object{{"hello", "世界"}});
    });
    add(Method::POST, "/api/echo", [](Request& r) { return Response::json(r.json()); });
    add(Method::GET, "/api/slow", [this](Request&) {
      slow_started = true;
      std::this_thread::sleep_for(300ms);
      return Response::json(boost::json::object{{"slow", true}});
    });
    add(Method::POST, "/api/upload", [](Request& r) {
      return Response::json(boost::json::object{{"bytes", r.body.size()}});
    }, true);
    limits.upload_body_bytes = 4 * 1024 * 1024;
  }

  void TearDown() override { stop(); }

  void add(Method m, std::string pattern, Handler h, bool upload = false) {
    Route r;
    r.method = m;
    r.pattern = std::move(pattern);
    r.access = Access::public_route();
    r.handler = std::move(h);
    r.upload = upload;
    router.add(std::move(r));
  }

  void start() {
    dispatcher = std::make_unique<Dispatcher>(router, metrics, limits, "/nonexistent/web");
    server = std::make_unique<Server>(ServerOptions{"127.0.0.1:0", 2, 2}, *dispatcher, metrics);
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

  Router router;
  Metrics metrics;
  Limits limits;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<Server> server;
  std::thread runner;
  int port = 0;
  std::atomic<bool> slow_started{false};
};

TEST_F(ServerTest, GetRoundTrip) {
  start();
  Client c(port);
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.send(make_request("GET", "/api/hello", "X-Request-Id: rt-1\r\n")));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"hello":"世界"})");
  EXPECT_EQ(r->header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(r->header("X-Request-Id"), "rt-1");
  EXPECT_EQ(r->header("X-Frame-Options"), "DENY");
  EXPECT_EQ(r->header("Cache-Control"), "no-store");
  EXPECT_FALSE(r->header("Content-Security-Policy").empty());
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  start();
  Client c(port);
  ASSERT_TRUE(c.send(make_request("GET", "/api/hello")));
  auto first = c.read();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  ASSERT_TRUE(c.send(make_request("POST", "/api/echo", "Content-Type: application/json\r\n", R"({"n":2})")));
  auto second = c.read();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->body, R"({"n":2})");
  EXPECT_EQ(metrics.connections_total.load(), 1u);
  EXPECT_EQ(metrics.connections_open.load(), 1);
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  start();
  Client c(port);
  ASSERT_TRUE(c.send(make_request("GET", "/api/hello", "Connection: close\r\n")));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_TRUE(c.closed_within(2000));
}

TEST_F(ServerTest, HeadAnnouncesLengthWithoutBody) {
  start();
  Client c(port);
  ASSERT_TRUE(c.send(make_request("HEAD", "/api/hello")));
  auto head = c.read(5000, /*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("Content-Length"), std::to_string(std::string(R"({"hello":"世界"})").size()));
  // No stray body bytes: the next response on the connection parses cleanly.
  ASSERT_TRUE(c.send(make_request("GET", "/api/hello")));
  auto next = c.read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, BodyOverLimitIs413) {
  start();
  Client c(port);
  std::string head = "POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Content-Length: 2097152\r\n\r\n";
  ASSERT_TRUE(c.send(head + std::string(64 * 1024, ' ')));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  auto e = error_of(r->body);
  ASSERT_FALSE(e.empty()) << r->body;
  EXPECT_EQ(e.at("code").as_string(), "payload_too_large");
  EXPECT_EQ(e.at("message").as_string(), "请求体过大，上限为 1 MiB。");
  EXPECT_FALSE(r->header("X-Request-Id").empty());
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_TRUE(c.closed_within(3000));
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413) {
  limits.json_body_bytes = 1000;
  start();
  Client c(port);
  std::string chunk(1500, 'x');
  ASSERT_TRUE(c.send("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n5dc\r\n" + chunk + "\r\n0\r\n\r\n"));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(error_of(r->body).at("message").as_string(), "请求体过大，上限为 1000 字节。");
}

TEST_F(ServerTest, UploadRouteAcceptsLargerBody) {
  start();
  std::string body(2 * 1024 * 1024 + 17, 'u');
  Client c(port);
  ASSERT_TRUE(c.send(make_request("POST", "/api/upload", "Content-Type: application/octet-stream\r\n", body)));
  auto r = c.read(10000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{\"bytes\":" + std::to_string(body.size()) + "}");

  // The same body on a JSON route is refused.
  Client j(port);
  ASSERT_TRUE(j.send("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n"));
  auto refused = j.read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
}

TEST_F(ServerTest, ExpectContinueGetsInterimResponse) {
  start();
  Client c(port);
  std::string body(1000, 'e');
  ASSERT_TRUE(c.send("POST /api/upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n"));
  auto interim = c.read(5000, false, /*interim=*/true);
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.send(body));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"bytes":1000})");
}

TEST_F(ServerTest, HeaderOverLimitIs431) {
  limits.header_bytes = 4096;
  start();
  Client c(port);
  ASSERT_TRUE(c.send("GET /api/hello HTTP/1.1\r\nHost: x\r\nCookie: " + std::string(8000, 'c') + "\r\n\r\n"));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(error_of(r->body).at("code").as_string(), "header_too_large");
  EXPECT_FALSE(r->header("Content-Security-Policy").empty());
  EXPECT_TRUE(c.closed_within(3000));
}

TEST_F(ServerTest, GarbageRequestIs400) {
  start();
  Client c(port);
  ASSERT_TRUE(c.send("HELLO THERE\r\n\r\n"));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(error_of(r->body).at("code").as_string(), "bad_request");
  EXPECT_TRUE(c.closed_within(3000));
}

TEST_F(ServerTest, BadPercentEscapeInTargetIs400) {
  start();
  Client c(port);
  ASSERT_TRUE(c.send(make_request("GET", "/api/he%zzllo")));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

TEST_F(ServerTest, MalformedJsonIs400NamingPosition) {
  start();
  Client c(port);
  ASSERT_TRUE(c.send(make_request("POST", "/api/echo", "Content-Type: application/json\r\n",
                                  "{\n  \"name\": \"张三\",\n  \"age\": ,\n}")));
  auto r = c.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  auto e = error_of(r->body);
  EXPECT_EQ(e.at("code").as_string(), "invalid_json");
  EXPECT_NE(std::string(e.at("message").as_string()).find("第 3 行第 10 列"), std::string::npos) << r->body;
  // A handler-level error keeps the connection usable.
  ASSERT_TRUE(c.send(make_request("GET", "/api/hello")));
  auto next = c.read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, SlowClientIsDisconnectedAfterReadTimeout) {
  limits.read_timeout_s = 1;
  start();
  Client c(port);
  ASSERT_TRUE(c.send("GET /api/hello HTTP/1.1\r\nHost: x\r\nX-Half: "));
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_within(3000));
  auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(waited, 700ms);
  // The socket is closed by the timer just before the session records it.
  for (int i = 0; i < 100 && metrics.timeouts_total.load() == 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(metrics.timeouts_total.load(), 1u);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  limits.idle_timeout_s = 1;
  start();
  Client c(port);
  ASSERT_TRUE(c.send(make_request("GET", "/api/hello")));
  ASSERT_TRUE(c.read());
  EXPECT_TRUE(c.closed_within(3000));
  EXPECT_EQ(metrics.timeouts_total.load(), 0u);  // idling is not a timeout
}

TEST_F(ServerTest, GracefulStopFinishesRequestInFlight) {
  start();
  Client idle(port);  // a keep-alive connection with nothing in flight
  ASSERT_TRUE(idle.send(make_request("GET", "/api/hello")));
  ASSERT_TRUE(idle.read());

  Client busy(port);
  ASSERT_TRUE(busy.send(make_request("GET", "/api/slow")));
  for (int i = 0; i < 200 && !slow_started; ++i) std::this_thread::sleep_for(5ms);
  ASSERT_TRUE(slow_started);
  server->stop();

  EXPECT_TRUE(idle.closed_within(1000)) << "idle connections close at once";
  Client late(port);
  EXPECT_FALSE(late.connected()) << "the listener must be closed once stopping";

  auto r = busy.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"slow":true})");
  EXPECT_EQ(r->header("Connection"), "close");
  runner.join();
  EXPECT_EQ(metrics.connections_open.load(), 0);

  Client after(port);
  EXPECT_FALSE(after.connected());
}

TEST_F(ServerTest, GraceExpiryClosesStuckConnections) {
  limits.shutdown_grace_s = 0;  // everything still open when stopping is cut off
  start();
  Client busy(port);
  ASSERT_TRUE(busy.send(make_request("GET", "/api/slow")));
  for (int i = 0; i < 200 && !slow_started; ++i) std::this_thread::sleep_for(5ms);
  server->stop();
  EXPECT_TRUE(busy.closed_within(2000));
  runner.join();  // returns once the handler has finished
}

TEST_F(ServerTest, SigtermStopsGracefully) {
  start();
  Client c(port);  // a served request proves run() has installed its signal handlers
  ASSERT_TRUE(c.send(make_request("GET", "/api/hello")));
  ASSERT_TRUE(c.read());
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  EXPECT_TRUE(c.closed_within(2000));
  runner.join();
  Client after(port);
  EXPECT_FALSE(after.connected());
}

TEST_F(ServerTest, BindRefusesAddressInUse) {
  start();
  Dispatcher d(router, metrics, limits, "");
  Server second(ServerOptions{"127.0.0.1:" + std::to_string(port), 1, 1}, d, metrics);
  try {
    second.bind();
    FAIL() << "second bind succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "无法监听 127.0.0.1:" + std::to_string(port) + "：地址已被占用 (address in use)");
  }
}

TEST_F(ServerTest, BindRefusesMalformedListenAddress) {
  dispatcher = std::make_unique<Dispatcher>(router, metrics, limits, "");
  for (std::string listen : {"8080", "127.0.0.1:", "127.0.0.1:99999", "::1:8080", "127.0.0.1:80a"}) {
    Server s(ServerOptions{listen, 1, 1}, *dispatcher, metrics);
    EXPECT_THROW(s.bind(), std::runtime_error) << listen;
  }
}

TEST_F(ServerTest, StopBeforeRunReturnsPromptly) {
  dispatcher = std::make_unique<Dispatcher>(router, metrics, limits, "");
  Server s(ServerOptions{"127.0.0.1:0", 1, 1}, *dispatcher, metrics);
  s.bind();
  s.stop();
  auto t0 = std::chrono::steady_clock::now();
  s.run();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
}

}  // namespace
}  // namespace dj::http
