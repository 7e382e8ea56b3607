// Plain request/response types the router and every module handler use.
// Deliberately free of Beast/Asio so modules compile fast and never see the
// transport (Beast is confined to server.cpp).
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dj::http {

enum class Method { GET, HEAD, POST, PUT, PATCH, DELETE_, OPTIONS, OTHER };

std::string_view to_string(Method m);
Method method_from_string(std::string_view s);

using Header = std::pair<std::string, std::string>;

struct Request {
  Method method = Method::GET;
  std::string target;        // as received, e.g. "/api/v1/x?a=1"
  std::string path;          // percent-decoded path without the query
  std::string query_string;  // raw, without '?'
  std::vector<Header> headers;
  std::string body;
  std::string remote_addr;   // peer IP
  std::string request_id;
  // Filled by the router: {name, value} for each {name} in the route pattern.
  std::vector<std::pair<std::string, std::string>> path_params;
  // Per-request state of the Guard (the signed-in user, their scope, the
  // audit count). Opaque here; core/identity reads it through ctx(request).
  std::shared_ptr<void> context;

  // Case-insensitive header lookup; empty when absent.
  std::string_view header(std::string_view name) const;
  // Path parameter by name; throws ApiError 404 when absent (a router bug).
  const std::string& param(std::string_view name) const;
  // Decoded query parameter (first occurrence), if present.
  std::optional<std::string> query(std::string_view name) const;
  // Parses the body as JSON. Throws ApiError 400 "invalid_json" naming the
  // line and column on malformed input, 415 when the content type is not JSON.
  boost::json::value json() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<Header> headers;  // extra headers (security headers are added by the server)

  static Response json(const boost::json::value& v, int status = 200);
  static Response text(std::string body, std::string content_type, int status = 200);
  static Response no_content();
  void set_header(std::string name, std::string value);
};

// Splits a request target ("/a%20b?x=1") into its percent-decoded path and the
// raw query string. Returns false for targets the server answers with 400: not
// origin-form (must start with '/'), a broken %-escape, or an encoded NUL.
// The router and the static file server only ever see decoded paths, so
// "%2e%2e" cannot sneak past their ".." checks.
bool split_target(std::string_view target, std::string& path, std::string& query);

}  // namespace dj::http
