// The generic repairs of each Clean kind, each reported from → to, before
// the record of its row.
#include <gtest/gtest.h>

#include "core/importer/detail.h"
#include "fixtures.h"

namespace dj::importer {
namespace {

TEST(Clean, TextFoldsWidthDropsOneApostropheAndCollapsesSpaces) {
  EXPECT_EQ(detail::clean(Clean::text, "  Ａ　Ｂ  "), "A B");
  EXPECT_EQ(detail::clean(Clean::text, "'320402"), "320402");
  EXPECT_EQ(detail::clean(Clean::text, "''320402"), "'320402");  // only one
  EXPECT_EQ(detail::clean(Clean::text, "\xE2\x80\x99" "320402"), "320402");  // ’
  EXPECT_EQ(detail::clean(Clean::text, "\xE2\x80\x98" "320402"), "320402");  // ‘
  EXPECT_EQ(detail::clean(Clean::text, "O'Neil"), "O'Neil");
  EXPECT_EQ(detail::clean(Clean::text, "a\tb\r\nc"), "a b c");
  EXPECT_EQ(detail::clean(Clean::text, "３２０４"), "3204");
  EXPECT_EQ(detail::clean(Clean::text, "第一党支部"), "第一党支部");
}

TEST(Clean, CompactRemovesEverySpace) {
  EXPECT_EQ(detail::clean(Clean::compact, "张  三"), "张三");
  EXPECT_EQ(detail::clean(Clean::compact, " 138 0013 8000 "), "13800138000");
  EXPECT_EQ(detail::clean(Clean::compact, "'１１０１０５　１９９００１０１１２３４"), "110105199001011234");
}

TEST(Clean, RawOnlyTrims) {
  EXPECT_EQ(detail::clean(Clean::raw, "  x  y\t"), "x  y");
  EXPECT_EQ(detail::clean(Clean::raw, "\xE3\x80\x80" "ＡＢ" "\xE3\x80\x80"), "ＡＢ");
  EXPECT_EQ(detail::clean(Clean::raw, "'abc"), "'abc");
  EXPECT_EQ(detail::clean(Clean::raw, "第一行\n第二行"), "第一行\n第二行");
  EXPECT_EQ(detail::clean(Clean::raw, "   "), "");
}

TEST(Repairs, ReportedWithFromAndToBeforeTheRecord) {
  const auto t = test::read_bytes(
      "姓名,身份证号,性别,备注\n"
      "张  三,'３２０４０２１９９００１０１１２３４,\t男,不变\n"
      "李四,11010519850203567X,女,  前后有空格 \n");
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_EQ(t.value(0, "name"), "张三");
  EXPECT_EQ(t.value(0, "id_number"), "320402199001011234");
  EXPECT_EQ(t.value(0, "gender"), "男");
  EXPECT_EQ(t.records[0].cells[1].original, "'３２０４０２１９９００１０１１２３４");
  EXPECT_EQ(t.value(1, "note"), "前后有空格");

  ASSERT_EQ(t.repairs.size(), 4u);
  EXPECT_EQ(t.repairs[0].row, 2);
  EXPECT_EQ(t.repairs[0].field, "name");
  EXPECT_EQ(t.repairs[0].from, "张  三");
  EXPECT_EQ(t.repairs[0].to, "张三");
  EXPECT_EQ(t.repairs[1].field, "id_number");
  EXPECT_EQ(t.repairs[1].to, "320402199001011234");
  EXPECT_EQ(t.repairs[2].field, "gender");
  EXPECT_EQ(t.repairs[2].from, "\t男");
  EXPECT_EQ(t.repairs[3].row, 3);
  EXPECT_EQ(t.repairs[3].field, "note");
  EXPECT_EQ(t.repairs[3].from, "  前后有空格 ");

  EXPECT_EQ(t.events, (std::vector<std::string>{"header", "repair:2:name", "repair:2:id_number", "repair:2:gender",
                                                "record:2", "repair:3:note", "record:3"}));
}

TEST(Repairs, ColumnsOfEachKind) {
  const std::vector<Column> columns = {{"a", "甲", {}, true, Clean::text},
                                       {"b", "乙", {}, true, Clean::compact},
                                       {"c", "丙", {}, true, Clean::raw}};
  const auto t = test::read_bytes("甲,乙,丙\n  Ａ　Ｂ  ,张  三, x  y \nok,ok,ok\n", columns);
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_EQ(t.records[0].cells[0].value, "A B");
  EXPECT_EQ(t.records[0].cells[1].value, "张三");
  EXPECT_EQ(t.records[0].cells[2].value, "x  y");
  EXPECT_EQ(t.repairs.size(), 3u);  // row 3 needs nothing
}

}  // namespace
}  // namespace dj::importer
