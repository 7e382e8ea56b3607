// Helpers shared by the unit tests: building requests as the server would and
// reading the JSON error shape back.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace dj::http::test {

inline Request make_req(Method method, std::string target,
                        std::vector<Header> headers = {}, std::string body = {}) {
  Request r;
  r.method = method;
  r.target = std::move(target);
  r.headers = std::move(headers);
  r.body = std::move(body);
  r.remote_addr = "127.0.0.1";
  if (!split_target(r.target, r.path, r.query_string)) r.path = r.target;
  return r;
}

inline const Header* find_header(const Response& r, std::string_view name) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  for (const auto& h : r.headers) {
    if (h.first.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i) same = lower(h.first[i]) == lower(name[i]);
    if (same) return &h;
  }
  return nullptr;
}

inline std::string header_of(const Response& r, std::string_view name) {
  const Header* h = find_header(r, name);
  return h ? h->second : std::string{};
}

inline bool has_header(const Response& r, std::string_view name) {
  return find_header(r, name) != nullptr;
}

// The "error" object of a JSON error body (null value when the body is not one).
inline boost::json::object error_of(std::string_view body) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("error") || !v.at("error").is_object())
    return {};
  return v.at("error").as_object();
}

}  // namespace dj::http::test
