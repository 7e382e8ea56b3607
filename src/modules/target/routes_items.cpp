// Decomposition (目标任务分解): items of a plan broken down from the issuing
// organisation to departments and finally to a person, their 时序节点, and the
// owner picker. Every change that can move progress recomputes it upward in
// the same transaction (rollup.h); every change to an item is kept in its
// history so a re-assignment or a split can be traced.
#include <boost/json.hpp>

#include <optional>
#include <set>
#include <vector>

#include "core/error.h"
#include "core/identity/context.h"
#include "core/identity/policy_store.h"
#include "core/input.h"
#include "core/route_prelude.h"
#include "modules/target/permissions.h"
#include "modules/target/plan_common.h"
#include "modules/target/figures.h"
#include "modules/target/rollup.h"
#include "modules/target/routes.h"
#include "modules/target/target_json.h"
#include "modules/target/work_common.h"
#include "store/like.h"

namespace dj::target {
namespace {

using namespace dj::route_prelude;
using plans::ItemFacts;
using plans::PlanFacts;

// ---- input ----------------------------------------------------------------------------------

// What a new item is made of: POST /plans/{id}/items and each part of a split.
struct ItemInput {
  std::string title, criteria;
  std::int64_t weight = 0, org_id = 0, owner_user_id = 0;
  std::string owner_name;  // filled by the owner check
};

// `prefix` names the fields in errors ("" or "parts[2].").
ItemInput item_input(const json::object& o, const std::string& prefix) {
  ItemInput in;
  try {
    in.title = input::text(o, "title", "事项名称", true, 200);
    in.criteria = input::text(o, "criteria", "考核标准", false, 2000);
    in.org_id = *input::int64(o, "org_id", "责任单位", true);
    in.owner_user_id = *input::int64(o, "owner_user_id", "责任人", true);
  } catch (const ApiError& e) {
    if (prefix.empty()) throw;
    throw ApiError(e.status(), e.code(), e.message(), prefix + e.field());
  }
  in.weight = plans::weight_field(o, "weight", prefix + "weight");
  return in;
}

// The organisation is one the caller may assign to, and the owner belongs to it.
void check_assignment(ScopedConn& db, ItemInput& in, const std::string& prefix) {
  plans::check_org_in_scope(db, in.org_id, prefix + "org_id");
  in.owner_name = plans::check_owner(db.unscoped(), in.owner_user_id, in.org_id, prefix + "owner_user_id");
}

// ---- shared steps ------------------------------------------------------------------------------

bool has_milestones(store::Conn& c, std::int64_t item_id) {
  return c.scalar_int64("SELECT count(*) FROM target_milestones WHERE item_id = $1 AND kind = 'milestone'", {item_id})
             .value_or(0) > 0;
}

bool has_children(store::Conn& c, std::int64_t item_id) {
  return c.scalar_int64("SELECT count(*) FROM target_items WHERE parent_id = $1", {item_id}).value_or(0) > 0;
}

// Progress of an item with children comes only from them (rollup.h), so an
// item is either broken down further or carries 时序节点, never both: a
// milestone on an inner item would be reported on and silently not count.
void refuse_children_of_milestoned(store::Conn& c, const ItemFacts& parent) {
  if (has_milestones(c, parent.id))
    throw ApiError(409, "has_milestones", "“" + parent.title + "”已设置时序节点，请先删除其时序节点再继续分解。");
}

// Inserts the item (path and depth from its parent) and its "create" history.
std::int64_t insert_item(store::Conn& c, const PlanFacts& plan, const std::optional<ItemFacts>& parent,
                         const ItemInput& in, const identity::Principal& who) {
  const std::int64_t now = identity::now_ms();
  const std::optional<std::int64_t> parent_id = parent ? std::optional(parent->id) : std::nullopt;
  const store::Value parent_value = parent_id ? store::Value(*parent_id) : store::Value();
  const std::int64_t sort =
      c.scalar_int64(parent_id ? "SELECT COALESCE(MAX(sort), 0) + 1 FROM target_items WHERE parent_id = $1"
                               : "SELECT COALESCE(MAX(sort), 0) + 1 FROM target_items WHERE plan_id = $1 AND "
                                 "parent_id IS NULL",
                     {parent_id ? *parent_id : plan.id})
          .value_or(1);
  const std::int64_t id = *c.scalar_int64(
      "INSERT INTO target_items (plan_id, parent_id, path, depth, sort, title, criteria, weight, org_id, "
      "owner_user_id, owner_name, created_at_ms, updated_at_ms) "
      "VALUES ($1, $2, '', $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
      {plan.id, parent_value, parent ? parent->depth + 1 : 1, sort, in.title, in.criteria, in.weight, in.org_id,
       in.owner_user_id, in.owner_name, now});
  c.exec("UPDATE target_items SET path = $1 WHERE id = $2",
         {(parent ? parent->path : std::string("/")) + std::to_string(id) + "/", id});
  json::object after{{"title", in.title},   {"criteria", in.criteria},           {"weight", in.weight},
                     {"org_id", in.org_id}, {"owner_user_id", in.owner_user_id}, {"owner_name", in.owner_name}};
  plans::add_history(c, id, "create", {{"after", after}}, who);
  if (plan.status == "issued") plans::notify_assigned(c, plan, id, in.title, in.owner_user_id);
  return id;
}

// The item as a tree node (share among its siblings, overdue in its subtree).
json::object node_of(store::Conn& c, std::int64_t plan_id, std::int64_t item_id, const std::string& today) {
  auto nodes = plans::plan_nodes(c, plan_id);
  auto sums = plans::sibling_sums(nodes);
  for (const auto& n : nodes) {
    if (n.id != item_id) continue;
    json::object o = plans::node_json(n, sums, has_children(c, n.id));
    o["overdue"] = *c.scalar_int64(
        "SELECT count(*) FROM target_milestones m JOIN target_items i ON i.id = m.item_id "
        "WHERE i.plan_id = $1 AND i.path >= $2 AND i.path < $2 || '~' AND m.kind = 'milestone' "
        "AND m.state <> 'done' AND m.due_date < $3",
        {plan_id, n.path, today});
    o["plan_id"] = plan_id;
    return o;
  }
  throw ApiError::not_found("事项不存在或您无权查看。");
}

json::object milestone_out(store::Conn& c, std::int64_t id) {
  auto m = work::milestone_by_id(c, id, plans::today());
  if (!m) throw ApiError::not_found("时序节点不存在。");
  return *m;
}

// The plan of an item, refused when closed (every write here starts with it).
PlanFacts open_plan_of(store::Conn& c, std::int64_t plan_id) {
  PlanFacts p = plans::plan_facts(c, plan_id);
  plans::refuse_closed(p);
  return p;
}

// ---- items ------------------------------------------------------------------------------------

Response add_item(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t plan_id = input::id_param(req);
  auto body = input::body_object(req);
  ItemInput in = item_input(body, "");
  std::optional<std::int64_t> parent_id;
  if (auto it = body.find("parent_id"); it != body.end() && !it->value().is_null())
    parent_id = input::int64(body, "parent_id", "上级事项", true);
  const auto& who = c.who();
  std::int64_t id = c.write({"target.item.create", "target_item", ""}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();  // reads below are of rows whose organisation is checked explicitly
    PlanFacts plan = open_plan_of(raw, plan_id);
    std::optional<ItemFacts> parent;
    if (parent_id) {
      auto found = raw.scalar_int64("SELECT id FROM target_items WHERE id = $1 AND plan_id = $2", {*parent_id, plan_id});
      if (!found) throw ApiError::invalid("上级事项不属于该计划。", "parent_id");
      parent = plans::item_facts(raw, *parent_id);
      if (!db.scope().contains_org(raw, parent->org_id))
        throw ApiError(403, "out_of_scope", "您无权分解该上级事项。", "parent_id");
      refuse_children_of_milestoned(raw, *parent);
    } else if (!db.scope().contains_org(raw, plan.org_id)) {
      throw ApiError(403, "out_of_scope", "只有计划制定单位的管理人员才能添加一级事项。", "parent_id");
    }
    check_assignment(db, in, "");
    figures::Change fig(raw, {in.org_id});
    const std::int64_t new_id = insert_item(raw, plan, parent, in, who);
    fig.commit();
    rollup_from_item(raw, new_id);
    e.entity_id = std::to_string(new_id);
    e.org_id = in.org_id;
    e.detail = {{"plan_id", plan_id},   {"parent_id", parent_id ? json::value(*parent_id) : json::value(nullptr)},
                {"title", in.title},    {"weight", in.weight},
                {"org_id", in.org_id},  {"owner_user_id", in.owner_user_id}};
    return new_id;
  });
  return Response::json(c.read([&](ScopedConn& db) { return node_of(db.unscoped(), plan_id, id, plans::today()); }),
                        201);
}

json::array history_json(store::Conn& c, std::int64_t item_id) {
  static const std::map<std::string, const char*> labels{
      {"create", "创建"}, {"edit", "修改"}, {"reassign", "调整责任"}, {"split", "拆分"}};
  json::array out;
  c.each("SELECT id, action, detail, by_name, at_ms FROM target_item_history WHERE item_id = $1 ORDER BY at_ms, id",
         {item_id}, [&](const store::Row& r) {
           const std::string action(r.text(1));
           boost::system::error_code ec;
           json::value d = json::parse(r.text(2), ec);
           json::object detail = !ec && d.is_object() ? d.as_object() : json::object{};
           auto label = labels.find(action);
           json::object h{{"id", r.int64(0)},
                          {"action", action},
                          {"action_label", label == labels.end() ? action.c_str() : label->second},
                          {"by_name", r.text(3)},
                          {"at_ms", r.int64(4)}};
           for (const char* k : {"before", "after", "reason", "parts"})
             h[k] = detail.contains(k) ? detail.at(k) : json::value(nullptr);
           out.push_back(std::move(h));
         });
  return out;
}

Response get_item(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  return Response::json(c.read([&](ScopedConn& db) {
    auto& raw = db.unscoped();  // the guard checked the item's organisation
    ItemFacts item = plans::item_facts(raw, id);
    PlanFacts plan = plans::plan_facts(raw, item.plan_id);
    if (plan.status == "draft" && !plans::can_manage_org(raw, c.who(), plan.org_id))
      throw ApiError::not_found("事项不存在或您无权查看。");
    const std::string today = plans::today();
    json::object o = node_of(raw, plan.id, id, today);
    o["plan_title"] = plan.title;
    o["plan_status"] = plan.status;
    json::array milestones;
    std::vector<json::object> rows;
    raw.each(std::string("SELECT ") + kMilestoneColumns + kMilestoneFrom +
                 " WHERE m.item_id = $1 ORDER BY m.due_date, m.id",
             {id}, [&](const store::Row& r) { rows.push_back(milestone_json(r, today)); });
    for (auto& m : rows) {
      m["reports"] = work::reports_json(raw, "r.milestone_id = $1", {m.at("id").as_int64()}, false);
      milestones.push_back(std::move(m));
    }
    o["milestones"] = std::move(milestones);
    auto nodes = plans::plan_nodes(raw, plan.id);
    auto sums = plans::sibling_sums(nodes);
    json::array children;
    for (const auto& n : nodes)
      if (n.parent_id == id) children.push_back(plans::node_json(n, sums, has_children(raw, n.id)));
    o["children"] = std::move(children);
    o["history"] = history_json(raw, id);
    o["can_manage"] = plans::can_manage_org(raw, c.who(), item.org_id) && plan.status != "closed";
    return o;
  }));
}

Response patch_item(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  auto body = input::body_object(req);
  const auto& who = c.who();
  std::int64_t plan_id = 0;
  c.write({"target.item.update", "target_item", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();  // the guard checked the item's organisation
    ItemFacts item = plans::item_facts(raw, id);
    open_plan_of(raw, item.plan_id);
    ItemFacts after = item;
    if (body.contains("title")) after.title = input::text(body, "title", "事项名称", true, 200);
    if (body.contains("criteria")) after.criteria = input::text(body, "criteria", "考核标准", false, 2000);
    if (body.contains("weight")) after.weight = plans::weight_field(body, "weight", "weight");
    raw.exec("UPDATE target_items SET title = $1, criteria = $2, weight = $3, updated_at_ms = $4 WHERE id = $5",
             {after.title, after.criteria, after.weight, identity::now_ms(), id});
    json::object changes = audit::diff(plans::item_view(item), plans::item_view(after));
    if (!changes.empty())
      plans::add_history(raw, id, "edit", {{"before", plans::item_view(item)}, {"after", plans::item_view(after)}},
                         who);
    if (after.weight != item.weight) rollup_from_item(raw, id);  // the parent's weighted mean moved
    plan_id = item.plan_id;
    e.org_id = item.org_id;
    e.detail = std::move(changes);
  });
  return Response::json(c.read([&](ScopedConn& db) { return node_of(db.unscoped(), plan_id, id, plans::today()); }));
}

Response reassign(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  auto body = input::body_object(req);
  ItemInput in;
  in.org_id = *input::int64(body, "org_id", "责任单位", true);
  in.owner_user_id = *input::int64(body, "owner_user_id", "责任人", true);
  const std::string reason = input::text(body, "reason", "调整原因", true, 500);
  const auto& who = c.who();
  std::int64_t plan_id = 0;
  c.write({"target.item.reassign", "target_item", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();  // the guard checked the item's organisation; the new one is checked below
    ItemFacts item = plans::item_facts(raw, id);
    PlanFacts plan = open_plan_of(raw, item.plan_id);
    check_assignment(db, in, "");
    if (in.org_id == item.org_id && in.owner_user_id == item.owner_user_id)
      throw ApiError::invalid("责任单位和责任人均未改变。", "owner_user_id");
    std::set<std::int64_t> touched{item.org_id, in.org_id};
    raw.each("SELECT DISTINCT org_id FROM target_milestones WHERE item_id = $1", {id},
             [&](const store::Row& r) { touched.insert(r.int64(0)); });
    figures::Change fig(raw, touched);
    const std::int64_t now = identity::now_ms();
    raw.exec("UPDATE target_items SET org_id = $1, owner_user_id = $2, owner_name = $3, updated_at_ms = $4 "
             "WHERE id = $5",
             {in.org_id, in.owner_user_id, in.owner_name, now, id});
    // Pending reports follow their milestone so the new organisation's reviewers see them,
    // with their evidence (GET /files/{id} is scoped by the file's organisation).
    raw.exec("UPDATE target_files SET org_id = $1 WHERE report_id IN (SELECT id FROM target_reports "
             "WHERE status = 'submitted' AND milestone_id IN "
             "(SELECT id FROM target_milestones WHERE item_id = $2 AND kind = 'milestone' AND state <> 'done'))",
             {in.org_id, id});
    raw.exec("UPDATE target_reports SET org_id = $1 WHERE status = 'submitted' AND milestone_id IN "
             "(SELECT id FROM target_milestones WHERE item_id = $2 AND kind = 'milestone' AND state <> 'done')",
             {in.org_id, id});
    // Done milestones stay with whoever did them: the record of who completed what.
    const std::int64_t moved = raw.exec(
        "UPDATE target_milestones SET org_id = $1, owner_user_id = $2, owner_name = $3, updated_at_ms = $4 "
        "WHERE item_id = $5 AND kind = 'milestone' AND state <> 'done'",
        {in.org_id, in.owner_user_id, in.owner_name, now, id});
    fig.commit();
    json::object before{{"org_id", item.org_id}, {"owner_user_id", item.owner_user_id}, {"owner_name", item.owner_name}};
    json::object after{{"org_id", in.org_id}, {"owner_user_id", in.owner_user_id}, {"owner_name", in.owner_name}};
    plans::add_history(raw, id, "reassign",
                       {{"before", before}, {"after", after}, {"reason", reason}, {"moved_milestones", moved}}, who);
    if (plan.status == "issued") plans::notify_assigned(raw, plan, id, item.title, in.owner_user_id);
    plan_id = item.plan_id;
    e.org_id = item.org_id;
    e.detail = {{"before", before}, {"after", after}, {"reason", reason}, {"moved_milestones", moved}};
  });
  return Response::json(c.read([&](ScopedConn& db) { return node_of(db.unscoped(), plan_id, id, plans::today()); }));
}

Response split(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  auto body = input::body_object(req);
  auto it = body.find("parts");
  if (it == body.end() || !it->value().is_array() || it->value().as_array().empty())
    throw ApiError::invalid("请至少填写一个拆分后的事项。", "parts");
  if (it->value().as_array().size() > 50) throw ApiError::invalid("一次最多拆分为 50 个事项。", "parts");
  std::vector<ItemInput> parts;
  for (std::size_t i = 0; i < it->value().as_array().size(); ++i) {
    const auto& v = it->value().as_array()[i];
    const std::string prefix = "parts[" + std::to_string(i) + "].";
    if (!v.is_object()) throw ApiError::invalid("拆分事项格式不正确。", "parts[" + std::to_string(i) + "]");
    parts.push_back(item_input(v.as_object(), prefix));
  }
  const auto& who = c.who();
  std::int64_t plan_id = 0;
  std::vector<std::int64_t> ids;
  c.write({"target.item.split", "target_item", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();  // the guard checked the item's organisation; each part's is checked below
    ids.clear();
    ItemFacts item = plans::item_facts(raw, id);
    PlanFacts plan = open_plan_of(raw, item.plan_id);
    refuse_children_of_milestoned(raw, item);
    json::array made;
    figures::Change fig(raw, {});
    for (std::size_t i = 0; i < parts.size(); ++i) {
      check_assignment(db, parts[i], "parts[" + std::to_string(i) + "].");
      fig.touch(parts[i].org_id);
      const std::int64_t child = insert_item(raw, plan, item, parts[i], who);
      ids.push_back(child);
      made.push_back({{"id", child},
                      {"title", parts[i].title},
                      {"weight", parts[i].weight},
                      {"org_id", parts[i].org_id},
                      {"owner_name", parts[i].owner_name}});
    }
    fig.commit();
    plans::add_history(raw, id, "split", {{"parts", made}}, who);
    rollup_from_item(raw, ids.front());  // the item now takes its progress from its parts
    plan_id = item.plan_id;
    e.org_id = item.org_id;
    e.detail = {{"title", item.title}, {"parts", made}};
  });
  return Response::json(c.read([&](ScopedConn& db) {
                          auto& raw = db.unscoped();
                          const std::string today = plans::today();
                          json::array children;
                          for (auto child : ids) children.push_back(node_of(raw, plan_id, child, today));
                          return json::object{{"item", node_of(raw, plan_id, id, today)},
                                              {"children", std::move(children)}};
                        }),
                        201);
}

Response delete_item(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  c.write({"target.item.delete", "target_item", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();  // the guard checked the item's organisation; the subtree goes with it
    ItemFacts item = plans::item_facts(raw, id);
    PlanFacts plan = open_plan_of(raw, item.plan_id);
    const store::Params subtree{item.plan_id, item.path};
    const std::string in_subtree =
        "(SELECT id FROM target_items WHERE plan_id = $1 AND path >= $2 AND path < $2 || '~')";
    if (raw.scalar_int64("SELECT count(*) FROM target_reports WHERE milestone_id IN (SELECT id FROM "
                         "target_milestones WHERE item_id IN " + in_subtree + ")",
                         subtree).value_or(0) > 0)
      throw ApiError(409, "has_reports", "该事项（或其下级事项）已有进度报告，不能删除；如需调整请使用“调整责任”。");
    if (raw.scalar_int64("SELECT count(*) FROM target_inspections WHERE item_id IN " + in_subtree, subtree)
            .value_or(0) > 0 ||
        raw.scalar_int64("SELECT count(*) FROM target_milestones WHERE kind = 'rectification' AND item_id IN " +
                             in_subtree,
                         subtree).value_or(0) > 0)
      throw ApiError(409, "has_inspections", "该事项已有督查记录或整改事项，不能删除。");
    std::set<std::int64_t> touched;
    raw.each("SELECT DISTINCT org_id FROM target_items WHERE id IN " + in_subtree + " UNION SELECT DISTINCT org_id "
             "FROM target_milestones WHERE item_id IN " + in_subtree, subtree,
             [&](const store::Row& r) { touched.insert(r.int64(0)); });
    figures::Change fig(raw, touched);
    const std::int64_t milestones =
        raw.exec("DELETE FROM target_milestones WHERE item_id IN " + in_subtree, subtree);
    raw.exec("DELETE FROM target_item_history WHERE item_id IN " + in_subtree, subtree);
    // Deepest first: every parent_id reference is gone before its row.
    auto rows = raw.query("SELECT id FROM target_items WHERE plan_id = $1 AND path >= $2 AND path < $2 || '~' "
                          "ORDER BY depth DESC",
                          subtree);
    for (std::size_t i = 0; i < rows.size(); ++i) raw.exec("DELETE FROM target_items WHERE id = $1", {rows.int64(i, 0)});
    fig.commit();
    if (item.parent_id)
      rollup_from_item(raw, *item.parent_id);
    else
      rollup_plan(raw, plan.id);
    e.org_id = item.org_id;
    e.detail = {{"title", item.title},
                {"plan_id", plan.id},
                {"items", static_cast<std::int64_t>(rows.size())},
                {"milestones", milestones}};
  });
  return Response::json({{"ok", true}});
}

// ---- milestones -----------------------------------------------------------------------------

Response add_milestone(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t item_id = input::id_param(req);
  auto body = input::body_object(req);
  const std::string title = input::text(body, "title", "节点名称", true, 200);
  const std::string due = *plans::date_field(body, "due_date", "到期日", true);
  std::int64_t id = c.write({"target.milestone.create", "target_milestone", ""}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();  // the guard checked the item's organisation
    ItemFacts item = plans::item_facts(raw, item_id);
    PlanFacts plan = open_plan_of(raw, item.plan_id);
    plans::check_due_in_plan(plan, due);
    if (has_children(raw, item_id))
      throw ApiError(409, "has_children", "该事项已分解到下级事项，请在下级事项上设置时序节点。");
    const std::int64_t now = identity::now_ms();
    figures::Change fig(raw, {item.org_id});
    // Owner and organisation are copied from the item (docs/targets.md): the
    // to-do list and the scoped lists then need no join.
    const std::int64_t new_id = *raw.scalar_int64(
        "INSERT INTO target_milestones (kind, plan_id, item_id, title, due_date, org_id, owner_user_id, owner_name, "
        "state, created_at_ms, updated_at_ms) VALUES ('milestone', $1, $2, $3, $4, $5, $6, $7, 'open', $8, $8) "
        "RETURNING id",
        {plan.id, item_id, title, due, item.org_id, item.owner_user_id, item.owner_name, now});
    fig.commit();
    rollup_from_item(raw, item_id);  // one more 0 % milestone in the item's mean
    e.entity_id = std::to_string(new_id);
    e.org_id = item.org_id;
    e.detail = {{"item_id", item_id}, {"title", title}, {"due_date", due}};
    return new_id;
  });
  return Response::json(c.read([&](ScopedConn& db) { return milestone_out(db.unscoped(), id); }), 201);
}

