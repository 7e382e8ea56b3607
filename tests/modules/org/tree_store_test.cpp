// The module's store-level pieces on both databases: the core's update()
// and dissolve() (with a dependent registered like the member module's),
// the profile columns of migration 0001, and seeding the demo tree.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/orgtree/dependents.h"
#include "core/orgtree/orgtree.h"
#include "modules/org/demo_tree.h"
#include "modules/org/org_module.h"
#include "modules/org/profile.h"
#include "store/fixture.h"

std::vector<dj::store::Migration> dj_migrations_core();

namespace dj::test {
namespace {

class OrgStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (!store_) return;
    auto all = dj_migrations_core();
    const auto mine = org::org_module().migrations;
    all.insert(all.end(), mine.begin(), mine.end());
    store::migrate(*store_, all);
    root_ = add(std::nullopt, "ROOT", "机关工委");
    a_ = add(root_, "A", "机关党委");
    a1_ = add(a_, "A1", "党支部");
    b_ = add(root_, "B", "机关党委");
  }

  std::int64_t add(std::optional<std::int64_t> parent, const std::string& code, const std::string& type) {
    return store_->write([&](store::Conn& c) {
      orgtree::NewOrg o;
      o.parent_id = parent;
      o.code = code;
      o.name = "组织" + code;
      o.type = type;
      return orgtree::create(c, o);
    });
  }

  template <class F>
  ApiError error_of(F&& fn) {
    try {
      store_->write([&](store::Conn& c) { fn(c); });
    } catch (const ApiError& e) {
      return e;
    }
    ADD_FAILURE() << "expected an ApiError";
    return ApiError(0, "none", "none");
  }

  std::string status(std::int64_t id) {
    return store_->read([&](store::Conn& c) { return *c.scalar_text("SELECT status FROM orgs WHERE id = $1", {id}); });
  }

  std::int64_t root_ = 0, a_ = 0, a1_ = 0, b_ = 0;
};

TEST_P(OrgStoreTest, UpdateChangesOnlyWhatItIsGivenAndChecksLikeCreate) {
  store_->write([&](store::Conn& c) {
    orgtree::OrgChanges ch;
    ch.department = "甲部门";
    ch.sort_order = 7;
    orgtree::update(c, a_, ch);
    org::set_profile(c, a_, "张三", "第一联系片");
  });
  store_->read([&](store::Conn& c) {
    const auto v = org::load_view(c, a_);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->org.name, "组织A");
    EXPECT_EQ(v->org.department, "甲部门");
    EXPECT_EQ(v->org.sort_order, 7);
    EXPECT_EQ(v->secretary, "张三");
    EXPECT_EQ(v->contact_zone, "第一联系片");
    EXPECT_EQ(v->child_count, 1);
  });
  EXPECT_EQ(error_of([&](store::Conn& c) { orgtree::update(c, a_, {.code = "B"}); }).status(), 409);
  EXPECT_EQ(error_of([&](store::Conn& c) { orgtree::update(c, a_, {.type = "小组"}); }).field(), "type");
  EXPECT_EQ(error_of([&](store::Conn& c) { orgtree::update(c, a_, {.name = "  "}); }).field(), "name");
  EXPECT_EQ(error_of([&](store::Conn& c) { orgtree::update(c, 9999, {.name = "x"}); }).status(), 404);
}

// What the member module will register: rows per organisation, movable.
struct FakeRows {
  static std::map<std::int64_t, std::int64_t>& rows() {
    static std::map<std::int64_t, std::int64_t> r;
    return r;
  }
};

TEST_P(OrgStoreTest, DissolveRefusesWhileSomethingIsLeftAndMovesItWhenAsked) {
  FakeRows::rows().clear();
  FakeRows::rows()[a1_] = 12;
  orgtree::register_dependent({"test_people", "测试人员", "名",
                               [](store::Conn&, std::int64_t org) { return FakeRows::rows()[org]; },
                               [](store::Conn&, std::int64_t from, std::int64_t to) {
                                 const std::int64_t n = FakeRows::rows()[from];
                                 FakeRows::rows()[to] += n;
                                 FakeRows::rows()[from] = 0;
                                 return n;
                               }});
  // A has an active child.
  ApiError e = error_of([&](store::Conn& c) { orgtree::dissolve(c, a_, std::nullopt); });
  EXPECT_EQ(e.status(), 409);
  EXPECT_NE(e.message().find("1 个未撤销的下级组织"), std::string::npos) << e.message();
  // A1 still holds 12 people.
  e = error_of([&](store::Conn& c) { orgtree::dissolve(c, a1_, std::nullopt); });
  EXPECT_EQ(e.status(), 409);
  EXPECT_EQ(e.field(), "move_to");
  EXPECT_NE(e.message().find("12 名测试人员"), std::string::npos) << e.message();
  EXPECT_EQ(error_of([&](store::Conn& c) { orgtree::dissolve(c, a1_, a1_); }).field(), "move_to");
  EXPECT_EQ(status(a1_), "active");

  const auto moved = store_->write([&](store::Conn& c) { return orgtree::dissolve(c, a1_, b_); });
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].key, "test_people");
  EXPECT_EQ(moved[0].count, 12);
  EXPECT_EQ(FakeRows::rows()[b_], 12);
  EXPECT_EQ(status(a1_), "dissolved");
  // Dissolved is final here, and nothing goes under it.
  EXPECT_EQ(error_of([&](store::Conn& c) { orgtree::dissolve(c, a1_, std::nullopt); }).status(), 409);
  EXPECT_EQ(error_of([&](store::Conn& c) { orgtree::move(c, b_, a1_); }).field(), "parent_id");
  // A now has no active child and nothing left: it can go too.
  store_->write([&](store::Conn& c) { orgtree::dissolve(c, a_, std::nullopt); });
  EXPECT_EQ(status(a_), "dissolved");
  // Others' tests must not see this dependent.
  orgtree::register_dependent({"test_people", "测试人员", "名", [](store::Conn&, std::int64_t) { return std::int64_t{0}; },
                               nullptr});
}

DJ_INSTANTIATE_BACKENDS(OrgStoreTest);

}  // namespace
}  // namespace dj::test
