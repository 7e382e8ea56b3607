// The target module (目标任务分解 · 时序进度 · 督促检查): yearly plans
// decomposed to organisations and people, milestones, progress reports with
// evidence, reviews, overdue reminders, inspections and statistics. The
// model every later domain module copies: see docs/modules.md.
#pragma once

#include "core/module.h"

namespace dj::target {
Module target_module();
}  // namespace dj::target
