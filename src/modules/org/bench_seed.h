// The org module's part of `dangjian bench-data` (issue 7): a deterministic
// tree of scale.orgs organisations at most scale.max_depth levels deep,
// written through orgtree::create in large transactions.
#pragma once

#include "core/bench/bench.h"
#include "core/module.h"

namespace dj::org {

void seed_bench(ModuleContext& ctx, const bench::Scale& scale);

}  // namespace dj::org
