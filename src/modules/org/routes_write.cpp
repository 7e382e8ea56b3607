// Changing the tree: create, edit, move a subtree, dissolve. Every write is
// one audited transaction whose audit row carries the before → after diff.
#include <boost/json.hpp>

#include "core/route_prelude.h"
#include "core/audit/audit.h"
#include "core/error.h"
#include "core/identity/context.h"
#include "core/input.h"
#include "modules/org/fields.h"
#include "modules/org/permissions.h"
#include "modules/org/profile.h"
#include "modules/org/routes.h"

namespace dj::org {
namespace {

using namespace dj::route_prelude;

OrgView must_load(store::Conn& c, std::int64_t id) {
  auto v = load_view(c, id);
  if (!v) throw ApiError::not_found("组织不存在。");
  return std::move(*v);
}

std::optional<int> sort_order(const json::object& body) {
  auto v = input::int64(body, "sort_order", "排序", false);
  if (!v) return std::nullopt;
  if (*v < 0 || *v > 999999) throw ApiError::invalid("排序应为 0 到 999999 之间的整数。", "sort_order");
  return static_cast<int>(*v);
}

// Body of a POST that may be sent without one (dissolve).
json::object optional_body(const Request& req) {
  if (req.body.empty()) return {};
  return input::body_object(req);
}

Response create(Request& req) {
  auto& c = identity::ctx(req);
  const json::object body = input::body_object(req);
  orgtree::NewOrg n;
  n.parent_id = input::int64(body, "parent_id", "上级组织", true);
  n.name = input::text(body, "name", "组织名称", true, 100);
  n.code = input::text(body, "code", "组织编码", true, 32);
  n.type = input::text(body, "type", "组织类型", true, 20);
  n.department = input::text(body, "department", "所属部门", false, 100);
  n.sort_order = sort_order(body).value_or(0);
  const std::string secretary = checked_secretary(input::text(body, "secretary", "书记", false, 50));
  const std::string zone = checked_contact_zone(input::text(body, "contact_zone", "联系片", false, 50));
  const OrgView created = c.write({"org.create", "org", ""}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();  // the guard has checked parent_id against the scope
    const std::int64_t id = orgtree::create(raw, n);
    set_profile(raw, id, secretary, zone);
    OrgView v = must_load(raw, id);
    e.entity_id = std::to_string(id);
    e.org_id = id;
    e.detail = audit::diff({}, record_json(v));
    return v;
  });
  return Response::json(view_json(created), 201);
}

Response update(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  const json::object body = input::body_object(req);
  // Structure and status have their own audited steps with their own checks.
  if (body.contains("parent_id"))
    throw ApiError::invalid("修改时不能调整上级组织，请使用“移动组织”。", "parent_id");
  if (body.contains("status"))
    throw ApiError::invalid("修改时不能改变组织状态，请使用“撤销组织”。", "status");
  orgtree::OrgChanges ch;
  if (body.contains("name")) ch.name = input::text(body, "name", "组织名称", true, 100);
  if (body.contains("code")) ch.code = input::text(body, "code", "组织编码", true, 32);
  if (body.contains("type")) ch.type = input::text(body, "type", "组织类型", true, 20);
  if (body.contains("department")) ch.department = input::text(body, "department", "所属部门", false, 100);
  ch.sort_order = sort_order(body);
  std::optional<std::string> secretary, zone;
  if (body.contains("secretary")) secretary = checked_secretary(input::text(body, "secretary", "书记", false, 50));
  if (body.contains("contact_zone"))
    zone = checked_contact_zone(input::text(body, "contact_zone", "联系片", false, 50));

  const OrgView after = c.write({"org.update", "org", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    const OrgView before = must_load(raw, id);
    orgtree::update(raw, id, ch);
    if (secretary || zone)
      set_profile(raw, id, secretary.value_or(before.secretary), zone.value_or(before.contact_zone));
    OrgView now = must_load(raw, id);
    e.org_id = id;
    e.detail = audit::diff(record_json(before), record_json(now));
    return now;
  });
  return Response::json(view_json(after));
}

Response move(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  const json::object body = input::body_object(req);
  const std::int64_t parent = *input::int64(body, "parent_id", "新的上级组织", true);
  const OrgView after = c.write({"org.move", "org", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    // The destination is a second organisation the guard did not see:
    // moving a subtree into it puts the subtree in its hands.
    if (!db.scope().contains_org(raw, parent))
      throw ApiError(403, "out_of_scope", "您无权把组织移动到该组织之下。", "parent_id");
    const OrgView before = must_load(raw, id);
    if (before.org.status != "active") throw ApiError::conflict("已撤销的组织不能移动。");
    const auto range = orgtree::subtree_range(before.org.path);
    const std::int64_t size =
        raw.scalar_int64("SELECT count(*) FROM orgs WHERE path >= $1 AND path < $2", {range.lo, range.hi}).value_or(0);
    orgtree::move(raw, id, parent);
    OrgView now = must_load(raw, id);
    e.org_id = id;
    e.detail = audit::diff(record_json(before), record_json(now));
    e.detail["subtree_size"] = size;  // descendants' paths changed with it
    return now;
  });
  return Response::json(view_json(after));
}

Response dissolve(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  const json::object body = optional_body(req);
  const auto move_to = input::int64(body, "move_to", "转入的组织", false);
  json::object moved;
  const OrgView after = c.write({"org.dissolve", "org", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    if (move_to && !db.scope().contains_org(raw, *move_to))
      throw ApiError(403, "out_of_scope", "您无权把人员或事项转入该组织。", "move_to");
    const OrgView before = must_load(raw, id);
    moved = {};
    for (const auto& m : orgtree::dissolve(raw, id, move_to)) moved[m.key] = m.count;
    OrgView now = must_load(raw, id);
    e.org_id = id;
    e.detail = audit::diff(record_json(before), record_json(now));
    if (!moved.empty()) {
      e.detail["moved"] = moved;
      e.detail["move_to"] = *move_to;
    }
    return now;
  });
  json::object out = view_json(after);
  out["moved"] = std::move(moved);
  return Response::json(out);
}

}  // namespace

void install_write_routes(http::Router& router) {
  router.add({Method::POST, "/api/v1/orgs", Access::org_route(perm::write, OrgRef::body("parent_id")), create});
  router.add({Method::PATCH, "/api/v1/orgs/{id}", Access::org_route(perm::write, OrgRef::org("id")), update});
  router.add({Method::POST, "/api/v1/orgs/{id}/move", Access::org_route(perm::move, OrgRef::org("id")), move});
  router.add(
      {Method::POST, "/api/v1/orgs/{id}/dissolve", Access::org_route(perm::dissolve, OrgRef::org("id")), dissolve});
}

}  // namespace dj::org
