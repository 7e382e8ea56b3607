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


}  // namespace dj::app
