// Roster import (党员花名册) through the API: one hand-made file per case,
// uploaded as the browser does, polled through GET /api/v1/jobs/{id}, and the
// report checked row by row — exact row numbers, fields and codes — against
// what the database then holds.
#include <boost/json.hpp>

#include <map>

#include "member_api_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

// The header most cases use: columns A–I.
const Cells kHeader = {"姓名", "性别", "身份证号", "出生日期", "入党日期", "转正日期", "人员类别", "所在支部", "手机号码"};

Cells row(const std::string& name, const std::string& sex, const std::string& id, const std::string& birth,
          const std::string& join = "2005-07-01", const std::string& full = "2006-07-01",
          const std::string& status = "正式党员", const std::string& branch = "", const std::string& phone = "") {
  return {name, sex, id, birth, join, full, status, branch, phone};
}

// The repaired entry of row/field as (from, to), or ("<none>", "") when absent.
std::pair<std::string, std::string> repair_of(const json::object& report, std::int64_t r, const std::string& field) {
  json::object o = find_repair(report, r, field);
  if (o.empty()) return {"<none>", ""};
  return {std::string(o.at("from").as_string()), std::string(o.at("to").as_string())};
}

bool has_note(const json::object& report, const std::string& needle) {
  for (const auto& n : report.at("notes").as_array())
    if (std::string_view(n.as_string()).find(needle) != std::string_view::npos) return true;
  return false;
}

class MemberImport : public MemberApiTest {};

// (a) A real-looking .xlsx: a title merged over the columns on row 1, a blank
// row 2, the header on row 3 in other offices' words, data from row 4, one
// ID typed as a number (Excel kept 15 digits), and the signature footer.
TEST_P(MemberImport, XlsxWithTitleRowVariantHeadersAndFooter) {
  make_member_world();
  const std::string zs = make_id("19800101", 11), ls = make_id("19850315", 22), zl = make_id("19900720", 33);
  XlsxFile x;
  x.merge(0, 0, 9, "甲单位党委党员花名册（2026年）");
  x.cells(2, {"序号", "姓名", "性别", "公民身份号码", "出生日期", "入党时间", "转正时间", "人员类别", "所在党组织",
              "联系电话"});
  x.cells(3, {"1", "张三", "男", zs, "1980-01-01", "2005-07-01", "2006-07-01", "正式党员", "甲单位第一支部",
              "13812345678"});
  x.cells(4, {"2", "李四", "女", ls, "1985-03-15", "2010-06-20", "2011-06-20", "正式党员", "", "13987654321"});
  x.cells(5, {"3", "王五", "男", "", "1980-01-01", "2005-07-01", "2006-07-01", "正式党员", "", ""});
  x.number(5, 3, 320402198001011234.0);  // Excel shows 3.20402E+17 and keeps 320402198001011000
  x.cells(6, {"4", "赵六", "男", zl, "1990-07-20", "2012-07-01", "2013-07-01", "正式党员", "ORG-A1", ""});
  x.text(8, 0, "填报人：张三  审核人：李四");
  const std::string file = x.bytes();

  json::object report = import_file(*mgr_, org_a_, file);
  SCOPED_TRACE(json_text(report));
  EXPECT_EQ(report.at("rows").as_int64(), 4) << "title, blank row, header and footer are not data";
  EXPECT_EQ(report.at("imported").as_int64(), 3);
  EXPECT_EQ(report.at("updated").as_int64(), 0);
  EXPECT_EQ(report.at("rejected_rows").as_int64(), 1);
  EXPECT_TRUE(report.at("applied").as_bool());
  EXPECT_FALSE(report.at("dry_run").as_bool());
  EXPECT_EQ(rejection_keys(report), (std::vector<RejectionKey>{{6, "id_number", "id_lost_digits"}}));
  json::object lost = find_rejection(report, 6, "id_lost_digits");
  EXPECT_EQ(lost.at("column").as_string(), "D");
  EXPECT_EQ(lost.at("label").as_string(), "身份证号");
  std::string msg(lost.at("message").as_string());
  EXPECT_NE(msg.find("Excel"), std::string::npos) << msg;
  EXPECT_NE(msg.find("文本"), std::string::npos) << msg;
  EXPECT_TRUE(report.at("repaired").as_array().empty());

  const json::object& layout = report.at("layout").as_object();
  EXPECT_EQ(layout.at("format").as_string(), "xlsx");
  EXPECT_EQ(layout.at("header_row").as_int64(), 3);
  const json::object& headers = layout.at("headers").as_object();
  EXPECT_EQ(headers.at("id_number").as_string(), "公民身份号码");
  EXPECT_EQ(headers.at("join_date").as_string(), "入党时间");
  EXPECT_EQ(headers.at("full_date").as_string(), "转正时间");
  EXPECT_EQ(headers.at("phone").as_string(), "联系电话");
  EXPECT_EQ(headers.at("org").as_string(), "所在党组织");

  EXPECT_EQ(member_count(), 3);
  EXPECT_EQ(member_named("张三").at("org_id").as_int64(), org_a1_) << "所在支部 by name";
  EXPECT_EQ(member_named("赵六").at("org_id").as_int64(), org_a1_) << "所在支部 by code";
  EXPECT_EQ(member_named("李四").at("org_id").as_int64(), org_a_) << "blank 所在支部 is the target";
  EXPECT_EQ(member_named("李四").at("phone").as_string(), "139****4321");
  EXPECT_TRUE(names(*mgr_, "q=" + url_encode("王五")).empty());
}

