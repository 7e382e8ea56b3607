// Spreadsheets in and out: the member list as .xlsx (the columns and filters
// the user chose), the blank import template, and the roster import, which
// runs as a background job the browser polls (GET /api/v1/jobs/{id}).
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "core/download.h"
#include "core/route_prelude.h"
#include "core/crypto/crypto.h"
#include "core/error.h"
#include "core/excel/excel.h"
#include "core/identity/context.h"
#include "core/importer/jobs.h"
#include "core/input.h"
#include "core/log.h"
#include "modules/member/list_query.h"
#include "modules/member/member_json.h"
#include "modules/member/permissions.h"
#include "modules/member/roster_columns.h"
#include "modules/member/roster_import.h"
#include "modules/member/routes.h"
#include "modules/member/validate/civil_date.h"

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

// Whole years from `birth_iso` to `today` (as the member JSON's "age").
std::int64_t age_on(const std::string& birth_iso, const Date& today) {
  auto b = parse_iso(birth_iso);
  if (!b) return 0;
  int age = today.year - b->year;
  if (today < anniversary(*b, age)) --age;
  return age;
}

// One export cell straight from the row's member (the same values as
// member_json, without building a JSON object per row).
excel::Cell cell_of(const Member& m, const std::string& key, const Date& today) {
  switch (key[0]) {
    case 'n': return m.name;
    case 's': return key == "sex" ? m.sex : m.status;
    case 'e': return key == "ethnicity" ? m.ethnicity : m.education;
    case 'i': return m.id_number;
    case 'b': return m.birth_date;
    case 'j': return m.join_date;
    case 'f': return m.full_date;
    case 'p': return key == "post" ? m.post : m.phone;
    case 'r': return m.rank;
    case 'o': return m.org_name;
    case 'c': return m.category;
    case 'a': return age_on(m.birth_date, today);
  }
  throw std::logic_error("export column without a value: " + key);
}

// SQLite, for one export's reads: no memory-mapped I/O and sorts spilled to
// temporary files, both restored afterwards (the connection goes back to the
// pool). Otherwise a 1,000,000-member export kept the whole sort in memory
// (temp_store = MEMORY never spills) and every database page it touched
// through the 256 MiB mmap window counted in the server's RSS: 889 MiB peak.
// The page cache still serves the reads. Should SQLite refuse the change
// (temp_store cannot change while a temporary table is open), the export
// runs with the connection as it is.
class LowMemoryReads {
 public:
  explicit LowMemoryReads(store::Conn& c) : c_(c) {
    if (c.dialect() != store::Dialect::sqlite) return;
    try {
      mmap_ = c.scalar_int64("PRAGMA mmap_size").value_or(0);
      temp_ = c.scalar_int64("PRAGMA temp_store").value_or(0);
      c.exec("PRAGMA temp_store = FILE");
      active_ = true;
      c.scalar_int64("PRAGMA mmap_size = 0");
    } catch (const store::Error& e) {
      log::warn("export: connection kept its memory settings", {{"error", e.what()}});
    }
  }
  ~LowMemoryReads() {
    if (!active_) return;
    try {
      c_.scalar_int64("PRAGMA mmap_size = " + std::to_string(mmap_));
      c_.exec("PRAGMA temp_store = " + std::to_string(temp_));
    } catch (const std::exception& e) {
      log::error("export: restoring connection settings failed", {{"error", e.what()}});
    }
  }
  LowMemoryReads(const LowMemoryReads&) = delete;
  LowMemoryReads& operator=(const LowMemoryReads&) = delete;

 private:
  store::Conn& c_;
  std::int64_t mmap_ = 0, temp_ = 0;
  bool active_ = false;
};

using Clock = std::chrono::steady_clock;
std::int64_t ms_since(Clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}

// A member as the export reads it: the masked record and the sealed ID
// number and phone (decrypted only for reveal).
struct ExportRow {
  Member m;
  std::string id_enc, phone_enc;
};

ExportRow export_row(const store::Row& r) {
  return {read_member(r), std::string(r.text(20)), r.is_null(21) ? std::string() : std::string(r.text(21))};
}

