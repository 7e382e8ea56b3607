// Reads over a 10-level tree of a few thousand nodes whose ids share digit
// prefixes (1 / 10 / 100, 5 / 50 / 55 / 500), each checked against the model.
#include "org_fixture.h"

namespace dj::test {
namespace {

using store::Conn;

constexpr int kNodes = 2000;

class TreeTest : public OrgTreeTest {
 protected:
  void SetUp() override {
    OrgTreeTest::SetUp();
    if (!store_) return;
    build_tree(kNodes);
  }
};

TEST_P(TreeTest, ShapeIsAsDesigned) {
  expect_consistent();
  std::set<int> depths;
  for (const auto& [id, p] : model_.parent) depths.insert(model_.depth(id));
  EXPECT_EQ(depths.size(), 10u);
  EXPECT_EQ(*depths.rbegin(), 9);
  EXPECT_EQ(model_.path(11), "/1/2/3/4/5/6/7/8/9/11/");
  EXPECT_EQ(model_.path(500), "/1/2/3/4/5/500/");
  EXPECT_EQ(model_.parent.at(100), 0);
  EXPECT_GT(model_.subtree(100).size(), 5u);  // later roots have trees too
  EXPECT_GT(model_.subtree(10).size(), 5u);
}

TEST_P(TreeTest, SubtreeIsExactForEveryNode) {
  store_->read([&](Conn& c) {
    for (const auto& [id, p] : model_.parent) {
      const auto rows = orgtree::subtree(c, id);
      ASSERT_FALSE(rows.empty()) << id;
      EXPECT_EQ(rows.front().id, id) << "root first";
      for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_LT(rows[i - 1].path, rows[i].path) << id;
      EXPECT_EQ(ids_of(rows), model_.subtree(id)) << id;
    }
    EXPECT_TRUE(orgtree::subtree(c, kNodes + 1).empty());
  });
}

TEST_P(TreeTest, PrefixSiblingsStayOut) {
  store_->read([&](Conn& c) {
    const auto one = ids_of(orgtree::subtree(c, 1));
    EXPECT_FALSE(one.contains(10));
    EXPECT_FALSE(one.contains(100));
    const auto ten = ids_of(orgtree::subtree(c, 10));  // range ["/10/", "/100") ends just before "/100/"
    EXPECT_FALSE(ten.contains(100));
    EXPECT_FALSE(ten.contains(1));
    const auto fifty = ids_of(orgtree::subtree(c, 50));  // "/1/2/3/4/5/50/" vs ".../5/500/"
    EXPECT_FALSE(fifty.contains(500));
    EXPECT_FALSE(fifty.contains(5));
    EXPECT_FALSE(fifty.contains(55));
    const auto five = ids_of(orgtree::subtree(c, 5));
    EXPECT_TRUE(five.contains(50) && five.contains(55) && five.contains(500) && five.contains(11));
  });
}

TEST_P(TreeTest, AncestorsRootFirst) {
  store_->read([&](Conn& c) {
    std::vector<std::int64_t> got;
    for (const auto& o : orgtree::ancestors(c, 11)) got.push_back(o.id);
    EXPECT_EQ(got, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
    EXPECT_TRUE(orgtree::ancestors(c, 100).empty());
    EXPECT_TRUE(orgtree::ancestors(c, kNodes + 1).empty());
    for (std::int64_t id = 1; id <= kNodes; id += 7) {
      std::vector<std::int64_t> want;
      for (std::int64_t n = model_.parent.at(id); n != 0; n = model_.parent.at(n)) want.insert(want.begin(), n);
      std::vector<std::int64_t> have;
      for (const auto& o : orgtree::ancestors(c, id)) have.push_back(o.id);
      EXPECT_EQ(have, want) << id;
    }
  });
}

TEST_P(TreeTest, IsWithin) {
  store_->read([&](Conn& c) {
    EXPECT_TRUE(orgtree::is_within(c, 11, 1));
    EXPECT_TRUE(orgtree::is_within(c, 11, 9));
    EXPECT_TRUE(orgtree::is_within(c, 5, 5));
    EXPECT_FALSE(orgtree::is_within(c, 1, 11));
    EXPECT_FALSE(orgtree::is_within(c, 100, 10));
    EXPECT_FALSE(orgtree::is_within(c, 500, 50));
    EXPECT_FALSE(orgtree::is_within(c, kNodes + 1, 1));
    EXPECT_FALSE(orgtree::is_within(c, 1, kNodes + 1));
    for (std::int64_t id = 1; id <= kNodes; id += 13)
      for (const std::int64_t anc : {1, 5, 10, 50, 55, 100, 500})
        EXPECT_EQ(orgtree::is_within(c, id, anc), model_.within(id, anc)) << id << " in " << anc;
  });
}

TEST_P(TreeTest, Children) {
  store_->read([&](Conn& c) {
    std::set<std::int64_t> want;
    for (const auto& [id, p] : model_.parent)
      if (p == 5) want.insert(id);
    const auto rows = orgtree::children(c, 5);
    EXPECT_EQ(ids_of(rows), want);
    EXPECT_TRUE(want.contains(6) && want.contains(50) && want.contains(55) && want.contains(500));
    for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_LT(rows[i - 1].id, rows[i].id);  // equal sort_order
    EXPECT_TRUE(orgtree::children(c, 11).empty());  // the tenth level has no children
  });
}

DJ_INSTANTIATE_BACKENDS(TreeTest);

}  // namespace
}  // namespace dj::test
