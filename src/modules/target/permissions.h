// The target module's permissions (目标任务). Reporting progress needs none:
// being the owner of a milestone is the authorisation (routes under
// /api/v1/targets/my/ check owner_user_id against the caller).
#pragma once

namespace dj::target::perm {
inline constexpr const char* read = "target:read";            // plans, trees, lists, statistics, exports
inline constexpr const char* manage = "target:manage";        // plans, decomposition, milestones
inline constexpr const char* review = "target:review";        // accept or return reports
inline constexpr const char* supervise = "target:supervise";  // inspections and rectifications

void declare();
}  // namespace dj::target::perm