// A milestone of a plan with its plan still open to changes.
struct MilestoneRow {
  std::int64_t id = 0, org_id = 0;
  std::optional<std::int64_t> item_id, plan_id;
  std::string kind, title, due_date, state;
};

MilestoneRow milestone_row(store::Conn& c, std::int64_t id) {
  auto r = c.query("SELECT id, org_id, item_id, plan_id, kind, title, due_date, state FROM target_milestones "
                   "WHERE id = $1",
                   {id});
  if (r.empty()) throw ApiError::not_found("时序节点不存在。");
  MilestoneRow m{r.int64(0, 0), r.int64(0, 1), std::nullopt, std::nullopt, r.text(0, 4), r.text(0, 5), r.text(0, 6),
                 r.text(0, 7)};
  if (!r.is_null(0, 2)) m.item_id = r.int64(0, 2);
  if (!r.is_null(0, 3)) m.plan_id = r.int64(0, 3);
  // Rectifications belong to their inspection (routes_inspections.cpp).
  if (m.kind != "milestone" || !m.plan_id) throw ApiError(409, "not_milestone", "整改事项请在督查记录中处理。");
  return m;
}

Response patch_milestone(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  auto body = input::body_object(req);
  c.write({"target.milestone.update", "target_milestone", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();  // the guard checked the milestone's organisation
    MilestoneRow m = milestone_row(raw, id);
    PlanFacts plan = open_plan_of(raw, *m.plan_id);
    if (m.state == "done") throw ApiError(409, "milestone_done", "已完成的时序节点不能修改。");
    MilestoneRow after = m;
    if (body.contains("title")) after.title = input::text(body, "title", "节点名称", true, 200);
    if (body.contains("due_date")) {
      after.due_date = *plans::date_field(body, "due_date", "到期日", true);
      plans::check_due_in_plan(plan, after.due_date);
    }
    figures::Change fig(raw, {m.org_id});  // not done: counted under its due date
    raw.exec("UPDATE target_milestones SET title = $1, due_date = $2, updated_at_ms = $3 WHERE id = $4",
             {after.title, after.due_date, identity::now_ms(), id});
    fig.commit();
    e.org_id = m.org_id;
    e.detail = audit::diff({{"title", m.title}, {"due_date", m.due_date}},
                           {{"title", after.title}, {"due_date", after.due_date}});
  });
  return Response::json(c.read([&](ScopedConn& db) { return milestone_out(db.unscoped(), id); }));
}

