// `dangjian members …` commands.
#pragma once

#include <string>
#include <vector>

#include "app/config.h"
#include "app/instance.h"

namespace dj::app {

struct MembersImportArgs {
  std::string file;
  std::string org_code;       // --org: the target organisation's code
  bool dry_run = false;
  bool all_or_nothing = false;
  bool json = false;
  std::string sheet;
  std::string report_file;    // --report: also write the report as .xlsx
};

// Exit codes: 0 nothing rejected, 3 some rows rejected, 1 the file or options were refused.
int cmd_members_import(const Config& config, const std::vector<ModuleFactory>& modules, const MembersImportArgs& a);

}  // namespace dj::app