// (b) A CSV saved by Excel on a Chinese Windows: GBK, CRLF.
TEST_P(MemberImport, GbkCsv) {
  make_member_world();
  // 姓名,性别,身份证号,出生日期,入党日期,转正日期,人员类别,所在支部,手机号码
  // 张伟,男,320402198001010012,1980-01-01,2005-07-01,2006-07-01,正式党员,甲单位第一支部,13812345678
  // 李娜,女,320402198503150023,1985-03-15,2010-06-20,2011-06-20,正式党员,,13987654321
  // (checked with iconv -f gbk -t utf-8)
  const std::string gbk =
      "\xD0\xD5\xC3\xFB,\xD0\xD4\xB1\xF0,\xC9\xED\xB7\xDD\xD6\xA4\xBA\xC5,\xB3\xF6\xC9\xFA\xC8\xD5\xC6\xDA,"
      "\xC8\xEB\xB5\xB3\xC8\xD5\xC6\xDA,\xD7\xAA\xD5\xFD\xC8\xD5\xC6\xDA,\xC8\xCB\xD4\xB1\xC0\xE0\xB1\xF0,"
      "\xCB\xF9\xD4\xDA\xD6\xA7\xB2\xBF,\xCA\xD6\xBB\xFA\xBA\xC5\xC2\xEB\r\n"
      "\xD5\xC5\xCE\xB0,\xC4\xD0,320402198001010012,1980-01-01,2005-07-01,2006-07-01,"
      "\xD5\xFD\xCA\xBD\xB5\xB3\xD4\xB1,\xBC\xD7\xB5\xA5\xCE\xBB\xB5\xDA\xD2\xBB\xD6\xA7\xB2\xBF,13812345678\r\n"
      "\xC0\xEE\xC4\xC8,\xC5\xAE,320402198503150023,1985-03-15,2010-06-20,2011-06-20,"
      "\xD5\xFD\xCA\xBD\xB5\xB3\xD4\xB1,,13987654321\r\n";
  ASSERT_EQ(gbk.find("\xEF\xBB\xBF"), std::string::npos);
  json::object report = import_file(*mgr_, org_a_, gbk);
  SCOPED_TRACE(json_text(report));
  EXPECT_EQ(report.at("layout").at("format").as_string(), "csv");
  EXPECT_EQ(report.at("layout").at("encoding").as_string(), "gbk");
  EXPECT_EQ(report.at("layout").at("headers").at("id_number").as_string(), "身份证号");
  EXPECT_EQ(report.at("rows").as_int64(), 2);
  EXPECT_EQ(report.at("imported").as_int64(), 2);
  EXPECT_TRUE(report.at("rejected").as_array().empty());
  EXPECT_TRUE(report.at("repaired").as_array().empty());
  json::object zw = member_named("张伟");
  EXPECT_EQ(zw.at("org_name").as_string(), "甲单位第一支部");
  EXPECT_EQ(zw.at("status").as_string(), "正式党员");
  EXPECT_EQ(zw.at("id_number").as_string(), "3204**********0012");
  EXPECT_EQ(member_named("李娜").at("sex").as_string(), "女");
}

// (c) UTF-8 with a byte-order mark (Excel's "CSV UTF-8"): the BOM is not part of 姓名.
TEST_P(MemberImport, Utf8CsvWithBom) {
  make_member_world();
  const std::string file = "\xEF\xBB\xBF" + csv_text(kHeader, {row("陈静", "女", make_id("19870203", 44), "1987-02-03"),
                                                               row("周杰", "男", make_id("19790811", 55), "1979-08-11")});
  json::object report = import_file(*mgr_, org_a_, file);
  SCOPED_TRACE(json_text(report));
  EXPECT_EQ(report.at("layout").at("encoding").as_string(), "utf-8-bom");
  EXPECT_EQ(report.at("layout").at("headers").at("name").as_string(), "姓名");
  EXPECT_EQ(report.at("layout").at("header_row").as_int64(), 1);
  EXPECT_EQ(report.at("rows").as_int64(), 2);
  EXPECT_EQ(report.at("imported").as_int64(), 2);
  EXPECT_TRUE(report.at("rejected").as_array().empty());
  EXPECT_TRUE(report.at("repaired").as_array().empty());
  EXPECT_EQ(names(*mgr_, "org_id=" + std::to_string(org_a_)), (std::vector<std::string>{"陈静", "周杰"}));
}

