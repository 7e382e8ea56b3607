// `dangjian bench-data` (issue 7) on both databases: the counts match the
// Scale, two runs into two databases write the same people and tree, a
// non-empty database is refused, the generated progress equals rollup.h's
// weighted computation, and the real routes work on the data.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <ctime>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "identity_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

// The {"bench_data":{...}} line the command prints last.
json::object bench_line(const std::string& output) {
  const auto at = output.rfind("{\"bench_data\"");
  require(at != std::string::npos, "no bench_data line in:\n" + output);
  const auto end = output.find('\n', at);
  return json::parse(output.substr(at, end == std::string::npos ? std::string::npos : end - at))
      .as_object()
      .at("bench_data")
      .as_object();
}

// What must be the same on every run: the tree's codes and names, the
// people's names and dates, in id order.
std::string fingerprint(store::Store& s) {
  return s.read([](store::Conn& c) {
    std::string out;
    c.each("SELECT code, name, type, depth FROM orgs ORDER BY id", {}, [&](const store::Row& r) {
      out += std::string(r.text(0)) + "|" + std::string(r.text(1)) + "|" + std::string(r.text(2)) + "|" +
             std::to_string(r.int64(3)) + "\n";
    });
    c.each("SELECT m.name, m.birth_date, m.join_date, m.id_masked, o.code FROM members m JOIN orgs o ON o.id = m.org_id "
           "ORDER BY m.id",
           {}, [&](const store::Row& r) {
             for (int i = 0; i < 5; ++i) out += std::string(r.text(i)) + "|";
             out += "\n";
           });
    c.each("SELECT title, weight, progress_bp FROM target_items ORDER BY id", {}, [&](const store::Row& r) {
      out += std::string(r.text(0)) + "|" + std::to_string(r.int64(1)) + "|" + std::to_string(r.int64(2)) + "\n";
    });
    return out;
  });
}

