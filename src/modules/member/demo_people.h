// Fictional people for the demo city: plausible Chinese names, ID numbers
// with valid GB 11643 check characters, dates that satisfy every member rule,
// ranks (some 县处级 and above), education and posts. Deterministic: the
// same index always gives the same person, so demos and benchmarks repeat.
#pragma once

#include <cstdint>

#include "modules/member/member_store.h"

namespace dj::member {

// Person number `index` (0, 1, 2, …) of the demo; `leader` asks for a
// department-level post and rank (处长 and above). org_id is left 0.
MemberInput demo_person(std::uint64_t index, bool leader, const Date& today);

}  // namespace dj::member
