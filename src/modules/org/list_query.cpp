#include "modules/org/list_query.h"
#include "store/like.h"

#include "modules/org/profile.h"

namespace dj::org {
namespace {

// LIKE treats % and _ as wildcards; a user searching for "D001_1" means the characters.
std::string next(store::Params& params, store::Value v) {
  params.push_back(std::move(v));
  return "$" + std::to_string(params.size());
}

}  // namespace

std::string list_where(const ListFilter& f, store::Params& params) {
  std::string where = "@SCOPE(o.id)@";
  if (f.subtree) {
    where += " AND o.path >= " + next(params, f.subtree->lo);
    where += " AND o.path < " + next(params, f.subtree->hi);
  }
  if (!f.q.empty()) {
    // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
    const std::string p = next(params, "%" + store::ascii_lower(store::like_escape(f.q)) + "%");
    where += " AND (lower(o.name) LIKE " + p + " ESCAPE '\\' OR lower(o.code) LIKE " + p + " ESCAPE '\\')";
  }
  if (!f.type.empty()) where += " AND o.type = " + next(params, f.type);
  if (!f.status.empty()) where += " AND o.status = " + next(params, f.status);
  return where;
}

std::string list_select(std::string_view where, std::string_view tail) {
  std::string sql = "SELECT ";
  sql += view_columns();
  sql += " FROM orgs o WHERE ";
  sql += where;
  sql += " ORDER BY o.path";
  sql += tail;
  return sql;
}

std::string export_select(std::string_view where) {
  std::string sql = "SELECT ";
  sql += view_columns();
  sql += ", p.code, p.name FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id WHERE ";
  sql += where;
  sql += " ORDER BY o.path";
  return sql;
}

}  // namespace dj::org
