// The tree import through the real server (upload → job → report) and the
// CLI, on both databases: .xlsx with a title row, CSV in UTF-8 with a BOM
// and in GBK, dry runs that change nothing, the generic repairs, rejections
// with the row numbers the user sees, idempotent re-imports, moves, scope,
// all-or-nothing, the template and the export round trip.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <regex>

#include "org_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

using OrgImport = OrgApiTest;

const json::value& result(const json::value& job) {
  if (job.at("state").as_string() != "done") throw std::runtime_error("job failed: " + json_text(job));
  return job.at("result");
}

std::int64_t num(const json::value& report, const char* key) { return report.at(key).as_int64(); }

bool has_repair(const json::value& report, std::int64_t row, const std::string& field, const std::string& to) {
  for (const auto& r : report.at("repaired").as_array())
    if (r.at("row").as_int64() == row && r.at("field").as_string() == field && r.at("to").as_string() == to)
      return true;
  return false;
}

// Rows 1–13 as Excel numbers them: a title, the header, then data.
std::vector<std::vector<std::string>> messy_sheet() {
  return {
      {"市级机关党组织导入表"},
      {"组织名称", "组织编码", "上级组织编码", "组织类型", "所属部门", "书记", "联系片"},
      {"新单位党委", "N1", "ORG-A", "机关党委", "新单位", "张三", "第一联系片"},
      {"  新单位  办公室党支部 ", "Ｎ２", "N1", "党支部", "新单位", "李 四", ""},   // spaces, full width
      {"新单位（筹）预算处第１党支部", "'N3", "N1", "党支部", "新单位", "", ""},    // apostrophe; （） stay, １ folds
      {"后面的总支下的支部", "N4", "N5", "党支部", "新单位", "", ""},               // parent in a later row
      {"新单位机关党总支", "N5", "N1", "党总支", "新单位", "", ""},
      {"找不到上级的支部", "N6", "NOPE", "党支部", "", "", ""},
      {"重复编码一", "DUP", "N1", "党支部", "", "", ""},
      {"重复编码二", "DUP", "N1", "党支部", "", "", ""},
      {"类型不对", "N7", "N1", "小组", "", "", ""},
      {"", "N8", "N1", "党支部", "", "", ""},                                    // no name
      {"甲单位党委", "ORG-A", "", "机关党委", "甲单位", "", ""},                  // existing: gains a department
  };
}

