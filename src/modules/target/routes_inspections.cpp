// /api/v1/targets/inspections: 督查 records of an organisation's subtree or of
// one item, each with its 整改事项. A rectification is a target_milestones row
// (kind 'rectification', no item, no plan) so that it is on its owner's to-do
// list, reported, reviewed, overdue and counted exactly like a milestone.
#include <boost/json.hpp>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/identity/context.h"
#include "core/identity/policy_store.h"
#include "core/input.h"
#include "core/notify/notify.h"
#include "core/route_prelude.h"
#include "core/tasks/tasks.h"
#include "modules/target/figures.h"
#include "modules/target/permissions.h"
#include "modules/target/routes.h"
#include "modules/target/target_json.h"
#include "modules/target/work_common.h"

namespace dj::target {
namespace {

using namespace dj::route_prelude;
using work::Where;

constexpr std::size_t kMaxRectifications = 50;

// An inspection `n` with its organisation, plan and item names and how many
// of its rectifications there are and are done.
constexpr const char* kInspectionSelect =
    "SELECT n.id, n.org_id, o.name, n.plan_id, p.title, n.item_id, it.title, n.inspected_on, n.findings, "
    "n.inspector_name, n.created_at_ms, "
    "(SELECT count(*) FROM target_milestones r WHERE r.inspection_id = n.id), "
    "(SELECT count(*) FROM target_milestones r WHERE r.inspection_id = n.id AND r.state = 'done') "
    "FROM target_inspections n JOIN orgs o ON o.id = n.org_id LEFT JOIN target_plans p ON p.id = n.plan_id "
    "LEFT JOIN target_items it ON it.id = n.item_id";

json::value opt_int(const store::Row& r, int col) { return r.is_null(col) ? json::value() : json::value(r.int64(col)); }
json::value opt_text(const store::Row& r, int col) {
  return r.is_null(col) ? json::value() : json::value(json::string(r.text(col)));
}

json::object inspection_json(const store::Row& r) {
  return {{"id", r.int64(0)},
          {"org_id", r.int64(1)},
          {"org_name", r.text(2)},
          {"plan_id", opt_int(r, 3)},
          {"plan_title", opt_text(r, 4)},
          {"item_id", opt_int(r, 5)},
          {"item_title", opt_text(r, 6)},
          {"inspected_on", r.text(7)},
          {"findings", r.text(8)},
          {"inspector_name", r.text(9)},
          {"created_at_ms", r.int64(10)},
          {"rectification_count", r.int64(11)},
          {"rectifications_done", r.int64(12)}};
}

// ---- input ------------------------------------------------------------------------------------

// A real calendar date written YYYY-MM-DD (2026-02-30 is not one).
bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (s[i] < '0' || s[i] > '9') return false;
  return add_days(s, 0) == s;  // normalising an impossible day changes it
}

std::string date_field(const json::object& o, const char* key, const char* label, const std::string& field) {
  std::string v;
  try {
    v = input::text(o, key, label, true, 10);
  } catch (const ApiError& e) {
    throw ApiError(e.status(), e.code(), e.message(), field);  // "rectifications[0].due_date", not "due_date"
  }
  if (!is_iso_date(v)) throw ApiError::invalid(std::string(label) + "应为有效日期（如 2026-03-31）。", field);
  return v;
}

struct RectificationInput {
  std::string title;
  std::int64_t owner = 0;
  std::string due_date;
};

struct InspectionInput {
  std::int64_t org_id = 0;
  std::optional<std::int64_t> item_id;
  std::string inspected_on, findings;
  std::vector<RectificationInput> rectifications;
};

RectificationInput rectification_input(const json::value& v, const std::string& at, const std::string& inspected_on) {
  if (!v.is_object()) throw ApiError::invalid("整改事项格式不正确。", at);
  const auto& o = v.as_object();
  RectificationInput r;
  try {
    r.title = input::text(o, "title", "整改事项", true, 200);
    r.owner = *input::int64(o, "owner_user_id", "整改责任人", true);
  } catch (const ApiError& e) {
    throw ApiError(e.status(), e.code(), e.message(), at + "." + e.field());  // name the row
  }
  r.due_date = date_field(o, "due_date", "整改期限", at + ".due_date");
  if (r.due_date < inspected_on) throw ApiError::invalid("整改期限不能早于督查日期。", at + ".due_date");
  return r;
}

InspectionInput inspection_input(const json::object& o, const std::string& today) {
  InspectionInput in;
  in.org_id = *input::int64(o, "org_id", "督查组织", true);
  in.item_id = input::int64(o, "item_id", "督查事项", false);
  in.inspected_on = date_field(o, "inspected_on", "督查日期", "inspected_on");
  if (in.inspected_on > today) throw ApiError::invalid("督查日期不能晚于今天。", "inspected_on");
  in.findings = input::text(o, "findings", "督查意见", true, 4000);
  const auto* list = o.if_contains("rectifications");
  if (!list || list->is_null()) return in;
  if (!list->is_array()) throw ApiError::invalid("整改事项应为列表。", "rectifications");
  if (list->as_array().size() > kMaxRectifications)
    throw ApiError::invalid("一次督查最多列出 " + std::to_string(kMaxRectifications) + " 项整改。", "rectifications");
  std::size_t i = 0;
  for (const auto& v : list->as_array())
    in.rectifications.push_back(rectification_input(v, "rectifications[" + std::to_string(i++) + "]", in.inspected_on));
  return in;
}

// ---- checks against the database ---------------------------------------------------------------

// Where the rectifications belong: the inspected item's organisation when an
// item is named (which must be in the caller's supervise scope, inside org_id
// and in an issued plan), else the inspected organisation.
struct Target {
  std::int64_t org_id = 0;
  std::optional<std::int64_t> plan_id;
};

Target inspected_target(ScopedConn& db, const InspectionInput& in) {
  auto& raw = db.unscoped();  // reference checks; the guard checked org_id's scope
  if (!raw.scalar_int64("SELECT id FROM orgs WHERE id = $1 AND status = 'active'", {in.org_id}))
    throw ApiError::invalid("所选组织不存在或已撤销。", "org_id");
  if (!in.item_id) return {in.org_id, std::nullopt};
  std::optional<Target> t;
  std::string plan_status;
  raw.each(
      "SELECT i.org_id, i.plan_id, p.status FROM target_items i JOIN target_plans p ON p.id = i.plan_id "
      "WHERE i.id = $1",
      {*in.item_id}, [&](const store::Row& r) {
        t = Target{r.int64(0), r.int64(1)};
        plan_status = r.text(2);
      });
  if (!t || !db.scope().contains_org(raw, t->org_id))
    throw ApiError::invalid("所选事项不存在或不在您的督查范围内。", "item_id");
  Where w("x.id = $1");
  w.arg(t->org_id);
  w.add(work::in_subtree(w, "x.id", in.org_id));
  if (!raw.scalar_int64("SELECT count(*) FROM orgs x WHERE " + w.sql(), w.params()).value_or(0))
    throw ApiError::invalid("所选事项不属于督查的组织。", "item_id");
  if (plan_status == "draft") throw ApiError::invalid("所选事项所在的计划尚未下达。", "item_id");
  if (plan_status == "closed") throw ApiError(409, "plan_closed", "计划已关闭，不能修改。", "item_id");
  return *t;
}

// The owner's display name, when the owner is an active account whose home
// organisation is in `org`'s subtree (the rule every owner follows).
std::string owner_name(store::Conn& c, std::int64_t user, std::int64_t org, const std::string& field) {
  Where w("u.id = $1 AND u.status = 'active'");
  w.arg(user);
  w.add(work::in_subtree(w, "u.org_id", org));
  auto name = c.scalar_text("SELECT u.display_name FROM users u WHERE " + w.sql(), w.params());
  if (!name) throw ApiError::invalid("整改责任人应为被督查组织（含下级）的在用账号。", field);
  return *name;
}

// ---- routes -------------------------------------------------------------------------------------

Response list(Request& req) {
  auto& c = identity::ctx(req);
  auto paging = input::paging(req);
  Where w("@SCOPE(n.org_id)@");
  if (auto org = input::query_int64(req, "org_id")) w.add(work::in_subtree(w, "n.org_id", *org));
  json::array items;
  std::int64_t total = 0;
  c.read([&](ScopedConn& db) {
    total = db.scalar_int64("SELECT count(*) FROM target_inspections n WHERE " + w.sql(), w.params()).value_or(0);
    db.each(std::string(kInspectionSelect) + " WHERE " + w.sql() + " ORDER BY n.inspected_on DESC, n.id DESC LIMIT " +
                std::to_string(paging.page_size) + " OFFSET " + std::to_string(paging.offset()),
            w.params(), [&](const store::Row& r) { items.push_back(inspection_json(r)); });
  });
  return Response::json(input::page_json(std::move(items), total, paging));
}

json::object load(store::Conn& raw, std::int64_t id) {
  std::optional<json::object> o;
  raw.each(std::string(kInspectionSelect) + " WHERE n.id = $1", {id},
           [&](const store::Row& r) { o = inspection_json(r); });
  if (!o) throw ApiError::not_found("督查记录不存在或您无权查看。");
  json::array rects;
  const std::string today = tasks::today_beijing();
  raw.each(std::string("SELECT ") + kMilestoneColumns + kMilestoneFrom +
               " WHERE m.inspection_id = $1 ORDER BY m.due_date, m.id",
           {id}, [&](const store::Row& r) { rects.push_back(milestone_json(r, today)); });
  (*o)["rectifications"] = std::move(rects);
  return *o;
}

Response get_one(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  // The guard checked the inspection's organisation; its rectifications come with it.
  return Response::json(c.read([&](ScopedConn& db) { return load(db.unscoped(), id); }));
}

std::int64_t insert_rectification(store::Conn& c, std::int64_t inspection, const Target& t, const RectificationInput& r,
                                  const std::string& name, std::int64_t now) {
  figures::Change fig(c, {t.org_id});
  const std::int64_t id = *c.scalar_int64(
      "INSERT INTO target_milestones (kind, inspection_id, title, due_date, org_id, owner_user_id, owner_name, "
      "state, created_at_ms, updated_at_ms) VALUES ('rectification', $1, $2, $3, $4, $5, $6, 'open', $7, $7) "
      "RETURNING id",
      {inspection, r.title, r.due_date, t.org_id, r.owner, name, now});
  fig.commit();
  return id;
}

Response create(Request& req) {
  auto& c = identity::ctx(req);
  const auto& who = c.who();
  const InspectionInput in = inspection_input(input::body_object(req), tasks::today_beijing());
  const std::int64_t id =
      c.write({"target.inspection.create", "target_inspection", ""}, [&](ScopedConn& db, audit::Entry& e) {
        const Target t = inspected_target(db, in);
        auto& raw = db.unscoped();
        const std::int64_t now = identity::now_ms();
        const std::int64_t new_id = *raw.scalar_int64(
            "INSERT INTO target_inspections (org_id, plan_id, item_id, inspected_on, findings, inspector_user_id, "
            "inspector_name, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            {in.org_id, t.plan_id ? store::Value(*t.plan_id) : store::Value(),
             in.item_id ? store::Value(*in.item_id) : store::Value(), in.inspected_on, in.findings, who.user_id,
             who.display_name, now});
        json::array audited;
        for (std::size_t i = 0; i < in.rectifications.size(); ++i) {
          const auto& r = in.rectifications[i];
          const std::string field = "rectifications[" + std::to_string(i) + "].owner_user_id";
          const std::int64_t mid =
              insert_rectification(raw, new_id, t, r, owner_name(raw, r.owner, t.org_id, field), now);
          notify::send(raw,
                       {r.owner, "target.rectification", "督查整改：" + r.title,
                        "请于 " + r.due_date + " 前完成整改并报告。督查意见：" + in.findings, "/targets/todo",
                        "target.rectification:" + std::to_string(mid)},
                       now);
          audited.push_back({{"id", mid}, {"title", r.title}, {"owner_user_id", r.owner}, {"due_date", r.due_date}});
        }
        e.entity_id = std::to_string(new_id);
        e.org_id = in.org_id;
        e.detail = {{"item_id", in.item_id ? json::value(*in.item_id) : json::value()},
                    {"inspected_on", in.inspected_on},
                    {"rectifications", std::move(audited)}};
        return new_id;
      });
  return Response::json(c.read([&](ScopedConn& db) { return load(db.unscoped(), id); }), 201);
}

}  // namespace

void install_inspection_routes(ModuleContext& ctx) {
  auto& router = ctx.router;
  const std::string base = "/api/v1/targets/inspections";
  router.add({Method::GET, base, Access::org_route(perm::read, OrgRef::list()), list});
  router.add({Method::POST, base, Access::org_route(perm::supervise, OrgRef::body("org_id")), create});
  router.add(
      {Method::GET, base + "/{id}", Access::org_route(perm::read, OrgRef::row("id", "target_inspections")), get_one});
}

}  // namespace dj::target
