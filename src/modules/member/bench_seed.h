// The member module's part of `dangjian bench-data` (issue 7): scale.members
// deterministic people (demo_people) spread over the 党支部 of the bench
// tree, written through member_store::insert (encryption, look-up hashes,
// pinyin, collation key) in large transactions, and scale.users accounts
// with the demo's roles. See bench/README.md.
#pragma once

#include "core/bench/bench.h"
#include "core/module.h"

namespace dj::member {

void seed_bench(ModuleContext& ctx, const bench::Scale& scale);

}  // namespace dj::member
