#include "app/commands_import.h"

#include <boost/json.hpp>

#include <chrono>
#include <future>
#include <iostream>
#include <unistd.h>

#include "app/cli_actor.h"
#include "core/error.h"
#include "modules/member/roster_columns.h"
#include "modules/member/roster_import.h"
#include "modules/org/import_columns.h"
#include "modules/org/import_file.h"

namespace dj::app {
namespace {

std::string label_of(const std::vector<importer::Column>& columns, const std::string& key) {
  for (const auto& c : columns)
    if (c.key == key) return c.label;
  return key.empty() ? "整行" : key;
}

// The report for a terminal: counts, then the first rejections and repairs
// (all of them with --json or --report).
void print_summary(const importer::Report& r, const std::vector<importer::Column>& columns, const char* what) {
  constexpr std::size_t kShown = 30;
  std::cout << what << (r.dry_run ? "（试导入，未写入任何数据）/ dry run, nothing written\n" : " / import finished\n")
            << "  数据行 / rows:        " << r.rows << "\n"
            << "  新增 / imported:      " << r.imported << "\n"
            << "  更新 / updated:       " << r.updated << "\n"
            << "  无变化 / unchanged:   " << r.unchanged << "\n"
            << "  已修正 / repaired:    " << r.repaired.size() << " 处\n"
            << "  被拒绝 / rejected:    " << r.rejected_rows() << " 行\n";
  for (std::size_t i = 0; i < r.rejected.size() && i < kShown; ++i) {
    const auto& x = r.rejected[i];
    std::cout << "  第 " << x.row << " 行 " << label_of(columns, x.field) << "：" << x.message << "\n";
  }
  for (std::size_t i = 0; i < r.repaired.size() && i < kShown; ++i) {
    const auto& x = r.repaired[i];
    std::cout << "  第 " << x.row << " 行 " << label_of(columns, x.field) << "：“" << x.from << "” → “" << x.to
              << "”\n";
  }
  if (r.rejected.size() > kShown || r.repaired.size() > kShown)
    std::cout << "  ……完整报告请用 --json 或 --report 文件.xlsx / full report with --json or --report\n";
  for (const auto& n : r.notes) std::cout << "  " << n << "\n";
}

int finish(const importer::Report& report, const std::vector<importer::Column>& columns, bool json,
           const std::string& report_xlsx, const char* what) {
  if (!report_xlsx.empty()) report.write_xlsx(report_xlsx, columns);
  if (json)
    std::cout << boost::json::serialize(report.to_json(columns)) << "\n";
  else
    print_summary(report, columns, what);
  return report.rejected.empty() ? 0 : 3;
}

int refused(const ApiError& e) {
  std::cerr << e.message() << (e.field().empty() ? "" : " (" + e.field() + ")") << "\n";
  return 1;
}

}  // namespace

int cmd_orgs_import(const Config& config, const std::vector<ModuleFactory>& modules, const OrgImportArgs& args) {
  // Like `admin create`, this opens the store beside a running server (no
  // data-directory lock): the import is one write transaction like any request's.
  Instance instance(config, modules);
  instance.migrate();
  org::ImportOptions options;
  options.dry_run = args.dry_run;
  options.all_or_nothing = args.all_or_nothing;
  options.parent_code = args.parent_code;
  try {
    const importer::Report report = org::import_file(instance.store(), args.file, options, cli_actor());
    return finish(report, org::import::columns(), args.json, args.report_xlsx, "组织树导入");
  } catch (const ApiError& e) {
    return refused(e);
  }
}

int cmd_members_import(const Config& config, const std::vector<ModuleFactory>& modules, const MembersImportArgs& a) {
  Instance instance(config, modules);
  instance.migrate();
  try {
    auto org = instance.store().read(
        [&](store::Conn& c) { return c.scalar_int64("SELECT id FROM orgs WHERE code = $1", {a.org_code}); });
    if (!org) throw ApiError::invalid("找不到组织编码为“" + a.org_code + "”的党组织。", "org");
    member::RosterImportOptions opt;
    opt.org_id = *org;
    opt.dry_run = a.dry_run;
    opt.all_or_nothing = a.all_or_nothing;
    opt.sheet = a.sheet;
    importer::JobProgress progress;
    auto future = std::async(std::launch::async, [&] {
      return member::import_roster(instance.store(), instance.keys(), a.file, opt, orgtree::Scope::everything(),
                                   cli_actor(), &progress);
    });
    // Progress on stderr while it runs (a terminal only: logs stay clean).
    const bool tty = isatty(STDERR_FILENO) != 0;
    while (future.wait_for(std::chrono::milliseconds(500)) != std::future_status::ready)
      if (tty)
        std::cerr << "\r" << member::import_phases()[static_cast<std::size_t>(progress.phase.load())] << " "
                  << progress.done.load() << (progress.total ? " / " + std::to_string(progress.total.load()) : "")
                  << "      " << std::flush;
    if (tty) std::cerr << "\r" << std::string(40, ' ') << "\r";
    return finish(future.get(), member::roster_columns(), a.json, a.report_xlsx, "党员花名册导入");
  } catch (const ApiError& e) {
    return refused(e);
  }
}

}  // namespace dj::app
