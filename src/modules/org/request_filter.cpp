#include "modules/org/request_filter.h"

#include "core/error.h"
#include "core/input.h"

namespace dj::org {

ListFilter filter_from(const http::Request& req, store::Conn& c) {
  ListFilter f;
  f.q = input::query_text(req, "q", 50);
  f.type = input::query_text(req, "type", 20);
  f.status = input::query_text(req, "status", 20);
  if (!f.status.empty() && f.status != "active" && f.status != "dissolved")
    throw ApiError::bad_request("status 应为 active（正常）或 dissolved（已撤销）。", "status");
  if (auto root = input::query_int64(req, "root_id")) {
    const auto path = c.scalar_text("SELECT path FROM orgs WHERE id = $1", {*root});
    // An unknown root gives an empty range rather than an error, as an out-of-scope one does.
    f.subtree = path ? orgtree::subtree_range(*path) : orgtree::PathRange{"/", "/"};
  }
  return f;
}

}  // namespace dj::org
