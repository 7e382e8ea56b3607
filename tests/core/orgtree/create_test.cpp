// create(), rename(), the schema and guidance: validation with Chinese
// messages and field names, and what lands in the rows.
#include "org_fixture.h"

namespace dj::test {
namespace {

using orgtree::NewOrg;
using store::Conn;

class CreateTest : public OrgTreeTest {
 protected:
  NewOrg valid(std::optional<std::int64_t> parent = std::nullopt) {
    NewOrg o;
    o.parent_id = parent;
    o.name = "市级机关工委";
    o.code = "SJGW-" + std::to_string(++codes_);
    o.type = "机关工委";
    return o;
  }
  ApiError create_error(const NewOrg& o) {
    return api_error([&] { store_->write([&](Conn& c) { orgtree::create(c, o); }); });
  }
};

TEST_P(CreateTest, SchemaIsMigrated) {
  store_->read([&](Conn& c) {
    const auto r = c.query("SELECT code FROM org_types ORDER BY sort_order");
    ASSERT_EQ(r.size(), 4u);
    EXPECT_EQ(r.text(0, 0), "机关工委");
    EXPECT_EQ(r.text(1, 0), "机关党委");
    EXPECT_EQ(r.text(2, 0), "党总支");
    EXPECT_EQ(r.text(3, 0), "党支部");
    if (c.dialect() == store::Dialect::postgres) {  // byte order for the range scan
      EXPECT_EQ(c.scalar_text("SELECT collation_name FROM information_schema.columns "
                              "WHERE table_name = 'orgs' AND column_name = 'path'"),
                "C");
    }
  });
}

TEST_P(CreateTest, RootAndChildGetPathDepthAndTimestamps) {
  const auto [root, child, grandchild] = store_->write([&](Conn& c) {
    const auto r = orgtree::create(c, valid());
    NewOrg o = valid(r);
    o.name = "  市财政局机关党委\xE3\x80\x80";  // stray ASCII and full-width spaces
    o.type = "机关党委";
    o.department = " 市财政局 ";
    o.sort_order = 3;
    const auto ch = orgtree::create(c, o);
    NewOrg g = valid(ch);
    g.type = "党支部";
    return std::tuple{r, ch, orgtree::create(c, g)};
  });
  store_->read([&](Conn& c) {
    const auto r = orgtree::get(c, root).value();
    EXPECT_EQ(r.path, "/" + std::to_string(root) + "/");
    EXPECT_EQ(r.depth, 0);
    EXPECT_FALSE(r.parent_id.has_value());
    EXPECT_EQ(r.status, "active");
    const auto ch = orgtree::get(c, child).value();
    EXPECT_EQ(ch.path, r.path + std::to_string(child) + "/");
    EXPECT_EQ(ch.depth, 1);
    EXPECT_EQ(ch.parent_id, root);
    EXPECT_EQ(ch.name, "市财政局机关党委");
    EXPECT_EQ(ch.department, "市财政局");
    EXPECT_EQ(ch.type, "机关党委");
    EXPECT_EQ(ch.sort_order, 3);
    const auto g = orgtree::get(c, grandchild).value();
    EXPECT_EQ(g.path, ch.path + std::to_string(grandchild) + "/");
    EXPECT_EQ(g.depth, 2);
    EXPECT_EQ(orgtree::by_code(c, ch.code).value().id, child);
    EXPECT_FALSE(orgtree::by_code(c, "nope").has_value());
    EXPECT_FALSE(orgtree::get(c, 999999).has_value());
    const auto ms = c.query("SELECT created_at_ms, updated_at_ms FROM orgs WHERE id = $1", {child});
    EXPECT_GT(ms.int64(0, 0), 1'600'000'000'000);
    EXPECT_EQ(ms.int64(0, 0), ms.int64(0, 1));
  });
}

TEST_P(CreateTest, NameIsValidated) {
  for (const std::string& blank : {std::string(""), std::string("   "), std::string("\xE3\x80\x80 \t")}) {
    NewOrg o = valid();
    o.name = blank;
    const auto e = create_error(o);
    EXPECT_EQ(e.status(), 422);
    EXPECT_EQ(e.field(), "name");
    EXPECT_EQ(e.message(), "组织名称不能为空。");
  }
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "党";
  NewOrg too_long = valid();
  too_long.name = hundred + "支";
  EXPECT_EQ(create_error(too_long).field(), "name");
  NewOrg control = valid();
  control.name = "第一\n支部";
  EXPECT_EQ(create_error(control).field(), "name");
  EXPECT_EQ(count("orgs"), 0);
  NewOrg exactly = valid();
  exactly.name = hundred;  // 100 characters (300 bytes) is allowed
  store_->write([&](Conn& c) { orgtree::create(c, exactly); });
  EXPECT_EQ(count("orgs"), 1);
}

TEST_P(CreateTest, CodeIsValidatedAndUnique) {
  for (const std::string& bad : {std::string(""), std::string("有中文"), std::string("a b"), std::string("a/b"),
                                 std::string(33, 'x')}) {
    NewOrg o = valid();
    o.code = bad;
    const auto e = create_error(o);
    EXPECT_EQ(e.status(), 422) << bad;
    EXPECT_EQ(e.field(), "code") << bad;
  }
  NewOrg first = valid();
  first.code = std::string(32, 'A');
  store_->write([&](Conn& c) { orgtree::create(c, first); });
  NewOrg dup = valid();
  dup.code = first.code;
  const auto e = create_error(dup);
  EXPECT_EQ(e.status(), 409);
  EXPECT_EQ(e.field(), "code");
  EXPECT_EQ(e.message(), "组织编码已存在。");
  EXPECT_EQ(count("orgs"), 1);
}

TEST_P(CreateTest, DuplicateCodeLeavesTheTransactionUsable) {
  // The check comes before the INSERT, so a caller may catch the 409 and go on.
  store_->write([&](Conn& c) {
    NewOrg o = valid();
    orgtree::create(c, o);
    EXPECT_EQ(api_error([&] { orgtree::create(c, o); }).status(), 409);
    o.code += "-2";
    orgtree::create(c, o);
  });
  EXPECT_EQ(count("orgs"), 2);
}

TEST_P(CreateTest, TypeMustBeInTheDictionary) {
  NewOrg o = valid();
  o.type = "党小组";
  const auto e = create_error(o);
  EXPECT_EQ(e.status(), 422);
  EXPECT_EQ(e.field(), "type");
  // The dictionary is extensible: a new type is usable once added.
  store_->write([](Conn& c) { c.exec("INSERT INTO org_types (code, name, sort_order) VALUES ('党小组', '党小组', 50)"); });
  store_->write([&](Conn& c) { orgtree::create(c, o); });
  EXPECT_EQ(count("orgs"), 1);
}

TEST_P(CreateTest, ParentMustExistAndBeActive) {
  const auto e = create_error(valid(424242));
  EXPECT_EQ(e.status(), 422);
  EXPECT_EQ(e.field(), "parent_id");
  const auto root = store_->write([&](Conn& c) { return orgtree::create(c, valid()); });
  store_->write([&](Conn& c) { c.exec("UPDATE orgs SET status = 'dissolved' WHERE id = $1", {root}); });
  EXPECT_EQ(create_error(valid(root)).field(), "parent_id");
  EXPECT_EQ(count("orgs"), 1);
}

TEST_P(CreateTest, Rename) {
  const auto id = store_->write([&](Conn& c) { return orgtree::create(c, valid()); });
  store_->write([&](Conn& c) { orgtree::rename(c, id, " 中共某市直属机关工作委员会 "); });
  store_->read([&](Conn& c) { EXPECT_EQ(orgtree::get(c, id)->name, "中共某市直属机关工作委员会"); });
  EXPECT_EQ(api_error([&] { store_->write([&](Conn& c) { orgtree::rename(c, id, " "); }); }).field(), "name");
  EXPECT_EQ(api_error([&] { store_->write([&](Conn& c) { orgtree::rename(c, id + 1, "甲"); }); }).status(), 404);
}

TEST_P(CreateTest, Guidance) {
  const auto [a, b, cc] = store_->write([&](Conn& c) {
    return std::tuple{orgtree::create(c, valid()), orgtree::create(c, valid()), orgtree::create(c, valid())};
  });
  store_->write([&](Conn& c) {
    orgtree::add_guidance(c, a, cc);
    orgtree::add_guidance(c, a, b);
    orgtree::add_guidance(c, a, b);  // idempotent
  });
  store_->read([&](Conn& c) {
    EXPECT_EQ(orgtree::guided_by(c, a), (std::vector<std::int64_t>{b, cc}));
    EXPECT_TRUE(orgtree::guided_by(c, b).empty());
  });
  EXPECT_EQ(api_error([&] { store_->write([&](Conn& c) { orgtree::add_guidance(c, a, a); }); }).status(), 422);
  EXPECT_EQ(api_error([&] { store_->write([&](Conn& c) { orgtree::add_guidance(c, a, 9999); }); }).field(),
            "guided_org_id");
}

DJ_INSTANTIATE_BACKENDS(CreateTest);

}  // namespace
}  // namespace dj::test
