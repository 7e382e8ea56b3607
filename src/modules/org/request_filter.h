// Reading the list filters from a request (shared by the list and the export).
#pragma once

#include "http/message.h"
#include "modules/org/list_query.h"

namespace dj::org {

// q, type, status (active | dissolved), root_id. The subtree root is looked
// up on `c`; a root the caller cannot see simply yields nothing, because the
// scope condition still applies.
ListFilter filter_from(const http::Request& req, store::Conn& c);

}  // namespace dj::org
