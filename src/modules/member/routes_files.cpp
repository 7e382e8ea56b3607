// Spreadsheets in and out: the member list as .xlsx (the columns and filters
// the user chose), the blank import template, and the roster import, which
// runs as a background job the browser polls (GET /api/v1/jobs/{id}).
#include <boost/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>

#include "core/download.h"
#include "core/route_prelude.h"
#include "core/crypto/crypto.h"
#include "core/error.h"
#include "core/excel/excel.h"
#include "core/identity/context.h"
#include "core/importer/jobs.h"
#include "core/input.h"
#include "modules/member/list_query.h"
#include "modules/member/member_json.h"
#include "modules/member/permissions.h"
#include "modules/member/roster_columns.h"
#include "modules/member/roster_import.h"
#include "modules/member/routes.h"

namespace dj::member {
namespace {

using namespace dj::route_prelude;

// What the file routes need beyond the request.
struct FileDeps {
  importer::Jobs* jobs;
  std::string data_dir;
};

// The export's columns: the roster's, minus 序号, plus the organisation's name.
struct ExportColumn {
  const char* key;
  const char* label;
};
const std::vector<ExportColumn>& export_columns() {
  static const std::vector<ExportColumn> cols = {
      {"name", "姓名"},          {"sex", "性别"},           {"ethnicity", "民族"},      {"id_number", "身份证号"},
      {"birth_date", "出生日期"}, {"join_date", "入党日期"}, {"full_date", "转正日期"}, {"status", "人员类别"},
      {"education", "学历"},     {"post", "职务"},          {"rank", "职级"},           {"org", "所在支部"},
      {"phone", "手机号码"},     {"category", "工作状态"},  {"age", "年龄"}};
  return cols;
}

std::vector<ExportColumn> chosen_columns(const Request& req) {
  std::string list = input::query_text(req, "columns", 400);
  if (list.empty()) return export_columns();
  std::vector<ExportColumn> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    std::string key = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!key.empty()) {
      auto it = std::find_if(export_columns().begin(), export_columns().end(),
                             [&](const ExportColumn& c) { return key == c.key; });
      if (it == export_columns().end()) throw ApiError::invalid("不支持导出的列：" + key + "。", "columns");
      out.push_back(*it);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (out.empty()) throw ApiError::invalid("请至少选择一列。", "columns");
  return out;
}

excel::Cell cell_of(const json::object& m, const std::string& key) {
  if (key == "org") return std::string(m.at("org_name").as_string());
  const auto& v = m.at(key);
  if (v.is_int64()) return v.as_int64();
  return std::string(v.as_string());
}

Response export_xlsx(identity::Services& s, const FileDeps* mc, Request& req) {
  auto& c = identity::ctx(req);
  ListQuery q = list_query(req);
  auto cols = chosen_columns(req);
  // Plain ID numbers and phones only for holders of member:reveal who ask for them.
  const bool reveal = input::query_text(req, "reveal", 5) == "1";
  if (reveal && !c.who().has_permission(perm::reveal))
    throw ApiError::forbidden("您没有查看完整身份证号和手机号码的权限，请取消“导出完整信息”。");
  std::vector<std::string> headers;
  for (const auto& col : cols) headers.push_back(col.label);
  download::TempFile file(mc->data_dir + "/tmp", ".xlsx");
  std::int64_t rows = 0;
  {
    excel::Writer w(file.path());
    w.sheet("党员名册", headers);
    c.read([&](ScopedConn& db) {
      std::string sql = std::string("SELECT ") + member_columns() +
                        ", m.id_enc, m.phone_enc FROM members m JOIN orgs o ON o.id = m.org_id WHERE " + q.where +
                        " " + q.order;
      const crypto::Keyring& keys = s.keys();
      db.each(sql, q.params, [&](const store::Row& r) {
        Member m = read_member(r);
        if (reveal) {
          m.id_number = keys.decrypt(r.text(20));
          m.phone = r.is_null(21) ? "" : keys.decrypt(r.text(21));
        }
        json::object o = member_json(m);
        std::vector<excel::Cell> row;
        row.reserve(cols.size());
        for (const auto& col : cols) row.push_back(cell_of(o, col.key));
        w.row(row);
        ++rows;
      });
    });
    w.close();
  }
  json::array names;
  for (const auto& col : cols) names.push_back(json::string(col.key));
  c.audit_read({"member.export", "member", "", std::nullopt,
                {{"rows", rows}, {"revealed", reveal}, {"columns", names}, {"query", req.query_string}}});
  return download::xlsx(file.path(), "members.xlsx", "党员名册.xlsx");
}

Response import_template(const FileDeps* mc, Request&) {
  download::TempFile file(mc->data_dir + "/tmp", ".xlsx");
  importer::write_template(file.path(), "党员花名册", roster_columns(),
                           {"1", "张三", "男", "汉族", "320402198001011234", "1980-01-01", "2005-07-01", "2006-07-01",
                            "正式党员", "大学本科", "科员", "一级科员", "办公室党支部", "13812345678", "在职"},
                           roster_instructions());
  return download::xlsx(file.path(), "roster-template.xlsx", "党员花名册导入模板.xlsx");
}

bool flag(const Request& req, const char* name) {
  std::string v = input::query_text(req, name, 5);
  if (v.empty() || v == "0" || v == "false") return false;
  if (v == "1" || v == "true") return true;
  throw ApiError::invalid(std::string(name) + " 应为 1 或 0。", name);
}

// POST /api/v1/orgs/{org_id}/members/import?dry_run=1&all_or_nothing=0 — the body is the file.
Response start_import(identity::Services& s, const FileDeps* mc, Request& req) {
  auto& c = identity::ctx(req);
  if (req.body.empty()) throw ApiError::invalid("请选择要导入的文件。", "file");
  RosterImportOptions opt;
  opt.org_id = input::id_param(req, "org_id");
  // A dry run unless explicitly asked otherwise (an empty value, as a form may send, is a dry run too).
  opt.dry_run = input::query_text(req, "dry_run", 5).empty() || flag(req, "dry_run");
  opt.all_or_nothing = flag(req, "all_or_nothing");
  opt.sheet = input::query_text(req, "sheet", 31);
  auto file = std::make_shared<download::TempFile>(mc->data_dir + "/tmp", ".upload");
  {
    std::ofstream out(file->path(), std::ios::binary);
    out.write(req.body.data(), static_cast<std::streamsize>(req.body.size()));
    if (!out) throw ApiError(500, "spool_failed", "保存上传文件失败，请稍后重试。");
  }
  req.body.clear();
  req.body.shrink_to_fit();
  identity::Services* sp = &s;
  store::Store* store = &c.store();
  orgtree::Scope scope = c.scope();
  audit::Actor actor = c.actor();
  std::string id = mc->jobs->start(c.who().user_id, "member.import", import_phases(),
                                  [sp, store, scope, actor, opt, file](importer::JobProgress& progress) {
                                    auto report = import_roster(*store, sp->keys(), file->path(), opt, scope, actor,
                                                                &progress);
                                    return report.to_json(roster_columns());
                                  });
  return Response::json({{"job_id", id}}, 202);
}

}  // namespace

void install_file_routes(ModuleContext& ctx) {
  identity::Services* sp = &ctx.identity;
  auto deps = std::make_shared<FileDeps>(FileDeps{&ctx.jobs, ctx.data_dir});
  auto& router = ctx.router;
  router.add({Method::GET, "/api/v1/members/export", Access::org_route(perm::export_, OrgRef::list()),
              [sp, deps](Request& r) { return export_xlsx(*sp, deps.get(), r); }});
  router.add({Method::GET, "/api/v1/members/import-template", http::Access{perm::import, http::Scope::none, {}, true},
              [deps](Request& r) { return import_template(deps.get(), r); }});
  // Audited by the job itself: each member written and the import as a whole
  // (the request only queues the work).
  http::Route imp{Method::POST, "/api/v1/orgs/{org_id}/members/import",
                  Access::org_route(perm::import, OrgRef::org("org_id")).not_audited(),
                  [sp, deps](Request& r) { return start_import(*sp, deps.get(), r); }};
  imp.upload = true;
  router.add(std::move(imp));
}

}  // namespace dj::member
