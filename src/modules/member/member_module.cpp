#include "modules/member/member_module.h"

#include "core/identity/context.h"
#include "core/identity/sealed_columns.h"
#include "core/orgtree/dependents.h"
#include "modules/member/bench_seed.h"
#include "modules/member/demo.h"
#include "core/identity/policy_store.h"
#include "modules/member/member_store.h"
#include "modules/member/permissions.h"
#include "modules/member/routes.h"
#include "modules/member/tally.h"

std::vector<dj::store::Migration> dj_migrations_member();

namespace dj::member {
namespace {

// Dissolving an organisation asks how many members it still has and can move them.
orgtree::Dependent members_dependent() {
  orgtree::Dependent d;
  d.key = "members";
  d.label = "党员";
  d.unit = "名";
  d.count = [](store::Conn& c, std::int64_t org) {
    return c.scalar_int64("SELECT count(*) FROM members WHERE org_id = $1", {org}).value_or(0);
  };
  // A move for dissolution is a transfer like any other: each member keeps the history.
  d.move = [](store::Conn& c, std::int64_t from, std::int64_t to) {
    std::vector<std::int64_t> ids;
    c.each("SELECT id FROM members WHERE org_id = $1 ORDER BY id", {from},
           [&](const store::Row& r) { ids.push_back(r.int64(0)); });
    tally::Batch tallies(c);
    for (auto id : ids) transfer(c, id, to, "所在党组织撤销", 0, "系统（撤销组织）", identity::now_ms());
    tallies.flush();
    return static_cast<std::int64_t>(ids.size());
  };
  return d;
}

}  // namespace

Module member_module() {
  // Registered when the module is listed, so `keys rotate` and dissolve see
  // members even in commands that install no routes.
  identity::register_sealed_table({"members", {{"id_enc", "id_hash"}, {"phone_enc", "phone_hash"}}});
  orgtree::register_dependent(members_dependent());
  tally::follow_moves();  // a moved subtree takes its member counts along
  perm::declare();
  register_bench_probes();  // `dangjian bench probe member_page|member_search|member_stats`
  Module m;
  m.name = "member";
  m.migrations = dj_migrations_member();
  m.install = [](ModuleContext& ctx) {
    identity::register_org_table("members");
    install_member_routes(ctx);
    install_file_routes(ctx);
  };
  m.seed_demo = [](ModuleContext& ctx) { seed_demo(ctx); };
  m.seed_bench = seed_bench;
  return m;
}

}  // namespace dj::member
