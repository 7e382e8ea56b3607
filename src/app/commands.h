// One function per CLI subcommand; each returns the process exit code and
// prints what a user needs (Chinese first, English second on errors).
#pragma once

#include <string>
#include <vector>

#include "app/config.h"
#include "app/instance.h"

namespace dj::app {

int cmd_serve(const Config& config, const std::vector<ModuleFactory>& modules);
int cmd_migrate(const Config& config, const std::vector<ModuleFactory>& modules, bool check_only);
int cmd_demo(const Config& config, const std::vector<ModuleFactory>& modules);
int cmd_backup(const Config& config, const std::string& file);
int cmd_restore(const Config& config, const std::vector<ModuleFactory>& modules,
                const std::string& file);
int cmd_version();
int cmd_admin_create(const Config& config, const std::vector<ModuleFactory>& modules, const std::string& username,
                     const std::string& display_name, const std::string& role, const std::string& root_org);
int cmd_keys_rotate(const Config& config, const std::vector<ModuleFactory>& modules);
int cmd_audit_verify(const Config& config);
int cmd_audit_archive(const Config& config, const std::string& before_date, const std::string& file);

// `dangjian orgs import FILE`: exit 0 when no row was rejected, 3 when some
// were, 1 when the file could not be read at all.
struct OrgImportArgs {
  std::string file;
  std::string parent_code;  // --parent
  std::string report_xlsx;  // --report: the report as .xlsx as well
  bool dry_run = false, json = false, all_or_nothing = false;
};
int cmd_orgs_import(const Config& config, const std::vector<ModuleFactory>& modules, const OrgImportArgs& args);

}  // namespace dj::app
