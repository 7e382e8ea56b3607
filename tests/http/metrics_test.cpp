#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

#include "http/metrics.h"

namespace dj::http {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Metrics, CountsPerRouteAndStatus) {
  Metrics m;
  m.observe("GET", "/api/v1/orgs/{id}", 200, 0.002);
  m.observe("GET", "/api/v1/orgs/{id}", 200, 0.004);
  m.observe("GET", "/api/v1/orgs/{id}", 404, 0.0001);
  std::string t = m.render();
  EXPECT_TRUE(contains(t, "# TYPE dangjian_http_requests_total counter\n")) << t;
  EXPECT_TRUE(contains(t, R"(dangjian_http_requests_total{method="GET",route="/api/v1/orgs/{id}",status="200"} 2)")) << t;
  EXPECT_TRUE(contains(t, R"(dangjian_http_requests_total{method="GET",route="/api/v1/orgs/{id}",status="404"} 1)")) << t;
}

TEST(Metrics, HistogramIsCumulativeAcrossStatuses) {
  Metrics m;
  m.observe("POST", "/x", 200, 0.0001);  // first bucket
  m.observe("POST", "/x", 500, 0.003);   // le=0.005
  m.observe("POST", "/x", 200, 10.0);    // only +Inf
  std::string t = m.render();
  const std::string b = R"(dangjian_http_request_duration_seconds_bucket{method="POST",route="/x",le=)";
  EXPECT_TRUE(contains(t, "# TYPE dangjian_http_request_duration_seconds histogram\n")) << t;
  EXPECT_TRUE(contains(t, b + R"("0.0005"} 1)")) << t;
  EXPECT_TRUE(contains(t, b + R"("0.0025"} 1)")) << t;
  EXPECT_TRUE(contains(t, b + R"("0.005"} 2)")) << t;
  EXPECT_TRUE(contains(t, b + R"("2.5"} 2)")) << t;
  EXPECT_TRUE(contains(t, b + R"("+Inf"} 3)")) << t;
  EXPECT_TRUE(contains(t, R"(dangjian_http_request_duration_seconds_count{method="POST",route="/x"} 3)")) << t;
  EXPECT_TRUE(contains(t, R"(dangjian_http_request_duration_seconds_sum{method="POST",route="/x"} 10.0031)")) << t;
}

TEST(Metrics, BucketBoundaryIsInclusive) {
  Metrics m;
  m.observe("GET", "/b", 200, 0.001);
  EXPECT_TRUE(contains(m.render(), R"(route="/b",le="0.001"} 1)"));
}

TEST(Metrics, EscapesLabelValues) {
  Metrics m;
  m.observe("GET", "/a\"b\\c\nd", 200, 0.01);
  EXPECT_TRUE(contains(m.render(), R"(route="/a\"b\\c\nd")")) << m.render();
}

TEST(Metrics, ConnectionFiguresAndCollectors) {
  Metrics m;
  m.connections_open = 3;
  m.connections_total = 10;
  m.timeouts_total = 2;
  m.add_collector("dangjian_store_pool_in_use", "Connections checked out.", "gauge", [] { return 1.5; });
  m.add_collector("dangjian_broken", "Always fails.", "gauge", []() -> double { throw std::runtime_error("x"); });
  std::string t = m.render();
  EXPECT_TRUE(contains(t, "# TYPE dangjian_http_connections_open gauge\ndangjian_http_connections_open 3\n")) << t;
  EXPECT_TRUE(contains(t, "dangjian_http_connections_total 10\n")) << t;
  EXPECT_TRUE(contains(t, "dangjian_http_request_timeouts_total 2\n")) << t;
  EXPECT_TRUE(contains(t, "# HELP dangjian_store_pool_in_use Connections checked out.\n"
                          "# TYPE dangjian_store_pool_in_use gauge\n"
                          "dangjian_store_pool_in_use 1.5\n")) << t;
  EXPECT_TRUE(contains(t, "dangjian_broken NaN\n")) << t;
}

TEST(Metrics, ConcurrentObserveLosesNothing) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&m, t] {
      for (int i = 0; i < 5000; ++i) m.observe("GET", i % 2 ? "/a" : "/b", 200 + t, 0.001);
    });
  for (auto& th : threads) th.join();
  std::string text = m.render();
  EXPECT_TRUE(contains(text, R"(dangjian_http_request_duration_seconds_count{method="GET",route="/a"} 10000)")) << text;
  EXPECT_TRUE(contains(text, R"(dangjian_http_request_duration_seconds_count{method="GET",route="/b"} 10000)")) << text;
}

}  // namespace
}  // namespace dj::http
