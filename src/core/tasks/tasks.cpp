#include "core/tasks/tasks.h"

#include <boost/json.hpp>

#include <chrono>
#include <ctime>
#include <map>
#include <stdexcept>

#include "core/identity/policy_store.h"
#include "core/log.h"

namespace dj::tasks {
namespace {

std::vector<DailyTask>& registry() {
  static std::vector<DailyTask> tasks;
  return tasks;
}

const DailyTask& find(const std::string& name) {
  for (const auto& t : registry())
    if (t.name == name) return t;
  throw std::invalid_argument("unknown task: " + name);
}

// A claim older than this without a finish is a runner that died: another
// instance may take the day over (the task's own idempotence covers the part
// already done).
constexpr std::int64_t kStaleClaimMs = 60LL * 60 * 1000;

// Tries to take (name, day) for `instance`; true when this caller now holds it.
bool claim(store::Store& store, const std::string& name, const std::string& day, const std::string& instance,
           bool force, std::string& holder) {
  return store.write([&](store::Conn& c) {
    const std::int64_t now = identity::now_ms();
    if (c.exec("INSERT INTO task_runs(name, run_key, instance, started_at_ms) VALUES ($1, $2, $3, $4) "
               "ON CONFLICT (name, run_key) DO NOTHING",
               {name, day, instance, now}) > 0)
      return true;
    // Forced, or the holder died: take over in place (one UPDATE wins).
    // (Each statement binds exactly the parameters it uses: PostgreSQL
    // refuses a parameter whose type it cannot infer from the SQL.)
    const std::int64_t taken =
        force ? c.exec("UPDATE task_runs SET instance = $3, started_at_ms = $4, finished_at_ms = NULL "
                       "WHERE name = $1 AND run_key = $2",
                       {name, day, instance, now})
              : c.exec("UPDATE task_runs SET instance = $3, started_at_ms = $4, finished_at_ms = NULL "
                       "WHERE name = $1 AND run_key = $2 AND finished_at_ms IS NULL AND started_at_ms < $5",
                       {name, day, instance, now, now - kStaleClaimMs});
    if (taken > 0) return true;
    holder = c.scalar_text("SELECT instance FROM task_runs WHERE name = $1 AND run_key = $2", {name, day}).value_or("");
    return false;
  });
}

}  // namespace

void register_daily(DailyTask task) {
  for (auto& t : registry())
    if (t.name == task.name) {
      t = std::move(task);  // registered again (module listed by several commands)
      return;
    }
  registry().push_back(std::move(task));
}

const std::vector<DailyTask>& daily_tasks() { return registry(); }

std::string today_beijing() {
  using namespace std::chrono;
  const auto beijing = floor<days>(system_clock::now() + hours(8));
  const year_month_day ymd{beijing};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

RunOutcome run_daily(store::Store& store, const std::string& name, const std::string& day,
                     const std::string& instance, bool force) {
  const DailyTask& task = find(name);
  RunOutcome out;
  if (!claim(store, name, day, instance, force, out.claimed_by)) return out;
  out.ran = true;
  out.result = task.run(store, day);
  store.write([&](store::Conn& c) {
    c.exec("UPDATE task_runs SET finished_at_ms = $1, result = $2 WHERE name = $3 AND run_key = $4",
           {identity::now_ms(), boost::json::serialize(out.result), name, day});
  });
  return out;
}

Scheduler::Scheduler(store::Store& store, std::string instance, int from_hour, std::int64_t period_ms)
    : store_(store), instance_(std::move(instance)), from_hour_(from_hour), period_ms_(period_ms) {}

Scheduler::~Scheduler() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::start() {
  if (registry().empty() || thread_.joinable()) return;
  thread_ = std::thread([this] { loop(); });
}

void Scheduler::loop() {
  // Tasks this instance ran or found claimed, with the day: the rest of that
  // day they cost no write transaction per wake-up.
  std::map<std::string, std::string> settled;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    lock.unlock();
    // Hours in Beijing time, like the day: reminders go out in the morning there.
    const auto now = std::chrono::system_clock::now() + std::chrono::hours(8);
    const auto hour = std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count() % 24;
    if (hour >= from_hour_) {
      const std::string day = today_beijing();
      for (const auto& t : registry()) {
        if (settled[t.name] == day) continue;
        try {
          auto outcome = run_daily(store_, t.name, day, instance_);
          settled[t.name] = day;  // ran here, or claimed by another instance
          if (outcome.ran)
            log::info("daily task ran", {{"task", t.name}, {"day", day}, {"result", boost::json::serialize(outcome.result)}});
        } catch (const std::exception& e) {
          log::error("daily task failed", {{"task", t.name}, {"day", day}, {"error", e.what()}});
        }
      }
    }
    lock.lock();
    cv_.wait_for(lock, std::chrono::milliseconds(period_ms_), [this] { return stop_; });
  }
}

}  // namespace dj::tasks
