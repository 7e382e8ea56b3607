// `dangjian bench probe` (issue 7, bench/README.md): runs a probe on the demo
// data and prints its JSON line; an unknown probe is refused in Chinese.
// Timings are not asserted (they are the benchmark's business, not a test's).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <sstream>

#include "harness.h"
#include "support/test_db.h"

namespace dj::test {
namespace {

TEST(BenchProbe, MemberPagePrintsItsJsonLineOnTheDemoData) {
  TestDb db("sqlite");
  auto demo = run_command({"demo", "--db", db.url(), "--data-dir", db.dir()});
  ASSERT_EQ(demo.exit_code, 0) << demo.output;

  auto r = run_command({"bench", "probe", "member_page", "--iterations", "5", "--log-level", "warn", "--db", db.url(),
                        "--data-dir", db.dir()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto v = boost::json::parse(last_line(r.output)).as_object();
  EXPECT_EQ(v.at("probe").as_string(), "member_page");
  EXPECT_EQ(v.at("iterations").as_int64(), 5);
  EXPECT_GT(v.at("bytes").to_number<double>(), 1000) << "a page of 20 members";
  EXPECT_GE(v.at("cpu_us_per_call").to_number<double>(), 0);
  EXPECT_GT(v.at("wall_us_per_call").to_number<double>(), 0);

  for (const char* name : {"member_search", "member_stats", "target_stats"}) {
    auto p = run_command({"bench", "probe", name, "--iterations", "1", "--warmup", "0", "--log-level", "warn", "--db",
                          db.url(), "--data-dir", db.dir()});
    ASSERT_EQ(p.exit_code, 0) << name << ": " << p.output;
    EXPECT_EQ(boost::json::parse(last_line(p.output)).at("probe").as_string(), name);
  }
  // A subtree filter from the command line is the endpoint's own parameter.
  auto q = run_command({"bench", "probe", "member_page", "--iterations", "1", "--arg", "org_id=1", "--arg", "q=zs",
                        "--log-level", "warn", "--db", db.url(), "--data-dir", db.dir()});
  ASSERT_EQ(q.exit_code, 0) << q.output;
  EXPECT_EQ(boost::json::parse(last_line(q.output)).at("args").at("q").as_string(), "zs");
}

TEST(BenchProbe, UnknownProbeExitsNonZeroInChinese) {
  TestDb db("sqlite");
  auto r = run_command({"bench", "probe", "no_such_probe", "--db", db.url(), "--data-dir", db.dir()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("没有名为 no_such_probe 的探针"), std::string::npos) << r.output;
  auto list = run_command({"bench", "probe", "--db", db.url(), "--data-dir", db.dir()});
  EXPECT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find("member_page"), std::string::npos) << list.output;
  auto bad = run_command({"bench", "probe", "member_page", "--arg", "novalue", "--db", db.url(), "--data-dir", db.dir()});
  EXPECT_NE(bad.exit_code, 0);
}

}  // namespace
}  // namespace dj::test
