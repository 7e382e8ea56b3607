#include "store/sqlite_conn.h"

#include <algorithm>
#include <utility>

#include "store/sql_rewrite.h"

namespace dj::store::detail {

namespace {

// Statements cached per connection; beyond this the least recently used one
// is finalized (SQL built from variable-length IN lists must not grow forever).
constexpr std::size_t kMaxCachedStatements = 256;

std::string clip(std::string_view sql) {
  constexpr std::size_t kMax = 300;
  return sql.size() <= kMax ? std::string(sql) : std::string(sql.substr(0, kMax)) + "...";
}

class SqliteRow final : public Row {
 public:
  explicit SqliteRow(sqlite3_stmt* s) : s_(s) {}
  int size() const override { return sqlite3_column_count(s_); }
  std::string_view name(int col) const override {
    const char* n = sqlite3_column_name(s_, col);
    return n ? n : "";
  }
  bool is_null(int col) const override { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::int64_t int64(int col) const override { return sqlite3_column_int64(s_, col); }
  double real(int col) const override { return sqlite3_column_double(s_, col); }
  std::string_view text(int col) const override {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string_view();
  }
  std::string blob(int col) const override {
    auto* p = static_cast<const char*>(sqlite3_column_blob(s_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
  }

 private:
  sqlite3_stmt* s_;
};

Value column_value(sqlite3_stmt* s, int col) {
  switch (sqlite3_column_type(s, col)) {
    case SQLITE_INTEGER: return sqlite3_column_int64(s, col);
    case SQLITE_FLOAT: return sqlite3_column_double(s, col);
    case SQLITE_TEXT: {
      auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
      return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, col)));
    }
    case SQLITE_BLOB: {
      auto* p = static_cast<const char*>(sqlite3_column_blob(s, col));
      const auto n = static_cast<std::size_t>(sqlite3_column_bytes(s, col));
      return Blob{p ? std::string(p, n) : std::string()};
    }
    default: return std::monostate{};
  }
}

bool only_separators(const char* p) {
  for (; *p; ++p)
    if (*p != ';' && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') return false;
  return true;
}

}  // namespace

ErrorKind sqlite_error_kind(int extended_rc) {
  switch (extended_rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return ErrorKind::unique;
    case SQLITE_CONSTRAINT_FOREIGNKEY: return ErrorKind::foreign_key;
    default: break;
  }
  switch (extended_rc & 0xff) {
    case SQLITE_CONSTRAINT: return ErrorKind::constraint;  // NOT NULL, CHECK and the rest
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return ErrorKind::retryable;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return ErrorKind::unavailable;
    default: return ErrorKind::other;
  }
}

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  const int ext = db ? sqlite3_extended_errcode(db) : rc;
  // The connection's code can be stale when rc came from elsewhere (backup API).
  const int code = (ext & 0xff) == (rc & 0xff) ? ext : rc;
  std::string msg = "sqlite: ";
  msg += db && code == ext ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  msg += " (code " + std::to_string(code) + ")";
  if (!what.empty()) msg += " in: " + clip(what);
  return Error(sqlite_error_kind(code), std::move(msg));
}

sqlite3* sqlite_open(const std::string& path, int flags, int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    throw Error(ErrorKind::unavailable, "sqlite: cannot open " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return db;
}

// A statement borrowed for one call: reset and unbound (or finalized when it
// was prepared just for this nested use) when the call is done.
class SqliteConn::Use {
 public:
  Use(sqlite3_stmt* s, Cached* cached) : s_(s), cached_(cached) {}
  Use(Use&& o) noexcept : s_(std::exchange(o.s_, nullptr)), cached_(o.cached_) {}
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;
  Use& operator=(Use&&) = delete;
  ~Use() {
    if (!s_) return;
    if (!cached_) {
      sqlite3_finalize(s_);
      return;
    }
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    cached_->busy = false;
  }
  sqlite3_stmt* get() const { return s_; }

 private:
  sqlite3_stmt* s_;
  Cached* cached_;
};

SqliteConn::SqliteConn(const std::string& path, bool writer, const Options& options) {
  db_ = sqlite_open(path, writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY,
                    options.busy_timeout_ms);
  try {
    if (writer) {
      exec_script("PRAGMA encoding = 'UTF-8'");  // only takes effect when the file is new
      const auto mode = scalar_text("PRAGMA journal_mode = WAL");
      if (mode != "wal")
        throw Error(ErrorKind::unavailable, "sqlite: cannot switch " + path + " to WAL (journal_mode is " +
                                                mode.value_or("?") + "); is it on a network filesystem?");
      // Keep the WAL file from staying huge after a burst of writes.
      exec_script("PRAGMA journal_size_limit = 67108864");
      // A 32 MiB page cache for the one writer (default 2 MiB): a bulk import
      // touches index pages all over the file (hashes and collation keys are
      // random), and re-reading them dominated a 100,000-row import.
      exec_script("PRAGMA cache_size = -32768");
    }
    exec_script("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; "
                "PRAGMA mmap_size = " +
                std::to_string(options.mmap_bytes));
  } catch (...) {
    for (auto& [sql, c] : cache_) sqlite3_finalize(c.stmt);
    sqlite3_close_v2(db_);
    throw;
  }
}

SqliteConn::~SqliteConn() {
  for (auto& [sql, c] : cache_) sqlite3_finalize(c.stmt);
  sqlite3_close_v2(db_);
}

sqlite3_stmt* SqliteConn::prepare(std::string_view sql) {
  const std::string rewritten = to_sqlite_placeholders(sql);
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  // size()+1: the terminating NUL lets SQLite skip copying the text.
  const int rc = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size() + 1),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) throw failed(sqlite_error(db_, rc, sql));
  if (!stmt) throw failed(Error(ErrorKind::other, "sqlite: empty statement: " + clip(sql)));
  if (tail && !only_separators(tail)) {
    sqlite3_finalize(stmt);
    throw failed(Error(ErrorKind::other,
                       "one statement per call (use exec_script() for several): " + clip(sql)));
  }
  return stmt;
}

