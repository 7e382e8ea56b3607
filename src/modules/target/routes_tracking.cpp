// /api/v1/targets/milestones and /stats: the drill-down list of milestones
// and rectifications (overdue, due soon, done on time …), one milestone with
// its reports, and the statistics per organisation with their .xlsx export.
// Every figure of the statistics is reproducible by the drill-down list: both
// are built from the same selection (add_selection) and the same state
// conditions (work::state_condition), so "逾期 3" opens a list of exactly 3.
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

#include "core/download.h"
#include "core/error.h"
#include "core/excel/excel.h"
#include "core/identity/context.h"
#include "core/input.h"
#include "core/route_prelude.h"
#include "core/tasks/tasks.h"
#include "core/orgtree/path.h"
#include "modules/target/figures.h"
#include "modules/target/permissions.h"
#include "modules/target/reminders.h"
#include "modules/target/routes.h"
#include "modules/target/target_json.h"
#include "modules/target/work_common.h"
#include "store/like.h"

namespace dj::target {

std::string work::state_condition(std::string_view state, const std::string& today, const std::string& soon) {
  if (state == "open") return "m.state <> 'done'";
  if (state == "submitted") return "m.state = 'submitted'";
  if (state == "returned") return "m.state = 'returned'";
  if (state == "overdue") return "(m.state <> 'done' AND m.due_date < " + today + ")";
  if (state == "due_soon") return "(m.state <> 'done' AND m.due_date >= " + today + " AND m.due_date <= " + soon + ")";
  if (state == "done") return "m.state = 'done'";
  if (state == "on_time") return "(m.state = 'done' AND m.done_date <= m.due_date)";
  if (state == "late") return "(m.state = 'done' AND m.done_date > m.due_date)";
  throw ApiError::invalid("状态应为 open、submitted、returned、overdue、due_soon、done、on_time 或 late。", "state");
}

std::string work::soon_date(const std::string& today) { return add_days(today, kDueSoonDays); }

namespace {

using namespace dj::route_prelude;
using work::Where;

// Which rows a figure or a list covers: organisation `org_id` with
// (subtree) or without its descendants, optionally one plan.
struct Selection {
  std::optional<std::int64_t> org_id;
  bool subtree = true;
  std::optional<std::int64_t> plan_id;
};

// The conditions shared by the list and the statistics, for a table whose
// organisation and plan columns are `org_col` / `plan_col`.
void add_selection(Where& w, const Selection& s, const char* org_col, const char* plan_col) {
  if (s.org_id)
    w.add(s.subtree ? work::in_subtree(w, org_col, *s.org_id) : std::string(org_col) + " = " + w.arg(*s.org_id));
  if (s.plan_id) w.add(std::string(plan_col) + " = " + w.arg(*s.plan_id));
}

Selection selection_of(const Request& req) {
  Selection s;
  s.org_id = input::query_int64(req, "org_id");
  const std::string subtree = input::query_text(req, "subtree", 5);
  if (!subtree.empty() && subtree != "0" && subtree != "1")
    throw ApiError::invalid("subtree 应为 1（含下级）或 0（仅本级）。", "subtree");
  s.subtree = subtree != "0";
  s.plan_id = input::query_int64(req, "plan_id");
  return s;
}

// Milestones in the caller's read scope that are visible outside the plan's
// editors; state() gives the state conditions on them.
struct MilestoneWhere {
  Where w{"@SCOPE(m.org_id)@"};
  work::StateConditions state;
  explicit MilestoneWhere(const std::string& today) : state(w, today) { w.add(work::kVisibleMilestone); }
};

// ---- the drill-down list ----------------------------------------------------------------------

void add_list_filters(MilestoneWhere& q, const Request& req) {
  Where& w = q.w;
  const std::string kind = input::query_text(req, "kind", 20);
  if (!kind.empty()) {
    if (kind != "milestone" && kind != "rectification")
      throw ApiError::invalid("类型应为 milestone（时序节点）或 rectification（整改事项）。", "kind");
    w.add("m.kind = " + w.arg(kind));
  }
  if (auto owner = input::query_int64(req, "owner")) w.add("m.owner_user_id = " + w.arg(*owner));
  const std::string text = input::query_text(req, "q", 50);
  if (!text.empty()) {
    // Case-blind on both databases (see store/like.h): lower() the column, lower the text.
    const std::string pattern = w.arg("%" + store::like_escape(store::ascii_lower(text)) + "%");
    w.add("(lower(m.title) LIKE " + pattern + " ESCAPE '\\' OR lower(m.owner_name) LIKE " + pattern + " ESCAPE '\\')");
  }
  const std::string state = input::query_text(req, "state", 20);
  if (!state.empty()) w.add(q.state(state));
}

Response list(Request& req) {
  auto& c = identity::ctx(req);
  auto paging = input::paging(req);
  const std::string today = tasks::today_beijing();
  MilestoneWhere q(today);
  add_selection(q.w, selection_of(req), "m.org_id", "m.plan_id");
  add_list_filters(q, req);
  json::array items;
  std::int64_t total = 0;
  c.read([&](ScopedConn& db) {
    total = db.scalar_int64(std::string("SELECT count(*)") + kMilestoneFrom + " WHERE " + q.w.sql(), q.w.params())
                .value_or(0);
    db.each(std::string("SELECT ") + kMilestoneColumns + kMilestoneFrom + " WHERE " + q.w.sql() +
                " ORDER BY m.due_date, m.id LIMIT " + std::to_string(paging.page_size) + " OFFSET " +
                std::to_string(paging.offset()),
            q.w.params(), [&](const store::Row& r) { items.push_back(milestone_json(r, today)); });
  });
  return Response::json(input::page_json(std::move(items), total, paging));
}

Response get_one(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  const std::string today = tasks::today_beijing();
  return Response::json(c.read([&](ScopedConn& db) {
    auto& raw = db.unscoped();  // the guard checked the milestone's organisation
    // A draft plan's milestones are seen in the plan's tree by its managers only.
    const bool visible =
        raw.scalar_int64(std::string("SELECT count(*) FROM target_milestones m LEFT JOIN target_plans p "
                                     "ON p.id = m.plan_id WHERE m.id = $1 AND ") +
                             work::kVisibleMilestone,
                         {id})
            .value_or(0) > 0;
    if (!visible) throw ApiError::not_found("该节点不存在或您无权查看。");
    json::object o = *work::milestone_by_id(raw, id, today);
    o["reports"] = work::reports_json(raw, "r.milestone_id = $1", {id}, false);
    return o;
  }));
}

// ---- statistics -------------------------------------------------------------------------------

struct Figures {
  std::int64_t items = 0, milestones = 0, done = 0, on_time = 0, overdue = 0;
  void add(const Figures& o) {
    items += o.items;
    milestones += o.milestones;
    done += o.done;
    on_time += o.on_time;
    overdue += o.overdue;
  }
  void subtract(const Figures& o) {
    items -= o.items;
    milestones -= o.milestones;
    done -= o.done;
    on_time -= o.on_time;
    overdue -= o.overdue;
  }
};

// A rate in %, one decimal, rounded half up; null when there is nothing to divide by.
json::value rate(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return nullptr;
  return std::round(static_cast<double>(part) * 1000.0 / static_cast<double>(whole)) / 10.0;
}

struct StatsRow {
  std::int64_t org_id = 0;
  std::string org_name;
  bool has_children = false;
  bool subtree = true;  // the drill-down that reproduces it: org_id with subtree=1, or subtree=0
  Figures f;
};

json::object row_json(const StatsRow& r) {
  const json::value completion = rate(r.f.done, r.f.milestones);
  return {{"org_id", r.org_id},
          {"org_name", r.org_name},
          {"has_children", r.has_children},
          {"subtree", r.subtree},
          {"items", r.f.items},
          {"milestones", r.f.milestones},
          {"done", r.f.done},
          {"on_time", r.f.on_time},
          {"overdue", r.f.overdue},
          {"completion_rate", completion.is_null() ? json::value(0.0) : completion},
          {"on_time_rate", rate(r.f.on_time, r.f.done)}};
}

struct StatsTable {
  StatsRow org;                // org_id itself (its name; figures unused)
  std::vector<StatsRow> rows;  // each child's subtree, then org_id's own rows (subtree = false)
  StatsRow total;              // the whole subtree
};

// Rows below organisation `org` are grouped by the child of `org` whose
// subtree holds them (NULL: `org` itself). `alias` is the joined orgs row of
// the counted table's organisation.
std::string child_group_join(Where& w, const char* alias, std::int64_t org) {
  return std::string(" LEFT JOIN orgs ch ON ch.parent_id = ") + w.arg(org) + " AND " + alias + ".path >= ch.path AND " +
         alias + ".path < ch.path || '~'";
}

// org_id's children and org_id itself, in the tree's order.
void load_orgs(store::Conn& c, std::int64_t org, StatsTable& t) {
  bool found = false;
  c.each(
      "SELECT o.id, o.name, (SELECT count(*) FROM orgs k WHERE k.parent_id = o.id) FROM orgs o "
      "WHERE o.id = $1 OR o.parent_id = $1 ORDER BY o.depth, o.sort_order, o.id",
      {org}, [&](const store::Row& r) {
        StatsRow row{r.int64(0), std::string(r.text(1)), r.int64(2) > 0, true, {}};
        if (r.int64(0) == org) {
          found = true;
          t.org = row;
        } else {
          t.rows.push_back(row);
        }
      });
  if (!found) throw ApiError::not_found("该组织不存在。");
}

using ByChild = std::map<std::optional<std::int64_t>, Figures>;  // nullopt: org_id's own rows

// Counts the figures from the rows, grouped by child of sel.org_id.
void count_figures(ScopedConn& db, const Selection& sel, const std::string& today, ByChild& by_child) {
  Where items("@SCOPE(i.org_id)@");
  const std::string items_join = child_group_join(items, "io", *sel.org_id);
  items.add("p.status <> 'draft'");
  add_selection(items, sel, "i.org_id", "i.plan_id");
  db.each(
      "SELECT ch.id, count(*) FROM target_items i JOIN target_plans p ON p.id = i.plan_id "
      "JOIN orgs io ON io.id = i.org_id" +
          items_join + " WHERE " + items.sql() + " GROUP BY ch.id",
      items.params(), [&](const store::Row& r) { by_child[r.opt_int64(0)].items = r.int64(1); });

  MilestoneWhere ms(today);
  const std::string ms_join = child_group_join(ms.w, "mo", *sel.org_id);
  add_selection(ms.w, sel, "m.org_id", "m.plan_id");
  auto count_of = [&](const char* state) { return "SUM(CASE WHEN " + ms.state(state) + " THEN 1 ELSE 0 END)"; };
  db.each("SELECT ch.id, count(*), " + count_of("done") + ", " + count_of("on_time") + ", " + count_of("overdue") +
              " FROM target_milestones m LEFT JOIN target_plans p ON p.id = m.plan_id "
              "JOIN orgs mo ON mo.id = m.org_id" +
              ms_join + " WHERE " + ms.w.sql() + " GROUP BY ch.id",
          ms.w.params(), [&](const store::Row& r) {
            Figures& f = by_child[r.opt_int64(0)];
            f.milestones = r.int64(1);
            f.done = r.int64(2);
            f.on_time = r.int64(3);
            f.overdue = r.int64(4);
          });
}

// The figures from target_figures (figures.h, decision 48) when they answer:
// every plan, and the caller's scope holds org_id's whole subtree. Each
// child's subtree is one look-up; org_id's own rows are its subtree minus
// its children's. Overdue = not done and due before today.
bool figures_from_tallies(ScopedConn& db, const Selection& sel, const std::string& today, const StatsTable& t,
                          ByChild& by_child) {
  if (sel.plan_id) return false;
  const auto& scope = db.scope();
  if (!scope.is_all()) {
    const auto path = db.unscoped().scalar_text("SELECT path FROM orgs WHERE id = $1", {*sel.org_id});
    if (!path || scope.has_self() || !scope.contains(*sel.org_id, *path)) return false;
    bool whole_subtree = false;
    for (const auto& p : scope.subtree_paths()) whole_subtree = whole_subtree || orgtree::detail::path_within(*path, p);
    if (!whole_subtree) return false;  // only the organisation itself is in scope: count its rows
  }
  std::vector<std::int64_t> ids{*sel.org_id};
  for (const auto& row : t.rows) ids.push_back(row.org_id);
  const auto counts = figures::read_each(db.unscoped(), ids);
  auto figures_of = [&](std::int64_t org) {
    Figures f;
    const auto& c = counts.at(org);
    auto one = [&](const char* dim) {
      auto it = c.find(dim);
      return it == c.end() ? std::int64_t{0} : it->second.count("") ? it->second.at("") : 0;
    };
    f.items = one("items");
    f.milestones = one("milestones");
    f.done = one("done");
    f.on_time = one("on_time");
    if (auto it = c.find("open_due"); it != c.end())
      for (const auto& [due, n] : it->second)
        if (due < today) f.overdue += n;
    return f;
  };
  Figures own = figures_of(*sel.org_id);
  for (const auto& row : t.rows) {
    by_child[row.org_id] = figures_of(row.org_id);
    own.subtract(by_child[row.org_id]);
  }
  by_child[std::nullopt] = own;
  return true;
}

// Fills each row's figures: from the tallies when they answer, else one
// query for the items and one for the milestones, each grouped by child
// (GROUP BY over the orgs.path join).
void load_figures(ScopedConn& db, const Selection& sel, const std::string& today, StatsTable& t) {
  ByChild by_child;
  if (!figures_from_tallies(db, sel, today, t, by_child)) count_figures(db, sel, today, by_child);
  for (auto& row : t.rows) row.f = by_child[row.org_id];
  StatsRow own = t.org;
  own.org_name = t.org.org_name + "（本级）";
  own.has_children = false;
  own.subtree = false;
  own.f = by_child[std::nullopt];
  t.rows.push_back(own);
  t.total = t.org;
  t.total.org_name = "合计";
  for (const auto& row : t.rows) t.total.f.add(row.f);
}

// The statistics of organisation sel.org_id (set) read through `db`; it must
// be in db's scope.
StatsTable stats_table(ScopedConn& db, Selection sel) {
  sel.subtree = true;
  const std::string today = tasks::today_beijing();
  StatsTable t;
  if (!db.scope().contains_org(db.unscoped(), *sel.org_id))
    throw ApiError(403, "out_of_scope", "您无权查看该组织的统计。", "org_id");
  load_orgs(db.unscoped(), *sel.org_id, t);  // organisation names: reference data
  load_figures(db, sel, today, t);
  return t;
}

// The organisation the statistics are about: org_id, or the caller's home
// organisation; it must be in the caller's read scope.
StatsTable stats_table(identity::Ctx& c, Selection sel) {
  if (!sel.org_id) sel.org_id = c.who().org_id;
  return c.read([&](ScopedConn& db) { return stats_table(db, sel); });
}

json::object stats_json(const StatsTable& t, const Selection& sel) {
  json::array rows;
  for (const auto& r : t.rows) rows.push_back(row_json(r));
  return {{"org_id", t.org.org_id},
          {"org_name", t.org.org_name},
          {"plan_id", sel.plan_id ? json::value(*sel.plan_id) : json::value()},
          {"rows", std::move(rows)},
          {"total", row_json(t.total)}};
}

Response stats(Request& req) {
  auto& c = identity::ctx(req);
  const Selection sel = selection_of(req);
  return Response::json(stats_json(stats_table(c, sel), sel));
}

excel::Cell rate_cell(const json::value& v) {
  if (v.is_null()) return std::string("—");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", v.to_number<double>());
  return std::string(buf);
}

std::vector<excel::Cell> export_row(const StatsRow& r) {
  const json::object o = row_json(r);
  return {r.org_name,
          r.f.items,
          r.f.milestones,
          r.f.done,
          r.f.on_time,
          r.f.overdue,
          rate_cell(o.at("completion_rate")),
          rate_cell(o.at("on_time_rate"))};
}

Response stats_export(const std::string& data_dir, Request& req) {
  auto& c = identity::ctx(req);
  const Selection sel = selection_of(req);
  StatsTable t = stats_table(c, sel);
  download::TempFile file(data_dir + "/tmp", ".xlsx");
  {
    excel::Writer w(file.path());
    w.sheet("目标任务统计", {"单位", "事项数", "节点数", "已完成", "按时完成", "逾期", "完成率", "按时完成率"});
    for (const auto& r : t.rows) w.row(export_row(r));
    w.row(export_row(t.total));
    w.close();
  }
  json::object detail{{"org_id", t.org.org_id}};
  if (sel.plan_id) detail["plan_id"] = *sel.plan_id;
  c.audit_read({"target.stats.export", "target_stats", "", t.org.org_id, detail});
  return download::xlsx(file.path(), "target-stats.xlsx", t.org.org_name + "目标任务统计.xlsx");
}

}  // namespace

boost::json::object stats_body(identity::ScopedConn& db, std::int64_t org_id) {
  Selection sel;
  sel.org_id = org_id;
  return stats_json(stats_table(db, sel), sel);
}

void install_tracking_routes(ModuleContext& ctx) {
  auto& router = ctx.router;
  const std::string base = "/api/v1/targets";
  const std::string data_dir = ctx.data_dir;
  router.add({Method::GET, base + "/milestones", Access::org_route(perm::read, OrgRef::list()), list});
  router.add({Method::GET, base + "/milestones/{id}",
              Access::org_route(perm::read, OrgRef::row("id", "target_milestones")), get_one});
  router.add({Method::GET, base + "/stats", Access::org_route(perm::read, OrgRef::list()), stats});
  router.add({Method::GET, base + "/stats/export", Access::org_route(perm::read, OrgRef::list()),
              [data_dir](Request& r) { return stats_export(data_dir, r); }});
}

}  // namespace dj::target