Response delete_milestone(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  c.write({"target.milestone.delete", "target_milestone", std::to_string(id)}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();  // the guard checked the milestone's organisation
    MilestoneRow m = milestone_row(raw, id);
    open_plan_of(raw, *m.plan_id);
    if (raw.scalar_int64("SELECT count(*) FROM target_reports WHERE milestone_id = $1", {id}).value_or(0) > 0)
      throw ApiError(409, "has_reports", "该时序节点已有进度报告，不能删除。");
    figures::Change fig(raw, {m.org_id});
    raw.exec("DELETE FROM target_milestones WHERE id = $1", {id});
    fig.commit();
    if (m.item_id) rollup_from_item(raw, *m.item_id);
    e.org_id = m.org_id;
    e.detail = {{"title", m.title}, {"due_date", m.due_date}, {"item_id", m.item_id ? json::value(*m.item_id) : nullptr}};
  });
  return Response::json({{"ok", true}});
}

// ---- the owner picker -----------------------------------------------------------------------

Response assignees(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t org = input::id_param(req, "org_id");
  auto paging = input::paging(req, 100);
  const std::string q = input::query_text(req, "q", 50);
  json::array items;
  std::int64_t total = 0;
  c.read([&](ScopedConn& db) {
    // Unscoped: the guard checked that the caller manages `org`; the picker
    // shows names of the active accounts at or below it, nothing more.
    auto& raw = db.unscoped();
    store::Params p;
    p.reserve(2);
    p.emplace_back(std::in_place_type<std::int64_t>, org);
    std::string where =
        " FROM users u JOIN orgs uo ON uo.id = u.org_id JOIN orgs r ON r.id = $1 "
        "WHERE u.status = 'active' AND uo.path >= r.path AND uo.path < r.path || '~'";
    if (!q.empty()) {
      // Literal and case-blind on both databases (store/like.h).
      p.emplace_back(std::in_place_type<std::string>, "%" + store::like_escape(store::ascii_lower(q)) + "%");
      where += " AND (lower(u.display_name) LIKE $2 ESCAPE '\\' OR lower(u.username) LIKE $2 ESCAPE '\\')";
    }
    total = raw.scalar_int64("SELECT count(*)" + where, p).value_or(0);
    raw.each("SELECT u.id, u.display_name, u.username, u.org_id, uo.name" + where +
                 " ORDER BY uo.path, u.display_name, u.id LIMIT " + std::to_string(paging.page_size) + " OFFSET " +
                 std::to_string(paging.offset()),
             p, [&](const store::Row& r) {
               items.push_back({{"id", r.int64(0)},
                                {"display_name", r.text(1)},
                                {"username", r.text(2)},
                                {"org_id", r.int64(3)},
                                {"org_name", r.text(4)}});
             });
  });
  return Response::json(input::page_json(std::move(items), total, paging));
}

}  // namespace

