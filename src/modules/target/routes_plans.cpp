// /api/v1/targets/plans: 年度目标计划 — create a draft, edit it, attach the
// documents it comes with, issue it (every owner is told) and close it
// (read-only from then on).
#include <boost/json.hpp>

#include <memory>
#include <optional>
#include <set>

#include "core/error.h"
#include "core/files/files.h"
#include "core/identity/context.h"
#include "core/identity/policy_store.h"
#include "core/input.h"
#include "core/notify/notify.h"
#include "core/route_prelude.h"
#include "modules/target/figures.h"
#include "modules/target/permissions.h"
#include "modules/target/plan_common.h"
#include "modules/target/routes.h"
#include "store/like.h"

namespace dj::target {
namespace {

using namespace dj::route_prelude;
using plans::PlanFacts;

// ---- input ----------------------------------------------------------------------------------

json::array tags_field(const json::object& body) {
  json::array out;
  auto it = body.find("tags");
  if (it == body.end() || it->value().is_null()) return out;
  if (!it->value().is_array()) throw ApiError::invalid("标签应为文字列表。", "tags");
  std::set<std::string> seen;
  for (const auto& t : it->value().as_array()) {
    if (!t.is_string()) throw ApiError::invalid("标签应为文字。", "tags");
    std::string s(t.as_string());
    if (s.empty() || s.size() > 60) throw ApiError::invalid("每个标签应为 1 至 20 个字。", "tags");
    if (seen.insert(s).second) out.emplace_back(s);
  }
  if (out.size() > 20) throw ApiError::invalid("标签最多 20 个。", "tags");
  return out;
}

void check_dates(const std::string& start, const std::string& end) {
  if (start > end) throw ApiError::invalid("结束日期不能早于开始日期。", "end_date");
}

// Dates may only move while every milestone stays inside them.
void check_milestones_inside(store::Conn& c, std::int64_t plan_id, const std::string& start, const std::string& end) {
  auto outside = [&](const char* op, const std::string& bound) {
    return c.scalar_int64(std::string("SELECT count(*) FROM target_milestones WHERE plan_id = $1 AND kind = "
                                      "'milestone' AND due_date ") + op + " $2",
                          {plan_id, bound})
        .value_or(0);
  };
  const std::int64_t before = outside("<", start), after = outside(">", end);
  if (before + after > 0)
    // The field is the date that now excludes them (start first when both do).
    throw ApiError::invalid("有 " + std::to_string(before + after) +
                                " 个时序节点的到期日不在新的起止日期之内，请先调整这些节点。",
                            before > 0 ? "start_date" : "end_date");
}

// ---- list and read ------------------------------------------------------------------------

Response list(Request& req) {
  auto& c = identity::ctx(req);
  auto paging = input::paging(req);
  const std::string today = plans::today();
  json::array items;
  std::int64_t total = 0;
  c.read([&](ScopedConn& db) {
    store::Params p;
    std::string where = " WHERE " + plans::visible_plan_condition(db.unscoped(), c.who(), p);
    if (auto year = input::query_int64(req, "year")) {
      p.push_back(*year);
      where += " AND p.year = $" + std::to_string(p.size());
    }
    std::string status = input::query_text(req, "status", 10);
    if (!status.empty()) {
      if (status != "draft" && status != "issued" && status != "closed")
        throw ApiError::invalid("状态只能是草稿、已下达或已关闭。", "status");
      p.push_back(status);
      where += " AND p.status = $" + std::to_string(p.size());
    }
    std::string q = input::query_text(req, "q", 50);
    if (!q.empty()) {
      // Literal and case-blind on both databases (store/like.h).
      p.push_back("%" + store::like_escape(store::ascii_lower(q)) + "%");
      where += " AND lower(p.title) LIKE $" + std::to_string(p.size()) + " ESCAPE '\\'";
    }
    total = db.scalar_int64("SELECT count(*) FROM target_plans p" + where, p).value_or(0);
    auto manage = plans::scope_for(db.unscoped(), c.who(), perm::manage);
    const bool manager = c.who().has_permission(perm::manage);
    // Today goes last among the handler's own parameters (the count does not
    // use it, and PostgreSQL refuses a parameter it cannot type).
    p.push_back(today);
    // The issuing organisation's path comes with the row (column 17, after
    // plan_columns), so can_manage needs no query per plan.
    db.each("SELECT " + plans::plan_columns("$" + std::to_string(p.size())) + ", o.path" + plans::kPlanFrom + where +
                " ORDER BY p.year DESC, p.id DESC LIMIT " + std::to_string(paging.page_size) + " OFFSET " +
                std::to_string(paging.offset()),
            p, [&](const store::Row& r) {
              items.push_back(plans::plan_json(r, manager && manage.contains(r.int64(1), r.text(17))));
            });
  });
  return Response::json(input::page_json(std::move(items), total, paging));
}

Response get_one(Request& req) {
  auto& c = identity::ctx(req);
  std::int64_t id = input::id_param(req);
  return Response::json(c.read([&](ScopedConn& db) {
    plans::visible_plan(db, c.who(), id);
    return plans::plan_detail(db.unscoped(), c.who(), id, plans::today());
  }));
}

json::object detail_after_write(identity::Ctx& c, std::int64_t id) {
  return c.read([&](ScopedConn& db) { return plans::plan_detail(db.unscoped(), c.who(), id, plans::today()); });
}

// ---- writes ---------------------------------------------------------------------------------

Response create(Request& req) {
  auto& c = identity::ctx(req);
  auto body = input::body_object(req);
  const std::int64_t org = *input::int64(body, "org_id", "制定单位", true);
  const std::int64_t year = *input::int64(body, "year", "年度", true);
  if (year < 2000 || year > 2100) throw ApiError::invalid("年度应为 2000 至 2100 之间的年份。", "year");
  const std::string title = input::text(body, "title", "计划名称", true, 100);
  const std::string description = input::text(body, "description", "计划说明", false, 4000);
  const json::array tags = tags_field(body);
  const std::string start = *plans::date_field(body, "start_date", "开始日期", true);
  const std::string end = *plans::date_field(body, "end_date", "结束日期", true);
  check_dates(start, end);
  const auto& who = c.who();
  std::int64_t id = c.write({"target.plan.create", "target_plan", ""}, [&](ScopedConn& db, audit::Entry& e) {
    const std::int64_t now = identity::now_ms();
    std::int64_t new_id = *db.unscoped().scalar_int64(
        "INSERT INTO target_plans (org_id, year, title, tags, description, start_date, end_date, status, "
        "created_by, created_by_name, created_at_ms, updated_at_ms) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $10, $10) RETURNING id",
        {org, year, title, json::serialize(tags), description, start, end, who.user_id, who.display_name, now});
    e.entity_id = std::to_string(new_id);
    e.org_id = org;
    e.detail = {{"title", title}, {"year", year}, {"start_date", start}, {"end_date", end}, {"tags", tags}};
    return new_id;
  });
  return Response::json(detail_after_write(c, id), 201);
}

Response update(Request& req) {
  auto& c = identity::ctx(req);
  std::int64_t id = input::id_param(req);
  auto body = input::body_object(req);
  c.write({"target.plan.update", "target_plan", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();  // the guard checked the plan's organisation
    PlanFacts p = plans::plan_facts(raw, id);
    plans::refuse_closed(p);
    auto r = raw.query("SELECT title, tags, description FROM target_plans WHERE id = $1", {id});
    json::object before{{"title", r.text(0, 0)},
                        {"tags", json::parse(r.text(0, 1))},
                        {"description", r.text(0, 2)},
                        {"start_date", p.start_date},
                        {"end_date", p.end_date}};
    json::object after = before;
    if (body.contains("title")) after["title"] = input::text(body, "title", "计划名称", true, 100);
    if (body.contains("description")) after["description"] = input::text(body, "description", "计划说明", false, 4000);
    if (body.contains("tags")) after["tags"] = tags_field(body);
    if (body.contains("start_date")) after["start_date"] = *plans::date_field(body, "start_date", "开始日期", true);
    if (body.contains("end_date")) after["end_date"] = *plans::date_field(body, "end_date", "结束日期", true);
    const std::string start(after["start_date"].as_string()), end(after["end_date"].as_string());
    check_dates(start, end);
    check_milestones_inside(raw, id, start, end);
    raw.exec("UPDATE target_plans SET title = $1, tags = $2, description = $3, start_date = $4, end_date = $5, "
             "updated_at_ms = $6 WHERE id = $7",
             {std::string(after["title"].as_string()), json::serialize(after["tags"]),
              std::string(after["description"].as_string()), start, end, identity::now_ms(), id});
    e.org_id = p.org_id;
    e.detail = audit::diff(before, after);
  });
  return Response::json(detail_after_write(c, id));
}

// Every owner of an item hears once that the plan was issued.
int notify_owners(store::Conn& c, const PlanFacts& p) {
  int sent = 0;
  auto owners = c.query("SELECT owner_user_id, count(*) FROM target_items WHERE plan_id = $1 GROUP BY owner_user_id",
                        {p.id});
  for (std::size_t i = 0; i < owners.size(); ++i) {
    const std::int64_t user = owners.int64(i, 0);
    notify::Notice n;
    n.user_id = user;
    n.kind = "target.issued";
    n.title = "目标计划已下达：" + p.title;
    n.body = "您负责其中 " + std::to_string(owners.int64(i, 1)) + " 项任务，请在“我的任务”中查看时序节点并按时报告进度。";
    n.link = "/targets/todo";
    n.dedupe_key = "target.issued:" + std::to_string(p.id) + ":" + std::to_string(user);
    if (notify::send(c, n, identity::now_ms())) ++sent;
  }
  return sent;
}

Response issue(Request& req) {
  auto& c = identity::ctx(req);
  std::int64_t id = input::id_param(req);
  c.write({"target.plan.issue", "target_plan", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    PlanFacts p = plans::plan_facts(raw, id);
    plans::refuse_closed(p);
    if (p.status != "draft") throw ApiError(409, "already_issued", "该计划已下达。");
    const std::int64_t now = identity::now_ms();
    figures::Change fig(raw, figures::orgs_of_plan(raw, id));  // a draft's rows start to count
    raw.exec("UPDATE target_plans SET status = 'issued', issued_at_ms = $1, updated_at_ms = $1 WHERE id = $2",
             {now, id});
    fig.commit();
    e.org_id = p.org_id;
    e.detail = {{"title", p.title}, {"notified", notify_owners(raw, p)}};
  });
  return Response::json(detail_after_write(c, id));
}

Response close_plan(Request& req) {
  auto& c = identity::ctx(req);
  std::int64_t id = input::id_param(req);
  c.write({"target.plan.close", "target_plan", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    PlanFacts p = plans::plan_facts(raw, id);
    plans::refuse_closed(p);
    if (p.status != "issued") throw ApiError(409, "not_issued", "草稿计划尚未下达，不能关闭。");
    const std::int64_t now = identity::now_ms();
    raw.exec("UPDATE target_plans SET status = 'closed', closed_at_ms = $1, updated_at_ms = $1 WHERE id = $2",
             {now, id});
    e.org_id = p.org_id;
    e.detail = {{"title", p.title}};
  });
  return Response::json(detail_after_write(c, id));
}

// ---- attachments ----------------------------------------------------------------------------

Response upload(const std::string& data_dir, Request& req) {
  auto& c = identity::ctx(req);
  std::int64_t id = input::id_param(req);
  // Checked before anything is stored: a refused file leaves no trace.
  files::Checked f = files::check_evidence(input::query_text(req, "name", 200), req.body);
  const auto& who = c.who();
  json::object out;
  c.write({"target.plan.attach", "target_plan", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    PlanFacts p = plans::plan_facts(raw, id);
    plans::refuse_closed(p);
    // Inside the transaction so a closed plan stores nothing; put() is
    // idempotent (content-addressed), so a retried transaction is harmless.
    const std::string sha = files::FileStore(data_dir).put(req.body);
    const auto size = static_cast<std::int64_t>(req.body.size());
    std::int64_t file_id = *raw.scalar_int64(
        "INSERT INTO target_files (org_id, plan_id, name, mime, size, sha256, uploaded_by, uploaded_by_name, "
        "uploaded_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {p.org_id, id, f.name, f.mime, size, sha, who.user_id, who.display_name, identity::now_ms()});
    e.org_id = p.org_id;
    e.detail = {{"file_id", file_id}, {"name", f.name}, {"size", size}, {"sha256", sha}};
    out = {{"id", file_id},
           {"name", f.name},
           {"size", size},
           {"mime", f.mime},
           {"url", plans::attachment_url(id, file_id)}};
  });
  return Response::json(out, 201);
}

// GET /plans/{id}/attachments/{file_id}: the plan's documents go to everyone
// who may see the plan (visible_plan: its organisation or one of its items in
// the read scope; drafts only for their managers).
Response download_attachment(const std::string& data_dir, Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  const std::int64_t file_id = input::id_param(req, "file_id");
  struct Stored {
    std::string sha, mime, name;
  };
  auto f = c.read([&](ScopedConn& db) {
    plans::visible_plan(db, c.who(), id);  // 404 when the caller may not see the plan
    std::optional<Stored> out;
    db.unscoped().each("SELECT sha256, mime, name FROM target_files WHERE id = $1 AND plan_id = $2", {file_id, id},
                       [&](const store::Row& r) {
                         out = Stored{std::string(r.text(0)), std::string(r.text(1)), std::string(r.text(2))};
                       });
    return out;
  });
  if (!f) throw ApiError::not_found("附件不存在。");
  return files::serve(files::FileStore(data_dir), f->sha, f->mime, f->name);
}

Response remove_attachment(Request& req) {
  auto& c = identity::ctx(req);
  std::int64_t id = input::id_param(req);
  std::int64_t file_id = input::id_param(req, "file_id");
  c.write({"target.plan.detach", "target_plan", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    PlanFacts p = plans::plan_facts(raw, id);
    plans::refuse_closed(p);
    auto name = raw.scalar_text("SELECT name FROM target_files WHERE id = $1 AND plan_id = $2", {file_id, id});
    if (!name) throw ApiError::not_found("附件不存在。");
    // Only the row goes: the bytes are content-addressed and may back other files.
    raw.exec("DELETE FROM target_files WHERE id = $1", {file_id});
    e.org_id = p.org_id;
    e.detail = {{"file_id", file_id}, {"name", *name}};
  });
  return Response::json({{"ok", true}});
}

}  // namespace

void install_plan_routes(ModuleContext& ctx) {
  auto& router = ctx.router;
  const std::string base = "/api/v1/targets/plans";
  auto row = OrgRef::row("id", "target_plans");
  router.add({Method::GET, base, Access::org_route(perm::read, OrgRef::list()), list});
  router.add({Method::POST, base, Access::org_route(perm::manage, OrgRef::body("org_id")), create});
  router.add({Method::GET, base + "/{id}", Access::org_route(perm::read, OrgRef::list()), get_one});
  router.add({Method::PATCH, base + "/{id}", Access::org_route(perm::manage, row), update});
  router.add({Method::POST, base + "/{id}/issue", Access::org_route(perm::manage, row), issue});
  router.add({Method::POST, base + "/{id}/close", Access::org_route(perm::manage, row), close_plan});
  http::Route up{Method::POST, base + "/{id}/attachments", Access::org_route(perm::manage, row),
                 [dir = ctx.data_dir](Request& r) { return upload(dir, r); }};
  up.upload = true;
  router.add(std::move(up));
  router.add({Method::GET, base + "/{id}/attachments/{file_id}", Access::org_route(perm::read, OrgRef::list()),
              [data_dir = ctx.data_dir](Request& r) { return download_attachment(data_dir, r); }});
  router.add({Method::DELETE_, base + "/{id}/attachments/{file_id}", Access::org_route(perm::manage, row),
              remove_attachment});
}

}  // namespace dj::target
