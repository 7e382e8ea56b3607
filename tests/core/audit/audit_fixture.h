// A throwaway database per backend with the audit schema migrated, plus
// helpers to append rows the way production code does.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/audit/audit.h"
#include "store/fixture.h"
#include "store/migrations.h"

std::vector<dj::store::Migration> dj_migrations_core();

namespace dj::test {

class AuditTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Only the audit migration: these tests must not depend on other core
    // tables, and the audit tables reference none.
    std::vector<store::Migration> mine;
    for (auto& m : dj_migrations_core())
      if (m.name == "0004_audit") mine.push_back(m);
    ASSERT_EQ(mine.size(), 1u);
    store::migrate(*store_, mine);
  }

  static std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  static constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

  // One audited write transaction, as handlers do it.
  void add(const std::string& action, const std::string& username = "alice", std::int64_t at_ms = 0,
           boost::json::object detail = {}, std::string entity = "member", std::string entity_id = "1",
           std::string outcome = "success", std::int64_t user_id = 7) {
    audit::Actor actor{.user_id = user_id, .username = username, .ip = "10.0.0.1",
                       .user_agent = "test", .request_id = "req"};
    audit::Entry e;
    e.action = action;
    e.entity = std::move(entity);
    e.entity_id = std::move(entity_id);
    e.detail = std::move(detail);
    e.outcome = std::move(outcome);
    store_->write([&](store::Conn& c) {
      audit::lock_chain(c);
      audit::append(c, actor, e, at_ms);
    });
  }

  void sql(const std::string& statement, const store::Params& params = {}) {
    store_->write([&](store::Conn& c) { c.exec(statement, params); });
  }
};

}  // namespace dj::test
