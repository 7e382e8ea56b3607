#include <gtest/gtest.h>

#include "core/text/text.h"

namespace dj::text {
namespace {

// "张三,男,汉族" as Chinese Excel saves it (GBK).
const std::string gbk_row = "\xD5\xC5\xC8\xFD,\xC4\xD0,\xBA\xBA\xD7\xE5";
const std::string utf8_row = "张三,男,汉族";

TEST(Encoding, GbkRowIsDetectedAndConverted) {
  EXPECT_FALSE(valid_utf8(gbk_row));
  EXPECT_EQ(detect_encoding(gbk_row), Encoding::gbk);
  EXPECT_EQ(to_utf8(gbk_row, Encoding::gbk), utf8_row);
  EXPECT_EQ(decode(gbk_row), utf8_row);
}

TEST(Encoding, Utf8WithAndWithoutBom) {
  EXPECT_EQ(detect_encoding(utf8_row), Encoding::utf8);
  EXPECT_EQ(decode(utf8_row), utf8_row);
  const std::string with_bom = "\xEF\xBB\xBF" + utf8_row;
  EXPECT_EQ(detect_encoding(with_bom), Encoding::utf8_bom);
  EXPECT_EQ(to_utf8(with_bom, Encoding::utf8_bom), utf8_row);
  EXPECT_EQ(to_utf8(with_bom, Encoding::utf8), utf8_row);  // a BOM is never content
  EXPECT_EQ(detect_encoding("name,sex\n"), Encoding::utf8);
  EXPECT_EQ(detect_encoding(""), Encoding::utf8);
  EXPECT_EQ(decode(""), "");
}

TEST(Encoding, Gb18030OnlyCharacterDecodes) {
  // U+3400 (㐀) is outside GBK; GB18030 encodes it in four bytes.
  EXPECT_EQ(to_utf8("\x81\x39\xEE\x39", Encoding::gbk), "\xE3\x90\x80");
}

TEST(Encoding, InvalidBytesBecomeReplacementNotExceptions) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_NO_THROW(decode("\xFF\xFE\x80"));
  // A GBK lead byte with nothing after it, then a valid pair.
  EXPECT_EQ(to_utf8("\xD5\xC5\xC8", Encoding::gbk), "张" + fffd);
  // Bad UTF-8: a lone continuation byte, a truncated sequence, an overlong '/'.
  EXPECT_EQ(to_utf8("a\x80" "b", Encoding::utf8), "a" + fffd + "b");
  EXPECT_EQ(to_utf8("\xE5\xBC", Encoding::utf8), fffd);
  EXPECT_EQ(make_valid_utf8("\xC0\xAF"), fffd + fffd);
  EXPECT_TRUE(valid_utf8(make_valid_utf8("\xED\xA0\x80\xF4\x90\x80\x80")));
  const std::string big(100000, '\xFF');
  std::string out;
  EXPECT_NO_THROW(out = to_utf8(big, Encoding::gbk));
  EXPECT_TRUE(valid_utf8(out));
}

TEST(Encoding, ValidUtf8IsStrict) {
  EXPECT_TRUE(valid_utf8("张三 abc \xF0\x9F\x98\x80"));
  EXPECT_TRUE(valid_utf8("\xEF\xBF\xBD"));           // a real U+FFFD is fine
  EXPECT_FALSE(valid_utf8("\xC0\x80"));              // overlong NUL
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));          // surrogate
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));      // above U+10FFFF
  EXPECT_FALSE(valid_utf8("\xE5\xBC"));              // truncated
}

}  // namespace
}  // namespace dj::text
