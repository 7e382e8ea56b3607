// The viewer: filters, paging, JSON.
#include <boost/json.hpp>

#include "audit_fixture.h"

namespace dj::test {
namespace {

class QueryTest : public AuditTest {
 protected:
  static constexpr std::int64_t kT0 = 1795755909000;  // 2026-11-27T13:05:09+08:00

  void SetUp() override {
    AuditTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // 25 rows, one a minute: alternating users, three kinds of action.
    for (int i = 0; i < 25; ++i) {
      const bool alice = i % 2 == 0;
      const std::string action = i % 3 == 0 ? "member.create" : i % 3 == 1 ? "member.update" : "org.rename";
      add(action, alice ? "Alice_Wang" : "bob", kT0 + i * 60000LL, {{"i", i}}, i % 3 == 2 ? "org" : "member",
          std::to_string(i % 5), i == 7 ? "denied" : "success", alice ? 1 : 2);
    }
  }

  static std::vector<std::int64_t> ids(const audit::Page& p) {
    std::vector<std::int64_t> out;
    for (const auto& r : p.rows) out.push_back(r.id);
    return out;
  }
};

TEST_P(QueryTest, NewestFirstWithTotal) {
  audit::Query q;
  q.page_size = 10;
  auto p = audit::list(*store_, q);
  EXPECT_EQ(p.total, 25);
  EXPECT_EQ(ids(p), (std::vector<std::int64_t>{25, 24, 23, 22, 21, 20, 19, 18, 17, 16}));
  q.page = 2;
  p = audit::list(*store_, q);
  EXPECT_EQ(p.total, 25);
  EXPECT_EQ(ids(p), (std::vector<std::int64_t>{15, 14, 13, 12, 11, 10, 9, 8, 7, 6}));
  q.page = 3;
  EXPECT_EQ(ids(audit::list(*store_, q)), (std::vector<std::int64_t>{5, 4, 3, 2, 1}));
  q.page = 4;
  EXPECT_TRUE(audit::list(*store_, q).rows.empty());
}

TEST_P(QueryTest, PageSizeIsCapped) {
  for (int i = 0; i < 200; ++i) add("bulk.row", "carol", kT0 - 1000 - i);
  audit::Query q;
  q.page_size = 100000;
  const auto p = audit::list(*store_, q);
  EXPECT_EQ(p.total, 225);
  EXPECT_EQ(p.rows.size(), 200u);
}

TEST_P(QueryTest, Filters) {
  audit::Query q;
  q.user_id = 1;
  EXPECT_EQ(audit::list(*store_, q).total, 13);
  q = {};
  q.username_like = "alice";  // substring, any letter case
  EXPECT_EQ(audit::list(*store_, q).total, 13);
  q.username_like = "e_w";  // '_' is literal, not a wildcard
  EXPECT_EQ(audit::list(*store_, q).total, 13);
  q.username_like = "%";
  EXPECT_EQ(audit::list(*store_, q).total, 0);
  q = {};
  q.action_prefix = "member.";
  EXPECT_EQ(audit::list(*store_, q).total, 17);
  q.action_prefix = "org.";
  EXPECT_EQ(audit::list(*store_, q).total, 8);
  q = {};
  q.entity = "member";
  q.entity_id = "3";
  auto p = audit::list(*store_, q);
  EXPECT_EQ(ids(p), (std::vector<std::int64_t>{19, 14, 4}));  // i = 18, 13, 3 (8 and 23 are org rows)
  q = {};
  q.outcome = "denied";
  p = audit::list(*store_, q);
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0].id, 8);
  q = {};
  q.from_ms = kT0 + 10 * 60000LL;
  q.to_ms = kT0 + 13 * 60000LL;  // exclusive
  EXPECT_EQ(ids(audit::list(*store_, q)), (std::vector<std::int64_t>{13, 12, 11}));
  q.user_id = 2;
  EXPECT_EQ(ids(audit::list(*store_, q)), (std::vector<std::int64_t>{12}));
}

TEST_P(QueryTest, ScopeRestrictsByOrganisation) {
  audit::Entry e;
  e.action = "org.update";
  e.org_id = 5;
  store_->write([&](store::Conn& c) { audit::lock_chain(c); audit::append(c, {}, e); });
  audit::Query q;
  q.scope = [](std::string_view expr, store::Params& params) {
    params.push_back(std::int64_t{5});
    return std::string(expr) + " = $" + std::to_string(params.size());
  };
  q.user_id = 0;
  const auto p = audit::list(*store_, q);
  ASSERT_EQ(p.total, 1);
  EXPECT_EQ(p.rows[0].org_id, 5);
}

TEST_P(QueryTest, RowToJson) {
  audit::Query q;
  q.page_size = 1;
  q.page = 25;
  const auto p = audit::list(*store_, q);
  ASSERT_EQ(p.rows.size(), 1u);
  const auto j = audit::to_json(p.rows[0]).as_object();
  EXPECT_EQ(j.at("id"), 1);
  EXPECT_EQ(j.at("at"), "2026-11-27T13:05:09+08:00");
  EXPECT_EQ(j.at("at_ms"), kT0);
  EXPECT_EQ(j.at("username"), "Alice_Wang");
  EXPECT_EQ(j.at("action"), "member.create");
  EXPECT_EQ(j.at("detail"), (boost::json::object{{"i", 0}}));
  EXPECT_TRUE(j.at("org_id").is_null());
  EXPECT_EQ(j.at("outcome"), "success");
  EXPECT_EQ(j.at("ip"), "10.0.0.1");
}

DJ_INSTANTIATE_BACKENDS(QueryTest);

}  // namespace
}  // namespace dj::test
