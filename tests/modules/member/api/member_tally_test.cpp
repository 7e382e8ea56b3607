// The member tallies (decision 47) stay exact through every kind of change,
// and what they answer — the list's total, the statistics, the age bands —
// equals counting the rows. "Counting the rows" is the same endpoint with
// age_from=0, a filter every member passes that makes the server count rows
// instead of reading tallies; tally::verify() recomputes the whole table.
#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/identity/context.h"
#include "member_api_fixture.h"
#include "modules/member/list_query.h"
#include "modules/member/routes.h"
#include "modules/member/tally.h"
#include "modules/member/validate/civil_date.h"

namespace dj::test {
namespace {

namespace json = boost::json;

class MemberTally : public MemberApiTest {
 protected:
  std::vector<std::string> verify() {
    return store().read([](store::Conn& c) { return member::tally::verify(c); });
  }

  // Statistics from the tallies and from the rows must agree, for the whole
  // tree and for each of the given subtrees.
  void expect_stats_match(const std::vector<std::int64_t>& orgs, const std::string& when) {
    SCOPED_TRACE(when);
    for (std::int64_t org : orgs) {
      const std::string q = org ? "org_id=" + std::to_string(org) : "";
      Reply tallied = mgr_->get("/api/v1/members/stats?" + q);
      Reply counted = mgr_->get("/api/v1/members/stats?" + q + (q.empty() ? "" : "&") + "age_from=0");
      ASSERT_EQ(tallied.status, 200) << tallied.body;
      ASSERT_EQ(counted.status, 200) << counted.body;
      EXPECT_EQ(tallied.json(), counted.json()) << "org " << org;
      const json::object page = list(*mgr_, q + (q.empty() ? "" : "&") + "page_size=1");
      EXPECT_EQ(page.at("total").as_int64(), counted.json().at("total").as_int64()) << "org " << org;
    }
    EXPECT_EQ(verify(), std::vector<std::string>{});
  }

  // One page exactly as asked (list() puts its own page_size first).
  json::object page_of(const std::string& query) {
    Reply r = mgr_->get("/api/v1/members?" + query);
    require(r.status == 200, r.body);
    return r.json().as_object();
  }

