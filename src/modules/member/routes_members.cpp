// /api/v1/members: the roster. Personal data leaves masked; the full ID
// number and phone come only from /reveal, for holders of member:reveal, and
// every reveal is recorded in the audit trail.
#include <boost/json.hpp>

#include "core/route_prelude.h"
#include "core/error.h"
#include "core/identity/context.h"
#include "core/identity/policy_store.h"
#include "core/input.h"
#include "modules/member/list_query.h"
#include "modules/member/member_json.h"
#include "modules/member/permissions.h"
#include "modules/member/routes.h"
#include "modules/member/tally.h"
#include "modules/member/validate/civil_date.h"
#include "modules/member/validate/id_number.h"
#include "modules/member/validate/phone.h"

namespace dj::member {
namespace {

using namespace dj::route_prelude;

constexpr const char* kFrom = " FROM members m JOIN orgs o ON o.id = m.org_id WHERE ";

}  // namespace

// One page of the list (the body of GET /api/v1/members); also the bench probe.
boost::json::value list_page(identity::ScopedConn& db, const ListQuery& q, const input::Paging& paging) {
  boost::json::array items;
  std::optional<std::int64_t> total;
  std::string where = q.where;
  store::Params params = q.params;
  if (auto roots = tally_roots(db, q)) {
    total = tally::total(db.unscoped(), *roots);
    // Page 1 of a big subtree in name order: walking the name index and
    // keeping the rows of the subtree reads about page × all ÷ subtree rows;
    // sorting the subtree reads all of it. Walk when that is fewer (decision
    // 50): the subtree becomes a range test on each row's organisation path,
    // which on SQLite "+" keeps off the orgs.path index (PostgreSQL otherwise
    // re-scans the whole subtree's organisations for every row it checks).
    if (q.org_id && q.by_name && *total > 0) {
      std::vector<std::int64_t> all_roots;
      db.unscoped().each("SELECT id FROM orgs WHERE parent_id IS NULL", {},
                         [&](const store::Row& r) { all_roots.push_back(r.int64(0)); });
      const double everyone = static_cast<double>(tally::total(db.unscoped(), all_roots));
      const double reads = static_cast<double>(paging.offset() + paging.page_size) * everyone / *total;
      if (reads < static_cast<double>(*total)) where = where_by_row_path(q, db.unscoped(), params);
    }
  }
  if (!total) total = db.scalar_int64(std::string("SELECT count(*)") + kFrom + q.where, q.params).value_or(0);
  db.each(std::string("SELECT ") + member_columns() + kFrom + where + " " + q.order + " LIMIT " +
              std::to_string(paging.page_size) + " OFFSET " + std::to_string(paging.offset()),
          params, [&](const store::Row& r) { items.push_back(member_json(read_member(r))); });
  return input::page_json(std::move(items), *total, paging);
}

namespace {

Response list(identity::Services&, Request& req) {
  auto& c = identity::ctx(req);
  auto paging = input::paging(req);
  ListQuery q = list_query(req);
  return Response::json(c.read([&](ScopedConn& db) { return list_page(db, q, paging); }));
}

// Counts for the organisation panel and the cockpit: by status, sex, rank,
// education and age band, over the same filters as the list.
Response stats(identity::Services&, Request& req) {
  auto& c = identity::ctx(req);
  ListQuery q = list_query(req);
  return Response::json(c.read([&](ScopedConn& db) { return list_stats(db, q); }));
}

Response get_one(identity::Services& s, Request& req) {
  auto& c = identity::ctx(req);
  std::int64_t id = input::id_param(req);
  return Response::json(c.read([&](ScopedConn& db) {
    auto m = load(db.unscoped(), s.keys(), id);  // the guard checked the row's organisation
    if (!m) throw ApiError::not_found("党员不存在或您无权查看。");
    json::object o = member_json(*m);
    o["can_reveal"] = c.who().has_permission(perm::reveal);
    return o;
  }));
}

Response reveal(identity::Services& s, Request& req) {
  auto& c = identity::ctx(req);
  std::int64_t id = input::id_param(req);
  auto m = c.read([&](ScopedConn& db) { return load(db.unscoped(), s.keys(), id, true); });
  if (!m) throw ApiError::not_found("党员不存在或您无权查看。");
  // Recorded before the data leaves: a reveal that is not in the trail never happened.
  c.audit_read({"member.reveal", "member", std::to_string(id), m->org_id, {{"name", m->name}}});
  return Response::json({{"id", id}, {"id_number", m->id_number}, {"phone", m->phone}});
}

void check_org(ScopedConn& db, std::int64_t org_id, const char* field) {
  auto& raw = db.unscoped();
  if (!raw.scalar_int64("SELECT id FROM orgs WHERE id = $1 AND status = 'active'", {org_id}))
    throw ApiError::invalid("所选党组织不存在或已撤销。", field);
  if (!db.scope().contains_org(raw, org_id))
    throw ApiError(403, "out_of_scope", "您无权管理该党组织的党员。", field);
}

// The audit view of a member: personal fields reduced to their masks.
json::object audit_view(const MemberInput& in) {
  return {{"org_id", in.org_id},         {"name", in.record.name},           {"sex", in.record.sex},
          {"id_number", mask_id(in.record.id_number)}, {"birth_date", in.record.birth_date},
          {"join_date", in.record.join_date}, {"full_date", in.record.full_date}, {"status", in.record.status},
          {"phone", in.record.phone.empty() ? "" : mask_phone(in.record.phone)},
          {"ethnicity", in.ethnicity},   {"education", in.education},        {"post", in.post},
          {"rank", in.rank},             {"category", in.category}};
}

Response create(identity::Services& s, Request& req) {
  auto& c = identity::ctx(req);
  MemberInput in = member_from_body(input::body_object(req), nullptr);
  std::int64_t id = c.write({"member.create", "member", ""}, [&](ScopedConn& db, audit::Entry& e) {
    check_org(db, in.org_id, "org_id");
    std::int64_t new_id = insert(db.unscoped(), s.keys(), in, identity::now_ms());
    e.entity_id = std::to_string(new_id);
    e.org_id = in.org_id;
    e.detail = audit_view(in);
    return new_id;
  });
  return Response::json(c.read([&](ScopedConn& db) { return member_json(*load(db.unscoped(), s.keys(), id)); }),
                        201);
}

Response update(identity::Services& s, Request& req) {
  auto& c = identity::ctx(req);
  std::int64_t id = input::id_param(req);
  auto body = input::body_object(req);
  if (body.contains("org_id"))
    throw ApiError::invalid("调整所在党组织请使用“组织关系转接”，以便保留转接记录。", "org_id");
  c.write({"member.update", "member", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    MemberInput before = member_input_of(db.unscoped(), s.keys(), id);
    MemberInput after = member_from_body(body, &before);
    update(db.unscoped(), s.keys(), id, after, identity::now_ms());
    e.org_id = before.org_id;
    e.detail = audit::diff(audit_view(before), audit_view(after));
  });
  return Response::json(c.read([&](ScopedConn& db) { return member_json(*load(db.unscoped(), s.keys(), id)); }));
}

Response transfer_member(identity::Services&, Request& req) {
  auto& c = identity::ctx(req);
  std::int64_t id = input::id_param(req);
  auto body = input::body_object(req);
  std::int64_t to = *input::int64(body, "to_org_id", "转入党组织", true);
  std::string reason = input::text(body, "reason", "转接原因", false, 200);
  const auto& who = c.who();
  c.write({"member.transfer", "member", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    check_org(db, to, "to_org_id");
    const std::int64_t from = transfer(db.unscoped(), id, to, reason, who.user_id, who.display_name, identity::now_ms());
    e.org_id = from;
    e.detail = {{"from_org_id", from}, {"to_org_id", to}, {"reason", reason}};
  });
  return Response::json({{"ok", true}});
}

Response transfers(identity::Services&, Request& req) {
  auto& c = identity::ctx(req);
  std::int64_t id = input::id_param(req);
  json::array items;
  c.read([&](ScopedConn& db) {
    db.unscoped().each(
        "SELECT t.id, t.from_org_id, f.name, t.to_org_id, d.name, t.reason, t.by_name, t.at_ms "
        "FROM member_transfers t JOIN orgs f ON f.id = t.from_org_id JOIN orgs d ON d.id = t.to_org_id "
        "WHERE t.member_id = $1 ORDER BY t.at_ms DESC, t.id DESC",
        {id}, [&](const store::Row& r) {
          items.push_back({{"id", r.int64(0)},
                           {"from_org_id", r.int64(1)},
                           {"from_org_name", r.text(2)},
                           {"to_org_id", r.int64(3)},
                           {"to_org_name", r.text(4)},
                           {"reason", r.text(5)},
                           {"by_name", r.text(6)},
                           {"at_ms", r.int64(7)}});
        });
  });
  return Response::json({{"items", std::move(items)}});
}

}  // namespace

void install_member_routes(ModuleContext& ctx) {
  identity::Services* sp = &ctx.identity;
  auto bind = [sp](Response (*fn)(identity::Services&, Request&)) {
    return [sp, fn](Request& r) { return fn(*sp, r); };
  };
  auto row = OrgRef::row("id", "members");
  auto& router = ctx.router;
  router.add({Method::GET, "/api/v1/members", Access::org_route(perm::read, OrgRef::list()), bind(list)});
  router.add({Method::GET, "/api/v1/members/stats", Access::org_route(perm::read, OrgRef::list()), bind(stats)});
  router.add({Method::POST, "/api/v1/members", Access::org_route(perm::write, OrgRef::body("org_id")), bind(create)});
  router.add({Method::GET, "/api/v1/members/{id}", Access::org_route(perm::read, row), bind(get_one)});
  router.add({Method::PATCH, "/api/v1/members/{id}", Access::org_route(perm::write, row), bind(update)});
  router.add({Method::POST, "/api/v1/members/{id}/reveal", Access::org_route(perm::reveal, row), bind(reveal)});
  router.add({Method::POST, "/api/v1/members/{id}/transfer", Access::org_route(perm::transfer, row),
              bind(transfer_member)});
  router.add({Method::GET, "/api/v1/members/{id}/transfers", Access::org_route(perm::read, row), bind(transfers)});
}

}  // namespace dj::member
