// Read-only views of one plan: the decomposition tree (with each node's share
// of its siblings' weight and the sibling groups whose weights do not sum to
// 100), the timeline of milestones for the Gantt chart, and the .xlsx export.
// A caller sees the items in their target:read scope, plus the items above
// them for context (marked `context`, without milestones).
#include <boost/json.hpp>

#include <map>
#include <set>

#include "core/download.h"
#include "core/error.h"
#include "core/excel/excel.h"
#include "core/identity/context.h"
#include "core/input.h"
#include "core/route_prelude.h"
#include "modules/target/permissions.h"
#include "modules/target/plan_common.h"
#include "modules/target/routes.h"
#include "modules/target/target_json.h"

namespace dj::target {
namespace {

using namespace dj::route_prelude;
using plans::Node;

// Everything the three views show, gathered once per request.
struct PlanView {
  plans::PlanFacts plan;
  json::object plan_json;
  std::vector<Node> nodes;                          // the whole plan, display order
  std::map<std::int64_t, std::int64_t> sums;        // Σ weight per sibling group
  std::map<std::int64_t, bool> shown;               // id -> true when only there for context
  std::set<std::int64_t> parents;                   // ids with children
  std::map<std::int64_t, json::array> milestones;   // item id -> milestones, by due date
  std::map<std::int64_t, std::int64_t> overdue;     // item id -> overdue milestones in its subtree
};

// The caller's items: all of them when the read scope holds the plan's
// organisation, else those in scope and their ancestors as context.
void choose_shown(ScopedConn& db, PlanView& v) {
  auto& raw = db.unscoped();
  if (db.scope().contains_org(raw, v.plan.org_id)) {
    for (const auto& n : v.nodes) v.shown[n.id] = false;
    return;
  }
  std::set<std::int64_t> own;
  auto mine = db.query("SELECT i.id FROM target_items i WHERE i.plan_id = $1 AND @SCOPE(i.org_id)@", {v.plan.id});
  for (std::size_t i = 0; i < mine.size(); ++i) own.insert(mine.int64(i, 0));
  for (const auto& n : v.nodes) {
    if (!own.count(n.id)) continue;
    v.shown[n.id] = false;
    for (auto up : plans::path_ids(n.path))
      if (!own.count(up)) v.shown.emplace(up, true);
  }
}

// Milestones of the plan; each overdue one counts for its item and every
// item above it. Read unscoped: the counts of an ancestor shown for context
// cover its whole subtree, and milestones are only listed on shown items.
void load_milestones(store::Conn& raw, PlanView& v, const std::string& today) {
  raw.each(std::string("SELECT ") + kMilestoneColumns + ", i.path" + kMilestoneFrom +
               " WHERE m.plan_id = $1 AND m.kind = 'milestone' ORDER BY m.due_date, m.id",
           {v.plan.id}, [&](const store::Row& r) {
             json::object m = milestone_json(r, today);
             const std::string path(r.text(16));
             if (m.at("overdue").as_bool())
               for (auto id : plans::path_ids(path)) ++v.overdue[id];
             auto shown = v.shown.find(m.at("item_id").as_int64());
             if (shown != v.shown.end() && !shown->second) v.milestones[shown->first].push_back(std::move(m));
           });
}

PlanView plan_view(ScopedConn& db, const identity::Principal& who, std::int64_t plan_id) {
  PlanView v;
  v.plan = plans::visible_plan(db, who, plan_id);
  auto& raw = db.unscoped();  // visibility checked just above
  const std::string today = plans::today();
  v.plan_json = plans::plan_detail(raw, who, plan_id, today);
  v.nodes = plans::plan_nodes(raw, plan_id);
  v.sums = plans::sibling_sums(v.nodes);
  for (const auto& n : v.nodes)
    if (n.parent_id) v.parents.insert(*n.parent_id);
  choose_shown(db, v);
  load_milestones(raw, v, today);
  return v;
}

json::object node_of(const PlanView& v, const Node& n, bool context) {
  json::object o = plans::node_json(n, v.sums, v.parents.count(n.id) > 0);
  auto od = v.overdue.find(n.id);
  o["overdue"] = od == v.overdue.end() ? 0 : od->second;
  auto ms = v.milestones.find(n.id);
  if (ms != v.milestones.end()) o["milestones"] = ms->second;
  o["context"] = context;
  return o;
}

// Sibling groups on screen whose weights do not add up to 100: the UI says
// "权重合计 90，已按比例折算".
json::array weight_warnings(const PlanView& v) {
  std::set<std::int64_t> groups;
  for (const auto& n : v.nodes)
    if (v.shown.count(n.id)) groups.insert(n.parent_id.value_or(0));
  json::array out;
  for (auto g : groups) {
    const std::int64_t sum = v.sums.at(g);
    if (sum != 100) out.push_back({{"parent_id", g ? json::value(g) : json::value(nullptr)}, {"sum", sum}});
  }
  return out;
}

Response tree(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  return Response::json(c.read([&](ScopedConn& db) {
    PlanView v = plan_view(db, c.who(), id);
    json::array items;
    for (const auto& n : v.nodes)
      if (auto s = v.shown.find(n.id); s != v.shown.end()) items.push_back(node_of(v, n, s->second));
    return json::object{{"plan", v.plan_json}, {"items", std::move(items)}, {"weight_warnings", weight_warnings(v)}};
  }));
}

Response timeline(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  return Response::json(c.read([&](ScopedConn& db) {
    PlanView v = plan_view(db, c.who(), id);
    json::array items;
    for (const auto& n : v.nodes) {
      auto s = v.shown.find(n.id);
      if (s == v.shown.end() || s->second) continue;  // context rows carry no milestones
      json::object o = node_of(v, n, false);
      o.erase("context");
      items.push_back(std::move(o));
    }
    return json::object{{"plan", v.plan_json},
                        {"start_date", v.plan.start_date},
                        {"end_date", v.plan.end_date},
                        {"today", plans::today()},
                        {"items", std::move(items)}};
  }));
}

// ---- export ---------------------------------------------------------------------------------

std::string pct(double v) {
  std::string s = json::serialize(json::value(v));
  return s + "%";
}

// Outline numbers "1", "1.2", "1.2.3" in display order.
std::map<std::int64_t, std::string> outline(const std::vector<Node>& nodes) {
  std::map<std::int64_t, std::string> out;
  std::map<std::int64_t, int> counter;  // parent (0 = top) -> children numbered so far
  for (const auto& n : nodes) {
    const std::int64_t parent = n.parent_id.value_or(0);
    const std::string prefix = parent ? out[parent] + "." : "";
    out[n.id] = prefix + std::to_string(++counter[parent]);
  }
  return out;
}

std::string state_text(const json::object& m) {
  if (m.at("overdue").as_bool()) return "已逾期";
  return std::string(m.at("state_label").as_string());
}

std::string file_name(std::string title) {
  for (char& ch : title)
    if (std::string_view("/\\:*?\"<>|").find(ch) != std::string_view::npos) ch = '_';
  return title + "-目标分解.xlsx";
}

Response export_xlsx(const std::string& data_dir, Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  PlanView v = c.read([&](ScopedConn& db) { return plan_view(db, c.who(), id); });
  const auto numbers = outline(v.nodes);
  download::TempFile file(data_dir + "/tmp", ".xlsx");
  std::int64_t rows = 0;
  {
    excel::Writer w(file.path());
    w.sheet("目标分解", {"层级", "事项", "考核标准", "权重", "占比", "责任单位", "责任人", "进度", "时序节点", "到期日", "状态"});
    for (const auto& n : v.nodes) {
      auto s = v.shown.find(n.id);
      if (s == v.shown.end()) continue;
      const std::vector<excel::Cell> item{numbers.at(n.id),       n.title,        n.criteria,
                                          n.weight,               pct(plans::share_of(n, v.sums)),
                                          n.org_name,             n.owner_name,   pct(percent_of(n.progress_bp))};
      auto ms = v.milestones.find(n.id);
      if (ms == v.milestones.end() || ms->second.empty()) {
        w.row(item);
        ++rows;
        continue;
      }
      // The first milestone on the item's row, the others on rows of their own below it.
      bool first = true;
      for (const auto& mv : ms->second) {
        const auto& m = mv.as_object();
        std::vector<excel::Cell> row = first ? item : std::vector<excel::Cell>(item.size());
        row.push_back(std::string(m.at("title").as_string()));
        row.push_back(std::string(m.at("due_date").as_string()));
        row.push_back(state_text(m));
        w.row(row);
        ++rows;
        first = false;
      }
    }
    w.close();
  }
  c.audit_read({"target.plan.export", "target_plan", std::to_string(id), v.plan.org_id,
                {{"title", v.plan.title}, {"rows", rows}}});
  return download::xlsx(file.path(), "targets.xlsx", file_name(v.plan.title));
}

}  // namespace

void install_view_routes(ModuleContext& ctx) {
  auto& router = ctx.router;
  const std::string base = "/api/v1/targets/plans/{id}";
  auto read = Access::org_route(perm::read, OrgRef::list());
  router.add({Method::GET, base + "/tree", read, tree});
  router.add({Method::GET, base + "/timeline", read, timeline});
  router.add({Method::GET, base + "/export", read,
              [dir = ctx.data_dir](Request& r) { return export_xlsx(dir, r); }});
}

}  // namespace dj::target
