#include <gtest/gtest.h>

#include <stdexcept>

#include "http/router.h"

namespace dj::http {
namespace {

Route route(Method m, std::string pattern, std::string permission = "member:read") {
  Route r;
  r.method = m;
  r.pattern = std::move(pattern);
  r.access = Access::org_route(std::move(permission), OrgRef::list());
  r.handler = [](Request&) { return Response::no_content(); };
  return r;
}

TEST(Router, MatchesParamsAndLiterals) {
  Router router;
  router.add(route(Method::GET, "/api/v1/orgs/{id}/members/{member_id}"));
  router.add(route(Method::GET, "/api/v1/orgs"));
  auto m = router.match(Method::GET, "/api/v1/orgs/12/members/34");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/orgs/{id}/members/{member_id}");
  ASSERT_EQ(m.params.size(), 2u);
  EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"id", "12"}));
  EXPECT_EQ(m.params[1], (std::pair<std::string, std::string>{"member_id", "34"}));

  auto list = router.match(Method::GET, "/api/v1/orgs");
  ASSERT_NE(list.route, nullptr);
  EXPECT_TRUE(list.params.empty());
}

TEST(Router, LiteralBeatsParamWhateverTheOrderOfAdding) {
  Router router;
  router.add(route(Method::GET, "/api/v1/orgs/{id}"));
  router.add(route(Method::GET, "/api/v1/orgs/tree"));
  EXPECT_EQ(router.match(Method::GET, "/api/v1/orgs/tree").route->pattern, "/api/v1/orgs/tree");
  EXPECT_EQ(router.match(Method::GET, "/api/v1/orgs/5").route->pattern, "/api/v1/orgs/{id}");

  // The first differing depth decides.
  Router deep;
  deep.add(route(Method::GET, "/a/{x}/c"));
  deep.add(route(Method::GET, "/a/b/{y}"));
  auto m = deep.match(Method::GET, "/a/b/c");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/a/b/{y}");
  EXPECT_EQ(m.params.at(0).second, "c");
}

TEST(Router, NoMatchForOtherShapes) {
  Router router;
  router.add(route(Method::GET, "/api/v1/orgs/{id}"));
  EXPECT_EQ(router.match(Method::GET, "/api/v1/orgs").route, nullptr);
  EXPECT_EQ(router.match(Method::GET, "/api/v1/orgs/").route, nullptr);  // empty segment
  EXPECT_EQ(router.match(Method::GET, "/api/v1/orgs/1/x").route, nullptr);
  EXPECT_EQ(router.match(Method::GET, "/api/v1/orgs//").route, nullptr);
  EXPECT_FALSE(router.match(Method::GET, "/nothing").path_matched);
}

TEST(Router, RootPattern) {
  Router router;
  router.add(route(Method::GET, "/"));
  EXPECT_NE(router.match(Method::GET, "/").route, nullptr);
  EXPECT_EQ(router.match(Method::GET, "/x").route, nullptr);
}

TEST(Router, WrongMethodReportsPathMatchedFor405) {
  Router router;
  router.add(route(Method::GET, "/api/v1/orgs/{id}"));
  router.add(route(Method::DELETE_, "/api/v1/orgs/{id}", "org:delete"));
  auto m = router.match(Method::POST, "/api/v1/orgs/3");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_matched);
  auto del = router.match(Method::DELETE_, "/api/v1/orgs/3");
  ASSERT_NE(del.route, nullptr);
  EXPECT_EQ(del.route->access.permission, "org:delete");
}

TEST(Router, HeadIsServedByGet) {
  Router router;
  router.add(route(Method::GET, "/api/v1/health"));
  auto m = router.match(Method::HEAD, "/api/v1/health");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, Method::GET);
}

TEST(Router, RefusesDuplicateNamingTheRoute) {
  Router router;
  router.add(route(Method::GET, "/api/v1/orgs/{id}"));
  router.add(route(Method::PUT, "/api/v1/orgs/{id}"));  // other method: fine
  try {
    router.add(route(Method::GET, "/api/v1/orgs/{org}"));  // same shape, other name
    FAIL() << "duplicate accepted";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("GET /api/v1/orgs/{org}"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("GET /api/v1/orgs/{id}"), std::string::npos) << e.what();
  }
  EXPECT_EQ(router.routes().size(), 2u);
}

TEST(Router, RefusesRouteWithoutPermission) {
  Router router;
  try {
    router.add(route(Method::POST, "/api/v1/members", ""));
    FAIL() << "route without permission accepted";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("POST /api/v1/members"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(router.routes().empty());
  // An explicit public declaration is fine.
  Route open = route(Method::GET, "/api/v1/health");
  open.access = Access::public_route();
  EXPECT_NO_THROW(router.add(open));
  EXPECT_TRUE(router.routes().back().access.is_public());
}

TEST(Router, RefusesMalformedPatterns) {
  for (std::string p : {"", "api/v1", "/a//b", "/a/", "/a/{}", "/a/{1x}", "/a/x{y}", "/a/{id}/{id}",
                        "/a/{b", "/a?x=1"}) {
    Router router;
    EXPECT_THROW(router.add(route(Method::GET, p)), std::logic_error) << "pattern '" << p << "'";
  }
}

TEST(Router, RefusesMissingHandler) {
  Router router;
  Route r = route(Method::GET, "/x");
  r.handler = nullptr;
  EXPECT_THROW(router.add(r), std::logic_error);
}

}  // namespace
}  // namespace dj::http

namespace dj::http {
namespace {

Handler ok_handler() {
  return [](Request&) { return Response::json({{"ok", true}}); };
}

TEST(RouterAccess, OrgRoutesMustSayHowRowsMapToOrganisations) {
  Router r;
  Route bare{Method::GET, "/api/v1/things", {"thing:read", Scope::org, {}, true}, ok_handler()};
  EXPECT_THROW(r.add(bare), std::logic_error);
  Route listing{Method::GET, "/api/v1/things", Access::org_route("thing:read", OrgRef::list()), ok_handler()};
  EXPECT_NO_THROW(r.add(listing));
}

TEST(RouterAccess, RowMappingMustNameAParameterOfThePattern) {
  Router r;
  Route wrong{Method::GET, "/api/v1/things/{id}", Access::org_route("thing:read", OrgRef::row("thing_id", "things")),
              ok_handler()};
  EXPECT_THROW(r.add(wrong), std::logic_error);
  Route right{Method::GET, "/api/v1/things/{id}", Access::org_route("thing:read", OrgRef::row("id", "things")),
              ok_handler()};
  EXPECT_NO_THROW(r.add(right));
}

class RefusingGuard : public Guard {
 public:
  void before(Request&, const Route&) override {}
  void after(Request&, const Route&, Response&) noexcept override {}
  void validate(const Route& route) const override {
    if (route.access.permission == "unknown:perm") throw std::logic_error("undeclared");
  }
};

TEST(RouterAccess, TheGuardValidatesEveryRouteAsItIsAdded) {
  Router r;
  RefusingGuard g;
  r.set_guard(&g);
  EXPECT_THROW(r.add({Method::GET, "/x", {"unknown:perm", Scope::none, {}, true}, ok_handler()}), std::logic_error);
  EXPECT_NO_THROW(r.add({Method::GET, "/y", {"known:perm", Scope::none, {}, true}, ok_handler()}));
}

}  // namespace
}  // namespace dj::http
