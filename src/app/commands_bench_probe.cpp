#include "app/commands_bench_probe.h"

#include <sys/resource.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <iostream>
#include <map>

#include "core/bench/bench.h"

namespace dj::app {
namespace {

// User + system CPU time of this process, in µs.
std::int64_t cpu_us() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  auto us = [](const timeval& t) { return std::int64_t{t.tv_sec} * 1'000'000 + t.tv_usec; };
  return us(ru.ru_utime) + us(ru.ru_stime);
}

std::int64_t wall_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// PostgreSQL only: the CPU ticks of the database's backends (the probe's
// query runs there, not in this process), read from /proc when the server is
// on this machine; -1 when it is not (or on SQLite).
std::int64_t backend_ticks(store::Store& store) {
  std::vector<std::int64_t> pids;
  store.read([&](store::Conn& c) {
    c.each("SELECT pid FROM pg_stat_activity WHERE datname = current_database()", {},
           [&](const store::Row& r) { pids.push_back(r.int64(0)); });
  });
  std::int64_t ticks = 0;
  bool any = false;
  for (auto pid : pids) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(stat.substr(close + 2));
    std::string f;
    std::int64_t utime = 0, stime = 0;
    for (int i = 0; i < 13 && fields >> f; ++i) {
      if (i == 11) utime = std::stoll(f);
      if (i == 12) stime = std::stoll(f);
    }
    ticks += utime + stime;
    any = true;
  }
  return any ? ticks : -1;
}

}  // namespace

int cmd_bench_probe(const Config& config, const std::vector<ModuleFactory>& modules, const BenchProbeArgs& a) {
  Instance instance(config, modules);  // the module factories register their probes
  const auto& probes = bench::probes();
  if (a.name.empty()) {
    std::cout << "探针 / probes:\n";
    for (const auto& [name, probe] : probes) std::cout << "  " << name << "\n";
    return 0;
  }
  auto it = probes.find(a.name);
  if (it == probes.end()) {
    std::cerr << "没有名为 " << a.name << " 的探针（不带参数运行可列出全部）/ unknown probe\n";
    return 2;
  }
  std::map<std::string, std::string> args;
  for (const auto& kv : a.args) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "参数应为 名称=值：" << kv << " / --arg must be k=v\n";
      return 2;
    }
    args[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  instance.migrate();
  const auto& probe = it->second;
  std::size_t bytes = 0;
  for (int i = 0; i < a.warmup; ++i) bytes = probe(instance.store(), args);

  const bool pg = config.db_url().rfind("postgres", 0) == 0;
  const std::int64_t db0 = pg ? backend_ticks(instance.store()) : -1;
  const std::int64_t cpu0 = cpu_us(), wall0 = wall_us();
  std::size_t total_bytes = 0;
  for (int i = 0; i < a.iterations; ++i) total_bytes += probe(instance.store(), args);
  const double n = a.iterations;
  const double cpu = static_cast<double>(cpu_us() - cpu0) / n;
  const double wall = static_cast<double>(wall_us() - wall0) / n;
  bytes = total_bytes / static_cast<std::size_t>(a.iterations);
  const std::int64_t db1 = pg ? backend_ticks(instance.store()) : -1;
  // The database's share (PostgreSQL backends on this machine), µs per call; null on SQLite.
  std::string db_cpu = "null";
  if (db0 >= 0 && db1 >= db0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(db1 - db0) * 1e6 / static_cast<double>(::sysconf(_SC_CLK_TCK)) / n);
    db_cpu = buf;
  }

  std::printf("%s: %d 次 / calls, CPU %.1f µs/次, 墙钟 / wall %.1f µs/次, %zu 字节 / bytes\n", a.name.c_str(),
              a.iterations, cpu, wall, bytes);
  boost::json::object args_json;
  for (const auto& [k, v] : args) args_json[k] = v;
  // By hand, so the figures read 1978.1 rather than 1.9781E3.
  std::printf("{\"probe\":%s,\"iterations\":%d,\"cpu_us_per_call\":%.1f,\"wall_us_per_call\":%.1f,"
              "\"db_cpu_us_per_call\":%s,\"bytes\":%zu,\"args\":%s}\n",
              boost::json::serialize(boost::json::value(a.name)).c_str(), a.iterations, cpu, wall, db_cpu.c_str(), bytes,
              boost::json::serialize(args_json).c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace dj::app
