// Province scale: a 100,000-node, 10-level tree. Prints the time of subtree
// queries and of org_predicate inside a 200,000-row query, and compares the
// predicate's uncorrelated IN form with a correlated EXISTS. The assertions
// are on results and on a generous time bound; the plans are proven in
// plan_test.cpp. DANGJIAN_ORGTREE_PERF_NODES overrides the size.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "core/orgtree/org_row.h"
#include "core/orgtree/scope.h"
#include "core/orgtree/statements.h"
#include "org_fixture.h"

namespace dj::test {
namespace {

using store::Conn;

// The suite checks correctness and the query plan on a tree big enough for
// the planners to prefer the index; timings at province scale (100,000
// nodes) are a benchmark: DANGJIAN_ORGTREE_PERF_NODES=100000 (bench/README.md).
int node_count() {
  const char* v = std::getenv("DANGJIAN_ORGTREE_PERF_NODES");
  return v && *v ? std::max(100, std::atoi(v)) : 5000;
}

// Median wall time of `runs` calls of fn, in milliseconds.
template <class F>
double median_ms(int runs, F&& fn) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

class PerfTest : public OrgTreeTest {
 protected:
  // Bulk-loads the tree with explicit ids (create() per node would measure
  // round trips, not the tree): parents drawn at random among nodes above
  // the tenth level, so depths run 0..9 and fan-out is uneven as in life.
  void load(int n) {
    std::vector<int> depth(n + 1, 0);
    std::vector<std::string> path(n + 1);
    std::vector<std::int64_t> parent(n + 1, 0), open{1};
    path[1] = "/1/";
    std::uint64_t rng = 99;
    for (int id = 2; id <= n; ++id) {
      rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
      const std::int64_t p = open[(rng >> 33) % open.size()];
      parent[id] = p;
      depth[id] = depth[p] + 1;
      path[id] = path[p] + std::to_string(id) + "/";
      if (depth[id] < 9) open.push_back(id);
    }
    constexpr int kBatch = 1000;
    store_->write([&](Conn& c) {
      for (int first = 1; first <= n; first += kBatch) {
        const int last = std::min(n, first + kBatch - 1);
        std::string sql =
            "INSERT INTO orgs (id, parent_id, path, depth, name, code, type, created_at_ms, updated_at_ms) VALUES ";
        store::Params params;
        for (int id = first; id <= last; ++id) {
          const auto base = params.size();
          params.emplace_back(std::int64_t{id});
          params.emplace_back(parent[id] ? store::Value(parent[id]) : store::Value());
          params.emplace_back(path[id]);
          params.emplace_back(std::int64_t{depth[id]});
          params.emplace_back("组织" + std::to_string(id));
          params.emplace_back("P" + std::to_string(id));
          sql += id > first ? ", (" : "(";
          for (std::size_t k = 1; k <= 6; ++k) sql += "$" + std::to_string(base + k) + ", ";
          sql += "'党支部', 0, 0)";
        }
        c.exec(sql, params);
      }
      c.exec("INSERT INTO test_rows (org_id) SELECT id FROM orgs");
      c.exec("INSERT INTO test_rows (org_id) SELECT id FROM orgs");
    });
    if (store_->dialect() == store::Dialect::postgres)
      store_->read([](Conn& c) { c.exec_script("ANALYZE orgs; ANALYZE test_rows"); });
    // Subtree sizes in one pass: a parent's id is always below its children's.
    size_.assign(n + 1, 1);
    for (int id = n; id >= 2; --id) size_[parent[id]] += size_[id];
    depth_ = std::move(depth);
    path_ = std::move(path);
  }

  std::int64_t first_at_depth(int d) const {
    for (std::size_t id = 1; id < depth_.size(); ++id)
      if (depth_[id] == d) return static_cast<std::int64_t>(id);
    return 0;
  }

