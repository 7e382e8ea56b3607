// The background job queue: order, progress, errors, ownership, expiry and
// shutdown with work still queued.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <future>
#include <mutex>
#include <regex>
#include <thread>

#include "core/error.h"
#include "core/importer/jobs.h"

namespace dj::importer {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// Polls get() until `pred` holds (the worker runs on its own thread).
template <class Pred>
std::optional<JobStatus> poll(Jobs& jobs, const std::string& id, std::int64_t owner, Pred pred) {
  for (int i = 0; i < 500; ++i) {
    auto s = jobs.get(id, owner);
    if (s && pred(*s)) return s;
    std::this_thread::sleep_for(10ms);
  }
  return jobs.get(id, owner);
}

TEST(Jobs, RunOneAtATimeInOrder) {
  Jobs jobs;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::mutex mu;
  std::vector<int> order;
  auto record = [&](int n) {
    return [&, n](JobProgress&) {
      std::lock_guard lock(mu);
      order.push_back(n);
      return json::value(n);
    };
  };
  const std::string first = jobs.start(1, "test", {}, [&](JobProgress&) {
    released.wait();
    std::lock_guard lock(mu);
    order.push_back(1);
    return json::value(1);
  });
  const std::string second = jobs.start(1, "test", {}, record(2));
  const std::string third = jobs.start(1, "test", {}, record(3));

  EXPECT_EQ(poll(jobs, first, 1, [](const JobStatus& s) { return s.state == "running"; })->state, "running");
  EXPECT_EQ(jobs.get(second, 1)->state, "queued");
  EXPECT_EQ(jobs.get(third, 1)->state, "queued");
  release.set_value();

  const auto done = jobs.wait(third, 1);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->state, "done");
  EXPECT_EQ(done->result, json::value(3));
  EXPECT_EQ(jobs.get(first, 1)->state, "done");
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(Jobs, IdsAreRandomHex) {
  Jobs jobs;
  const std::string a = jobs.start(1, "test", {}, [](JobProgress&) { return json::value(); });
  const std::string b = jobs.start(1, "test", {}, [](JobProgress&) { return json::value(); });
  EXPECT_TRUE(std::regex_match(a, std::regex("[0-9a-f]{32}"))) << a;
  EXPECT_NE(a, b);
  jobs.wait(b, 1);
}

TEST(Jobs, ProgressIsVisibleWhileRunning) {
  Jobs jobs;
  std::promise<void> release, reached;
  auto released = release.get_future();
  const std::string id = jobs.start(7, "member.import", {"reading", "checking", "writing"}, [&](JobProgress& p) {
    p.total = 10;
    p.done = 4;
    p.phase = 1;
    reached.set_value();
    released.wait();
    p.done = 10;
    p.phase = 2;
    return json::value{{"imported", 10}};
  });
  reached.get_future().wait();
  const auto running = jobs.get(id, 7);
  ASSERT_TRUE(running);
  EXPECT_EQ(running->state, "running");
  EXPECT_EQ(running->phase, "checking");
  EXPECT_EQ(running->done, 4);
  EXPECT_EQ(running->total, 10);
  const auto j = running->to_json();
  EXPECT_EQ(j.at("id").as_string(), id);
  EXPECT_EQ(j.at("kind"), "member.import");
  EXPECT_DOUBLE_EQ(j.at("fraction").as_double(), 0.4);
  EXPECT_FALSE(j.as_object().contains("result"));
  EXPECT_FALSE(j.as_object().contains("error"));
  EXPECT_GT(j.at("created_ms").as_int64(), 0);
  EXPECT_EQ(j.at("finished_ms").as_int64(), 0);

  release.set_value();
  const auto done = jobs.wait(id, 7);
  ASSERT_TRUE(done);
  const auto d = done->to_json();
  EXPECT_EQ(d.at("state"), "done");
  EXPECT_EQ(d.at("phase"), "writing");
  EXPECT_DOUBLE_EQ(d.at("fraction").as_double(), 1.0);
  EXPECT_EQ(d.at("result").at("imported").as_int64(), 10);
  EXPECT_GE(d.at("finished_ms").as_int64(), d.at("created_ms").as_int64());
}

TEST(Jobs, FractionIsNullWithoutTotal) {
  Jobs jobs;
  const std::string id = jobs.start(1, "test", {}, [](JobProgress&) { return json::value("ok"); });
  const auto s = jobs.wait(id, 1);
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->to_json().at("fraction").is_null());
  EXPECT_EQ(s->to_json().at("phase"), "");
}

