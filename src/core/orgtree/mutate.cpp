// Changes to the tree: create, rename, update, move. Each runs inside the caller's
// transaction, checks first and then writes, because after a failed
// statement the transaction refuses further work (docs/store.md).
#include <chrono>

#include "core/error.h"
#include "core/orgtree/orgtree.h"
#include "core/orgtree/subtree_tally.h"
#include "core/orgtree/path.h"
#include "core/orgtree/statements.h"
#include "core/orgtree/validate.h"

namespace dj::orgtree {

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Node {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string path;
  int depth = 0;
  std::string status;
};

std::optional<Node> load(store::Conn& c, std::int64_t id) {
  const auto r = c.query("SELECT id, parent_id, path, depth, status FROM orgs WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  Node n;
  n.id = r.int64(0, 0);
  if (!r.is_null(0, 1)) n.parent_id = r.int64(0, 1);
  n.path = r.text(0, 2);
  n.depth = static_cast<int>(r.int64(0, 3));
  n.status = r.text(0, 4);
  return n;
}

// A parent must exist and be active: nothing new goes under a dissolved org.
Node active_parent(store::Conn& c, std::int64_t parent_id) {
  auto parent = load(c, parent_id);
  if (!parent || parent->status != "active") throw ApiError::invalid("上级组织不存在或已撤销。", "parent_id");
  return std::move(*parent);
}

}  // namespace

std::int64_t create(store::Conn& c, const NewOrg& org) {
  const std::string name = detail::checked_name(org.name);
  const std::string code = detail::checked_code(org.code);
  const std::string department = detail::checked_department(org.department);
  if (!c.scalar_int64("SELECT 1 FROM org_types WHERE code = $1", {org.type}))
    throw ApiError::invalid("组织类型不存在。", "type");
  std::optional<Node> parent;
  if (org.parent_id) parent = active_parent(c, *org.parent_id);
  // Checked rather than left to the UNIQUE constraint: a violation would
  // abort the caller's whole transaction instead of producing a field error.
  if (c.scalar_int64("SELECT 1 FROM orgs WHERE code = $1", {code}))
    throw ApiError::conflict("组织编码已存在。", "code");

  const std::int64_t now = now_ms();
  const int depth = parent ? parent->depth + 1 : 0;
  // The path ends with the new id, known only after the INSERT. Until the
  // UPDATE below (same transaction) the row holds a placeholder that is
  // unique because the code is, and that no subtree range can contain
  // because it does not start with '/'.
  const std::int64_t id =
      c.scalar_int64(
           "INSERT INTO orgs (parent_id, path, depth, name, code, type, department, sort_order, created_at_ms, "
           "updated_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
           {parent ? store::Value(parent->id) : store::Value(), "~" + code, std::int64_t{depth}, name, code,
            org.type, department, std::int64_t{org.sort_order}, now})
          .value();
  c.exec("UPDATE orgs SET path = $1 WHERE id = $2", {detail::child_path(parent ? parent->path : "", id), id});
  return id;
}

void rename(store::Conn& c, std::int64_t id, const std::string& name) {
  const std::string checked = detail::checked_name(name);
  if (c.exec("UPDATE orgs SET name = $1, updated_at_ms = $2 WHERE id = $3", {checked, now_ms(), id}) == 0)
    throw ApiError::not_found("组织不存在。");
}

void update(store::Conn& c, std::int64_t id, const OrgChanges& changes) {
  if (!c.scalar_int64("SELECT 1 FROM orgs WHERE id = $1", {id})) throw ApiError::not_found("组织不存在。");
  // Every check before the first write (see the top of this file).
  std::optional<std::string> name, code, department;
  if (changes.name) name = detail::checked_name(*changes.name);
  if (changes.code) {
    code = detail::checked_code(*changes.code);
    if (c.scalar_int64("SELECT 1 FROM orgs WHERE code = $1 AND id <> $2", {*code, id}))
      throw ApiError::conflict("组织编码已存在。", "code");
  }
  if (changes.department) department = detail::checked_department(*changes.department);
  if (changes.type && !c.scalar_int64("SELECT 1 FROM org_types WHERE code = $1", {*changes.type}))
    throw ApiError::invalid("组织类型不存在。", "type");
  auto opt_text = [](const std::optional<std::string>& v) { return v ? store::Value(*v) : store::Value(); };
  // NULL keeps the column: one statement whatever subset changes, so one
  // prepared statement serves every PATCH.
  c.exec("UPDATE orgs SET name = COALESCE($1, name), code = COALESCE($2, code), type = COALESCE($3, type), "
         "department = COALESCE($4, department), sort_order = COALESCE($5, sort_order), updated_at_ms = $6 "
         "WHERE id = $7",
         {opt_text(name), opt_text(code), opt_text(changes.type), opt_text(department),
          changes.sort_order ? store::Value(std::int64_t{*changes.sort_order}) : store::Value(), now_ms(), id});
}

void move(store::Conn& c, std::int64_t id, std::int64_t new_parent) {
  const auto node = load(c, id);
  if (!node) throw ApiError::not_found("组织不存在。");
  const Node parent = active_parent(c, new_parent);
  if (detail::path_within(parent.path, node->path))
    throw ApiError::conflict("不能把组织移动到它自己的下级组织之下。", "parent_id");
  if (node->parent_id == new_parent) return;

  const std::string new_path = detail::child_path(parent.path, id);
  const PathRange range = subtree_range(node->path);
  // One statement rewrites the whole subtree: every path in the range starts
  // with the old path, so swapping that prefix for the new one keeps each
  // descendant's tail. substr() is 1-based and counts characters on both
  // databases; paths are ASCII, so characters are bytes. The offset is bound
  // as a number because PostgreSQL cannot pick a length() overload for an
  // untyped parameter. No row can collide on the unique path midway: only
  // paths in this subtree contain `id`, each exactly once, so a rewritten
  // path could equal an existing one only if the parent were unchanged.
  c.exec(detail::kMoveSubtree,
         {new_path, static_cast<std::int64_t>(node->path.size() + 1), std::int64_t{parent.depth + 1 - node->depth}, id,
       new_parent, now_ms(), range.lo, range.hi});
  const std::string old_parent_path = node->path.substr(0, node->path.size() - std::to_string(id).size() - 1);
  SubtreeTally::subtree_moved(c, id, old_parent_path, parent.path);  // the counts travel along
}

}  // namespace dj::orgtree
