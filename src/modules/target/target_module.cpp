#include "modules/target/target_module.h"

#include "core/identity/context.h"
#include "modules/target/demo.h"
#include "modules/target/permissions.h"
#include "modules/target/reminders.h"
#include "modules/target/routes.h"

std::vector<dj::store::Migration> dj_migrations_target();

namespace dj::target {

Module target_module() {
  perm::declare();
  register_reminder_task();  // the daily 到期提醒 (core/tasks), also run by `dangjian tasks run`
  Module m;
  m.name = "target";
  m.migrations = dj_migrations_target();
  m.install = [](ModuleContext& ctx) {
    for (const char* t : {"target_plans", "target_items", "target_milestones", "target_reports", "target_files",
                          "target_inspections"})
      identity::register_org_table(t);
    register_cleanup_task(ctx.data_dir);
    install_plan_routes(ctx);
    install_item_routes(ctx);
    install_view_routes(ctx);
    install_report_routes(ctx);
    install_tracking_routes(ctx);
    install_inspection_routes(ctx);
  };
  m.seed_demo = [](ModuleContext& ctx) { seed_demo(ctx); };
  return m;
}

}  // namespace dj::target
