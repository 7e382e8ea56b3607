#include "app/cli.h"

#include <CLI/CLI.hpp>

#include "app/commands.h"
#include "app/commands_bench_data.h"
#include "app/commands_bench_probe.h"
#include "app/commands_bench_roster.h"
#include "app/commands_import.h"
#include "app/commands_tasks.h"
#include "core/log.h"

namespace dj::app {
namespace {

// Options every command that opens the store understands.
void add_store_options(CLI::App* cmd, Config& c) {
  cmd->add_option("--db", c.db,
                  "数据库 / store URL: sqlite:PATH or postgresql://user@host:port/db "
                  "(default sqlite:<data-dir>/dangjian.db)")
      ->envname("DANGJIAN_DB");
  cmd->add_option("--data-dir", c.data_dir, "数据目录 / data directory")
      ->envname("DANGJIAN_DATA_DIR")
      ->capture_default_str();
  cmd->add_option("--log-format", c.log_format, "日志格式 / log format")
      ->envname("DANGJIAN_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--log-level", c.log_level, "日志级别 / log level")
      ->envname("DANGJIAN_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  cmd->add_option("--key-file", c.key_file,
                  "加密密钥文件（多实例须共用同一文件，与数据库分开备份）/ key file "
                  "(default <data-dir>/keys/dangjian.key; shared by all instances)")
      ->envname("DANGJIAN_KEY_FILE");
}

void add_serve_options(CLI::App* cmd, Config& c) {
  cmd->add_option("--trusted-proxy", c.trusted_proxies,
                  "可信的反向代理地址（可多个，逗号分隔），从其 X-Forwarded-For 取客户端地址 / "
                  "reverse proxies whose X-Forwarded-For is believed")
      ->envname("DANGJIAN_TRUSTED_PROXIES")
      ->delimiter(',');
  cmd->add_flag("--secure-cookies", c.secure_cookies,
                  "会话 Cookie 加 Secure 标记（经 HTTPS 访问时开启）/ mark cookies Secure behind HTTPS")
      ->envname("DANGJIAN_SECURE_COOKIES");
  cmd->add_option("--listen", c.listen, "监听地址 / listen address host:port")
      ->envname("DANGJIAN_LISTEN")
      ->capture_default_str();
  cmd->add_option("--threads", c.io_threads, "网络 I/O 线程数 / I/O threads")
      ->envname("DANGJIAN_THREADS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--workers", c.workers,
                  "处理线程数（数据库连接池另加密码运算线程数）/ handler threads; store pool = "
                  "workers + password threads (0 = 2 x cores, at least 4)")
      ->envname("DANGJIAN_WORKERS")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  cmd->add_option("--password-threads", c.password_threads,
                  "密码运算（登录、改密）线程数，即同时进行的 Argon2id 计算数，每个约占 64 MiB 内存 / "
                  "password lane threads = concurrent Argon2id hashes, 64 MiB each (0 = cores - 1, at least 1)")
      ->envname("DANGJIAN_PASSWORD_THREADS")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  cmd->add_option("--web-root", c.web_root, "网页应用目录 / built web app directory")
      ->envname("DANGJIAN_WEB_ROOT")
      ->capture_default_str();
  cmd->add_option("--max-upload-mb", c.max_upload_mb, "上传文件大小上限 (MiB) / upload limit")
      ->envname("DANGJIAN_MAX_UPLOAD_MB")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  cmd->add_option("--read-timeout", c.read_timeout_s,
                  "读取一个请求的时限（秒）/ seconds a client has to send one request")
      ->envname("DANGJIAN_READ_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--idle-timeout", c.idle_timeout_s,
                  "空闲长连接的时限（秒）/ keep-alive idle seconds")
      ->envname("DANGJIAN_IDLE_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--tasks-from-hour", c.tasks_from_hour,
                  "每日定时任务（到期提醒等）从北京时间几点起执行，-1 表示本实例不执行 / "
                  "Beijing hour from which daily tasks (reminders) run here; -1 = never on this instance")
      ->envname("DANGJIAN_TASKS_FROM_HOUR")
      ->check(CLI::Range(-1, 23))
      ->capture_default_str();
  cmd->add_option("--shutdown-grace", c.shutdown_grace_s,
                  "停止时等待进行中请求的时限（秒）/ seconds in-flight requests get on SIGTERM")
      ->envname("DANGJIAN_SHUTDOWN_GRACE")
      ->check(CLI::Range(0, 600))
      ->capture_default_str();
}

}  // namespace

int run_cli(int argc, char** argv, const std::vector<ModuleFactory>& modules) {
  CLI::App app{"dangjian — 市级机关党建工作平台 / party-building work platform"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "显示所有子命令的帮助 / help for every subcommand");

  Config config;
  std::string file;
  bool check_only = false;

  auto* serve = app.add_subcommand("serve", "启动服务 / run the HTTP server (applies migrations first)");
  add_store_options(serve, config);
  add_serve_options(serve, config);

  auto* migrate = app.add_subcommand("migrate", "升级数据库结构 / apply pending migrations");
  add_store_options(migrate, config);
  migrate->add_flag("--check", check_only,
                    "只检查不修改，有待执行的迁移时返回 1 / report pending migrations, change nothing");

  auto* demo = app.add_subcommand("demo", "写入演示数据（仅一次）/ seed the demo data (once)");
  add_store_options(demo, config);

  auto* backup = app.add_subcommand(
      "backup", "在线备份数据库到文件 / consistent backup while serving (SQLite backup API; pg_dump)");
  add_store_options(backup, config);
  backup->add_option("FILE", file, "备份文件 / backup file")->required();

  auto* restore = app.add_subcommand(
      "restore", "从备份文件恢复（需先停止服务）/ restore a backup (stop the server first)");
  add_store_options(restore, config);
  restore->add_option("FILE", file, "备份文件 / backup file")->required()->check(CLI::ExistingFile);

  auto* version = app.add_subcommand("version", "显示版本 / print version and build facts");

  std::string username, display_name, role = "sysadmin", root_org = "市级机关工委", before;
  auto* admin = app.add_subcommand("admin", "管理员账号 / administrator accounts");
  admin->require_subcommand(1);
  auto* admin_create = admin->add_subcommand(
      "create", "创建管理员并打印一次性密码 / create an administrator and print a one-time password");
  add_store_options(admin_create, config);
  admin_create->add_option("--username", username, "用户名 / user name")->required();
  admin_create->add_option("--display-name", display_name, "姓名 / display name")->required();
  admin_create->add_option("--role", role, "三员之一 / one of the three administrator roles")
      ->check(CLI::IsMember({"sysadmin", "secadmin", "auditadmin"}))
      ->capture_default_str();
  admin_create->add_option("--root-org", root_org, "尚无组织时创建的根组织名称 / root organisation to create when none exists")
      ->capture_default_str();

  auto* keys = app.add_subcommand("keys", "密钥管理 / encryption keys");
  keys->require_subcommand(1);
  auto* keys_rotate = keys->add_subcommand(
      "rotate", "生成新密钥并重新加密个人信息 / add a key version and re-encrypt personal data");
  add_store_options(keys_rotate, config);

  auto* audit_cmd = app.add_subcommand("audit", "审计日志 / the audit trail");
  audit_cmd->require_subcommand(1);
  auto* audit_verify = audit_cmd->add_subcommand(
      "verify", "校验审计链，指出第一条被改动的记录 / verify the hash chain, naming the first broken row");
  add_store_options(audit_verify, config);
  auto* audit_archive = audit_cmd->add_subcommand(
      "archive", "把早于某日（至少 180 天前）的记录归档到文件 / archive rows older than a date (>= 180 days)");
  add_store_options(audit_archive, config);
  audit_archive->add_option("--before", before, "日期 YYYY-MM-DD / cut-off date")->required();
  audit_archive->add_option("FILE", file, "归档文件 (JSON lines) / archive file")->required();

  MembersImportArgs mi;
  auto* members = app.add_subcommand("members", "党员 / members");
  members->require_subcommand(1);
  auto* members_import = members->add_subcommand(
      "import", "导入党员花名册（.xlsx / CSV），先试导入再正式导入 / import a roster (see docs/import.md)");
  add_store_options(members_import, config);
  members_import->add_option("FILE", mi.file, "花名册文件 / roster file (.xlsx or .csv)")
      ->required()
      ->check(CLI::ExistingFile);
  members_import->add_option("--org", mi.org_code, "导入到哪个党组织（组织编码）/ target organisation code")
      ->required();
  members_import->add_flag("--dry-run", mi.dry_run, "试导入：只出报告，不写数据 / report only, write nothing");
  members_import->add_flag("--all-or-nothing", mi.all_or_nothing,
                           "有任何一行被拒绝就全部不导入 / write nothing if any row is rejected");
  members_import->add_flag("--json", mi.json, "以 JSON 输出完整报告 / print the full report as JSON");
  members_import->add_option("--sheet", mi.sheet, "工作表名称（默认第一个）/ worksheet name");
  members_import->add_option("--report", mi.report_xlsx, "另存报告为 .xlsx / also write the report as .xlsx");

  OrgImportArgs org_import;
  auto* orgs = app.add_subcommand("orgs", "组织 / organisations");
  orgs->require_subcommand(1);
  auto* orgs_import = orgs->add_subcommand(
      "import", "从 .xlsx 或 .csv 文件导入组织树（可在服务运行时执行）/ import the organisation tree from a file");
  add_store_options(orgs_import, config);
  orgs_import->add_option("FILE", org_import.file, "文件 / .xlsx or .csv file")->required()->check(CLI::ExistingFile);
  orgs_import->add_option("--parent", org_import.parent_code,
                          "上级组织留空的新组织放在此编码的组织之下 / default parent (code) for rows without one");
  orgs_import->add_flag("--dry-run", org_import.dry_run, "只检查，不写入 / check only, write nothing");
  orgs_import->add_flag("--json", org_import.json, "以 JSON 输出完整报告 / print the report as JSON");
  orgs_import->add_flag("--all-or-nothing", org_import.all_or_nothing,
                        "有任何被拒绝的行则全部不导入 / import nothing when any row is rejected");
  orgs_import->add_option("--report", org_import.report_xlsx,
                          "另把报告写成 .xlsx 文件 / also write the report as .xlsx");

  std::string bench_scale;
  auto* bench_data = app.add_subcommand(
      "bench-data",
      "向全新的数据库写入确定的基准测试数据（city = 演示数据；province = 500万党员、30万组织；N = 按党员人数等比例），"
      "报告生成时间和数据库大小 / write deterministic benchmark data into a fresh database (see bench/README.md)");
  add_store_options(bench_data, config);
  bench_data->add_option("--scale", bench_scale,
                         "规模：city、province 或党员人数 N（100–50000000）/ city, province or a member count N")
      ->required();

  TasksRunArgs tr;
  auto* tasks_cmd = app.add_subcommand("tasks", "定时任务 / scheduled tasks");
  tasks_cmd->require_subcommand(1);
  auto* tasks_run = tasks_cmd->add_subcommand(
      "run", "立即执行一个每日任务（如 target.reminders 到期提醒），同一天只执行一次 / run a daily task now (once per day)");
  add_store_options(tasks_run, config);
  tasks_run->add_option("TASK", tr.name, "任务名 / task name (omit to list them)");
  tasks_run->add_option("--today", tr.today, "按哪一天执行 YYYY-MM-DD（默认北京时间今天）/ the day to run for");
  tasks_run->add_flag("--force", tr.force,
                      "即使当天已执行过也再执行（提醒不会重复发送）/ run again even if it ran that day");

  BenchProbeArgs bp;
  auto* bench_cmd = app.add_subcommand("bench", "性能基准 / benchmarks (bench/README.md)");
  bench_cmd->require_subcommand(1);
  auto* bench_probe = bench_cmd->add_subcommand(
      "probe", "在进程内重复执行一个接口的查询与序列化（查询极限）/ run an endpoint's query + JSON in-process");
  add_store_options(bench_probe, config);
  bench_probe->add_option("NAME", bp.name, "探针名 / probe name (omit to list them)");
  bench_probe->add_option("--iterations", bp.iterations, "计时的次数 / timed calls")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  bench_probe->add_option("--warmup", bp.warmup, "预热次数 / untimed calls first")
      ->check(CLI::Range(0, 10'000'000))
      ->capture_default_str();
  bench_probe->add_option("--arg", bp.args, "接口参数 k=v（可多次）/ endpoint query parameter k=v (repeatable)");
  BenchRosterArgs br;
  auto* bench_roster = bench_cmd->add_subcommand(
      "roster",
      "生成确定的党员花名册 .xlsx（导入模板的列，身份证号有效且不重复），供导入基准使用 / "
      "write a deterministic roster .xlsx in the import template's columns (valid, unique ID numbers)");
  add_store_options(bench_roster, config);
  bench_roster->add_option("--rows", br.rows, "数据行数 / data rows (1–1000000)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000}))
      ->capture_default_str();
  bench_roster->add_option("--out", br.out, "输出文件 / the .xlsx to write")->required();
  bench_roster->add_option("--org-id", br.org_id,
                           "导入目标党组织 id：“所在支部”填其下各党支部的组织编码（读取数据库）；不填则留空，"
                           "全部导入到目标组织本身 / import target: 所在支部 = codes of the 党支部 below it "
                           "(read from the store); omitted: blank");
  bench_roster->add_option("--seed", br.seed,
                           "0–98：不同 seed 生成的身份证号互不相同；同一 seed 同一天生成的文件相同（日期按今天推算）/ "
                           "rosters of different seeds share no ID number; the same seed writes the same people "
                           "on the same day (dates are relative to today)")
      ->check(CLI::Range(0, 98))
      ->capture_default_str();

  CLI11_PARSE(app, argc, argv);

  log::init(config.log_format == "json" ? log::Format::json : log::Format::text, config.log_level);
  try {
    if (*serve) return cmd_serve(config, modules);
    if (*migrate) return cmd_migrate(config, modules, check_only);
    if (*demo) return cmd_demo(config, modules);
    if (*backup) return cmd_backup(config, file);
    if (*restore) return cmd_restore(config, modules, file);
    if (*version) return cmd_version();
    if (*admin_create) return cmd_admin_create(config, modules, username, display_name, role, root_org);
    if (*keys_rotate) return cmd_keys_rotate(config, modules);
    if (*audit_verify) return cmd_audit_verify(config);
    if (*audit_archive) return cmd_audit_archive(config, before, file);
    if (*orgs_import) return cmd_orgs_import(config, modules, org_import);
    if (*members_import) return cmd_members_import(config, modules, mi);
    if (*tasks_run) return cmd_tasks_run(config, modules, tr);
    if (*bench_data) return cmd_bench_data(config, modules, bench_scale);
    if (*bench_probe) return cmd_bench_probe(config, modules, bp);
    if (*bench_roster) return cmd_bench_roster(config, modules, br);
  } catch (const std::exception& e) {
    log::error("command failed", {{"error", e.what()}});
    return 1;
  }
  return 2;
}

}  // namespace dj::app
