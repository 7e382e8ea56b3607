// The statistics of the roster (GET /api/v1/members/stats) and the list's
// total: from the member tallies when the question is "everyone in these
// subtrees" (tally.h, decision 48), else by counting the selected rows.
#include <boost/json.hpp>

#include <map>

#include "core/orgtree/path.h"
#include "modules/member/routes.h"
#include "modules/member/tally.h"
#include "modules/member/validate/civil_date.h"

namespace dj::member {
namespace json = boost::json;

namespace {

constexpr const char* kFrom = " FROM members m JOIN orgs o ON o.id = m.org_id WHERE ";

// Age bands: band b holds those born in (born_by(to + 1), born_by(from)].
struct Band {
  const char* label;
  int from, to;
};
constexpr Band kBands[] = {{"35岁及以下", 0, 35}, {"36至45岁", 36, 45}, {"46至55岁", 46, 55},
                           {"56至60岁", 56, 60}, {"61岁及以上", 61, 200}};

json::object scan_stats(identity::ScopedConn& db, const ListQuery& q) {
  json::object out;
  std::int64_t total = 0;
  for (const char* col : {"status", "sex", "rank", "education"}) {
    json::object counts;
    std::int64_t sum = 0;
    db.each(std::string("SELECT m.") + col + ", count(*)" + kFrom + q.where + " GROUP BY m." + col, q.params,
            [&](const store::Row& r) {
              counts[r.text(0).empty() ? "未填写" : r.text(0)] = r.int64(1);
              sum += r.int64(1);
            });
    total = sum;  // every grouping covers every member once
    out[std::string("by_") + col] = std::move(counts);
  }
  out["total"] = total;
  store::Params p = q.params;
  std::string sums;
  for (const auto& band : kBands) {
    p.push_back(born_by(band.from));
    p.push_back(born_by(band.to + 1));
    sums += std::string(sums.empty() ? "" : ", ") + "SUM(CASE WHEN m.birth_date <= $" + std::to_string(p.size() - 1) +
            " AND m.birth_date > $" + std::to_string(p.size()) + " THEN 1 ELSE 0 END)";
  }
  json::object ages;
  for (const auto& band : kBands) ages[band.label] = 0;
  db.each("SELECT " + sums + kFrom + q.where, p, [&](const store::Row& r) {
    for (int i = 0; i < 5; ++i) ages[kBands[i].label] = r.is_null(i) ? 0 : r.int64(i);
  });
  out["by_age"] = std::move(ages);
  return out;
}

std::string iso(const Date& d) { return to_iso(d); }

// Members of the subtrees born on or before `cutoff` ("YYYY-MM-DD"): whole
// months from the tallies; the cutoff's own month split exactly by reading
// the birth dates of its shorter side (at most half a month of births).
std::int64_t born_on_or_before(identity::ScopedConn& db, const ListQuery& q, const tally::Counts& counts,
                               const std::string& cutoff) {
  const std::string month = cutoff.substr(0, 7);
  std::int64_t before = 0, in_month = 0;
  if (auto it = counts.find("birth_month"); it != counts.end())
    for (const auto& [m, n] : it->second) {
      if (m < month) before += n;
      if (m == month) in_month = n;
    }
  if (in_month == 0) return before;
  const Date c = parse_iso(cutoff).value();
  const int last = days_in_month(c.year, c.month);
  const bool count_head = c.day <= last / 2;  // [1st, cutoff] is the shorter side
  const std::string lo = count_head ? month + "-01" : cutoff;
  const std::string hi = count_head ? cutoff : iso({c.year, c.month, last});
  store::Params p = q.params;
  p.push_back(lo);
  p.push_back(hi);
  // birth_date drives (its index); the subtree is checked on each row's
  // organisation. On SQLite "+" keeps the planner off orgs.path, which for a
  // big subtree would visit every organisation first.
  const std::string where = q.org_id ? where_by_row_path(q, db.unscoped(), p) : q.where;
  const std::string range = count_head ? "m.birth_date >= $" + std::to_string(q.params.size() + 1) +
                                             " AND m.birth_date <= $" + std::to_string(q.params.size() + 2)
                                       : "m.birth_date > $" + std::to_string(q.params.size() + 1) +
                                             " AND m.birth_date <= $" + std::to_string(q.params.size() + 2);
  const std::int64_t part = db.scalar_int64("SELECT count(*)" + std::string(kFrom) + where + " AND " + range, p).value_or(0);
  return before + (count_head ? part : in_month - part);
}

json::object tally_stats(identity::ScopedConn& db, const ListQuery& q, const std::vector<std::int64_t>& roots) {
  const tally::Counts counts = tally::read(db.unscoped(), roots);
  json::object out;
  for (const char* dim : {"status", "sex", "rank", "education"}) {
    json::object by;
    if (auto it = counts.find(dim); it != counts.end())
      for (const auto& [value, n] : it->second)
        if (n != 0) by[value.empty() ? "未填写" : value] = n;
    out[std::string("by_") + dim] = std::move(by);
  }
  std::int64_t total = 0;
  if (auto it = counts.find("total"); it != counts.end())
    for (const auto& [value, n] : it->second) total += n;
  out["total"] = total;
  // Adjacent bands share a cutoff (born_by(36) ends one and starts the
  // next): count each cutoff once.
  std::map<std::string, std::int64_t> on_or_before;
  auto at = [&](const std::string& cutoff) {
    auto it = on_or_before.find(cutoff);
    if (it == on_or_before.end()) it = on_or_before.emplace(cutoff, born_on_or_before(db, q, counts, cutoff)).first;
    return it->second;
  };
  json::object ages;
  for (const auto& band : kBands) ages[band.label] = at(born_by(band.from)) - at(born_by(band.to + 1));
  out["by_age"] = std::move(ages);
  return out;
}

}  // namespace

std::optional<std::vector<std::int64_t>> tally_roots(identity::ScopedConn& db, const ListQuery& q) {
  if (!q.only_subtree) return std::nullopt;
  const auto& scope = db.scope();
  // Single organisations and "only me" are not subtrees: counted by rows (they are small).
  if (scope.has_self() || !scope.orgs().empty()) return std::nullopt;
  auto& c = db.unscoped();
  std::vector<std::int64_t> roots;
  if (q.org_id) {
    if (!scope.is_all()) {
      const auto path = c.scalar_text("SELECT path FROM orgs WHERE id = $1", {*q.org_id});
      if (!path || !scope.contains(*q.org_id, *path)) return std::nullopt;  // partly in scope: count rows
    }
    roots.push_back(*q.org_id);
  } else if (scope.is_all()) {
    c.each("SELECT id FROM orgs WHERE parent_id IS NULL", {}, [&](const store::Row& r) { roots.push_back(r.int64(0)); });
  } else {
    for (const auto& path : scope.subtree_paths()) roots.push_back(orgtree::detail::path_ids(path).back());
  }
  return roots;
}

boost::json::object list_stats(identity::ScopedConn& db, const ListQuery& q) {
  if (auto roots = tally_roots(db, q)) return tally_stats(db, q, *roots);
  return scan_stats(db, q);
}

std::int64_t tally_born_on_or_before(identity::ScopedConn& db, const ListQuery& q,
                                     const std::vector<std::int64_t>& roots, const std::string& cutoff) {
  return born_on_or_before(db, q, tally::read(db.unscoped(), roots), cutoff);
}

boost::json::object list_stats_by_scan(identity::ScopedConn& db, const ListQuery& q) { return scan_stats(db, q); }

}  // namespace dj::member
