// Scopes against a real tree: resolve() for every kind, org_predicate inside
// a real query (with parameters already in use), and contains_org agreeing
// with the predicate for every node.
#include "core/orgtree/scope.h"
#include "org_fixture.h"

namespace dj::test {
namespace {

using orgtree::Scope;
using orgtree::ScopeKind;
using store::Conn;

constexpr std::int64_t kPersonOffset = 100000;  // person_id of a test row = org_id + offset

// What a scope should cover, decided by the model rather than by SQL.
struct Expect {
  bool all = false;
  std::vector<std::int64_t> roots, orgs;

  static Expect everything() { return {true, {}, {}}; }
  static Expect none() { return {false, {}, {}}; }
  static Expect trees(std::vector<std::int64_t> r, std::vector<std::int64_t> o = {}) {
    return {false, std::move(r), std::move(o)};
  }
  static Expect only(std::vector<std::int64_t> o) { return {false, {}, std::move(o)}; }

  bool covers(const Model& m, std::int64_t org) const {
    if (all) return true;
    for (const auto r : roots)
      if (m.within(org, r)) return true;
    return std::find(orgs.begin(), orgs.end(), org) != orgs.end();
  }
};

class ScopeTest : public OrgTreeTest {
 protected:
  void SetUp() override {
    OrgTreeTest::SetUp();
    if (!store_) return;
    build_tree(600);
    ddl("CREATE TABLE test_rows (id @ID@, org_id BIGINT NOT NULL, person_id BIGINT NOT NULL);"
        "CREATE INDEX test_rows_org ON test_rows (org_id)");
    store_->write([](Conn& c) {
      // Two rows per organisation.
      for (int i = 0; i < 2; ++i)
        c.exec("INSERT INTO test_rows (org_id, person_id) SELECT id, id + $1 FROM orgs", {kPersonOffset});
      orgtree::add_guidance(c, 1, 10);
    });
    store_->read([&](Conn& c) {
      c.each("SELECT id, org_id FROM test_rows", {},
             [&](const store::Row& r) { row_org_[r.int64(0)] = r.int64(1); });
    });
  }

  Scope resolve(ScopeKind kind, std::int64_t anchor, const std::vector<std::int64_t>& custom = {}) {
    return store_->read([&](Conn& c) { return orgtree::resolve(c, kind, anchor, custom, 77, 777); });
  }

  // Rows the scope admits through org_predicate in a query that already has
  // two parameters of its own, which must keep working.
  std::set<std::int64_t> rows_in(const Scope& s) {
    store::Params params{std::int64_t{3}, std::int64_t{excluded_}};
    const std::string sql =
        "SELECT t.id FROM test_rows t WHERE t.id >= $1 AND t.id <> $2 AND " + s.org_predicate("t.org_id", params);
    std::set<std::int64_t> out;
    store_->read([&](Conn& c) { c.each(sql, params, [&](const store::Row& r) { out.insert(r.int64(0)); }); });
    return out;
  }

  std::set<std::int64_t> expected_rows(const Expect& e) {
    std::set<std::int64_t> out;
    for (const auto& [id, org] : row_org_)
      if (id >= 3 && id != excluded_ && e.covers(model_, org)) out.insert(id);
    return out;
  }

  // contains_org and the predicate give the same answer for every node,
  // and both match the model.
  void expect_agreement(const Scope& s, const Expect& e) {
    store_->read([&](Conn& c) {
      for (const auto& [org, p] : model_.parent) {
        store::Params params{org};
        const std::string sql = "SELECT count(*) FROM orgs o WHERE o.id = $1 AND " + s.org_predicate("o.id", params);
        const bool by_sql = c.scalar_int64(sql, params).value() == 1;
        const bool by_memory = s.contains_org(c, org);
        EXPECT_EQ(by_sql, by_memory) << "org " << org;
        EXPECT_EQ(by_memory, e.covers(model_, org)) << "org " << org;
      }
    });
  }

  void expect_scope(const Scope& s, const Expect& e) {
    const auto want = expected_rows(e);
    EXPECT_EQ(rows_in(s), want);
    expect_agreement(s, e);
  }

