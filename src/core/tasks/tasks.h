// Scheduled daily tasks that must run once per day however many instances
// serve the same database (reminders, clean-ups). A module registers a task
// at start-up; every instance's scheduler thread wakes periodically and, from
// the configured hour on, tries to claim "<task>, <today>" by inserting the
// task_runs row: only one INSERT can succeed, so one instance runs it. A claim
// whose runner died (not finished after an hour) may be taken over; tasks
// must therefore also be idempotent (notify::send with a dedupe key is).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/object.hpp>

#include "store/store.h"

namespace dj::tasks {

struct DailyTask {
  std::string name;   // "target.reminders"
  std::string label;  // "目标任务到期提醒"
  // Does the day's work for `today` (YYYY-MM-DD, Beijing time); returns a
  // summary stored in task_runs.result and printed by the CLI.
  std::function<boost::json::object(store::Store&, const std::string& today)> run;
};

// Registered by modules when they are listed (like orgtree dependents), so
// both the server and `dangjian tasks run` see every task.
void register_daily(DailyTask task);
const std::vector<DailyTask>& daily_tasks();

// Today in Beijing time (UTC+8), the calendar users plan in.
std::string today_beijing();

struct RunOutcome {
  bool ran = false;            // false: already claimed for that day by someone
  std::string claimed_by;      // the instance holding the claim when not ran
  boost::json::object result;  // the task's summary when ran
};

// Claims (name, day) and runs the task; with `force` runs even when a claim
// exists (the task's own idempotence then prevents duplicates). Throws
// std::invalid_argument for an unknown task name.
RunOutcome run_daily(store::Store& store, const std::string& name, const std::string& day,
                     const std::string& instance, bool force = false);

// The scheduler thread of a serving instance. Checks every `period_ms`
// whether the local hour has reached `from_hour` and today's run of each
// task is unclaimed; stops on destruction.
class Scheduler {
 public:
  Scheduler(store::Store& store, std::string instance, int from_hour = 7, std::int64_t period_ms = 60'000);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  void start();

 private:
  void loop();
  store::Store& store_;
  std::string instance_;
  int from_hour_;
  std::int64_t period_ms_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace dj::tasks
