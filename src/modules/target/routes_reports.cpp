// /api/v1/targets/my/… and /reports: the owner's side of the work (to-do
// list, evidence uploads, progress reports) and the reviewer's (pending
// reports, accept, return). Reporting needs no permission: being the
// milestone's owner is the authorisation, checked here against the caller
// (the /my/ routes are Access::self(), so their statements run on the raw
// connection with an explicit owner condition instead of @SCOPE@).
#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/files/files.h"
#include "core/identity/context.h"
#include "core/identity/policy_store.h"
#include "core/input.h"
#include "core/notify/notify.h"
#include "core/orgtree/scope.h"
#include "core/route_prelude.h"
#include "core/tasks/tasks.h"
#include "modules/target/figures.h"
#include "modules/target/permissions.h"
#include "modules/target/plan_common.h"
#include "modules/target/reminders.h"
#include "modules/target/rollup.h"
#include "modules/target/routes.h"
#include "modules/target/target_json.h"
#include "modules/target/work_common.h"

namespace dj::target {

namespace work {

namespace json = boost::json;

namespace {

json::object file_json(const store::Row& r, bool mine) {
  const std::int64_t id = r.int64(0);
  return {{"id", id},
          {"name", r.text(2)},
          {"size", r.int64(3)},
          {"mime", r.text(4)},
          {"url", std::string(mine ? "/api/v1/targets/my/files/" : "/api/v1/targets/files/") + std::to_string(id)}};
}

}  // namespace

json::array reports_json(store::Conn& c, const std::string& where, const store::Params& params, bool mine) {
  json::array out;
  std::map<std::int64_t, std::size_t> index;  // report id -> position in out
  c.each(
      "SELECT r.id, r.milestone_id, r.body, r.percent, r.done, r.status, r.review_reason, r.reviewer_name, "
      "r.reviewed_at_ms, r.reporter_name, r.submitted_date, r.submitted_at_ms FROM target_reports r WHERE " +
          where + " ORDER BY r.submitted_at_ms, r.id",
      params, [&](const store::Row& r) {
        const std::string status(r.text(5));
        index[r.int64(0)] = out.size();
        out.push_back(json::object{{"id", r.int64(0)},
                                   {"milestone_id", r.int64(1)},
                                   {"body", r.text(2)},
                                   {"percent", r.int64(3)},
                                   {"done", r.int64(4) != 0},
                                   {"status", status},
                                   {"status_label", report_status_label(status)},
                                   {"review_reason", r.text(6)},
                                   {"reviewer_name", r.text(7)},
                                   {"reviewed_at_ms", r.is_null(8) ? json::value() : json::value(r.int64(8))},
                                   {"reporter_name", r.text(9)},
                                   {"submitted_date", r.text(10)},
                                   {"submitted_at_ms", r.int64(11)},
                                   {"files", json::array()}});
      });
  if (out.empty()) return out;
  // All their files in one more query, whatever the number of reports.
  c.each(
      "SELECT f.id, f.report_id, f.name, f.size, f.mime FROM target_files f WHERE f.report_id IN "
      "(SELECT r.id FROM target_reports r WHERE " +
          where + ") ORDER BY f.id",
      params, [&](const store::Row& r) {
        auto it = index.find(r.int64(1));
        if (it != index.end()) out[it->second].as_object()["files"].as_array().push_back(file_json(r, mine));
      });
  return out;
}

std::optional<json::object> milestone_by_id(store::Conn& c, std::int64_t id, const std::string& today) {
  std::optional<json::object> out;
  c.each(std::string("SELECT ") + kMilestoneColumns + kMilestoneFrom + " WHERE m.id = $1", {id},
         [&](const store::Row& r) { out = milestone_json(r, today); });
  return out;
}

}  // namespace work

namespace {

using namespace dj::route_prelude;
using work::Where;

constexpr const char* kNotOwner = "只能报告分配给您本人的任务。";

struct Deps {
  files::FileStore files;
};

// What the workflow checks about a milestone (the JSON is built separately).
struct MilestoneFacts {
  std::int64_t id = 0, owner = 0, org_id = 0;
  std::optional<std::int64_t> item_id;
  std::string kind, state, title;
  std::optional<std::string> plan_status;  // none for a rectification
};

std::optional<MilestoneFacts> milestone_facts(store::Conn& c, std::int64_t id) {
  std::optional<MilestoneFacts> out;
  c.each(
      "SELECT m.id, m.owner_user_id, m.org_id, m.item_id, m.kind, m.state, m.title, p.status "
      "FROM target_milestones m LEFT JOIN target_plans p ON p.id = m.plan_id WHERE m.id = $1",
      {id}, [&](const store::Row& r) {
        out = MilestoneFacts{r.int64(0),
                             r.int64(1),
                             r.int64(2),
                             r.opt_int64(3),
                             std::string(r.text(4)),
                             std::string(r.text(5)),
                             std::string(r.text(6)),
                             r.opt_text(7)};
      });
  return out;
}

// The caller's own milestone, as the /my/ routes see it: a milestone of a
// draft plan does not exist yet for its owner (404); someone else's is 403.
MilestoneFacts my_milestone(store::Conn& c, std::int64_t id, std::int64_t me) {
  auto m = milestone_facts(c, id);
  if (!m || m->plan_status == "draft") throw ApiError::not_found("该任务不存在。");
  if (m->owner != me) throw ApiError(403, "not_owner", kNotOwner);
  return *m;
}

void refuse_closed(const MilestoneFacts& m) {
  if (m.plan_status == "closed") throw ApiError(409, "plan_closed", "计划已关闭，不能修改。");
}

// ---- the owner's to-do list -------------------------------------------------------------

// The union of the caller's target:review scopes (the route itself is
// self-scoped, so the guard resolved none).
orgtree::Scope review_scope(store::Conn& c, const identity::Principal& who) {
  orgtree::Scope s = orgtree::Scope::nothing();
  for (const auto& b : who.bindings)
    if (b.permissions.count(perm::review))
      s.merge(orgtree::resolve(c, b.kind, b.anchor_org, b.custom_orgs, who.user_id, who.person_id));
  return s;
}

// Reports awaiting the caller's review: submitted, and not the caller's own
// (nobody reviews their own report). Shared by GET /reports and the to-do count.
void add_pending(Where& w, std::int64_t me) {
  w.add("r.status = 'submitted'");
  w.add("r.reporter_user_id <> " + w.arg(me));
}

json::value reviews_pending(store::Conn& c, const identity::Principal& who) {
  if (!who.has_permission(perm::review)) return nullptr;
  orgtree::Scope scope = review_scope(c, who);
  Where w("1=1");
  add_pending(w, who.user_id);
  store::Params p = w.params();
  const std::string in_scope = scope.org_predicate("r.org_id", p);
  return c.scalar_int64("SELECT count(*) FROM target_reports r WHERE " + w.sql() + " AND " + in_scope, p).value_or(0);
}

Response todo(Request& req) {
  auto& c = identity::ctx(req);
  const auto& who = c.who();
  const std::string today = tasks::today_beijing();
  Where mine("m.owner_user_id = $1");
  mine.arg(who.user_id);
  mine.add(work::kLiveMilestone);
  const std::string state = input::query_text(req, "state", 20);
  Where list = mine;
  work::StateConditions list_state(list, today);
  if (!state.empty()) list.add(list_state(state));
  json::object out;
  c.read([&](ScopedConn& db) {
    auto& raw = db.unscoped();  // self-scoped: the owner condition is the scope
    // The counts over the whole list, whatever the state filter.
    Where all = mine;
    work::StateConditions count_state(all, today);
    const char* names[] = {"open", "overdue", "due_soon", "returned"};
    std::string sums;
    for (const char* n : names)
      sums += std::string(sums.empty() ? "" : ", ") + "SUM(CASE WHEN " + count_state(n) + " THEN 1 ELSE 0 END)";
    json::object counts;
    raw.each("SELECT " + sums + kMilestoneFrom + " WHERE " + all.sql(), all.params(), [&](const store::Row& r) {
      for (int i = 0; i < 4; ++i) counts[names[i]] = r.int64(i);
    });
    json::array items;
    raw.each(std::string("SELECT ") + kMilestoneColumns + kMilestoneFrom + " WHERE " + list.sql() +
                 " ORDER BY m.due_date, m.id",
             list.params(), [&](const store::Row& r) { items.push_back(milestone_json(r, today)); });
    out["items"] = std::move(items);
    out["counts"] = std::move(counts);
    out["reviews_pending"] = reviews_pending(raw, who);
  });
  return Response::json(out);
}

Response my_milestone_get(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  const std::string today = tasks::today_beijing();
  return Response::json(c.read([&](ScopedConn& db) {
    auto& raw = db.unscoped();
    my_milestone(raw, id, c.who().user_id);
    json::object o = *work::milestone_by_id(raw, id, today);
    o["reports"] = work::reports_json(raw, "r.milestone_id = $1", {id}, true);
    return o;
  }));
}

// ---- evidence files ---------------------------------------------------------------------

json::object uploaded_json(std::int64_t id, const files::Checked& f, std::size_t size) {
  return {{"id", id},
          {"name", f.name},
          {"size", static_cast<std::int64_t>(size)},
          {"mime", f.mime},
          {"url", "/api/v1/targets/my/files/" + std::to_string(id)}};
}

// POST /my/files?name= — the body is the file. Checked before anything is
// stored, so a refused file leaves neither bytes nor a row.
Response upload(const Deps& d, Request& req) {
  auto& c = identity::ctx(req);
  const auto& who = c.who();
  files::Checked f = files::check_evidence(input::query_text(req, "name", 200), req.body);
  const std::string sha = d.files.put(req.body);
  const std::size_t size = req.body.size();
  const std::int64_t id = c.write({"target.file.upload", "target_file", ""}, [&](ScopedConn& db, audit::Entry& e) {
    // Until attached to a report the file belongs to the uploader's home organisation.
    auto new_id = db.unscoped().scalar_int64(
        "INSERT INTO target_files (org_id, name, mime, size, sha256, uploaded_by, uploaded_by_name, uploaded_at_ms) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        {who.org_id, f.name, f.mime, static_cast<std::int64_t>(size), sha, who.user_id, who.display_name,
         identity::now_ms()});
    e.entity_id = std::to_string(*new_id);
    e.org_id = who.org_id;
    e.detail = {{"name", f.name}, {"size", static_cast<std::int64_t>(size)}, {"mime", f.mime}, {"sha256", sha}};
    return *new_id;
  });
  return Response::json(uploaded_json(id, f, size), 201);
}

struct StoredFile {
  std::string sha256, mime, name;
};

// GET /my/files/{id}: a file the caller uploaded, or evidence on a report of
// a milestone the caller owns. Anything else looks missing.
Response my_file(const Deps& d, Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  const std::int64_t me = c.who().user_id;
  auto f = c.read([&](ScopedConn& db) {
    std::optional<StoredFile> out;
    db.unscoped().each(
        "SELECT f.sha256, f.mime, f.name FROM target_files f LEFT JOIN target_reports r ON r.id = f.report_id "
        "LEFT JOIN target_milestones m ON m.id = r.milestone_id "
        "WHERE f.id = $1 AND (f.uploaded_by = $2 OR m.owner_user_id = $2)",
        {id, me}, [&](const store::Row& r) {
          out = StoredFile{std::string(r.text(0)), std::string(r.text(1)), std::string(r.text(2))};
        });
    return out;
  });
  if (!f) throw ApiError::not_found("文件不存在或您无权查看。");
  return files::serve(d.files, f->sha256, f->mime, f->name);
}

// GET /files/{id}: any attachment or evidence, for readers whose scope holds
// the file's organisation (the guard checked it). A draft plan's attachments
// are its managers' only, like the draft itself.
Response scoped_file(const Deps& d, Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  auto f = c.read([&](ScopedConn& db) {
    auto& raw = db.unscoped();
    std::optional<StoredFile> out;
    std::optional<std::int64_t> draft_org;  // the issuing organisation of a draft plan the file is attached to
    raw.each("SELECT f.sha256, f.mime, f.name, p.status, p.org_id FROM target_files f "
             "LEFT JOIN target_plans p ON p.id = f.plan_id WHERE f.id = $1",
             {id}, [&](const store::Row& r) {
               out = StoredFile{std::string(r.text(0)), std::string(r.text(1)), std::string(r.text(2))};
               if (!r.is_null(3) && r.text(3) == "draft") draft_org = r.int64(4);
             });
    if (draft_org && !plans::can_manage_org(raw, c.who(), *draft_org)) out.reset();
    return out;
  });
  if (!f) throw ApiError::not_found("文件不存在或您无权查看。");
  return files::serve(d.files, f->sha256, f->mime, f->name);
}

// ---- reporting ---------------------------------------------------------------------------

struct ReportInput {
  std::string body;
  std::int64_t percent = 0;
  bool done = false;
  std::vector<std::int64_t> file_ids;
};

constexpr std::size_t kMaxFilesPerReport = 20;

std::vector<std::int64_t> file_ids_of(const json::object& o) {
  std::vector<std::int64_t> ids;
  const auto* v = o.if_contains("file_ids");
  if (!v || v->is_null()) return ids;
  if (!v->is_array()) throw ApiError::invalid("附件应为文件编号的列表。", "file_ids");
  const auto& arr = v->as_array();
  if (arr.size() > kMaxFilesPerReport)
    throw ApiError::invalid("每份报告最多附 " + std::to_string(kMaxFilesPerReport) + " 个文件。", "file_ids");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string field = "file_ids[" + std::to_string(i) + "]";
    if (!arr[i].is_int64() || arr[i].as_int64() <= 0) throw ApiError::invalid("附件编号无效。", field);
    if (std::find(ids.begin(), ids.end(), arr[i].as_int64()) != ids.end())
      throw ApiError::invalid("同一附件不能重复添加。", field);
    ids.push_back(arr[i].as_int64());
  }
  return ids;
}

