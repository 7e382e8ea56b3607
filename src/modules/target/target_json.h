// Rows of the target tables as the JSON the web app reads (docs/targets.md
// "JSON shapes"), shared by every route file so a milestone looks the same
// on the to-do list, in the tree and in the drill-down lists.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <string>

#include "store/store.h"

namespace dj::target {

// Labels users see.
const char* plan_status_label(const std::string& status);        // draft 草稿 | issued 已下达 | closed 已关闭
const char* milestone_state_label(const std::string& state);     // open 未报告 | submitted 待审核 | returned 已退回 | done 已完成
const char* report_status_label(const std::string& status);      // submitted 待审核 | accepted 已通过 | returned 已退回

// Basis points -> percent with one decimal (e.g. 3333 -> 33.3).
double percent_of(std::int64_t bp);

// The SELECT list for milestones aliased `m`, joined with orgs `o` (o.name),
// target_plans `p` (LEFT JOIN, p.title) and target_items `i` (LEFT JOIN,
// i.title): use as  "SELECT " + kMilestoneColumns + kMilestoneFrom + " WHERE ...".
extern const char* const kMilestoneColumns;
extern const char* const kMilestoneFrom;
// One row selected with kMilestoneColumns as JSON, with computed
// overdue / due_soon / days_left / on_time against `today` (YYYY-MM-DD).
boost::json::object milestone_json(const store::Row& r, const std::string& today);

// A milestone is overdue when today is past its due date and it is not done;
// due soon when not done and due within kDueSoonDays (reminders.h) from today.
bool is_overdue(const std::string& state, const std::string& due_date, const std::string& today);
bool is_due_soon(const std::string& state, const std::string& due_date, const std::string& today);
// Whole days from `from` to `to` (ISO dates); negative when `to` is earlier.
std::int64_t days_between(const std::string& from, const std::string& to);
// An ISO date plus n days.
std::string add_days(const std::string& iso, int n);

}  // namespace dj::target
