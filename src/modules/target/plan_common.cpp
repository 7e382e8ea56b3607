#include "modules/target/plan_common.h"

#include <algorithm>
#include <functional>
#include <stdexcept>

#include "core/error.h"
#include "core/identity/policy_store.h"
#include "core/input.h"
#include "core/notify/notify.h"
#include "core/orgtree/scope.h"
#include "core/tasks/tasks.h"
#include "modules/target/permissions.h"
#include "modules/target/target_json.h"

namespace dj::target::plans {

namespace json = boost::json;

// ---- facts ------------------------------------------------------------------------------

PlanFacts plan_facts(store::Conn& c, std::int64_t plan_id) {
  auto r = c.query("SELECT id, org_id, title, status, start_date, end_date FROM target_plans WHERE id = $1",
                   {plan_id});
  if (r.empty()) throw ApiError::not_found("目标计划不存在或您无权查看。");
  return {r.int64(0, 0), r.int64(0, 1), r.text(0, 2), r.text(0, 3), r.text(0, 4), r.text(0, 5)};
}

void refuse_closed(const PlanFacts& p) {
  if (p.status == "closed") throw ApiError(409, "plan_closed", "计划已关闭，不能修改。");
}

ItemFacts item_facts(store::Conn& c, std::int64_t item_id) {
  auto r = c.query(
      "SELECT id, plan_id, org_id, owner_user_id, weight, depth, parent_id, path, title, criteria, owner_name "
      "FROM target_items WHERE id = $1",
      {item_id});
  if (r.empty()) throw ApiError::not_found("事项不存在或您无权查看。");
  ItemFacts i;
  i.id = r.int64(0, 0);
  i.plan_id = r.int64(0, 1);
  i.org_id = r.int64(0, 2);
  i.owner_user_id = r.int64(0, 3);
  i.weight = r.int64(0, 4);
  i.depth = r.int64(0, 5);
  if (!r.is_null(0, 6)) i.parent_id = r.int64(0, 6);
  i.path = r.text(0, 7);
  i.title = r.text(0, 8);
  i.criteria = r.text(0, 9);
  i.owner_name = r.text(0, 10);
  return i;
}

json::object item_view(const ItemFacts& i) {
  return {{"title", i.title},   {"criteria", i.criteria},           {"weight", i.weight},
          {"org_id", i.org_id}, {"owner_user_id", i.owner_user_id}, {"owner_name", i.owner_name}};
}

// ---- rules --------------------------------------------------------------------------------

std::optional<std::string> date_field(const json::object& o, const char* key, const char* label, bool required) {
  std::string s = input::text(o, key, label, required, 10);
  if (s.empty()) return std::nullopt;
  // A round trip through the day count rejects 2025-02-30 as well as "2025/1/1".
  bool ok = false;
  try {
    ok = add_days(s, 0) == s;
  } catch (const std::invalid_argument&) {
  }
  if (!ok) throw ApiError::invalid(std::string(label) + "格式不正确，请按“2025-06-30”的格式填写。", key);
  return s;
}

void check_due_in_plan(const PlanFacts& p, const std::string& due, const char* field) {
  if (due < p.start_date || due > p.end_date)
    throw ApiError::invalid("到期日应在计划起止日期（" + p.start_date + " 至 " + p.end_date + "）之内。", field);
}

void check_org_in_scope(identity::ScopedConn& db, std::int64_t org_id, const std::string& field) {
  auto& raw = db.unscoped();
  if (!raw.scalar_int64("SELECT id FROM orgs WHERE id = $1 AND status = 'active'", {org_id}))
    throw ApiError::invalid("所选责任单位不存在或已撤销。", field);
  if (!db.scope().contains_org(raw, org_id))
    throw ApiError(403, "out_of_scope", "您无权向该党组织分解任务。", field);
}

std::string check_owner(store::Conn& c, std::int64_t owner_user_id, std::int64_t org_id, const std::string& field) {
  auto name = c.scalar_text(
      "SELECT u.display_name FROM users u JOIN orgs uo ON uo.id = u.org_id JOIN orgs io ON io.id = $2 "
      "WHERE u.id = $1 AND u.status = 'active' AND uo.path >= io.path AND uo.path < io.path || '~'",
      {owner_user_id, org_id});
  if (!name) throw ApiError::invalid("责任人应为责任单位（含下级组织）的在职账号，请重新选择。", field);
  return *name;
}

std::int64_t weight_field(const json::object& o, const std::string& key, const std::string& field) {
  std::optional<std::int64_t> w;
  try {
    w = input::int64(o, key, "权重", true);
  } catch (const ApiError& e) {
    throw ApiError(e.status(), e.code(), e.message(), field);  // "parts[2].weight", not "weight"
  }
  if (*w < 1 || *w > 100) throw ApiError::invalid("权重应为 1 至 100 之间的整数。", field);
  return *w;
}

// ---- history and notices ------------------------------------------------------------------

void add_history(store::Conn& c, std::int64_t item_id, const std::string& action, const json::object& detail,
                 const identity::Principal& by) {
  c.exec("INSERT INTO target_item_history (item_id, action, detail, by_user_id, by_name, at_ms) "
         "VALUES ($1, $2, $3, $4, $5, $6)",
         {item_id, action, json::serialize(detail), by.user_id, by.display_name, identity::now_ms()});
}

void notify_assigned(store::Conn& c, const PlanFacts& p, std::int64_t item_id, const std::string& item_title,
                     std::int64_t owner_user_id) {
  notify::Notice n;
  n.user_id = owner_user_id;
  n.kind = "target.assigned";
  n.title = "新的目标任务：" + item_title;
  n.body = "“" + p.title + "”中的事项“" + item_title + "”已分配给您，请按时序节点推进并报告进度。";
  n.link = "/targets/todo";
  n.dedupe_key = "target.assigned:" + std::to_string(item_id) + ":" + std::to_string(owner_user_id);
  notify::send(c, n, identity::now_ms());
}

// ---- visibility -------------------------------------------------------------------------

orgtree::Scope scope_for(store::Conn& c, const identity::Principal& who, const char* permission) {
  orgtree::Scope s = orgtree::Scope::nothing();
  for (const auto& b : who.bindings)
    if (b.permissions.count(permission))
      s.merge(orgtree::resolve(c, b.kind, b.anchor_org, b.custom_orgs, who.user_id, who.person_id));
  return s;
}

std::string visible_plan_condition(store::Conn& c, const identity::Principal& who, store::Params& params) {
  const std::string drafts = scope_for(c, who, perm::manage).org_predicate("p.org_id", params);
  return "((p.status <> 'draft' AND (@SCOPE(p.org_id)@ OR EXISTS (SELECT 1 FROM target_items vi "
         "WHERE vi.plan_id = p.id AND @SCOPE(vi.org_id)@))) OR (p.status = 'draft' AND " +
         drafts + "))";
}

PlanFacts visible_plan(identity::ScopedConn& db, const identity::Principal& who, std::int64_t plan_id) {
  store::Params params{plan_id};
  std::string cond = visible_plan_condition(db.unscoped(), who, params);
  if (!db.scalar_int64("SELECT p.id FROM target_plans p WHERE p.id = $1 AND " + cond, params))
    throw ApiError::not_found("目标计划不存在或您无权查看。");
  return plan_facts(db.unscoped(), plan_id);
}

bool can_manage_org(store::Conn& c, const identity::Principal& who, std::int64_t org_id) {
  return who.has_permission(perm::manage) && scope_for(c, who, perm::manage).contains_org(c, org_id);
}

// ---- JSON ---------------------------------------------------------------------------------

std::string plan_columns(const std::string& today_param) {
  return "p.id, p.org_id, o.name, p.year, p.title, p.tags, p.description, p.start_date, p.end_date, p.status, "
         "p.progress_bp, p.created_by_name, p.issued_at_ms, p.closed_at_ms, "
         "(SELECT count(*) FROM target_items ci WHERE ci.plan_id = p.id), "
         "(SELECT count(*) FROM target_milestones cm WHERE cm.plan_id = p.id AND cm.kind = 'milestone'), "
         "(SELECT count(*) FROM target_milestones cm WHERE cm.plan_id = p.id AND cm.kind = 'milestone' "
         "AND cm.state <> 'done' AND cm.due_date < " +
         today_param + ")";
}
const char* const kPlanFrom = " FROM target_plans p JOIN orgs o ON o.id = p.org_id";

namespace {
json::value opt_int(const store::Row& r, int c) {
  if (r.is_null(c)) return nullptr;
  return r.int64(c);
}

json::array tags_of(std::string_view text) {
  // Stored as a JSON array by this module; anything else shows as no tags.
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return !ec && v.is_array() ? v.as_array() : json::array{};
}
}  // namespace

json::object plan_json(const store::Row& r, bool can_manage) {
  const std::string status(r.text(9));
  return {{"id", r.int64(0)},
          {"org_id", r.int64(1)},
          {"org_name", r.text(2)},
          {"year", r.int64(3)},
          {"title", r.text(4)},
          {"tags", tags_of(r.text(5))},
          {"description", r.text(6)},
          {"start_date", r.text(7)},
          {"end_date", r.text(8)},
          {"status", status},
          {"status_label", plan_status_label(status)},
          {"progress", percent_of(r.int64(10))},
          {"created_by_name", r.text(11)},
          {"issued_at_ms", opt_int(r, 12)},
          {"closed_at_ms", opt_int(r, 13)},
          {"item_count", r.int64(14)},
          {"milestone_count", r.int64(15)},
          {"overdue", r.int64(16)},
          {"can_manage", can_manage}};
}

json::array attachments_json(store::Conn& c, std::int64_t plan_id) {
  json::array out;
  c.each("SELECT id, name, size, mime FROM target_files WHERE plan_id = $1 ORDER BY id", {plan_id},
         [&](const store::Row& r) {
           out.push_back({{"id", r.int64(0)},
                          {"name", r.text(1)},
                          {"size", r.int64(2)},
                          {"mime", r.text(3)},
                          {"url", attachment_url(plan_id, r.int64(0))}});
         });
  return out;
}

std::string attachment_url(std::int64_t plan_id, std::int64_t file_id) {
  return "/api/v1/targets/plans/" + std::to_string(plan_id) + "/attachments/" + std::to_string(file_id);
}

json::object plan_detail(store::Conn& c, const identity::Principal& who, std::int64_t plan_id,
                         const std::string& today) {
  std::optional<json::object> out;
  std::int64_t org = 0;
  c.each("SELECT " + plan_columns("$2") + kPlanFrom + " WHERE p.id = $1", {plan_id, today},
         [&](const store::Row& r) {
           out = plan_json(r, false);
           org = r.int64(1);
         });
  if (!out) throw ApiError::not_found("目标计划不存在或您无权查看。");
  (*out)["can_manage"] = can_manage_org(c, who, org);
  (*out)["attachments"] = attachments_json(c, plan_id);
  return std::move(*out);
}

std::vector<std::int64_t> path_ids(const std::string& path) {
  std::vector<std::int64_t> out;
  std::size_t pos = 0;
  while (pos < path.size()) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    if (slash > pos) out.push_back(std::stoll(path.substr(pos, slash - pos)));
    pos = slash + 1;
  }
  return out;
}

