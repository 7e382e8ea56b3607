// A data scope resolved for one permission: the organisations whose rows a
// caller may see or change through routes guarded by that permission. It is
// the union of the scopes of the caller's roles that grant the permission —
// never merged across permissions (a role's scope applies only to that role's
// permissions).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace dj::orgtree {

enum class ScopeKind {
  all,       // 全部
  subtree,   // 本组织及以下
  org,       // 本组织
  self,      // 仅本人
  custom,    // 自定义: exactly the listed organisations
  guided,    // 本组织及以下 + the trees of the committees it guides
};

std::string_view to_string(ScopeKind k);
ScopeKind scope_kind_from_string(std::string_view s);  // throws std::invalid_argument

class Scope {
 public:
  static Scope everything();
  static Scope nothing();

  void add_subtree(std::string path);   // "/1/5/"
  void add_org(std::int64_t org_id);
  void add_self(std::int64_t user_id, std::int64_t person_id);
  void merge(const Scope& other);

  bool is_all() const { return all_; }
  bool is_empty() const;
  bool has_self() const { return self_; }
  std::int64_t self_user_id() const { return self_user_id_; }
  std::int64_t self_person_id() const { return self_person_id_; }

  // True when rows of organisation `org_id` are in scope.
  bool contains_org(store::Conn& c, std::int64_t org_id) const;
  // The same test for an organisation whose path the caller already holds
  // (bulk work such as an import checks thousands without a query each).
  bool contains(std::int64_t org_id, std::string_view path) const;

  // An SQL predicate that the organisation id expression `org_expr` is in
  // scope, appending the parameters it needs to `params` (numbered after the
  // ones already there). "1=1" for all, "1=0" when empty. Self-only scopes
  // contribute "1=0" here: rows "of the caller" are matched by the caller
  // with person_predicate(). `org_expr` may appear twice in the result, so
  // pass a column, not a subquery. The subtree part is an uncorrelated
  // "IN (SELECT id FROM orgs WHERE path range OR ...)", which both databases
  // evaluate once as an index range scan (see scope_sql.cpp).
  std::string org_predicate(std::string_view org_expr, store::Params& params) const;
  // For tables with a person column: rows of the caller's own person when
  // the scope includes self, else "1=0".
  std::string person_predicate(std::string_view person_expr, store::Params& params) const;

  const std::vector<std::string>& subtree_paths() const { return paths_; }
  const std::vector<std::int64_t>& orgs() const { return orgs_; }

 private:
  bool all_ = false;
  bool self_ = false;
  std::int64_t self_user_id_ = 0, self_person_id_ = 0;
  std::vector<std::string> paths_;     // normalised: no path inside another
  std::vector<std::int64_t> orgs_;
};

// Resolves a role binding's scope for a user: `anchor_org` is the org the
// binding is anchored at (defaults to the user's home org), `custom_orgs` the
// organisations of a custom binding.
Scope resolve(store::Conn& c, ScopeKind kind, std::int64_t anchor_org,
              const std::vector<std::int64_t>& custom_orgs, std::int64_t user_id,
              std::int64_t person_id);

}  // namespace dj::orgtree
