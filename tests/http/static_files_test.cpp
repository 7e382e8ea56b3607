#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>

#include "http/dispatch.h"
#include "http/static_files.h"
#include "test_support.h"

namespace dj::http {
namespace {

namespace fs = std::filesystem;
using test::has_header;
using test::header_of;
using test::make_req;

void write(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base = fs::temp_directory_path() / ("dj-static-" + std::to_string(std::random_device{}()));
    root = base / "dist";
    write(root / "index.html", "<!doctype html><title>app</title>");
    write(root / "assets/app.3f2a.js", "console.log('plain')");
    write(root / "assets/app.3f2a.js.gz", "GZIPPED-BYTES");
    write(root / "assets/site.css", "body{}");
    write(root / "logo.svg", "<svg/>");
    write(root / "fonts/a.woff2", "wOF2");
    write(root / "templates/members.xlsx", "PK");
    write(root / ".env", "SECRET=1");
    write(base / "secret.txt", "outside the root");
    fs::create_symlink(base / "secret.txt", root / "link.txt");
    files = std::make_unique<StaticFiles>(root.string());
  }
  void TearDown() override { fs::remove_all(base); }

  std::optional<Response> get(const std::string& target, std::vector<Header> headers = {},
                              Method method = Method::GET) {
    return files->serve(make_req(method, target, std::move(headers)));
  }

  fs::path base, root;
  std::unique_ptr<StaticFiles> files;
};

TEST_F(StaticFilesTest, IndexIsNoCacheWithEtag) {
  auto r = get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "<!doctype html><title>app</title>");
  EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header_of(*r, "Cache-Control"), "no-cache");
  EXPECT_FALSE(header_of(*r, "ETag").empty());
  EXPECT_EQ(get("/index.html")->body, r->body);
}

TEST_F(StaticFilesTest, GzipOnlyWhenAccepted) {
  auto gz = get("/assets/app.3f2a.js", {{"Accept-Encoding", "br, gzip;q=0.8"}});
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->body, "GZIPPED-BYTES");
  EXPECT_EQ(header_of(*gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(header_of(*gz, "Vary"), "Accept-Encoding");
  EXPECT_EQ(gz->content_type, "text/javascript; charset=utf-8");

  for (std::vector<Header> h : {std::vector<Header>{}, std::vector<Header>{{"Accept-Encoding", "br"}},
                                std::vector<Header>{{"Accept-Encoding", "gzip;q=0"}}}) {
    auto plain = get("/assets/app.3f2a.js", h);
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->body, "console.log('plain')");
    EXPECT_FALSE(has_header(*plain, "Content-Encoding"));
    EXPECT_EQ(header_of(*plain, "Vary"), "Accept-Encoding");  // caches must keep both apart
  }
  // No .gz next to it: plain, and no Vary needed.
  auto css = get("/assets/site.css", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(css->body, "body{}");
  EXPECT_FALSE(has_header(*css, "Content-Encoding"));
}

TEST_F(StaticFilesTest, AssetsAreImmutableOthersRevalidate) {
  EXPECT_EQ(header_of(*get("/assets/site.css"), "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header_of(*get("/logo.svg"), "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, EtagRevalidationAnd304) {
  auto first = get("/");
  std::string etag = header_of(*first, "ETag");
  auto again = get("/", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(header_of(*again, "ETag"), etag);
  EXPECT_EQ(get("/", {{"If-None-Match", "\"other\", W/" + etag}})->status, 304);
  EXPECT_EQ(get("/", {{"If-None-Match", "\"other\""}})->status, 200);

  // A redeploy changes the file: the old tag no longer matches (nothing cached in the server).
  write(root / "index.html", "<!doctype html><title>app v2</title>");
  auto changed = get("/", {{"If-None-Match", etag}});
  EXPECT_EQ(changed->status, 200);
  EXPECT_EQ(changed->body, "<!doctype html><title>app v2</title>");
  EXPECT_NE(header_of(*changed, "ETag"), etag);
}

TEST_F(StaticFilesTest, GzipVariantHasItsOwnEtag) {
  auto plain = get("/assets/app.3f2a.js");
  auto gz = get("/assets/app.3f2a.js", {{"Accept-Encoding", "gzip"}});
  EXPECT_NE(header_of(*plain, "ETag"), header_of(*gz, "ETag"));
}

TEST_F(StaticFilesTest, SpaFallbackForClientRoutesOnly) {
  auto route = get("/members/12/edit");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->body, "<!doctype html><title>app</title>");
  EXPECT_EQ(header_of(*route, "Cache-Control"), "no-cache");
  EXPECT_FALSE(get("/assets/missing.4b1c.js"));
  EXPECT_FALSE(get("/api/v1/unknown"));
  EXPECT_FALSE(get("/", {}, Method::POST));
}

TEST_F(StaticFilesTest, ContentTypes) {
  EXPECT_EQ(get("/logo.svg")->content_type, "image/svg+xml");
  EXPECT_EQ(get("/assets/site.css")->content_type, "text/css; charset=utf-8");
  EXPECT_EQ(get("/fonts/a.woff2")->content_type, "font/woff2");
  EXPECT_EQ(get("/templates/members.xlsx")->content_type,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

TEST_F(StaticFilesTest, TraversalIsRefused) {
  for (std::string target : {"/../secret.txt", "/../../../../etc/passwd", "/%2e%2e/secret.txt",
                             "/%2E%2E/%2e%2e/etc/passwd", "/assets/../../secret.txt",
                             "/assets/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/.env",
                             "/link.txt", "/assets/..\\..\\secret.txt"}) {
    auto r = get(target);
    EXPECT_FALSE(r) << target << " served: " << (r ? r->body : "");
  }
}

TEST_F(StaticFilesTest, TraversalThroughDispatcherIs404Json) {
  Router router;
  Metrics metrics;
  Dispatcher d(router, metrics, Limits{}, root.string());
  auto req = make_req(Method::GET, "/%2e%2e/secret.txt");
  auto r = d.handle(req);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("outside the root"), std::string::npos);
  EXPECT_NE(r.body.find("not_found"), std::string::npos);

  auto head = make_req(Method::HEAD, "/logo.svg");
  auto h = d.handle(head);
  EXPECT_EQ(h.status, 200);
  EXPECT_TRUE(h.body.empty());
  EXPECT_EQ(header_of(h, "Content-Length"), "6");
}

TEST(StaticFilesMissingRoot, ServesBuiltInPageAtRootOnly) {
  StaticFiles files("/nonexistent/dj/web/dist");
  auto home = files.serve(make_req(Method::GET, "/"));
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_EQ(home->content_type, "text/html; charset=utf-8");
  EXPECT_NE(home->body.find("党建工作平台正在运行 — 网页应用尚未构建"), std::string::npos);
  EXPECT_FALSE(files.serve(make_req(Method::GET, "/members")));
  EXPECT_FALSE(files.serve(make_req(Method::GET, "/assets/app.js")));
}

}  // namespace
}  // namespace dj::http
