#include "http/message.h"

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <string>

#include "core/error.h"
#include "http/ascii.h"

namespace dj::http {
namespace {

constexpr std::array<std::pair<Method, std::string_view>, 7> kMethods = {{
    {Method::GET, "GET"},
    {Method::HEAD, "HEAD"},
    {Method::POST, "POST"},
    {Method::PUT, "PUT"},
    {Method::PATCH, "PATCH"},
    {Method::DELETE_, "DELETE"},
    {Method::OPTIONS, "OPTIONS"},
}};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes (and '+' when plus_is_space). Returns false on a broken
// escape; `out` then holds a best-effort decoding with the '%' kept literally.
bool percent_decode(std::string_view in, bool plus_is_space, std::string& out) {
  out.clear();
  out.reserve(in.size());
  bool ok = true;
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      int hi = i + 1 < in.size() ? hex_value(in[i + 1]) : -1;
      int lo = i + 2 < in.size() ? hex_value(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        ok = false;
        out += c;
        continue;
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return ok;
}

// 1-based line and column (in characters, not bytes, so a position inside
// Chinese text matches what the user sees in an editor) of byte `offset`.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  if (offset > text.size()) offset = text.size();
  for (std::size_t i = 0; i < offset; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {  // skip UTF-8 continuation bytes
      ++column;
    }
  }
  return {line, column};
}

std::string json_reason(const boost::system::error_code& ec) {
  using boost::json::error;
  if (ec == error::syntax) return "语法错误，请检查引号、逗号、括号和字符编码";
  if (ec == error::extra_data) return "JSON 结束后还有多余的内容";
  if (ec == error::incomplete) return "JSON 不完整，可能缺少右括号或引号";
  if (ec == error::too_deep) return "嵌套层数过多";
  if (ec == error::exponent_overflow) return "数字的指数过大";
  if (ec == error::illegal_leading_surrogate || ec == error::illegal_trailing_surrogate ||
      ec == error::expected_hex_digit || ec == error::expected_utf16_escape)
    return "字符串中的 \\u 转义不合法";
  if (ec == error::object_too_large || ec == error::array_too_large ||
      ec == error::key_too_large || ec == error::string_too_large)
    return "内容过大";
  return ec.message();
}

}  // namespace

std::string_view to_string(Method m) {
  for (const auto& [method, name] : kMethods)
    if (method == m) return name;
  return "OTHER";
}

Method method_from_string(std::string_view s) {
  // Methods are case-sensitive (RFC 9110 §9.1): "get" is not GET.
  for (const auto& [method, name] : kMethods)
    if (name == s) return method;
  return Method::OTHER;
}

std::string_view Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (ascii::iequals(key, name)) return value;
  return {};
}

const std::string& Request::param(std::string_view name) const {
  for (const auto& [key, value] : path_params)
    if (key == name) return value;
  throw ApiError::not_found();
}

std::optional<std::string> Request::query(std::string_view name) const {
  std::string_view rest = query_string;
  std::string key, value;
  while (!rest.empty()) {
    std::size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    percent_decode(pair.substr(0, eq), true, key);
    if (key != name) continue;
    if (eq == std::string_view::npos) return std::string{};
    percent_decode(pair.substr(eq + 1), true, value);
    return value;
  }
  return std::nullopt;
}

boost::json::value Request::json() const {
  std::string_view type = header("Content-Type");
  type = ascii::trim(type.substr(0, type.find(';')));
  if (!ascii::iequals(type, "application/json"))
    throw ApiError(415, "unsupported_media_type",
                   "请以 JSON 格式（Content-Type: application/json）提交数据。");
  if (ascii::trim(body).empty())
    throw ApiError(400, "invalid_json", "请求体为空，请提交 JSON 数据。");

  boost::json::parser parser;
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(body.data(), body.size(), ec);
  // write_some stops after the first complete value; anything after it that is
  // not whitespace is an error too (the parser already skipped trailing spaces).
  if (!ec && consumed < body.size()) ec = boost::json::error::extra_data;
  if (ec) {
    auto [line, column] = line_column(body, consumed);
    throw ApiError(400, "invalid_json",
                   "请求体不是合法的 JSON：第 " + std::to_string(line) + " 行第 " +
                       std::to_string(column) + " 列附近有误（" + json_reason(ec) + "）");
  }
  return parser.release();
}

Response Response::json(const boost::json::value& v, int status) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(v);
  return r;
}

Response Response::text(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (ascii::iequals(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

bool split_target(std::string_view target, std::string& path, std::string& query) {
  if (target.empty() || target.front() != '/') return false;
  // A fragment never names a resource on the server; drop it should a client send one.
  target = target.substr(0, target.find('#'));
  std::size_t q = target.find('?');
  query = q == std::string_view::npos ? std::string{} : std::string(target.substr(q + 1));
  if (!percent_decode(target.substr(0, q), false, path)) return false;
  return path.find('\0') == std::string::npos;
}

}  // namespace dj::http
