// The member module's demo data: ~12,000 members spread over the demo
// tree's 党支部 (the org module seeds the tree first), the business roles and
// a few accounts per role, whose one-time passwords `dangjian demo` prints.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/module.h"

namespace dj::member {

inline constexpr int kDemoMembers = 12000;

void seed_demo(ModuleContext& ctx);

// The business roles of the demo (committee_admin, party_committee,
// branch_secretary, member), created when missing; code -> role id. The
// bench data (bench_seed.cpp) gives its accounts the same roles.
std::map<std::string, std::int64_t> ensure_demo_roles(store::Conn& c);

}  // namespace dj::member
