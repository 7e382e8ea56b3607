// The statement behind the organisation list and its export, kept apart
// from the routes so the plan test can EXPLAIN exactly the text they run.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/orgtree/orgtree.h"
#include "store/store.h"

namespace dj::org {

struct ListFilter {
  std::string q;       // name or code contains (case-insensitive for ASCII)
  std::string type;    // exact type code
  std::string status;  // active | dissolved | "" for both
  std::optional<orgtree::PathRange> subtree;  // "this node and everything below"
};

// The WHERE condition over `orgs o`, starting with the caller's scope marker
// @SCOPE(o.id)@ (expanded by ScopedConn), appending its parameters.
std::string list_where(const ListFilter& f, store::Params& params);

// "SELECT <view columns> FROM orgs o WHERE <where> ORDER BY o.path<tail>".
// Path order is the index order (no sort step) and lists every parent before
// its children, so a client can build the tree in one pass.
std::string list_select(std::string_view where, std::string_view tail = "");

// The same rows for the export, with the parent's code and name appended
// (columns 13 and 14), so an exported file can be imported again as it is.
std::string export_select(std::string_view where);

}  // namespace dj::org
