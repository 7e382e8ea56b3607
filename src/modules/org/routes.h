// The org module's routes, one installer per file.
#pragma once

#include "core/module.h"

namespace dj::org {

void install_read_routes(http::Router& router);     // GET /api/v1/orgs, /orgs/tree, /orgs/{id}
void install_write_routes(http::Router& router);    // POST/PATCH /api/v1/orgs, move, dissolve
void install_type_routes(http::Router& router);     // /api/v1/org-types
void install_export_routes(http::Router& router);   // /api/v1/orgs/export, /orgs/import-template
void install_import_routes(ModuleContext& ctx);     // POST /api/v1/orgs/import

}  // namespace dj::org
