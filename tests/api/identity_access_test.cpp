// Identity API tests, part 3: access control over every route. The route
// list comes from the server itself (GET /api/v1/_selftest/routes), so a
// route added later is checked without editing this file: anonymous callers
// get 401, callers without the permission 403, and callers whose data scope
// is organisation A never see or touch organisation B's rows. Then the
// finer rules: scopes of different roles do not mix, scopes cannot be handed
// out beyond one's own, and the three administrator roles stay apart.
#include <algorithm>
#include <boost/json.hpp>

#include <map>
#include <regex>
#include <tuple>

#include "core/orgtree/orgtree.h"
#include "identity_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

struct RouteInfo {
  std::string method, pattern, permission, scope, org_from, org_name, org_table;
  std::string key() const { return method + " " + pattern; }
  bool changes_state() const { return method != "GET" && method != "HEAD"; }
  // A real permission, not one of the pseudo-permissions every signed-in user has.
  bool needs_permission() const {
    return permission != "public" && permission != "signed-in" && permission != "session";
  }
};

std::vector<RouteInfo> server_routes(int port) {
  Reply r = raw_request(port, "GET", "/api/v1/_selftest/routes");
  require(r.status == 200, "route list: " + r.body);
  std::vector<RouteInfo> out;
  const json::value routes = r.json();  // kept alive: the loop walks into it
  for (const auto& v : routes.as_array()) {
    const auto& o = v.as_object();
    auto s = [&](const char* k) { return std::string(o.at(k).as_string()); };
    out.push_back({s("method"), s("pattern"), s("permission"), s("scope"), s("org_from"), s("org_name"),
                   s("org_table")});
  }
  return out;
}

class IdentityAccess : public IdentityTest {
 protected:
  // Users in A, A1 and B, with names unique enough to search response text for.
  void make_people() {
    make_world();
    alpha_ = create_user(*sysb_, "alpha_user", "甲组成员一", org_a_);
    alpha_one_ = create_user(*sysb_, "alpha_one", "甲一支部成员", org_a1_);
    beta_ = create_user(*sysb_, "beta_user", "乙组成员二", org_b_);
    beta_two_ = create_user(*sysb_, "beta_two", "乙组成员三", org_b_);
  }
  std::vector<std::string> beta_names() const {
    return {beta_.username, beta_.display_name, beta_two_.username, beta_two_.display_name};
  }
  std::vector<std::string> permission_names() {
    Reply r = sysb_->get("/api/v1/permissions");
    require(r.status == 200, "permissions: " + r.body);
    std::vector<std::string> out;
    const json::value v = r.json();
    // Security and audit permissions cannot be put in a custom role (三员分立);
    // the built-in security administrator covers them below.
    for (const auto& p : v.at("items").as_array())
      if (!p.at("admin_only").as_bool()) out.emplace_back(p.at("name").as_string());
    return out;
  }
  static json::object binding(std::int64_t role, const char* scope, std::int64_t anchor = 0) {
    json::object b{{"role_id", role}, {"scope", scope}};
    if (anchor) b["anchor_org_id"] = anchor;
    return b;
  }

  Account alpha_, alpha_one_, beta_, beta_two_;
};

// A body the route would plausibly accept, so that refusals come from the
// guard and not from validation.
std::string plausible_body(const RouteInfo& r, std::int64_t org) {
  static const std::map<std::string, std::string> bodies = {
      {"POST /api/v1/auth/password", R"({"old_password":"x","new_password":"y"})"},
      {"POST /api/v1/auth/totp/activate", R"({"code":"123456"})"},
      {"POST /api/v1/auth/totp/verify", R"({"code":"123456"})"},
      {"POST /api/v1/users", R"({"username":"probe_user","display_name":"探测用户"})"},
      {"PATCH /api/v1/users/{id}", R"({"display_name":"被改名"})"},
      {"PUT /api/v1/users/{id}/roles", R"({"roles":[]})"},
      {"POST /api/v1/roles", R"({"code":"probe","name":"探测","permissions":[]})"},
      {"PUT /api/v1/roles/{id}", R"({"name":"探测","permissions":[]})"},
      {"PUT /api/v1/security/policy", R"({"ip_max_failures":6})"},
  };
  if (!r.changes_state()) return "";
  auto it = bodies.find(r.key());
  json::object body = it == bodies.end() ? json::object{} : json::parse(it->second).as_object();
  if (r.org_from == "body_field") body[r.org_name] = org;
  return json_text(body);
}