// (d) What offices type, repaired and reported cell by cell with from/to.
TEST_P(MemberImport, RepairsAreAppliedAndReported) {
  make_member_world();
  const std::string id7 = make_id("19800307", 71), id8 = make_id("19800308", 81);
  const std::string id10 = id_ending_in_x("19800310", true);
  std::string lower10 = id10;
  lower10.back() = 'x';
  // "３２０４…": every digit full width (U+FF10 + d is EF BC 90+d).
  std::string wide7;
  for (char c : id7) wide7 += std::string("\xEF\xBC") + static_cast<char>('\x90' + (c - '0'));
  const std::string file = csv_text(
      kHeader, {
                   row("甲一", "男", make_id("19800302", 21), "1980-03-02", "2012.7.1", "2013-07-01"),        // 2
                   row("甲二", "男", make_id("19800303", 31), "1980-03-03", "2012年7月1日", "2013-07-01"),   // 3
                   row("甲三", "男", make_id("19800304", 41), "1980-03-04", "2012/07/01", "2013-07-01"),      // 4
                   row("甲四", "男", make_id("19800305", 51), "1980-03-05", "20120701", "2013-07-01"),        // 5
                   row("甲五", "男", make_id("19800306", 61), "1980-03-06", "41091", "2013-07-01"),           // 6
                   row("甲六", "男", wide7, "1980-03-07"),                                                     // 7
                   row("甲七", "男", "'" + id8, "1980-03-08"),                                                 // 8
                   row("\t王  芳 ", "女", make_id("19800309", 92), "1980-03-09", "2005-07-01", "2006-07-01",
                       "正式党员", "", " 138 1234 5678"),                                                      // 9
                   row("甲九", "男", lower10, "1980-03-10"),                                                   // 10
               });
  json::object report = import_file(*mgr_, org_a_, file);
  SCOPED_TRACE(json_text(report));
  EXPECT_EQ(report.at("rows").as_int64(), 9);
  EXPECT_EQ(report.at("imported").as_int64(), 9);
  EXPECT_TRUE(report.at("rejected").as_array().empty());

  using FromTo = std::pair<std::string, std::string>;
  EXPECT_EQ(repair_of(report, 2, "join_date"), FromTo("2012.7.1", "2012-07-01"));
  EXPECT_EQ(repair_of(report, 3, "join_date"), FromTo("2012年7月1日", "2012-07-01"));
  EXPECT_EQ(repair_of(report, 4, "join_date"), FromTo("2012/07/01", "2012-07-01"));
  EXPECT_EQ(repair_of(report, 5, "join_date"), FromTo("20120701", "2012-07-01"));
  EXPECT_EQ(repair_of(report, 6, "join_date"), FromTo("41091", "2012-07-01")) << "an Excel serial in a CSV";
  EXPECT_EQ(repair_of(report, 7, "id_number"), FromTo(wide7, id7));
  EXPECT_EQ(repair_of(report, 8, "id_number"), FromTo("'" + id8, id8));
  EXPECT_EQ(repair_of(report, 9, "name"), FromTo("\t王  芳 ", "王芳"));
  EXPECT_EQ(repair_of(report, 9, "phone"), FromTo(" 138 1234 5678", "13812345678"));
  EXPECT_EQ(repair_of(report, 10, "id_number"), FromTo(lower10, id10));
  EXPECT_EQ(report.at("repaired").as_array().size(), 10u) << "one entry per repaired cell, nothing else";
  json::object r7 = find_repair(report, 7, "id_number");
  EXPECT_EQ(r7.at("column").as_string(), "C");
  EXPECT_EQ(r7.at("label").as_string(), "身份证号");
  EXPECT_EQ(find_repair(report, 2, "join_date").at("column").as_string(), "E");

  // The repaired values are what was stored.
  for (const char* n : {"甲一", "甲二", "甲三", "甲四", "甲五"})
    EXPECT_EQ(member_named(n).at("join_date").as_string(), "2012-07-01") << n;
  EXPECT_EQ(member_named("王芳").at("phone").as_string(), "138****5678");
  Reply shown = mgr_->post("/api/v1/members/" + std::to_string(member_named("甲九").at("id").as_int64()) + "/reveal");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.json().at("id_number").as_string(), id10);
  shown = mgr_->post("/api/v1/members/" + std::to_string(member_named("甲六").at("id").as_int64()) + "/reveal");
  EXPECT_EQ(shown.json().at("id_number").as_string(), id7);
}

// (d, .xlsx) Dates that Excel hands over as numbers.
TEST_P(MemberImport, XlsxDateSerialsAndNumericDates) {
  make_member_world();
  XlsxFile x;
  x.cells(0, {"姓名", "性别", "身份证号", "出生日期", "入党日期", "转正日期", "人员类别"});
  x.cells(1, {"乙一", "男", make_id("19810101", 13), "1981-01-01", "", "2013-07-01", "正式党员"});
  x.date_serial(1, 4, 41091);  // shown as 2012-07-01
  x.cells(2, {"乙二", "男", make_id("19810102", 23), "1981-01-02", "", "2013-07-01", "正式党员"});
  x.number(2, 4, 41091);  // General format: the serial itself
  x.cells(3, {"乙三", "男", make_id("19810103", 33), "1981-01-03", "", "2013-07-01", "正式党员"});
  x.number(3, 4, 20120701);
  json::object report = import_file(*mgr_, org_a_, x.bytes());
  SCOPED_TRACE(json_text(report));
  EXPECT_EQ(report.at("rows").as_int64(), 3);
  EXPECT_EQ(report.at("imported").as_int64(), 3);
  EXPECT_TRUE(report.at("rejected").as_array().empty());
  using FromTo = std::pair<std::string, std::string>;
  // A date-formatted cell reads as the date the user sees: nothing to repair.
  EXPECT_EQ(repair_of(report, 2, "join_date"), FromTo("<none>", ""));
  EXPECT_EQ(repair_of(report, 3, "join_date"), FromTo("41091", "2012-07-01"));
  EXPECT_EQ(repair_of(report, 4, "join_date"), FromTo("20120701", "2012-07-01"));
  EXPECT_EQ(report.at("repaired").as_array().size(), 2u);
  for (const char* n : {"乙一", "乙二", "乙三"}) EXPECT_EQ(member_named(n).at("join_date").as_string(), "2012-07-01") << n;
}

