// Demo targets: the Committee's 2026 plan decomposed to departments, branches
// and the demo accounts, with milestones on time, late and pending review,
// and one inspection with a rectification.
#pragma once

#include "core/module.h"

namespace dj::target {
void seed_demo(ModuleContext& ctx);
}  // namespace dj::target
