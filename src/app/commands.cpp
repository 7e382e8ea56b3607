#include "app/commands.h"

#include <sqlite3.h>
#include <libpq-fe.h>
#include <boost/version.hpp>

#include <cstdio>
#include <filesystem>
#include <ctime>
#include <iostream>

#include "app/cli_actor.h"
#include "app/commands_tasks.h"
#include "app/data_lock.h"
#include "core/audit/audit.h"
#include "core/crypto/crypto.h"
#include "core/error.h"
#include "core/identity/identity.h"
#include "core/log.h"
#include "core/tasks/tasks.h"
#include "http/dispatch.h"
#include "http/server.h"
#include "store/migrations.h"

#ifndef DJ_VERSION
#define DJ_VERSION "0.0.0"
#endif
#ifndef DJ_GIT_REV
#define DJ_GIT_REV "unknown"
#endif

namespace dj::app {
namespace {

http::Limits limits_from(const Config& c) {
  http::Limits l;
  l.upload_body_bytes = static_cast<std::size_t>(c.max_upload_mb) * 1024 * 1024;
  l.read_timeout_s = c.read_timeout_s;
  l.idle_timeout_s = c.idle_timeout_s;
  l.shutdown_grace_s = c.shutdown_grace_s;
  l.trusted_proxies = c.trusted_proxies;
  return l;
}

// SQLite serves one instance: refuse a second server (or a restore) on the
// same data directory instead of letting two processes surprise each other.
bool take_lock(const Config& config, std::unique_ptr<DataLock>& lock) {
  if (!config.is_sqlite()) return true;
  lock = std::make_unique<DataLock>(config.data_dir);
  if (lock->held()) return true;
  std::cerr << "数据目录 " << config.data_dir << " 已被另一个正在运行的 dangjian 服务占用（"
            << lock->path() << "）。请先停止它。\n"
            << "data directory is in use by another running dangjian server.\n";
  return false;
}

}  // namespace

int cmd_serve(const Config& config, const std::vector<ModuleFactory>& modules) {
  std::unique_ptr<DataLock> lock;
  if (!take_lock(config, lock)) return 1;

  Instance instance(config, modules);
  instance.migrate();
  instance.install_routes();

  http::Dispatcher dispatcher(instance.router(), instance.metrics(), limits_from(config),
                              config.web_root);
  http::ServerOptions options;
  options.listen = config.listen;
  options.io_threads = config.io_threads;
  options.worker_threads = config.effective_workers();
  // The password lane: one thread per Argon2id slot, so the lane never waits
  // at the gate, and memory stays bounded at 64 MiB per thread
  // (docs/decisions.md 47).
  options.password_threads = config.effective_password_threads();
  crypto::set_max_concurrent_password_hashes(options.password_threads);
  http::Server server(options, dispatcher, instance.metrics());
  server.bind();
  // Daily tasks (到期提醒): every instance may try; task_runs lets one run each day.
  std::unique_ptr<tasks::Scheduler> scheduler;
  if (config.tasks_from_hour >= 0) {
    scheduler = std::make_unique<tasks::Scheduler>(instance.store(), instance_name(), config.tasks_from_hour);
    scheduler->start();
  }
  log::info("dangjian serving", {{"listen", config.listen},
                                 {"port", server.port()},
                                 {"store", instance.store().describe()},
                                 {"workers", options.worker_threads},
                                 {"password_threads", options.password_threads},
                                 {"version", DJ_VERSION}});
  server.run();
  scheduler.reset();  // joins the thread before the store goes away
  log::info("dangjian stopped");
  return 0;
}

int cmd_migrate(const Config& config, const std::vector<ModuleFactory>& modules, bool check_only) {
  Instance instance(config, modules);
  if (check_only) {
    auto status = store::check(instance.store(), instance.migrations());
    for (const auto& id : status.pending) std::cout << "待执行 / pending: " << id << "\n";
    if (status.pending.empty()) std::cout << "数据库结构已是最新 / schema is current\n";
    return status.pending.empty() ? 0 : 1;
  }
  auto applied = instance.migrate();
  for (const auto& id : applied) std::cout << "已执行 / applied: " << id << "\n";
  std::cout << "数据库结构已是最新（本次执行 " << applied.size() << " 个迁移）/ schema is current ("
            << applied.size() << " applied)\n";
  return 0;
}

int cmd_demo(const Config& config, const std::vector<ModuleFactory>& modules) {
  Instance instance(config, modules);
  instance.migrate();
  if (instance.seed_demo())
    std::cout << "演示数据已写入 / demo data seeded\n";
  else
    std::cout << "演示数据此前已写入，未作改动 / demo data was already seeded; nothing changed\n";
  return 0;
}

int cmd_backup(const Config& config, const std::string& file) {
  auto store = store::open(config.db_url());
  store->backup_to(file);
  std::cout << "备份完成 / backup written: " << file << "\n";
  return 0;
}

int cmd_restore(const Config& config, const std::vector<ModuleFactory>& modules,
                const std::string& file) {
  std::unique_ptr<DataLock> lock;
  if (!take_lock(config, lock)) return 1;
  store::restore(config.db_url(), file);
  // A backup from an older version is brought up to this binary's schema; a
  // backup from a newer version is refused here with a clear message.
  Instance instance(config, modules);
  auto applied = instance.migrate();
  std::cout << "恢复完成 / restored from " << file;
  if (!applied.empty()) std::cout << "（并执行了 " << applied.size() << " 个迁移 / migrated）";
  std::cout << "\n";
  return 0;
}

int cmd_version() {
  std::cout << "dangjian " << DJ_VERSION << " (git " << DJ_GIT_REV << ")\n"
            << "sqlite " << sqlite3_libversion() << ", libpq " << PQlibVersion()
            << ", boost " << BOOST_VERSION / 100000 << "." << BOOST_VERSION / 100 % 1000 << "\n";
  return 0;
}

}  // namespace dj::app

