// The target module's route groups, one file each (installed by target_module.cpp).
#pragma once

#include <cstdint>

#include "core/module.h"

namespace boost::json {
class object;
}
namespace dj::identity {
class ScopedConn;
}

namespace dj::target {

void install_plan_routes(ModuleContext& ctx);        // routes_plans.cpp: plans, attachments, issue, close
void install_item_routes(ModuleContext& ctx);        // routes_items.cpp: decomposition, milestones, assignees
void install_view_routes(ModuleContext& ctx);        // routes_views.cpp: tree, timeline, plan export
void install_report_routes(ModuleContext& ctx);      // routes_reports.cpp: my to-do, my reports, files, review
void install_tracking_routes(ModuleContext& ctx);    // routes_tracking.cpp: milestone lists, stats, stats export
void install_inspection_routes(ModuleContext& ctx);  // routes_inspections.cpp: 督查 and rectifications

// The body of GET /api/v1/targets/stats?org_id=… (all plans), read through
// `db`: what the handler returns and what the target_stats bench probe measures.
boost::json::object stats_body(identity::ScopedConn& db, std::int64_t org_id);

}  // namespace dj::target
