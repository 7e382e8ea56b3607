// The words the demo city is made of: its departments with their internal
// divisions (处室), affiliated units and the names of people. Fictional and
// generic — no real city's organs — but shaped like what a municipal
// Working Committee actually oversees, so the demo reads true.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dj::org::demo {

struct DepartmentSpec {
  const char* name;       // "市财政局"
  const char* divisions;  // its divisions, '|'-separated, in their usual order
  bool affiliated;        // has affiliated units (直属单位) with their own branches
};

const std::vector<DepartmentSpec>& departments();
// A department's divisions as a list (DepartmentSpec::divisions split at '|').
std::vector<std::string> divisions_of(const DepartmentSpec& d);
const std::vector<std::string>& affiliated_units();  // "信息中心", "机关服务中心", ...
const std::vector<std::string>& surnames();
const std::vector<std::string>& given_name_chars();
const std::vector<std::string>& zone_numerals();     // 一 … 八 (第一联系片 …)

}  // namespace dj::org::demo
