// Files for download: the scoped organisation list as .xlsx (audited as an
// export) and the blank import template.
#include <filesystem>

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

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// A random name in the private temp directory, removed whatever happens.
struct TempFile {
  std::string path =
      (std::filesystem::temp_directory_path() / ("dj-orgs-" + crypto::random_token(12) + ".xlsx")).string();
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

Response xlsx(std::string bytes, const char* ascii_name, const char* utf8_encoded_name) {
  Response r = Response::text(std::move(bytes), kXlsxType);
  r.set_header("Content-Disposition", std::string("attachment; filename=\"") + ascii_name +
                                          "\"; filename*=UTF-8''" + utf8_encoded_name);
  return r;
}

Response export_xlsx(Request& req) {
  auto& c = identity::ctx(req);
  TempFile file;
  std::int64_t rows = 0;
  {
    // The first nine columns are the import's, so the file can be edited and imported back.
    excel::Writer w(file.path);
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
  std::string bytes = excel::read_file(file.path);
  c.audit_read({"org.export", "org", "", std::nullopt, {{"rows", rows}}});
  return xlsx(std::move(bytes), "orgs.xlsx", "%E7%BB%84%E7%BB%87.xlsx");
}

Response import_template(Request&) {
  TempFile file;
  importer::write_template(file.path, "组织", import::columns(), import::template_example(),
                           import::template_instructions());
  return xlsx(excel::read_file(file.path), "org-import-template.xlsx",
              "%E7%BB%84%E7%BB%87%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx");
}

}  // namespace

void install_export_routes(http::Router& router) {
  router.add({Method::GET, "/api/v1/orgs/export", Access::org_route(perm::export_, OrgRef::list()), export_xlsx});
  // The template holds no organisation data, only headers and an example.
  router.add({Method::GET, "/api/v1/orgs/import-template", {perm::import, http::Scope::none, {}, true},
              import_template});
}

}  // namespace dj::org
