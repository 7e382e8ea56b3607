// Routes and the router. Every route declares who may call it (its permission)
// and how the rows it touches map to organisations (its data scope); a route
// without a declaration is refused when it is added, so the server cannot
// start with one. Enforcement of both lives below the handlers (core, identity
// issue); this file only records and matches.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace dj::http {

// How the rows a route reads or writes map to organisations.
enum class Scope {
  none,    // touches no organisation-owned rows (health, sign-in, static)
  org,     // rows owned by an organisation: filtered to the caller's data scope
  self,    // rows belonging to the caller only (my sessions, my profile)
};

struct Access {
  // A named permission such as "member:read", or kPublic for routes anyone may
  // call (health checks, sign-in). Empty is a declaration error.
  std::string permission;
  Scope scope = Scope::none;

  static constexpr std::string_view kPublic = "public";
  static Access public_route() { return {std::string(kPublic), Scope::none}; }
  bool is_public() const { return permission == kPublic; }
};

using Handler = std::function<Response(Request&)>;

struct Route {
  Method method = Method::GET;
  std::string pattern;   // "/api/v1/orgs/{id}/members"; {name} matches one segment
  Access access;
  Handler handler;
  // Largest accepted body. JSON routes keep the default; upload routes set
  // `upload` and get the server's configurable upload limit instead.
  bool upload = false;
};

class Router {
 public:
  // Throws std::logic_error when the route has no permission, a malformed
  // pattern, or duplicates an existing method+pattern.
  void add(Route route);

  struct Match {
    const Route* route = nullptr;   // null when nothing matched
    bool path_matched = false;      // a route exists for the path, but not this method (405)
    std::vector<std::pair<std::string, std::string>> params;
  };
  // Literal segments win over parameters at the same depth.
  Match match(Method method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace dj::http