  std::map<std::int64_t, std::int64_t> row_org_;  // test row id -> org id
  std::int64_t excluded_ = 20;
};

TEST_P(ScopeTest, AllAndNothing) {
  const Scope all = resolve(ScopeKind::all, 5);
  EXPECT_TRUE(all.is_all());
  expect_scope(all, Expect::everything());
  EXPECT_EQ(rows_in(all).size(), row_org_.size() - 3);  // ids 1, 2 and the excluded one
  const Scope none = Scope::nothing();
  EXPECT_TRUE(rows_in(none).empty());
  expect_scope(none, Expect::none());
}

TEST_P(ScopeTest, SubtreeCoversDescendantsOnly) {
  const Scope s = resolve(ScopeKind::subtree, 5);
  EXPECT_EQ(s.subtree_paths(), std::vector<std::string>{"/1/2/3/4/5/"});
  store_->read([&](Conn& c) {
    EXPECT_TRUE(s.contains_org(c, 5));
    EXPECT_TRUE(s.contains_org(c, 50));
    EXPECT_TRUE(s.contains_org(c, 500));
    EXPECT_TRUE(s.contains_org(c, 11));  // the tenth level
    EXPECT_FALSE(s.contains_org(c, 4));  // the parent
    EXPECT_FALSE(s.contains_org(c, 1));
    EXPECT_FALSE(s.contains_org(c, 10));
    EXPECT_FALSE(s.contains_org(c, 9999));  // no such org
  });
  expect_scope(s, Expect::trees({5}));
  const Scope fifty = resolve(ScopeKind::subtree, 50);
  store_->read([&](Conn& c) {
    EXPECT_FALSE(fifty.contains_org(c, 55));   // a sibling
    EXPECT_FALSE(fifty.contains_org(c, 500));  // a sibling whose id starts with 50
    EXPECT_FALSE(fifty.contains_org(c, 5));    // the parent
  });
  expect_scope(fifty, Expect::trees({50}));
  expect_scope(resolve(ScopeKind::subtree, 10), Expect::trees({10}));  // "/10/" and not "/100/"
  EXPECT_TRUE(resolve(ScopeKind::subtree, 9999).is_empty());
}

TEST_P(ScopeTest, OrgCoversOnlyItself) {
  const Scope s = resolve(ScopeKind::org, 5);
  EXPECT_EQ(s.orgs(), std::vector<std::int64_t>{5});
  expect_scope(s, Expect::only({5}));
  EXPECT_TRUE(resolve(ScopeKind::org, 9999).is_empty());
}

TEST_P(ScopeTest, CustomIsExactlyTheList) {
  const Scope s = resolve(ScopeKind::custom, 1, {600, 5, 55, 5});
  EXPECT_EQ(s.orgs(), (std::vector<std::int64_t>{5, 55, 600}));
  expect_scope(s, Expect::only({5, 55, 600}));
}

TEST_P(ScopeTest, SelfMatchesOnlyTheCallersPerson) {
  const Scope s = resolve(ScopeKind::self, 5);
  EXPECT_TRUE(s.has_self());
  EXPECT_EQ(s.self_user_id(), 77);
  EXPECT_EQ(s.self_person_id(), 777);
  expect_scope(s, Expect::none());  // no organisation's rows
  store::Params params;
  const std::string sql = "SELECT count(*) FROM test_rows WHERE " + s.person_predicate("person_id", params);
  // Person 777 owns no test row; the person of org 42's rows owns two.
  Scope mine;
  mine.add_self(1, 42 + kPersonOffset);
  store::Params mine_params{std::int64_t{0}};
  const std::string mine_sql =
      "SELECT count(*) FROM test_rows WHERE id > $1 AND " + mine.person_predicate("person_id", mine_params);
  store_->read([&](Conn& c) {
    EXPECT_EQ(c.scalar_int64(sql, params), 0);
    EXPECT_EQ(c.scalar_int64(mine_sql, mine_params), 2);  // the two rows of org 42's person
  });
}

TEST_P(ScopeTest, GuidedCoversTheGuidedCommitteesTree) {
  const Scope s = resolve(ScopeKind::guided, 1);  // committee 1 guides committee 10
  EXPECT_EQ(s.subtree_paths(), (std::vector<std::string>{"/1/", "/10/"}));
  store_->read([&](Conn& c) {
    EXPECT_TRUE(s.contains_org(c, 11));
    EXPECT_TRUE(s.contains_org(c, 10));
    EXPECT_FALSE(s.contains_org(c, 100));
  });
  expect_scope(s, Expect::trees({1, 10}));
  // Guidance is one-way: committee 10 sees only its own tree.
  expect_scope(resolve(ScopeKind::guided, 10), Expect::trees({10}));
  // A guided anchor below the top: its own subtree plus what it guides.
  store_->write([](Conn& c) { orgtree::add_guidance(c, 50, 100); });
  expect_scope(resolve(ScopeKind::guided, 50), Expect::trees({50, 100}));
}

TEST_P(ScopeTest, MixedScopes) {
  Scope s = resolve(ScopeKind::subtree, 50);
  s.merge(resolve(ScopeKind::subtree, 10));
  s.merge(resolve(ScopeKind::custom, 0, {1, 500, 55}));
  s.merge(resolve(ScopeKind::subtree, 5));  // swallows /…/5/50/
  EXPECT_EQ(s.subtree_paths(), (std::vector<std::string>{"/1/2/3/4/5/", "/10/"}));
  expect_scope(s, Expect::trees({5, 10}, {1, 500, 55}));

  Scope orgs_and_tree = resolve(ScopeKind::custom, 0, {100, 2, 4});
  orgs_and_tree.merge(resolve(ScopeKind::subtree, 55));
  expect_scope(orgs_and_tree, Expect::trees({55}, {100, 2, 4}));
}

TEST_P(ScopeTest, RenumberingAfterManyParams) {
  // Ten parameters already present: placeholders continue at $11, and an
  // off-by-one would bind a path where an id belongs (or fail to prepare).
  Scope s = resolve(ScopeKind::subtree, 10);
  s.add_org(3);
  store::Params params;
  std::string sql = "SELECT count(*) FROM test_rows t WHERE t.id NOT IN (";
  for (int i = 1; i <= 10; ++i) {
    params.emplace_back(std::int64_t{-i});
    sql += (i > 1 ? ", $" : "$") + std::to_string(i);
  }
  sql += ") AND " + s.org_predicate("t.org_id", params);
  EXPECT_EQ(params.size(), 13u);
  const auto want = model_.subtree(10).size() * 2 + 2;
  store_->read([&](Conn& c) { EXPECT_EQ(c.scalar_int64(sql, params), static_cast<std::int64_t>(want)); });
}

DJ_INSTANTIATE_BACKENDS(ScopeTest);

}  // namespace
}  // namespace dj::test
