// Jobs: a FIFO of work run by one background thread. One thread is enough:
// imports write to the same tables and would only contend for locks if run
// side by side, and the HTTP threads stay free to answer progress polls.
#include "core/importer/jobs.h"

#include <boost/json/object.hpp>

#include <algorithm>
#include <optional>

#include "core/crypto/crypto.h"
#include "core/error.h"
#include "core/log.h"

namespace dj::importer {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr const char* kInternalMessage = "导入时发生内部错误，请联系管理员。";

}  // namespace

struct Jobs::Job {
  std::string id;
  std::int64_t owner = 0;
  std::string kind;
  std::vector<std::string> phases;
  Work work;
  JobProgress progress;
  // Guarded by Jobs::mu_:
  std::string state = "queued";
  boost::json::value result;
  int error_status = 0;
  std::string error_code, error_message, error_field;
  std::int64_t created_ms = 0, finished_ms = 0;

  bool finished() const { return state == "done" || state == "failed"; }

  JobStatus status() const {
    JobStatus s;
    s.id = id;
    s.owner_user_id = owner;
    s.kind = kind;
    s.state = state;
    const int p = progress.phase.load();
    if (p >= 0 && static_cast<std::size_t>(p) < phases.size()) s.phase = phases[static_cast<std::size_t>(p)];
    s.done = progress.done.load();
    s.total = progress.total.load();
    s.result = result;
    s.error_status = error_status;
    s.error_code = error_code;
    s.error_message = error_message;
    s.error_field = error_field;
    s.created_ms = created_ms;
    s.finished_ms = finished_ms;
    return s;
  }
};

boost::json::value JobStatus::to_json() const {
  boost::json::object o;
  o["id"] = id;
  o["kind"] = kind;
  o["state"] = state;
  o["phase"] = phase;
  o["done"] = done;
  o["total"] = total;
  if (total > 0) o["fraction"] = std::clamp(static_cast<double>(done) / static_cast<double>(total), 0.0, 1.0);
  else o["fraction"] = nullptr;
  if (state == "done") o["result"] = result;
  if (state == "failed") o["error"] = {{"code", error_code}, {"message", error_message}, {"field", error_field}};
  o["created_ms"] = created_ms;
  o["finished_ms"] = finished_ms;
  return o;
}

Jobs::Jobs() : worker_([this] { run(); }) {}

Jobs::Jobs(std::chrono::milliseconds keep_finished) : keep_finished_(keep_finished), worker_([this] { run(); }) {}

Jobs::~Jobs() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    queue_.clear();  // dropped: nobody will be left to ask about them
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void Jobs::purge_locked(std::int64_t now) {
  const std::int64_t keep = keep_finished_.count();
  std::erase_if(jobs_, [&](const auto& entry) {
    const Job& j = *entry.second;
    return j.finished() && now - j.finished_ms > keep;
  });
}

std::string Jobs::start(std::int64_t owner_user_id, std::string kind, std::vector<std::string> phases, Work work) {
  auto job = std::make_shared<Job>();
  job->id = crypto::to_hex(crypto::random_bytes(16));
  job->owner = owner_user_id;
  job->kind = std::move(kind);
  job->phases = std::move(phases);
  job->work = std::move(work);
  job->created_ms = now_ms();
  {
    std::lock_guard lock(mu_);
    purge_locked(job->created_ms);
    jobs_[job->id] = job;
    queue_.push_back(job);
  }
  cv_.notify_all();
  return job->id;
}

std::optional<JobStatus> Jobs::get(const std::string& id, std::int64_t owner_user_id) {
  std::lock_guard lock(mu_);
  purge_locked(now_ms());
  const auto it = jobs_.find(id);
  // Someone else's job looks exactly like no job: ids must not be probeable.
  if (it == jobs_.end() || it->second->owner != owner_user_id) return std::nullopt;
  return it->second->status();
}

std::optional<JobStatus> Jobs::wait(const std::string& id, std::int64_t owner_user_id) {
  std::unique_lock lock(mu_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second->owner != owner_user_id) return std::nullopt;
  const std::shared_ptr<Job> job = it->second;
  // A queued job never runs once stopping_ is set; return rather than hang.
  cv_.wait(lock, [&] { return job->finished() || stopping_; });
  return job->status();
}

void Jobs::run() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      job->state = "running";
    }

    boost::json::value result;
    std::optional<ApiError> api_error;
    bool crashed = false;
    try {
      result = job->work(job->progress);
    } catch (const ApiError& e) {
      api_error = e;
    } catch (const std::exception& e) {
      crashed = true;
      log::error("job failed", {{"job", job->id}, {"kind", job->kind}, {"error", e.what()}});
    } catch (...) {
      crashed = true;
      log::error("job failed", {{"job", job->id}, {"kind", job->kind}, {"error", "unknown exception"}});
    }

    // Frees what the work captured (buffers, a spooled upload) now rather
    // than in an hour; outside the lock, as destructors may be slow.
    job->work = nullptr;
    {
      std::lock_guard lock(mu_);
      job->finished_ms = now_ms();
      if (api_error) {
        job->state = "failed";
        job->error_status = api_error->status();
        job->error_code = api_error->code();
        job->error_message = api_error->message();
        job->error_field = api_error->field();
      } else if (crashed) {
        job->state = "failed";
        job->error_status = 500;
        job->error_code = "internal";
        job->error_message = kInternalMessage;
      } else {
        job->state = "done";
        job->result = std::move(result);
      }
    }
    cv_.notify_all();
  }
}

}  // namespace dj::importer
