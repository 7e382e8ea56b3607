// The one database interface every module talks to. Two implementations live
// beside it (sqlite_store.cpp, pg_store.cpp); dialect differences stay inside
// them so a module's SQL and behaviour are the same on both databases.
//
// SQL conventions modules follow (the implementations translate as needed):
//   * parameters are written PostgreSQL-style: $1, $2, ... (SQLite gets ?1, ?2);
//   * integers are BIGINT, booleans are INTEGER 0/1, text is TEXT (UTF-8),
//     binary is BLOB in migrations (rewritten to BYTEA on PostgreSQL);
//   * dates are TEXT 'YYYY-MM-DD', instants are BIGINT milliseconds since epoch;
//   * "INSERT ... RETURNING id" is how a new id is obtained (both support it).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace dj::store {

enum class Dialect { sqlite, postgres };

struct Blob {
  std::string bytes;  // raw bytes; std::string keeps it cheap to move around
  bool operator==(const Blob&) const = default;
};

// A parameter or a materialised cell.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;
using Params = std::vector<Value>;

// What went wrong, classified so callers (and the HTTP layer) can react without
// knowing which database produced it.
enum class ErrorKind {
  unique,          // unique / primary key violated      -> 409
  foreign_key,     // referenced row missing or in use    -> 409
  constraint,      // NOT NULL / CHECK violated           -> 422
  retryable,       // SQLITE_BUSY, serialization failure, deadlock (retried by write())
  unavailable,     // cannot connect / connection lost    -> 503
  other,
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message) : std::runtime_error(std::move(message)), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

// A row of a result being streamed. Valid only inside the callback that receives it.
class Row {
 public:
  virtual ~Row() = default;
  virtual int size() const = 0;
  virtual std::string_view name(int col) const = 0;
  virtual bool is_null(int col) const = 0;
  virtual std::int64_t int64(int col) const = 0;      // 0 when NULL
  virtual double real(int col) const = 0;             // 0 when NULL
  virtual std::string_view text(int col) const = 0;   // "" when NULL; view valid until next row
  virtual std::string blob(int col) const = 0;        // raw bytes; "" when NULL
  std::optional<std::int64_t> opt_int64(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::int64_t>(int64(col));
  }
  std::optional<std::string> opt_text(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::string>(std::string(text(col)));
  }
};

// A fully materialised result, for the common case of small results.
struct Result {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;

  bool empty() const { return rows.empty(); }
  std::size_t size() const { return rows.size(); }
  int column(std::string_view name) const;  // -1 when absent
  // Typed accessors with NULL -> default; throw std::out_of_range on bad indexes.
  std::int64_t int64(std::size_t row, int col) const;
  double real(std::size_t row, int col) const;
  std::string text(std::size_t row, int col) const;
  bool is_null(std::size_t row, int col) const;
};

// One connection, handed to a read() or write() callback. Statements are
// prepared once per connection and cached by SQL text.
class Conn {
 public:
  virtual ~Conn() = default;
  virtual Dialect dialect() const = 0;
  // Runs a statement and returns all its rows.
  virtual Result query(std::string_view sql, const Params& params = {}) = 0;
  // Runs a statement and streams its rows (constant memory; for exports).
  // on_row must not run statements on this Conn (refused on both databases:
  // PostgreSQL is still sending rows over the connection).
  virtual void each(std::string_view sql, const Params& params,
                    const std::function<void(const Row&)>& on_row) = 0;
  // Runs a statement without result rows; returns the number of rows changed.
  virtual std::int64_t exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs several ';'-separated statements without parameters (migrations only).
  virtual void exec_script(std::string_view sql) = 0;

  // Convenience: the first column of the first row, if any.
  std::optional<std::int64_t> scalar_int64(std::string_view sql, const Params& params = {});
  std::optional<std::string> scalar_text(std::string_view sql, const Params& params = {});
};

struct PoolStats {
  int size = 0;         // connections open
  int in_use = 0;       // connections checked out right now
  int waiting = 0;      // callers waiting for a connection
  std::uint64_t acquired_total = 0;
  std::uint64_t wait_ns_total = 0;   // time spent waiting for a connection
  std::uint64_t retries_total = 0;   // write transactions retried (busy / serialization)
};

struct Options {
  int pool_size = 4;               // readers (SQLite) / connections (PostgreSQL)
  int busy_timeout_ms = 5000;      // SQLite busy handler; PostgreSQL lock_timeout
  int max_retries = 8;             // write() attempts on retryable errors
  std::int64_t mmap_bytes = 256LL << 20;  // SQLite mmap_size
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Dialect dialect() const = 0;
  // A short description without secrets, e.g. "sqlite:data/dangjian.db".
  virtual std::string describe() const = 0;

  // Runs fn on a pooled connection outside an explicit transaction
  // (each statement is its own snapshot on PostgreSQL; a read transaction
  // is used on SQLite so multi-statement reads are consistent).
  template <class F>
  auto read(F&& fn) -> std::invoke_result_t<F, Conn&> {
    return run(false, std::forward<F>(fn));
  }
  // Runs fn in a write transaction (SQLite: BEGIN IMMEDIATE on the single
  // writer; PostgreSQL: SERIALIZABLE). The whole fn is retried on busy /
  // serialization failures, so fn must not have side effects outside the
  // connection. Commits when fn returns, rolls back when it throws.
  // After a statement fails, let its Error propagate: further statements in
  // the transaction are refused, as PostgreSQL does (use INSERT ... ON
  // CONFLICT rather than catching a unique violation). read()/write() called
  // inside another on the same thread and store reuse its connection and
  // transaction; write() inside read() throws.
  template <class F>
  auto write(F&& fn) -> std::invoke_result_t<F, Conn&> {
    return run(true, std::forward<F>(fn));
  }

  // Store reachable (a trivial query succeeds).
  virtual bool ping() = 0;
  virtual PoolStats stats() const = 0;
  // Consistent copy of the whole database to `path` while others keep writing.
  // SQLite: online backup API. PostgreSQL: pg_dump --format=custom.
  virtual void backup_to(const std::string& path) = 0;
  // Verifies the database (SQLite: PRAGMA integrity_check; PostgreSQL: ping).
  // Returns an empty string when healthy, else what is wrong.
  virtual std::string integrity_check() = 0;

 protected:
  // Implementations provide this; read()/write() wrap the user callback.
  virtual void with_conn(bool write, const std::function<void(Conn&)>& fn) = 0;

 private:
  template <class F>
  auto run(bool write, F&& fn) -> std::invoke_result_t<F, Conn&> {
    using R = std::invoke_result_t<F, Conn&>;
    if constexpr (std::is_void_v<R>) {
      with_conn(write, [&](Conn& c) { fn(c); });
    } else {
      std::optional<R> out;
      with_conn(write, [&](Conn& c) { out.emplace(fn(c)); });
      return std::move(*out);
    }
  }
};

// Opens a store from a URL: "sqlite:PATH" (or a bare path) or
// "postgresql://..." / "postgres://...". Throws Error(unavailable) on failure.
std::unique_ptr<Store> open(const std::string& url, const Options& options = {});

// Restores a backup made by backup_to() into the database at `url`,
// replacing its contents. The server must not be running against it.
void restore(const std::string& url, const std::string& backup_path);

}  // namespace dj::store
