// The statements whose plans matter at province scale, named so the plan
// test can EXPLAIN exactly the text the library runs.
#pragma once

#include <string_view>

namespace dj::orgtree::detail {

// subtree(): $1, $2 = lo, hi of subtree_range. A range on the unique path
// index, read in index order (no sort step).
inline constexpr std::string_view kSubtreeWhere = "path >= $1 AND path < $2 ORDER BY path";

// move(): rewrites the moved node and every descendant in one statement.
// $1 new path of the node, $2 = length(old path) + 1, $3 depth change,
// $4 the node, $5 its new parent, $6 now, $7, $8 = lo, hi of the old range.
inline constexpr std::string_view kMoveSubtree =
    "UPDATE orgs SET path = CAST($1 AS TEXT) || substr(path, $2), depth = depth + $3, "
    "parent_id = CASE WHEN id = $4 THEN $5 ELSE parent_id END, updated_at_ms = $6 "
    "WHERE path >= $7 AND path < $8";

}  // namespace dj::orgtree::detail
