// Prometheus-style metrics: request counters and latency histograms per route
// pattern, plus gauges supplied by others (store pool figures, connections).
// Lock-free on the hot path: series are created once per route and then only
// atomically incremented.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace dj::http {

class Metrics {
 public:
  // Upper bounds (seconds) of the latency histogram buckets.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,   2.5};

  // Records one request. `route` is the route pattern (or "static", "unmatched").
  void observe(const std::string& method, const std::string& route, int status, double seconds);

  // A gauge or counter computed at scrape time, e.g. store pool figures.
  // `type` is "gauge" or "counter".
  void add_collector(std::string name, std::string help, std::string type,
                     std::function<double()> read);

  // Connection-level counters kept by the server.
  std::atomic<std::int64_t> connections_open{0};
  std::atomic<std::uint64_t> connections_total{0};
  std::atomic<std::uint64_t> timeouts_total{0};
  // The password lane (server.h): requests waiting or running on it, and
  // those answered 503 because its queue was full.
  std::atomic<std::int64_t> password_lane_requests{0};
  std::atomic<std::uint64_t> password_lane_refused_total{0};

  // Prometheus text exposition format 0.0.4.
  std::string render() const;

 private:
  struct Series {
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};  // last = +Inf
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_us{0};
  };
  struct Collector {
    std::string name, help, type;
    std::function<double()> read;
  };
  mutable std::mutex mu_;
  // key: method \x1f route \x1f status code; value never moves once created
  std::map<std::string, std::unique_ptr<Series>> series_;
  std::vector<Collector> collectors_;
};

}  // namespace dj::http
