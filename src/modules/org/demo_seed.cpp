#include "modules/org/demo_seed.h"

#include <map>

#include "core/audit/audit.h"
#include "modules/org/demo_tree.h"
#include "modules/org/profile.h"

namespace dj::org {

void seed_demo(ModuleContext& ctx) {
  const std::vector<demo::Node> nodes = demo::tree();
  ctx.store.write([&](store::Conn& c) {
    audit::lock_chain(c);
    if (c.scalar_int64("SELECT 1 FROM orgs WHERE code = $1", {std::string(demo::kRootCode)})) return;
    // `dangjian admin create` on an empty database makes one empty root
    // organisation for the administrator's account. The demo's Working
    // Committee takes it over instead of standing beside it as a second
    // 市级机关工委, so the administrator's home is the demo city's root.
    std::optional<std::int64_t> adopt;
    const auto roots = c.query("SELECT id FROM orgs WHERE parent_id IS NULL");
    if (roots.size() == 1 && !c.scalar_int64("SELECT 1 FROM orgs WHERE parent_id = $1", {roots.int64(0, 0)}))
      adopt = roots.int64(0, 0);

    std::map<std::string, std::int64_t> ids;
    for (const demo::Node& n : nodes) {
      std::int64_t id = 0;
      if (n.parent_code.empty() && adopt) {
        id = *adopt;
        orgtree::update(c, id, {n.name, n.code, n.type, n.department, n.sort_order});
      } else {
        orgtree::NewOrg o;
        if (!n.parent_code.empty()) o.parent_id = ids.at(n.parent_code);
        o.name = n.name;
        o.code = n.code;
        o.type = n.type;
        o.department = n.department;
        o.sort_order = n.sort_order;
        id = orgtree::create(c, o);
      }
      set_profile(c, id, n.secretary, n.contact_zone);
      ids[n.code] = id;
    }
    audit::Actor actor;
    actor.username = ctx.actor_name.empty() ? "demo" : ctx.actor_name;
    audit::Entry e{"org.demo_seed", "org", std::to_string(ids.at(demo::kRootCode)), ids.at(demo::kRootCode), {}};
    e.detail["orgs"] = static_cast<std::int64_t>(nodes.size());
    e.detail["adopted_root"] = adopt.has_value();
    audit::append(c, actor, e);
  });
}

}  // namespace dj::org