namespace dj::app {

int cmd_admin_create(const Config& config, const std::vector<ModuleFactory>& modules, const std::string& username,
                     const std::string& display_name, const std::string& role, const std::string& root_org) {
  Instance instance(config, modules);
  instance.migrate();
  try {
    auto created = identity::create_admin(instance.store(), instance.keys(), username, display_name, role, root_org,
                                         cli_actor());
    if (created.created_root_org) std::cout << "已创建根组织 / created the root organisation: " << root_org << "\n";
    std::cout << "已创建管理员 / administrator created: " << username << " (" << role << ")\n"
              << "一次性密码 / one-time password: " << created.password << "\n"
              << "首次登录后必须修改密码，并绑定两步验证。/ Change it at first sign-in and enrol TOTP.\n";
    return 0;
  } catch (const ApiError& e) {
    std::cerr << e.message() << (e.field().empty() ? "" : " (" + e.field() + ")") << "\n";
    return 1;
  }
}

int cmd_keys_rotate(const Config& config, const std::vector<ModuleFactory>& modules) {
  Instance instance(config, modules);
  instance.migrate();
  auto rows = identity::rotate_keys(instance.store(), config.effective_key_file(), cli_actor());
  std::cout << "密钥已轮换，重新加密 " << rows << " 条记录 / keys rotated, " << rows << " rows re-encrypted\n"
            << "请立即备份新的密钥文件 / back up the key file now: " << config.effective_key_file() << "\n";
  return 0;
}

namespace {
// The audit commands need the chain key from the key file; a missing file
// is an error here (creating one would make every row look forged).
bool load_chain_key(const Config& config) {
  std::error_code ec;
  if (!std::filesystem::exists(config.effective_key_file(), ec)) {
    std::cerr << "找不到密钥文件 " << config.effective_key_file()
              << "，无法校验审计链。请用 --key-file 指定。/ key file not found\n";
    return false;
  }
  audit::set_chain_key(crypto::Keyring::load_or_create(config.effective_key_file())->derive_key("audit-chain"));
  return true;
}
}  // namespace

int cmd_audit_verify(const Config& config) {
  if (!load_chain_key(config)) return 2;
  auto store = store::open(config.db_url());
  auto r = audit::verify(*store);
  if (r.ok) {
    std::cout << "审计链完整，共校验 " << r.rows_checked << " 条 / audit chain intact, " << r.rows_checked
              << " rows checked\n"
              << "链尾 / head: " << r.last_id << " " << r.last_hash
              << "（可记录在数据库之外，供日后比对 / record it outside the database）\n";
    return 0;
  }
  std::cout << "审计链被破坏 / audit chain broken at row " << r.first_bad_id << ": " << r.problem << "\n";
  return 1;
}

int cmd_audit_archive(const Config& config, const std::string& before_date, const std::string& file) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(before_date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) {
    std::cerr << "日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD\n";
    return 2;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  // Dates are China Standard Time (UTC+8), as users read them.
  std::int64_t before_ms = (static_cast<std::int64_t>(timegm(&tm)) - 8 * 3600) * 1000;
  if (!load_chain_key(config)) return 2;
  auto store = store::open(config.db_url());
  try {
    auto n = audit::archive(*store, before_ms, file, cli_actor());
    std::cout << "已归档 " << n << " 条审计记录到 " << file << " / archived " << n << " rows\n";
    return 0;
  } catch (const ApiError& e) {
    std::cerr << e.message() << "\n";
    return 1;
  }
}

}  // namespace dj::app
