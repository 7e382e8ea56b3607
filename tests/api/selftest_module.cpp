#include "selftest_module.h"

#include <boost/json.hpp>

#include <chrono>
#include <thread>

#include "core/error.h"

std::vector<dj::store::Migration> dj_migrations_selftest();

namespace dj::test {
namespace {

using http::Method;
using http::Request;
using http::Response;

// Test routes are public: the test server has no accounts (identity lands later).
const http::Access kOpen = http::Access::public_route().not_audited();

Response write_row(store::Store& store, Request& req) {
  auto body = req.json();
  const auto* obj = body.if_object();
  if (!obj) throw ApiError::bad_request("请求体应为 JSON 对象。");
  const auto* client = obj->if_contains("client");
  const auto* seq = obj->if_contains("seq");
  if (!client || !client->is_string()) throw ApiError::invalid("client 必填。", "client");
  if (!seq || !seq->is_int64()) throw ApiError::invalid("seq 必须是整数。", "seq");
  std::string payload = obj->contains("payload") ? boost::json::serialize(obj->at("payload")) : "null";
  auto id = store.write([&](store::Conn& c) {
    return c.scalar_int64(
        "INSERT INTO selftest_writes(client, seq, payload) VALUES ($1, $2, $3) RETURNING id",
        {std::string(client->as_string()), seq->as_int64(), payload});
  });
  return Response::json({{"id", *id}}, 201);
}

Response list_rows(store::Store& store, Request& req) {
  auto client = req.query("client").value_or("");
  boost::json::array seqs;
  store.read([&](store::Conn& c) {
    c.each("SELECT seq FROM selftest_writes WHERE client = $1 ORDER BY seq", {client},
           [&](const store::Row& r) { seqs.push_back(r.int64(0)); });
  });
  return Response::json({{"client", client}, {"seqs", seqs}});
}

Response fail_with(Request& req) {
  int status = std::stoi(req.param("status"));
  switch (status) {
    case 400: throw ApiError::bad_request("参数有误。", "name");
    case 401: throw ApiError::unauthenticated();
    case 403: throw ApiError::forbidden();
    case 404: throw ApiError::not_found();
    case 409: throw ApiError::conflict("编码已存在。", "code");
    case 422: throw ApiError::invalid("身份证号校验位不正确。", "id_number");
    case 429: throw ApiError::too_many();
    case 500: throw std::runtime_error("secret internal detail: table xyz exploded");
    default: throw ApiError::bad_request("未知的状态码。", "status");
  }
}

}  // namespace

Module selftest_module() {
  Module m;
  m.name = "selftest";
  m.migrations = dj_migrations_selftest();
  m.install = [](ModuleContext& ctx) {
    store::Store* store = &ctx.store;
    ctx.router.add({Method::POST, "/api/v1/_selftest/writes", kOpen,
                    [store](Request& r) { return write_row(*store, r); }});
    ctx.router.add({Method::GET, "/api/v1/_selftest/writes", kOpen,
                    [store](Request& r) { return list_rows(*store, r); }});
    ctx.router.add({Method::GET, "/api/v1/_selftest/error/{status}", kOpen, fail_with});
    // Every registered route with its declared access, for the test that
    // proves each one refuses the anonymous, the unpermitted and the out-of-scope.
    http::Router* router = &ctx.router;
    ctx.router.add({Method::GET, "/api/v1/_selftest/routes", kOpen, [router](Request&) {
                      boost::json::array out;
                      for (const auto& r : router->routes()) {
                        static const char* kFrom[] = {"none", "path_param", "body_field", "org_param", "listing"};
                        static const char* kScope[] = {"none", "org", "self"};
                        out.push_back({{"method", http::to_string(r.method)},
                                       {"pattern", r.pattern},
                                       {"permission", r.access.permission},
                                       {"scope", kScope[static_cast<int>(r.access.scope)]},
                                       {"org_from", kFrom[static_cast<int>(r.access.org.from)]},
                                       {"org_name", r.access.org.name},
                                       {"org_table", r.access.org.table}});
                      }
                      return Response::json(out);
                    }});
    ctx.router.add({Method::POST, "/api/v1/_selftest/echo", kOpen,
                    [](Request& r) { return Response::json(r.json()); }});
    ctx.router.add({Method::GET, "/api/v1/_selftest/sleep", kOpen, [](Request& r) {
                      int ms = std::stoi(r.query("ms").value_or("100"));
                      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
                      return Response::json({{"slept_ms", ms}});
                    }});
    http::Route upload{Method::POST, "/api/v1/_selftest/upload", kOpen, [](Request& r) {
                         return Response::json({{"bytes", r.body.size()}});
                       }};
    upload.upload = true;
    ctx.router.add(std::move(upload));
  };
  m.seed_demo = [](ModuleContext& ctx) {
    store::Store& s = ctx.store;
    s.write([](store::Conn& c) {
      c.exec("INSERT INTO selftest_writes(client, seq, payload) VALUES ('demo', 1, '\"示例\"')");
    });
  };
  return m;
}

}  // namespace dj::test
