// The target module's part of `dangjian bench-data` (issue 7): plans issued
// by the departments (and their first-level organisations) of the bench
// tree, scale.target_items items in trees at most 4 deep, each leaf with 2–3
// milestones whose reports cover every state (done on time, late, pending
// review, overdue, not yet due). Derived progress is computed bottom-up in
// memory with rollup.h's weighted_bp — the same rule rollup_from_item()
// applies — and written with the rows, instead of one rollup per leaf.
#pragma once

#include "core/bench/bench.h"
#include "core/module.h"

namespace dj::target {

void seed_bench(ModuleContext& ctx, const bench::Scale& scale);

}  // namespace dj::target
