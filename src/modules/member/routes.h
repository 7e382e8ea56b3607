// The member module's route groups (installed by member_module.cpp).
#pragma once

#include "core/module.h"

namespace dj::member {

void install_member_routes(ModuleContext& ctx);  // list, detail, create, update, reveal, transfer, stats
void install_file_routes(ModuleContext& ctx);    // export, import template, import

}  // namespace dj::member
