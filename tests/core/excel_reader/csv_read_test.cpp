// read_csv: RFC 4180 plus the variants Chinese Excel and WPS save.
#include <gtest/gtest.h>

#include "fixtures.h"

namespace dj::excel {
namespace {

using Strings = std::vector<std::string>;

TEST(CsvRead, PlainCommaSeparated) {
  const auto rows = test::csv_rows("姓名,性别,身份证号\n张三,男,110105199001011234\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(test::texts(rows[0]), (Strings{"姓名", "性别", "身份证号"}));
  EXPECT_EQ(test::texts(rows[1]), (Strings{"张三", "男", "110105199001011234"}));
  EXPECT_FALSE(rows[1].cells[2].is_number);
  EXPECT_EQ(rows[1].row_number, 2);
}

TEST(CsvRead, QuotesDoubledQuotesAndDelimitersInside) {
  const auto rows = test::csv_rows("\"a,b\",\"say \"\"hi\"\"\",\"\",plain\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(test::texts(rows[0]), (Strings{"a,b", "say \"hi\"", "", "plain"}));
}

TEST(CsvRead, EmbeddedNewlineShiftsLaterRowNumbers) {
  const auto rows = test::csv_rows("姓名,备注\n张三,\"第一行\n第二行\"\n李四,无\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].row_number, 2);
  EXPECT_EQ(rows[1].cells[1].text, "第一行\n第二行");
  EXPECT_EQ(rows[2].row_number, 4);  // the record on line 2 ends on line 3
  EXPECT_EQ(test::texts(rows[2]), (Strings{"李四", "无"}));
}

TEST(CsvRead, CrlfAndBomAndTrailingEmptyLines) {
  const auto rows = test::csv_rows("\xEF\xBB\xBF姓名,党龄\r\n张三,13\r\n\"王\r\n五\",7\r\n\r\n\r\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(test::texts(rows[0]), (Strings{"姓名", "党龄"}));
  EXPECT_EQ(test::texts(rows[1]), (Strings{"张三", "13"}));
  EXPECT_EQ(rows[2].row_number, 3);
  EXPECT_EQ(rows[2].cells[0].text, "王\r\n五");
}

TEST(CsvRead, TabDelimited) {
  const auto rows = test::csv_rows("姓名\t单位\n张三\t\"市委, 办公室\"\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(test::texts(rows[1]), (Strings{"张三", "市委, 办公室"}));
}

TEST(CsvRead, SemicolonDelimitedWithCommasInQuotes) {
  const auto rows = test::csv_rows("\"a,b,c,d\";x;y\n1;2;3\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(test::texts(rows[0]), (Strings{"a,b,c,d", "x", "y"}));
  EXPECT_EQ(test::texts(rows[1]), (Strings{"1", "2", "3"}));
}

TEST(CsvRead, EmptyFieldsKeepPositionsAndBlankRecordsAreSkipped) {
  const auto rows = test::csv_rows("a,,c,\n,,,\n\n,b\nlast,");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(test::texts(rows[0]), (Strings{"a", "", "c"}));
  EXPECT_EQ(rows[1].row_number, 4);
  EXPECT_EQ(test::texts(rows[1]), (Strings{"", "b"}));
  EXPECT_EQ(rows[2].row_number, 5);
  EXPECT_EQ(test::texts(rows[2]), Strings{"last"});
}

TEST(CsvRead, OldMacLineEnds) {
  const auto rows = test::csv_rows("a,b\rc,d\r");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].row_number, 2);
}

TEST(CsvRead, UnterminatedQuoteNamesTheLine) {
  try {
    test::csv_rows("a,b\nc,\"never closed\nmore\n");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("第 2 行"), std::string::npos) << e.what();
  }
}

TEST(CsvRead, EmptyInputHasNoRows) {
  EXPECT_TRUE(test::csv_rows("").empty());
  EXPECT_TRUE(test::csv_rows("\xEF\xBB\xBF").empty());
  EXPECT_TRUE(test::csv_rows("\n\r\n").empty());
}

}  // namespace
}  // namespace dj::excel
