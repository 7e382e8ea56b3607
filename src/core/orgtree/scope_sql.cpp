// Scope -> SQL. The predicate is written so both databases can evaluate the
// scope once, as a set of org ids, instead of once per candidate row:
//
//   (<org_expr> IN (SELECT s_o.id FROM orgs s_o
//                   WHERE (s_o.path >= $3 AND s_o.path < $4) OR ...)
//    OR <org_expr> IN ($5, $6))
//
// The subquery is uncorrelated, and each OR arm is a range on the unique path
// index (SQLite's OR-by-union, PostgreSQL's BitmapOr). When the outer table
// has an index on its org column, a small scope drives lookups through it
// rather than filtering the whole table; see tests/core/orgtree/perf_test.cpp
// for the comparison with a correlated EXISTS.
#include "core/orgtree/orgtree.h"
#include "core/orgtree/scope.h"

namespace dj::orgtree {

namespace {

// Appends `v` to `params` and returns its placeholder ("$N").
std::string placeholder(store::Params& params, store::Value v) {
  params.push_back(std::move(v));
  return "$" + std::to_string(params.size());
}

}  // namespace

std::string Scope::org_predicate(std::string_view org_expr, store::Params& params) const {
  if (all_) return "1=1";
  if (paths_.empty() && orgs_.empty()) return "1=0";
  const std::string expr(org_expr);
  std::string sql = "(";
  if (!paths_.empty()) {
    sql += expr + " IN (SELECT s_o.id FROM orgs s_o WHERE ";
    bool first = true;
    for (const auto& p : paths_) {
      const PathRange r = subtree_range(p);
      if (!first) sql += " OR ";
      first = false;
      const std::string lo = placeholder(params, r.lo);
      sql += "(s_o.path >= " + lo + " AND s_o.path < " + placeholder(params, r.hi) + ")";
    }
    sql += ")";
  }
  if (!orgs_.empty()) {
    if (!paths_.empty()) sql += " OR ";
    sql += expr + " IN (";
    for (std::size_t i = 0; i < orgs_.size(); ++i) sql += (i ? ", " : "") + placeholder(params, orgs_[i]);
    sql += ")";
  }
  sql += ")";
  return sql;
}

std::string Scope::person_predicate(std::string_view person_expr, store::Params& params) const {
  if (!self_) return "1=0";
  return "(" + std::string(person_expr) + " = " + placeholder(params, self_person_id_) + ")";
}

}  // namespace dj::orgtree
