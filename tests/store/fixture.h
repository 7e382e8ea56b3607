// The fixture every contract test uses: a throwaway database on the backend
// named by the test parameter, and a store opened on it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/migrations.h"
#include "store/store.h"
#include "support/test_db.h"

namespace dj::test {

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "pg" && pg_unavailable_should_skip()) GTEST_SKIP() << "PostgreSQL not configured";
    db_ = std::make_unique<TestDb>(GetParam());
    store_ = store::open(db_->url(), options());
  }
  void TearDown() override {
    store_.reset();  // close connections before the database is dropped
    db_.reset();
  }
  virtual store::Options options() const { return {}; }

  // Runs DDL written with the migration tokens (@ID@, @BLOB@).
  void ddl(const std::string& sql) {
    store::Migration m;
    m.sql = sql;
    const std::string expanded = m.sql_for(store_->dialect());
    store_->write([&](store::Conn& c) { c.exec_script(expanded); });
  }

  std::int64_t count(const std::string& table) {
    return store_->read([&](store::Conn& c) { return c.scalar_int64("SELECT count(*) FROM " + table).value(); });
  }

  std::unique_ptr<TestDb> db_;
  std::unique_ptr<store::Store> store_;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace dj::test

// Every contract suite runs on both backends (PostgreSQL ones skip when it is not configured).
#define DJ_INSTANTIATE_BACKENDS(Suite) \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::Values("sqlite", "pg"), ::dj::test::backend_name)
