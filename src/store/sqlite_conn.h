// One SQLite connection: statement cache, parameter binding, rows, and the
// mapping of SQLite result codes to ErrorKind. Internal to src/store.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/base_conn.h"

namespace dj::store::detail {

// Error for result code `rc` on db, with SQLite's message and the SQL that failed.
Error sqlite_error(sqlite3* db, int rc, std::string_view what);
ErrorKind sqlite_error_kind(int extended_rc);

// Opens `path` with the given sqlite3_open_v2 flags and the settings every
// connection of ours needs (extended codes, busy timeout). Throws on failure.
sqlite3* sqlite_open(const std::string& path, int flags, int busy_timeout_ms);

class SqliteConn final : public BaseConn {
 public:
  // `writer`: the single read-write connection; readers are opened read-only.
  SqliteConn(const std::string& path, bool writer, const Options& options);
  ~SqliteConn() override;
  SqliteConn(const SqliteConn&) = delete;
  SqliteConn& operator=(const SqliteConn&) = delete;

  Dialect dialect() const override { return Dialect::sqlite; }
  Result query(std::string_view sql, const Params& params) override;
  void each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& on_row) override;
  std::int64_t exec(std::string_view sql, const Params& params) override;
  void exec_script(std::string_view sql) override;

  sqlite3* handle() const { return db_; }

 protected:
  void do_begin(bool write) override;
  void do_commit(bool write) override;
  void do_rollback(bool write) noexcept override;

 private:
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool busy = false;            // in use by a statement still running (nested use gets its own)
    std::uint64_t last_used = 0;  // for evicting the least recently used
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  class Use;

  sqlite3_stmt* prepare(std::string_view sql);
  Use statement(std::string_view sql, const Params& params);
  void evict_one();

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Cached, Hash, std::equal_to<>> cache_;
  std::uint64_t clock_ = 0;
};

}  // namespace dj::store::detail
