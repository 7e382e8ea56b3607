// write_template: read back, text format on every column, and importable.
#include <gtest/gtest.h>

#include <regex>

#include "core/excel/reader.h"
#include "fixtures.h"

namespace dj::importer {
namespace {

using Strings = std::vector<std::string>;

std::vector<Strings> sheet_texts(const std::string& path, const std::string& sheet) {
  std::vector<Strings> out;
  excel::read_xlsx(path, [&](const excel::SheetRow& row) {
    Strings texts;
    for (const auto& c : row.cells) texts.push_back(c.text);
    out.push_back(texts);
  }, sheet);
  return out;
}

const Strings kExample = {"张三", "110105199001011234", "男", "2010-07-01", "13800000000", ""};
const Strings kHelp = {"1. 带 * 的列必须填写。", "2. 身份证号请填写 18 位。", "3. 日期格式：2010-07-01。"};

class Template : public ::testing::Test {
 protected:
  test::Scratch file_{"template.xlsx"};
  void SetUp() override { write_template(file_.path(), "党员信息", test::roster_columns(), kExample, kHelp); }
};

TEST_F(Template, SheetsHeadersExampleAndInstructions) {
  EXPECT_EQ(excel::xlsx_sheet_names(file_.path()), (Strings{"党员信息", "填写说明"}));
  const auto rows = sheet_texts(file_.path(), "党员信息");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Strings{"*姓名", "*身份证号", "性别", "入党日期", "手机号码", "备注"}));
  EXPECT_EQ(rows[1], (Strings{"张三", "110105199001011234", "男", "2010-07-01", "13800000000"}));
  const auto help = sheet_texts(file_.path(), "填写说明");
  ASSERT_EQ(help.size(), 3u);
  for (std::size_t i = 0; i < help.size(); ++i) EXPECT_EQ(help[i], Strings{kHelp[i]});
}

TEST_F(Template, EveryColumnHasTheTextFormat) {
  // "@" is built-in number format 49. The columns' style must use it so a
  // number typed there stays text.
  const std::string sheet = test::zip_member(file_.path(), "xl/worksheets/sheet1.xml");
  const std::string styles = test::zip_member(file_.path(), "xl/styles.xml");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(sheet, m, std::regex(R"re(<col min="1" max="1"[^>]*style="(\d+)")re"))) << sheet;
  const int style = std::stoi(m[1]);
  ASSERT_TRUE(std::regex_search(styles, m, std::regex(R"(<cellXfs[^>]*>([\s\S]*)</cellXfs>)")));
  const std::string xfs = m[1];
  std::vector<std::string> xf;
  const std::regex xf_tag(R"(<xf [^>]*>)");
  for (std::sregex_iterator it(xfs.begin(), xfs.end(), xf_tag), end; it != end; ++it)
    xf.push_back(it->str());
  ASSERT_LT(static_cast<std::size_t>(style), xf.size());
  EXPECT_NE(xf[static_cast<std::size_t>(style)].find("numFmtId=\"49\""), std::string::npos) << xf[static_cast<std::size_t>(style)];
  // All six columns carry a style.
  const std::regex styled_col(R"(<col [^>]*style=)");
  EXPECT_EQ(std::distance(std::sregex_iterator(sheet.begin(), sheet.end(), styled_col),
                          std::sregex_iterator()),
            6);
}

TEST_F(Template, ImportsItsOwnExample) {
  const auto t = test::read(file_.path());
  EXPECT_EQ(t.layout.header_row, 1);
  EXPECT_EQ(t.layout.headers[0], "*姓名");
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.value(0, "id_number"), "110105199001011234");
  EXPECT_FALSE(t.records[0].cells[1].is_number);
  EXPECT_TRUE(t.repairs.empty());
}

TEST(TemplateBare, NoExampleMeansHeaderOnly) {
  test::Scratch file("bare.xlsx");
  write_template(file.path(), "组织", {{"name", "组织名称", {}, true}, {"code", "组织编码", {}, false}}, {}, {});
  EXPECT_EQ(excel::xlsx_sheet_names(file.path()), (Strings{"组织", "填写说明"}));
  const auto rows = sheet_texts(file.path(), "组织");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (Strings{"*组织名称", "组织编码"}));
}

}  // namespace
}  // namespace dj::importer
