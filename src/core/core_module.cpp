#include "core/download.h"
#include "core/core_module.h"

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "core/error.h"
#include "core/identity/context.h"
#include "core/importer/importer.h"
#include "core/importer/jobs.h"
#include "core/crypto/crypto.h"
#include "core/excel/excel.h"
#include "core/identity/identity.h"
#include "core/notify/routes.h"

std::vector<dj::store::Migration> dj_migrations_core();

namespace dj {
namespace {

using http::Request;
using http::Response;

const auto kStarted = std::chrono::steady_clock::now();

double resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

void add_store_collectors(http::Metrics& metrics, store::Store& store) {
  auto stat = [&store](auto field) { return [&store, field] { return static_cast<double>(field(store.stats())); }; };
  metrics.add_collector("dangjian_store_pool_size", "Database connections open.", "gauge",
                        stat([](const store::PoolStats& s) { return s.size; }));
  metrics.add_collector("dangjian_store_pool_in_use", "Database connections checked out.", "gauge",
                        stat([](const store::PoolStats& s) { return s.in_use; }));
  metrics.add_collector("dangjian_store_pool_waiting", "Callers waiting for a connection.", "gauge",
                        stat([](const store::PoolStats& s) { return s.waiting; }));
  metrics.add_collector("dangjian_store_acquired_total", "Connections handed out.", "counter",
                        stat([](const store::PoolStats& s) { return s.acquired_total; }));
  metrics.add_collector("dangjian_store_wait_seconds_total", "Time spent waiting for a connection.",
                        "counter",
                        stat([](const store::PoolStats& s) { return s.wait_ns_total / 1e9; }));
  metrics.add_collector("dangjian_store_retries_total",
                        "Write transactions retried after busy or serialization failures.", "counter",
                        stat([](const store::PoolStats& s) { return s.retries_total; }));
  metrics.add_collector("dangjian_process_resident_memory_bytes", "Resident set size.", "gauge",
                        resident_bytes);
  metrics.add_collector("dangjian_process_uptime_seconds", "Seconds since start.", "gauge", [] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - kStarted).count();
  });
}

}  // namespace

Module core_module(http::Metrics& metrics, const std::vector<store::Migration>* all_migrations) {
  Module m;
  m.name = "core";
  m.migrations = dj_migrations_core();
  m.install = [&metrics, all_migrations](ModuleContext& ctx) {
    add_store_collectors(metrics, ctx.store);
    store::Store* store = &ctx.store;

    // Liveness: the process answers. No store access, so a slow database
    // does not get healthy instances restarted.
    ctx.router.add({http::Method::GET, "/healthz", http::Access::public_route(),
                    [](Request&) { return Response::json({{"status", "ok"}}); }});

    // Readiness: the store answers and the schema is what this binary expects.
    ctx.router.add({http::Method::GET, "/readyz", http::Access::public_route(),
                    [store, all_migrations](Request&) {
                      if (!store->ping())
                        throw ApiError(503, "store_unavailable", "数据库暂时不可用，请稍后重试。");
                      auto status = store::check(*store, *all_migrations);
                      if (!status.pending.empty())
                        throw ApiError(503, "migrations_pending",
                                       "数据库结构尚未升级到当前版本，请运行 dangjian migrate。");
                      return Response::json(
                          {{"status", "ready"}, {"store", "ok"}, {"migrations", "current"}});
                    }});

    // Prometheus scrape endpoint. Public on the loopback listener by default;
    // deployments that expose the port put it behind the reverse proxy's ACL.
    ctx.router.add({http::Method::GET, "/metrics", http::Access::public_route(),
                    [&metrics](Request&) {
                      return Response::text(metrics.render(),
                                            "text/plain; version=0.0.4; charset=utf-8");
                    }});

    identity::install(ctx.router, ctx.identity);
    notify::install_routes(ctx.router);

    // Progress of background work (imports) the caller started: only its owner sees it.
    importer::Jobs* jobs = &ctx.jobs;
    ctx.router.add({http::Method::GET, "/api/v1/jobs/{id}", http::Access::signed_in(), [jobs](Request& req) {
                      auto status = jobs->get(req.param("id"), identity::ctx(req).who().user_id);
                      if (!status) throw ApiError::not_found("任务不存在、已过期或不属于您。");
                      return Response::json(status->to_json());
                    }});
    // A finished import's report as .xlsx, to fix the file from (same owner rule).
    std::string tmp_dir = ctx.data_dir + "/tmp";
    ctx.router.add({http::Method::GET, "/api/v1/jobs/{id}/report", http::Access::signed_in(),
                    [jobs, tmp_dir](Request& req) {
                      auto status = jobs->get(req.param("id"), identity::ctx(req).who().user_id);
                      if (!status) throw ApiError::not_found("任务不存在、已过期或不属于您。");
                      const auto* result = status->result.if_object();
                      if (status->state != "done" || !result || !result->contains("rejected"))
                        throw ApiError::conflict("任务尚未完成或没有导入报告。");
                      download::TempFile file(tmp_dir, ".xlsx");
                      importer::write_report_xlsx(status->result, file.path());
                      return download::xlsx(file.path(), "import-report.xlsx", "导入报告.xlsx");
                    }});
  };
  return m;
}

}  // namespace dj