  std::string birth8(const member::Date& d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year % 10000, d.month % 100, d.day % 100);
    return buf;
  }
};

TEST_P(MemberTally, StayExactThroughEveryKindOfChange) {
  make_member_world();
  auto orgs = user_with("org_admin", root_, {"org:read", "org:write", "org:move", "org:dissolve"}, root_);
  EXPECT_EQ(verify(), std::vector<std::string>{}) << "an empty roster";
  const std::vector<std::int64_t> all = {0, root_, org_a_, org_a1_, org_b_};

  // Creation, with every tallied field varying.
  std::vector<std::int64_t> ids;
  const char* births[] = {"19600315", "19751130", "19880701", "19920229", "19950101", "19851231"};
  const char* educations[] = {"研究生", "大学本科", "", "大学专科", "研究生", ""};
  const std::int64_t places[] = {org_a_, org_a1_, org_a1_, org_b_, root_, org_a1_};
  for (int i = 0; i < 6; ++i) {
    json::object body = member_body(places[i], "统计" + std::to_string(i), make_id(births[i], 10 + i), "2015-07-01",
                                    i % 3 == 0 ? "" : "2016-07-01", i % 3 == 0 ? "预备党员" : "正式党员");
    body["education"] = educations[i];
    body["rank"] = i % 2 ? "科员" : "";
    ids.push_back(create_member(*mgr_, body).at("id").as_int64());
  }
  expect_stats_match(all, "after creating");

  // An edit of tallied fields (status, education, rank, birth via the ID), and one of none.
  json::object edit = member_body(org_a1_, "统计1", make_id("19700520", 31));
  edit.erase("org_id");
  edit["birth_date"] = "1970-05-20";
  edit["sex"] = "男";
  edit["education"] = "研究生";
  edit["rank"] = "处级";
  Reply r = mgr_->patch("/api/v1/members/" + std::to_string(ids[1]), json_text(edit));
  ASSERT_EQ(r.status, 200) << r.body;
  json::object same = member_body(org_a1_, "统计一", make_id("19700520", 31));
  same.erase("org_id");
  same["birth_date"] = "1970-05-20";
  same["sex"] = "男";
  same["education"] = "研究生";
  same["rank"] = "处级";
  r = mgr_->patch("/api/v1/members/" + std::to_string(ids[1]), json_text(same));
  ASSERT_EQ(r.status, 200) << r.body;
  expect_stats_match(all, "after editing");

  // A transfer between subtrees.
  r = mgr_->post("/api/v1/members/" + std::to_string(ids[2]) + "/transfer",
                 json_text({{"to_org_id", org_b_}, {"reason", "工作调动"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  expect_stats_match(all, "after a transfer");

  // An import (one Batch for the whole transaction): new rows and an update.
  const Cells header = {"姓名", "身份证号", "入党日期", "转正日期", "人员类别", "学历"};
  std::vector<Cells> rows;
  for (int i = 0; i < 25; ++i)
    rows.push_back({"导入" + std::to_string(i), make_id("19" + std::to_string(50 + i) + "0610", 100 + i), "2010-07-01",
                    "2011-07-01", "正式党员", i % 2 ? "大学本科" : "高中"});
  json::object report = import_file(*mgr_, org_a1_, csv_text(header, rows));
  ASSERT_EQ(report.at("imported").as_int64(), 25) << json_text(report).substr(0, 600);
  expect_stats_match(all, "after an import");

  // A subtree moved with its members, then back: the counts travel along.
  r = orgs->post("/api/v1/orgs/" + std::to_string(org_a1_) + "/move", json_text({{"parent_id", org_b_}}));
  ASSERT_EQ(r.status, 200) << r.body;
  expect_stats_match(all, "after moving A1 under B");
  r = orgs->post("/api/v1/orgs/" + std::to_string(org_a_) + "/move", json_text({{"parent_id", org_b_}}));
  ASSERT_EQ(r.status, 200) << r.body;
  expect_stats_match(all, "after moving A under B as well");
  r = orgs->post("/api/v1/orgs/" + std::to_string(org_a1_) + "/move", json_text({{"parent_id", org_a_}}));
  ASSERT_EQ(r.status, 200) << r.body;
  expect_stats_match(all, "after moving A1 under A (below B)");

  // Dissolving a branch that still has members, moving them to another.
  r = orgs->post("/api/v1/orgs/" + std::to_string(org_a1_) + "/dissolve", json_text({{"move_to", root_}}));
  ASSERT_EQ(r.status, 200) << r.body;
  expect_stats_match({0, root_, org_a_, org_b_}, "after dissolving A1 into the root");
  const json::object root_stats = mgr_->get("/api/v1/members/stats?org_id=" + std::to_string(root_)).json().as_object();
  EXPECT_EQ(root_stats.at("total").as_int64(), 31);
  EXPECT_EQ(mgr_->get("/api/v1/members/stats?org_id=" + std::to_string(org_a1_)).json().at("total").as_int64(), 0);

  // A scoped reader (subtree of B) gets tallies of her scope, equal to counting.
  auto reader = user_with("b_reader", org_b_, {"member:read"}, org_b_);
  Reply t = reader->get("/api/v1/members/stats");
  Reply c = reader->get("/api/v1/members/stats?age_from=0");
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(t.json(), c.json());
  EXPECT_EQ(t.json().at("total").as_int64(),
            mgr_->get("/api/v1/members/stats?org_id=" + std::to_string(org_b_)).json().at("total").as_int64());
}

TEST_P(MemberTally, AgeBandsSplitTheBoundaryMonthsExactly) {
  make_member_world();
  // People born on, just before and just after each band's cutoff date.
  int seq = 0;
  for (int years : {36, 46, 56, 61}) {
    const auto cutoff = member::parse_iso(member::born_by(years)).value();
    const long day = member::day_number(cutoff);
    for (long delta : {-1L, 0L, 1L}) {
      const std::string id = make_id(birth8(member::date_from_day_number(day + delta)), 200 + seq);
      create_member(*mgr_, member_body(org_a1_, "边界" + std::to_string(seq), id, "2019-07-01", "2020-07-01"));
      ++seq;
    }
  }
  expect_stats_match({0, root_, org_a_, org_a1_}, "members around the cutoffs");

  // Both ways of splitting a month (counting its head or its tail) against SQL.
  store().read([&](store::Conn& conn) {
    const auto everything = orgtree::Scope::everything();  // ScopedConn keeps a reference
    identity::ScopedConn db(conn, everything);
    member::ListQuery q;
    q.where = "@SCOPE(m.org_id)@";
    const auto roots = member::tally_roots(db, q).value();
    for (int years : {36, 46, 56, 61}) {
      const auto c = member::parse_iso(member::born_by(years)).value();
      for (int day : {1, 2, 14, 15, 16, 27, 28, member::days_in_month(c.year, c.month)}) {
        const std::string cutoff = member::to_iso({c.year, c.month, std::min(day, member::days_in_month(c.year, c.month))});
        const auto expected = conn.scalar_int64("SELECT count(*) FROM members WHERE birth_date <= $1", {cutoff});
        EXPECT_EQ(member::tally_born_on_or_before(db, q, roots, cutoff), expected.value_or(-1)) << cutoff;
      }
    }
    return 0;
  });
}

TEST_P(MemberTally, PagesOfABigSubtreeAreTheSortedRowsWithoutGapsOrRepeats) {
  make_member_world();
  for (int i = 0; i < 45; ++i)
    create_member(*mgr_, member_body(i % 5 ? org_a1_ : org_b_, "翻页" + std::to_string((i * 7) % 45),
                                     make_id("1980" + std::string(i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) + "15", 300 + i)));
  for (std::int64_t org : {root_, org_a_, org_a1_}) {
    const std::string base = "org_id=" + std::to_string(org);
    const std::vector<std::string> all = names(*mgr_, base + "&page_size=100");
    std::vector<std::string> paged;
    for (int page = 1; page <= 3; ++page) {
      // Page 1 of the root walks the name index (20 × 45 ÷ 45 < 45); later pages sort.
      const json::object p = page_of(base + "&page_size=20&page=" + std::to_string(page));
      EXPECT_EQ(p.at("total").as_int64(), static_cast<std::int64_t>(all.size()));
      EXPECT_EQ(p.at("items").as_array().size(), std::min<std::size_t>(20, all.size() - std::min<std::size_t>(all.size(), (page - 1) * 20)));
      for (const auto& it : p.at("items").as_array()) paged.push_back(std::string(it.at("name").as_string()));
    }
    EXPECT_EQ(paged, all) << "org " << org;
    std::vector<std::string> desc;
    const json::object desc_page = page_of(base + "&page_size=20&order=desc");  // alive through the loop
    for (const auto& it : desc_page.at("items").as_array()) desc.push_back(std::string(it.at("name").as_string()));
    std::vector<std::string> tail(all.rbegin(), all.rbegin() + std::min<std::size_t>(20, all.size()));
    EXPECT_EQ(desc, tail) << "org " << org;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, MemberTally, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
