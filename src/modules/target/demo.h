// Demo targets: the Committee's 2026 plan decomposed to departments, branches
// and the demo accounts, with milestones on time, late and pending review,
// and one inspection with a rectification.
#pragma once

#include "core/module.h"

namespace dj::target {
void seed_demo(ModuleContext& ctx);
// Grants this module's permissions to the member module's demo roles (also
// used by the bench data, whose accounts hold the same roles).
void grant_role_permissions(store::Conn& c);
}  // namespace dj::target
