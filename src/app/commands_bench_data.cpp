#include "app/commands_bench_data.h"

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "app/cli_actor.h"
#include "core/audit/audit.h"
#include "core/bench/bench.h"
#include "core/bench/rng.h"
#include "core/bench/sign_in.h"
#include "core/log.h"

namespace dj::app {
namespace {

using Clock = std::chrono::steady_clock;

// The tables whose rows the parts write; counted before and after each part.
const char* const kCountedTables[] = {"orgs",          "members",           "users",          "user_roles",
                                      "target_plans",  "target_items",      "target_item_history",
                                      "target_milestones", "target_reports", "audit_log"};

std::int64_t count_rows(store::Store& s) {
  std::int64_t n = 0;
  for (const char* t : kCountedTables) {
    try {
      n += s.read([&](store::Conn& c) { return c.scalar_int64(std::string("SELECT count(*) FROM ") + t).value_or(0); });
    } catch (const store::Error&) {
      // a module that is not part of this binary
    }
  }
  return n;
}

std::int64_t scalar_or_zero(store::Store& s, const std::string& sql) {
  try {
    return s.read([&](store::Conn& c) { return c.scalar_int64(sql).value_or(0); });
  } catch (const store::Error&) {
    return 0;
  }
}

// SQLite: the database file plus its -wal (what the disk holds right now);
// PostgreSQL: pg_database_size.
std::int64_t database_bytes(const Config& config, store::Store& s) {
  if (!config.is_sqlite())
    return s.read([](store::Conn& c) { return c.scalar_int64("SELECT pg_database_size(current_database())").value_or(0); });
  std::string path = config.db_url();
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  if (auto q = path.find('?'); q != std::string::npos) path.resize(q);
  std::int64_t bytes = 0;
  for (const std::string& f : {path, path + "-wal"}) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(f, ec);
    if (!ec) bytes += static_cast<std::int64_t>(size);
  }
  return bytes;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The audit trail of a year of use: scale.audit_rows rows through the real
// ChainWriter (canonical JSON, HMAC-SM3 chain), actions a committee's staff
// actually cause, by the bench accounts, on organisations all over the tree,
// timestamps rising evenly over the past year up to a minute ago.
void seed_audit(store::Store& s, const bench::Scale& scale) {
  const std::int64_t total = scale.audit_rows;
  if (total <= 0) return;
  std::vector<std::int64_t> orgs;
  std::vector<std::pair<std::int64_t, std::string>> users;
  std::int64_t min_member = 0, max_member = 0;
  s.read([&](store::Conn& c) {
    c.each("SELECT id FROM orgs ORDER BY id", {}, [&](const store::Row& r) { orgs.push_back(r.int64(0)); });
    c.each("SELECT id, username FROM users ORDER BY id", {},
           [&](const store::Row& r) { users.emplace_back(r.int64(0), std::string(r.text(1))); });
    min_member = c.scalar_int64("SELECT min(id) FROM members").value_or(0);
    max_member = c.scalar_int64("SELECT max(id) FROM members").value_or(0);
  });
  if (orgs.empty()) return;
  if (users.empty()) users.emplace_back(0, "bench");
  struct Kind {
    const char* action;
    const char* entity;
    int share;  // out of 100
  };
  static const Kind kinds[] = {
      {"auth.login", "user", 30},         {"member.update", "member", 15}, {"member.reveal", "member", 8},
      {"member.export", "member", 3},     {"member.create", "member", 6},  {"member.transfer", "member", 2},
      {"target.report", "target_report", 14}, {"target.review", "target_report", 10},
      {"target.item_update", "target_item", 5}, {"org.update", "org", 4}, {"user.update", "user", 3},
  };
  const std::int64_t end_ms = now_ms() - 60'000;
  const std::int64_t start_ms = end_ms - 365LL * 24 * 3600 * 1000;
  bench::Rng rng(scale.seed ^ 0x617564697421ULL);
  const std::int64_t batch = bench::kBatchRows * 4;
  for (std::int64_t next = 0; next < total;) {
    const std::int64_t end = std::min(total, next + batch);
    const std::uint64_t saved = rng.next();  // a retried transaction draws the same rows
    s.write([&](store::Conn& c) {
      bench::Rng r(saved);
      audit::lock_chain(c);
      audit::ChainWriter w(c);
      for (std::int64_t i = next; i < end; ++i) {
        auto roll = static_cast<int>(r.below(100));
        const Kind* k = &kinds[0];
        for (const Kind& candidate : kinds) {
          k = &candidate;
          if ((roll -= candidate.share) < 0) break;
        }
        const auto& who = users[r.below(users.size())];
        audit::Actor actor{who.first, who.second, "10." + std::to_string(r.below(256)) + "." +
                                                     std::to_string(r.below(256)) + "." + std::to_string(r.below(256)),
                           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0", "bench-" + std::to_string(i)};
        audit::Entry e;
        e.action = k->action;
        e.entity = k->entity;
        const std::int64_t org = orgs[r.below(orgs.size())];
        e.org_id = org;
        if (e.entity == std::string("member") && max_member > 0)
          e.entity_id = std::to_string(min_member + static_cast<std::int64_t>(r.below(
                                                        static_cast<std::size_t>(max_member - min_member + 1))));
        else if (e.entity == std::string("org"))
          e.entity_id = std::to_string(org);
        else
          e.entity_id = std::to_string(r.below(1'000'000) + 1);
        if (e.action == "member.update")
          e.detail["post"] = boost::json::object{{"from", "科员"}, {"to", "副科长"}};
        else if (e.action == "target.review")
          e.detail["decision"] = r.below(5) ? "accepted" : "returned";
        const std::int64_t at = start_ms + (end_ms - start_ms) * i / total;
        w.add(actor, e, at);
      }
      w.finish();
    });
    next = end;
  }
}

struct Part {
  std::string name;
  double seconds = 0;
  std::int64_t rows = 0;
};

}  // namespace

int cmd_bench_data(const Config& config, const std::vector<ModuleFactory>& modules, const std::string& scale_text) {
  bench::Scale scale;
  try {
    scale = bench::scale_from(scale_text);
  } catch (const std::invalid_argument&) {
    std::cerr << "--scale 应为 city、province 或 100 到 50000000 之间的党员人数。/ " 
              << "scale must be city, province or a member count from 100 to 50000000\n";
    return 2;
  }
  Instance instance(config, modules);
  instance.migrate();
  store::Store& s = instance.store();

  // Benchmarks need a fresh data directory: refuse anything beyond the one
  // root organisation `admin create` makes.
  const std::int64_t members = scalar_or_zero(s, "SELECT count(*) FROM members");
  const std::int64_t orgs = scalar_or_zero(s, "SELECT count(*) FROM orgs");
  const bool seeded = scalar_or_zero(s,
                                     "SELECT count(*) FROM instance_info WHERE key IN "
                                     "('demo_seeded_at_ms', 'bench_scale')") > 0;
  if (members > 0 || orgs > 1 || seeded) {
    std::cerr << "数据库中已有数据（党员 " << members << " 名，组织 " << orgs
              << " 个）。基准测试数据只能写入全新的数据库，请指定新的数据目录（--data-dir）或数据库（--db）。\n"
              << "the database already holds data; bench-data needs a fresh data directory or database.\n";
    return 2;
  }

  // Inserts into the members indexes (collation key, pinyin, hashes) land
  // at random places: with the default 32 MiB page cache the writer rereads
  // index pages from the OS cache for every row once the indexes outgrow it.
  // 1 GiB for this one-off writer connection (the server keeps its default).
  if (config.is_sqlite()) s.write([](store::Conn& c) { c.exec("PRAGMA cache_size = -1048576"); });

  std::vector<Part> parts;
  const auto started = Clock::now();
  auto timed = [&](const std::string& name, const std::function<void()>& fn) {
    const std::int64_t before = count_rows(s);
    const auto t0 = Clock::now();
    log::info("bench-data part", {{"part", name}, {"scale", scale.name}});
    fn();
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    parts.push_back({name, secs, count_rows(s) - before});
  };
  ModuleContext ctx = instance.module_context(cli_actor().username);
  if (scale.is_city()) {
    // City = the demo: every module's seed_demo, as `dangjian demo` does,
    // then seed_bench with the city scale, which only adds bench_admin.
    timed("demo", [&] {
      instance.seed_demo();
      for (auto& m : instance.modules())
        if (m.seed_bench) m.seed_bench(ctx, scale);
    });
  } else {
    for (auto& m : instance.modules())
      if (m.seed_bench) timed(m.name, [&] { m.seed_bench(ctx, scale); });
    timed("audit", [&] { seed_audit(s, scale); });
  }
  s.write([&](store::Conn& c) {
    c.exec("INSERT INTO instance_info(key, value) VALUES ('bench_scale', $1) ON CONFLICT (key) DO NOTHING",
           {scale.name});
  });
  // PostgreSQL's autovacuum would analyse the new tables within minutes;
  // doing it now makes the first benchmark run see the plans every later one
  // sees. SQLite is left as production leaves it: nothing runs ANALYZE there.
  if (!config.is_sqlite()) s.read([](store::Conn& c) { c.exec("ANALYZE"); });
  const double total_secs = std::chrono::duration<double>(Clock::now() - started).count();
  const std::int64_t bytes = database_bytes(config, s);

  std::int64_t total_rows = 0;
  boost::json::array jparts;
  std::cout << "基准测试数据 / bench data, scale " << scale.name << " (" << s.describe() << "):\n";
  for (const Part& p : parts) {
    total_rows += p.rows;
    const double rate = p.seconds > 0 ? static_cast<double>(p.rows) / p.seconds : 0;
    char line[160];
    std::snprintf(line, sizeof line, "  %-8s %10.1f s %12lld 行/rows %12.0f 行每秒/rows/s\n", p.name.c_str(), p.seconds,
                  static_cast<long long>(p.rows), rate);
    std::cout << line;
    jparts.push_back({{"name", p.name}, {"seconds", p.seconds}, {"rows", p.rows}, {"rows_per_s", rate}});
  }
  char line[200];
  std::snprintf(line, sizeof line, "  合计/total %8.1f s %12lld 行/rows, 数据库大小/database size %.1f MiB\n", total_secs,
                static_cast<long long>(total_rows), static_cast<double>(bytes) / (1024.0 * 1024.0));
  std::cout << line;
  boost::json::object out{{"scale", scale.name},
                          {"store", config.is_sqlite() ? "sqlite" : "postgres"},
                          {"members", scale.members},
                          {"orgs", scale.orgs},
                          {"users", scale.users},
                          {"target_items", scale.target_items},
                          {"audit_rows", scale.audit_rows},
                          {"parts", jparts},
                          {"seconds", total_secs},
                          {"rows", total_rows},
                          {"db_bytes", bytes}};
  if (!bench::sign_in().username.empty()) {
    out["username"] = bench::sign_in().username;
    out["password"] = bench::sign_in().password;
  }
  std::cout << boost::json::serialize(boost::json::object{{"bench_data", out}}) << "\n";
  return 0;
}

}  // namespace dj::app
