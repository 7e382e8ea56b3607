// The subtree range, the move rewrite and the scope predicate use the unique
// index on path on both databases (EXPLAIN), never a scan of orgs.
#include "core/orgtree/org_row.h"
#include "core/orgtree/scope.h"
#include "core/orgtree/statements.h"
#include "org_fixture.h"

namespace dj::test {
namespace {

using store::Conn;

class PlanTest : public OrgTreeTest {
 protected:
  void SetUp() override {
    OrgTreeTest::SetUp();
    if (!store_) return;
    build_tree(600);
    ddl("CREATE TABLE test_rows (id @ID@, org_id BIGINT NOT NULL);"
        "CREATE INDEX test_rows_org ON test_rows (org_id)");
    store_->write([](Conn& c) {
      c.exec("INSERT INTO test_rows (org_id) SELECT id FROM orgs");
    });
    // Settled statistics (create() leaves dead row versions behind).
    // One statement per call: a multi-statement string is one implicit
    // transaction, which VACUUM refuses.
    if (GetParam() == "pg") {
      store_->read([](Conn& c) {
        c.exec_script("VACUUM ANALYZE orgs");
        c.exec_script("VACUUM ANALYZE test_rows");
      });
    }
  }

  // The plan as one string (SQLite: the detail column of every step;
  // PostgreSQL: the EXPLAIN text). Sequential scans are turned off on
  // PostgreSQL, whose planner may rightly prefer them for a table this small
  // (a plan still shows a Seq Scan when no index can serve the condition);
  // perf_test.cpp checks the unforced plan at 100,000 nodes.
  std::string plan(const std::string& sql, const store::Params& params) {
    return store_->write([&](Conn& c) {
      std::string out;
      if (c.dialect() == store::Dialect::sqlite) {
        const auto r = c.query("EXPLAIN QUERY PLAN " + sql, params);
        for (std::size_t i = 0; i < r.size(); ++i) out += r.text(i, r.column("detail")) + "\n";
      } else {
        c.exec_script("SET LOCAL enable_seqscan = off");
        const auto r = c.query("EXPLAIN " + sql, params);
        for (std::size_t i = 0; i < r.size(); ++i) out += r.text(i, 0) + "\n";
      }
      return out;
    });
  }

  bool sqlite() const { return GetParam() == "sqlite"; }
};

// SQLite's name for the index behind "path TEXT NOT NULL UNIQUE", and the
// range it searches.
const std::string kPathIndex = "sqlite_autoindex_orgs_1 (path>? AND path<?)";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_P(PlanTest, SubtreeIsARangeScan) {
  const std::string sql = orgtree::detail::select_orgs(orgtree::detail::kSubtreeWhere);
  for (const std::int64_t root : {1, 5, 50}) {
    const auto r = orgtree::subtree_range(model_.path(root));
    const std::string p = plan(sql, {r.lo, r.hi});
    if (sqlite()) {
      EXPECT_TRUE(has(p, "SEARCH orgs USING INDEX " + kPathIndex)) << p;
      EXPECT_FALSE(has(p, "TEMP B-TREE")) << "index order is path order\n" << p;
    } else {
      EXPECT_TRUE(has(p, "Index")) << p;
      EXPECT_TRUE(has(p, "orgs_path_key")) << p;
      EXPECT_FALSE(has(p, "Seq Scan")) << p;
    }
  }
}

TEST_P(PlanTest, MoveRewriteIsARangeScan) {
  const auto r = orgtree::subtree_range(model_.path(5));
  const std::string p = plan(std::string(orgtree::detail::kMoveSubtree),
                             {std::string("/100/5/"), std::int64_t{12}, std::int64_t{-3}, std::int64_t{5},
                              std::int64_t{100}, std::int64_t{0}, r.lo, r.hi});
  if (sqlite()) {
    EXPECT_TRUE(has(p, "SEARCH orgs USING COVERING INDEX " + kPathIndex)) << p;
  } else {
    EXPECT_TRUE(has(p, "orgs_path_key")) << p;
    EXPECT_FALSE(has(p, "Seq Scan")) << p;
  }
}

TEST_P(PlanTest, ScopePredicateUsesThePathIndex) {
  orgtree::Scope s;
  s.add_subtree(model_.path(50));
  s.add_subtree(model_.path(100));
  s.add_org(7);
  store::Params params{std::int64_t{0}};
  const std::string sql = "SELECT id FROM test_rows WHERE id > $1 AND " + s.org_predicate("org_id", params);
  const std::string p = plan(sql, params);
  if (sqlite()) {
    // Each OR arm of the subquery is its own index range (MULTI-INDEX OR).
    EXPECT_TRUE(has(p, "SEARCH s_o USING COVERING INDEX " + kPathIndex)) << p;
    EXPECT_FALSE(has(p, "SCAN s_o")) << p;
  } else {
    EXPECT_TRUE(has(p, "orgs_path_key")) << p;
    EXPECT_FALSE(has(p, "Seq Scan on orgs")) << p;
  }
}

DJ_INSTANTIATE_BACKENDS(PlanTest);

}  // namespace
}  // namespace dj::test