// (e) One rejection per rule, each on its own row, with the row's field and code.
TEST_P(MemberImport, RejectionsNameRowFieldAndCode) {
  make_member_world();
  const std::string in_b = make_id("19750505", 15);
  json::object b_member = create_member(*mgr_, member_body(org_b_, "乙组党员", in_b));
  const std::string dup = make_id("19820202", 17);
  std::vector<Cells> rows = {
      row("校验错", "男", member::test::with_wrong_check("32040219800101005"), "1980-01-01"),     // 2
      row("丢位数", "男", "3.20402E+17", "1980-01-01"),                                           // 3
      row("", "男", make_id("19800102", 15), "1980-01-02"),                                       // 4
      row("生日错", "男", make_id("19800103", 15), "1980-01-04"),                                 // 5
      row("性别错", "女", make_id("19800104", 15), "1980-01-04"),                                 // 6
      row("太年轻", "男", make_id("20000101", 15), "2000-01-01", "2017-06-30", "2018-07-01"),     // 7
      row("预备转正", "男", make_id("19800105", 15), "1980-01-05", "2005-07-01", "2006-07-01",
          "预备党员"),                                                                             // 8
      row("重复甲", "男", dup, "1982-02-02"),                                                     // 9
      row("重复乙", "男", dup, "1982-02-02"),                                                     // 10
      row("乙组党员", "男", in_b, "1975-05-05"),                                                  // 11
      row("外组织", "男", make_id("19800106", 15), "1980-01-06", "2005-07-01", "2006-07-01", "正式党员",
          "乙单位党委"),                                                                           // 12
      row("合格者", "男", make_id("19800107", 15), "1980-01-07"),                                 // 13
  };
  const std::string file = csv_text(kHeader, rows);
  json::object report = import_file(*mgr_, org_a_, file);
  SCOPED_TRACE(json_text(report));
  EXPECT_EQ(report.at("rows").as_int64(), 12);
  EXPECT_EQ(report.at("imported").as_int64(), 1);
  EXPECT_EQ(report.at("rejected_rows").as_int64(), 11);
  EXPECT_EQ(rejection_keys(report), (std::vector<RejectionKey>{
                                        {2, "id_number", "id_checksum"},
                                        {3, "id_number", "id_lost_digits"},
                                        {4, "name", "required"},
                                        {5, "birth_date", "birth_mismatch"},
                                        {6, "sex", "sex_mismatch"},
                                        {7, "join_date", "too_young_to_join"},
                                        {8, "full_date", "probationary_with_full_date"},
                                        {9, "id_number", "duplicate_in_file"},
                                        {10, "id_number", "duplicate_in_file"},
                                        {11, "id_number", "transfer_candidate"},
                                        {12, "org", "org_not_found"},
                                    }));
  // Rejections come in row order, and every one names its column and label.
  std::int64_t last = 0;
  for (const auto& r : report.at("rejected").as_array()) {
    EXPECT_GE(r.at("row").as_int64(), last);
    last = r.at("row").as_int64();
    EXPECT_TRUE(has_chinese(r.at("message").as_string())) << json_text(r);
    EXPECT_FALSE(r.at("label").as_string().empty()) << json_text(r);
  }
  const std::map<std::string, std::string> letters = {{"id_number", "C"}, {"name", "A"},      {"birth_date", "D"},
                                                      {"sex", "B"},       {"join_date", "E"}, {"full_date", "F"},
                                                      {"org", "H"}};
  for (const auto& r : report.at("rejected").as_array())
    EXPECT_EQ(r.at("column").as_string(), letters.at(std::string(r.at("field").as_string()))) << json_text(r);

  std::string lost(find_rejection(report, 3, "id_lost_digits").at("message").as_string());
  EXPECT_NE(lost.find("Excel"), std::string::npos) << lost;
  EXPECT_NE(lost.find("文本"), std::string::npos) << lost;
  std::string d9(find_rejection(report, 9, "duplicate_in_file").at("message").as_string());
  std::string d10(find_rejection(report, 10, "duplicate_in_file").at("message").as_string());
  EXPECT_NE(d9.find("第 10 行"), std::string::npos) << d9;
  EXPECT_NE(d10.find("第 9 行"), std::string::npos) << d10;
  std::string org_msg(find_rejection(report, 12, "org_not_found").at("message").as_string());
  EXPECT_NE(org_msg.find("乙单位党委"), std::string::npos) << org_msg;
  EXPECT_NE(org_msg.find("甲单位党委"), std::string::npos) << org_msg;

  // Only the valid row was written; the member of B stayed in B.
  EXPECT_EQ(member_count(), 2);
  EXPECT_EQ(member_named("合格者").at("org_id").as_int64(), org_a_);
  Reply b_now = mgr_->get("/api/v1/members/" + std::to_string(b_member.at("id").as_int64()));
  ASSERT_EQ(b_now.status, 200) << b_now.body;
  EXPECT_EQ(b_now.json().at("org_id").as_int64(), org_b_) << "an import never moves a member";
  EXPECT_EQ(mgr_->get("/api/v1/members/" + std::to_string(b_member.at("id").as_int64()) + "/transfers")
                .json()
                .at("items")
                .as_array()
                .size(),
            0u);
  EXPECT_TRUE(names(*mgr_, "q=" + url_encode("重复")).empty());
}