std::string today_beijing() {
  const std::time_t t = static_cast<std::time_t>(now_ms() / 1000 + 8 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::int64_t round_half_up(std::int64_t num, std::int64_t den) { return den <= 0 ? 0 : (2 * num + den) / (2 * den); }

class BenchData : public IdentityTest {
 protected:
  json::object run_bench(const std::string& scale) {
    auto r = cli({"bench-data", "--scale", scale});
    require(r.exit_code == 0, "bench-data failed:\n" + r.output);
    return bench_line(r.output);
  }
};

TEST_P(BenchData, CountsMatchTheScaleAndRoutesServeTheData) {
  const json::object line = run_bench("2000");
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs"), 120);
  EXPECT_LE(scalar("SELECT max(depth) FROM orgs"), 9);  // at most 10 levels
  EXPECT_EQ(scalar("SELECT count(*) FROM members"), 2000);
  EXPECT_EQ(scalar("SELECT count(*) FROM users"), 20);
  EXPECT_EQ(scalar("SELECT count(*) FROM target_items"), 800);
  EXPECT_LE(scalar("SELECT max(depth) FROM target_items"), 4);
  EXPECT_GE(scalar("SELECT count(*) FROM audit_log"), 8000);
  EXPECT_GT(scalar("SELECT count(*) FROM target_reports"), 0);
  // Every milestone state the screens show: done on time, late, pending, overdue.
  EXPECT_GT(scalar("SELECT count(*) FROM target_milestones WHERE state = 'done' AND done_date <= due_date"), 0);
  EXPECT_GT(scalar("SELECT count(*) FROM target_milestones WHERE state = 'done' AND done_date > due_date"), 0);
  EXPECT_GT(scalar("SELECT count(*) FROM target_milestones WHERE state = 'submitted'"), 0);
  EXPECT_GT(scalar("SELECT count(*) FROM target_milestones WHERE state = 'open' AND due_date < $1", {today_beijing()}),
            0);
  EXPECT_GT(line.at("db_bytes").as_int64(), 0);
  ASSERT_EQ(line.at("parts").as_array().size(), 4u);  // org, member, target, audit

  // The chain the audit part wrote verifies.
  auto verify = cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.output;

  // bench_admin signs in with the printed password and reads a department's page 1.
  auto b = browser();
  auto login = b->login("bench_admin", std::string(line.at("password").as_string()));
  ASSERT_EQ(login.status, 200) << login.body;
  ASSERT_EQ(b->stage(), "full");
  const std::int64_t dept = scalar("SELECT id FROM orgs WHERE depth = 1 ORDER BY path LIMIT 1");
  auto page = b->get("/api/v1/members?org_id=" + std::to_string(dept) + "&page=1");
  ASSERT_EQ(page.status, 200) << page.body;
  const auto items = page.json().as_object().at("items").as_array();
  ASSERT_EQ(items.size(), 20u);
  for (const auto& m : items) {
    const std::string id(m.at("id_number").as_string());
    EXPECT_NE(id.find('*'), std::string::npos) << "not masked: " << id;
  }
  // An ordinary bench account (a branch secretary) signs in with the same password.
  auto b2 = browser();
  auto login2 = b2->login("bench00001", std::string(line.at("password").as_string()));
  EXPECT_EQ(login2.status, 200) << login2.body;
}

TEST_P(BenchData, ProgressEqualsTheWeightedComputation) {
  run_bench("2000");
  // Recompute every plan from the reports up, independently of the seeder:
  // milestone = latest accepted report × 100, leaf = mean of its milestones,
  // inner = Σ weight·bp / Σ weight, plan = the same over the top level.
  struct It {
    std::int64_t parent = 0, weight = 0, stored = 0, plan = 0;
    std::vector<std::int64_t> milestones;
  };
  std::map<std::int64_t, It> items;
  std::map<std::int64_t, std::int64_t> ms_bp, plan_stored;
  store().read([&](store::Conn& c) {
    c.each("SELECT id, COALESCE(parent_id, 0), weight, progress_bp, plan_id FROM target_items", {},
           [&](const store::Row& r) { items[r.int64(0)] = {r.int64(1), r.int64(2), r.int64(3), r.int64(4), {}}; });
    c.each("SELECT m.id, m.item_id, m.progress_bp FROM target_milestones m WHERE m.kind = 'milestone'", {},
           [&](const store::Row& r) {
             items[r.int64(1)].milestones.push_back(r.int64(0));
             ms_bp[r.int64(0)] = 0;
           });
    c.each("SELECT milestone_id, percent FROM target_reports WHERE status = 'accepted' ORDER BY submitted_at_ms, id",
           {}, [&](const store::Row& r) { ms_bp[r.int64(0)] = r.int64(1) * 100; });
    c.each("SELECT id, progress_bp FROM target_plans", {},
           [&](const store::Row& r) { plan_stored[r.int64(0)] = r.int64(1); });
  });
  // Stored milestone progress equals its latest accepted report.
  store().read([&](store::Conn& c) {
    c.each("SELECT id, progress_bp FROM target_milestones WHERE kind = 'milestone'", {},
           [&](const store::Row& r) { EXPECT_EQ(r.int64(1), ms_bp[r.int64(0)]) << "milestone " << r.int64(0); });
  });
  std::map<std::int64_t, std::vector<std::int64_t>> children;
  for (const auto& [id, it] : items) children[it.parent].push_back(id);
  std::map<std::int64_t, std::int64_t> memo;
  std::function<std::int64_t(std::int64_t)> bp = [&](std::int64_t id) -> std::int64_t {
    if (auto f = memo.find(id); f != memo.end()) return f->second;
    std::int64_t num = 0, den = 0;
    if (children.count(id)) {
      for (auto ch : children[id]) num += items[ch].weight * bp(ch), den += items[ch].weight;
    } else {
      for (auto m : items[id].milestones) num += ms_bp[m], den += 1;
    }
    return memo[id] = round_half_up(num, den);
  };
  int checked = 0;
  for (const auto& [id, it] : items) {
    EXPECT_EQ(it.stored, bp(id)) << "item " << id;
    ++checked;
  }
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> plan_sum;
  for (auto top : children[0]) {
    plan_sum[items[top].plan].first += items[top].weight * bp(top);
    plan_sum[items[top].plan].second += items[top].weight;
  }
  for (const auto& [plan, stored] : plan_stored)
    EXPECT_EQ(stored, round_half_up(plan_sum[plan].first, plan_sum[plan].second)) << "plan " << plan;
  EXPECT_EQ(checked, 800);
  EXPECT_EQ(plan_stored.size(), 8u);
}

TEST_P(BenchData, IsDeterministicAndRefusesANonEmptyDatabase) {
  run_bench("2000");
  // A second run into the same database is refused, changing nothing.
  auto again = cli({"bench-data", "--scale", "2000"});
  EXPECT_EQ(again.exit_code, 2) << again.output;
  EXPECT_NE(again.output.find("全新的数据库"), std::string::npos) << again.output;
  EXPECT_EQ(scalar("SELECT count(*) FROM members"), 2000);

  // Another fresh database (its own key file) gets the same tree, people and progress.
  TestDb other(GetParam());
  auto r = run_command({"bench-data", "--scale", "2000", "--db", other.url(), "--data-dir", other.dir()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto other_store = store::open(other.url(), store::Options{.pool_size = 1});
  EXPECT_EQ(fingerprint(store()), fingerprint(*other_store));
  EXPECT_GT(fingerprint(store()).size(), 2000u * 20);
  other_store.reset();  // before the database is dropped

  // A bad scale is refused with exit 2.
  auto bad = cli({"bench-data", "--scale", "lots"});
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
}

TEST_P(BenchData, CityIsTheDemoPlusBenchAdmin) {
  const json::object line = run_bench("city");
  EXPECT_EQ(scalar("SELECT count(*) FROM members"), 12000);
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs"), line.at("orgs").as_int64());
  EXPECT_EQ(scalar("SELECT count(*) FROM target_items"), line.at("target_items").as_int64());
  EXPECT_EQ(scalar("SELECT count(*) FROM users"), line.at("users").as_int64());
  auto b = browser();
  auto login = b->login("bench_admin", std::string(line.at("password").as_string()));
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(b->stage(), "full");
  auto page = b->get("/api/v1/members?page=1");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json().as_object().at("items").as_array().size(), 20u);
}

INSTANTIATE_TEST_SUITE_P(Backends, BenchData, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
