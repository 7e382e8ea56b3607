#include "core/input.h"

#include <boost/json.hpp>

#include "core/error.h"

namespace dj::input {
namespace {

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char ch : s)
    if ((ch & 0xC0) != 0x80) ++n;
  return n;
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string str(std::string_view s) { return std::string(s); }

}  // namespace

boost::json::object body_object(const http::Request& request) {
  auto v = request.json();
  if (!v.is_object()) throw ApiError::bad_request("请求体应为 JSON 对象。");
  return std::move(v.as_object());
}

std::string text(const boost::json::object& o, std::string_view key, std::string_view label, bool required,
                 std::size_t max_chars) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) throw ApiError::invalid(str(label) + "不能为空。", str(key));
    return {};
  }
  if (!v->is_string()) throw ApiError::invalid(str(label) + "应为文本。", str(key));
  std::string s = trim(v->as_string());
  if (required && s.empty()) throw ApiError::invalid(str(label) + "不能为空。", str(key));
  if (code_points(s) > max_chars)
    throw ApiError::invalid(str(label) + "不能超过 " + std::to_string(max_chars) + " 个字。", str(key));
  return s;
}

std::string secret(const boost::json::object& o, std::string_view key, std::string_view label,
                   std::size_t max_chars) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null() || (v->is_string() && v->as_string().empty()))
    throw ApiError::invalid(str(label) + "不能为空。", str(key));
  if (!v->is_string()) throw ApiError::invalid(str(label) + "应为文本。", str(key));
  if (code_points(v->as_string()) > max_chars)
    throw ApiError::invalid(str(label) + "不能超过 " + std::to_string(max_chars) + " 个字符。", str(key));
  return std::string(v->as_string());
}

std::optional<std::int64_t> int64(const boost::json::object& o, std::string_view key, std::string_view label,
                                  bool required) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) throw ApiError::invalid("请填写" + str(label) + "。", str(key));
    return std::nullopt;
  }
  if (!v->is_int64()) throw ApiError::invalid(str(label) + "应为整数。", str(key));
  return v->as_int64();
}

std::optional<bool> boolean(const boost::json::object& o, std::string_view key, std::string_view label) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) throw ApiError::invalid(str(label) + "应为 true 或 false。", str(key));
  return v->as_bool();
}

Paging paging(const http::Request& request, int max_page_size) {
  Paging p;
  auto read = [&](std::string_view name, int lo, int hi, int& out) {
    auto v = request.query(name);
    if (!v || v->empty()) return;
    try {
      std::size_t used = 0;
      int n = std::stoi(*v, &used);
      if (used != v->size() || n < lo || n > hi) throw std::out_of_range("range");
      out = n;
    } catch (const std::exception&) {
      throw ApiError::bad_request(str(name) + " 应为 " + std::to_string(lo) + " 到 " + std::to_string(hi) +
                                      " 之间的整数。",
                                  str(name));
    }
  };
  read("page", 1, 1000000, p.page);
  read("page_size", 1, max_page_size, p.page_size);
  return p;
}

std::int64_t id_param(const http::Request& request, std::string_view name) {
  const std::string& s = request.param(name);
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    throw ApiError::not_found();
  return std::stoll(s);
}

std::string query_text(const http::Request& request, std::string_view name, std::size_t max_chars) {
  auto v = request.query(name);
  if (!v) return {};
  std::string s = trim(*v);
  if (code_points(s) > max_chars)
    throw ApiError::bad_request(str(name) + " 过长。", str(name));
  return s;
}

std::optional<std::int64_t> query_int64(const http::Request& request, std::string_view name) {
  auto v = request.query(name);
  if (!v || v->empty()) return std::nullopt;
  std::string_view digits = *v;
  if (digits.front() == '-') digits.remove_prefix(1);
  if (digits.empty() || digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string_view::npos)
    throw ApiError::bad_request(str(name) + " 应为整数。", str(name));
  return std::stoll(*v);
}

boost::json::value page_json(boost::json::array items, std::int64_t total, const Paging& p) {
  boost::json::object o;
  o["items"] = std::move(items);
  o["total"] = total;
  o["page"] = p.page;
  o["page_size"] = p.page_size;
  return o;
}

}  // namespace dj::input
