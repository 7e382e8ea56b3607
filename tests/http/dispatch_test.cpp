#include <gtest/gtest.h>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>

#include <memory>
#include <stdexcept>

#include "core/error.h"
#include "http/dispatch.h"
#include "store/store.h"
#include "test_support.h"

namespace dj::http {
namespace {

using test::error_of;
using test::has_header;
using test::header_of;
using test::make_req;

const char* const kSecret = "SELECT secret FROM users -- internal detail at 0xdeadbeef";

class DispatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add(Method::GET, "/api/v1/ok", [](Request&) {
      return Response::json(boost::json::object{{"ok", true}});
    });
    add(Method::POST, "/api/v1/ok", [](Request& r) { return Response::json(r.json()); });
    add(Method::GET, "/api/v1/orgs/{id}", [](Request& r) {
      return Response::json(boost::json::object{{"id", r.param("id")}});
    });
    add(Method::GET, "/api/v1/throw/{what}", [](Request& r) -> Response { throw_for(r.param("what")); });
    Route upload;
    upload.method = Method::POST;
    upload.pattern = "/api/v1/upload";
    upload.access = Access::org_route("member:import", OrgRef::list());
    upload.upload = true;
    upload.handler = [](Request&) { return Response::no_content(); };
    router.add(upload);
    dispatcher = std::make_unique<Dispatcher>(router, metrics, limits, "/nonexistent/web/dist");
  }

  void add(Method m, std::string pattern, Handler h) {
    Route r;
    r.method = m;
    r.pattern = std::move(pattern);
    r.access = {"test:any", Scope::none};
    r.handler = std::move(h);
    router.add(std::move(r));
  }

  [[noreturn]] static void throw_for(const std::string& what) {
    using store::Error;
    using store::ErrorKind;
    if (what == "400") throw ApiError::bad_request("姓名不能为空。", "members[3].name");
    if (what == "401") throw ApiError::unauthenticated();
    if (what == "403") throw ApiError::forbidden();
    if (what == "404") throw ApiError::not_found();
    if (what == "409") throw ApiError::conflict("身份证号已存在。", "id_number");
    if (what == "413") throw ApiError(413, "payload_too_large", "文件过大。");
    if (what == "422") throw ApiError::invalid("日期格式不正确。", "joined_on");
    if (what == "429") throw ApiError::too_many();
    if (what == "503") throw ApiError(503, "unavailable", "服务维护中。");
    if (what == "unique") throw Error(ErrorKind::unique, kSecret);
    if (what == "fk") throw Error(ErrorKind::foreign_key, kSecret);
    if (what == "constraint") throw Error(ErrorKind::constraint, kSecret);
    if (what == "unavailable") throw Error(ErrorKind::unavailable, kSecret);
    if (what == "retryable") throw Error(ErrorKind::retryable, kSecret);
    if (what == "store_other") throw Error(ErrorKind::other, kSecret);
    if (what == "int") throw 42;
    throw std::runtime_error(kSecret);
  }

  Response get(std::string target, std::vector<Header> headers = {}) {
    auto req = make_req(Method::GET, std::move(target), std::move(headers));
    return dispatcher->handle(req);
  }

  Router router;
  Metrics metrics;
  Limits limits;
  std::unique_ptr<Dispatcher> dispatcher;
};

void expect_security_headers(const Response& r) {
  EXPECT_EQ(header_of(r, "Content-Security-Policy"),
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' "
            "data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri "
            "'self'; form-action 'self'; frame-ancestors 'none'");
  EXPECT_EQ(header_of(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header_of(r, "X-Frame-Options"), "DENY");
  EXPECT_EQ(header_of(r, "Referrer-Policy"), "same-origin");
  EXPECT_EQ(header_of(r, "Cross-Origin-Opener-Policy"), "same-origin");
  EXPECT_EQ(header_of(r, "Permissions-Policy"), "camera=(), microphone=(), geolocation=()");
  EXPECT_FALSE(header_of(r, "X-Request-Id").empty());
}

TEST_F(DispatchTest, SuccessHasSecurityHeadersAndNoStore) {
  auto r = get("/api/v1/orgs/42");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"id":"42"})");
  expect_security_headers(r);
  EXPECT_EQ(header_of(r, "Cache-Control"), "no-store");
}

struct ErrorCase {
  std::string what;
  int status;
  std::string code;
  std::string message_part;
  std::string field;
};

// Keeps gtest from printing the raw bytes of the struct into test names.
void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.what; }

class DispatchErrors : public DispatchTest, public ::testing::WithParamInterface<ErrorCase> {};