std::vector<Node> plan_nodes(store::Conn& c, std::int64_t plan_id) {
  std::vector<Node> all;
  c.each("SELECT i.id, i.parent_id, i.depth, i.sort, i.weight, i.org_id, o.name, i.owner_user_id, i.owner_name, "
         "i.progress_bp, i.path, i.title, i.criteria FROM target_items i JOIN orgs o ON o.id = i.org_id "
         "WHERE i.plan_id = $1",
         {plan_id}, [&](const store::Row& r) {
           Node n;
           n.id = r.int64(0);
           if (!r.is_null(1)) n.parent_id = r.int64(1);
           n.depth = r.int64(2);
           n.sort = r.int64(3);
           n.weight = r.int64(4);
           n.org_id = r.int64(5);
           n.org_name = r.text(6);
           n.owner_user_id = r.int64(7);
           n.owner_name = r.text(8);
           n.progress_bp = r.int64(9);
           n.path = r.text(10);
           n.title = r.text(11);
           n.criteria = r.text(12);
           all.push_back(std::move(n));
         });
  // Depth-first, siblings in the order they were added: the path's text
  // order would put "/10/" before "/9/".
  std::map<std::int64_t, std::vector<const Node*>> children;
  for (const auto& n : all) children[n.parent_id.value_or(0)].push_back(&n);
  for (auto& [parent, list] : children)
    std::sort(list.begin(), list.end(), [](const Node* a, const Node* b) {
      return a->sort != b->sort ? a->sort < b->sort : a->id < b->id;
    });
  std::vector<Node> out;
  out.reserve(all.size());
  std::function<void(std::int64_t)> walk = [&](std::int64_t parent) {
    auto it = children.find(parent);
    if (it == children.end()) return;
    for (const Node* n : it->second) {
      out.push_back(*n);
      walk(n->id);
    }
  };
  walk(0);
  return out;
}

