// .xlsx rosters shaped like the ones organs send: a merged title, a subtitle,
// the header on row 3, a blank row, a page break repeating the header, a
// footer and notes; written with libxlsxwriter (merges, dates, numbers).
#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include "fixtures.h"

namespace dj::importer {
namespace {

using Strings = std::vector<std::string>;

void write_row(lxw_worksheet* ws, lxw_row_t row, const Strings& cells) {
  for (std::size_t c = 0; c < cells.size(); ++c)
    if (!cells[c].empty()) worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), cells[c].c_str(), nullptr);
}

// Sheet 说明 (first, so the default; no header) and sheet 花名册:
//  1  XX支部党员花名册              (merged A1:G1)
//  2  填报单位：第一党支部           (merged A2:G2; above the header, not a footer)
//  3  序号 姓名 公民身份号码 性别 入党时间 联系电话 所属支部
//  4  1 张三 '320402… 男 2010-07-01(date) 13800000000(number) 第一党支部 (G4:G5 merged)
//  5  2 李 四 110105… 女 (empty)
//  6  (empty)
//  7  序号 姓名 公民身份号码 …      (header repeated on page 2)
//  8  3 王五 320402199001011234(number) 男
//  9  填报人：赵六                   (merged A9:G9)
// 10  注：1. 身份证号须为18位
// 11  (B) 2. 联系电话请填写手机号
std::string roster(const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* notes = workbook_add_worksheet(wb, "说明");
  lxw_worksheet* ws = workbook_add_worksheet(wb, "花名册");
  worksheet_write_string(notes, 0, 0, "本工作簿第二个工作表是花名册", nullptr);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");

  worksheet_merge_range(ws, 0, 0, 0, 6, "XX支部党员花名册", nullptr);
  worksheet_merge_range(ws, 1, 0, 1, 6, "填报单位：第一党支部", nullptr);
  const Strings header = {"序号", "姓名", "公民身份号码", "性别", "入党时间", "联系电话", "所属支部"};
  write_row(ws, 2, header);
  worksheet_write_number(ws, 3, 0, 1, nullptr);
  write_row(ws, 3, {"", "张三", "'320402199001011234", "男"});
  lxw_datetime joined = {2010, 7, 1, 0, 0, 0};
  worksheet_write_datetime(ws, 3, 4, &joined, date);
  worksheet_write_number(ws, 3, 5, 13800000000.0, nullptr);
  worksheet_merge_range(ws, 3, 6, 4, 6, "第一党支部", nullptr);
  worksheet_write_number(ws, 4, 0, 2, nullptr);
  write_row(ws, 4, {"", "李 四", "11010519850203567X", "女"});
  write_row(ws, 6, header);
  worksheet_write_number(ws, 7, 0, 3, nullptr);
  write_row(ws, 7, {"", "王五"});
  worksheet_write_number(ws, 7, 2, 320402199001011234.0, nullptr);
  write_row(ws, 7, {"", "", "", "男"});
  worksheet_merge_range(ws, 8, 0, 8, 6, "填报人：赵六", nullptr);
  write_row(ws, 9, {"注：1. 身份证号须为18位"});
  write_row(ws, 10, {"", "2. 联系电话请填写手机号"});  // in a mapped column
  EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
  return path;
}

class XlsxRoster : public ::testing::Test {
 protected:
  test::Scratch file_{"roster.xlsx"};
  Options options_{.sheet = "花名册"};
  void SetUp() override { roster(file_.path()); }
};

TEST_F(XlsxRoster, HeaderBelowMergedTitleAndRowNumbersMatchExcel) {
  const auto t = test::read(file_.path(), test::roster_columns(), options_);
  EXPECT_EQ(t.layout.format, "xlsx");
  EXPECT_EQ(t.layout.encoding, "");
  EXPECT_EQ(t.layout.sheet, "花名册");
  EXPECT_EQ(t.layout.header_row, 3);
  EXPECT_EQ(t.layout.letters, (Strings{"B", "C", "D", "E", "F", ""}));
  EXPECT_EQ(t.layout.ignored_headers, (Strings{"序号", "所属支部"}));
  // Rows 6 (blank), 7 (repeated header), 9-11 (footer and notes) are skipped.
  EXPECT_EQ(t.rows(), (std::vector<std::int64_t>{4, 5, 8}));
}

