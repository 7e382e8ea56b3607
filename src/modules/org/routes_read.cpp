// Reading the tree: the flat list (the tree panel and the table), the nested
// forest the caller may see, and one organisation with its breadcrumbs.
#include <boost/json.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <tuple>

#include "core/route_prelude.h"
#include "core/error.h"
#include "core/identity/context.h"
#include "core/input.h"
#include "core/orgtree/dependents.h"
#include "modules/org/list_query.h"
#include "modules/org/permissions.h"
#include "modules/org/profile.h"
#include "modules/org/request_filter.h"
#include "modules/org/routes.h"

namespace dj::org {
namespace {

using namespace dj::route_prelude;

// The tree panel loads a whole committee at once (about a thousand nodes in
// the demo city); a page size this large serves it in one request.
constexpr int kMaxPageSize = 5000;

Response list(Request& req) {
  auto& c = identity::ctx(req);
  const input::Paging paging = input::paging(req, kMaxPageSize);
  json::array items;
  std::int64_t total = 0;
  c.read([&](ScopedConn& db) {
    store::Params params;
    const std::string where = list_where(filter_from(req, db.unscoped()), params);
    total = db.scalar_int64("SELECT count(*) FROM orgs o WHERE " + where, params).value_or(0);
    db.each(list_select(where, " LIMIT " + std::to_string(paging.page_size) + " OFFSET " +
                                   std::to_string(paging.offset())),
            params, [&](const store::Row& r) { items.push_back(view_json(view_from(r))); });
  });
  return Response::json(input::page_json(std::move(items), total, paging));
}

// The caller's visible forest: every visible organisation whose parent is
// not visible starts a tree (a branch secretary sees one tree, their branch).
Response tree(Request& req) {
  auto& c = identity::ctx(req);
  const bool include_dissolved = req.query("include_dissolved").value_or("") == "1";
  std::vector<OrgView> rows;
  c.read([&](ScopedConn& db) {
    std::string sql = list_select(include_dissolved ? "@SCOPE(o.id)@" : "@SCOPE(o.id)@ AND o.status = 'active'");
    db.each(sql, {}, [&](const store::Row& r) { rows.push_back(view_from(r)); });
  });
  std::map<std::int64_t, std::size_t> index;
  for (std::size_t i = 0; i < rows.size(); ++i) index[rows[i].org.id] = i;
  std::vector<std::vector<std::size_t>> kids(rows.size());
  std::vector<std::size_t> roots;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& p = rows[i].org.parent_id;
    auto it = p ? index.find(*p) : index.end();
    (it == index.end() ? roots : kids[it->second]).push_back(i);
  }
  // Siblings in the order the committee set (排序), then by code.
  auto by_order = [&](std::size_t a, std::size_t b) {
    const auto& x = rows[a].org;
    const auto& y = rows[b].org;
    return std::tie(x.sort_order, x.code) < std::tie(y.sort_order, y.code);
  };
  std::sort(roots.begin(), roots.end(), by_order);
  for (auto& k : kids) std::sort(k.begin(), k.end(), by_order);
  // Depth is bounded by the tree's (about ten levels), so recursion is safe.
  std::function<json::object(std::size_t)> node = [&](std::size_t i) {
    json::object o = view_json(rows[i]);
    json::array children;
    for (std::size_t k : kids[i]) children.push_back(node(k));
    o["children"] = std::move(children);
    return o;
  };
  json::array forest;
  for (std::size_t r : roots) forest.push_back(node(r));
  return Response::json({{"items", std::move(forest)}, {"total", rows.size()}});
}

Response details(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  return Response::json(c.read([&](ScopedConn& db) {
    auto& raw = db.unscoped();  // the guard has checked `id` against the scope
    auto v = load_view(raw, id);
    if (!v) throw ApiError::not_found("组织不存在。");
    json::object o = view_json(*v);
    // Breadcrumbs: ancestors outside the caller's scope are named (a branch
    // knows its committee) but marked, so the page does not link to them.
    json::array crumbs;
    for (const auto& a : orgtree::ancestors(raw, id))
      crumbs.push_back({{"id", a.id}, {"name", a.name}, {"code", a.code}, {"type", a.type},
                        {"in_scope", db.scope().contains(a.id, a.path)}});
    o["ancestors"] = std::move(crumbs);
    const auto range = orgtree::subtree_range(v->org.path);
    o["descendant_count"] =
        raw.scalar_int64("SELECT count(*) FROM orgs WHERE path >= $1 AND path < $2 AND status = 'active' AND id <> $3",
                         {range.lo, range.hi, id})
            .value_or(0);
    json::array deps;
    for (const auto& d : orgtree::dependents())
      deps.push_back({{"key", d.key}, {"label", d.label}, {"unit", d.unit}, {"count", d.count(raw, id)},
                      {"movable", static_cast<bool>(d.move)}});
    o["dependents"] = std::move(deps);
    return o;
  }));
}

}  // namespace

void install_read_routes(http::Router& router) {
  router.add({Method::GET, "/api/v1/orgs", Access::org_route(perm::read, OrgRef::list()), list});
  router.add({Method::GET, "/api/v1/orgs/tree", Access::org_route(perm::read, OrgRef::list()), tree});
  // The same tree for account administration: the system administrator picks
  // users' organisations and role scopes but holds user:read, not org:read
  // (三员: no business data — names and structure of organisations are not).
  router.add({Method::GET, "/api/v1/orgs/account-tree", Access::org_route("user:read", OrgRef::list()), tree});
  router.add({Method::GET, "/api/v1/orgs/{id}", Access::org_route(perm::read, OrgRef::org("id")), details});
}

}  // namespace dj::org