// The transfer candidate's message says where the member is registered when
// that organisation is within the importer's own scope (here: everything).
// roster_import.cpp documents OrgIndex::names as "every org in scope (for
// messages)", but load_orgs() fills it only with the target's subtree.
TEST_P(MemberImport, TransferCandidateMessageNamesTheOrganisationInScope) {
  make_member_world();
  const std::string in_b = make_id("19750505", 15);
  create_member(*mgr_, member_body(org_b_, "乙组党员", in_b));
  json::object report = import_file(*mgr_, org_a_, csv_text(kHeader, {row("乙组党员", "男", in_b, "1975-05-05")}), "dry_run=1");
  SCOPED_TRACE(json_text(report));
  json::object t = find_rejection(report, 2, "transfer_candidate");
  ASSERT_FALSE(t.empty());
  std::string msg(t.at("message").as_string());
  EXPECT_NE(msg.find("乙单位党委"), std::string::npos) << "the importer manages B, so B may be named: " << msg;
  EXPECT_EQ(msg.find("管理范围以外"), std::string::npos) << "B is not outside the importer's scope: " << msg;
}

// The same ID number twice in a file: neither row is imported, even when one
// of the two also breaks another rule (roster_instructions item 9: "同一身份证号
// 在文件中出现两次，两行都不会导入"). reject_duplicates() only looks at rows that
// passed check_row(), so the other copy slips through.
TEST_P(MemberImport, DuplicateIdIsRejectedEvenWhenTheOtherRowHasOtherErrors) {
  make_member_world();
  const std::string dup = make_id("19820202", 17);
  const std::string file = csv_text(kHeader, {
                                                 row("重复甲", "男", dup, "1982-02-02", "2005-07-01", "2006-07-01",
                                                     "正式党员", "", "12345"),  // 2: bad phone too
                                                 row("重复乙", "男", dup, "1982-02-02"),  // 3
                                             });
  json::object report = import_file(*mgr_, org_a_, file, "dry_run=1");
  SCOPED_TRACE(json_text(report));
  EXPECT_EQ(report.at("imported").as_int64(), 0) << "which of the two rows is right is for the user to say";
  EXPECT_EQ(rejection_keys(report), (std::vector<RejectionKey>{{2, "id_number", "duplicate_in_file"},
                                                               {2, "phone", "phone_invalid"},
                                                               {3, "id_number", "duplicate_in_file"}}));
  json::object d3 = find_rejection(report, 3, "duplicate_in_file");
  if (!d3.empty()) {
    EXPECT_NE(std::string(d3.at("message").as_string()).find("第 2 行"), std::string::npos);
  }
}

// A roster that lacks a column says nothing about that field: re-importing a
// minimal roster (姓名, 身份证号, dates, 人员类别) must not erase the phone,
// 职务, 学历 and 民族 already stored. The Cell::present flag says which columns
// the file has, but check_row() reads an absent column as "" and update()
// then overwrites every field.
TEST_P(MemberImport, ColumnsAbsentFromTheFileKeepStoredValues) {
  make_member_world();
  const std::string id = make_id("19800101", 11);
  json::object body = member_body(org_a_, "全字段", id);
  body["phone"] = "13812345678";
  body["post"] = "科长";
  body["education"] = "大学本科";
  body["ethnicity"] = "汉族";
  json::object before = create_member(*mgr_, body);
  const std::string file = csv_text({"姓名", "身份证号", "入党日期", "转正日期", "人员类别"},
                                    {{"全字段", id, "2005-07-01", "2006-07-01", "正式党员"}});
  json::object report = import_file(*mgr_, org_a_, file);
  SCOPED_TRACE(json_text(report));
  EXPECT_TRUE(report.at("rejected").as_array().empty());
  EXPECT_EQ(report.at("unchanged").as_int64(), 1);
  EXPECT_EQ(report.at("updated").as_int64(), 0);
  json::object after = member_named("全字段");
  EXPECT_EQ(after.at("phone").as_string(), "138****5678");
  EXPECT_EQ(after.at("post").as_string(), "科长");
  EXPECT_EQ(after.at("education").as_string(), "大学本科");
  EXPECT_EQ(after.at("ethnicity").as_string(), "汉族");
  EXPECT_EQ(after.at("updated_at_ms").as_int64(), before.at("updated_at_ms").as_int64());
}

