// Report as JSON (the API's shape) and as a workbook read back with read_xlsx.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/excel/reader.h"
#include "fixtures.h"

namespace dj::importer {
namespace {

namespace json = boost::json;
using Strings = std::vector<std::string>;

Report sample() {
  Report r;
  r.dry_run = false;
  r.all_or_nothing = true;
  r.applied = false;
  r.rows = 5;
  r.imported = 2;
  r.updated = 1;
  r.unchanged = 0;
  r.repaired = {{2, "name", "张  三", "张三"}, {4, "id_number", "'110105199001011234", "110105199001011234"}};
  r.rejected = {{3, "id_number", "id_checksum", "身份证号校验位不正确"},
                {3, "gender", "bad_gender", "性别应为男或女"},
                {5, "", "duplicate_in_file", "与第 2 行重复"}};
  r.notes = {"全部或全不导入：因有被拒绝的行，未导入任何数据"};
  r.layout.format = "xlsx";
  r.layout.sheet = "花名册";
  r.layout.header_row = 1;
  r.layout.headers = {"姓名", "公民身份号码", "性别", "", "", ""};
  r.layout.letters = {"B", "C", "D", "", "", ""};
  r.layout.ignored_headers = {"序号"};
  return r;
}

TEST(ReportJson, ShapeAndCounts) {
  const auto v = sample().to_json(test::roster_columns());
  const auto& o = v.as_object();
  EXPECT_EQ(o.at("dry_run"), false);
  EXPECT_EQ(o.at("all_or_nothing"), true);
  EXPECT_EQ(o.at("applied"), false);
  EXPECT_EQ(o.at("rows").as_int64(), 5);
  EXPECT_EQ(o.at("imported").as_int64(), 2);
  EXPECT_EQ(o.at("updated").as_int64(), 1);
  EXPECT_EQ(o.at("unchanged").as_int64(), 0);
  EXPECT_EQ(o.at("rejected_rows").as_int64(), 2);  // rows 3 and 5
  EXPECT_FALSE(o.contains("repaired_total"));
  EXPECT_FALSE(o.contains("rejected_total"));

  EXPECT_EQ(o.at("repaired"), json::parse(R"([
    {"row":2,"field":"name","label":"姓名","column":"B","from":"张  三","to":"张三"},
    {"row":4,"field":"id_number","label":"身份证号","column":"C","from":"'110105199001011234","to":"110105199001011234"}
  ])"));
  EXPECT_EQ(o.at("rejected"), json::parse(R"([
    {"row":3,"field":"id_number","label":"身份证号","column":"C","code":"id_checksum","message":"身份证号校验位不正确"},
    {"row":3,"field":"gender","label":"性别","column":"D","code":"bad_gender","message":"性别应为男或女"},
    {"row":5,"field":"","label":"","column":"","code":"duplicate_in_file","message":"与第 2 行重复"}
  ])"));
  EXPECT_EQ(o.at("notes"), json::parse(R"(["全部或全不导入：因有被拒绝的行，未导入任何数据"])"));
  EXPECT_EQ(o.at("layout"), json::parse(R"({"format":"xlsx","encoding":"","sheet":"花名册","header_row":1,
    "headers":{"name":"姓名","id_number":"公民身份号码","gender":"性别","joined_on":"","phone":"","note":""},
    "ignored_headers":["序号"]})"));
  EXPECT_EQ(o.size(), 12u);  // no *_total: nothing was cut
}

TEST(ReportJson, UnknownFieldAndEmptyLayoutGiveEmptyLabels) {
  Report r;
  r.rejected = {{7, "branch", "unknown_branch", "支部不存在"}};
  const auto v = r.to_json(test::roster_columns());
  const auto& item = v.at("rejected").at(0).as_object();
  EXPECT_EQ(item.at("label"), "");
  EXPECT_EQ(item.at("column"), "");
  EXPECT_EQ(v.at("layout").at("headers").at("name"), "");
  EXPECT_EQ(v.at("rejected_rows").as_int64(), 1);
}

TEST(ReportJson, LongListsAreCutWithTotals) {
  Report r;
  for (int i = 0; i < 7; ++i) r.rejected.push_back({i + 2, "name", "empty", "姓名为空"});
  for (int i = 0; i < 4; ++i) r.repaired.push_back({i + 2, "name", " a", "a"});
  const auto v = r.to_json(test::roster_columns(), 5);
  EXPECT_EQ(v.at("rejected").as_array().size(), 5u);
  EXPECT_EQ(v.at("rejected_total").as_int64(), 7);
  EXPECT_EQ(v.at("rejected_rows").as_int64(), 7);  // counted over all, not the cut list
  EXPECT_EQ(v.at("repaired").as_array().size(), 4u);
  EXPECT_FALSE(v.as_object().contains("repaired_total"));
}

TEST(ReportJson, RejectedRowsCountsDistinctRows) {
  Report r;
  EXPECT_EQ(r.rejected_rows(), 0);
  r.rejected = {{3, "a", "x", ""}, {3, "b", "y", ""}, {9, "", "z", ""}, {3, "", "w", ""}};
  EXPECT_EQ(r.rejected_rows(), 2);
}

std::vector<Strings> sheet_texts(const std::string& path, const std::string& sheet) {
  std::vector<Strings> out;
  excel::read_xlsx(path, [&](const excel::SheetRow& row) {
    Strings texts;
    for (const auto& c : row.cells) texts.push_back(c.text);
    out.push_back(texts);
  }, sheet);
  return out;
}

TEST(ReportXlsx, ThreeSheetsReadBack) {
  test::Scratch file("report.xlsx");
  sample().write_xlsx(file.path(), test::roster_columns());
  EXPECT_EQ(excel::xlsx_sheet_names(file.path()), (Strings{"汇总", "被拒绝的行", "已修正"}));

  const auto rejected = sheet_texts(file.path(), "被拒绝的行");
  ASSERT_EQ(rejected.size(), 4u);
  EXPECT_EQ(rejected[0], (Strings{"行号", "列", "字段", "原因", "代码"}));
  EXPECT_EQ(rejected[1], (Strings{"3", "C", "身份证号", "身份证号校验位不正确", "id_checksum"}));
  EXPECT_EQ(rejected[3], (Strings{"5", "", "", "与第 2 行重复", "duplicate_in_file"}));

  const auto repaired = sheet_texts(file.path(), "已修正");
  ASSERT_EQ(repaired.size(), 3u);
  EXPECT_EQ(repaired[0], (Strings{"行号", "列", "字段", "原值", "修正为"}));
  EXPECT_EQ(repaired[1], (Strings{"2", "B", "姓名", "张  三", "张三"}));
  EXPECT_EQ(repaired[2], (Strings{"4", "C", "身份证号", "'110105199001011234", "110105199001011234"}));

  const auto summary = sheet_texts(file.path(), "汇总");
  auto find = [&](const std::string& item) -> std::string {
    for (const auto& row : summary)
      if (!row.empty() && row[0] == item) return row.size() > 1 ? row[1] : "";
    return "<missing>";
  };
  EXPECT_EQ(find("读取的数据行"), "5");
  EXPECT_EQ(find("新增"), "2");
  EXPECT_EQ(find("更新"), "1");
  EXPECT_EQ(find("被拒绝的行"), "2");
  EXPECT_EQ(find("自动修正的单元格"), "2");
  EXPECT_EQ(find("工作表"), "花名册");
  EXPECT_EQ(find("说明"), "全部或全不导入：因有被拒绝的行，未导入任何数据");
  EXPECT_EQ(find("运行方式"), "正式导入");
}

TEST(ReportXlsx, EmptyReportStillHasTheSheets) {
  test::Scratch file("empty_report.xlsx");
  Report().write_xlsx(file.path(), test::roster_columns());
  EXPECT_EQ(excel::xlsx_sheet_names(file.path()), (Strings{"汇总", "被拒绝的行", "已修正"}));
  EXPECT_EQ(sheet_texts(file.path(), "被拒绝的行").size(), 1u);  // the header only
}

}  // namespace
}  // namespace dj::importer
