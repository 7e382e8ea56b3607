// move(): the whole subtree's paths and depths follow in one statement, and
// a move that would make a cycle changes nothing.
#include "org_fixture.h"

namespace dj::test {
namespace {

using store::Conn;

class MoveTest : public OrgTreeTest {
 protected:
  void SetUp() override {
    OrgTreeTest::SetUp();
    if (!store_) return;
    build_tree(600);
  }

  // Every column of every row, to prove a refused move wrote nothing.
  std::vector<std::vector<store::Value>> snapshot(Conn& c) {
    return c.query("SELECT * FROM orgs ORDER BY id").rows;
  }

  void move(std::int64_t id, std::int64_t parent) {
    store_->write([&](Conn& c) { orgtree::move(c, id, parent); });
    model_.parent[id] = parent;
  }
};

TEST_P(MoveTest, SubtreeFollowsUpward) {
  const auto moved = model_.subtree(5);
  ASSERT_GT(moved.size(), 10u);
  move(5, 100);  // depth 4 -> 1
  expect_consistent();
  EXPECT_EQ(model_.path(11), "/100/5/6/7/8/9/11/");
  store_->read([&](Conn& c) {
    EXPECT_EQ(orgtree::get(c, 11)->path, "/100/5/6/7/8/9/11/");
    EXPECT_EQ(orgtree::get(c, 11)->depth, 6);
    EXPECT_EQ(ids_of(orgtree::subtree(c, 5)), moved);
    const auto hundred = ids_of(orgtree::subtree(c, 100));
    for (const auto id : moved) EXPECT_TRUE(hundred.contains(id)) << id;
    const auto one = ids_of(orgtree::subtree(c, 1));
    for (const auto id : moved) EXPECT_FALSE(one.contains(id)) << id;
    EXPECT_EQ(one, model_.subtree(1));
  });
}

TEST_P(MoveTest, RootMovesDeep) {
  // A whole committee goes under the tenth level: depths grow by ten.
  const auto before = model_.subtree(10);
  move(10, 11);
  expect_consistent();
  store_->read([&](Conn& c) {
    EXPECT_EQ(orgtree::get(c, 10)->depth, 10);
    EXPECT_EQ(ids_of(orgtree::subtree(c, 10)), before);
    EXPECT_EQ(ids_of(orgtree::subtree(c, 1)), model_.subtree(1));
  });
  move(10, 100);  // and on again
  expect_consistent();
}

TEST_P(MoveTest, UnderOwnDescendantIsRefusedAndChangesNothing) {
  store_->write([&](Conn& c) {
    const auto before = snapshot(c);
    for (const auto& [id, target] : std::vector<std::pair<std::int64_t, std::int64_t>>{{2, 11}, {5, 5}, {5, 500}, {1, 9}}) {
      const auto e = api_error([&, id = id, target = target] { orgtree::move(c, id, target); });
      EXPECT_EQ(e.status(), 409);
      EXPECT_EQ(e.field(), "parent_id");
      EXPECT_EQ(e.message(), "不能把组织移动到它自己的下级组织之下。");
    }
    // The refusals came before any write, so the transaction is intact.
    EXPECT_EQ(snapshot(c), before);
  });
  expect_consistent();
}

TEST_P(MoveTest, PrefixSiblingIsNotADescendant) {
  // 50 and 500 share digits but are siblings: moving 5's child 50 under 500 is fine.
  move(50, 500);
  expect_consistent();
  move(500, 55);
  expect_consistent();
}

TEST_P(MoveTest, TargetAndNodeMustExist) {
  EXPECT_EQ(api_error([&] { store_->write([&](Conn& c) { orgtree::move(c, 5, 99999); }); }).field(), "parent_id");
  EXPECT_EQ(api_error([&] { store_->write([&](Conn& c) { orgtree::move(c, 99999, 5); }); }).status(), 404);
  store_->write([](Conn& c) { c.exec("UPDATE orgs SET status = 'dissolved' WHERE id = 100"); });
  const auto e = api_error([&] { store_->write([&](Conn& c) { orgtree::move(c, 5, 100); }); });
  EXPECT_EQ(e.status(), 422);
  EXPECT_EQ(e.field(), "parent_id");
  expect_consistent();
}

TEST_P(MoveTest, SameParentIsANoOp) {
  move(50, 5);
  expect_consistent();
}

DJ_INSTANTIATE_BACKENDS(MoveTest);

}  // namespace
}  // namespace dj::test
