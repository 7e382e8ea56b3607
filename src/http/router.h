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
  none,    // touches no organisation-owned rows (health, sign-in, own account)
  org,     // rows owned by an organisation: filtered to the caller's data scope
  self,    // rows belonging to the caller only (my sessions, my profile)
};

// Where a Scope::org route finds the organisation it acts on. The guard
// checks it against the caller's scope before the handler runs.
struct OrgRef {
  enum class From {
    none,        // not an org route
    path_param,  // the row named by path parameter `name` in `table`: its `column` is the org
    body_field,  // the JSON body's field `name` is the org id (creating a row in an org)
    org_param,   // path parameter `name` is itself an org id
    listing,     // a list: the handler filters with the scope (ScopedConn's @SCOPE(expr)@)
  };
  From from = From::none;
  std::string name;               // path parameter or body field
  std::string table;              // path_param: the table holding the row
  std::string column = "org_id";  // path_param: that row's organisation column

  static OrgRef row(std::string param, std::string table, std::string column = "org_id") {
    return {From::path_param, std::move(param), std::move(table), std::move(column)};
  }
  static OrgRef body(std::string field) { return {From::body_field, std::move(field), {}, {}}; }
  static OrgRef org(std::string param) { return {From::org_param, std::move(param), {}, {}}; }
  static OrgRef list() { return {From::listing, {}, {}, {}}; }
};

struct Access {
  // A named permission such as "member:read"; kPublic for routes anyone may
  // call (health checks, sign-in); kSignedIn for any signed-in user with a
  // complete session (my profile); kSession for a session at any stage
  // (changing a must-change password, the TOTP step, sign-out). Empty is a
  // declaration error.
  std::string permission;
  Scope scope = Scope::none;
  OrgRef org;               // required when scope == Scope::org
  // Writes are audited by default: a successful non-GET request that wrote
  // no audit row is logged as an error (the write has committed by then, so
  // it cannot be refused; tests assert the log stays clean). Routes audited
  // elsewhere (sign-in writes the login log) say so here.
  bool audited = true;

  static constexpr std::string_view kPublic = "public";
  static constexpr std::string_view kSignedIn = "signed-in";
  static constexpr std::string_view kSession = "session";
  static Access public_route() { return {std::string(kPublic), Scope::none, {}, true}; }
  static Access signed_in() { return {std::string(kSignedIn), Scope::none, {}, true}; }
  static Access session() { return {std::string(kSession), Scope::none, {}, true}; }
  static Access self(std::string permission = std::string(kSignedIn)) {
    return {std::move(permission), Scope::self, {}, true};
  }
  static Access org_route(std::string permission, OrgRef ref) {
    return {std::move(permission), Scope::org, std::move(ref), true};
  }
  Access not_audited() && {
    audited = false;
    return std::move(*this);
  }
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
  // The handler computes Argon2id password hashes (crypto::hash_password /
  // verify_password: ~0.1 s of CPU and 64 MiB each, a bounded number at a
  // time). Such requests run on the server's small password lane instead of
  // the general workers, so a sign-in storm waiting for a hash slot cannot
  // hold the workers every other request needs (docs/decisions.md 47). Set
  // it on every route whose handler hashes; nothing else changes (the guard,
  // permission, scope and audit rules apply as on any route).
  bool hashes_password = false;
};

// Runs around every routed handler. Authentication, CSRF, permissions, data
// scope and the audit rule live behind it (core/identity implements it), so
// they are enforced once, below every handler.
class Guard {
 public:
  virtual ~Guard() = default;
  // Before the handler; throws dj::ApiError to refuse the request.
  virtual void before(Request& request, const Route& route) = 0;
  // After the handler (or after a refusal), with the response about to be sent.
  virtual void after(Request& request, const Route& route, Response& response) noexcept = 0;
  // Checked when a route is added: throws std::logic_error when the route's
  // declaration cannot be enforced (unknown permission, bad OrgRef).
  virtual void validate(const Route& route) const = 0;
};

class Router {
 public:
  // The guard every route passes through (none in unit tests of the router).
  // Set before adding routes so each is validated as it is added.
  void set_guard(Guard* guard) { guard_ = guard; }
  Guard* guard() const { return guard_; }

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
  Guard* guard_ = nullptr;
};

}  // namespace dj::http
