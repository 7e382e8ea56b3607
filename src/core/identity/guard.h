// The guard every routed request passes: session (cookie), session stage,
// CSRF token on state-changing requests, the route's permission, the data
// scope of that permission, and the organisation of the row the route acts
// on. After the handler it audits refused and failed writes and checks that
// successful writes were audited.
#pragma once

#include <memory>

#include "core/identity/services.h"
#include "http/router.h"

namespace dj::identity {

std::unique_ptr<http::Guard> make_guard(Services& services);

}  // namespace dj::identity