TEST_P(OrgImport, XlsxDryRunRealRunAndReimport) {
  make_org_world();
  const std::string file = xlsx_bytes(messy_sheet(), db_->dir());
  const std::int64_t before = org_count();

  // Dry run: the counts a real run would give, nothing written.
  const json::value dry = result(import(*bossb_, file, "dry_run=1"));
  EXPECT_TRUE(dry.at("dry_run").as_bool());
  EXPECT_FALSE(dry.at("applied").as_bool());
  EXPECT_EQ(num(dry, "rows"), 11);
  EXPECT_EQ(num(dry, "imported"), 5);
  EXPECT_EQ(num(dry, "updated"), 1);
  EXPECT_EQ(num(dry, "unchanged"), 0);
  EXPECT_EQ(num(dry, "rejected_rows"), 5);
  EXPECT_EQ(dry.at("layout").at("header_row").as_int64(), 2);
  EXPECT_EQ(org_count(), before);
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs WHERE department = '甲单位'"), 0);
  EXPECT_TRUE(result(import(*bossb_, file)).at("dry_run").as_bool()) << "without dry_run=0 an upload is a dry run";
  EXPECT_EQ(org_count(), before);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action IN ('org.create', 'org.update', 'org.import')"), 0);

  // The rows and reasons, as numbered in Excel.
  const auto rejected = rejected_by_row(dry);
  EXPECT_EQ(rejected.find(8)->second, "unknown_parent");
  EXPECT_EQ(rejected.find(9)->second, "duplicate_in_file");
  EXPECT_EQ(rejected.find(10)->second, "duplicate_in_file");
  EXPECT_EQ(rejected.find(11)->second, "unknown_type");
  EXPECT_EQ(rejected.find(12)->second, "required");
  for (const auto& r : dry.at("rejected").as_array()) {
    EXPECT_TRUE(has_chinese(r.at("message").as_string())) << json_text(r);
    EXPECT_FALSE(r.at("label").as_string().empty()) << json_text(r);
  }
  // The generic repairs, reported.
  EXPECT_TRUE(has_repair(dry, 4, "code", "N2")) << json_text(dry.at("repaired"));
  EXPECT_TRUE(has_repair(dry, 4, "name", "新单位 办公室党支部")) << json_text(dry.at("repaired"));
  EXPECT_TRUE(has_repair(dry, 4, "secretary", "李四")) << json_text(dry.at("repaired"));
  EXPECT_TRUE(has_repair(dry, 5, "code", "N3")) << json_text(dry.at("repaired"));
  EXPECT_TRUE(has_repair(dry, 5, "name", "新单位（筹）预算处第1党支部")) << json_text(dry.at("repaired"));
  std::int64_t name_repairs_row4 = 0;
  for (const auto& x : dry.at("repaired").as_array())
    name_repairs_row4 += x.at("row").as_int64() == 4 && x.at("field").as_string() == "name";
  EXPECT_EQ(name_repairs_row4, 1) << "one repair per cell";

  // The real run: the same counts, written.
  const json::value real = result(import(*bossb_, file, "dry_run=0"));
  EXPECT_TRUE(real.at("applied").as_bool());
  EXPECT_EQ(num(real, "imported"), 5);
  EXPECT_EQ(num(real, "updated"), 1);
  EXPECT_EQ(num(real, "rejected_rows"), 5);
  EXPECT_EQ(org_count(), before + 5);
  EXPECT_EQ(scalar("SELECT parent_id FROM orgs WHERE code = 'N1'"), org_a_);
  EXPECT_EQ(scalar("SELECT parent_id FROM orgs WHERE code = 'N4'"), org_id("N5"));
  EXPECT_EQ(scalar("SELECT depth FROM orgs WHERE code = 'N4'"), 4);
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs WHERE code = 'N2' AND name = '新单位 办公室党支部' AND secretary = '李四'"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs WHERE code = 'ORG-A' AND department = '甲单位'"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs WHERE code = 'N3' AND name = '新单位（筹）预算处第1党支部'"), 1);
  // One audit row per changed organisation, and one summary.
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'org.create'"), 5);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'org.update'"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'org.import' AND username = 'org_boss'"), 1);

  // The same file again changes nothing.
  const json::value again = result(import(*bossb_, file, "dry_run=0"));
  EXPECT_EQ(num(again, "imported"), 0);
  EXPECT_EQ(num(again, "updated"), 0);
  EXPECT_EQ(num(again, "unchanged"), 6);
  EXPECT_EQ(num(again, "rejected_rows"), 5);
  EXPECT_EQ(org_count(), before + 5);
}

std::vector<std::vector<std::string>> clean_sheet() {
  return {
      {"组织名称", "组织编码", "上级组织名称", "组织类型", "所属部门", "书记", "联系片", "排序"},
      {"乙单位第一支部", "B1", "乙单位党委", "党支部", "乙单位", "孙八", "第二联系片", "1"},
      {"乙单位第三支部", "B3", "乙单位机关党总支", "党支部", "乙单位", "吴十", "第二联系片", "3"},
      {"乙单位第二支部", "B2", "乙单位党委", "党支部", "乙单位", "周九", "第二联系片", "2"},
      {"乙单位机关党总支", "BZ", "乙单位党委", "党总支", "乙单位", "郑一", "第二联系片", "9"},
  };
}

TEST_P(OrgImport, CsvInUtf8WithBomAndInGbkIsTheSameFile) {
  make_org_world();
  const std::string csv = csv_text(clean_sheet());
  const json::value first = result(import(*bossb_, "\xEF\xBB\xBF" + csv, "dry_run=0"));
  EXPECT_EQ(first.at("layout").at("encoding").as_string(), "utf-8-bom");
  EXPECT_EQ(num(first, "imported"), 4);
  EXPECT_EQ(num(first, "rejected_rows"), 0) << json_text(first);
  EXPECT_EQ(scalar("SELECT parent_id FROM orgs WHERE code = 'B3'"), org_id("BZ"));
  EXPECT_EQ(scalar("SELECT sort_order FROM orgs WHERE code = 'BZ'"), 9);
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs WHERE code = 'B1' AND secretary = '孙八' AND contact_zone = '第二联系片'"),
            1);

  const json::value gbk = result(import(*bossb_, to_gbk(csv), "dry_run=0"));
  EXPECT_EQ(gbk.at("layout").at("encoding").as_string(), "gbk");
  EXPECT_EQ(num(gbk, "rows"), 4);
  EXPECT_EQ(num(gbk, "imported"), 0);
  EXPECT_EQ(num(gbk, "updated"), 0);
  EXPECT_EQ(num(gbk, "unchanged"), 4) << json_text(gbk);
}

