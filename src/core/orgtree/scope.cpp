// The Scope value: a union of whole subtrees, single organisations and
// "the caller's own rows", kept normalised so predicates stay short.
#include "core/orgtree/scope.h"

#include <algorithm>
#include <stdexcept>

#include "core/orgtree/path.h"

namespace dj::orgtree {

namespace {

constexpr std::pair<ScopeKind, std::string_view> kKindNames[] = {
    {ScopeKind::all, "all"},       {ScopeKind::subtree, "subtree"}, {ScopeKind::org, "org"},
    {ScopeKind::self, "self"},     {ScopeKind::custom, "custom"},   {ScopeKind::guided, "guided"},
};

}  // namespace

std::string_view to_string(ScopeKind k) {
  for (const auto& [kind, name] : kKindNames)
    if (kind == k) return name;
  return "unknown";
}

ScopeKind scope_kind_from_string(std::string_view s) {
  for (const auto& [kind, name] : kKindNames)
    if (name == s) return kind;
  throw std::invalid_argument("unknown data scope kind: " + std::string(s));
}

Scope Scope::everything() {
  Scope s;
  s.all_ = true;
  return s;
}

Scope Scope::nothing() { return {}; }

void Scope::add_subtree(std::string path) {
  if (!detail::is_valid_path(path)) throw std::invalid_argument("not an org path: " + path);
  for (const auto& p : paths_)
    if (detail::path_within(path, p)) return;  // already covered (or a duplicate)
  std::erase_if(paths_, [&](const std::string& p) { return detail::path_within(p, path); });
  // Sorted so equal scopes produce the same SQL text, which the statement
  // caches key on.
  paths_.insert(std::upper_bound(paths_.begin(), paths_.end(), path), std::move(path));
}

void Scope::add_org(std::int64_t org_id) {
  const auto at = std::lower_bound(orgs_.begin(), orgs_.end(), org_id);
  if (at == orgs_.end() || *at != org_id) orgs_.insert(at, org_id);
}

void Scope::add_self(std::int64_t user_id, std::int64_t person_id) {
  self_ = true;
  self_user_id_ = user_id;
  self_person_id_ = person_id;
}

void Scope::merge(const Scope& other) {
  all_ = all_ || other.all_;
  for (const auto& p : other.paths_) add_subtree(p);
  for (const std::int64_t id : other.orgs_) add_org(id);
  if (other.self_) add_self(other.self_user_id_, other.self_person_id_);
}

bool Scope::is_empty() const { return !all_ && !self_ && paths_.empty() && orgs_.empty(); }

bool Scope::contains(std::int64_t org_id, std::string_view path) const {
  if (all_) return true;
  if (std::binary_search(orgs_.begin(), orgs_.end(), org_id)) return true;
  return std::any_of(paths_.begin(), paths_.end(), [&](const std::string& p) { return detail::path_within(path, p); });
}

bool Scope::contains_org(store::Conn& c, std::int64_t org_id) const {
  if (all_) return true;
  if (std::binary_search(orgs_.begin(), orgs_.end(), org_id)) return true;
  if (paths_.empty()) return false;
  // One primary-key lookup, then the containment test in memory: cheaper
  // than sending every range to the database.
  const auto path = c.scalar_text("SELECT path FROM orgs WHERE id = $1", {org_id});
  if (!path) return false;
  return std::any_of(paths_.begin(), paths_.end(), [&](const std::string& p) { return detail::path_within(*path, p); });
}

}  // namespace dj::orgtree
