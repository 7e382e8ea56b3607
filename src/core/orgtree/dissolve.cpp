// 撤销 (dissolving an organisation). It lives beside the tree rather than in
// the org module because what an organisation may still hold is answered by
// every module through dependents.h, and the rule "nothing may be left
// behind in a dissolved organisation" must hold whoever dissolves it.
#include <chrono>

#include "core/error.h"
#include "core/orgtree/dependents.h"
#include "core/orgtree/orgtree.h"

namespace dj::orgtree {

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::vector<MovedDependents> dissolve(store::Conn& c, std::int64_t id, std::optional<std::int64_t> move_to) {
  const auto status = c.scalar_text("SELECT status FROM orgs WHERE id = $1", {id});
  if (!status) throw ApiError::not_found("组织不存在。");
  if (*status != "active") throw ApiError::conflict("该组织已撤销。");
  const std::int64_t children =
      c.scalar_int64("SELECT count(*) FROM orgs WHERE parent_id = $1 AND status = 'active'", {id}).value_or(0);
  if (children > 0)
    throw ApiError::conflict("该组织下还有 " + std::to_string(children) + " 个未撤销的下级组织，请先撤销或移走它们。");

  // Count everything first: the moves below are writes, and every refusal
  // must come before the first write.
  std::vector<MovedDependents> left;
  std::string remaining;
  for (const Dependent& d : dependents()) {
    const std::int64_t n = d.count(c, id);
    if (n == 0) continue;
    if (!remaining.empty()) remaining += "、";
    remaining += std::to_string(n) + " " + d.unit + d.label;
    if (move_to && !d.move)
      throw ApiError::conflict("该组织下的 " + std::to_string(n) + " " + d.unit + d.label + "不能自动转移，请先逐一处理后再撤销。");
    left.push_back({d.key, d.label, d.unit, n});
  }
  if (!left.empty() && !move_to)
    throw ApiError::conflict("该组织下还有 " + remaining + "，请先转移，或指定转入的组织后再撤销。", "move_to");
  if (move_to && !left.empty()) {
    if (*move_to == id) throw ApiError::invalid("转入的组织不能是要撤销的组织本身。", "move_to");
    const auto to_status = c.scalar_text("SELECT status FROM orgs WHERE id = $1", {*move_to});
    if (!to_status || *to_status != "active") throw ApiError::invalid("转入的组织不存在或已撤销。", "move_to");
  }

  for (MovedDependents& m : left) {
    for (const Dependent& d : dependents())
      if (d.key == m.key) m.count = d.move(c, id, *move_to);
  }
  c.exec("UPDATE orgs SET status = 'dissolved', updated_at_ms = $1 WHERE id = $2", {now_ms(), id});
  return left;
}

}  // namespace dj::orgtree
