// Keeping PostgreSQL passwords out of logs and process lists.
#pragma once

#include <string>
#include <string_view>

namespace dj::store::detail {

// The URL without its password (in the user-info part or as ?password=).
std::string strip_password(std::string_view url);

// The password in the URL, percent-decoded; "" when there is none.
std::string url_password(std::string_view url);

}  // namespace dj::store::detail
