// Reads of the tree. Subtree queries are a single range scan of the unique
// index on path (see subtree_range); nothing here uses LIKE, whose index use
// depends on collation and settings that differ between the two databases.
#include "core/orgtree/orgtree.h"

#include <optional>
#include <utility>

#include "core/orgtree/org_row.h"
#include "core/orgtree/path.h"
#include "core/orgtree/statements.h"

namespace dj::orgtree {

namespace {

using detail::select_orgs;

std::optional<Org> first(std::vector<Org> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

}  // namespace

std::optional<Org> get(store::Conn& c, std::int64_t id) {
  return first(detail::query_orgs(c, select_orgs("id = $1"), {id}));
}

std::optional<Org> by_code(store::Conn& c, const std::string& code) {
  return first(detail::query_orgs(c, select_orgs("code = $1"), {code}));
}

std::vector<Org> subtree(store::Conn& c, std::int64_t root_id) {
  const auto path = c.scalar_text("SELECT path FROM orgs WHERE id = $1", {root_id});
  if (!path) return {};
  const PathRange r = subtree_range(*path);
  // ORDER BY path is the index order, so no sort step; the root sorts first
  // because it is a prefix of every other path in the range.
  return detail::query_orgs(c, select_orgs(detail::kSubtreeWhere), {r.lo, r.hi});
}

std::vector<Org> children(store::Conn& c, std::int64_t id) {
  return detail::query_orgs(c, select_orgs("parent_id = $1 ORDER BY sort_order, id"), {id});
}

std::vector<Org> ancestors(store::Conn& c, std::int64_t id) {
  const auto path = c.scalar_text("SELECT path FROM orgs WHERE id = $1", {id});
  if (!path) return {};
  std::vector<std::int64_t> ids = detail::path_ids(*path);
  ids.pop_back();  // the node itself
  if (ids.empty()) return {};
  // At most ~10 ids (the tree's depth), so an IN list of primary keys.
  std::string in;
  store::Params params;
  for (const std::int64_t a : ids) {
    params.emplace_back(a);
    in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  return detail::query_orgs(c, select_orgs("id IN (" + in + ") ORDER BY depth"), params);
}

bool is_within(store::Conn& c, std::int64_t id, std::int64_t ancestor_id) {
  std::optional<std::string> path, ancestor_path;
  c.each("SELECT id, path FROM orgs WHERE id IN ($1, $2)", {id, ancestor_id}, [&](const store::Row& r) {
    if (r.int64(0) == id) path = r.text(1);
    if (r.int64(0) == ancestor_id) ancestor_path = r.text(1);
  });
  return path && ancestor_path && detail::path_within(*path, *ancestor_path);
}

}  // namespace dj::orgtree
