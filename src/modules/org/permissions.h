// The org module's permissions (组织管理). Routes name them through these
// constants so a typo is a compile error, not a route nobody can call.
#pragma once

namespace dj::org::perm {

inline constexpr const char* read = "org:read";
inline constexpr const char* write = "org:write";
inline constexpr const char* move = "org:move";
inline constexpr const char* dissolve = "org:dissolve";
inline constexpr const char* import = "org:import";
inline constexpr const char* export_ = "org:export";
inline constexpr const char* type_write = "org_type:write";

// Adds them to the catalogue (idempotent: tests install routes many times).
void declare();

}  // namespace dj::org::perm
