// `dangjian orgs import` and `dangjian members import`: the web imports from
// the command line, for files that arrive by other channels and for bulk
// loads. Same code and report as the API; they run while the server runs and
// are audited as the operating-system user (cli:<user>).
// Exit codes: 0 nothing rejected, 3 some rows rejected (the rest written unless
// --all-or-nothing or --dry-run), 1 the file or the options were refused.
#pragma once

#include <string>
#include <vector>

#include "app/config.h"
#include "app/instance.h"

namespace dj::app {

struct OrgImportArgs {
  std::string file;
  std::string parent_code;  // --parent
  std::string report_xlsx;  // --report: the report as .xlsx as well
  bool dry_run = false, json = false, all_or_nothing = false;
};
int cmd_orgs_import(const Config& config, const std::vector<ModuleFactory>& modules, const OrgImportArgs& args);

struct MembersImportArgs {
  std::string file;
  std::string org_code;     // --org: the target organisation's code
  std::string sheet;        // --sheet
  std::string report_xlsx;  // --report
  bool dry_run = false, json = false, all_or_nothing = false;
};
int cmd_members_import(const Config& config, const std::vector<ModuleFactory>& modules, const MembersImportArgs& args);

}  // namespace dj::app