// (f) A dry run writes nothing (no member, no audit row) and predicts the real run exactly.
TEST_P(MemberImport, DryRunChangesNothingAndPredictsTheRealRun) {
  make_member_world();
  const std::string same = make_id("19780808", 19), changed = make_id("19790909", 29);
  json::object base = member_body(org_a_, "老党员", same);
  base["sex"] = "男";
  base["birth_date"] = "1978-08-08";
  create_member(*mgr_, base);
  create_member(*mgr_, member_body(org_a_, "待更新", changed));
  const std::string file = csv_text(kHeader, {
                                                 row("新党员一", "男", make_id("19800101", 39), "1980-01-01"),
                                                 row("新党员二", "女", make_id("19800101", 48), "1980-01-01"),
                                                 row("老党员", "男", same, "1978-08-08"),
                                                 row("待更新", "男", changed, "1979-09-09", "2005-07-01",
                                                     "2006-07-01", "正式党员", "", "13800001111"),
                                                 row("坏行", "男", "12345", "1980-01-01"),
                                             });
  const std::int64_t members_before = member_count(), audit_before = audit_count();
  json::object dry = import_file(*mgr_, org_a_, file, "");  // no dry_run parameter: a dry run
  json::object dry1 = import_file(*mgr_, org_a_, file, "dry_run=1");
  EXPECT_EQ(member_count(), members_before);
  EXPECT_EQ(audit_count(), audit_before) << "a dry run leaves no trace in the audit trail";
  EXPECT_EQ(member_named("待更新").at("phone").as_string(), "");
  for (const auto* d : {&dry, &dry1}) {
    SCOPED_TRACE(json_text(*d));
    EXPECT_TRUE(d->at("dry_run").as_bool());
    EXPECT_FALSE(d->at("applied").as_bool());
    EXPECT_TRUE(has_note(*d, "试导入"));
  }
  json::object real = import_file(*mgr_, org_a_, file, "dry_run=0");
  SCOPED_TRACE(json_text(real));
  EXPECT_FALSE(real.at("dry_run").as_bool());
  EXPECT_TRUE(real.at("applied").as_bool());
  for (const char* k : {"rows", "imported", "updated", "unchanged", "rejected_rows"})
    EXPECT_EQ(dry.at(k).as_int64(), real.at(k).as_int64()) << k;
  EXPECT_EQ(real.at("rows").as_int64(), 5);
  EXPECT_EQ(real.at("imported").as_int64(), 2);
  EXPECT_EQ(real.at("updated").as_int64(), 1);
  EXPECT_EQ(real.at("unchanged").as_int64(), 1);
  EXPECT_EQ(real.at("rejected_rows").as_int64(), 1);
  EXPECT_EQ(rejection_keys(dry), rejection_keys(real));
  EXPECT_EQ(rejection_keys(real), (std::vector<RejectionKey>{{6, "id_number", "id_format"}}));
  EXPECT_EQ(member_count(), members_before + 2);
  EXPECT_GT(audit_count(), audit_before);
  EXPECT_EQ(member_named("待更新").at("phone").as_string(), "138****1111");
  EXPECT_TRUE(spool_is_empty()) << "the uploads were removed once their jobs finished";
}

// (g) Importing the same file twice changes nothing the second time.
TEST_P(MemberImport, ImportingTheSameFileTwiceIsIdempotent) {
  make_member_world();
  const Cells header = {"姓名", "性别", "民族", "身份证号", "出生日期", "入党日期", "转正日期", "人员类别",
                        "学历", "职务", "职级", "所在支部", "手机号码", "工作状态"};
  const std::string file =
      csv_text(header, {
                           {"刘一", "男", "汉族", make_id("19700101", 11), "1970-01-01", "1995-07-01", "1996-07-01",
                            "正式党员", "大学本科", "科长", "一级主任科员", "甲单位第一支部", "13800000001", "在职"},
                           {"刘二", "女", "回族", make_id("19750202", 22), "1975-02-02", "2000-07-01", "2001-07-01",
                            "正式党员", "研究生", "", "", "ORG-A1", "", "在职"},
                           {"刘三", "", "", make_id("19800303", 33), "", "2026-01-15", "", "预备党员", "", "", "",
                            "", "13800000003", ""},
                           {"刘四", "男", "汉族", make_id("19650404", 43), "1965-04-04", "1990-07-01", "1991-07-01",
                            "正式", "大学专科", "科员", "", "", "", "离退休"},
                       });
  json::object first = import_file(*mgr_, org_a_, file);
  SCOPED_TRACE(json_text(first));
  ASSERT_EQ(first.at("imported").as_int64(), 4);
  ASSERT_TRUE(first.at("rejected").as_array().empty());
  const std::int64_t members = member_count();
  json::object second = import_file(*mgr_, org_a_, file);
  SCOPED_TRACE(json_text(second));
  EXPECT_EQ(second.at("imported").as_int64(), 0);
  EXPECT_EQ(second.at("updated").as_int64(), 0);
  EXPECT_EQ(second.at("unchanged").as_int64(), first.at("imported").as_int64());
  EXPECT_FALSE(second.at("applied").as_bool());
  EXPECT_TRUE(second.at("rejected").as_array().empty());
  EXPECT_EQ(member_count(), members);
  EXPECT_EQ(member_named("刘四").at("status").as_string(), "正式党员") << "正式 → 正式党员";
  EXPECT_EQ(member_named("刘三").at("sex").as_string(), "男") << "taken from the ID";
}

