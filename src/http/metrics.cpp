#include "http/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

namespace dj::http {
namespace {

constexpr char kSep = '\x1f';

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  // Plain decimals read better ("0.0005", not "5e-04"); both parse the same.
  double mag = std::fabs(v);
  auto format = (mag == 0 || (mag >= 1e-6 && mag < 1e15)) ? std::chars_format::fixed
                                                          : std::chars_format::general;
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, format);
  return ec == std::errc{} ? std::string(buf, end) : "NaN";
}

// Label values may hold anything a route pattern or collector hands us; the
// exposition format needs \, " and newlines escaped or the scrape breaks.
std::string label(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string help_text(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void header(std::string& out, std::string_view name, std::string_view help, std::string_view type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help_text(help);
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

struct Key {
  std::string_view method, route, status;
};

Key split_key(std::string_view key) {
  std::size_t a = key.find(kSep);
  std::size_t b = key.find(kSep, a + 1);
  return {key.substr(0, a), key.substr(a + 1, b - a - 1), key.substr(b + 1)};
}

}  // namespace

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
  std::string key;
  key.reserve(method.size() + route.size() + 6);
  key += method;
  key += kSep;
  key += route;
  key += kSep;
  key += std::to_string(status);
  Series* s = nullptr;
  {
    // Only the lookup is locked; the series itself is updated with atomics.
    std::lock_guard lock(mu_);
    auto& slot = series_[key];
    if (!slot) slot = std::make_unique<Series>();
    s = slot.get();
  }
  if (!(seconds >= 0)) seconds = 0;  // also catches NaN
  auto bucket = static_cast<std::size_t>(
      std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin());
  s->buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  s->count.fetch_add(1, std::memory_order_relaxed);
  s->sum_us.fetch_add(static_cast<std::uint64_t>(std::llround(seconds * 1e6)),
                      std::memory_order_relaxed);
}

void Metrics::add_collector(std::string name, std::string help, std::string type,
                            std::function<double()> read) {
  std::lock_guard lock(mu_);
  collectors_.push_back({std::move(name), std::move(help), std::move(type), std::move(read)});
}

std::string Metrics::render() const {
  // Snapshot under the lock, format outside it; collectors are called without
  // the lock so one that takes its own locks (the store pool) cannot deadlock us.
  struct Snap {
    std::string key;
    std::array<std::uint64_t, kBuckets.size() + 1> buckets{};
    std::uint64_t count = 0;  // sum of the buckets, so _count always equals the +Inf bucket
    std::uint64_t sum_us = 0;
    std::uint64_t requests = 0;
  };
  std::vector<Snap> snaps;
  std::vector<Collector> collectors;
  {
    std::lock_guard lock(mu_);
    snaps.reserve(series_.size());
    for (const auto& [key, s] : series_) {
      Snap snap;
      snap.key = key;
      for (std::size_t i = 0; i < snap.buckets.size(); ++i) {
        snap.buckets[i] = s->buckets[i].load(std::memory_order_relaxed);
        snap.count += snap.buckets[i];
      }
      snap.sum_us = s->sum_us.load(std::memory_order_relaxed);
      snap.requests = s->count.load(std::memory_order_relaxed);
      snaps.push_back(std::move(snap));
    }
    collectors = collectors_;
  }

  std::string out;
  out.reserve(256 + snaps.size() * 1200);
  header(out, "dangjian_http_requests_total", "HTTP requests handled, by method, route pattern and status.",
         "counter");
  for (const auto& s : snaps) {
    Key k = split_key(s.key);
    out += "dangjian_http_requests_total{method=\"" + label(k.method) + "\",route=\"" + label(k.route) +
           "\",status=\"" + label(k.status) + "\"} " + std::to_string(s.requests) + '\n';
  }

  // The histogram is per method+route; the map is sorted by key, so the
  // per-status series of one method+route are adjacent and summed here.
  header(out, "dangjian_http_request_duration_seconds",
         "Time from a request's header being read to its response being ready.", "histogram");
  for (std::size_t i = 0; i < snaps.size();) {
    Key k = split_key(snaps[i].key);
    std::array<std::uint64_t, kBuckets.size() + 1> buckets{};
    std::uint64_t count = 0, sum_us = 0;
    std::size_t j = i;
    for (; j < snaps.size(); ++j) {
      Key kj = split_key(snaps[j].key);
      if (kj.method != k.method || kj.route != k.route) break;
      for (std::size_t b = 0; b < buckets.size(); ++b) buckets[b] += snaps[j].buckets[b];
      count += snaps[j].count;
      sum_us += snaps[j].sum_us;
    }
    std::string labels = "method=\"" + label(k.method) + "\",route=\"" + label(k.route) + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < buckets.size(); ++b) {
      cumulative += buckets[b];
      std::string le = b < kBuckets.size() ? number(kBuckets[b]) : "+Inf";
      out += "dangjian_http_request_duration_seconds_bucket{" + labels + ",le=\"" + le + "\"} " +
             std::to_string(cumulative) + '\n';
    }
    out += "dangjian_http_request_duration_seconds_sum{" + labels + "} " +
           number(static_cast<double>(sum_us) / 1e6) + '\n';
    out += "dangjian_http_request_duration_seconds_count{" + labels + "} " + std::to_string(count) +
           '\n';
    i = j;
  }

  header(out, "dangjian_http_connections_open", "HTTP connections currently open.", "gauge");
  out += "dangjian_http_connections_open " + std::to_string(connections_open.load()) + '\n';
  header(out, "dangjian_http_connections_total", "HTTP connections accepted since start.", "counter");
  out += "dangjian_http_connections_total " + std::to_string(connections_total.load()) + '\n';
  header(out, "dangjian_http_request_timeouts_total",
         "Connections closed because a request did not arrive within the read timeout.", "counter");
  out += "dangjian_http_request_timeouts_total " + std::to_string(timeouts_total.load()) + '\n';
  header(out, "dangjian_http_password_lane_requests",
         "Requests that hash passwords (sign-in, password changes) waiting or running on the password lane.",
         "gauge");
  out += "dangjian_http_password_lane_requests " + std::to_string(password_lane_requests.load()) + '\n';
  header(out, "dangjian_http_password_lane_refused_total",
         "Requests answered 503 because the password lane's queue was full.", "counter");
  out += "dangjian_http_password_lane_refused_total " + std::to_string(password_lane_refused_total.load()) +
         '\n';

  for (const auto& c : collectors) {
    double v = 0;
    try {
      v = c.read ? c.read() : 0;
    } catch (...) {
      // A failing collector must not take the whole scrape down with it.
      v = std::nan("");
    }
    header(out, c.name, c.help, c.type);
    out += c.name + ' ' + number(v) + '\n';
  }
  return out;
}

}  // namespace dj::http