TEST(Jobs, ApiErrorBecomesTheJobsError) {
  Jobs jobs;
  const std::string id = jobs.start(1, "member.import", {}, [](JobProgress&) -> json::value {
    throw ApiError(422, "missing_column", "缺少必需的列“身份证号”", "id_number");
  });
  const auto s = jobs.wait(id, 1);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->state, "failed");
  EXPECT_EQ(s->error_status, 422);
  EXPECT_EQ(s->error_code, "missing_column");
  EXPECT_EQ(s->error_field, "id_number");
  const auto j = s->to_json();
  EXPECT_EQ(j.at("error"), json::parse(R"({"code":"missing_column","message":"缺少必需的列“身份证号”","field":"id_number"})"));
  EXPECT_FALSE(j.as_object().contains("result"));
}

TEST(Jobs, OtherExceptionsBecomeAGeneric500) {
  Jobs jobs;
  const std::string id =
      jobs.start(1, "test", {}, [](JobProgress&) -> json::value { throw std::runtime_error("disk on fire"); });
  const auto s = jobs.wait(id, 1);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->state, "failed");
  EXPECT_EQ(s->error_status, 500);
  EXPECT_EQ(s->error_code, "internal");
  EXPECT_EQ(s->error_message, "导入时发生内部错误，请联系管理员。");  // the detail goes to the log only
  // The worker survives and runs the next job.
  const std::string next = jobs.start(1, "test", {}, [](JobProgress&) { return json::value(2); });
  EXPECT_EQ(jobs.wait(next, 1)->state, "done");
}

TEST(Jobs, OtherOwnersSeeNothing) {
  Jobs jobs;
  const std::string id = jobs.start(1, "test", {}, [](JobProgress&) { return json::value(1); });
  EXPECT_FALSE(jobs.get(id, 2));
  EXPECT_FALSE(jobs.wait(id, 2));
  EXPECT_FALSE(jobs.get("0123456789abcdef0123456789abcdef", 1));
  EXPECT_FALSE(jobs.wait("nope", 1));
  EXPECT_TRUE(jobs.wait(id, 1));
  EXPECT_EQ(jobs.get(id, 1)->owner_user_id, 1);
}

TEST(Jobs, FinishedJobsExpire) {
  Jobs jobs(20ms);
  const std::string id = jobs.start(1, "test", {}, [](JobProgress&) { return json::value(1); });
  ASSERT_TRUE(jobs.wait(id, 1));
  EXPECT_TRUE(jobs.get(id, 1));  // just finished
  std::this_thread::sleep_for(60ms);
  EXPECT_FALSE(jobs.get(id, 1));
}

TEST(Jobs, UnfinishedJobsDoNotExpire) {
  Jobs jobs(1ms);
  std::promise<void> release;
  auto released = release.get_future();
  const std::string id = jobs.start(1, "test", {}, [&](JobProgress&) {
    released.wait();
    return json::value(1);
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(jobs.get(id, 1));
  release.set_value();
  EXPECT_TRUE(jobs.wait(id, 1));
}

TEST(Jobs, DestructorWaitsForTheRunningJobAndDropsQueuedOnes) {
  std::atomic<int> ran{0};
  std::atomic<bool> first_finished{false};
  const auto began = std::chrono::steady_clock::now();
  {
    Jobs jobs;
    std::promise<void> started;
    jobs.start(1, "test", {}, [&](JobProgress&) {
      started.set_value();
      std::this_thread::sleep_for(100ms);
      first_finished = true;
      return json::value();
    });
    for (int i = 0; i < 5; ++i)
      jobs.start(1, "test", {}, [&](JobProgress&) {
        ++ran;
        return json::value();
      });
    started.get_future().wait();
  }
  EXPECT_TRUE(first_finished);
  EXPECT_EQ(ran.load(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - began, 5s);
}

}  // namespace
}  // namespace dj::importer