struct TargetRows {
  std::int64_t plan = 0, item = 0, milestone = 0, report = 0, inspection = 0;
};

json::object require_created(const Reply& r, const std::string& what) {
  require(r.status == 200 || r.status == 201, what + ": " + std::to_string(r.status) + " " + r.body);
  return r.json().as_object();
}

// A target plan of `org` ("<p>目标计划") with an item at `org` owned by
// `owner`, a sub-item at `sub_org` owned by `reporter` with a milestone
// ("<p>节点"), issued; the reporter's report with a PNG as evidence; an
// inspection ("<p>督查") of `org` with one rectification.
TargetRows seed_targets(Browser& mgr, Browser& reporter_b, std::int64_t org, std::int64_t sub_org, std::int64_t owner,
                        std::int64_t reporter, const std::string& p) {
  const std::string api = "/api/v1/targets";
  TargetRows t;
  t.plan = require_created(mgr.post(api + "/plans", json_text(json::object{{"org_id", org}, {"year", 2026},
                                                                             {"title", p + "目标计划"},
                                                                             {"start_date", "2020-01-01"},
                                                                             {"end_date", "2099-12-31"}})),
                           "plan")
               .at("id")
               .as_int64();
  auto item = [&](json::value parent, std::int64_t in_org, std::int64_t who, const std::string& title) {
    return require_created(mgr.post(api + "/plans/" + std::to_string(t.plan) + "/items",
                                    json_text(json::object{{"parent_id", parent}, {"title", title}, {"weight", 100},
                                                           {"org_id", in_org}, {"owner_user_id", who}})),
                           "item")
        .at("id")
        .as_int64();
  };
  t.item = item(nullptr, org, owner, p + "事项");
  std::int64_t sub = item(t.item, sub_org, reporter, p + "事项（下级）");
  t.milestone = require_created(mgr.post(api + "/items/" + std::to_string(sub) + "/milestones",
                                         json_text(json::object{{"title", p + "节点"}, {"due_date", "2030-06-30"}})),
                                "milestone")
                    .at("id")
                    .as_int64();
  require_created(mgr.post(api + "/plans/" + std::to_string(t.plan) + "/issue"), "issue");
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png += std::string(16, '\0');
  Reply up = reporter_b.upload(api + "/my/files?name=evidence.png", png);
  require(up.status == 201, "upload: " + up.body);
  const std::int64_t file = up.json().at("id").as_int64();
  t.report = require_created(reporter_b.post(api + "/my/milestones/" + std::to_string(t.milestone) + "/reports",
                                             json_text(json::object{{"body", p + "进展"}, {"percent", 50},
                                                                    {"file_ids", json::array{file}}})),
                             "report")
                 .at("id")
                 .as_int64();
  t.inspection = require_created(
                     mgr.post(api + "/inspections",
                              json_text(json::object{{"org_id", org},
                                                     {"inspected_on", "2026-03-01"},
                                                     {"findings", p + "督查发现"},
                                                     {"rectifications", json::array{json::object{
                                                                            {"title", p + "督查整改"},
                                                                            {"owner_user_id", owner},
                                                                            {"due_date", "2026-04-01"}}}}})),
                     "inspection")
                     .at("id")
                     .as_int64();
  return t;
}

