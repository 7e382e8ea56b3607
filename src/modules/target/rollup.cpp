#include "modules/target/rollup.h"

#include <optional>

namespace dj::target {

std::int64_t weighted_bp(const std::vector<std::pair<std::int64_t, std::int64_t>>& weight_and_bp) {
  std::int64_t num = 0, den = 0;
  for (const auto& [w, bp] : weight_and_bp) {
    num += w * bp;
    den += w;
  }
  if (den <= 0) return 0;
  // Round half up in integers: floor((num + den/2) / den) without the
  // truncation of den/2 for odd denominators.
  return (2 * num + den) / (2 * den);
}

namespace {

std::vector<std::pair<std::int64_t, std::int64_t>> pairs(const store::Result& r) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  out.reserve(r.size());
  for (std::size_t i = 0; i < r.size(); ++i) out.emplace_back(r.int64(i, 0), r.int64(i, 1));
  return out;
}

// An item's own progress: its children's weighted mean when it has children,
// else the plain mean of its milestones (rectifications do not count).
std::int64_t item_bp(store::Conn& c, std::int64_t item_id) {
  auto children = c.query("SELECT weight, progress_bp FROM target_items WHERE parent_id = $1", {item_id});
  if (!children.empty()) return weighted_bp(pairs(children));
  auto milestones =
      c.query("SELECT 1, progress_bp FROM target_milestones WHERE item_id = $1 AND kind = 'milestone'", {item_id});
  return weighted_bp(pairs(milestones));
}

}  // namespace

void rollup_from_item(store::Conn& c, std::int64_t item_id) {
  std::optional<std::int64_t> plan_id;
  std::optional<std::int64_t> current = item_id;
  while (current) {
    auto row = c.query("SELECT plan_id, parent_id FROM target_items WHERE id = $1", {*current});
    if (row.empty()) break;  // deleted meanwhile: nothing left to recompute here
    plan_id = row.int64(0, 0);
    c.exec("UPDATE target_items SET progress_bp = $1 WHERE id = $2", {item_bp(c, *current), *current});
    current = row.is_null(0, 1) ? std::nullopt : std::optional<std::int64_t>(row.int64(0, 1));
  }
  if (plan_id) rollup_plan(c, *plan_id);
}

void rollup_plan(store::Conn& c, std::int64_t plan_id) {
  auto top = c.query("SELECT weight, progress_bp FROM target_items WHERE plan_id = $1 AND parent_id IS NULL",
                     {plan_id});
  c.exec("UPDATE target_plans SET progress_bp = $1 WHERE id = $2", {weighted_bp(pairs(top)), plan_id});
}

}  // namespace dj::target
