// The PostgreSQL backend: a pool of libpq connections, SERIALIZABLE write
// transactions retried on serialization failures, pg_dump / pg_restore for
// backups.
#include "store/pg_store.h"

#include <filesystem>

#include "store/base_conn.h"
#include "store/durable_file.h"
#include "store/pg_conn.h"
#include "store/pg_url.h"
#include "store/pool.h"
#include "store/process.h"

namespace dj::store::detail {

namespace {

// The password goes to the tools through the environment, not argv, where
// every local user could read it in the process list.
std::vector<std::pair<std::string, std::string>> password_env(const std::string& url) {
  std::string password = url_password(url);
  if (password.empty()) return {};
  return {{"PGPASSWORD", std::move(password)}};
}

void run_tool(const std::vector<std::string>& argv, const std::string& url) {
  const ProcessResult r = run_process(argv, password_env(url));
  const std::string& tool = argv[0];
  if (r.not_found)
    throw Error(ErrorKind::other,
                "未找到 " + tool + "，请安装 postgresql-client / " + tool + " not found on PATH; install postgresql-client");
  if (r.exit_code != 0)
    throw Error(ErrorKind::other, tool + " 执行失败 / " + tool + " failed (exit " + std::to_string(r.exit_code) +
                                      "): " + r.stderr_text);
}

class PgStore final : public Store {
 public:
  PgStore(std::string url, const Options& options)
      : url_(std::move(url)),
        options_(options),
        pool_(options.pool_size, [this] { return std::make_unique<PgConn>(url_, options_); }) {
    pool_.acquire();  // connect now: a wrong URL or password fails at startup
  }

  Dialect dialect() const override { return Dialect::postgres; }
  std::string describe() const override { return strip_password(url_); }

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
    pool_.add_stats(s);
    s.retries_total = retries_.load();
    return s;
  }

  void backup_to(const std::string& path) override {
    create_parent_dirs(path);
    const std::string tmp = path + ".tmp";
    try {
      // pg_dump reads everything in one REPEATABLE READ snapshot.
      run_tool({"pg_dump", "--format=custom", "--file=" + tmp, "--dbname=" + strip_password(url_)}, url_);
    } catch (...) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw;
    }
    durable_rename(tmp, path);
  }

  std::string integrity_check() override {
    return ping() ? std::string() : "无法连接 PostgreSQL / cannot reach " + describe();
  }

 protected:
  void with_conn(bool write, const std::function<void(Conn&)>& fn) override {
    if (BaseConn* nested = current_conn(this, write)) {
      fn(*nested);
      return;
    }
    auto lease = pool_.acquire();
    lease->make_ready();
    run_transaction(this, *lease, write, options_.max_retries, retries_, fn);
  }

 private:
  const std::string url_;
  const Options options_;
  std::atomic<std::uint64_t> retries_{0};
  mutable Pool<PgConn> pool_;
};

}  // namespace

std::unique_ptr<Store> open_pg(const std::string& url, const Options& options) {
  return std::make_unique<PgStore>(url, options);
}

void restore_pg(const std::string& url, const std::string& backup_path) {
  if (!std::filesystem::is_regular_file(backup_path))
    throw Error(ErrorKind::other, "备份文件不存在 / backup file not found: " + backup_path);
  run_tool({"pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
            "--dbname=" + strip_password(url), backup_path},
           url);
}

}  // namespace dj::store::detail
