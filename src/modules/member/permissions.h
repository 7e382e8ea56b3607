// The member module's permissions (党员管理).
#pragma once

namespace dj::member::perm {
inline constexpr const char* read = "member:read";
inline constexpr const char* write = "member:write";
inline constexpr const char* reveal = "member:reveal";
inline constexpr const char* transfer = "member:transfer";
inline constexpr const char* import = "member:import";
inline constexpr const char* export_ = "member:export";

void declare();
}  // namespace dj::member::perm