TEST_P(OrgImport, AllOrNothingWritesNothingWhenARowIsRejected) {
  make_org_world();
  auto sheet = clean_sheet();
  sheet.push_back({"上级不存在", "B9", "没有这个组织", "党支部", "", "", "", ""});
  const std::int64_t before = org_count();
  const json::value r = result(import(*bossb_, csv_text(sheet), "dry_run=0&all_or_nothing=1"));
  EXPECT_TRUE(r.at("all_or_nothing").as_bool());
  EXPECT_FALSE(r.at("applied").as_bool());
  EXPECT_EQ(num(r, "imported"), 0);
  EXPECT_EQ(num(r, "rejected_rows"), 1);
  EXPECT_EQ(rejected_by_row(r).find(6)->second, "unknown_parent");
  ASSERT_FALSE(r.at("notes").as_array().empty());
  EXPECT_NE(json_text(r.at("notes")).find("全部或全不导入"), std::string::npos);
  EXPECT_EQ(org_count(), before);
  // Without the option the good rows go in.
  const json::value partial = result(import(*bossb_, csv_text(sheet), "dry_run=0"));
  EXPECT_EQ(num(partial, "imported"), 4);
  EXPECT_EQ(org_count(), before + 4);
}

TEST_P(OrgImport, ADifferentParentMovesAndScopeIsRespected) {
  make_org_world();
  // The boss moves A1 from A to B by editing its parent code.
  const std::vector<std::vector<std::string>> move = {{"组织名称", "组织编码", "上级组织编码", "组织类型"},
                                                      {"甲单位第一支部", "ORG-A1", "ORG-B", "机关党委"}};
  const json::value moved = result(import(*bossb_, csv_text(move), "dry_run=0"));
  EXPECT_EQ(num(moved, "updated"), 1) << json_text(moved);
  EXPECT_EQ(scalar("SELECT parent_id FROM orgs WHERE id = $1", {org_a1_}), org_b_);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'org.move'"), 1);
  ASSERT_EQ(bossb_->post("/api/v1/orgs/" + std::to_string(org_a1_) + "/move",
                         json_text({{"parent_id", org_a_}})).status,
            200);

  // The scoped user: the root is unknown, B's code is taken, blank parents go under the chosen parent.
  const std::vector<std::vector<std::string>> sheet = {
      {"组织名称", "组织编码", "上级组织编码", "组织类型"},
      {"甲单位第一支部", "ORG-A1", "ROOT", "机关党委"},    // 2: the root is outside the scope
      {"乙单位党委", "ORG-B", "", "机关党委"},             // 3: someone else's code
      {"甲单位新支部", "A-NEW", "", "党支部"},             // 4: under parent_id
      {"甲单位党委", "ORG-A", "", "机关党委"},             // 5: A itself, unchanged
  };
  const json::value r =
      result(import(*scopedb_, csv_text(sheet), "dry_run=0&parent_id=" + std::to_string(org_a_)));
  const auto rejected = rejected_by_row(r);
  EXPECT_EQ(rejected.find(2)->second, "unknown_parent");
  EXPECT_EQ(rejected.find(3)->second, "code_taken");
  EXPECT_EQ(num(r, "imported"), 1);
  EXPECT_EQ(num(r, "unchanged"), 1);
  EXPECT_EQ(scalar("SELECT parent_id FROM orgs WHERE code = 'A-NEW'"), org_a_);
  EXPECT_EQ(scalar("SELECT parent_id FROM orgs WHERE id = $1", {org_a1_}), org_a_);
  EXPECT_EQ(scalar("SELECT count(*) FROM orgs WHERE name = '乙单位党委'"), 1);
  // Without a parent and without 全部, a blank parent cannot become a new root.
  const json::value roots =
      result(import(*scopedb_, csv_text({sheet[0], {"无上级", "NOPARENT", "", "党支部"}}), "dry_run=0"));
  EXPECT_EQ(rejected_by_row(roots).find(2)->second, "parent_required");
}

TEST_P(OrgImport, BadFilesFailTheJobWithAChineseMessage) {
  make_org_world();
  const json::value job = import(*bossb_, "这不是表格\n只是一些文字\n");
  EXPECT_EQ(job.at("state").as_string(), "failed") << json_text(job);
  EXPECT_TRUE(has_chinese(job.at("error").at("message").as_string())) << json_text(job);
  Reply empty = bossb_->send("POST", "/api/v1/orgs/import", "");
  EXPECT_EQ(empty.status, 422) << empty.body;
  EXPECT_EQ(empty.error_field(), "file");
}

