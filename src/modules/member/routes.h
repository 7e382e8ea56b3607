// The member module's route groups (installed by member_module.cpp).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

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
boost::json::object list_stats(identity::ScopedConn& db, const ListQuery& q);

// Registers the bench probes member_page, member_search and member_stats (bench_probes.cpp).
void register_bench_probes();

}  // namespace dj::member