// {body, percent?, done?, file_ids[]}: done (or 100 %) marks completion.
ReportInput report_input(const json::object& o) {
  ReportInput in;
  in.body = input::text(o, "body", "报告内容", true, 2000);
  in.done = input::boolean(o, "done", "是否完成").value_or(false);
  auto percent = input::int64(o, "percent", "完成进度", !in.done);
  if (percent && (*percent < 0 || *percent > 100)) throw ApiError::invalid("完成进度应在 0 到 100 之间。", "percent");
  in.percent = in.done ? 100 : *percent;
  in.done = in.percent == 100;
  in.file_ids = file_ids_of(o);
  return in;
}

// The caller's own uploads not yet on a report move onto report `report_id`
// and into the milestone's organisation, so the reviewers of that
// organisation can open them (GET /files/{id} is scoped by the file's org).
void attach_files(store::Conn& c, const ReportInput& in, std::int64_t report_id, std::int64_t org_id, std::int64_t me) {
  for (std::size_t i = 0; i < in.file_ids.size(); ++i) {
    const std::int64_t n = c.exec(
        "UPDATE target_files SET report_id = $1, org_id = $2 "
        "WHERE id = $3 AND uploaded_by = $4 AND report_id IS NULL AND plan_id IS NULL",
        {report_id, org_id, in.file_ids[i], me});
    if (n != 1)
      throw ApiError::invalid("附件不存在、不是您上传的或已用于其他报告，请重新上传。",
                              "file_ids[" + std::to_string(i) + "]");
  }
}

