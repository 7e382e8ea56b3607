#include "modules/target/reminders.h"

#include <boost/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "core/files/files.h"
#include "core/identity/policy_store.h"
#include "core/notify/notify.h"
#include "core/tasks/tasks.h"
#include "modules/target/target_json.h"

namespace dj::target {
namespace {

struct Due {
  std::int64_t id = 0;
  std::string kind, title, due_date;
  std::int64_t owner = 0;
  std::int64_t parent_owner = 0;  // the owner of the item above (0: none or the same person)
};

// Not-done milestones of issued plans, and rectifications, due on or before
// `until`. Drafts and closed plans send nothing: a draft is not yet anyone's
// work and a closed plan's year is over.
std::vector<Due> due_by(store::Conn& c, const std::string& until) {
  std::vector<Due> out;
  c.each(
      "SELECT m.id, m.kind, m.title, m.due_date, m.owner_user_id, COALESCE(pi.owner_user_id, 0) "
      "FROM target_milestones m "
      "LEFT JOIN target_plans p ON p.id = m.plan_id "
      "LEFT JOIN target_items i ON i.id = m.item_id "
      "LEFT JOIN target_items pi ON pi.id = i.parent_id "
      "WHERE m.state <> 'done' AND m.due_date <= $1 AND (m.plan_id IS NULL OR p.status = 'issued') "
      "ORDER BY m.id",
      {until}, [&](const store::Row& r) {
        Due d{r.int64(0), std::string(r.text(1)), std::string(r.text(2)), std::string(r.text(3)), r.int64(4), r.int64(5)};
        if (d.parent_owner == d.owner) d.parent_owner = 0;
        out.push_back(std::move(d));
      });
  return out;
}

std::string what(const Due& d) { return d.kind == "rectification" ? "整改事项" : "时序节点"; }

}  // namespace

boost::json::object send_reminders(store::Store& store, const std::string& today) {
  std::int64_t due_soon = 0, overdue = 0, to_supervisors = 0;
  const std::string until = add_days(today, kDueSoonDays);
  store.write([&](store::Conn& c) {
    const std::int64_t now = identity::now_ms();
    for (const Due& d : due_by(c, until)) {
      // Keys carry the due date: moving a deadline earns a fresh reminder for
      // the new date, while a re-run for the same date inserts nothing.
      const std::string id = std::to_string(d.id) + ":" + d.due_date;
      const std::string link = "/targets/todo/" + std::to_string(d.id);
      if (d.due_date >= today) {
        const auto days = days_between(today, d.due_date);
        std::string when = days == 0 ? "今天到期" : std::to_string(days) + " 天后到期";
        due_soon += notify::send(c,
                                 {d.owner, "target.due_soon", what(d) + "“" + d.title + "”" + when,
                                  "到期日 " + d.due_date + "，请按时报告进度。", link, "target.due_soon:" + id},
                                 now);
        continue;
      }
      overdue += notify::send(c,
                              {d.owner, "target.overdue", what(d) + "“" + d.title + "”已逾期",
                               "到期日 " + d.due_date + "，请尽快报告进度并说明原因。", link, "target.overdue:" + id},
                              now);
      if (d.parent_owner)
        to_supervisors += notify::send(c,
                                       {d.parent_owner, "target.overdue_below", "下级" + what(d) + "“" + d.title + "”已逾期",
                                        "到期日 " + d.due_date + "，请督促责任人。", "/targets/milestones?state=overdue",
                                        "target.overdue_below:" + id},
                                       now);
    }
  });
  return {{"due_soon_sent", due_soon}, {"overdue_sent", overdue}, {"supervisors_sent", to_supervisors}};
}

namespace {

// Evidence uploaded for a report that was never sent: rows older than a day
// go, and their bytes when no other row of this module names them (the file
// store is content-addressed; only this module writes to it so far).
boost::json::object remove_abandoned_uploads(store::Store& store, const std::string& data_dir) {
  std::vector<std::string> freed;
  std::int64_t rows = 0;
  store.write([&](store::Conn& c) {
    const std::int64_t cutoff = identity::now_ms() - 24LL * 3600 * 1000;
    std::vector<std::string> hashes;
    c.each("SELECT DISTINCT sha256 FROM target_files WHERE report_id IS NULL AND plan_id IS NULL AND uploaded_at_ms < $1",
           {cutoff}, [&](const store::Row& r) { hashes.emplace_back(r.text(0)); });
    rows = c.exec("DELETE FROM target_files WHERE report_id IS NULL AND plan_id IS NULL AND uploaded_at_ms < $1",
                  {cutoff});
    for (const auto& h : hashes)
      if (c.scalar_int64("SELECT count(*) FROM target_files WHERE sha256 = $1", {h}).value_or(0) == 0)
        freed.push_back(h);
  });
  // Bytes after the commit: a crash in between leaves an unreferenced file, never a row without bytes.
  if (!data_dir.empty()) {
    files::FileStore fs(data_dir);
    for (const auto& h : freed) {
      std::error_code ec;
      std::filesystem::remove(fs.path_of(h), ec);
    }
  }
  return {{"rows_removed", rows}, {"files_removed", static_cast<std::int64_t>(freed.size())}};
}

}  // namespace

void register_reminder_task() {
  tasks::register_daily({"target.reminders", "目标任务到期提醒",
                         [](store::Store& s, const std::string& today) { return send_reminders(s, today); }});
}

void register_cleanup_task(const std::string& data_dir) {
  tasks::register_daily({"target.upload_cleanup", "清理未提交的佐证材料",
                         [data_dir](store::Store& s, const std::string&) { return remove_abandoned_uploads(s, data_dir); }});
}

}  // namespace dj::target
