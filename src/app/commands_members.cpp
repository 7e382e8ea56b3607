// `dangjian members import`: the roster import from the command line, for
// offices that receive files by other channels and for bulk loads. Same code
// and report as the web import; runs while the server runs; audited as the
// operating-system user.
#include "app/commands_members.h"

#include <boost/json.hpp>

#include <chrono>
#include <future>
#include <iostream>
#include <unistd.h>

#include "app/cli_actor.h"
#include "core/error.h"
#include "modules/member/roster_columns.h"
#include "modules/member/roster_import.h"

namespace dj::app {
namespace {

void print_summary(const importer::Report& r) {
  std::cout << (r.dry_run ? "试导入（未写入任何数据）/ dry run (nothing written)\n" : "导入完成 / import finished\n")
            << "  数据行 / rows:        " << r.rows << "\n"
            << "  新增 / imported:      " << r.imported << "\n"
            << "  更新 / updated:       " << r.updated << "\n"
            << "  无变化 / unchanged:   " << r.unchanged << "\n"
            << "  已修正 / repaired:    " << r.repaired.size() << " 处\n"
            << "  被拒绝 / rejected:    " << r.rejected_rows() << " 行\n";
  std::size_t shown = 0;
  for (const auto& x : r.rejected) {
    if (shown++ == 30) {
      std::cout << "  …… 其余 " << r.rejected.size() - 30 << " 条见 --json 或 --report / more with --json or --report\n";
      break;
    }
    std::cout << "  第 " << x.row << " 行 [" << x.field << "] " << x.message << "\n";
  }
  for (const auto& n : r.notes) std::cout << "  " << n << "\n";
}

}  // namespace

int cmd_members_import(const Config& config, const std::vector<ModuleFactory>& modules, const MembersImportArgs& a) {
  Instance instance(config, modules);
  instance.migrate();
  try {
    auto org = instance.store().read([&](store::Conn& c) {
      return c.scalar_int64("SELECT id FROM orgs WHERE code = $1", {a.org_code});
    });
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
    importer::Report report = future.get();
    if (!a.report_file.empty()) report.write_xlsx(a.report_file, member::roster_columns());
    if (a.json)
      std::cout << boost::json::serialize(report.to_json(member::roster_columns())) << "\n";
    else
      print_summary(report);
    return report.rejected.empty() ? 0 : 3;
  } catch (const ApiError& e) {
    std::cerr << e.message() << (e.field().empty() ? "" : " (" + e.field() + ")") << "\n";
    return 1;
  }
}

}  // namespace dj::app
