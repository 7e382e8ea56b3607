// The organisation-type dictionary (机关工委 / 机关党委 / 党总支 / 党支部 and
// whatever a city adds, such as 临时党支部). orgs.type stores the code.
#include <boost/json.hpp>

#include "core/route_prelude.h"
#include "core/audit/audit.h"
#include "core/error.h"
#include "core/identity/context.h"
#include "core/input.h"
#include "modules/org/permissions.h"
#include "modules/org/routes.h"

namespace dj::org {
namespace {

using namespace dj::route_prelude;

// Not organisation-owned rows: the dictionary is the same for everyone.
Access dictionary(const char* permission) { return {permission, http::Scope::none, {}, true}; }

// org_count counts only the caller's organisations (the guard resolved the
// scope of org:read even though the dictionary itself is not scoped).
json::array list_types(ScopedConn& c) {
  json::array items;
  c.each("SELECT t.code, t.name, t.sort_order, "
         "(SELECT count(*) FROM orgs o WHERE o.type = t.code AND @SCOPE(o.id)@) "
         "FROM org_types t ORDER BY t.sort_order, t.code",
         {}, [&](const store::Row& r) {
           items.push_back({{"code", r.text(0)}, {"name", r.text(1)}, {"sort_order", r.int64(2)},
                            {"org_count", r.int64(3)}});
         });
  return items;
}

Response list(Request& req) {
  auto& c = identity::ctx(req);
  return Response::json({{"items", c.read([&](ScopedConn& db) { return list_types(db); })}});
}

Response create(Request& req) {
  auto& c = identity::ctx(req);
  const json::object body = input::body_object(req);
  const std::string code = input::text(body, "code", "类型编码", true, 20);
  const std::string name = input::text(body, "name", "类型名称", true, 20);
  const std::int64_t order = input::int64(body, "sort_order", "排序", false).value_or(100);
  if (order < 0 || order > 999999) throw ApiError::invalid("排序应为 0 到 999999 之间的整数。", "sort_order");
  for (const char ch : code + name)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F)
      throw ApiError::invalid("类型编码和名称不能包含控制字符。", "code");
  c.write({"org_type.create", "org_type", code}, [&](ScopedConn& db, audit::Entry& e) {
    auto& raw = db.unscoped();
    // Names must be unique too: imports may give the type by its name.
    if (raw.scalar_int64("SELECT 1 FROM org_types WHERE code = $1 OR name = $1", {code}))
      throw ApiError::conflict("该组织类型编码已存在。", "code");
    if (raw.scalar_int64("SELECT 1 FROM org_types WHERE code = $1 OR name = $1", {name}))
      throw ApiError::conflict("该组织类型名称已存在。", "name");
    raw.exec("INSERT INTO org_types (code, name, sort_order) VALUES ($1, $2, $3)", {code, name, order});
    e.detail = audit::diff({}, {{"code", code}, {"name", name}, {"sort_order", order}});
  });
  return Response::json({{"code", code}, {"name", name}, {"sort_order", order}, {"org_count", 0}}, 201);
}

}  // namespace

void install_type_routes(http::Router& router) {
  router.add({Method::GET, "/api/v1/org-types", dictionary(perm::read), list});
  router.add({Method::POST, "/api/v1/org-types", dictionary(perm::type_write), create});
}

}  // namespace dj::org
