#include "store/pg_url.h"

namespace dj::store::detail {

namespace {

struct Parts {
  std::string_view scheme;    // "postgresql://"
  std::string_view user;      // before ':' in user-info
  std::string_view password;  // after ':' in user-info
  bool has_userinfo = false;
  std::string_view rest;      // host[:port][/db][?query]
};

Parts split(std::string_view url) {
  Parts p;
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    p.rest = url;
    return p;
  }
  p.scheme = url.substr(0, scheme_end + 3);
  std::string_view tail = url.substr(scheme_end + 3);
  const auto authority_end = tail.find_first_of("/?");
  const auto authority = tail.substr(0, authority_end);
  const auto at = authority.rfind('@');
  if (at == std::string_view::npos) {
    p.rest = tail;
    return p;
  }
  p.has_userinfo = true;
  const auto userinfo = authority.substr(0, at);
  const auto colon = userinfo.find(':');
  p.user = userinfo.substr(0, colon);
  if (colon != std::string_view::npos) p.password = userinfo.substr(colon + 1);
  p.rest = tail.substr(at + 1);
  return p;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// Splits "...?a=1&password=x&b=2" into the URL without the password
// parameter and the parameter's (still encoded) value.
std::pair<std::string, std::string_view> cut_password_param(std::string_view rest) {
  const auto q = rest.find('?');
  if (q == std::string_view::npos) return {std::string(rest), {}};
  std::string kept(rest.substr(0, q));
  std::string_view value;
  std::string params;
  std::string_view query = rest.substr(q + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto item = query.substr(0, amp);
    if (item.starts_with("password="))
      value = item.substr(9);
    else if (!item.empty())
      params += (params.empty() ? "" : "&") + std::string(item);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  if (!params.empty()) kept += "?" + params;
  return {kept, value};
}

}  // namespace

std::string strip_password(std::string_view url) {
  const Parts p = split(url);
  std::string out(p.scheme);
  if (p.has_userinfo) out += std::string(p.user) + "@";
  out += cut_password_param(p.rest).first;
  return out;
}

std::string url_password(std::string_view url) {
  const Parts p = split(url);
  if (!p.password.empty()) return percent_decode(p.password);
  return percent_decode(cut_password_param(p.rest).second);
}

}  // namespace dj::store::detail
