// Things other modules keep under an organisation (members, later targets,
// activities…). The core cannot name them, so modules register a counter and,
// where it makes sense, a mover; dissolving an organisation asks every
// dependent whether it is empty and, when the caller chose a destination,
// moves what is left first (all in the caller's transaction).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/store.h"

namespace dj::orgtree {

struct Dependent {
  std::string key;    // "members"
  std::string label;  // "党员" (used in messages: "该组织下还有 12 名党员")
  std::string unit;   // "名"
  // Rows of this kind that belong to exactly `org_id` (not its subtree).
  std::function<std::int64_t(store::Conn&, std::int64_t org_id)> count;
  // Moves them to `to_org_id`; returns how many moved. Null when they cannot be moved
  // (the organisation must then be emptied by hand).
  std::function<std::int64_t(store::Conn&, std::int64_t from_org_id, std::int64_t to_org_id)> move;
};

// Registration happens at start-up (module install), before requests run.
void register_dependent(Dependent d);
const std::vector<Dependent>& dependents();

}  // namespace dj::orgtree