  std::vector<int> depth_;
  std::vector<std::string> path_;
  std::vector<std::size_t> size_;  // nodes in each node's subtree, itself included
};

TEST_P(PerfTest, ProvinceScaleSubtreeAndPredicate) {
  const int n = node_count();
  ddl("CREATE TABLE test_rows (id @ID@, org_id BIGINT NOT NULL); CREATE INDEX test_rows_org ON test_rows (org_id)");
  load(n);
  const auto backend = GetParam();

  for (const int d : {0, 1, 3}) {
    const std::int64_t root = first_at_depth(d);
    ASSERT_NE(root, 0);
    const auto want = size_[root];
    std::size_t got = 0;
    const double ms = store_->read([&](Conn& c) {
      return median_ms(3, [&] { got = orgtree::subtree(c, root).size(); });
    });
    EXPECT_EQ(got, want);
    EXPECT_LT(ms, 5000.0);
    // The range scan alone, without building Org objects on our side.
    const auto r = orgtree::subtree_range(path_[root]);
    std::int64_t counted = 0;
    const double scan_ms = store_->read([&](Conn& c) {
      return median_ms(5, [&] {
        counted = c.scalar_int64("SELECT count(*) FROM orgs WHERE path >= $1 AND path < $2", {r.lo, r.hi}).value();
      });
    });
    EXPECT_EQ(counted, static_cast<std::int64_t>(want));
    std::printf("[perf %s] %d nodes: subtree(depth %d) -> %zu orgs in %.2f ms (range count alone %.2f ms)\n",
                backend.c_str(), n, d, got, ms, scan_ms);
  }

  // At this size PostgreSQL's planner picks the path index by itself.
  if (backend == "pg") {
    const auto r = orgtree::subtree_range(path_[first_at_depth(3)]);
    const auto plan = store_->read([&](Conn& c) {
      return c.query("EXPLAIN " + orgtree::detail::select_orgs(orgtree::detail::kSubtreeWhere), {r.lo, r.hi});
    });
    std::string text;
    for (std::size_t i = 0; i < plan.size(); ++i) text += plan.text(i, 0) + "\n";
    EXPECT_NE(text.find("orgs_path_key"), std::string::npos) << text;
  }

  // The predicate inside a larger query, for a mid-sized scope.
  const std::int64_t anchor = first_at_depth(2);
  const orgtree::Scope scope = store_->read(
      [&](Conn& c) { return orgtree::resolve(c, orgtree::ScopeKind::subtree, anchor, {}, 0, 0); });
  const auto want_rows = static_cast<std::int64_t>(size_[anchor] * 2);
  store::Params in_params;
  const std::string in_sql = "SELECT count(*) FROM test_rows t WHERE " + scope.org_predicate("t.org_id", in_params);
  const auto range = orgtree::subtree_range(scope.subtree_paths().at(0));
  const std::string exists_sql =
      "SELECT count(*) FROM test_rows t WHERE EXISTS (SELECT 1 FROM orgs s_o WHERE s_o.id = t.org_id "
      "AND s_o.path >= $1 AND s_o.path < $2)";
  for (const auto& [label, sql, params] :
       {std::tuple{"IN", in_sql, in_params}, std::tuple{"EXISTS", exists_sql, store::Params{range.lo, range.hi}}}) {
    std::int64_t got = 0;
    const double ms = store_->read([&](Conn& c) {
      return median_ms(3, [&] { got = c.scalar_int64(sql, params).value(); });
    });
    EXPECT_EQ(got, want_rows) << label;
    std::printf("[perf %s] %d nodes, %d rows: org_predicate (%s) over a %lld-org scope in %.2f ms\n",
                backend.c_str(), n, 2 * n, label, static_cast<long long>(want_rows / 2), ms);
  }

  const double contains_ms = store_->read([&](Conn& c) {
    return median_ms(101, [&] { (void)scope.contains_org(c, static_cast<std::int64_t>(n)); });
  });
  std::printf("[perf %s] contains_org in %.3f ms\n", backend.c_str(), contains_ms);
}

DJ_INSTANTIATE_BACKENDS(PerfTest);

}  // namespace
}  // namespace dj::test
