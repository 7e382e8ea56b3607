// Materialized path strings ("/1/5/23/"), kept free of the store so the
// rules are in one place and testable on their own.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dj::orgtree::detail {

// "/" followed by one or more "<decimal id>/" groups.
bool is_valid_path(std::string_view path);

// The path of a child `id` of the node at `parent_path` ("" for a root).
std::string child_path(std::string_view parent_path, std::int64_t id);

// True when `path` is `ancestor` or lies below it. Both must end in '/',
// which is what keeps "/1/" from containing "/10/".
bool path_within(std::string_view path, std::string_view ancestor);

// The ids along a path, root first ("/1/5/23/" -> {1, 5, 23}).
std::vector<std::int64_t> path_ids(std::string_view path);

}  // namespace dj::orgtree::detail
