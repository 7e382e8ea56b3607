// The SQLite backend: one writer connection, a pool of read-only readers,
// online backup and restore.
//
// Durability (synchronous=FULL): in WAL mode SQLite's default NORMAL setting
// syncs the WAL only at checkpoints, so a transaction whose COMMIT has
// returned survives a crash of the process but can vanish when the machine
// loses power or the OS crashes before the next checkpoint. dangjian reports
// a write as saved (HTTP 2xx) as soon as COMMIT returns, and records such as
// audit trails, votes and membership changes must not silently disappear, so
// every commit fsyncs the WAL (synchronous=FULL). The price is one fsync per
// write transaction, which for an office workload (a few writes per second at
// peak) is small, and reads are unaffected: they never wait for a sync and
// run in parallel on the reader connections thanks to WAL.
#include "store/sqlite_store.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "store/base_conn.h"
#include "store/durable_file.h"
#include "store/pool.h"
#include "store/sqlite_conn.h"

namespace dj::store::detail {

namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Handle = std::unique_ptr<sqlite3, Closer>;

// The first column of every row of `sql`, on a bare connection.
std::vector<std::string> column_of(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
  if (rc != SQLITE_OK) throw sqlite_error(db, rc, sql);
  std::vector<std::string> out;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    out.emplace_back(p ? p : "");
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) throw sqlite_error(db, rc, sql);
  return out;
}

// "" when PRAGMA integrity_check says "ok", else its findings.
std::string integrity_findings(sqlite3* db) {
  const auto rows = column_of(db, "PRAGMA integrity_check");
  if (rows.size() == 1 && rows[0] == "ok") return {};
  std::string out;
  for (const auto& r : rows) out += (out.empty() ? "" : "\n") + r;
  return out.empty() ? "integrity_check returned nothing" : out;
}

// Copies the whole of src into dst with the online backup API. A single step
// of -1 pages copies everything under one read transaction of the source, so
// the copy is one consistent snapshot however much is committed meanwhile
// (in WAL mode that read transaction does not hold writers up).
void copy_database(sqlite3* src, sqlite3* dst, const std::string& what) {
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) throw sqlite_error(dst, sqlite3_errcode(dst), what);
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 200; ++attempt) {
    rc = sqlite3_backup_step(b, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) throw sqlite_error(dst, rc, what);
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, const Options& options)
      : path_(std::move(path)),
        options_(options),
        writer_(1, [this] { return std::make_unique<SqliteConn>(path_, true, options_); }),
        readers_(options.pool_size, [this] { return std::make_unique<SqliteConn>(path_, false, options_); }) {
    create_parent_dirs(path_);
    // Open the writer now: creates the file and switches it to WAL before any
    // reader opens it read-only, and reports a bad path at startup.
    writer_.acquire();
  }

  Dialect dialect() const override { return Dialect::sqlite; }
  std::string describe() const override { return "sqlite:" + path_; }

  bool ping() override {
    try {
      read([](Conn& c) { c.query("SELECT 1"); });
      return true;
    } catch (const Error&) {
      return false;
    }
  }

  PoolStats stats() const override {
    PoolStats s;
    writer_.add_stats(s);
    readers_.add_stats(s);
    s.retries_total = retries_.load();
    return s;
  }

  void backup_to(const std::string& path) override {
    create_parent_dirs(path);
    const std::string tmp = path + ".tmp";
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    {
      Handle src(sqlite_open(path_, SQLITE_OPEN_READONLY, options_.busy_timeout_ms));
      Handle dst(sqlite_open(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, options_.busy_timeout_ms));
      copy_database(src.get(), dst.get(), "backup of " + path_ + " to " + tmp);
      // A rollback-journal file stands alone: no -wal/-shm needed to read it.
      column_of(dst.get(), "PRAGMA journal_mode = DELETE");
    }
    durable_rename(tmp, path);
  }

  std::string integrity_check() override {
    try {
      return read([](Conn& c) {
        const Result r = c.query("PRAGMA integrity_check");
        if (r.size() == 1 && r.text(0, 0) == "ok") return std::string();
        std::string out;
        for (std::size_t i = 0; i < r.size(); ++i) out += (out.empty() ? "" : "\n") + r.text(i, 0);
        return out.empty() ? std::string("integrity_check returned nothing") : out;
      });
    } catch (const Error& e) {
      return e.what();
    }
  }

 protected:
  void with_conn(bool write, const std::function<void(Conn&)>& fn) override {
    if (BaseConn* nested = current_conn(this, write)) {
      fn(*nested);
      return;
    }
    auto lease = (write ? writer_ : readers_).acquire();
    run_transaction(this, *lease, write, options_.max_retries, retries_, fn);
  }

 private:
  const std::string path_;
  const Options options_;
  std::atomic<std::uint64_t> retries_{0};
  mutable Pool<SqliteConn> writer_;   // capacity 1: SQLite has one writer at a time anyway
  mutable Pool<SqliteConn> readers_;  // read-only connections, each its own WAL snapshot
};

}  // namespace

std::unique_ptr<Store> open_sqlite(const std::string& path, const Options& options) {
  return std::make_unique<SqliteStore>(path, options);
}

void restore_sqlite(const std::string& path, const std::string& backup_path) {
  if (!std::filesystem::is_regular_file(backup_path))
    throw Error(ErrorKind::other, "备份文件不存在 / backup file not found: " + backup_path);
  Handle src(sqlite_open(backup_path, SQLITE_OPEN_READONLY, 5000));
  try {
    if (auto findings = integrity_findings(src.get()); !findings.empty())
      throw Error(ErrorKind::other, "备份文件已损坏 / backup fails integrity_check: " + findings);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::other) throw;
    throw Error(ErrorKind::other, "不是有效的 SQLite 备份 / not a usable SQLite backup: " + backup_path + ": " + e.what());
  }
  if (column_of(src.get(), "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
          .empty())
    throw Error(ErrorKind::other,
                "备份中没有 schema_migrations 表，不是 dangjian 的备份 / not a dangjian backup (no schema_migrations): " +
                    backup_path);
  create_parent_dirs(path);
  Handle dst(sqlite_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 5000));
  copy_database(src.get(), dst.get(), "restore of " + backup_path + " into " + path);
  if (auto findings = integrity_findings(dst.get()); !findings.empty())
    throw Error(ErrorKind::other, "恢复后的数据库未通过完整性检查 / restored database fails integrity_check: " + findings);
}

}  // namespace dj::store::detail
