// The org routes against a real server on both databases: create, edit,
// move (cycles refused), dissolve (refused while not empty), the type
// dictionary, the tree, details, and what a user scoped to A may not do to B.
#include "org_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

using OrgApi = OrgApiTest;

std::string body(const json::object& o) { return json_text(o); }

TEST_P(OrgApi, CreateEditMoveAndDissolve) {
  make_org_world();
  // Create under A, with the module's own fields.
  Reply r = bossb_->post("/api/v1/orgs", body({{"parent_id", org_a_},
                                                {"name", " 甲单位第二支部 "},
                                                {"code", "ORG-A2"},
                                                {"type", "党支部"},
                                                {"department", "甲单位"},
                                                {"secretary", "李四"},
                                                {"contact_zone", "第一联系片"},
                                                {"sort_order", 2}}));
  ASSERT_EQ(r.status, 201) << r.body;
  const json::object created = r.json().as_object();
  const std::int64_t a2 = created.at("id").as_int64();
  EXPECT_EQ(created.at("name").as_string(), "甲单位第二支部");
  EXPECT_EQ(created.at("parent_id").as_int64(), org_a_);
  EXPECT_EQ(created.at("depth").as_int64(), 2);
  EXPECT_EQ(created.at("secretary").as_string(), "李四");
  EXPECT_EQ(created.at("contact_zone").as_string(), "第一联系片");
  EXPECT_EQ(created.at("status").as_string(), "active");

  // Validation: Chinese messages naming the field.
  struct Bad {
    json::object body;
    int status;
    const char* field;
  };
  const std::vector<Bad> bad = {
      {{{"parent_id", org_a_}, {"code", "X1"}, {"type", "党支部"}}, 422, "name"},
      {{{"parent_id", org_a_}, {"name", "重复编码"}, {"code", "ORG-A2"}, {"type", "党支部"}}, 409, "code"},
      {{{"parent_id", org_a_}, {"name", "类型"}, {"code", "X2"}, {"type", "小组"}}, 422, "type"},
      {{{"parent_id", org_a_}, {"name", "编码"}, {"code", "有 空格"}, {"type", "党支部"}}, 422, "code"},
      {{{"parent_id", org_a_}, {"name", "书记"}, {"code", "X3"}, {"type", "党支部"}, {"secretary", std::string(60, 'x')}},
       422, "secretary"},
      {{{"name", "无上级"}, {"code", "X4"}, {"type", "党支部"}}, 422, "parent_id"},
  };
  for (const auto& b : bad) {
    Reply e = bossb_->post("/api/v1/orgs", body(b.body));
    EXPECT_EQ(e.status, b.status) << json_text(b.body) << " " << e.body;
    EXPECT_EQ(e.error_field(), b.field) << e.body;
    EXPECT_TRUE(e.is_error_shape()) << e.body;
  }

  // Edit: rename, new secretary; the audit row carries the diff.
  r = bossb_->patch("/api/v1/orgs/" + std::to_string(a2), body({{"name", "甲单位综合支部"}, {"secretary", "王五"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("name").as_string(), "甲单位综合支部");
  const std::string detail = store().read([&](store::Conn& c) {
    return *c.scalar_text("SELECT detail FROM audit_log WHERE action = 'org.update' AND entity_id = $1",
                          {std::to_string(a2)});
  });
  const json::value d = json::parse(detail);
  EXPECT_EQ(d.at("name").at("from").as_string(), "甲单位第二支部");
  EXPECT_EQ(d.at("name").at("to").as_string(), "甲单位综合支部");
  EXPECT_EQ(d.at("shuji").at("to").as_string(), "王五") << "the secretary under a key the audit does not mask";
  EXPECT_FALSE(d.as_object().contains("code")) << "unchanged fields are not in the diff";
  EXPECT_EQ(bossb_->patch("/api/v1/orgs/" + std::to_string(a2), body({{"parent_id", org_b_}})).error_field(),
            "parent_id");

  // Move A2 under B: path and depth follow; A under its own descendant: 409.
  r = bossb_->post("/api/v1/orgs/" + std::to_string(a2) + "/move", body({{"parent_id", org_b_}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("parent_id").as_int64(), org_b_);
  EXPECT_EQ(r.json().at("path").as_string(), "/" + std::to_string(root_) + "/" + std::to_string(org_b_) + "/" +
                                                  std::to_string(a2) + "/");
  r = bossb_->post("/api/v1/orgs/" + std::to_string(org_a_) + "/move", body({{"parent_id", org_a1_}}));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.error_field(), "parent_id");
  r = bossb_->post("/api/v1/orgs/" + std::to_string(org_a_) + "/move", body({{"parent_id", org_a_}}));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(scalar("SELECT parent_id FROM orgs WHERE id = $1", {org_a_}), root_) << "a refused move changes nothing";

  // Dissolve: refused while A has an active child; A1 first, then A.
  r = bossb_->post("/api/v1/orgs/" + std::to_string(org_a_) + "/dissolve");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_TRUE(r.is_error_shape()) << r.body;
  r = bossb_->post("/api/v1/orgs/" + std::to_string(org_a1_) + "/dissolve", body({{"move_to", org_b_}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status").as_string(), "dissolved");
  r = bossb_->post("/api/v1/orgs/" + std::to_string(org_a_) + "/dissolve");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(bossb_->post("/api/v1/orgs/" + std::to_string(org_a_) + "/dissolve").status, 409) << "already dissolved";
  // Nothing new under a dissolved organisation; it cannot be moved either.
  EXPECT_EQ(bossb_->post("/api/v1/orgs", body({{"parent_id", org_a_}, {"name", "新"}, {"code", "X9"}, {"type", "党支部"}}))
                .status,
            422);
  EXPECT_EQ(bossb_->post("/api/v1/orgs/" + std::to_string(org_a1_) + "/move", body({{"parent_id", org_b_}})).status,
            409);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'org.dissolve'"), 2);

  // The tree hides dissolved organisations unless asked.
  const json::value tree = bossb_->get("/api/v1/orgs/tree").json();
  EXPECT_EQ(json_text(tree).find("甲单位党委"), std::string::npos);
  EXPECT_NE(json_text(bossb_->get("/api/v1/orgs/tree?include_dissolved=1").json()).find("甲单位党委"),
            std::string::npos);
}

TEST_P(OrgApi, DissolveWithDependentsNeedsADestinationInScope) {
  make_org_world();
  // Details list every registered dependent with its count (the member module registers one).
  Reply r = bossb_->get("/api/v1/orgs/" + std::to_string(org_a1_));
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value details = r.json();
  for (const auto& d : details.at("dependents").as_array()) EXPECT_EQ(d.at("count").as_int64(), 0) << json_text(d);
  // A destination outside the scope is refused before anything happens.
  r = scopedb_->post("/api/v1/orgs/" + std::to_string(org_a1_) + "/dissolve", body({{"move_to", org_b_}}));
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_field(), "move_to");
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs WHERE status = 'dissolved'"), 0);
  r = scopedb_->post("/api/v1/orgs/" + std::to_string(org_a1_) + "/dissolve", body({{"move_to", org_a_}}));
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_P(OrgApi, ListTreeAndDetails) {
  make_org_world();
  exec_sql("UPDATE orgs SET secretary = '赵六', contact_zone = '第二联系片' WHERE id = $1", {org_a1_});
  Reply r = bossb_->get("/api/v1/orgs?page_size=5000");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value list = r.json();
  EXPECT_EQ(list.at("total").as_int64(), 4);
  const auto& items = list.at("items").as_array();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].at("id").as_int64(), root_) << "path order: the root first";
  for (const auto& o : items)
    for (const char* k : {"id", "parent_id", "depth", "path", "name", "code", "type", "department", "secretary",
                          "contact_zone", "status", "sort_order", "child_count"})
      EXPECT_TRUE(o.as_object().contains(k)) << k;
  EXPECT_EQ(items[0].at("child_count").as_int64(), 2);

  EXPECT_EQ(bossb_->get("/api/v1/orgs?q=org-a").json().at("total").as_int64(), 2) << "code, any case";
  EXPECT_EQ(bossb_->get("/api/v1/orgs?q=%E7%AC%AC%E4%B8%80").json().at("total").as_int64(), 1) << "第一 in a name";
  EXPECT_EQ(bossb_->get("/api/v1/orgs?q=_").json().at("total").as_int64(), 0) << "_ is a character, not a wildcard";
  EXPECT_EQ(bossb_->get("/api/v1/orgs?type=%E6%9C%BA%E5%85%B3%E5%B7%A5%E5%A7%94").json().at("total").as_int64(), 1);
  EXPECT_EQ(bossb_->get("/api/v1/orgs?root_id=" + std::to_string(org_a_)).json().at("total").as_int64(), 2);
  EXPECT_EQ(bossb_->get("/api/v1/orgs?status=dissolved").json().at("total").as_int64(), 0);
  EXPECT_EQ(bossb_->get("/api/v1/orgs?status=gone").status, 400);
  EXPECT_EQ(bossb_->get("/api/v1/orgs?page_size=5001").status, 400);

  // The nested tree, siblings by sort order.
  exec_sql("UPDATE orgs SET sort_order = 1 WHERE id = $1", {org_b_});
  exec_sql("UPDATE orgs SET sort_order = 2 WHERE id = $1", {org_a_});
  const json::value tree = bossb_->get("/api/v1/orgs/tree").json();
  ASSERT_EQ(tree.at("items").as_array().size(), 1u);
  const auto& kids = tree.at("items").at(0).at("children").as_array();
  ASSERT_EQ(kids.size(), 2u);
  EXPECT_EQ(kids[0].at("id").as_int64(), org_b_);
  EXPECT_EQ(kids[1].at("children").at(0).at("secretary").as_string(), "赵六");

  // Details: breadcrumbs and dependents.
  r = bossb_->get("/api/v1/orgs/" + std::to_string(org_a1_));
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value details = r.json();
  const auto& crumbs = details.at("ancestors").as_array();
  ASSERT_EQ(crumbs.size(), 2u);
  EXPECT_EQ(crumbs[0].at("id").as_int64(), root_);
  EXPECT_EQ(crumbs[1].at("id").as_int64(), org_a_);
  EXPECT_TRUE(details.at("dependents").is_array());
  EXPECT_EQ(details.at("contact_zone").as_string(), "第二联系片");
  EXPECT_EQ(bossb_->get("/api/v1/orgs/99999").status, 404);
}

// The system administrator holds user:read, not org:read: the account tree
// gives the names he needs to place users and scope roles, nothing more.
TEST_P(OrgApi, AccountAdministratorsGetTheTreeThroughTheirOwnRoute) {
  make_org_world();
  EXPECT_EQ(sysb_->get("/api/v1/orgs/tree").status, 403);
  Reply r = sysb_->get("/api/v1/orgs/account-tree");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value tree = r.json();
  EXPECT_EQ(tree.at("total").as_int64(), 4);
  ASSERT_EQ(tree.at("items").as_array().size(), 1u);
  EXPECT_EQ(tree.at("items").as_array()[0].at("id").as_int64(), root_);
  EXPECT_EQ(tree.at("items").as_array()[0].at("children").as_array().size(), 2u);
  // A user without user:read gets nothing from it.
  EXPECT_EQ(scopedb_->get("/api/v1/orgs/account-tree").status, 403);
}

TEST_P(OrgApi, TheTypeDictionaryGrows) {
  make_org_world();
  Reply r = bossb_->get("/api/v1/org-types");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("items").as_array().size(), 4u);
  r = bossb_->post("/api/v1/org-types", body({{"code", "临时党支部"}, {"name", "临时党支部"}, {"sort_order", 50}}));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(bossb_->post("/api/v1/org-types", body({{"code", "党支部"}, {"name", "另一个"}})).status, 409);
  EXPECT_EQ(bossb_->post("/api/v1/org-types", body({{"code", "X"}, {"name", "党支部"}})).error_field(), "name");
  EXPECT_EQ(bossb_->post("/api/v1/org-types", body({{"name", "无编码"}})).error_field(), "code");
  r = bossb_->post("/api/v1/orgs",
                   body({{"parent_id", org_a_}, {"name", "项目临时支部"}, {"code", "TMP1"}, {"type", "临时党支部"}}));
  EXPECT_EQ(r.status, 201) << r.body;
  const auto items = bossb_->get("/api/v1/org-types").json().at("items").as_array();
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items.back().at("org_count").as_int64(), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'org_type.create'"), 1);
  // Without org_type:write (the scoped user's role has it; a reader's does not).
  const std::int64_t reader = create_role(*sysb_, "org_reader", {"org:read"});
  Account u = create_user(*sysb_, "org_reader1", "只读用户", org_a_);
  set_roles(*sysb_, u.id,
            json::array{json::object{{"role_id", reader}, {"scope", "subtree"}, {"anchor_org_id", org_a_}}});
  auto ub = first_sign_in(u);
  EXPECT_EQ(ub->post("/api/v1/org-types", body({{"code", "Y"}, {"name", "Y"}})).status, 403);
  EXPECT_EQ(ub->get("/api/v1/org-types").status, 200);
  EXPECT_EQ(ub->post("/api/v1/orgs/" + std::to_string(org_a1_) + "/dissolve").status, 403);
}

TEST_P(OrgApi, AUserScopedToACannotReachB) {
  make_org_world();
  auto& s = *scopedb_;
  const std::string a = std::to_string(org_a_), a1 = std::to_string(org_a1_), b = std::to_string(org_b_);
  // B's rows look missing.
  for (const auto& [method, path, payload] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"GET", "/api/v1/orgs/" + b, ""},
           {"PATCH", "/api/v1/orgs/" + b, body({{"name", "改名"}})},
           {"POST", "/api/v1/orgs/" + b + "/move", body({{"parent_id", org_a_}})},
           {"POST", "/api/v1/orgs/" + b + "/dissolve", "{}"},
           {"GET", "/api/v1/orgs/" + std::to_string(root_), ""}}) {
    Reply r = s.send(method, path, payload);
    EXPECT_EQ(r.status, 404) << method << " " << path << " " << r.body;
    EXPECT_TRUE(r.is_error_shape()) << r.body;
  }
  // Nothing goes into B: not a new org, not A's subtree, not A itself.
  Reply r = s.post("/api/v1/orgs", body({{"parent_id", org_b_}, {"name", "插入乙"}, {"code", "X1"}, {"type", "党支部"}}));
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_field(), "parent_id");
  r = s.post("/api/v1/orgs/" + a1 + "/move", body({{"parent_id", org_b_}}));
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.error_field(), "parent_id");
  r = s.post("/api/v1/orgs/" + a + "/move", body({{"parent_id", org_b_}}));
  EXPECT_EQ(r.status, 403) << r.body;
  r = s.send("POST", "/api/v1/orgs/import?parent_id=" + b, "组织名称,组织编码,组织类型\n新,N1,党支部\n");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(scalar("SELECT parent_id FROM orgs WHERE id = $1", {org_a1_}), org_a_);
  EXPECT_EQ(scalar("SELECT parent_id FROM orgs WHERE id = $1", {org_a_}), root_);

  // Lists, the tree and the export show A's subtree only.
  const std::string list = s.get("/api/v1/orgs?page_size=5000").body;
  EXPECT_NE(list.find("甲单位第一支部"), std::string::npos);
  EXPECT_EQ(list.find("乙单位党委"), std::string::npos);
  EXPECT_EQ(s.get("/api/v1/orgs").json().at("total").as_int64(), 2);
  EXPECT_EQ(s.get("/api/v1/orgs?root_id=" + b).json().at("total").as_int64(), 0);
  const json::value tree = s.get("/api/v1/orgs/tree").json();
  ASSERT_EQ(tree.at("items").as_array().size(), 1u);
  EXPECT_EQ(tree.at("items").at(0).at("id").as_int64(), org_a_) << "A is the top of what this user sees";
  Reply x = s.get("/api/v1/orgs/export");
  ASSERT_EQ(x.status, 200);
  const std::string text = xlsx_text(x.body);
  EXPECT_NE(text.find("甲单位第一支部"), std::string::npos);
  EXPECT_EQ(text.find("乙单位党委"), std::string::npos);
  // A's breadcrumbs name the root but mark it as outside the scope.
  const json::value details = s.get("/api/v1/orgs/" + a1).json();
  EXPECT_FALSE(details.at("ancestors").at(0).at("in_scope").as_bool());
  EXPECT_TRUE(details.at("ancestors").at(1).at("in_scope").as_bool());
  // Inside the scope everything works.
  EXPECT_EQ(s.patch("/api/v1/orgs/" + a1, body({{"secretary", "钱七"}})).status, 200);
}

TEST_P(OrgApi, TheDemoCityIsSeededOnceUnderTheAdministratorsRoot) {
  Account admin = create_admin("sysadmin1", "sysadmin");
  const std::int64_t root = scalar("SELECT id FROM orgs WHERE parent_id IS NULL");
  CommandResult r = cli({"demo"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs WHERE parent_id IS NULL"), 1) << "the admin's root was taken over";
  EXPECT_EQ(scalar("SELECT id FROM orgs WHERE code = 'SJJG'"), root);
  const std::int64_t n = scalar("SELECT count(*) FROM orgs");
  EXPECT_GE(n, 950);
  EXPECT_LE(n, 1050);
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs WHERE code = 'D001' AND type = '机关党委'"), 1);
  EXPECT_GE(scalar("SELECT count(*) FROM orgs WHERE type = '党支部'"), 700);
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs WHERE name = '市财政局机关党委'"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs WHERE secretary = ''"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'org.demo_seed'"), 1);
  EXPECT_EQ(cli({"demo"}).exit_code, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs"), n) << "seeded once";
  (void)admin;
}

INSTANTIATE_TEST_SUITE_P(Backends, OrgApi, ::testing::Values("sqlite", "pg"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace dj::test