TEST_P(OrgImport, TemplateAndExportRoundTrip) {
  make_org_world();
  Reply t = bossb_->get("/api/v1/orgs/import-template");
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_NE(t.header("content-type").find("spreadsheetml"), std::string::npos);
  const std::string text = xlsx_text(t.body);
  for (const char* h : {"组织名称", "组织编码", "上级组织编码", "上级组织名称", "组织类型", "所属部门", "书记", "联系片"})
    EXPECT_NE(text.find(h), std::string::npos) << h;

  exec_sql("UPDATE orgs SET secretary = '赵六', contact_zone = '第二联系片', sort_order = 3, "
           "name = '甲单位第一支部（机关）', department = '甲单位（本级）' WHERE id = $1",
           {org_a1_});
  Reply x = bossb_->get("/api/v1/orgs/export");
  ASSERT_EQ(x.status, 200) << x.body;
  const std::string exported = xlsx_text(x.body);
  for (const char* s : {"甲单位第一支部", "ORG-A1", "赵六", "第二联系片", "乙单位党委"})
    EXPECT_NE(exported.find(s), std::string::npos) << s;
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'org.export'"), 1);
  // An export is an import file: bringing it back changes nothing.
  const json::value back = result(import(*bossb_, x.body, "dry_run=0"));
  EXPECT_EQ(num(back, "rows"), 4);
  EXPECT_EQ(num(back, "unchanged"), 4) << json_text(back);
  EXPECT_EQ(num(back, "rejected_rows"), 0) << json_text(back);
}

std::string first_json_line(const std::string& output) {
  std::size_t at = 0;
  while (at < output.size()) {
    const std::size_t end = output.find('\n', at);
    const std::string line = output.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (!line.empty() && line[0] == '{') return line;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return "";
}

TEST_P(OrgImport, TheCommandLineImportsWhileTheServerRuns) {
  make_org_world();
  auto sheet = clean_sheet();
  for (auto& row : sheet) row.erase(row.begin() + 2);  // no parent column: --parent decides
  const std::int64_t before = org_count();

  CommandResult dry = cli_import(csv_text(sheet), {"--dry-run", "--json", "--parent", "ORG-B"});
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  const json::value report = json::parse(first_json_line(dry.output));
  EXPECT_TRUE(report.at("dry_run").as_bool());
  EXPECT_EQ(num(report, "imported"), 4);
  EXPECT_EQ(org_count(), before);

  CommandResult real = cli_import(csv_text(sheet), {"--parent", "ORG-B"});
  ASSERT_EQ(real.exit_code, 0) << real.output;
  EXPECT_TRUE(std::regex_search(real.output, std::regex("新增 / imported: +4\n"))) << real.output;
  EXPECT_EQ(org_count(), before + 4);
  EXPECT_EQ(scalar("SELECT parent_id FROM orgs WHERE code = 'B1'"), org_b_);
  const passwd* pw = getpwuid(geteuid());
  const std::string who = std::string("cli:") + pw->pw_name;
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'org.import' AND username = $1", {who}), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'org.create' AND username = $1", {who}), 4);

  // Rejected rows: exit code 3, and the rows named in Chinese.
  sheet.push_back({"没有类型", "B9", "", "", "", "", ""});
  const std::string report_file = db_->dir() + "/报告.xlsx";
  CommandResult rejected = cli_import(csv_text(sheet), {"--parent", "ORG-B", "--report", report_file});
  EXPECT_EQ(rejected.exit_code, 3) << rejected.output;
  std::ifstream report_in(report_file, std::ios::binary);
  const std::string report_bytes{std::istreambuf_iterator<char>(report_in), std::istreambuf_iterator<char>()};
  ASSERT_FALSE(report_bytes.empty());
  EXPECT_NE(xlsx_text(report_bytes).find("组织类型不能为空"), std::string::npos) << "the rejection is in the report file";
  EXPECT_NE(rejected.output.find("第 6 行"), std::string::npos) << rejected.output;
  EXPECT_TRUE(std::regex_search(rejected.output, std::regex("无变化 / unchanged: +4\n"))) << rejected.output;
  // A file that is not a table: exit 1 with a Chinese message.
  CommandResult bad = cli_import("hello", {});
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_TRUE(has_chinese(bad.output)) << bad.output;
  // The server saw it all: its list has the new organisations.
  EXPECT_EQ(bossb_->get("/api/v1/orgs?root_id=" + std::to_string(org_b_)).json().at("total").as_int64(), 5);
}

INSTANTIATE_TEST_SUITE_P(Backends, OrgImport, ::testing::Values("sqlite", "pg"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace dj::test
