// Reading request input with the errors users expect: every failure is a
// 422 (or 400) naming the field and saying in Chinese what is wrong.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace dj::input {

// The body as a JSON object (400 when it is not one).
boost::json::object body_object(const http::Request& request);

// A trimmed text field. `label` is the Chinese name used in messages.
std::string text(const boost::json::object& o, std::string_view key, std::string_view label,
                 bool required, std::size_t max_chars = 200);
// A secret (password) exactly as typed: required, never trimmed or
// rewritten — a space the user typed is part of the password.
std::string secret(const boost::json::object& o, std::string_view key, std::string_view label,
                   std::size_t max_chars = 128);
std::optional<std::int64_t> int64(const boost::json::object& o, std::string_view key, std::string_view label,
                                  bool required);
std::optional<bool> boolean(const boost::json::object& o, std::string_view key, std::string_view label);

// Paging from the query string: page ≥ 1, page_size 1..max (default 20).
struct Paging {
  int page = 1;
  int page_size = 20;
  std::int64_t offset() const { return std::int64_t{page - 1} * page_size; }
};
Paging paging(const http::Request& request, int max_page_size = 200);

// A path parameter that must be a positive id (404 otherwise).
std::int64_t id_param(const http::Request& request, std::string_view name = "id");

// Optional query parameters.
std::string query_text(const http::Request& request, std::string_view name, std::size_t max_chars = 100);
std::optional<std::int64_t> query_int64(const http::Request& request, std::string_view name);

// {"items":[...], "total":N, "page":P, "page_size":S}
boost::json::value page_json(boost::json::array items, std::int64_t total, const Paging& p);

}  // namespace dj::input
