// The daily 到期提醒 task (core/tasks): owners of open milestones and
// rectifications due within kDueSoonDays get one "即将到期" notice, and once
// overdue one "已逾期" notice (also to the owner of the parent item), each
// keyed so that re-runs and concurrent instances send it once.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "store/store.h"

namespace dj::target {

inline constexpr int kDueSoonDays = 3;

void register_reminder_task();
// Also daily: evidence uploaded but never attached to a report is removed
// after a day. Registered at install time, when the data directory is known.
void register_cleanup_task(const std::string& data_dir);
// The task body (for tests and the CLI): sends what is due on `today`.
boost::json::object send_reminders(store::Store& store, const std::string& today);

}  // namespace dj::target