std::map<std::int64_t, std::int64_t> sibling_sums(const std::vector<Node>& nodes) {
  std::map<std::int64_t, std::int64_t> sums;
  for (const auto& n : nodes) sums[n.parent_id.value_or(0)] += n.weight;
  return sums;
}

double share_of(const Node& n, const std::map<std::int64_t, std::int64_t>& sums) {
  auto it = sums.find(n.parent_id.value_or(0));
  if (it == sums.end() || it->second <= 0) return 0;
  // Basis points rounded half up, then shown with one decimal like progress.
  return percent_of((2 * n.weight * 10000 + it->second) / (2 * it->second));
}

json::object node_json(const Node& n, const std::map<std::int64_t, std::int64_t>& sums, bool has_children) {
  return {{"id", n.id},
          {"parent_id", n.parent_id ? json::value(*n.parent_id) : json::value(nullptr)},
          {"depth", n.depth},
          {"title", n.title},
          {"criteria", n.criteria},
          {"weight", n.weight},
          {"share", share_of(n, sums)},
          {"org_id", n.org_id},
          {"org_name", n.org_name},
          {"owner_user_id", n.owner_user_id},
          {"owner_name", n.owner_name},
          {"progress", percent_of(n.progress_bp)},
          {"overdue", 0},
          {"has_children", has_children},
          {"milestones", json::array{}}};
}

std::string today() { return tasks::today_beijing(); }

}  // namespace dj::target::plans
