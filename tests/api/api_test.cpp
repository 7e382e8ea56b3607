// API tests: the real server binary (dangjian-testd) on a real database,
// once per backend (SQLite and, when configured, PostgreSQL).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness.h"
#include "store/store.h"
#include "support/test_db.h"

namespace dj::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

bool has_chinese(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0xE4 && c <= 0xE9) return true;
  return false;
}

class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "pg" && pg_unavailable_should_skip()) GTEST_SKIP() << "PostgreSQL not configured";
    db_ = std::make_unique<TestDb>(GetParam());
  }
  std::unique_ptr<ServerProcess> start(std::vector<std::string> extra = {}) {
    auto s = std::make_unique<ServerProcess>(db_->url(), db_->dir(), std::move(extra));
    EXPECT_TRUE(s->start()) << s->log();
    return s;
  }
  std::unique_ptr<TestDb> db_;
};

TEST_P(ApiTest, HealthzAnswersWithSecurityHeadersAndRequestId) {
  auto server = start();
  auto r = http_request(server->port(), "GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("status").as_string(), "ok");
  EXPECT_EQ(r.header("x-request-id").size(), 16u);
  EXPECT_NE(r.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_FALSE(r.header("referrer-policy").empty());
  // A sane incoming request id is kept, so logs across proxies line up.
  auto r2 = http_request(server->port(), "GET", "/healthz", "", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(r2.header("x-request-id"), "abc-123");
  EXPECT_NE(server->log().find("abc-123"), std::string::npos) << "request id in the access log";
}

TEST_P(ApiTest, ReadyzChecksStoreAndMigrations) {
  auto server = start();
  auto r = http_request(server->port(), "GET", "/readyz");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("migrations").as_string(), "current");
}

TEST_P(ApiTest, MetricsExposeRoutesLatencyAndPool) {
  auto server = start();
  http_request(server->port(), "GET", "/healthz");
  http_request(server->port(), "GET", "/api/v1/_selftest/error/404");
  auto r = http_request(server->port(), "GET", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(r.body.find("dangjian_http_requests_total{"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("route=\"/healthz\""), std::string::npos);
  EXPECT_NE(r.body.find("route=\"/api/v1/_selftest/error/{status}\""), std::string::npos);
  EXPECT_NE(r.body.find("dangjian_http_request_duration_seconds_bucket{"), std::string::npos);
  EXPECT_NE(r.body.find("dangjian_store_pool_size"), std::string::npos);
}

TEST_P(ApiTest, EveryErrorHasTheOneShapeInChinese) {
  auto server = start();
  struct Case { int status; const char* code; const char* field; };
  const Case cases[] = {{400, "bad_request", "name"}, {401, "unauthenticated", ""},
                        {403, "forbidden", ""},       {404, "not_found", ""},
                        {409, "conflict", "code"},    {422, "invalid", "id_number"},
                        {429, "too_many_requests", ""}, {500, "internal", ""}};
  for (const auto& c : cases) {
    auto r = http_request(server->port(), "GET", "/api/v1/_selftest/error/" + std::to_string(c.status));
    SCOPED_TRACE(c.status);
    EXPECT_EQ(r.status, c.status);
    auto err = r.json().at("error").as_object();
    EXPECT_EQ(err.at("code").as_string(), c.code);
    EXPECT_TRUE(has_chinese(std::string(err.at("message").as_string())));
    if (*c.field) {
      EXPECT_EQ(err.at("field").as_string(), c.field);
    }
    EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos);
    EXPECT_EQ(r.body.find("secret internal detail"), std::string::npos) << "no internals leak";
  }
  auto unknown = http_request(server->port(), "GET", "/api/v1/no/such/thing");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json().at("error").at("code").as_string(), "not_found");
  auto wrong_method = http_request(server->port(), "DELETE", "/api/v1/_selftest/writes");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_TRUE(wrong_method.json().at("error").is_object());
}

TEST_P(ApiTest, OversizedJsonBodyIs413ButUploadsMayBeLarger) {
  auto server = start({"--max-upload-mb", "4"});
  std::string big(1024 * 1024 + 1, 'a');
  auto r = http_request(server->port(), "POST", "/api/v1/_selftest/echo", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_TRUE(has_chinese(std::string(r.json().at("error").at("message").as_string())));
  std::string two_mib(2 * 1024 * 1024, 'x');
  auto up = http_request(server->port(), "POST", "/api/v1/_selftest/upload", two_mib,
                         {{"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(up.json().at("bytes").as_int64(), 2 * 1024 * 1024);
  std::string five_mib(5 * 1024 * 1024, 'x');
  auto too_big = http_request(server->port(), "POST", "/api/v1/_selftest/upload", five_mib,
                              {{"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(too_big.status, 413);
}

TEST_P(ApiTest, MalformedJsonNamesThePosition) {
  auto server = start();
  auto r = http_request(server->port(), "POST", "/api/v1/_selftest/echo", "{\n  \"a\": 1,\n  \"b\": }");
  EXPECT_EQ(r.status, 400);
  auto err = r.json().at("error");
  EXPECT_EQ(err.at("code").as_string(), "invalid_json");
  std::string msg(err.at("message").as_string());
  EXPECT_NE(msg.find("第 3 行"), std::string::npos) << msg;
}

TEST_P(ApiTest, WritesAreReadBack) {
  auto server = start();
  for (int i = 1; i <= 3; ++i) {
    auto w = http_request(server->port(), "POST", "/api/v1/_selftest/writes",
                          json::serialize(json::value{{"client", "一号"}, {"seq", i}, {"payload", "党建"}}));
    ASSERT_EQ(w.status, 201) << w.body;
  }
  auto dup = http_request(server->port(), "POST", "/api/v1/_selftest/writes",
                          R"({"client":"一号","seq":2})");
  EXPECT_EQ(dup.status, 409) << "unique violation maps to 409";
  auto bad = http_request(server->port(), "POST", "/api/v1/_selftest/writes", R"({"client":"x","seq":"2"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json().at("error").at("field").as_string(), "seq");
  auto r = http_request(server->port(), "GET", "/api/v1/_selftest/writes?client=%E4%B8%80%E5%8F%B7");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::serialize(r.json().at("seqs")), "[1,2,3]");
}

TEST_P(ApiTest, SlowClientIsDisconnected) {
  auto server = start({"--read-timeout", "1"});
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server->port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string half = "GET /healthz HTTP/1.1\r\nHost: x\r\n";  // and then nothing
  ASSERT_GT(::send(fd, half.data(), half.size(), 0), 0);
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  auto t0 = std::chrono::steady_clock::now();
  char buf[256];
  while (::recv(fd, buf, sizeof buf, 0) > 0) {
  }
  auto waited = std::chrono::steady_clock::now() - t0;
  ::close(fd);
  EXPECT_LT(waited, 4s) << "connection closed by the server after the read timeout";
  EXPECT_GE(waited, 500ms);
  // The server is still fine for others.
  EXPECT_EQ(http_request(server->port(), "GET", "/healthz").status, 200);
}

TEST_P(ApiTest, SigtermLetsInFlightRequestsFinish) {
  auto server = start();
  int port = server->port();
  std::atomic<int> status{0};
  std::thread slow([&] { status = http_request(port, "GET", "/api/v1/_selftest/sleep?ms=800").status; });
  std::this_thread::sleep_for(250ms);
  int code = server->terminate();
  slow.join();
  EXPECT_EQ(status.load(), 200) << "in-flight request completed";
  EXPECT_EQ(code, 0) << server->log();
  EXPECT_THROW(http_request(port, "GET", "/healthz"), std::runtime_error) << "no longer accepting";
}

TEST_P(ApiTest, BackupWhileWritingRestoresConsistently) {
  auto server = start();
  int port = server->port();
  std::atomic<bool> stop{false};
  std::atomic<int> acked{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&, t] {
      for (int seq = 1; !stop; ++seq) {
        auto body = json::serialize(json::value{{"client", "w" + std::to_string(t)}, {"seq", seq}});
        if (http_request(port, "POST", "/api/v1/_selftest/writes", body).status == 201) ++acked;
      }
    });
  std::this_thread::sleep_for(300ms);
  int before = acked.load();
  std::string file = db_->dir() + "/backup.db";
  auto backup = run_command({"backup", file, "--db", db_->url(), "--data-dir", db_->dir()});
  int after = acked.load();
  stop = true;
  for (auto& w : writers) w.join();
  ASSERT_EQ(backup.exit_code, 0) << backup.output;
  EXPECT_GT(after, before) << "writes really ran during the backup window";
  server->terminate();

  TestDb target(GetParam());
  // A backup is restored together with the key file it was encrypted with.
  auto restore = run_command({"restore", file, "--db", target.url(), "--data-dir", target.dir(), "--key-file",
                              db_->dir() + "/keys/dangjian.key"});
  ASSERT_EQ(restore.exit_code, 0) << restore.output;
  auto store = store::open(target.url());
  EXPECT_EQ(store->integrity_check(), "");
  auto rows = store->read([](store::Conn& c) { return *c.scalar_int64("SELECT count(*) FROM selftest_writes"); });
  EXPECT_GE(rows, before);
  EXPECT_LE(rows, acked.load() + 4);  // at most one in-flight write per writer beyond those acknowledged
  // Each writer's rows form a gap-free prefix 1..n: a consistent snapshot, not a torn copy.
  auto gaps = store->read([](store::Conn& c) {
    return *c.scalar_int64("SELECT count(*) FROM (SELECT client, max(seq) AS m, count(*) AS n "
                           "FROM selftest_writes GROUP BY client) t WHERE m <> n");
  });
  EXPECT_EQ(gaps, 0);
}

TEST_P(ApiTest, RestoreWithoutTheMatchingKeyFileIsRefused) {
  auto server = start();
  server->terminate();
  std::string file = db_->dir() + "/backup.db";
  ASSERT_EQ(run_command({"backup", file, "--db", db_->url(), "--data-dir", db_->dir()}).exit_code, 0);
  TestDb target(GetParam());
  auto r = run_command({"restore", file, "--db", target.url(), "--data-dir", target.dir()});
  EXPECT_NE(r.exit_code, 0) << "a fresh key file cannot read the backup's encrypted data";
  EXPECT_NE(r.output.find("密钥文件与数据库不匹配"), std::string::npos) << r.output;
}

TEST_P(ApiTest, EditedMigrationIsRefused) {
  {
    auto server = start();
    server->terminate();
  }
  {
    auto store = store::open(db_->url());
    store->write([](store::Conn& c) {
      c.exec("UPDATE schema_migrations SET checksum = 'edited' WHERE id = 'selftest/0001_selftest'");
    });
  }
  auto r = run_command({"migrate", "--db", db_->url(), "--data-dir", db_->dir()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("selftest/0001_selftest"), std::string::npos) << r.output;
  ServerProcess server(db_->url(), db_->dir());
  EXPECT_FALSE(server.start()) << "the server refuses to start on an edited migration";
}

TEST_P(ApiTest, MigrateIsIdempotentAndCheckReportsCurrent) {
  auto first = run_command({"migrate", "--db", db_->url(), "--data-dir", db_->dir()});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("selftest/0001_selftest"), std::string::npos);
  auto second = run_command({"migrate", "--db", db_->url(), "--data-dir", db_->dir()});
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_EQ(second.output.find("selftest/0001_selftest"), std::string::npos) << "nothing re-applied";
  auto check = run_command({"migrate", "--check", "--db", db_->url(), "--data-dir", db_->dir()});
  EXPECT_EQ(check.exit_code, 0) << check.output;
  auto demo1 = run_command({"demo", "--db", db_->url(), "--data-dir", db_->dir()});
  auto demo2 = run_command({"demo", "--db", db_->url(), "--data-dir", db_->dir()});
  EXPECT_EQ(demo1.exit_code, 0) << demo1.output;
  EXPECT_EQ(demo2.exit_code, 0);
  auto store = store::open(db_->url());
  EXPECT_EQ(store->read([](store::Conn& c) { return *c.scalar_int64("SELECT count(*) FROM selftest_writes WHERE client = 'demo'"); }), 1)
      << "demo data is seeded once";
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

// Tests that only make sense on the embedded database.
TEST(ApiSqlite, SecondServerAndRestoreRefusedWhileServing) {
  TestDb db("sqlite");
  ServerProcess server(db.url(), db.dir());
  ASSERT_TRUE(server.start()) << server.log();
  ServerProcess second(db.url(), db.dir());
  EXPECT_FALSE(second.start());
  EXPECT_NE(second.log().find("占用"), std::string::npos) << second.log();
  std::string file = db.dir() + "/b.db";
  ASSERT_EQ(run_command({"backup", file, "--db", db.url()}).exit_code, 0);
  auto r = run_command({"restore", file, "--db", db.url(), "--data-dir", db.dir()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("占用"), std::string::npos) << r.output;
}

TEST(ApiSqlite, ServesTheWebAppWithSpaFallback) {
  TestDb db("sqlite");
  auto root = db.dir() + "/web";
  std::filesystem::create_directories(root + "/assets");
  std::ofstream(root + "/index.html") << "<!doctype html><title>党建</title>";
  std::ofstream(root + "/assets/app-abc123.js") << "console.log(1)";
  ServerProcess server(db.url(), db.dir(), {"--web-root", root});
  ASSERT_TRUE(server.start()) << server.log();
  auto index = http_request(server.port(), "GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("党建"), std::string::npos);
  auto deep = http_request(server.port(), "GET", "/members/list");
  EXPECT_EQ(deep.status, 200) << "client-side route falls back to index.html";
  EXPECT_NE(deep.body.find("党建"), std::string::npos);
  auto asset = http_request(server.port(), "GET", "/assets/app-abc123.js");
  EXPECT_EQ(asset.status, 200);
  EXPECT_NE(asset.header("cache-control").find("immutable"), std::string::npos);
}

TEST(Cli, EverySubcommandHasHelp) {
  for (const char* sub : {"serve", "migrate", "demo", "backup", "restore", "version", "tasks", "bench-data", "bench"}) {
    auto r = run_command({sub, "--help"});
    EXPECT_EQ(r.exit_code, 0) << sub << ": " << r.output;
    EXPECT_NE(r.output.find(sub), std::string::npos) << r.output;
  }
  auto serve = run_command({"serve", "--help"});
  for (const char* flag : {"--listen", "--db", "--data-dir", "--threads", "--log-format", "DANGJIAN_LISTEN"})
    EXPECT_NE(serve.output.find(flag), std::string::npos) << flag;
  auto v = run_command({"version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.output.find("sqlite 3."), std::string::npos) << v.output;
  auto bad = run_command({"serve", "--log-format", "xml"});
  EXPECT_NE(bad.exit_code, 0);
}

}  // namespace
}  // namespace dj::test