TEST_P(IdentityAccess, EveryRouteRefusesTheAnonymousTheUnpermittedAndTheOutOfScope) {
  make_people();
  auto beta_browser = first_sign_in(beta_);  // a live session that must survive the probes
  Account nobody = create_user(*sysb_, "no_role", "无角色用户", org_a_);
  auto nob = first_sign_in(nobody);
  Account scoped = create_user(*sysb_, "scoped_admin", "甲范围管理员", org_a_);
  std::int64_t all_perms = create_role(*sysb_, "all_perms", permission_names());
  set_roles(*sysb_, scoped.id, json::array{binding(all_perms, "subtree", org_a_)});
  auto sb = first_sign_in(scoped);
  // Members in A, A1 and B (module rows behind the member routes), entered by
  // someone who may write everywhere.
  Account seeder = create_user(*sysb_, "member_seeder", "党员录入员", root_);
  set_roles(*sysb_, seeder.id, json::array{binding(all_perms, "subtree", root_)});
  auto seedb = first_sign_in(seeder);
  for (auto [org, name, id] : {std::tuple{org_a_, "甲组党员", "110101198001011232"},
                               std::tuple{org_a1_, "甲一支部党员", "110101198202021234"},
                               std::tuple{org_b_, "乙组党员", "110101198503031233"}}) {
    json::object m{{"org_id", org}, {"name", name}, {"id_number", id}, {"join_date", "2010-07-01"},
                   {"full_date", "2011-07-01"}, {"status", "正式党员"}};
    Reply made = seedb->post("/api/v1/members", json_text(m));
    ASSERT_EQ(made.status, 201) << made.body;
  }
  // Target module rows in A, A1 and B: plans, items, milestones, a report
  // with evidence and an inspection each, so every target route has a row of
  // B to be refused and listings have A's rows to show.
  auto alpha_one_b = first_sign_in(alpha_one_);
  const TargetRows target_a = seed_targets(*seedb, *alpha_one_b, org_a_, org_a1_, alpha_.id, alpha_one_.id, "甲");
  const TargetRows target_b = seed_targets(*seedb, *beta_browser, org_b_, org_b_, beta_.id, beta_.id, "乙");
  (void)target_a;
  // Listing routes whose path names a row (a plan the handler looks up
  // itself): B's row must look missing.
  const std::map<std::string, std::int64_t> listing_b_rows = {
      {"/api/v1/targets/plans/{id}", target_b.plan}, {"/api/v1/targets/plans/{id}/tree", target_b.plan},
      {"/api/v1/targets/plans/{id}/timeline", target_b.plan}, {"/api/v1/targets/plans/{id}/export", target_b.plan},
      {"/api/v1/targets/plans/{id}/attachments/{file_id}", target_b.plan}};
  Account scoped_sec = create_user(*sysb_, "scoped_sec", "甲范围安全员", org_a_);
  set_roles(*sysb_, scoped_sec.id, json::array{binding(builtin_role("secadmin"), "subtree", org_a_)});
  auto ssec = first_sign_in_admin(scoped_sec);  // the security role requires TOTP
  const auto custom_ok = permission_names();
  auto prober = [&](const RouteInfo& r) -> decltype(sb)& {
    bool in_custom = std::find(custom_ok.begin(), custom_ok.end(), r.permission) != custom_ok.end();
    return in_custom ? sb : ssec;
  };
  std::string beta_hash_before = store().read([&](store::Conn& c) {
    return *c.scalar_text("SELECT password_hash FROM users WHERE id = $1", {beta_.id});
  });

  // The row of organisation B a path parameter should name.
  auto b_row = [&](const RouteInfo& r) -> std::string {
    if (r.org_table == "users") return std::to_string(beta_.id);
    auto id = store().read([&](store::Conn& c) {
      return c.scalar_int64("SELECT id FROM " + r.org_table + " WHERE org_id = $1 ORDER BY id LIMIT 1", {org_b_});
    });
    if (!id) ADD_FAILURE() << r.key() << ": give this test a row of " << r.org_table << " in organisation B";
    return std::to_string(id.value_or(1));
  };
  auto fill = [&](const RouteInfo& r) {
    static const std::regex param(R"(\{([a-z_]+)\})");
    std::string out, rest = r.pattern;
    std::smatch m;
    while (std::regex_search(rest, m, param)) {
      out += m.prefix();
      if (r.org_from == "path_param" && m[1] == r.org_name) out += b_row(r);
      else if (r.org_from == "org_param" && m[1] == r.org_name) out += std::to_string(org_b_);
      else if (listing_b_rows.count(r.pattern) && m[1] == "id") out += std::to_string(listing_b_rows.at(r.pattern));
      else out += std::to_string(all_perms);  // some real id; the guard answers before it matters
      rest = m.suffix();
    }
    return out + rest;
  };

  std::map<std::string, int> checked;  // what kind of check ran how often
  for (const auto& r : server_routes(port())) {
    if (r.permission == "public") continue;
    SCOPED_TRACE(r.key());
    const std::string path = fill(r), body = plausible_body(r, org_b_);

    // Anonymous: 401 and nothing but the error.
    auto anon = raw_request(port(), r.method, path, body, {{"X-CSRF-Token", "anything"}});
    EXPECT_EQ(anon.status, 401) << anon.body;
    EXPECT_EQ(anon.error_code(), "unauthenticated");
    EXPECT_TRUE(anon.is_error_shape()) << anon.body;
    ++checked["anonymous"];

    // Signed in, full stage, no role granting the permission: 403.
    if (r.needs_permission()) {
      auto denied = nob->send(r.method, path, body);
      EXPECT_EQ(denied.status, 403) << denied.body;
      EXPECT_EQ(denied.error_code(), "forbidden");
      EXPECT_TRUE(denied.is_error_shape()) << denied.body;
      ++checked["no_permission"];
    }

    // Every permission, but only for organisation A's subtree.
    if (r.scope != "org") continue;
    auto probe = prober(r)->send(r.method, path, body);
    if (r.org_from == "path_param" || r.org_from == "org_param" || listing_b_rows.count(r.pattern)) {
      // Out of scope looks exactly like missing: 404, no hint that the row exists.
      EXPECT_EQ(probe.status, 404) << probe.body;
      EXPECT_EQ(probe.error_code(), "not_found");
      EXPECT_TRUE(probe.is_error_shape()) << probe.body;
    } else if (r.org_from == "body_field") {
      EXPECT_EQ(probe.status, 403) << probe.body;
      EXPECT_EQ(probe.error_field(), r.org_name);
      EXPECT_TRUE(probe.is_error_shape()) << probe.body;
    } else if (r.org_from == "listing" && r.changes_state()) {
      // An upload whose organisations are named inside the file (an import):
      // the job checks each row against the scope; the probe's "{}" is no table.
      EXPECT_TRUE(probe.status == 202 || probe.status == 422) << probe.body;
    } else if (r.org_from == "listing") {
      ASSERT_EQ(probe.status, 200) << probe.body;
      bool xlsx = probe.header("content-type").find("spreadsheetml") != std::string::npos;
      std::string text = xlsx ? xlsx_text(probe.body) : probe.body;
      for (const auto& name : beta_names()) EXPECT_EQ(text.find(name), std::string::npos) << name << " leaked";
      EXPECT_EQ(text.find("乙单位党委"), std::string::npos) << "organisation B leaked";
      EXPECT_EQ(text.find("乙组党员"), std::string::npos) << "a member of B leaked";
      for (const char* b_target : {"乙目标计划", "乙事项", "乙节点", "乙督查"})
        EXPECT_EQ(text.find(b_target), std::string::npos) << b_target << " leaked";
      if (r.pattern.rfind("/api/v1/targets/", 0) == 0) {  // not vacuous: A's target rows are there
        bool a_rows = false;
        for (const char* a_target : {"甲目标计划", "甲事项", "甲节点", "甲督查", "甲单位第一支部"})
          a_rows = a_rows || text.find(a_target) != std::string::npos;
        EXPECT_TRUE(a_rows) << text.substr(0, 500);
        ++checked["listing"];
        continue;
      }
      if (r.pattern == "/api/v1/members/stats") {  // counts only: A's two members, none of B's
        EXPECT_EQ(probe.json().at("total").as_int64(), 2) << probe.body;
        ++checked["listing"];
        continue;
      }
      // Not vacuous: A's subtree is there — its people, or (listings of organisations) A and A1 themselves.
      const bool people = text.find(alpha_.username) != std::string::npos;
      const bool members = text.find("甲组党员") != std::string::npos;
      const bool orgs = text.find("甲单位党委") != std::string::npos;
      EXPECT_TRUE(people || members || orgs) << text.substr(0, 500);
      EXPECT_TRUE(people    ? text.find(alpha_one_.display_name) != std::string::npos
                  : members ? text.find("甲一支部党员") != std::string::npos
                            : text.find("甲单位第一支部") != std::string::npos);
    } else {
      ADD_FAILURE() << "organisation route without a way to find its organisation: " << r.org_from;
    }
    ++checked[r.org_from];
  }
  EXPECT_GE(checked["anonymous"], 25);
  EXPECT_GE(checked["no_permission"], 15);
  EXPECT_GE(checked["path_param"], 7);
  EXPECT_GE(checked["body_field"], 1);
  EXPECT_GE(checked["listing"], 2);

  // The probes changed nothing in B: same user, same password, no roles, session alive.
  auto beta_now = sysb_->get("/api/v1/users/" + std::to_string(beta_.id));
  ASSERT_EQ(beta_now.status, 200);
  EXPECT_EQ(beta_now.json().at("display_name").as_string(), beta_.display_name);
  EXPECT_EQ(beta_now.json().at("status").as_string(), "active");
  EXPECT_FALSE(beta_now.json().at("locked").as_bool());
  EXPECT_TRUE(beta_now.json().at("roles").as_array().empty());
  EXPECT_EQ(store().read([&](store::Conn& c) {
              return *c.scalar_text("SELECT password_hash FROM users WHERE id = $1", {beta_.id});
            }),
            beta_hash_before);
  EXPECT_EQ(beta_browser->get("/api/v1/auth/me").status, 200) << "B's session survived the force-logout probe";
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE username = 'probe_user'"), 0);
  // And in scope the same user does get through (the 404s above are about scope).
  EXPECT_EQ(sb->get("/api/v1/users/" + std::to_string(alpha_one_.id)).status, 200);
}