void SqliteConn::evict_one() {
  auto victim = cache_.end();
  for (auto it = cache_.begin(); it != cache_.end(); ++it)
    if (!it->second.busy && (victim == cache_.end() || it->second.last_used < victim->second.last_used)) victim = it;
  if (victim == cache_.end()) return;
  sqlite3_finalize(victim->second.stmt);
  cache_.erase(victim);
}

SqliteConn::Use SqliteConn::statement(std::string_view sql, const Params& params) {
  check_usable();
  Cached* cached = nullptr;
  sqlite3_stmt* stmt = nullptr;
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    if (cache_.size() >= kMaxCachedStatements) evict_one();
    stmt = prepare(sql);
    cached = &cache_.emplace(std::string(sql), Cached{stmt}).first->second;
  } else if (!it->second.busy) {
    cached = &it->second;
    stmt = cached->stmt;
  } else {
    stmt = prepare(sql);  // the cached one is mid-iteration further up the stack
  }
  if (cached) {
    cached->busy = true;
    cached->last_used = ++clock_;
  }
  Use use(stmt, cached);

  const int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size()))
    throw failed(Error(ErrorKind::other, "statement takes " + std::to_string(expected) + " parameters, " +
                                             std::to_string(params.size()) + " given: " + clip(sql)));
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int idx = static_cast<int>(i) + 1;
    const Value& v = params[i];
    int rc = SQLITE_OK;
    // SQLITE_STATIC: params outlive the statement's use (bindings are cleared in ~Use).
    if (auto* n = std::get_if<std::int64_t>(&v))
      rc = sqlite3_bind_int64(stmt, idx, *n);
    else if (auto* d = std::get_if<double>(&v))
      rc = sqlite3_bind_double(stmt, idx, *d);
    else if (auto* s = std::get_if<std::string>(&v))
      rc = sqlite3_bind_text64(stmt, idx, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    else if (auto* b = std::get_if<Blob>(&v))
      rc = sqlite3_bind_blob64(stmt, idx, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
    else
      rc = sqlite3_bind_null(stmt, idx);
    if (rc != SQLITE_OK) throw failed(sqlite_error(db_, rc, sql));
  }
  return use;
}

Result SqliteConn::query(std::string_view sql, const Params& params) {
  Use use = statement(sql, params);
  sqlite3_stmt* s = use.get();
  Result out;
  const int n = sqlite3_column_count(s);
  out.columns.reserve(static_cast<std::size_t>(n));
  for (int c = 0; c < n; ++c) out.columns.emplace_back(sqlite3_column_name(s, c));
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) throw failed(sqlite_error(db_, rc, sql));
    auto& row = out.rows.emplace_back();
    row.reserve(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c) row.push_back(column_value(s, c));
  }
  return out;
}

void SqliteConn::each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& on_row) {
  Use use = statement(sql, params);
  Streaming streaming(*this);
  const SqliteRow row(use.get());
  for (;;) {
    const int rc = sqlite3_step(use.get());
    if (rc == SQLITE_DONE) return;
    if (rc != SQLITE_ROW) throw failed(sqlite_error(db_, rc, sql));
    on_row(row);
  }
}

std::int64_t SqliteConn::exec(std::string_view sql, const Params& params) {
  Use use = statement(sql, params);
  const auto before = sqlite3_total_changes64(db_);
  for (;;) {
    const int rc = sqlite3_step(use.get());
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) throw failed(sqlite_error(db_, rc, sql));
  }
  // sqlite3_changes64() keeps the count of the last INSERT/UPDATE/DELETE, so
  // a statement that changed nothing (DDL, SELECT) must not report it.
  return sqlite3_total_changes64(db_) == before ? 0 : sqlite3_changes64(db_);
}

void SqliteConn::exec_script(std::string_view sql) {
  check_usable();
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return;
  std::string msg = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  int code = sqlite3_extended_errcode(db_);
  if ((code & 0xff) != (rc & 0xff)) code = rc;
  throw failed(Error(sqlite_error_kind(code),
                     "sqlite: " + msg + " (code " + std::to_string(code) + ") in script: " + clip(sql)));
}

void SqliteConn::do_begin(bool write) {
  // IMMEDIATE takes the write lock up front, so a busy database fails here
  // (and is retried) rather than half-way through the caller's statements.
  const int rc = sqlite3_exec(db_, write ? "BEGIN IMMEDIATE" : "BEGIN", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw sqlite_error(db_, rc, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

void SqliteConn::do_commit(bool) {
  const int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw sqlite_error(db_, rc, "COMMIT");
}

void SqliteConn::do_rollback(bool) noexcept {
  // Some errors (IOERR, FULL, BUSY in a statement) already rolled back.
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace dj::store::detail