TEST_P(DispatchErrors, MapsToTheJsonShape) {
  const auto& c = GetParam();
  auto r = get("/api/v1/throw/" + c.what);
  EXPECT_EQ(r.status, c.status);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  auto e = error_of(r.body);
  ASSERT_FALSE(e.empty()) << r.body;
  EXPECT_EQ(e.at("code").as_string(), c.code);
  EXPECT_NE(std::string(e.at("message").as_string()).find(c.message_part), std::string::npos)
      << e.at("message").as_string();
  if (c.field.empty()) EXPECT_FALSE(e.contains("field")) << r.body;
  else EXPECT_EQ(e.at("field").as_string(), c.field);
  // The database's or exception's own text never reaches the client.
  EXPECT_EQ(r.body.find("secret"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("0xdeadbeef"), std::string::npos) << r.body;
  expect_security_headers(r);
  EXPECT_EQ(header_of(r, "Cache-Control"), "no-store");
}

INSTANTIATE_TEST_SUITE_P(
    All, DispatchErrors,
    ::testing::Values(
        ErrorCase{"400", 400, "bad_request", "姓名不能为空", "members[3].name"},
        ErrorCase{"401", 401, "unauthenticated", "请先登录", ""},
        ErrorCase{"403", 403, "forbidden", "权限", ""},
        ErrorCase{"404", 404, "not_found", "不存在", ""},
        ErrorCase{"409", 409, "conflict", "身份证号已存在", "id_number"},
        ErrorCase{"413", 413, "payload_too_large", "文件过大", ""},
        ErrorCase{"422", 422, "invalid", "日期格式不正确", "joined_on"},
        ErrorCase{"429", 429, "too_many_requests", "请求过于频繁", ""},
        ErrorCase{"503", 503, "unavailable", "服务维护中", ""},
        ErrorCase{"unique", 409, "conflict", "数据与已有记录冲突", ""},
        ErrorCase{"fk", 409, "conflict", "关联的数据不存在或仍被引用", ""},
        ErrorCase{"constraint", 422, "invalid", "不符合要求", ""},
        ErrorCase{"unavailable", 503, "unavailable", "数据库暂时不可用，请稍后重试。", ""},
        ErrorCase{"retryable", 503, "busy", "系统繁忙", ""},
        ErrorCase{"store_other", 500, "internal", "服务器内部错误", ""},
        ErrorCase{"runtime", 500, "internal", "服务器内部错误，请稍后重试。如问题持续，请联系管理员并提供请求编号 ", ""},
        ErrorCase{"int", 500, "internal", "请求编号", ""}),
    [](const auto& test_info) { return test_info.param.what; });

TEST_F(DispatchTest, InternalErrorIsLoggedWithRequestIdButNotReturned) {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(32);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  auto r = get("/api/v1/throw/runtime", {{"X-Request-Id", "trace-500"}});
  spdlog::set_default_logger(previous);

  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(error_of(r.body).at("message").as_string(),
            "服务器内部错误，请稍后重试。如问题持续，请联系管理员并提供请求编号 trace-500。");
  EXPECT_EQ(r.body.find(kSecret), std::string::npos);
  bool logged = false;
  for (const auto& line : sink->last_formatted())
    if (line.find("trace-500") != std::string::npos && line.find("0xdeadbeef") != std::string::npos)
      logged = true;
  EXPECT_TRUE(logged) << "the exception text must reach the log, tagged with the request id";
}

TEST_F(DispatchTest, MethodNotAllowedListsAllowedMethods) {
  auto req = make_req(Method::DELETE_, "/api/v1/ok");
  auto r = dispatcher->handle(req);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(header_of(r, "Allow"), "GET, HEAD, POST");
  EXPECT_EQ(error_of(r.body).at("code").as_string(), "method_not_allowed");
  expect_security_headers(r);
}

TEST_F(DispatchTest, UnknownApiPathIs404Json) {
  auto r = get("/api/v1/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(error_of(r.body).at("code").as_string(), "not_found");
  EXPECT_EQ(header_of(r, "Cache-Control"), "no-store");
  // Non-GET outside /api is not the SPA's business either.
  auto post = make_req(Method::POST, "/somewhere", {}, "x");
  EXPECT_EQ(dispatcher->handle(post).status, 404);
}

TEST_F(DispatchTest, UnsupportedMediaTypeAndBadJsonFromHandlers) {
  auto wrong = make_req(Method::POST, "/api/v1/ok", {{"Content-Type", "text/plain"}}, "{}");
  auto r415 = dispatcher->handle(wrong);
  EXPECT_EQ(r415.status, 415);
  EXPECT_EQ(error_of(r415.body).at("code").as_string(), "unsupported_media_type");

  auto bad = make_req(Method::POST, "/api/v1/ok", {{"Content-Type", "application/json"}}, "[1,,2]");
  auto r400 = dispatcher->handle(bad);
  EXPECT_EQ(r400.status, 400);
  EXPECT_NE(std::string(error_of(r400.body).at("message").as_string()).find("第 1 行第 4 列"),
            std::string::npos)
      << r400.body;
}

TEST_F(DispatchTest, RequestIdKeptWhenPlainElseReplaced) {
  EXPECT_EQ(header_of(get("/api/v1/ok", {{"X-Request-Id", "abc-DEF_123"}}), "X-Request-Id"),
            "abc-DEF_123");
  for (std::string bad : {std::string(65, 'a'), std::string("has space"), std::string("a\"b"),
                          std::string("新"), std::string()}) {
    std::string id = header_of(get("/api/v1/ok", {{"X-Request-Id", bad}}), "X-Request-Id");
    EXPECT_NE(id, bad);
    EXPECT_EQ(id.size(), 16u) << id;
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  }
  EXPECT_NE(new_request_id(), new_request_id());
}

TEST_F(DispatchTest, HeadDropsBodyButKeepsLength) {
  auto req = make_req(Method::HEAD, "/api/v1/ok");
  auto r = dispatcher->handle(req);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(header_of(r, "Content-Length"), std::to_string(std::string(R"({"ok":true})").size()));
}

TEST_F(DispatchTest, BodyLimitDependsOnRoute) {
  EXPECT_EQ(dispatcher->body_limit(Method::POST, "/api/v1/upload"), limits.upload_body_bytes);
  EXPECT_EQ(dispatcher->body_limit(Method::POST, "/api/v1/ok"), limits.json_body_bytes);
  EXPECT_EQ(dispatcher->body_limit(Method::POST, "/api/v1/unknown"), limits.json_body_bytes);
  EXPECT_EQ(dispatcher->body_limit(Method::GET, "/api/v1/upload"), limits.json_body_bytes);
}

TEST_F(DispatchTest, FinishDecoratesServerLevelErrors) {
  Request req;  // what the server knows after a failed header read
  req.method = Method::OTHER;
  req.remote_addr = "127.0.0.1";
  req.headers = {{"X-Request-Id", "from-proxy"}};
  Response r = error_response(431, "header_too_large", "请求头过大。");
  dispatcher->finish(req, r, 0.001);
  expect_security_headers(r);
  EXPECT_EQ(header_of(r, "X-Request-Id"), "from-proxy");
  EXPECT_NE(metrics.render().find(R"(route="unmatched",status="431"} 1)"), std::string::npos);
}

TEST_F(DispatchTest, ErrorResponseShape) {
  EXPECT_EQ(error_response(422, "invalid", "不对", "a.b").body,
            R"({"error":{"code":"invalid","message":"不对","field":"a.b"}})");
  EXPECT_EQ(error_response(404, "not_found", "没有").body,
            R"({"error":{"code":"not_found","message":"没有"}})");
}

TEST_F(DispatchTest, MetricsRecordRoutePatternNotPath) {
  get("/api/v1/orgs/1");
  get("/api/v1/orgs/2");
  get("/api/v1/throw/409");
  get("/api/v1/nope");
  get("/");  // built-in page: static
  std::string text = metrics.render();
  EXPECT_NE(text.find(R"(dangjian_http_requests_total{method="GET",route="/api/v1/orgs/{id}",status="200"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(route="/api/v1/throw/{what}",status="409"} 1)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(route="unmatched",status="404"} 1)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(route="static",status="200"} 1)"), std::string::npos) << text;
  EXPECT_EQ(text.find("/api/v1/orgs/1"), std::string::npos);
}

TEST_F(DispatchTest, StaticFallbacksWhenRootMissing) {
  auto home = get("/");
  EXPECT_EQ(home.status, 200);
  EXPECT_EQ(home.content_type, "text/html; charset=utf-8");
  EXPECT_NE(home.body.find("党建工作平台正在运行"), std::string::npos);
  expect_security_headers(home);
  EXPECT_NE(header_of(home, "Cache-Control"), "no-store");

  auto other = get("/members/3");
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(error_of(other.body).at("code").as_string(), "not_found");
}

}  // namespace
}  // namespace dj::http