TEST_P(IdentityAccess, ScopesOfDifferentRolesDoNotMix) {
  make_people();
  std::int64_t reader = create_role(*sysb_, "user_reader", {"user:read"});
  std::int64_t role_reader = create_role(*sysb_, "role_reader", {"role:read"});
  Account c = create_user(*sysb_, "mixed_scope", "混合范围", org_a_);
  // user:read over A's subtree; role:read over everything. The 全部 of the
  // second role must not widen the first role's permission.
  set_roles(*sysb_, c.id,
            json::array{binding(reader, "subtree", org_a_), json::object{{"role_id", role_reader}, {"scope", "all"}}});
  auto cb = first_sign_in(c);

  auto list = cb->get("/api/v1/users?page_size=200");
  ASSERT_EQ(list.status, 200) << list.body;
  for (const auto& name : beta_names()) EXPECT_EQ(list.body.find(name), std::string::npos) << name;
  std::int64_t in_subtree = scalar("SELECT count(*) FROM users WHERE org_id IN ($1, $2)", {org_a_, org_a1_});
  EXPECT_EQ(list.json().at("total").as_int64(), in_subtree) << "the total counts only A's subtree";
  EXPECT_EQ(static_cast<std::int64_t>(list.json().at("items").as_array().size()), in_subtree);
  EXPECT_NE(list.body.find(alpha_one_.username), std::string::npos);

  auto filtered = cb->get("/api/v1/users?org_id=" + std::to_string(org_b_));
  EXPECT_EQ(filtered.json().at("total").as_int64(), 0) << filtered.body;
  auto one = cb->get("/api/v1/users/" + std::to_string(beta_.id));
  EXPECT_EQ(one.status, 404) << one.body;
  EXPECT_TRUE(one.is_error_shape());
  EXPECT_EQ(cb->get("/api/v1/users/" + std::to_string(beta_.id) + "/roles").status, 404);
  EXPECT_EQ(cb->get("/api/v1/roles").status, 200) << "the second role's own permission works everywhere";
  EXPECT_EQ(cb->get("/api/v1/users/export").status, 403) << "no role grants user:export";
}

