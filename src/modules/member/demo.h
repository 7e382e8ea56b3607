// The member module's demo data: ~12,000 members spread over the demo
// tree's 党支部 (the org module seeds the tree first), the business roles and
// a few accounts per role, whose one-time passwords `dangjian demo` prints.
#pragma once

#include "core/module.h"

namespace dj::member {

inline constexpr int kDemoMembers = 12000;

void seed_demo(ModuleContext& ctx);

}  // namespace dj::member
