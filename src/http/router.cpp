#include "http/router.h"

#include <stdexcept>

namespace dj::http {
namespace {

// Walks the '/'-separated segments of a path or pattern without allocating.
// "/" has no segments; "/a/" has two ("a" and ""), so trailing slashes matter.
class Segments {
 public:
  explicit Segments(std::string_view s) : rest_(s.empty() ? s : s.substr(1)), done_(s.size() <= 1) {}
  bool next(std::string_view& seg) {
    if (done_) return false;
    std::size_t slash = rest_.find('/');
    seg = rest_.substr(0, slash);
    if (slash == std::string_view::npos) done_ = true;
    else rest_ = rest_.substr(slash + 1);
    return true;
  }

 private:
  std::string_view rest_;
  bool done_;
};

bool is_param(std::string_view seg) {
  return seg.size() >= 2 && seg.front() == '{' && seg.back() == '}';
}

std::string_view param_name(std::string_view seg) { return seg.substr(1, seg.size() - 2); }

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

// Empty string when the pattern is well formed, else what is wrong with it.
std::string pattern_problem(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') return "must start with '/'";
  std::vector<std::string_view> names;
  Segments segs(pattern);
  std::string_view seg;
  while (segs.next(seg)) {
    if (seg.empty()) return "has an empty segment";
    if (is_param(seg)) {
      std::string_view name = param_name(seg);
      if (!valid_name(name)) return "parameter name '" + std::string(name) + "' is not an identifier";
      for (auto n : names)
        if (n == name) return "repeats parameter '" + std::string(name) + "'";
      names.push_back(name);
      continue;
    }
    if (seg.find_first_of("{}?#%") != std::string_view::npos)
      return "segment '" + std::string(seg) + "' contains one of {}?#%";
  }
  return {};
}

// The pattern with parameter names erased: "/a/{id}" and "/a/{x}" are the same route.
std::string shape(std::string_view pattern) {
  std::string out;
  Segments segs(pattern);
  std::string_view seg;
  while (segs.next(seg)) {
    out += '/';
    out += is_param(seg) ? std::string_view("{}") : seg;
  }
  return out.empty() ? "/" : out;
}

bool matches(std::string_view pattern, std::string_view path) {
  Segments p(pattern), s(path);
  std::string_view ps, ss;
  for (;;) {
    bool more_p = p.next(ps), more_s = s.next(ss);
    if (!more_p || !more_s) return more_p == more_s;
    if (is_param(ps) ? ss.empty() : ps != ss) return false;
  }
}

// True when `a` beats `b` for a path both match: at the first depth where one
// has a literal and the other a parameter, the literal wins.
bool more_specific(std::string_view a, std::string_view b) {
  Segments sa(a), sb(b);
  std::string_view x, y;
  while (sa.next(x) && sb.next(y)) {
    bool px = is_param(x), py = is_param(y);
    if (px != py) return !px;
  }
  return false;
}

std::string describe(const Route& r) { return std::string(to_string(r.method)) + " " + r.pattern; }

}  // namespace

void Router::add(Route route) {
  if (route.access.permission.empty())
    throw std::logic_error("route " + describe(route) +
                           " declares no permission (use Access::public_route() for open routes)");
  if (std::string why = pattern_problem(route.pattern); !why.empty())
    throw std::logic_error("route " + describe(route) + " has a malformed pattern: " + why);
  if (!route.handler) throw std::logic_error("route " + describe(route) + " has no handler");
  if (route.access.scope == Scope::org && route.access.org.from == OrgRef::From::none)
    throw std::logic_error("route " + describe(route) +
                           " has Scope::org but does not say how its rows map to organisations");
  if (route.access.org.from == OrgRef::From::path_param ||
      route.access.org.from == OrgRef::From::org_param) {
    if (route.pattern.find("{" + route.access.org.name + "}") == std::string::npos)
      throw std::logic_error("route " + describe(route) + " maps its organisation from path parameter '" +
                             route.access.org.name + "' which the pattern lacks");
  }
  if (guard_) guard_->validate(route);
  std::string s = shape(route.pattern);
  for (const auto& existing : routes_)
    if (existing.method == route.method && shape(existing.pattern) == s)
      throw std::logic_error("route " + describe(route) + " duplicates " + describe(existing));
  routes_.push_back(std::move(route));
}

Router::Match Router::match(Method method, std::string_view path) const {
  Match m;
  const Route* best = nullptr;
  const Route* get_route = nullptr;  // HEAD is served by the GET handler
  for (const auto& r : routes_) {
    if (!matches(r.pattern, path)) continue;
    m.path_matched = true;
    if (r.method == method) {
      if (!best || more_specific(r.pattern, best->pattern)) best = &r;
    } else if (method == Method::HEAD && r.method == Method::GET) {
      if (!get_route || more_specific(r.pattern, get_route->pattern)) get_route = &r;
    }
  }
  if (!best) best = get_route;
  if (!best) return m;
  m.route = best;
  Segments p(best->pattern), s(path);
  std::string_view ps, ss;
  while (p.next(ps) && s.next(ss))
    if (is_param(ps)) m.params.emplace_back(std::string(param_name(ps)), std::string(ss));
  return m;
}

}  // namespace dj::http