Response submit_report(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  const ReportInput in = report_input(input::body_object(req));
  const auto& who = c.who();
  const std::string today = tasks::today_beijing();
  const std::int64_t report_id = c.write({"target.report.submit", "target_report", ""}, [&](ScopedConn& db,
                                                                                            audit::Entry& e) {
    auto& raw = db.unscoped();  // self-scoped: my_milestone() checks the owner
    const MilestoneFacts m = my_milestone(raw, id, who.user_id);
    refuse_closed(m);
    if (m.state == "done") throw ApiError(409, "already_done", "该任务已完成，无需再报告。");
    if (m.state == "submitted") throw ApiError(409, "report_pending", "上一份报告尚在审核中，请等待审核后再报告。");
    const std::int64_t now = identity::now_ms();
    const std::int64_t rid = *raw.scalar_int64(
        "INSERT INTO target_reports (milestone_id, org_id, reporter_user_id, reporter_name, body, percent, done, "
        "status, submitted_date, submitted_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, 'submitted', $8, $9) "
        "RETURNING id",
        {id, m.org_id, who.user_id, who.display_name, in.body, in.percent, std::int64_t{in.done ? 1 : 0}, today, now});
    attach_files(raw, in, rid, m.org_id, who.user_id);
    raw.exec("UPDATE target_milestones SET state = 'submitted', updated_at_ms = $2 WHERE id = $1", {id, now});
    e.entity_id = std::to_string(rid);
    e.org_id = m.org_id;
    e.detail = {{"milestone_id", id},
                {"percent", in.percent},
                {"done", in.done},
                {"files", static_cast<std::int64_t>(in.file_ids.size())}};
    return rid;
  });
  return Response::json(
      c.read([&](ScopedConn& db) { return work::reports_json(db.unscoped(), "r.id = $1", {report_id}, true).at(0); }),
      201);
}