// The members of `q` in its order, one at a time, at constant memory.
// PostgreSQL sorts in its server and streams rows one by one. SQLite sorts in
// this process: there the ids are sorted first (the sort then holds sort keys
// and ids, not whole rows; 1,000,000 ids are 8 MB) and the rows are read by
// id, 500 at a time, within the same read transaction (the same snapshot).
void each_member(ScopedConn& db, const ListQuery& q, const std::function<void(ExportRow&)>& on_row,
                 std::int64_t& sort_ms) {
  const std::string select = std::string("SELECT ") + member_columns() +
                             ", m.id_enc, m.phone_enc FROM members m JOIN orgs o ON o.id = m.org_id WHERE ";
  if (db.unscoped().dialect() != store::Dialect::sqlite) {
    db.each(select + q.where + " " + q.order, q.params, [&](const store::Row& r) {
      ExportRow row = export_row(r);
      on_row(row);
    });
    return;
  }
  LowMemoryReads low(db.unscoped());
  const auto t0 = Clock::now();
  std::vector<std::int64_t> ids;
  db.each("SELECT m.id FROM members m JOIN orgs o ON o.id = m.org_id WHERE " + q.where + " " + q.order, q.params,
          [&](const store::Row& r) { ids.push_back(r.int64(0)); });
  sort_ms = ms_since(t0);

  constexpr std::size_t kChunk = 500;
  std::string by_id = select + "@SCOPE(m.org_id)@ AND m.id IN (";
  for (std::size_t i = 1; i <= kChunk; ++i) by_id += (i == 1 ? "$" : ", $") + std::to_string(i);
  by_id += ")";
  std::vector<std::optional<ExportRow>> chunk(kChunk);
  store::Params p(kChunk);
  std::unordered_map<std::int64_t, std::size_t> slot;
  slot.reserve(kChunk * 2);
  for (std::size_t begin = 0; begin < ids.size(); begin += kChunk) {
    const std::size_t n = std::min(kChunk, ids.size() - begin);
    slot.clear();
    for (std::size_t i = 0; i < kChunk; ++i) {
      // A short last chunk repeats its first id, so every chunk is one prepared statement.
      const std::int64_t id = ids[begin + (i < n ? i : 0)];
      p[i] = id;
      slot.emplace(id, i);
    }
    for (auto& c : chunk) c.reset();
    db.each(by_id, p, [&](const store::Row& r) {
      auto it = slot.find(r.int64(0));
      if (it != slot.end()) chunk[it->second] = export_row(r);
    });
    // Deleted meanwhile cannot happen inside one SQLite read transaction; skip rather than fail.
    for (std::size_t i = 0; i < n; ++i)
      if (chunk[i]) on_row(*chunk[i]);
  }
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
  std::vector<std::string> keys_of_cols;
  for (const auto& col : cols) {
    headers.push_back(col.label);
    keys_of_cols.push_back(col.key);
  }
  const Date today = today_in_china();
  download::TempFile file(mc->data_dir + "/tmp", ".xlsx");
  std::int64_t rows = 0, sort_ms = 0, rows_ms = 0, close_ms = 0;
  {
    excel::Writer w(file.path());
    w.sheet("党员名册", headers);
    const crypto::Keyring& keys = s.keys();
    std::vector<excel::Cell> row(cols.size());
    const auto t0 = Clock::now();
    c.read([&](ScopedConn& db) {
      each_member(db, q, [&](ExportRow& r) {
        if (reveal) {
          r.m.id_number = keys.decrypt(r.id_enc);
          r.m.phone = r.phone_enc.empty() ? "" : keys.decrypt(r.phone_enc);
        }
        for (std::size_t i = 0; i < keys_of_cols.size(); ++i) row[i] = cell_of(r.m, keys_of_cols[i], today);
        w.row(row);
        ++rows;
      }, sort_ms);
    });
    rows_ms = ms_since(t0) - sort_ms;
    const auto t1 = Clock::now();
    w.close();
    close_ms = ms_since(t1);
  }
  json::array names;
  for (const auto& col : cols) names.push_back(json::string(col.key));
  c.audit_read({"member.export", "member", "", std::nullopt,
                {{"rows", rows}, {"revealed", reveal}, {"columns", names}, {"query", req.query_string}}});
  const auto t2 = Clock::now();
  Response out = download::xlsx(file.path(), "members.xlsx", "党员名册.xlsx");
  // Where an export's time goes (bench/README.md): sorting the ids (SQLite),
  // reading and writing the rows, compressing the file, reading it back.
  log::info("member export", {{"rows", static_cast<long long>(rows)}, {"sort_ms", static_cast<long long>(sort_ms)},
                              {"rows_ms", static_cast<long long>(rows_ms)}, {"zip_ms", static_cast<long long>(close_ms)},
                              {"read_back_ms", static_cast<long long>(ms_since(t2))},
                              {"bytes", static_cast<unsigned long long>(out.body.size())}});
  return out;
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
