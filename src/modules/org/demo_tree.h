// The demo organisation tree: a fictional city's municipal organs under its
// Working Committee (市级机关工委, code SJJG) — about 80 departments, each
// with its 机关党委 (code "D001"…; 机关党总支 for the smallest), 党总支
// where a department is large or has affiliated units, and 党支部 for its
// divisions, retired cadres and units ("D001-03"). About a thousand nodes.
//
// Deterministic: a fixed seed and no clock, so every installation's demo is
// the same tree and tests can rely on it.
#pragma once

#include <string>
#include <vector>

namespace dj::org::demo {

inline constexpr const char* kRootCode = "SJJG";

struct Node {
  std::string code, parent_code;  // parent_code "" for the root
  std::string name, type, department, secretary, contact_zone;
  int sort_order = 0;
};

// Parents before children.
std::vector<Node> tree();

}  // namespace dj::org::demo
