// The organisation tree (机关工委 → 机关党委/党总支 → 党支部), the platform's
// spine: data scope is defined over it, so it lives in the core; the org
// module (issue 4) adds import, UI and the richer workflows on top.
//
// Each node stores a materialized path "/1/5/23/" (ids root-first) so that
// "this node and everything below" is one index range scan on both
// databases: path >= '/1/5/' AND path < '/1/50' (the prefix with its last
// character incremented). The path column uses the C collation on PostgreSQL
// so byte order and index order agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace dj::orgtree {

struct Org {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string path;        // "/1/5/23/"
  int depth = 0;           // root = 0
  std::string name;
  std::string code;        // short code, unique
  std::string type;        // 机关工委 | 机关党委 | 党总支 | 党支部 (dictionary, extensible)
  std::string department;  // 所属部门
  std::string status = "active";  // active | dissolved
  int sort_order = 0;
};

struct NewOrg {
  std::optional<std::int64_t> parent_id;  // none = a root (a committee)
  std::string name, code, type, department;
  int sort_order = 0;
};

// All functions run on a connection inside the caller's transaction.
// Validation failures throw dj::ApiError with Chinese messages and field names.
std::int64_t create(store::Conn& c, const NewOrg& org);
void rename(store::Conn& c, std::int64_t id, const std::string& name);
// Moves a node and its subtree under `new_parent`; refuses moving a node
// under itself or its own descendant (409, field "parent_id").
void move(store::Conn& c, std::int64_t id, std::int64_t new_parent);
// Changes to an organisation's own fields; members left unset keep their
// value. Checked like create() (422 naming the field; 409 "code" when the
// code belongs to another organisation). 404 when there is no such org.
struct OrgChanges {
  std::optional<std::string> name, code, type, department;
  std::optional<int> sort_order;
};
void update(store::Conn& c, std::int64_t id, const OrgChanges& changes);

// 撤销: marks an organisation dissolved. It keeps its row, path and history;
// nothing new may be put under it. Refused (409) while it has active
// children, and while a registered dependent (dependents.h) still keeps rows
// in it — unless `move_to` names another active organisation, to which those
// rows are moved first (in the caller's transaction). Returns what moved.
struct MovedDependents {
  std::string key, label, unit;
  std::int64_t count = 0;
};
std::vector<MovedDependents> dissolve(store::Conn& c, std::int64_t id, std::optional<std::int64_t> move_to);

std::optional<Org> get(store::Conn& c, std::int64_t id);
std::optional<Org> by_code(store::Conn& c, const std::string& code);
std::vector<Org> subtree(store::Conn& c, std::int64_t root_id);   // root first, then by path
std::vector<Org> children(store::Conn& c, std::int64_t id);
std::vector<Org> ancestors(store::Conn& c, std::int64_t id);      // root first, excluding id
bool is_within(store::Conn& c, std::int64_t id, std::int64_t ancestor_id);  // true for id == ancestor

// The half-open range [lo, hi) of paths in the subtree rooted at `path`.
struct PathRange {
  std::string lo, hi;
};
PathRange subtree_range(const std::string& path);

// 上级工委指导下级工委: a committee may guide other committees' trees.
void add_guidance(store::Conn& c, std::int64_t guiding_org, std::int64_t guided_org);
std::vector<std::int64_t> guided_by(store::Conn& c, std::int64_t guiding_org);

}  // namespace dj::orgtree
