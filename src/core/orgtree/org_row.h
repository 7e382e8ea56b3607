// The one place that knows which columns make an Org and in what order, so
// every read selects the same list and maps it the same way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/orgtree/orgtree.h"

namespace dj::orgtree::detail {

// Columns in the order org_from() reads them.
inline constexpr std::string_view kOrgColumns =
    "id, parent_id, path, depth, name, code, type, department, status, sort_order";

// "SELECT <kOrgColumns> FROM orgs WHERE <where_and_order>".
std::string select_orgs(std::string_view where_and_order);

Org org_from(const store::Row& r);

// Runs `sql` (which selects kOrgColumns) and collects the rows.
std::vector<Org> query_orgs(store::Conn& c, const std::string& sql, const store::Params& params);

}  // namespace dj::orgtree::detail