// ---- review --------------------------------------------------------------------------------

// "($1, $2, …)" binding each id.
std::string id_list(Where& w, const std::vector<std::int64_t>& ids) {
  std::string out;
  for (auto id : ids) out += (out.empty() ? "(" : ", ") + w.arg(id);
  return out + ")";
}

// GET /reports?status=submitted&org_id=&page= — awaiting review by default
// (without the caller's own, which they may not review); accepted / returned
// for the history.
Response list_reports(Request& req) {
  auto& c = identity::ctx(req);
  auto paging = input::paging(req);
  const std::string today = tasks::today_beijing();
  std::string status = input::query_text(req, "status", 20);
  if (status.empty()) status = "submitted";
  Where w("@SCOPE(r.org_id)@");
  if (status == "submitted")
    add_pending(w, c.who().user_id);
  else if (status == "accepted" || status == "returned")
    w.add("r.status = " + w.arg(status));
  else
    throw ApiError::invalid("状态应为 submitted、accepted 或 returned。", "status");
  if (auto org = input::query_int64(req, "org_id")) w.add(work::in_subtree(w, "r.org_id", *org));
  json::array items;
  std::int64_t total = 0;
  c.read([&](ScopedConn& db) {
    total = db.scalar_int64("SELECT count(*) FROM target_reports r WHERE " + w.sql(), w.params()).value_or(0);
    // The page's ids first, then the reports (with files) and their milestones by id.
    std::vector<std::int64_t> ids;
    db.each("SELECT r.id FROM target_reports r WHERE " + w.sql() + " ORDER BY r.submitted_at_ms, r.id LIMIT " +
                std::to_string(paging.page_size) + " OFFSET " + std::to_string(paging.offset()),
            w.params(), [&](const store::Row& r) { ids.push_back(r.int64(0)); });
    if (ids.empty()) return;
    auto& raw = db.unscoped();  // the rows of ids just selected in scope
    Where page("");
    json::array reports = work::reports_json(raw, "r.id IN " + id_list(page, ids), page.params(), false);
    std::vector<std::int64_t> milestone_ids;
    for (const auto& rep : reports) milestone_ids.push_back(rep.at("milestone_id").as_int64());
    Where ms("");
    std::map<std::int64_t, json::object> milestones;
    raw.each(
        std::string("SELECT ") + kMilestoneColumns + kMilestoneFrom + " WHERE m.id IN " + id_list(ms, milestone_ids),
        ms.params(), [&](const store::Row& r) {
          json::object m = milestone_json(r, today);
          milestones[m.at("id").as_int64()] = std::move(m);
        });
    for (auto& rep : reports) {
      json::object o = std::move(rep.as_object());
      o["milestone"] = milestones[o.at("milestone_id").as_int64()];
      items.push_back(std::move(o));
    }
  });
  return Response::json(input::page_json(std::move(items), total, paging));
}

