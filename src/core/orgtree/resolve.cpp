// From a role binding (kind + anchor) to the concrete Scope for one user.
// Unknown anchors resolve to nothing: a binding that points at a deleted
// organisation must not widen what anyone sees.
#include "core/orgtree/orgtree.h"
#include "core/orgtree/scope.h"

namespace dj::orgtree {

Scope resolve(store::Conn& c, ScopeKind kind, std::int64_t anchor_org, const std::vector<std::int64_t>& custom_orgs,
              std::int64_t user_id, std::int64_t person_id) {
  Scope s;
  switch (kind) {
    case ScopeKind::all: return Scope::everything();
    case ScopeKind::self: s.add_self(user_id, person_id); return s;
    case ScopeKind::org:
      if (c.scalar_int64("SELECT 1 FROM orgs WHERE id = $1", {anchor_org})) s.add_org(anchor_org);
      return s;
    case ScopeKind::custom:
      for (const std::int64_t id : custom_orgs) s.add_org(id);
      return s;
    case ScopeKind::subtree:
      if (auto path = c.scalar_text("SELECT path FROM orgs WHERE id = $1", {anchor_org})) s.add_subtree(*path);
      return s;
    case ScopeKind::guided:
      // The anchor's own tree and the trees it guides, in one query. Not
      // transitive: a guided committee's own guidance is its business.
      c.each(
          "SELECT path FROM orgs WHERE id = $1 OR id IN "
          "(SELECT guided_org_id FROM org_guidance WHERE guiding_org_id = $1)",
          {anchor_org}, [&](const store::Row& r) { s.add_subtree(std::string(r.text(0))); });
      return s;
  }
  return s;
}

}  // namespace dj::orgtree
