// Names keep their full-width brackets; everything else a spreadsheet adds goes.
#include <gtest/gtest.h>

#include "modules/org/name_clean.h"

namespace dj::org {
namespace {

TEST(NameClean, KeepsFullWidthPunctuationAndFoldsDigitsAndLetters) {
  EXPECT_EQ(clean_name_cell("市委办公室（市档案局）机关党委"), "市委办公室（市档案局）机关党委");
  EXPECT_EQ(clean_name_cell("第１党支部"), "第1党支部");
  EXPECT_EQ(clean_name_cell("ＩＴ中心ｘ"), "IT中心x");
  EXPECT_EQ(clean_name_cell("一、二，三。"), "一、二，三。");
}

TEST(NameClean, SpacesApostrophesAndInvisibles) {
  EXPECT_EQ(clean_name_cell("  新单位  办公室\t党支部 "), "新单位 办公室 党支部");
  EXPECT_EQ(clean_name_cell("\xE3\x80\x80全角空格\xE3\x80\x80"), "全角空格");
  EXPECT_EQ(clean_name_cell("'文本"), "文本");
  EXPECT_EQ(clean_name_cell("\xE2\x80\x98文本"), "文本");
  EXPECT_EQ(clean_name_cell("O'Neil"), "O'Neil");
  EXPECT_EQ(clean_name_cell("''两个"), "'两个");
  EXPECT_EQ(clean_name_cell("零\xE2\x80\x8B宽"), "零宽");
  EXPECT_EQ(clean_name_cell("换行\r\n之后"), "换行 之后");
  EXPECT_EQ(clean_name_cell(""), "");
}

TEST(NameClean, BadBytesPassThrough) {
  EXPECT_EQ(clean_name_cell("a\xFF" "b"), "a\xFF" "b");
  EXPECT_EQ(clean_name_cell("\xE5\x9B"), "\xE5\x9B");
}

}  // namespace
}  // namespace dj::org
