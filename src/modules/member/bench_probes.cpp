// The member module's bench probes (`dangjian bench probe NAME`, bench/README.md):
// the query limit of GET /api/v1/members and /stats — the handlers' own
// functions (list_query, list_page, list_stats) and JSON serialisation, with
// the scope of an "all" binding (the demo's gwadmin), without HTTP, session
// or guard. Arguments are the endpoint's query parameters (org_id, q, …).
#include <cctype>
#include <cstdio>
#include <map>

#include "core/bench/bench.h"
#include "modules/member/routes.h"

namespace dj::member {
namespace {

std::string percent_encode(const std::string& s) {
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      out += buf;
    }
  }
  return out;
}

// A GET request carrying `args` (over `defaults`) as its query string.
http::Request request_of(const std::string& path, std::map<std::string, std::string> args,
                         const std::map<std::string, std::string>& defaults) {
  for (const auto& [k, v] : defaults) args.emplace(k, v);
  http::Request req;
  req.method = http::Method::GET;
  req.path = path;
  for (const auto& [k, v] : args) {
    if (v.empty()) continue;
    req.query_string += (req.query_string.empty() ? "" : "&") + percent_encode(k) + "=" + percent_encode(v);
  }
  req.target = path + (req.query_string.empty() ? "" : "?" + req.query_string);
  return req;
}

std::string root_org(store::Store& store) {
  return std::to_string(store.read([](store::Conn& c) {
    return c.scalar_int64("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").value_or(0);
  }));
}

std::size_t page(store::Store& store, const http::Request& req) {
  const auto paging = input::paging(req);
  const ListQuery q = list_query(req);
  const auto scope = orgtree::Scope::everything();
  auto body = store.read([&](store::Conn& c) {
    identity::ScopedConn db(c, scope);
    return list_page(db, q, paging);
  });
  return http::Response::json(body).body.size();
}

}  // namespace

void register_bench_probes() {
  // Page 1 (20 rows, masked) of the subtree of org_id (default: the root).
  bench::register_probe("member_page", [](store::Store& store, const std::map<std::string, std::string>& args) {
    const std::string org = args.count("org_id") ? args.at("org_id") : root_org(store);
    return page(store, request_of("/api/v1/members", args, {{"org_id", org}}));
  });
  // Name prefix / pinyin initials search (q, default "zs"), page 1.
  bench::register_probe("member_search", [](store::Store& store, const std::map<std::string, std::string>& args) {
    return page(store, request_of("/api/v1/members", args, {{"q", "zs"}}));
  });
  // The statistics of the whole tree (or of org_id's subtree).
  bench::register_probe("member_stats", [](store::Store& store, const std::map<std::string, std::string>& args) {
    const http::Request req = request_of("/api/v1/members/stats", args, {});
    const ListQuery q = list_query(req);
    const auto scope = orgtree::Scope::everything();
    auto body = store.read([&](store::Conn& c) {
      identity::ScopedConn db(c, scope);
      return list_stats(db, q);
    });
    return http::Response::json(body).body.size();
  });
}

}  // namespace dj::member
