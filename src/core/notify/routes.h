// /api/v1/notifications: the caller's own notices (Access::self). Installed by the core module.
#pragma once

#include "http/router.h"

namespace dj::notify {
void install_routes(http::Router& router);
}  // namespace dj::notify