namespace dj::http {
namespace {

Request from(std::string peer, std::string forwarded) {
  Request r;
  r.remote_addr = std::move(peer);
  if (!forwarded.empty()) r.headers.emplace_back("X-Forwarded-For", std::move(forwarded));
  return r;
}

TEST(ClientAddress, ForwardedForIsBelievedOnlyFromTrustedProxies) {
  const std::vector<std::string> proxies = {"10.0.0.5", "10.0.0.6"};
  EXPECT_EQ(client_address(from("203.0.113.9", "1.2.3.4"), proxies), "203.0.113.9") << "untrusted peer";
  EXPECT_EQ(client_address(from("10.0.0.5", "198.51.100.7"), proxies), "198.51.100.7");
  // A client cannot push a fake address past the proxy: the rightmost untrusted hop counts.
  EXPECT_EQ(client_address(from("10.0.0.5", "6.6.6.6, 198.51.100.7"), proxies), "198.51.100.7");
  EXPECT_EQ(client_address(from("10.0.0.5", "198.51.100.7, 10.0.0.6"), proxies), "198.51.100.7");
  EXPECT_EQ(client_address(from("10.0.0.5", ""), proxies), "10.0.0.5");
  EXPECT_EQ(client_address(from("10.0.0.5", "198.51.100.7"), {}), "10.0.0.5") << "no proxies configured";
}

}  // namespace
}  // namespace dj::http
