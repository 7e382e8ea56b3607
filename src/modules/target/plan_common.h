// Pieces the plan route files share (routes_plans.cpp, routes_items.cpp,
// routes_views.cpp): the facts of a plan or item a rule needs, the rules
// themselves (closed plans, owners inside the item's organisation, dates
// within the plan), who may see a plan, and plans and tree nodes as the JSON
// of docs/targets.md.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/identity/context.h"
#include "store/store.h"

namespace dj::target::plans {

// ---- facts ------------------------------------------------------------------------------

struct PlanFacts {
  std::int64_t id = 0, org_id = 0;
  std::string title, status, start_date, end_date;
};
// The plan, or 404 (message in Chinese).
PlanFacts plan_facts(store::Conn& c, std::int64_t plan_id);
// 409 plan_closed: a closed plan is read-only.
void refuse_closed(const PlanFacts& p);

struct ItemFacts {
  std::int64_t id = 0, plan_id = 0, org_id = 0, owner_user_id = 0, weight = 0, depth = 0;
  std::optional<std::int64_t> parent_id;
  std::string path, title, criteria, owner_name;
};
ItemFacts item_facts(store::Conn& c, std::int64_t item_id);
// The item's audit/history view: what a manager would compare.
boost::json::object item_view(const ItemFacts& i);

// ---- rules --------------------------------------------------------------------------------

// An ISO date field (YYYY-MM-DD, a real calendar day); 422 naming `key` otherwise.
std::optional<std::string> date_field(const boost::json::object& o, const char* key, const char* label,
                                      bool required);
// 422 field `due_date` unless start ≤ due ≤ end of the plan.
void check_due_in_plan(const PlanFacts& p, const std::string& due, const char* field = "due_date");
// The organisation exists, is active and is in the caller's (route permission's) scope:
// 422 / 403 naming `field` otherwise.
void check_org_in_scope(identity::ScopedConn& db, std::int64_t org_id, const std::string& field);
// The owner is an active user whose home organisation is `org_id` or below it:
// the owner's display name, or 422 naming `field`.
std::string check_owner(store::Conn& c, std::int64_t owner_user_id, std::int64_t org_id, const std::string& field);
// Item weight 1–100 (relative), 422 naming `field` otherwise.
std::int64_t weight_field(const boost::json::object& o, const std::string& key, const std::string& field);

// ---- history and notices ------------------------------------------------------------------

void add_history(store::Conn& c, std::int64_t item_id, const std::string& action, const boost::json::object& detail,
                 const identity::Principal& by);
// Tells the owner of a newly assigned item (kind target.assigned), once per item and owner.
void notify_assigned(store::Conn& c, const PlanFacts& p, std::int64_t item_id, const std::string& item_title,
                     std::int64_t owner_user_id);

// ---- visibility -------------------------------------------------------------------------

// The caller's scope for `permission` (union over the roles granting it), for
// routes whose guard resolved another permission's scope.
orgtree::Scope scope_for(store::Conn& c, const identity::Principal& who, const char* permission);
// A SQL condition that plan `p` is visible to the caller of a target:read
// route: issued/closed plans whose organisation or any item is in the read
// scope (@SCOPE@), drafts only when the manage scope holds the plan's
// organisation. Appends its parameters to `params`.
std::string visible_plan_condition(store::Conn& c, const identity::Principal& who, store::Params& params);
// The plan if the caller of a read route may see it, else 404.
PlanFacts visible_plan(identity::ScopedConn& db, const identity::Principal& who, std::int64_t plan_id);
bool can_manage_org(store::Conn& c, const identity::Principal& who, std::int64_t org_id);

// ---- JSON ---------------------------------------------------------------------------------

// Where a plan attachment is downloaded: readable by whoever may see the plan
// (a department sees the Committee's plan through its own items), unlike
// evidence, which follows the report's organisation (/files/{id}).
std::string attachment_url(std::int64_t plan_id, std::int64_t file_id);

// Plan columns (alias p, orgs o) with counts: "SELECT " + plan_columns("$1") + kPlanFrom + " WHERE ...",
// where `today_param` is the placeholder bound to today (for the overdue count).
std::string plan_columns(const std::string& today_param);
extern const char* const kPlanFrom;
// One row selected with plan_columns() as JSON (attachments not included).
boost::json::object plan_json(const store::Row& r, bool can_manage);
// The plan with attachments and can_manage (for GET /plans/{id}, issue, close, tree).
boost::json::object plan_detail(store::Conn& c, const identity::Principal& who, std::int64_t plan_id,
                                const std::string& today);
boost::json::array attachments_json(store::Conn& c, std::int64_t plan_id);

// One item of a plan as the tree knows it.
struct Node {
  std::int64_t id = 0, depth = 0, sort = 0, weight = 0, org_id = 0, owner_user_id = 0, progress_bp = 0;
  std::optional<std::int64_t> parent_id;
  std::string path, title, criteria, org_name, owner_name;
};
// Every item of the plan, in display order (depth first, siblings by sort then id).
std::vector<Node> plan_nodes(store::Conn& c, std::int64_t plan_id);
// Σ weight of each sibling group (key 0 = top level).
std::map<std::int64_t, std::int64_t> sibling_sums(const std::vector<Node>& nodes);
// A node's share of its siblings' weight, in % with one decimal.
double share_of(const Node& n, const std::map<std::int64_t, std::int64_t>& sums);
// The node JSON of docs/targets.md without milestones/overdue (callers add them).
boost::json::object node_json(const Node& n, const std::map<std::int64_t, std::int64_t>& sums, bool has_children);
// The ids in a materialized path "/12/40/".
std::vector<std::int64_t> path_ids(const std::string& path);

// Today in Beijing (what overdue is measured against).
std::string today();

}  // namespace dj::target::plans
