// `dangjian bench roster` (issue 7, bench/README.md): the generated roster
// imports through the real API without a rejection or a repair, the same
// seed writes the same people and another seed none of them; and the export
// (which on SQLite sorts ids first and reads rows by id, 500 at a time) keeps
// the list's order and every member across chunk boundaries.
#include <boost/json.hpp>

#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include "member_api_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class MemberBenchRoster : public MemberApiTest {
 protected:
  // `dangjian bench roster` into the test's data directory; the file's bytes.
  std::string roster(int rows, std::int64_t org_id, int seed, json::object* info = nullptr) {
    const std::string path = db_->dir() + "/roster-" + std::to_string(seed) + "-" + std::to_string(rows) + ".xlsx";
    CommandResult r = cli({"bench", "roster", "--rows", std::to_string(rows), "--out", path, "--org-id",
                           std::to_string(org_id), "--seed", std::to_string(seed), "--log-level", "warn"});
    require(r.exit_code == 0, "bench roster failed: " + r.output);
    if (info) *info = json::parse(last_line(r.output)).at("bench_roster").as_object();
    return slurp(path);
  }

  // (姓名, 身份证号) of every exported row, in the file's order: the sheet's
  // inline strings after the two header cells.
  static std::vector<std::pair<std::string, std::string>> exported(const std::string& xlsx) {
    const std::string text = xlsx_text(xlsx);
    const std::size_t sheet = text.find("<sheetData>");
    require(sheet != std::string::npos, "export: no sheetData");
    static const std::regex cell("<t[^>]*>([^<]*)</t>");
    std::vector<std::string> cells;
    for (auto it = std::sregex_iterator(text.begin() + static_cast<std::ptrdiff_t>(sheet), text.end(), cell);
         it != std::sregex_iterator(); ++it)
      cells.push_back((*it)[1]);
    require(cells.size() >= 2 && cells[0] == "姓名" && cells[1] == "身份证号", "export: unexpected header");
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 2; i + 1 < cells.size(); i += 2) out.emplace_back(cells[i], cells[i + 1]);
    return out;
  }

  // The same pairs from the list API, page by page.
  std::vector<std::pair<std::string, std::string>> listed(const std::string& query) {
    std::vector<std::pair<std::string, std::string>> out;
    for (int page = 1;; ++page) {
      json::object p = list(*mgr_, query + "&page_size=200&page=" + std::to_string(page));
      const auto& items = p.at("items").as_array();
      for (const auto& it : items)
        out.emplace_back(std::string(it.at("name").as_string()), std::string(it.at("id_number").as_string()));
      if (items.size() < 200) break;
    }
    return out;
  }
};