TEST_P(IdentityAccess, ScopeCannotBeGrantedBeyondOnesOwn) {
  make_people();
  std::int64_t all_perms = create_role(*sysb_, "all_perms", permission_names());
  Account scoped = create_user(*sysb_, "scoped_admin", "甲范围管理员", org_a_);
  set_roles(*sysb_, scoped.id, json::array{binding(all_perms, "subtree", org_a_)});
  auto sb = first_sign_in(scoped);
  auto put_roles = [&](std::int64_t user, const json::object& b) {
    return sb->put("/api/v1/users/" + std::to_string(user) + "/roles", json_text({{"roles", json::array{b}}}));
  };

  // A guides B: a "guided" binding anchored at A would reach B's tree.
  store().write([&](store::Conn& c) { orgtree::add_guidance(c, org_a_, org_b_); });
  json::object everything{{"role_id", all_perms}, {"scope", "all"}};
  json::object custom_b{{"role_id", all_perms}, {"scope", "custom"}, {"org_ids", json::array{org_b_}}};
  struct Attempt {
    const char* what;
    std::int64_t user;
    json::object binding;
  };
  const Attempt attempts[] = {
      {"subtree anchored at B", alpha_.id, binding(all_perms, "subtree", org_b_)},
      {"subtree anchored at the root", alpha_.id, binding(all_perms, "subtree", root_)},
      {"custom [B] for a user of A", alpha_.id, custom_b},
      {"guided from A (which guides B)", alpha_.id, binding(all_perms, "guided", org_a_)},
      {"全部 for a user of A", alpha_.id, everything},
      // Last: were it accepted, every later attempt would pass for the wrong reason.
      {"全部 for oneself", scoped.id, everything},
  };
  for (const auto& a : attempts) {
    auto r = put_roles(a.user, a.binding);
    EXPECT_EQ(r.status, 403) << a.what << ": " << r.body;
    EXPECT_TRUE(r.is_error_shape()) << r.body;
  }
  EXPECT_EQ(sb->get("/api/v1/users/" + std::to_string(beta_.id)).status, 404) << "still blind to B";
  EXPECT_EQ(scalar("SELECT count(*) FROM user_roles WHERE user_id = $1", {alpha_.id}), 0);
  // Inside one's own scope it works.
  auto ok = put_roles(alpha_.id, binding(all_perms, "subtree", org_a1_));
  EXPECT_EQ(ok.status, 200) << ok.body;
  json::object custom_a{{"role_id", all_perms}, {"scope", "custom"}, {"org_ids", json::array{org_a_, org_a1_}}};
  EXPECT_EQ(put_roles(alpha_one_.id, custom_a).status, 200);

  // An administrator of organisation A alone (not A1) cannot hand out A's subtree.
  Account narrow = create_user(*sysb_, "narrow_admin", "本组织管理员", org_a_);
  set_roles(*sysb_, narrow.id, json::array{binding(all_perms, "org", org_a_)});
  auto nb = first_sign_in(narrow);
  auto wider = nb->put("/api/v1/users/" + std::to_string(alpha_.id) + "/roles",
                       json_text({{"roles", json::array{binding(all_perms, "subtree", org_a_)}}}));
  EXPECT_EQ(wider.status, 403) << wider.body;
  auto same = nb->put("/api/v1/users/" + std::to_string(alpha_.id) + "/roles",
                      json_text({{"roles", json::array{binding(all_perms, "org", org_a_)}}}));
  EXPECT_EQ(same.status, 200) << same.body;
}

