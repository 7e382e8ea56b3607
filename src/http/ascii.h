// ASCII-only text helpers for HTTP tokens (header names, media types, codings).
// HTTP tokens are ASCII by definition, so locale-aware functions would only
// add surprises (and std::tolower on a negative char is undefined).
#pragma once

#include <string>
#include <string_view>

namespace dj::http::ascii {

constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

inline bool starts_with_path(std::string_view path, std::string_view prefix) {
  // "/api" and "/api/..." are under /api; "/apix" is not.
  if (path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

}  // namespace dj::http::ascii
