#include "http/dispatch.h"

#include <algorithm>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <chrono>
#include <exception>
#include <random>

#include "core/error.h"
#include "core/log.h"
#include "http/ascii.h"
#include "store/store.h"

namespace dj::http {
namespace {

constexpr std::string_view kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

constexpr std::array<Method, 7> kAllMethods = {Method::GET,   Method::HEAD,    Method::POST,
                                               Method::PUT,   Method::PATCH,   Method::DELETE_,
                                               Method::OPTIONS};

// An upstream proxy's id is kept so one request can be followed across both
// logs, but only when it is short and plain: it ends up in log lines and
// response headers, where anything else could forge fields.
bool acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

void assign_request_id(Request& request) {
  if (!request.request_id.empty()) return;
  std::string_view incoming = request.header("X-Request-Id");
  request.request_id = acceptable_request_id(incoming) ? std::string(incoming) : new_request_id();
}

bool is_api(std::string_view path) { return ascii::starts_with_path(path, "/api"); }

void add_if_absent(Response& r, std::string_view name, std::string_view value) {
  for (const auto& h : r.headers)
    if (ascii::iequals(h.first, name)) return;
  r.headers.emplace_back(std::string(name), std::string(value));
}

Response internal_error(const Request& request) {
  return error_response(500, "internal",
                        "服务器内部错误，请稍后重试。如问题持续，请联系管理员并提供请求编号 " +
                            request.request_id + "。");
}

std::string_view kind_name(store::ErrorKind kind) {
  switch (kind) {
    case store::ErrorKind::unique: return "unique";
    case store::ErrorKind::foreign_key: return "foreign_key";
    case store::ErrorKind::constraint: return "constraint";
    case store::ErrorKind::retryable: return "retryable";
    case store::ErrorKind::unavailable: return "unavailable";
    case store::ErrorKind::other: break;
  }
  return "other";
}

// The database's own message names tables and constraints: useful in the log,
// never shown to the user.
Response store_error(const Request& request, const store::Error& e) {
  std::string_view kind = kind_name(e.kind());
  switch (e.kind()) {
    case store::ErrorKind::unique:
    case store::ErrorKind::foreign_key:
    case store::ErrorKind::constraint:
      log::warn("store constraint violated",
                {{"rid", request.request_id}, {"kind", kind}, {"error", e.what()}});
      break;
    default:
      log::error("store error", {{"rid", request.request_id}, {"kind", kind}, {"error", e.what()}});
  }
  switch (e.kind()) {
    case store::ErrorKind::unique:
      return error_response(409, "conflict", "数据与已有记录冲突，请检查是否重复提交。");
    case store::ErrorKind::foreign_key:
      return error_response(409, "conflict", "关联的数据不存在或仍被引用，请刷新后重试。");
    case store::ErrorKind::constraint:
      return error_response(422, "invalid", "提交的数据不完整或不符合要求，请检查后重试。");
    case store::ErrorKind::unavailable:
      return error_response(503, "unavailable", "数据库暂时不可用，请稍后重试。");
    case store::ErrorKind::retryable:
      // write() already retried; what reaches us is sustained contention, which
      // passes, so the client is told to retry rather than that we are broken.
      return error_response(503, "busy", "系统繁忙，请稍后重试。");
    case store::ErrorKind::other: break;
  }
  return internal_error(request);
}

Response call_handler(const Route& route, Request& request, Guard* guard) {
  try {
    if (guard) guard->before(request, route);
    return route.handler(request);
  } catch (const ApiError& e) {
    if (e.status() < 400 || e.status() > 599) {
      log::error("handler threw ApiError with a non-error status",
                 {{"rid", request.request_id}, {"status", e.status()}, {"code", e.code()}});
      return internal_error(request);
    }
    if (e.status() >= 500)
      log::error("handler failed", {{"rid", request.request_id}, {"code", e.code()}, {"error", e.message()}});
    return error_response(e.status(), e.code(), e.message(), e.field());
  } catch (const store::Error& e) {
    return store_error(request, e);
  } catch (const std::exception& e) {
    log::error("handler failed", {{"rid", request.request_id}, {"error", e.what()}});
    return internal_error(request);
  } catch (...) {
    log::error("handler failed", {{"rid", request.request_id}, {"error", "non-standard exception"}});
    return internal_error(request);
  }
}

}  // namespace

Response error_response(int status, std::string_view code, std::string_view message,
                        std::string_view field) {
  boost::json::object error;
  error["code"] = code;
  error["message"] = message;
  // Omitted rather than "" so clients can test for presence.
  if (!field.empty()) error["field"] = field;
  boost::json::object body;
  body["error"] = std::move(error);
  Response r;
  r.status = status;
  r.body = boost::json::serialize(body);
  return r;
}

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::uint64_t v = rng();
  std::string id(16, '0');
  for (char& c : id) {
    c = kDigits[v & 0xF];
    v >>= 4;
  }
  return id;
}

Dispatcher::Dispatcher(Router& router, Metrics& metrics, Limits limits, std::string web_root)
    : router_(router), metrics_(metrics), limits_(limits), static_files_(std::move(web_root)) {}

std::size_t Dispatcher::body_limit(Method method, std::string_view path) const {
  return route_facts(method, path).body_limit;
}

