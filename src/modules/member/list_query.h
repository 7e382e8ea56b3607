// The filters, search and sort of the member list, shared by the list page,
// the export and the statistics so they always select the same members.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "http/message.h"
#include "store/store.h"

namespace dj::member {

struct ListQuery {
  std::string where;   // over "members m JOIN orgs o ON o.id = m.org_id", with @SCOPE(m.org_id)@
  store::Params params;
  std::string order;   // "ORDER BY …" (a unique tie-breaker last, so pages never overlap)

  // What the list page and statistics need to use the member tallies
  // (tally.h) instead of counting rows:
  std::optional<std::int64_t> org_id;  // the subtree filter, when given
  std::string subtree_cond;            // its condition, as it appears in `where`
  std::string org_param;               // the placeholder ("$1") bound to org_id
  bool only_subtree = true;            // no other filter or search
  bool by_name = true;                 // ORDER BY name_sort (the default sort)
};

// `q.where` with the subtree filter as a range test on each row's
// organisation path instead of "org_id IN (the subtree's organisations)":
// for reading a big subtree through another index (decision 50). The path is
// read here and bound as two more parameters, appended to `params` (a copy
// of q.params): the planners must see the range (PostgreSQL planned a
// subquery's range as "visit every organisation"). On SQLite the test is kept
// off the orgs.path index ("+"). `q` must have org_id.
std::string where_by_row_path(const ListQuery& q, store::Conn& c, store::Params& params);

// Query parameters (all optional):
//   org_id      this organisation and everything below it
//   status      正式党员 | 预备党员       rank, education, sex, category: exact values
//   age_from, age_to   age in whole years today (inclusive)
//   join_year_from, join_year_to  (inclusive); join_year = both
//   q           the start of the name, pinyin initials or full pinyin ("张", "zs", "zhangs" find 张三),
//               or the last 4 characters of the ID number (4 digits, or 3 digits + X)
//   sort        name (pinyin order, default) | join_date | birth_date | org | updated
//   order       asc (default) | desc
// Bad values are 422 naming the parameter.
ListQuery list_query(const http::Request& req);

// The latest birth date ("YYYY-MM-DD") of someone at least `years` old today
// (China time): age >= years  ⇔  birth_date <= born_by(years). Shared by the
// age filter and the age bands of the statistics.
std::string born_by(int years);

}  // namespace dj::member
