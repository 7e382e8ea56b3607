// Reading members of a written .xlsx (a zip) back, with minizip.
#pragma once

#include <string>
#include <vector>

namespace dj::test {

// Names of the members of the zip at `path`.
std::vector<std::string> zip_members(const std::string& path);
// The uncompressed bytes of one member; throws std::runtime_error when absent.
std::string zip_member(const std::string& path, const std::string& member);

}  // namespace dj::test
