#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "core/error.h"
#include "http/message.h"
#include "test_support.h"

namespace dj::http {
namespace {

using test::make_req;

Request json_req(std::string body, std::string type = "application/json") {
  return make_req(Method::POST, "/api/x", {{"Content-Type", type}}, std::move(body));
}

// The message of the ApiError that json() throws for `body`.
ApiError json_error(const std::string& body) {
  try {
    json_req(body).json();
  } catch (const ApiError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << body;
  return ApiError(0, "", "");
}

TEST(Method, RoundTripsAndIsCaseSensitive) {
  EXPECT_EQ(method_from_string("DELETE"), Method::DELETE_);
  EXPECT_EQ(to_string(Method::DELETE_), "DELETE");
  EXPECT_EQ(method_from_string("PATCH"), Method::PATCH);
  EXPECT_EQ(method_from_string("get"), Method::OTHER);
  EXPECT_EQ(method_from_string("BREW"), Method::OTHER);
}

TEST(Request, HeaderLookupIgnoresCase) {
  auto r = make_req(Method::GET, "/", {{"X-Thing", "a"}, {"content-type", "text/plain"}});
  EXPECT_EQ(r.header("x-thing"), "a");
  EXPECT_EQ(r.header("Content-Type"), "text/plain");
  EXPECT_EQ(r.header("missing"), "");
}

TEST(Request, ParamReturnsValueOrThrows404) {
  auto r = make_req(Method::GET, "/orgs/7");
  r.path_params = {{"id", "7"}};
  EXPECT_EQ(r.param("id"), "7");
  try {
    r.param("other");
    FAIL() << "expected ApiError";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 404);
  }
}

TEST(Request, QueryDecodesPercentAndPlus) {
  auto r = make_req(Method::GET, "/s?name=%E5%BC%A0+%E4%B8%89&empty=&flag&n=1&n=2&a%20b=c");
  EXPECT_EQ(r.query("name"), "张 三");
  EXPECT_EQ(r.query("empty"), "");
  EXPECT_EQ(r.query("flag"), "");
  EXPECT_EQ(r.query("n"), "1");  // first occurrence wins
  EXPECT_EQ(r.query("a b"), "c");
  EXPECT_EQ(r.query("absent"), std::nullopt);
}

TEST(Request, JsonParsesValidBody) {
  auto v = json_req(R"({"name":"张三","n":[1,2]})", "application/json; charset=utf-8").json();
  EXPECT_EQ(v.at("name").as_string(), "张三");
  EXPECT_EQ(v.at("n").as_array().size(), 2u);
  // Surrounding whitespace (curl -d @file adds a newline) is fine.
  EXPECT_TRUE(json_req(" \n{\"a\":1}\r\n\t ").json().is_object());
}

TEST(Request, JsonRequiresJsonContentType) {
  for (std::string type : {"text/plain", "", "application/x-www-form-urlencoded"}) {
    try {
      json_req("{}", type).json();
      FAIL() << "accepted " << type;
    } catch (const ApiError& e) {
      EXPECT_EQ(e.status(), 415);
      EXPECT_EQ(e.code(), "unsupported_media_type");
      EXPECT_EQ(e.message(), "请以 JSON 格式（Content-Type: application/json）提交数据。");
    }
  }
}

TEST(Request, JsonEmptyBodyIs400) {
  auto e = json_error("  ");
  EXPECT_EQ(e.status(), 400);
  EXPECT_EQ(e.code(), "invalid_json");
}

TEST(Request, JsonErrorNamesLineAndColumn) {
  auto e = json_error("{\n  \"a\": 1,\n  \"b\": }");
  EXPECT_EQ(e.status(), 400);
  EXPECT_EQ(e.code(), "invalid_json");
  EXPECT_NE(e.message().find("请求体不是合法的 JSON：第 3 行第 8 列附近有误（"), std::string::npos)
      << e.message();
}

TEST(Request, JsonErrorColumnCountsCharactersNotBytes) {
  // '名字' is 6 bytes but 2 characters: the bad token 'x' is character 8.
  auto e = json_error(R"({"名字": x})");
  EXPECT_NE(e.message().find("第 1 行第 8 列"), std::string::npos) << e.message();
}

TEST(Request, JsonTrailingGarbageAndTruncationAreReported) {
  auto extra = json_error("{} x");
  EXPECT_NE(extra.message().find("第 1 行第 4 列"), std::string::npos) << extra.message();
  EXPECT_NE(extra.message().find("多余"), std::string::npos) << extra.message();

  auto cut = json_error("{\"a\": [1, 2");
  EXPECT_EQ(cut.code(), "invalid_json");
  EXPECT_NE(cut.message().find("第 1 行第 12 列"), std::string::npos) << cut.message();
  EXPECT_NE(cut.message().find("不完整"), std::string::npos) << cut.message();
}

TEST(Request, JsonRejectsInvalidUtf8) {
  auto e = json_error("{\"a\": \"\xff\"}");
  EXPECT_EQ(e.code(), "invalid_json");
}

TEST(Response, FactoriesAndSetHeader) {
  auto j = Response::json(boost::json::value{{"ok", true}}, 201);
  EXPECT_EQ(j.status, 201);
  EXPECT_EQ(j.body, R"({"ok":true})");
  EXPECT_EQ(j.content_type, "application/json; charset=utf-8");

  auto t = Response::text("hi", "text/plain; charset=utf-8");
  EXPECT_EQ(t.body, "hi");
  EXPECT_EQ(t.content_type, "text/plain; charset=utf-8");

  auto n = Response::no_content();
  EXPECT_EQ(n.status, 204);
  EXPECT_TRUE(n.body.empty());

  n.set_header("X-A", "1");
  n.set_header("x-a", "2");  // replaces, whatever the case
  ASSERT_EQ(n.headers.size(), 1u);
  EXPECT_EQ(n.headers[0].second, "2");
}

TEST(SplitTarget, DecodesPathKeepsQueryRaw) {
  std::string path, query;
  ASSERT_TRUE(split_target("/a%20b/%E5%BC%A0?x=%41&y=1#frag", path, query));
  EXPECT_EQ(path, "/a b/张");
  EXPECT_EQ(query, "x=%41&y=1");

  ASSERT_TRUE(split_target("/%2e%2e/etc/passwd", path, query));
  EXPECT_EQ(path, "/../etc/passwd");  // decoded, so later ".." checks see it
}

TEST(SplitTarget, RefusesMalformedTargets) {
  std::string path, query;
  EXPECT_FALSE(split_target("relative", path, query));
  EXPECT_FALSE(split_target("*", path, query));
  EXPECT_FALSE(split_target("http://example.com/", path, query));
  EXPECT_FALSE(split_target("/bad%zz", path, query));
  EXPECT_FALSE(split_target("/bad%4", path, query));
  EXPECT_FALSE(split_target("/nul%00byte", path, query));
}

}  // namespace
}  // namespace dj::http