Dispatcher::RouteFacts Dispatcher::route_facts(Method method, std::string_view path) const {
  Router::Match m = router_.match(method, path);
  RouteFacts facts;
  facts.body_limit = m.route && m.route->upload ? limits_.upload_body_bytes : limits_.json_body_bytes;
  facts.hashes_password = m.route && m.route->hashes_password;
  return facts;
}

std::string client_address(const Request& request, const std::vector<std::string>& trusted) {
  auto is_trusted = [&](std::string_view ip) {
    return std::find(trusted.begin(), trusted.end(), ip) != trusted.end();
  };
  if (trusted.empty() || !is_trusted(request.remote_addr)) return request.remote_addr;
  std::string_view chain = request.header("X-Forwarded-For");
  // Walk from the right: each hop appended the address it saw.
  while (!chain.empty()) {
    std::size_t comma = chain.rfind(',');
    std::string_view hop = comma == std::string_view::npos ? chain : chain.substr(comma + 1);
    chain = comma == std::string_view::npos ? std::string_view() : chain.substr(0, comma);
    while (!hop.empty() && hop.front() == ' ') hop.remove_prefix(1);
    while (!hop.empty() && hop.back() == ' ') hop.remove_suffix(1);
    if (hop.empty() || hop.size() > 45) break;  // not an address: stop believing the header
    if (!is_trusted(hop)) return std::string(hop);
  }
  return request.remote_addr;
}

Response Dispatcher::handle(Request& request) {
  auto start = std::chrono::steady_clock::now();
  assign_request_id(request);
  request.remote_addr = client_address(request, limits_.trusted_proxies);
  std::string route_label = "unmatched";
  Response response;
  try {
    Router::Match match = router_.match(request.method, request.path);
    if (match.route) {
      route_label = match.route->pattern;
      request.path_params = std::move(match.params);
      response = call_handler(*match.route, request, router_.guard());
      if (Guard* guard = router_.guard()) guard->after(request, *match.route, response);
    } else if (match.path_matched) {
      std::string allow;
      for (Method m : kAllMethods) {
        if (!router_.match(m, request.path).route) continue;
        if (!allow.empty()) allow += ", ";
        allow += to_string(m);
      }
      response = error_response(405, "method_not_allowed",
                                "该地址不支持 " + std::string(to_string(request.method)) +
                                    " 请求，可用的方法：" + allow + "。");
      response.set_header("Allow", allow);
    } else if (!is_api(request.path) &&
               (request.method == Method::GET || request.method == Method::HEAD)) {
      if (auto r = static_files_.serve(request)) {
        route_label = "static";
        response = std::move(*r);
      } else {
        response = error_response(404, "not_found", "请求的页面或文件不存在。");
      }
    } else {
      response = error_response(404, "not_found", "请求的接口不存在，请检查地址是否正确。");
    }
  } catch (const std::exception& e) {
    // Only reachable from outside a handler (static file I/O, allocation).
    log::error("request failed", {{"rid", request.request_id}, {"error", e.what()}});
    response = internal_error(request);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  finish_impl(request, response, route_label, seconds);
  return response;
}

void Dispatcher::finish(const Request& request, Response& response, double seconds) {
  finish_impl(request, response, "unmatched", seconds);
}

Response Dispatcher::busy(Request& request, int retry_after_s, std::string_view message) {
  assign_request_id(request);
  request.remote_addr = client_address(request, limits_.trusted_proxies);
  Router::Match match = router_.match(request.method, request.path);
  Response response = error_response(503, "busy", message);
  response.set_header("Retry-After", std::to_string(std::max(1, retry_after_s)));
  finish_impl(request, response, match.route ? match.route->pattern : std::string("unmatched"), 0.0);
  return response;
}

void Dispatcher::finish_impl(const Request& request, Response& response,
                             const std::string& route_label, double seconds) {
  // Server-level errors (400/413/431) may arrive before an id was assigned.
  std::string rid = request.request_id;
  if (rid.empty()) {
    std::string_view incoming = request.header("X-Request-Id");
    rid = acceptable_request_id(incoming) ? std::string(incoming) : new_request_id();
  }
  response.set_header("X-Request-Id", rid);
  add_if_absent(response, "Content-Security-Policy", kCsp);
  add_if_absent(response, "X-Content-Type-Options", "nosniff");
  add_if_absent(response, "X-Frame-Options", "DENY");
  add_if_absent(response, "Referrer-Policy", "same-origin");
  add_if_absent(response, "Cross-Origin-Opener-Policy", "same-origin");
  add_if_absent(response, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  // API answers hold personal data: no browser or proxy may keep them.
  if (is_api(request.path)) add_if_absent(response, "Cache-Control", "no-store");

  if (request.method == Method::HEAD) {
    // The header still announces the length a GET would return (RFC 9110 §9.3.2);
    // the server keeps an explicit Content-Length instead of computing one.
    if (!response.body.empty()) {
      response.set_header("Content-Length", std::to_string(response.body.size()));
      response.body.clear();
    }
  }

  std::string method(to_string(request.method));
  metrics_.observe(method, route_label, response.status, seconds);
  std::initializer_list<log::Field> fields = {{"rid", rid},
                                              {"method", method},
                                              {"path", request.path},
                                              {"status", response.status},
                                              {"ms", seconds * 1000.0},
                                              {"ip", request.remote_addr}};
  if (response.status >= 500) log::error("request", fields);
  else log::info("request", fields);
}

}  // namespace dj::http
