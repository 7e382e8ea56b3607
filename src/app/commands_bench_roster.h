// `dangjian bench roster --rows N --out FILE.xlsx [--org-id ID] [--seed S]`
// (issue 7): writes a deterministic 党员花名册 in the product's own template
// columns (roster_columns()) for bench/run's import figure — valid, unique
// 公民身份号码 with their check characters, names, dates that pass every
// member rule, 人员类别, and 所在支部 as organisation codes of the 党支部 under
// --org-id (read from the store), so the file imports without a rejection.
// See bench/README.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/config.h"
#include "app/instance.h"

namespace dj::app {

struct BenchRosterArgs {
  std::int64_t rows = 100000;
  std::string out;             // the .xlsx to write
  std::int64_t org_id = 0;     // 0: 所在支部 left blank (every row goes to the import's target)
  int seed = 0;                // rosters of different seeds share no ID number; dates relative to today
};

int cmd_bench_roster(const Config& config, const std::vector<ModuleFactory>& modules, const BenchRosterArgs& args);

}  // namespace dj::app
