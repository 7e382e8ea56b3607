// 上级工委指导下级工委: a committee may be given oversight of other
// committees' trees; the guided scope (resolve.cpp) reads this table.
#include "core/error.h"
#include "core/orgtree/orgtree.h"

namespace dj::orgtree {

void add_guidance(store::Conn& c, std::int64_t guiding_org, std::int64_t guided_org) {
  if (!c.scalar_int64("SELECT 1 FROM orgs WHERE id = $1", {guiding_org}))
    throw ApiError::invalid("指导组织不存在。", "guiding_org_id");
  if (!c.scalar_int64("SELECT 1 FROM orgs WHERE id = $1", {guided_org}))
    throw ApiError::invalid("被指导组织不存在。", "guided_org_id");
  if (guiding_org == guided_org) throw ApiError::invalid("组织不能指导它自己。", "guided_org_id");
  // Idempotent: recording an existing guidance again is not an error.
  c.exec(
      "INSERT INTO org_guidance (guiding_org_id, guided_org_id) VALUES ($1, $2) "
      "ON CONFLICT (guiding_org_id, guided_org_id) DO NOTHING",
      {guiding_org, guided_org});
}

std::vector<std::int64_t> guided_by(store::Conn& c, std::int64_t guiding_org) {
  std::vector<std::int64_t> out;
  c.each("SELECT guided_org_id FROM org_guidance WHERE guiding_org_id = $1 ORDER BY guided_org_id", {guiding_org},
         [&](const store::Row& r) { out.push_back(r.int64(0)); });
  return out;
}

}  // namespace dj::orgtree
