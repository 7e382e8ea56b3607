// "This node and everything below" on a 10-level tree: the list route's
// answer against an independent model, and the plan of the very statement
// the route runs (list_query.h) — a range scan of the unique path index on
// both databases, never a scan of the table.
#include <map>
#include <set>

#include "core/orgtree/orgtree.h"
#include "core/orgtree/scope.h"
#include "modules/org/list_query.h"
#include "org_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

class OrgSubtree : public OrgApiTest {
 protected:
  // Depths 0..9 below the root: a chain reaching the tenth level, and other
  // nodes hung on random earlier nodes by a fixed LCG. Ids run on from the
  // fixture's (so "5" and "50".."59" both exist and share a prefix).
  void build() {
    make_org_world();
    parent_[root_] = 0;
    parent_[org_a_] = root_;
    parent_[org_a1_] = org_a_;
    parent_[org_b_] = root_;
    store().write([&](store::Conn& c) {
      std::uint64_t rng = 4242;
      std::vector<std::int64_t> open{root_, org_a_, org_a1_, org_b_};
      std::int64_t chain = root_;
      for (int i = 0; i < 140; ++i) {
        std::int64_t parent;
        if (i < 9) {
          parent = chain;
        } else {
          rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
          parent = open[(rng >> 33) % open.size()];
        }
        orgtree::NewOrg o;
        o.parent_id = parent;
        o.code = "T" + std::to_string(i);
        o.name = "测试组织" + std::to_string(i);
        o.type = "党支部";
        const std::int64_t id = orgtree::create(c, o);
        parent_[id] = parent;
        if (i < 9) {
          chain = id;
          chain_.push_back(id);
        }
        if (depth(id) < 9) open.push_back(id);
      }
    });
  }
  int depth(std::int64_t id) const {
    int d = 0;
    for (std::int64_t n = parent_.at(id); n != 0; n = parent_.at(n)) ++d;
    return d;
  }
  std::set<std::int64_t> subtree(std::int64_t root) const {
    std::set<std::int64_t> out;
    for (const auto& [id, p] : parent_)
      for (std::int64_t n = id; n != 0; n = parent_.at(n))
        if (n == root) out.insert(id);
    return out;
  }
  std::string path_of(std::int64_t id) {
    return store().read([&](store::Conn& c) { return *c.scalar_text("SELECT path FROM orgs WHERE id = $1", {id}); });
  }

  // The plan as one string, statistics settled; sequential scans off on
  // PostgreSQL, whose planner may rightly prefer one for a table this small
  // (a plan still shows a Seq Scan when no index can serve the condition).
  std::string plan(const std::string& sql, const store::Params& params) {
    if (GetParam() == "pg") store().read([](store::Conn& c) { c.exec_script("ANALYZE orgs"); });
    return store().write([&](store::Conn& c) {
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

  // The route's statement for a subtree, with the scope marker expanded as ScopedConn does.
  std::pair<std::string, store::Params> statement(std::int64_t root, const orgtree::Scope& scope) {
    org::ListFilter f;
    f.subtree = orgtree::subtree_range(path_of(root));
    store::Params params;
    std::string where = org::list_where(f, params);
    const std::string marker = "@SCOPE(o.id)@";
    where.replace(where.find(marker), marker.size(), "(" + scope.org_predicate("o.id", params) + ")");
    return {org::list_select(where, " LIMIT 5000 OFFSET 0"), params};
  }

  std::map<std::int64_t, std::int64_t> parent_;
  std::vector<std::int64_t> chain_;
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_P(OrgSubtree, TheListOfASubtreeIsExactlyTheSubtreeOnTenLevels) {
  build();
  ASSERT_EQ(chain_.size(), 9u);
  EXPECT_EQ(depth(chain_.back()), 9) << "the tree has ten levels";
  EXPECT_EQ(scalar("SELECT max(depth) FROM orgs"), 9);
  for (const std::int64_t root : {root_, org_a_, chain_[2], chain_[4], chain_[8], std::int64_t{5}}) {
    Reply r = bossb_->get("/api/v1/orgs?page_size=5000&root_id=" + std::to_string(root));
    ASSERT_EQ(r.status, 200) << r.body;
    const json::value v = r.json();
    std::set<std::int64_t> got;
    std::set<std::int64_t> seen;
    for (const auto& o : v.at("items").as_array()) {
      const std::int64_t id = o.at("id").as_int64();
      got.insert(id);
      // Path order: every parent before its children.
      if (id != root) {
        EXPECT_TRUE(seen.contains(o.at("parent_id").as_int64())) << id;
      }
      seen.insert(id);
    }
    EXPECT_EQ(got, subtree(root)) << "root " << root;
    EXPECT_EQ(v.at("total").as_int64(), static_cast<std::int64_t>(subtree(root).size()));
  }
  // The scoped user's subtree query is cut to A's subtree.
  Reply r = scopedb_->get("/api/v1/orgs?page_size=5000&root_id=" + std::to_string(root_));
  std::set<std::int64_t> got;
  const json::value scoped = r.json();
  for (const auto& o : scoped.at("items").as_array()) got.insert(o.at("id").as_int64());
  EXPECT_EQ(got, subtree(org_a_));
}

TEST_P(OrgSubtree, TheSubtreeQueryIsOneRangeScanOfThePathIndex) {
  build();
  for (const std::int64_t root : {root_, chain_[4]}) {
    const auto [sql, params] = statement(root, orgtree::Scope::everything());
    const std::string p = plan(sql, params);
    if (GetParam() == "sqlite") {
      EXPECT_TRUE(has(p, "SEARCH o USING INDEX sqlite_autoindex_orgs_1 (path>? AND path<?)")) << p;
      EXPECT_FALSE(has(p, "SCAN o")) << p;
      EXPECT_FALSE(has(p, "TEMP B-TREE")) << "index order is path order\n" << p;
      EXPECT_FALSE(has(p, "SCAN k")) << "child counts use the parent index\n" << p;
    } else {
      EXPECT_TRUE(has(p, "Index Scan using orgs_path_key on orgs o") || has(p, "Bitmap Index Scan on orgs_path_key"))
          << p;
      EXPECT_FALSE(has(p, "Seq Scan")) << p;
    }
  }
  // Through a subtree scope (the scoped user's query): still no table scan.
  orgtree::Scope scope;
  scope.add_subtree(path_of(org_a_));
  const auto [sql, params] = statement(root_, scope);
  const std::string p = plan(sql, params);
  if (GetParam() == "sqlite") {
    EXPECT_TRUE(has(p, "sqlite_autoindex_orgs_1")) << p;
    EXPECT_FALSE(has(p, "SCAN o\n")) << p;
    EXPECT_FALSE(has(p, "SCAN s_o")) << p;
  } else {
    EXPECT_TRUE(has(p, "orgs_path_key")) << p;
    EXPECT_FALSE(has(p, "Seq Scan")) << p;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, OrgSubtree, ::testing::Values("sqlite", "pg"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace dj::test
