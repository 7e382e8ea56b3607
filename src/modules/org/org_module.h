// The organisation module (组织管理): browsing, editing, moving and
// dissolving organisations of the core tree, the tree import and export,
// the type dictionary, and the demo city's tree.
#pragma once

#include "core/module.h"

namespace dj::org {

Module org_module();

}  // namespace dj::org

namespace dj {
using org::org_module;
}
