// diff(): the changed fields of an edit, as the detail of its audit row.
#include "core/audit/audit.h"
#include "core/audit/internal.h"

namespace dj::audit {

boost::json::object diff(const boost::json::object& before, const boost::json::object& after,
                         const std::set<std::string>& masked) {
  boost::json::object out;
  auto report = [&](std::string_view field, const boost::json::value& from, const boost::json::value& to) {
    if (from == to) return;
    const bool secret = masked.contains(std::string(field)) || detail::is_secret_name(field);
    boost::json::object change;
    // A masked field still shows that it changed, never to or from what.
    change["from"] = secret ? boost::json::value("***") : from;
    change["to"] = secret ? boost::json::value("***") : to;
    out[field] = std::move(change);
  };
  static const boost::json::value kAbsent;  // a field only on one side counts as null on the other
  for (const auto& kv : before) {
    const auto* other = after.if_contains(kv.key());
    report(kv.key(), kv.value(), other ? *other : kAbsent);
  }
  for (const auto& kv : after)
    if (!before.contains(kv.key())) report(kv.key(), kAbsent, kv.value());
  return out;
}

}  // namespace dj::audit
