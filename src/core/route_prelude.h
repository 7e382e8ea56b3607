// The names every route file uses, gathered once: a route file says
// `using namespace dj::route_prelude;` instead of repeating the list.
#pragma once

#include <boost/json.hpp>

#include "core/identity/context.h"
#include "http/message.h"
#include "http/router.h"

namespace dj::route_prelude {
using http::Access;
using http::Method;
using http::OrgRef;
using http::Request;
using http::Response;
using identity::ScopedConn;
namespace json = boost::json;
}  // namespace dj::route_prelude
