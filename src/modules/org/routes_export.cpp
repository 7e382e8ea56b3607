// Files for download: the scoped organisation list as .xlsx (audited as an
// export) and the blank import template.

#include "core/download.h"
#include "core/route_prelude.h"
#include "core/crypto/crypto.h"
#include "core/excel/excel.h"
#include "core/identity/context.h"
#include "core/importer/importer.h"
#include "core/input.h"
#include "modules/org/import_columns.h"
#include "modules/org/list_query.h"
#include "modules/org/permissions.h"
#include "modules/org/profile.h"
#include "modules/org/request_filter.h"
#include "modules/org/routes.h"

namespace dj::org {
namespace {

using namespace dj::route_prelude;

Response export_xlsx(Request& req) {
  auto& c = identity::ctx(req);
  download::TempFile file("", ".xlsx");
  std::int64_t rows = 0;
  {
    // The first nine columns are the import's, so the file can be edited and imported back.
    excel::Writer w(file.path());
    std::vector<std::string> headers;
    for (const auto& col : import::columns()) headers.push_back(col.label);
    headers.insert(headers.end(), {"状态", "层级", "下级组织数"});
    w.sheet("组织", headers);
    c.read([&](ScopedConn& db) {
      store::Params params;
      const std::string where = list_where(filter_from(req, db.unscoped()), params);
      db.each(export_select(where), params, [&](const store::Row& r) {
        const OrgView v = view_from(r);
        w.row({v.org.name, v.org.code, std::string(r.text(13)), std::string(r.text(14)), v.org.type,
               v.org.department, v.secretary, v.contact_zone, std::int64_t{v.org.sort_order},
               std::string(status_label(v.org.status)), std::int64_t{v.org.depth + 1}, v.child_count});
        ++rows;
      });
    });
    w.close();
  }
  c.audit_read({"org.export", "org", "", std::nullopt, {{"rows", rows}}});
  return download::xlsx(file.path(), "orgs.xlsx", "组织.xlsx");
}

Response import_template(Request&) {
  download::TempFile file("", ".xlsx");
  importer::write_template(file.path(), "组织", import::columns(), import::template_example(),
                           import::template_instructions());
  return download::xlsx(file.path(), "org-import-template.xlsx", "组织导入模板.xlsx");
}

}  // namespace

void install_export_routes(http::Router& router) {
  router.add({Method::GET, "/api/v1/orgs/export", Access::org_route(perm::export_, OrgRef::list()), export_xlsx});
  // The template holds no organisation data, only headers and an example.
  router.add({Method::GET, "/api/v1/orgs/import-template", {perm::import, http::Scope::none, {}, true},
              import_template});
}

}  // namespace dj::org
