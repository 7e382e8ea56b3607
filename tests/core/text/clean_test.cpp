#include <gtest/gtest.h>

#include "core/text/text.h"

namespace dj::text {
namespace {

TEST(Clean, FullWidthBecomesAscii) {
  EXPECT_EQ(normalize_width("１２３ＡＢＣ　x"), "123ABC x");
  EXPECT_EQ(normalize_width("（党支部）：＠ｚ～"), "(党支部):@z~");
  // CJK text and punctuation without an ASCII twin stay.
  EXPECT_EQ(normalize_width("张三，男。、"), "张三,男。、");
}

TEST(Clean, ExcelTextMarkIsDropped) {
  const auto c = clean_cell("'320402199001011234");
  EXPECT_EQ(c.value, "320402199001011234");
  EXPECT_TRUE(c.changed);
  EXPECT_EQ(clean_cell("  '0519").value, "0519");
  EXPECT_EQ(clean_cell("''x").value, "'x");             // only one mark
  EXPECT_EQ(clean_cell("O'Neil").value, "O'Neil");      // inner apostrophes stay
}

TEST(Clean, SpacesAreNormalisedCollapsedAndTrimmed) {
  const auto c = clean_cell("\t张三 ");
  EXPECT_EQ(c.value, "张三");
  EXPECT_TRUE(c.changed);
  EXPECT_EQ(clean_cell("a\u00A0b").value, "a b");
  EXPECT_EQ(clean_cell("a \r\n\t b").value, "a b");
  EXPECT_EQ(clean_cell("　张　　三　").value, "张 三");
  EXPECT_EQ(clean_cell("3204\u200B02").value, "320402");  // zero-width space from the web
  EXPECT_EQ(clean_cell("   ").value, "");
  EXPECT_EQ(clean_cell("１２３").value, "123");
}

TEST(Clean, CleanInputIsReportedUnchanged) {
  const auto c = clean_cell("张三 男");
  EXPECT_EQ(c.value, "张三 男");
  EXPECT_FALSE(c.changed);
  EXPECT_FALSE(clean_cell("").changed);
}

TEST(Clean, BadBytesBecomeValidUtf8) {
  const auto c = clean_cell("a\xFF" "b");
  EXPECT_EQ(c.value, "a\xEF\xBF\xBD" "b");
  EXPECT_TRUE(c.changed);
  EXPECT_TRUE(valid_utf8(c.value));
}

}  // namespace
}  // namespace dj::text