TEST_P(IdentityAccess, TheThreeAdministratorRolesStayApart) {
  make_people();
  std::int64_t sys = builtin_role("sysadmin"), sec = builtin_role("secadmin"), aud = builtin_role("auditadmin");
  Account x = create_user(*sysb_, "triad_test", "三员测试", org_a_);
  auto put = [&](json::array roles) {
    return sysb_->put("/api/v1/users/" + std::to_string(x.id) + "/roles", json_text({{"roles", roles}}));
  };
  auto all = [](std::int64_t role) { return json::object{{"role_id", role}, {"scope", "all"}}; };
  for (auto pair : {json::array{all(sys), all(aud)}, json::array{all(sec), all(aud)}, json::array{all(sys), all(sec)}}) {
    auto r = put(pair);
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.error_code(), "conflict");
    EXPECT_TRUE(has_chinese(r.error_message()));
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM user_roles WHERE user_id = $1", {x.id}), 0) << "refused as a whole";
  auto single = put(json::array{all(aud)});
  ASSERT_EQ(single.status, 200) << single.body;
  EXPECT_EQ(single.json().as_array().at(0).at("code").as_string(), "auditadmin");

  // The other two administrators come from the command line, each with their own role only.
  for (const char* role : {"secadmin", "auditadmin"}) {
    Account admin = create_admin(std::string(role) + "_cli", role);
    auto roles = sysb_->get("/api/v1/users/" + std::to_string(admin.id) + "/roles");
    ASSERT_EQ(roles.status, 200) << roles.body;
    ASSERT_EQ(roles.json().as_array().size(), 1u) << roles.body;
    EXPECT_EQ(roles.json().as_array().at(0).at("code").as_string(), role);
    EXPECT_EQ(roles.json().as_array().at(0).at("scope").as_string(), "all");
  }
  auto bad = cli({"admin", "create", "--username", "rootish", "--display-name", "全能", "--role", "superuser"});
  EXPECT_NE(bad.exit_code, 0) << bad.output;
  auto dup = cli({"admin", "create", "--username", "sysadmin1", "--display-name", "重复", "--role", "secadmin"});
  EXPECT_NE(dup.exit_code, 0) << "an existing account does not gain a second administrator role";
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityAccess, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