TEST_F(XlsxRoster, CellsCarryTypeAndCleaning) {
  const auto t = test::read(file_.path(), test::roster_columns(), options_);
  ASSERT_EQ(t.records.size(), 3u);
  EXPECT_EQ(t.value(0, "name"), "张三");
  EXPECT_EQ(t.value(0, "id_number"), "320402199001011234");
  EXPECT_EQ(t.value(0, "joined_on"), "2010-07-01");
  EXPECT_TRUE(t.records[0].cells[3].is_date_style);
  EXPECT_TRUE(t.records[0].cells[3].is_number);
  EXPECT_EQ(t.value(0, "phone"), "13800000000");
  EXPECT_TRUE(t.records[0].cells[4].is_number);
  EXPECT_FALSE(t.records[0].cells[1].is_number);
  EXPECT_EQ(t.value(1, "name"), "李四");  // compact
  EXPECT_EQ(t.value(1, "joined_on"), "");
  EXPECT_TRUE(t.records[1].cells[3].present);
  EXPECT_FALSE(t.records[0].cells[5].present);  // no 备注 column
  // An ID typed as a number: the caller sees is_number and can refuse it.
  EXPECT_TRUE(t.records[2].cells[1].is_number);
  ASSERT_EQ(t.repairs.size(), 2u);
  EXPECT_EQ(t.repairs[0].row, 4);
  EXPECT_EQ(t.repairs[0].from, "'320402199001011234");
  EXPECT_EQ(t.repairs[1].row, 5);
  EXPECT_EQ(t.repairs[1].from, "李 四");
  EXPECT_EQ(t.repairs[1].to, "李四");
}

TEST_F(XlsxRoster, DefaultSheetIsTheFirstAndHasNoHeader) {
  try {
    test::read(file_.path());
    FAIL() << "sheet 说明 has no header";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 422);
    EXPECT_EQ(e.code(), "no_header");
    EXPECT_NE(e.message().find("姓名、身份证号"), std::string::npos) << e.message();
  }
}

TEST_F(XlsxRoster, UnknownSheetIsRefused) {
  try {
    test::read(file_.path(), test::roster_columns(), {.sheet = "不存在"});
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 422);
    EXPECT_EQ(e.code(), "unreadable_file");
    EXPECT_FALSE(e.message().empty());
  }
}

TEST_F(XlsxRoster, ProgressCountsRowsAndNoBytes) {
  Progress progress;
  Options options = options_;
  options.progress = &progress;
  test::read(file_.path(), test::roster_columns(), options);
  EXPECT_EQ(progress.rows.load(), 3);
  EXPECT_EQ(progress.bytes_total.load(), 0);
}

TEST(Xlsx, HeaderVariantsOnRowOne) {
  test::Scratch file("variants.xlsx");
  lxw_workbook* wb = workbook_new(file.path().c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Sheet1");
  write_row(ws, 0, {"*姓名", "身份证号\n(必填)", "联系电话", "入党时间", "备注（选填）"});
  write_row(ws, 1, {"张三", "110105199001011234", "13800000000", "2010-07-01", " 转入 "});
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

  const auto t = test::read(file.path());
  EXPECT_EQ(t.layout.sheet, "Sheet1");
  EXPECT_EQ(t.layout.header_row, 1);
  EXPECT_EQ(t.layout.headers, (Strings{"*姓名", "身份证号\n(必填)", "", "入党时间", "联系电话", "备注（选填）"}));
  EXPECT_TRUE(t.layout.ignored_headers.empty());
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.records[0].row, 2);
  EXPECT_EQ(t.value(0, "note"), "转入");
}

TEST(Xlsx, HeaderMergedOverTwoColumnsCountsOnce) {
  // 姓名 merged over A:B (a wide cell): B is a copy, not a duplicate column.
  test::Scratch file("wide.xlsx");
  lxw_workbook* wb = workbook_new(file.path().c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "名单");
  worksheet_merge_range(ws, 0, 0, 0, 1, "姓名", nullptr);
  write_row(ws, 0, {"", "", "身份证号"});
  write_row(ws, 1, {"张三", "", "110105199001011234"});
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  const auto t = test::read(file.path());
  EXPECT_EQ(t.layout.letters[0], "A");
  EXPECT_EQ(t.layout.letters[1], "C");
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.value(0, "name"), "张三");
}

}  // namespace
}  // namespace dj::importer
