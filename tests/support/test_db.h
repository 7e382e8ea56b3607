// Throwaway databases for tests, on each backend the run is configured for.
//
//   DANGJIAN_TEST_PG_URL      admin URL of a PostgreSQL server tests may create
//                             databases on, e.g. postgresql://postgres@127.0.0.1:54329/postgres
//   DANGJIAN_TEST_REQUIRE_PG  "1": a missing PostgreSQL fails the tests instead of skipping them
#pragma once

#include <string>
#include <vector>

namespace dj::test {

// Backends the test process should exercise: always "sqlite"; "pg" too when
// DANGJIAN_TEST_PG_URL is set (or DANGJIAN_TEST_REQUIRE_PG=1, so its absence fails).
std::vector<std::string> backends();

// True when a PostgreSQL test must be skipped because PostgreSQL is not
// configured. With DANGJIAN_TEST_REQUIRE_PG=1 it records a fatal test
// failure instead (and still returns true, so the caller stops).
bool pg_unavailable_should_skip();

// A fresh, empty database that disappears with the object. SQLite: a file in
// a new temporary directory. PostgreSQL: CREATE DATABASE djt_<random> on the
// server of DANGJIAN_TEST_PG_URL, dropped WITH (FORCE) in the destructor.
// Either way dir() is a new temporary directory (for backups and the like),
// removed in the destructor.
class TestDb {
 public:
  explicit TestDb(const std::string& backend);
  ~TestDb();
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;

  const std::string& url() const { return url_; }
  const std::string& backend() const { return backend_; }
  std::string dir() const { return dir_; }

 private:
  std::string backend_;
  std::string dir_;
  std::string url_;
  std::string pg_name_;  // database to drop (PostgreSQL only)
};

}  // namespace dj::test
