#include "modules/org/org_module.h"

#include "modules/org/bench_seed.h"
#include "modules/org/demo_seed.h"
#include "modules/org/permissions.h"
#include "modules/org/routes.h"

std::vector<dj::store::Migration> dj_migrations_org();

namespace dj::org {

Module org_module() {
  Module m;
  m.name = "org";
  m.migrations = dj_migrations_org();
  m.install = [](ModuleContext& ctx) {
    perm::declare();
    install_read_routes(ctx.router);
    install_write_routes(ctx.router);
    install_type_routes(ctx.router);
    install_export_routes(ctx.router);
    install_import_routes(ctx);
  };
  m.seed_demo = seed_demo;
  m.seed_bench = seed_bench;
  return m;
}

}  // namespace dj::org
