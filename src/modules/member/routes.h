// The member module's route groups (installed by member_module.cpp).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/identity/context.h"
#include "core/input.h"
#include "core/module.h"
#include "modules/member/list_query.h"

namespace dj::member {

void install_member_routes(ModuleContext& ctx);  // list, detail, create, update, reveal, transfer, stats
void install_file_routes(ModuleContext& ctx);    // export, import template, import

// The bodies of GET /api/v1/members (one page) and /api/v1/members/stats, read
// through `db`: what the handlers return and what the bench probes measure
// (routes_members.cpp).
boost::json::value list_page(identity::ScopedConn& db, const ListQuery& q, const input::Paging& paging);
boost::json::object list_stats(identity::ScopedConn& db, const ListQuery& q);  // member_stats.cpp
// The same figures always counted from the rows (what list_stats returns when
// the tallies cannot answer); tests compare the two.
boost::json::object list_stats_by_scan(identity::ScopedConn& db, const ListQuery& q);
// The subtrees whose member tallies answer `q` for the caller of `db`
// (everyone in them, no other filter), or nullopt when rows must be counted.
std::optional<std::vector<std::int64_t>> tally_roots(identity::ScopedConn& db, const ListQuery& q);
// Members of `roots` (from tally_roots(q)) born on or before `cutoff`
// ("YYYY-MM-DD"): what the age bands are made of (exposed for tests).
std::int64_t tally_born_on_or_before(identity::ScopedConn& db, const ListQuery& q,
                                     const std::vector<std::int64_t>& roots, const std::string& cutoff);

// Registers the bench probes member_page, member_search and member_stats (bench_probes.cpp).
void register_bench_probes();

}  // namespace dj::member
