// The Scope value without a database: normalisation, merging and the SQL
// text it produces.
#include <gtest/gtest.h>

#include <stdexcept>

#include "core/orgtree/scope.h"

namespace dj::orgtree {
namespace {

using Paths = std::vector<std::string>;

TEST(ScopeAlgebra, ContainedSubtreesCollapse) {
  Scope s;
  s.add_subtree("/1/5/");
  s.add_subtree("/1/");
  EXPECT_EQ(s.subtree_paths(), Paths{"/1/"});
  s.add_subtree("/1/5/9/");  // inside /1/: ignored
  s.add_subtree("/1/");      // duplicate: ignored
  EXPECT_EQ(s.subtree_paths(), Paths{"/1/"});
}

TEST(ScopeAlgebra, MergeKeepsTheOuterSubtreeEitherWay) {
  Scope inner, outer;
  inner.add_subtree("/1/5/");
  outer.add_subtree("/1/");
  Scope a = inner, b = outer;
  a.merge(outer);
  b.merge(inner);
  EXPECT_EQ(a.subtree_paths(), Paths{"/1/"});
  EXPECT_EQ(b.subtree_paths(), Paths{"/1/"});
}

TEST(ScopeAlgebra, SharedDigitsAreNotContainment) {
  Scope s;
  s.add_subtree("/1/5/");
  s.add_subtree("/1/50/");
  s.add_subtree("/10/");
  s.add_subtree("/1/");  // contains /1/5/ and /1/50/, not /10/
  EXPECT_EQ(s.subtree_paths(), (Paths{"/1/", "/10/"}));
}

TEST(ScopeAlgebra, OrgsAreSortedAndUnique) {
  Scope s;
  for (const std::int64_t id : {30, 4, 30, 100, 4}) s.add_org(id);
  EXPECT_EQ(s.orgs(), (std::vector<std::int64_t>{4, 30, 100}));
}

TEST(ScopeAlgebra, EmptyAllAndSelf) {
  EXPECT_TRUE(Scope::nothing().is_empty());
  EXPECT_FALSE(Scope::everything().is_empty());
  EXPECT_TRUE(Scope::everything().is_all());
  Scope self;
  self.add_self(7, 70);
  EXPECT_FALSE(self.is_empty());
  EXPECT_TRUE(self.has_self());
  EXPECT_EQ(self.self_user_id(), 7);
  EXPECT_EQ(self.self_person_id(), 70);
  Scope merged = Scope::nothing();
  merged.merge(self);
  merged.merge(Scope::everything());
  EXPECT_TRUE(merged.is_all());
  EXPECT_TRUE(merged.has_self());
}

TEST(ScopeAlgebra, MalformedPathIsRefused) { EXPECT_THROW(Scope().add_subtree("/1"), std::invalid_argument); }

TEST(ScopeAlgebra, KindNamesRoundTrip) {
  for (const ScopeKind k : {ScopeKind::all, ScopeKind::subtree, ScopeKind::org, ScopeKind::self, ScopeKind::custom,
                            ScopeKind::guided})
    EXPECT_EQ(scope_kind_from_string(to_string(k)), k);
  EXPECT_EQ(to_string(ScopeKind::guided), "guided");
  EXPECT_THROW(scope_kind_from_string("everything"), std::invalid_argument);
}

TEST(ScopePredicate, TrivialScopes) {
  store::Params params{std::int64_t{1}};
  EXPECT_EQ(Scope::everything().org_predicate("m.org_id", params), "1=1");
  EXPECT_EQ(Scope::nothing().org_predicate("m.org_id", params), "1=0");
  Scope self;
  self.add_self(7, 70);
  EXPECT_EQ(self.org_predicate("m.org_id", params), "1=0");  // self rows come through person_predicate
  EXPECT_EQ(params.size(), 1u);
  EXPECT_EQ(self.person_predicate("m.person_id", params), "(m.person_id = $2)");
  EXPECT_EQ(params.back(), store::Value(std::int64_t{70}));
  EXPECT_EQ(Scope::everything().person_predicate("m.person_id", params), "1=0");
}

TEST(ScopePredicate, NumbersPlaceholdersAfterExistingParams) {
  Scope s;
  s.add_subtree("/1/5/");
  s.add_subtree("/2/");
  s.add_org(9);
  s.add_org(11);
  store::Params params{std::string("x"), std::int64_t{2}};
  const std::string sql = s.org_predicate("m.org_id", params);
  EXPECT_EQ(sql,
            "(m.org_id IN (SELECT s_o.id FROM orgs s_o WHERE (s_o.path >= $3 AND s_o.path < $4) OR "
            "(s_o.path >= $5 AND s_o.path < $6)) OR m.org_id IN ($7, $8))");
  EXPECT_EQ(params, (store::Params{std::string("x"), std::int64_t{2}, std::string("/1/5/"), std::string("/1/50"),
                                   std::string("/2/"), std::string("/20"), std::int64_t{9}, std::int64_t{11}}));
}

}  // namespace
}  // namespace dj::orgtree
