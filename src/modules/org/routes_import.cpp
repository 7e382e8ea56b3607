// POST /api/v1/orgs/import: the browser uploads the file as the raw request
// body; it is spooled to <data_dir>/tmp and imported by a background job
// (GET /api/v1/jobs/{id} reports progress and, at the end, the report).
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

#include "core/crypto/crypto.h"
#include "core/error.h"
#include "core/identity/context.h"
#include "core/importer/jobs.h"
#include "core/input.h"
#include "modules/org/import_columns.h"
#include "modules/org/import_file.h"
#include "modules/org/permissions.h"
#include "modules/org/routes.h"

namespace dj::org {
namespace {

using http::Request;
using http::Response;

// A 0/1 query flag; `absent` when it is not given.
bool flag(const Request& req, std::string_view name, bool absent) {
  const auto q = req.query(name);
  if (!q || q->empty()) return absent;
  const std::string& v = *q;
  if (v == "0" || v == "false") return false;
  if (v == "1" || v == "true") return true;
  throw ApiError::bad_request(std::string(name) + " 应为 0 或 1。", std::string(name));
}

// The upload, deleted when the job is done with it (or never started).
struct Spooled {
  std::string path;
  explicit Spooled(std::string p) : path(std::move(p)) {}
  ~Spooled() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

std::shared_ptr<Spooled> spool(const std::string& data_dir, const std::string& bytes) {
  const std::filesystem::path dir = std::filesystem::path(data_dir) / "tmp";
  std::filesystem::create_directories(dir);
  auto file = std::make_shared<Spooled>((dir / ("org-import-" + crypto::random_token(12) + ".upload")).string());
  std::ofstream out(file->path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write upload to " + file->path);
  return file;
}

// What the route needs from the ModuleContext, which lives only during install.
struct Deps {
  store::Store* store;
  importer::Jobs* jobs;
  std::string data_dir;
};

Response upload(const Deps& mc, Request& req) {
  auto& c = identity::ctx(req);
  ImportOptions options;
  // A dry run unless asked otherwise, as the roster import: writing takes a deliberate dry_run=0.
  options.dry_run = flag(req, "dry_run", true);
  options.all_or_nothing = flag(req, "all_or_nothing", false);
  options.parent_id = input::query_int64(req, "parent_id");
  options.scope = c.scope();
  if (req.body.empty()) throw ApiError::invalid("请选择要导入的 .xlsx 或 .csv 文件。", "file");
  // Checked now, not only in the job, so a foreign parent is refused like
  // any other write into an organisation outside the scope.
  if (options.parent_id && !c.read([&](identity::ScopedConn& db) {
        return db.scope().contains_org(db.unscoped(), *options.parent_id);
      }))
    throw ApiError(403, "out_of_scope", "您无权向该组织导入下级组织。", "parent_id");

  auto file = spool(mc.data_dir, req.body);
  const audit::Actor actor = c.actor();
  store::Store* store = mc.store;
  const std::string job = mc.jobs->start(
      c.who().user_id, "org.import", {"reading", "checking", "writing"},
      [store, file, options, actor](importer::JobProgress& p) mutable {
        options.on_progress = [&p](int phase, std::int64_t done, std::int64_t total) {
          p.phase = phase;
          p.done = done;
          p.total = total;
        };
        importer::Progress reading;
        const importer::Report report = import_file(*store, file->path, options, actor, &reading);
        return report.to_json(import::columns());
      });
  // The upload itself is on the record; the job audits what it writes.
  c.audit_read({"org.import_upload", "org", "", options.parent_id,
                {{"bytes", req.body.size()},
                 {"dry_run", options.dry_run},
                 {"all_or_nothing", options.all_or_nothing}}});
  return Response::json({{"job_id", job}}, 202);
}

}  // namespace

void install_import_routes(ModuleContext& ctx) {
  const Deps deps{&ctx.store, &ctx.jobs, ctx.data_dir};
  // A listing by its OrgRef: the organisations it touches are named inside
  // the file, and the import checks each against the caller's scope.
  http::Route route{http::Method::POST, "/api/v1/orgs/import",
                    http::Access::org_route(perm::import, http::OrgRef::list()),
                    [deps](Request& req) { return upload(deps, req); }};
  route.upload = true;
  ctx.router.add(std::move(route));
}

}  // namespace dj::org
