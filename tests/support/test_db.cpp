#include "support/test_db.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "store/store.h"

namespace dj::test {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string pg_admin_url() { return env("DANGJIAN_TEST_PG_URL"); }
bool pg_required() { return env("DANGJIAN_TEST_REQUIRE_PG") == "1"; }

std::string random_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  auto bits = rng();
  for (int i = 0; i < 12; ++i, bits >>= 4) s.push_back(digits[bits & 15]);
  return s;
}

std::string make_temp_dir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/djt-XXXXXX";
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed for " + tmpl);
  return tmpl;
}

// The admin URL with its database name replaced by `db`; query kept.
std::string with_database(const std::string& url, const std::string& db) {
  const auto scheme = url.find("://");
  const auto start = scheme == std::string::npos ? 0 : scheme + 3;
  const auto query = std::min(url.find('?', start), url.size());
  const auto authority_end = std::min(url.find('/', start), query);
  return url.substr(0, authority_end) + "/" + db + url.substr(query);
}

void admin_exec(const std::string& sql) {
  auto admin = store::open(pg_admin_url(), store::Options{.pool_size = 1});
  // read(): autocommit, since CREATE/DROP DATABASE refuse to run in a transaction.
  admin->read([&](store::Conn& c) { c.exec_script(sql); });
}

}  // namespace

std::vector<std::string> backends() {
  std::vector<std::string> out{"sqlite"};
  if (!pg_admin_url().empty() || pg_required()) out.emplace_back("pg");
  return out;
}

bool pg_unavailable_should_skip() {
  if (!pg_admin_url().empty()) return false;
  // A fatal failure (FAIL() needs a void function, hence the lambda): a
  // fixture's SetUp that calls this keeps the test body from running.
  if (pg_required()) [] { FAIL() << "DANGJIAN_TEST_REQUIRE_PG=1 but DANGJIAN_TEST_PG_URL is not set"; }();
  return true;
}

TestDb::TestDb(const std::string& backend) : backend_(backend), dir_(make_temp_dir()) {
  try {
    if (backend == "sqlite") {
      url_ = "sqlite:" + dir_ + "/test.db";
    } else if (backend == "pg") {
      if (pg_admin_url().empty()) throw std::runtime_error("TestDb(\"pg\") needs DANGJIAN_TEST_PG_URL");
      pg_name_ = "djt_" + random_suffix();
      admin_exec("CREATE DATABASE " + pg_name_);
      url_ = with_database(pg_admin_url(), pg_name_);
    } else {
      throw std::invalid_argument("unknown test backend: " + backend);
    }
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    throw;
  }
}

TestDb::~TestDb() {
  if (!pg_name_.empty()) {
    try {
      admin_exec("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cannot drop test database " << pg_name_ << ": " << e.what();
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace dj::test
