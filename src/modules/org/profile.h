// An organisation as this module shows it: the core row (orgtree::Org) plus
// the profile fields this module adds to the table (migrations/0001), read
// with one column list so every route maps rows the same way.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/orgtree/orgtree.h"
#include "store/store.h"

namespace dj::org {

struct OrgView {
  orgtree::Org org;
  std::string secretary;      // 书记
  std::string contact_zone;   // 联系片
  std::int64_t child_count = 0;  // active children
};

// Columns of OrgView for a query over `orgs o`, in the order view_from() reads them.
std::string_view view_columns();
OrgView view_from(const store::Row& r);

// {"id","parent_id","path","depth","name","code","type","department","secretary",
//  "contact_zone","status","sort_order","child_count"}
boost::json::object view_json(const OrgView& v);
// The fields an audit diff compares: view_json without the derived
// child_count, and with the secretary under kAuditSecretaryKey.
boost::json::object record_json(const OrgView& v);

// The audit trail masks every detail key containing "secret" (passwords,
// TOTP secrets), which would hide who became 书记 behind "***". Audit
// details therefore name the field in pinyin; API responses keep "secretary".
inline constexpr const char* kAuditSecretaryKey = "shuji";

// The row, or nullopt.
std::optional<OrgView> load_view(store::Conn& c, std::int64_t id);

// Writes the profile fields (the core's update() knows only its own columns).
void set_profile(store::Conn& c, std::int64_t id, const std::string& secretary, const std::string& contact_zone);

// "active" / "dissolved" in Chinese for lists and exports.
std::string_view status_label(std::string_view status);

}  // namespace dj::org
