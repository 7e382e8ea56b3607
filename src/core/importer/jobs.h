// Long-running work a request starts and the browser polls (imports of large
// rosters): one background thread per instance runs jobs one at a time, in
// order; each job reports progress and ends with a JSON result or a Chinese
// error. Jobs live in memory on the instance that started them and are
// forgotten an hour after they finish (decisions log: a restart loses the
// progress view, never data — the job's own writes are transactional).
#pragma once

#include <boost/json/value.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace dj::importer {

struct JobProgress {
  std::atomic<std::int64_t> done{0};    // units done (rows)
  std::atomic<std::int64_t> total{0};   // units expected, 0 when unknown
  std::atomic<int> phase{0};            // index into the job's phase names
};

struct JobStatus {
  std::string id;
  std::int64_t owner_user_id = 0;
  std::string kind;       // "member.import"
  std::string state;      // queued | running | done | failed
  std::string phase;      // "reading" | "checking" | "writing" ... (the job's phase names)
  std::int64_t done = 0, total = 0;
  boost::json::value result;   // when done
  int error_status = 0;        // when failed: the HTTP status the error maps to
  std::string error_code, error_message, error_field;  // when failed (message in Chinese)
  std::int64_t created_ms = 0, finished_ms = 0;
  boost::json::value to_json() const;
};

class Jobs {
 public:
  using Work = std::function<boost::json::value(JobProgress&)>;
  Jobs();
  // Keeps finished jobs for `keep_finished` instead of an hour (tests).
  explicit Jobs(std::chrono::milliseconds keep_finished);
  ~Jobs();  // waits for the running job; queued jobs are dropped
  Jobs(const Jobs&) = delete;
  Jobs& operator=(const Jobs&) = delete;

  // Queues `work`; returns the job id (random, unguessable). `phases` names the
  // values JobProgress::phase takes. An ApiError thrown by work becomes the
  // job's error; any other exception a generic 500 message.
  std::string start(std::int64_t owner_user_id, std::string kind, std::vector<std::string> phases, Work work);
  // The job, when it exists and belongs to `owner_user_id`.
  std::optional<JobStatus> get(const std::string& id, std::int64_t owner_user_id);
  // Blocks until the job has finished (tests, the CLI).
  std::optional<JobStatus> wait(const std::string& id, std::int64_t owner_user_id);

 private:
  struct Job;
  void run();
  void purge_locked(std::int64_t now_ms);  // drops jobs finished longer ago than keep_finished_
  std::chrono::milliseconds keep_finished_{std::chrono::hours(1)};
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::map<std::string, std::shared_ptr<Job>> jobs_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace dj::importer