// (h) All or nothing: one bad row and nothing is written; without it the valid rows are.
TEST_P(MemberImport, AllOrNothingWritesNothingWhenARowIsRejected) {
  make_member_world();
  const std::string file = csv_text(kHeader, {
                                                 row("全一", "男", make_id("19800101", 51), "1980-01-01"),
                                                 row("全二", "男", make_id("19800101", 61), "1980-01-01"),
                                                 row("全三", "男", make_id("20000101", 71), "2000-01-01",
                                                     "2010-07-01", "2011-07-01"),
                                                 row("全四", "男", make_id("19800101", 81), "1980-01-01"),
                                             });
  const std::int64_t before = member_count();
  json::object strict = import_file(*mgr_, org_a_, file, "dry_run=0&all_or_nothing=1");
  SCOPED_TRACE(json_text(strict));
  EXPECT_TRUE(strict.at("all_or_nothing").as_bool());
  EXPECT_FALSE(strict.at("applied").as_bool());
  EXPECT_EQ(strict.at("imported").as_int64(), 0);
  EXPECT_EQ(strict.at("updated").as_int64(), 0);
  EXPECT_EQ(strict.at("rejected_rows").as_int64(), 1);
  EXPECT_EQ(rejection_keys(strict), (std::vector<RejectionKey>{{4, "join_date", "too_young_to_join"}}));
  EXPECT_TRUE(has_note(strict, "全部成功才导入")) << "a note says why nothing was imported";
  EXPECT_EQ(member_count(), before);

  json::object lenient = import_file(*mgr_, org_a_, file, "dry_run=0&all_or_nothing=0");
  SCOPED_TRACE(json_text(lenient));
  EXPECT_EQ(lenient.at("imported").as_int64(), 3);
  EXPECT_TRUE(lenient.at("applied").as_bool());
  EXPECT_EQ(member_count(), before + 3);
}

// (i) A row that changed since the last import updates that member only.
TEST_P(MemberImport, AChangedRowUpdatesTheMember) {
  make_member_world();
  const Cells header = {"姓名", "身份证号", "入党日期", "转正日期", "人员类别", "职务", "手机号码"};
  const std::string a = make_id("19700101", 11), b = make_id("19710101", 21), c = make_id("19720101", 31);
  auto file = [&](const std::string& post_b, const std::string& phone_b) {
    return csv_text(header, {{"孙一", a, "2000-07-01", "2001-07-01", "正式党员", "科员", "13800000001"},
                             {"孙二", b, "2000-07-01", "2001-07-01", "正式党员", post_b, phone_b},
                             {"孙三", c, "2000-07-01", "2001-07-01", "正式党员", "科员", ""}});
  };
  json::object first = import_file(*mgr_, org_a_, file("科员", "13800000002"));
  ASSERT_EQ(first.at("imported").as_int64(), 3) << json_text(first);
  const std::int64_t id_b = member_named("孙二").at("id").as_int64();
  json::object second = import_file(*mgr_, org_a_, file("副科长", "13900000002"));
  SCOPED_TRACE(json_text(second));
  EXPECT_EQ(second.at("imported").as_int64(), 0);
  EXPECT_EQ(second.at("updated").as_int64(), 1);
  EXPECT_EQ(second.at("unchanged").as_int64(), 2);
  json::object now = member_named("孙二");
  EXPECT_EQ(now.at("id").as_int64(), id_b) << "updated in place, not re-created";
  EXPECT_EQ(now.at("post").as_string(), "副科长");
  EXPECT_EQ(now.at("phone").as_string(), "139****0002");
  EXPECT_EQ(member_named("孙一").at("post").as_string(), "科员");
  EXPECT_EQ(member_count(), 3);
}

// (j) A branch secretary imports into their own branch only, and rows naming
// an organisation outside the target's subtree are refused.
TEST_P(MemberImport, ImportIsBoundedByScopeAndTargetSubtree) {
  make_member_world();
  auto sec = user_with("a1_secretary", org_a1_, {"member:read", "member:write", "member:import"}, org_a1_);
  const std::string file = csv_text(kHeader, {row("支部党员", "男", make_id("19800101", 91), "1980-01-01")});
  for (std::int64_t org : {org_b_, org_a_}) {
    Reply r = start_import(*sec, org, file, "dry_run=0");
    EXPECT_TRUE(r.status == 403 || r.status == 404) << org << ": " << r.status << " " << r.body;
    EXPECT_TRUE(r.is_error_shape()) << r.body;
  }
  EXPECT_EQ(member_count(), 0);

  // Into their own branch: 所在支部 naming B (or A, the parent) is not under the target.
  const std::string outside = csv_text(kHeader, {
                                                    row("去乙", "男", make_id("19800101", 93), "1980-01-01",
                                                        "2005-07-01", "2006-07-01", "正式党员", "乙单位党委"),
                                                    row("去甲", "男", make_id("19800101", 95), "1980-01-01",
                                                        "2005-07-01", "2006-07-01", "正式党员", "甲单位党委"),
                                                    row("留一支部", "男", make_id("19800101", 97), "1980-01-01"),
                                                });
  Reply started = start_import(*sec, org_a1_, outside, "");
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string job_id(started.json().at("job_id").as_string());
  json::object report = wait_job(*sec, job_id).at("result").as_object();
  SCOPED_TRACE(json_text(report));
  Reply foreign = mgr_->get("/api/v1/jobs/" + job_id);
  EXPECT_EQ(foreign.status, 404) << "someone else's job is not there: " << foreign.body;
  EXPECT_TRUE(report.at("dry_run").as_bool());
  report = import_file(*sec, org_a1_, outside);
  EXPECT_EQ(rejection_keys(report),
            (std::vector<RejectionKey>{{2, "org", "org_not_found"}, {3, "org", "org_not_found"}}));
  EXPECT_EQ(report.at("imported").as_int64(), 1);
  EXPECT_EQ(member_named("留一支部").at("org_id").as_int64(), org_a1_);

  // The administrator of everything, importing into A, gets the same answer for B's name.
  json::object into_a = import_file(*mgr_, org_a_,
                                    csv_text(kHeader, {row("去乙二", "男", make_id("19800101", 99), "1980-01-01",
                                                           "2005-07-01", "2006-07-01", "正式党员", "乙单位党委")}));
  EXPECT_EQ(rejection_keys(into_a), (std::vector<RejectionKey>{{2, "org", "org_not_found"}})) << json_text(into_a);
  EXPECT_EQ(member_count(), 1);
}

