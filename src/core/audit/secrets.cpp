// Keeping secrets out of the trail. Callers are expected to pass diff()
// output, which already masks them; scrubbing again in append() means a
// careless caller (detail built by hand, a new "api_token" field) still
// cannot write a secret into rows nobody may ever edit or delete.
#include "core/audit/internal.h"

namespace dj::audit::detail {
namespace {

bool contains_ci(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    std::size_t j = 0;
    while (j < needle.size()) {
      char c = haystack[i + j];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != needle[j]) break;
      ++j;
    }
    if (j == needle.size()) return true;
  }
  return false;
}

void scrub_value(boost::json::value& v) {
  if (v.is_object()) {
    scrub_secrets(v.get_object());
  } else if (v.is_array()) {
    for (auto& e : v.get_array()) scrub_value(e);
  }
}

}  // namespace

bool is_secret_name(std::string_view name) {
  return contains_ci(name, "password") || contains_ci(name, "token") || contains_ci(name, "secret");
}

boost::json::value masked(const boost::json::value& v) {
  if (!v.is_object()) return "***";
  boost::json::object out;
  for (const auto& kv : v.get_object()) out[kv.key()] = masked(kv.value());
  return out;
}

void scrub_secrets(boost::json::object& obj) {
  for (auto& kv : obj) {
    if (is_secret_name(kv.key())) kv.value() = masked(kv.value());
    else scrub_value(kv.value());
  }
}

}  // namespace dj::audit::detail
