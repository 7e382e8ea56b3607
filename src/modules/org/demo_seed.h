// Writes the demo tree (demo_tree.h) in one audited transaction.
#pragma once

#include "core/module.h"

namespace dj::org {

void seed_demo(ModuleContext& ctx);

}  // namespace dj::org
