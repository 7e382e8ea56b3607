#include "modules/org/profile.h"

#include <boost/json.hpp>

#include "core/error.h"

namespace dj::org {

std::string_view view_columns() {
  return "o.id, o.parent_id, o.path, o.depth, o.name, o.code, o.type, o.department, o.status, o.sort_order, "
         "o.secretary, o.contact_zone, "
         "(SELECT count(*) FROM orgs k WHERE k.parent_id = o.id AND k.status = 'active')";
}

OrgView view_from(const store::Row& r) {
  OrgView v;
  v.org.id = r.int64(0);
  v.org.parent_id = r.opt_int64(1);
  v.org.path = r.text(2);
  v.org.depth = static_cast<int>(r.int64(3));
  v.org.name = r.text(4);
  v.org.code = r.text(5);
  v.org.type = r.text(6);
  v.org.department = r.text(7);
  v.org.status = r.text(8);
  v.org.sort_order = static_cast<int>(r.int64(9));
  v.secretary = r.text(10);
  v.contact_zone = r.text(11);
  v.child_count = r.int64(12);
  return v;
}

boost::json::object view_json(const OrgView& v) {
  boost::json::object o;
  o["id"] = v.org.id;
  if (v.org.parent_id)
    o["parent_id"] = *v.org.parent_id;
  else
    o["parent_id"] = nullptr;
  o["path"] = v.org.path;
  o["depth"] = v.org.depth;
  o["name"] = v.org.name;
  o["code"] = v.org.code;
  o["type"] = v.org.type;
  o["department"] = v.org.department;
  o["secretary"] = v.secretary;
  o["contact_zone"] = v.contact_zone;
  o["status"] = v.org.status;
  o["sort_order"] = v.org.sort_order;
  o["child_count"] = v.child_count;
  return o;
}

boost::json::object record_json(const OrgView& v) {
  boost::json::object o = view_json(v);
  o.erase("child_count");
  o.erase("secretary");
  o[kAuditSecretaryKey] = v.secretary;
  return o;
}

std::optional<OrgView> load_view(store::Conn& c, std::int64_t id) {
  std::optional<OrgView> out;
  c.each("SELECT " + std::string(view_columns()) + " FROM orgs o WHERE o.id = $1", {id},
         [&](const store::Row& r) { out = view_from(r); });
  return out;
}

void set_profile(store::Conn& c, std::int64_t id, const std::string& secretary, const std::string& contact_zone) {
  c.exec("UPDATE orgs SET secretary = $1, contact_zone = $2 WHERE id = $3", {secretary, contact_zone, id});
}

std::string_view status_label(std::string_view status) { return status == "active" ? "正常" : "已撤销"; }

}  // namespace dj::org