TEST_P(MemberBenchRoster, GeneratedRosterImportsCleanly) {
  make_member_world();
  json::object info;
  const std::string file = roster(200, org_a_, 0, &info);
  EXPECT_EQ(info.at("rows").as_int64(), 200);
  // ORG-A and ORG-A1 (no 党支部 below ORG-A in this tree: every organisation of the subtree).
  EXPECT_EQ(info.at("branches").as_int64(), 2);
  EXPECT_EQ(info.at("area").as_string(), "320501");

  json::object dry = import_file(*mgr_, org_a_, file, "dry_run=1");
  SCOPED_TRACE(json_text(dry));
  EXPECT_EQ(dry.at("rows").as_int64(), 200);
  EXPECT_EQ(dry.at("imported").as_int64(), 200);
  EXPECT_TRUE(dry.at("rejected").as_array().empty());
  EXPECT_TRUE(dry.at("repaired").as_array().empty());
  const json::object& layout = dry.at("layout").as_object();
  EXPECT_EQ(layout.at("format").as_string(), "xlsx");
  EXPECT_EQ(layout.at("header_row").as_int64(), 1);
  EXPECT_EQ(layout.at("headers").as_object().size(), 15u) << "every column of the template";
  EXPECT_EQ(layout.at("headers").at("id_number").as_string(), "*身份证号");
  if (auto* ignored = layout.if_contains("ignored_headers")) {
    EXPECT_TRUE(ignored->as_array().empty());
  }
  EXPECT_EQ(member_count(), 0) << "a dry run writes nothing";

  json::object done = import_file(*mgr_, org_a_, file, "dry_run=0");
  EXPECT_EQ(done.at("imported").as_int64(), 200) << json_text(done);
  EXPECT_EQ(done.at("rejected_rows").as_int64(), 0);
  EXPECT_TRUE(done.at("applied").as_bool());
  EXPECT_EQ(member_count(), 200);
  // 所在支部 by organisation code: rows alternate between the two organisations.
  EXPECT_EQ(list(*mgr_, "org_id=" + std::to_string(org_a1_)).at("total").as_int64(), 100);
  EXPECT_EQ(scalar("SELECT count(*) FROM members WHERE org_id = $1", {org_a_}), 100);

  // The same seed is the same people: everything unchanged the second time.
  json::object again = import_file(*mgr_, org_a_, roster(200, org_a_, 0), "dry_run=0");
  EXPECT_EQ(again.at("unchanged").as_int64(), 200) << json_text(again);
  EXPECT_EQ(again.at("imported").as_int64(), 0);
  // Another seed shares no ID number with it (nor with the tests' 320402 numbers).
  json::object other_info;
  json::object other = import_file(*mgr_, org_a_, roster(50, org_a_, 1, &other_info), "dry_run=0");
  EXPECT_EQ(other_info.at("area").as_string(), "320502");
  EXPECT_EQ(other.at("imported").as_int64(), 50) << json_text(other);
  EXPECT_EQ(other.at("rejected_rows").as_int64(), 0);
  EXPECT_EQ(member_count(), 250);
}

TEST_P(MemberBenchRoster, RefusesBadArgumentsInChinese) {
  make_member_world();
  CommandResult none = cli({"bench", "roster", "--rows", "10", "--out", db_->dir() + "/x.xlsx", "--org-id", "987654"});
  EXPECT_NE(none.exit_code, 0);
  EXPECT_NE(none.output.find("找不到 id 为 987654 的有效党组织"), std::string::npos) << none.output;
  CommandResult rows = cli({"bench", "roster", "--rows", "0", "--out", db_->dir() + "/x.xlsx"});
  EXPECT_NE(rows.exit_code, 0) << rows.output;
}

// 1,203 members: two full chunks of 500 and a short one, in three orders.
TEST_P(MemberBenchRoster, ExportKeepsTheListOrderAcrossChunks) {
  make_member_world();
  json::object report = import_file(*mgr_, root_, roster(1203, root_, 2), "dry_run=0");
  ASSERT_EQ(report.at("imported").as_int64(), 1203) << json_text(report);
  const std::vector<std::string> queries = {"org_id=" + std::to_string(root_), "sort=join_date&order=desc",
                                            "org_id=" + std::to_string(org_a_) + "&sort=birth_date"};
  for (const std::string& query : queries) {
    SCOPED_TRACE(query);
    Reply x = mgr_->get("/api/v1/members/export?columns=name,id_number&" + query);
    ASSERT_EQ(x.status, 200) << x.body.substr(0, 300);
    const auto rows = exported(x.body);
    const auto expected = listed(query);
    EXPECT_GT(expected.size(), 200u);
    ASSERT_EQ(rows.size(), expected.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      ASSERT_EQ(rows[i], expected[i]) << "row " << i + 2;
    }
  }
  // The connection the export used is back to normal for the next requests.
  for (int i = 0; i < 8; ++i) EXPECT_EQ(list(*mgr_, "page_size=1").at("total").as_int64(), 1203);
  // Each export audited with the number of rows it wrote.
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'member.export'"), 3);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'member.export' AND detail LIKE '%\"rows\":1203%'"), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, MemberBenchRoster, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