void install_item_routes(ModuleContext& ctx) {
  auto& router = ctx.router;
  const std::string base = "/api/v1/targets";
  auto item = OrgRef::row("id", "target_items");
  auto milestone = OrgRef::row("id", "target_milestones");
  router.add({Method::POST, base + "/plans/{id}/items", Access::org_route(perm::manage, OrgRef::body("org_id")),
              add_item});
  router.add({Method::GET, base + "/items/{id}", Access::org_route(perm::read, item), get_item});
  router.add({Method::PATCH, base + "/items/{id}", Access::org_route(perm::manage, item), patch_item});
  router.add({Method::POST, base + "/items/{id}/reassign", Access::org_route(perm::manage, item), reassign});
  router.add({Method::POST, base + "/items/{id}/split", Access::org_route(perm::manage, item), split});
  router.add({Method::DELETE_, base + "/items/{id}", Access::org_route(perm::manage, item), delete_item});
  router.add({Method::POST, base + "/items/{id}/milestones", Access::org_route(perm::manage, item), add_milestone});
  router.add({Method::PATCH, base + "/milestones/{id}", Access::org_route(perm::manage, milestone), patch_milestone});
  router.add({Method::DELETE_, base + "/milestones/{id}", Access::org_route(perm::manage, milestone),
              delete_milestone});
  router.add({Method::GET, base + "/orgs/{org_id}/assignees", Access::org_route(perm::manage, OrgRef::org("org_id")),
              assignees});
}

}  // namespace dj::target
