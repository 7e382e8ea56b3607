// normalize_header, column letters and how header variants map to columns.
#include <gtest/gtest.h>

#include "core/importer/detail.h"
#include "fixtures.h"

namespace dj::importer {
namespace {

TEST(NormalizeHeader, RemovesMarksSpacesAndFoldsWidth) {
  EXPECT_EQ(normalize_header("身份证号\n(必填)"), "身份证号");
  EXPECT_EQ(normalize_header("身份证号（必填）"), "身份证号");
  EXPECT_EQ(normalize_header("备注（选填）"), "备注");
  EXPECT_EQ(normalize_header("*姓名"), "姓名");
  EXPECT_EQ(normalize_header("＊姓　名"), "姓名");
  EXPECT_EQ(normalize_header(" 联系电话： "), "联系电话");
  EXPECT_EQ(normalize_header("联系电话:"), "联系电话");
  EXPECT_EQ(normalize_header("ＩＤ"), "ID");
  EXPECT_EQ(normalize_header("入党\r\n时间"), "入党时间");
  EXPECT_EQ(normalize_header("姓\xC2\xA0名"), "姓名");
  // Brackets that are not a mark are part of the name.
  EXPECT_EQ(normalize_header("学历(学位)"), "学历(学位)");
}

TEST(ColumnLetter, CountsLikeExcel) {
  EXPECT_EQ(detail::column_letter(0), "A");
  EXPECT_EQ(detail::column_letter(4), "E");
  EXPECT_EQ(detail::column_letter(25), "Z");
  EXPECT_EQ(detail::column_letter(26), "AA");
  EXPECT_EQ(detail::column_letter(27), "AB");
  EXPECT_EQ(detail::column_letter(51), "AZ");
  EXPECT_EQ(detail::column_letter(52), "BA");
  EXPECT_EQ(detail::column_letter(701), "ZZ");
  EXPECT_EQ(detail::column_letter(702), "AAA");
}

TEST(HeaderNames, MatchesLabelsAndAliasesAfterNormalising) {
  const detail::HeaderNames names(test::roster_columns());
  EXPECT_EQ(names.find("姓名"), 0);
  EXPECT_EQ(names.find("*姓名"), 0);
  EXPECT_EQ(names.find("公民身份号码"), 1);
  EXPECT_EQ(names.find("身份证号\n(必填)"), 1);
  EXPECT_EQ(names.find("入党时间"), 3);
  EXPECT_EQ(names.find("联系电话："), 4);
  EXPECT_EQ(names.find("序号"), -1);
  EXPECT_EQ(names.find(""), -1);
}

TEST(HeaderMapping, AliasesFoundInAnyOrderWithLettersAndIgnoredHeaders) {
  const auto t = test::read_bytes("序号,联系电话,*姓名,\"身份证号\n(必填)\",入党时间,民族\n1,13800000000,张三,110105199001011234,2010-07-01,汉族\n");
  EXPECT_EQ(t.header_calls, 1);
  EXPECT_EQ(t.layout.header_row, 1);
  ASSERT_EQ(t.layout.letters.size(), 6u);
  EXPECT_EQ(t.layout.letters, (std::vector<std::string>{"C", "D", "", "E", "B", ""}));
  EXPECT_EQ(t.layout.headers, (std::vector<std::string>{"*姓名", "身份证号\n(必填)", "", "入党时间", "联系电话", ""}));
  EXPECT_EQ(t.layout.ignored_headers, (std::vector<std::string>{"序号", "民族"}));
  ASSERT_EQ(t.records.size(), 1u);
  // The header's quoted line break spans lines 1-2, so the record is on line 3.
  EXPECT_EQ(t.records[0].row, 3);
  EXPECT_EQ(t.value(0, "name"), "张三");
  EXPECT_EQ(t.value(0, "phone"), "13800000000");
  EXPECT_EQ(t.value(0, "joined_on"), "2010-07-01");
  EXPECT_FALSE(t.records[0].cells[2].present);  // 性别 not in the file
  EXPECT_TRUE(t.records[0].cells[1].present);
}

TEST(HeaderMapping, SerialNumberColumnIsDataWhenDeclared) {
  auto columns = test::roster_columns();
  columns.push_back({"seq", "序号", {}, false, Clean::compact});
  const auto t = test::read_bytes("序号,姓名,身份证号\n1,张三,110105199001011234\n2,李四,11010519850203567X\n", columns);
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_TRUE(t.layout.ignored_headers.empty());
  EXPECT_EQ(t.records[1].cells[6].value, "2");
  EXPECT_EQ(t.layout.letters[6], "A");
}

TEST(HeaderMapping, SingleColumnCallerNeedsOneMatch) {
  const std::vector<Column> one = {{"name", "姓名", {}, true, Clean::compact}};
  const auto t = test::read_bytes("名单\n姓名\n张三\n李四\n", one);
  EXPECT_EQ(t.layout.header_row, 2);
  EXPECT_EQ(t.rows(), (std::vector<std::int64_t>{3, 4}));
}

}  // namespace
}  // namespace dj::importer
