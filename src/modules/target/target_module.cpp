#include "modules/target/target_module.h"

#include "core/bench/bench.h"
#include "http/message.h"

#include "core/identity/context.h"
#include "modules/target/bench_seed.h"
#include "modules/target/demo.h"
#include "modules/target/figures.h"
#include "modules/target/permissions.h"
#include "modules/target/reminders.h"
#include "modules/target/routes.h"

std::vector<dj::store::Migration> dj_migrations_target();

namespace dj::target {
namespace {

// `dangjian bench probe target_stats [--arg org_id=ID]`: the query limit of
// GET /api/v1/targets/stats (default: the root), with an "all" scope.
void register_bench_probe() {
  bench::register_probe("target_stats", [](store::Store& store, const std::map<std::string, std::string>& args) {
    const auto scope = orgtree::Scope::everything();
    auto body = store.read([&](store::Conn& c) {
      std::int64_t org = 0;
      if (args.count("org_id")) org = std::stoll(args.at("org_id"));
      else org = c.scalar_int64("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").value_or(0);
      identity::ScopedConn db(c, scope);
      return stats_body(db, org);
    });
    return http::Response::json(body).body.size();
  });
}

}  // namespace

Module target_module() {
  perm::declare();
  register_bench_probe();
  register_reminder_task();  // the daily 到期提醒 (core/tasks), also run by `dangjian tasks run`
  figures::follow_moves();   // a moved subtree takes its statistics figures along
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
  // Bulk loads write rows directly; the figures are then counted once.
  m.seed_demo = [](ModuleContext& ctx) {
    seed_demo(ctx);
    ctx.store.write([](store::Conn& c) { figures::rebuild(c); });
  };
  m.seed_bench = [](ModuleContext& ctx, const bench::Scale& scale) {
    seed_bench(ctx, scale);
    ctx.store.write([](store::Conn& c) { figures::rebuild(c); });
  };
  return m;
}

}  // namespace dj::target
