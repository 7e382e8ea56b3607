#include "core/orgtree/path.h"

#include <charconv>
#include <stdexcept>

#include "core/orgtree/orgtree.h"

namespace dj::orgtree {

PathRange subtree_range(const std::string& path) {
  if (!detail::is_valid_path(path)) throw std::invalid_argument("not an org path: " + path);
  // Every path below "/1/5/" starts with it, and '/' + 1 == '0' is the
  // smallest byte that sorts after the prefix itself, so [lo, hi) is exactly
  // the subtree. A sibling "/1/50/" sorts after "/1/5/..." because its next
  // byte '0' is greater than '/', and is excluded by hi = "/1/50".
  std::string hi = path;
  hi.back() = static_cast<char>('/' + 1);
  return {path, std::move(hi)};
}

namespace detail {

bool is_valid_path(std::string_view path) {
  if (path.size() < 3 || path.front() != '/' || path.back() != '/') return false;
  bool in_id = false;
  for (std::size_t i = 1; i < path.size(); ++i) {
    const char ch = path[i];
    if (ch == '/') {
      if (!in_id) return false;  // "//" has an empty id
      in_id = false;
    } else if (ch >= '0' && ch <= '9') {
      in_id = true;
    } else {
      return false;
    }
  }
  return true;
}

std::string child_path(std::string_view parent_path, std::int64_t id) {
  std::string out(parent_path.empty() ? "/" : parent_path);
  out += std::to_string(id);
  out += '/';
  return out;
}

bool path_within(std::string_view path, std::string_view ancestor) { return path.starts_with(ancestor); }

std::vector<std::int64_t> path_ids(std::string_view path) {
  std::vector<std::int64_t> ids;
  std::size_t start = 1;
  while (start < path.size()) {
    const std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) break;
    std::int64_t id = 0;
    const auto [ptr, ec] = std::from_chars(path.data() + start, path.data() + end, id);
    if (ec != std::errc{} || ptr != path.data() + end) throw std::invalid_argument("not an org path");
    ids.push_back(id);
    start = end + 1;
  }
  return ids;
}

}  // namespace detail
}  // namespace dj::orgtree
