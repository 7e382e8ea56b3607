// The transport-free heart of request handling: given a parsed Request it
// routes, calls the handler, maps every failure to the one JSON error shape,
// serves the web app's static files, adds the security and request-id headers,
// records metrics and writes the access log. The Beast server (server.cpp)
// only moves bytes and calls into this, so all of it is unit-testable.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/static_files.h"

namespace dj::http {

struct Limits {
  std::size_t header_bytes = 16 * 1024;
  std::size_t json_body_bytes = 1024 * 1024;       // 1 MiB, every non-upload route
  std::size_t upload_body_bytes = 50 * 1024 * 1024; // configurable (--max-upload-mb)
  int read_timeout_s = 15;      // whole request (header + body) must arrive within this
  int idle_timeout_s = 60;      // keep-alive connection with no request
  int shutdown_grace_s = 10;    // in-flight requests may finish within this on SIGTERM
  // Reverse proxies whose X-Forwarded-For is believed: behind them the
  // client address (login limits, audit and login logs) is the rightmost
  // address in that header not itself a trusted proxy.
  std::vector<std::string> trusted_proxies;
};

// Builds the JSON error body {"error":{"code","message","field"}}.
Response error_response(int status, std::string_view code, std::string_view message,
                        std::string_view field = {});

class Dispatcher {
 public:
  Dispatcher(Router& router, Metrics& metrics, Limits limits, std::string web_root);

  // Largest body accepted for a request with this method and path (called
  // after the header is read, before the body is).
  std::size_t body_limit(Method method, std::string_view path) const;

  // What the server needs to know about a request's route once its header is
  // in: the body limit, and whether the handler hashes passwords (it then
  // runs on the server's password lane, Route::hashes_password).
  struct RouteFacts {
    std::size_t body_limit = 0;
    bool hashes_password = false;
  };
  RouteFacts route_facts(Method method, std::string_view path) const;

  // Handles one request; never throws. Sets X-Request-Id, security headers.
  Response handle(Request& request);

  // Finishes a response produced outside handle() (server-level errors such
  // as 413/431/400 parse failures): adds the same headers and logs it.
  void finish(const Request& request, Response& response, double seconds);

  // The answer to a routed request the server declines to run now (the
  // password lane's queue is full, or the server is stopping before the
  // request got its turn): 503 {"error":{"code":"busy",...}} with
  // Retry-After, headers, metrics under the route and the access log, as
  // handle() would. The handler does not run, so the guard never sees it.
  Response busy(Request& request, int retry_after_s, std::string_view message);

  const Limits& limits() const { return limits_; }

 private:
  // Headers, metrics (under `route_label`) and the access-log line shared by
  // handle() and finish().
  void finish_impl(const Request& request, Response& response, const std::string& route_label,
                   double seconds);

  Router& router_;
  Metrics& metrics_;
  Limits limits_;
  StaticFiles static_files_;
};

// The client address of a request: the peer, or — when the peer is a
// trusted proxy — the rightmost untrusted address of X-Forwarded-For.
std::string client_address(const Request& request, const std::vector<std::string>& trusted_proxies);

// A fresh random request id (16 hex chars).
std::string new_request_id();

}  // namespace dj::http
