#include "core/orgtree/org_row.h"

namespace dj::orgtree::detail {

std::string select_orgs(std::string_view where_and_order) {
  std::string sql = "SELECT ";
  sql += kOrgColumns;
  sql += " FROM orgs WHERE ";
  sql += where_and_order;
  return sql;
}

Org org_from(const store::Row& r) {
  Org o;
  o.id = r.int64(0);
  o.parent_id = r.opt_int64(1);
  o.path = r.text(2);
  o.depth = static_cast<int>(r.int64(3));
  o.name = r.text(4);
  o.code = r.text(5);
  o.type = r.text(6);
  o.department = r.text(7);
  o.status = r.text(8);
  o.sort_order = static_cast<int>(r.int64(9));
  return o;
}

std::vector<Org> query_orgs(store::Conn& c, const std::string& sql, const store::Params& params) {
  // Streamed rather than materialised as Values first: a province-wide
  // subtree can be hundreds of thousands of rows.
  std::vector<Org> out;
  c.each(sql, params, [&](const store::Row& r) { out.push_back(org_from(r)); });
  return out;
}

}  // namespace dj::orgtree::detail
