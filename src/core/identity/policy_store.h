// The password/session policy as stored in the settings table (editable by
// the security administrator), with the 等保 defaults when never set.
#pragma once

#include <boost/json/value.hpp>

#include "core/identity/password_policy.h"
#include "store/store.h"

namespace dj::identity {

PasswordPolicy load_policy(store::Conn& c);
// Validates ranges (ApiError 422 naming the field) and stores it.
void save_policy(store::Conn& c, const PasswordPolicy& policy);
boost::json::value policy_to_json(const PasswordPolicy& p);
// Reads the fields present in `v` over `base`; 422 naming a bad field.
PasswordPolicy policy_from_json(const boost::json::value& v, PasswordPolicy base);

std::int64_t now_ms();

}  // namespace dj::identity