// The blank template's example row is a valid member, so a first test import
// of the untouched template (into an organisation with the example's branch)
// succeeds instead of teaching the user that the example is wrong.
TEST_P(MemberImport, TemplateExampleRowPassesTheRules) {
  make_member_world();
  create_org(org_a_, "办公室党支部", "ORG-OFFICE");
  Reply t = mgr_->get("/api/v1/members/import-template");
  ASSERT_EQ(t.status, 200) << t.body.substr(0, 300);
  EXPECT_EQ(t.body.substr(0, 2), "PK");
  std::string text = xlsx_text(t.body);
  for (const char* h : {"姓名", "身份证号", "入党日期", "所在支部", "填写说明"})
    EXPECT_NE(text.find(h), std::string::npos) << h;
  json::object report = import_file(*mgr_, org_a_, t.body, "dry_run=1");
  SCOPED_TRACE(json_text(report));
  EXPECT_EQ(report.at("rows").as_int64(), 1);
  EXPECT_TRUE(report.at("rejected").as_array().empty()) << "the example row of the template is rejected";
  EXPECT_EQ(report.at("imported").as_int64(), 1);
}

// A file the server cannot use fails the job (not the request) with a Chinese message.
TEST_P(MemberImport, UnusableFilesFailTheJobWithAReason) {
  make_member_world();
  struct Case {
    const char* what;
    std::string bytes;
    const char* code;
  };
  const Case cases[] = {
      {"no header", "a,b,c\r\n1,2,3\r\n", "no_header"},
      {"missing 身份证号", "姓名,入党日期\r\n张三,2005-07-01\r\n", "missing_column"},
      {"old .xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'), "xls_format"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    Reply r = start_import(*mgr_, org_a_, c.bytes, "dry_run=0");
    ASSERT_EQ(r.status, 202) << r.body;
    json::object job = wait_job(*mgr_, std::string(r.json().at("job_id").as_string()));
    EXPECT_EQ(job.at("state").as_string(), "failed") << json_text(job);
    if (job.contains("error")) {
      EXPECT_EQ(job.at("error").at("code").as_string(), c.code) << json_text(job);
      EXPECT_TRUE(has_chinese(job.at("error").at("message").as_string())) << json_text(job);
    }
  }
  Reply empty = start_import(*mgr_, org_a_, "", "dry_run=0");
  EXPECT_EQ(empty.status, 422) << empty.body;
  EXPECT_EQ(empty.error_field(), "file");
  Reply bad_flag = start_import(*mgr_, org_a_, "x", "dry_run=maybe");
  EXPECT_EQ(bad_flag.status, 422) << bad_flag.body;
  EXPECT_EQ(bad_flag.error_field(), "dry_run");
  EXPECT_EQ(member_count(), 0);
  EXPECT_TRUE(spool_is_empty()) << "failed jobs and refused uploads leave no file behind";
}

INSTANTIATE_TEST_SUITE_P(Backends, MemberImport, ::testing::Values("sqlite", "pg"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test

namespace dj::test {
namespace {

// The report of a finished import downloads as .xlsx (what the wizard's
// "下载报告" button fetches), only for the user who started the job.
TEST_P(MemberImport, TheReportDownloadsAsAWorkbook) {
  make_member_world();
  std::vector<Cells> rows = {
      row("校验错", "男", member::test::with_wrong_check("32040219800101005"), "1980-01-01"),  // 2
      row("合格者", "男", make_id("19800107", 15), "1980-01-07"),                              // 3
  };
  Reply started = start_import(*mgr_, org_a_, csv_text(kHeader, rows), "dry_run=1");
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id(started.json().at("job_id").as_string());
  json::object job = wait_job(*mgr_, id);
  ASSERT_EQ(job.at("state").as_string(), "done") << json_text(job);

  Reply xlsx = mgr_->get("/api/v1/jobs/" + id + "/report");
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_NE(xlsx.header("content-type").find("spreadsheetml"), std::string::npos);
  const std::string text = xlsx_text(xlsx.body);
  EXPECT_NE(text.find("被拒绝的行"), std::string::npos);
  EXPECT_NE(text.find("校验位"), std::string::npos) << "the rejection's message is in the workbook";
  EXPECT_NE(text.find("id_checksum"), std::string::npos);

  auto other = user_with("report_other", org_a_, {"member:import"}, org_a_);
  EXPECT_EQ(other->get("/api/v1/jobs/" + id + "/report").status, 404);
}

}  // namespace
}  // namespace dj::test