struct ReportFacts {
  std::int64_t milestone_id = 0, reporter = 0, percent = 0;
  bool done = false;
  std::string status, submitted_date;
};

ReportFacts report_facts(store::Conn& c, std::int64_t id) {
  std::optional<ReportFacts> out;
  c.each(
      "SELECT r.milestone_id, r.reporter_user_id, r.percent, r.done, r.status, r.submitted_date "
      "FROM target_reports r WHERE r.id = $1",
      {id}, [&](const store::Row& r) {
        out = ReportFacts{
            r.int64(0), r.int64(1), r.int64(2), r.int64(3) != 0, std::string(r.text(4)), std::string(r.text(5))};
      });
  if (!out) throw ApiError::not_found("报告不存在或您无权查看。");
  return *out;
}

enum class Verdict { accept, give_back };

// Accept or return report `id`: the checks both share, the report's new
// status, the milestone's new state (and progress, rolled up the item tree
// for a plan milestone) and the notice to the reporter, in one transaction.
Response review(Request& req, Verdict verdict) {
  auto& c = identity::ctx(req);
  const std::int64_t id = input::id_param(req);
  std::string reason;
  if (verdict == Verdict::give_back) reason = input::text(input::body_object(req), "reason", "退回原因", true, 500);
  const auto& who = c.who();
  const bool accept = verdict == Verdict::accept;
  c.write(
      {accept ? "target.report.accept" : "target.report.return", "target_report", std::to_string(id)},
      [&](ScopedConn& db, audit::Entry& e) {
        auto& raw = db.unscoped();  // the guard checked the report's organisation
        const ReportFacts r = report_facts(raw, id);
        if (r.status != "submitted") throw ApiError::conflict("该报告已审核，不能重复审核。");
        if (r.reporter == who.user_id) throw ApiError(403, "own_report", "不能审核本人提交的报告。");
        const MilestoneFacts m = *milestone_facts(raw, r.milestone_id);
        refuse_closed(m);
        const std::int64_t now = identity::now_ms();
        raw.exec(
            "UPDATE target_reports SET status = $2, review_reason = $3, reviewer_user_id = $4, "
            "reviewer_name = $5, reviewed_at_ms = $6 WHERE id = $1",
            {id, accept ? "accepted" : "returned", reason, who.user_id, who.display_name, now});
        figures::Change fig(raw, {m.org_id});  // done and on time, or still open
        if (!accept)
          raw.exec("UPDATE target_milestones SET state = 'returned', updated_at_ms = $2 WHERE id = $1", {m.id, now});
        else if (r.done)
          raw.exec(
              "UPDATE target_milestones SET state = 'done', progress_bp = $2, done_date = $3, "
              "updated_at_ms = $4 WHERE id = $1",
              {m.id, r.percent * 100, r.submitted_date, now});
        else
          raw.exec(
              "UPDATE target_milestones SET state = 'open', progress_bp = $2, updated_at_ms = $3 "
              "WHERE id = $1",
              {m.id, r.percent * 100, now});
        fig.commit();
        // Rectifications have no item: nothing to roll up.
        if (accept && m.kind == "milestone" && m.item_id) rollup_from_item(raw, *m.item_id);
        notify::send(raw,
                     {r.reporter, accept ? "target.accepted" : "target.returned",
                      (accept ? "进度报告已通过审核：" : "进度报告被退回：") + m.title,
                      accept ? std::string() : "退回原因：" + reason, "/targets/todo",
                      std::string(accept ? "target.accepted:" : "target.returned:") + std::to_string(id)},
                     now);
        e.org_id = m.org_id;
        e.detail = {{"milestone_id", m.id}, {"percent", r.percent}, {"done", r.done}};
        if (!accept) e.detail["reason"] = reason;
      });
  return Response::json(
      c.read([&](ScopedConn& db) { return work::reports_json(db.unscoped(), "r.id = $1", {id}, false).at(0); }));
}

}  // namespace

