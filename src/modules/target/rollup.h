// Derived progress (时序进度), kept exact in the same transaction as every
// change that can move it:
//   milestone.progress_bp = its latest accepted report's percent × 100
//   leaf item  = mean of its kind='milestone' milestones (0 when it has none)
//   inner item = Σ weight·progress / Σ weight over its children (weights are
//                relative: siblings need not sum to 100, see docs/decisions.md)
//   plan       = the same weighted mean over its top-level items
// All in basis points (0–10000), rounded half up at each level.
#pragma once

#include <cstdint>
#include <vector>

#include "store/store.h"

namespace dj::target {

// The weighted mean in basis points, as the rules above (and the tests) compute it.
std::int64_t weighted_bp(const std::vector<std::pair<std::int64_t, std::int64_t>>& weight_and_bp);

// Recomputes item `item_id` from its children or milestones, then every
// ancestor, then the plan. Call after any change to milestones, weights,
// the tree's shape or an accepted report.
void rollup_from_item(store::Conn& c, std::int64_t item_id);
// Recomputes the plan's progress from its top-level items.
void rollup_plan(store::Conn& c, std::int64_t plan_id);

}  // namespace dj::target