void install_report_routes(ModuleContext& ctx) {
  auto deps = std::make_shared<Deps>(Deps{files::FileStore(ctx.data_dir)});
  auto& router = ctx.router;
  const std::string base = "/api/v1/targets";
  router.add({Method::GET, base + "/my/todo", Access::self(), todo});
  router.add({Method::GET, base + "/my/milestones/{id}", Access::self(), my_milestone_get});
  router.add({Method::POST, base + "/my/milestones/{id}/reports", Access::self(), submit_report});
  http::Route up{Method::POST, base + "/my/files", Access::self(), [deps](Request& r) { return upload(*deps, r); }};
  up.upload = true;
  router.add(std::move(up));
  router.add({Method::GET, base + "/my/files/{id}", Access::self(), [deps](Request& r) { return my_file(*deps, r); }});
  router.add({Method::GET, base + "/files/{id}", Access::org_route(perm::read, OrgRef::row("id", "target_files")),
              [deps](Request& r) { return scoped_file(*deps, r); }});
  router.add({Method::GET, base + "/reports", Access::org_route(perm::review, OrgRef::list()), list_reports});
  const auto row = OrgRef::row("id", "target_reports");
  router.add({Method::POST, base + "/reports/{id}/accept", Access::org_route(perm::review, row),
              [](Request& r) { return review(r, Verdict::accept); }});
  router.add({Method::POST, base + "/reports/{id}/return", Access::org_route(perm::review, row),
              [](Request& r) { return review(r, Verdict::give_back); }});
}

}  // namespace dj::target
