#include "modules/member/validate/date_parse.h"

#include <gtest/gtest.h>

namespace dj::member {
namespace {

void expect_date(const char* raw, const char* iso, bool repaired) {
  const DateParse r = parse_date(raw);
  ASSERT_TRUE(r.ok()) << raw << ": " << r.error;
  EXPECT_EQ(*r.iso, iso) << raw;
  EXPECT_EQ(r.repaired, repaired) << raw;
  EXPECT_TRUE(r.error.empty()) << raw;
}

void expect_rejected(const char* raw, const char* phrase) {
  const DateParse r = parse_date(raw);
  EXPECT_FALSE(r.ok()) << raw << " → " << r.iso.value_or("");
  EXPECT_NE(r.error.find(phrase), std::string::npos) << raw << ": " << r.error;
}

TEST(DateParse, CanonicalIsNotRepaired) { expect_date("2012-07-01", "2012-07-01", false); }

TEST(DateParse, CommonWrittenForms) {
  expect_date("2012.7.1", "2012-07-01", true);
  expect_date("2012.07.01", "2012-07-01", true);
  expect_date("2012年7月1日", "2012-07-01", true);
  expect_date("2012年07月01日", "2012-07-01", true);
  expect_date("2012年7月1", "2012-07-01", true);
  expect_date("2012/07/01", "2012-07-01", true);
  expect_date("2012/7/1", "2012-07-01", true);
  expect_date("2012-7-1", "2012-07-01", true);
  expect_date("20120701", "2012-07-01", true);
  expect_date(" 2012-07-01 ", "2012-07-01", true);
  expect_date("2012-07-01 00:00:00", "2012-07-01", true);
  expect_date("2012/7/1 0:00", "2012-07-01", true);
}

TEST(DateParse, FullWidthDigits) {
  expect_date("２０１２年７月１日", "2012-07-01", true);
  expect_date("２０１２－０７－０１", "2012-07-01", true);
  expect_date("２０１２．７．１", "2012-07-01", true);
}

TEST(DateParse, ExcelSerials) {
  expect_date("1", "1900-01-01", true);
  expect_date("59", "1900-02-28", true);
  expect_date("61", "1900-03-01", true);
  expect_date("41091", "2012-07-01", true);
  expect_date("41091.0", "2012-07-01", true);
  expect_date("44927", "2023-01-01", true);
  expect_rejected("60", "1900年2月29日");
  expect_rejected("0", "无法识别");
  expect_rejected("100001", "无法识别");
  EXPECT_EQ(excel_serial_to_date(100000), (Date{2173, 10, 14}));
  EXPECT_FALSE(excel_serial_to_date(60));
}

TEST(DateParse, YearAndMonthOnlyIsAmbiguous) {
  expect_rejected("2012年7月", "缺少日");
  expect_rejected("2012-07", "缺少日");
  expect_rejected("2012.7", "缺少日");
  expect_rejected("2012", "只有年份");
}

TEST(DateParse, ImpossibleDatesRejected) {
  expect_rejected("2023-02-30", "不是有效日期");
  expect_rejected("2023-02-29", "不是有效日期");
  expect_rejected("2023年13月1日", "不是有效日期");
  expect_rejected("20230230", "不是有效日期");
  expect_date("2024-02-29", "2024-02-29", false);
}

TEST(DateParse, UnrecognisedFormsRejected) {
  expect_rejected("", "请填写");
  expect_rejected("7/1/2012", "无法识别");
  expect_rejected("2012-07/01", "无法识别");
  expect_rejected("2012-07-01-02", "无法识别");
  expect_rejected("2012-007-01", "无法识别");
  expect_rejected("明年", "无法识别");
  expect_rejected("2012年7月1日上午", "无法识别");
  expect_rejected("41091.5", "无法识别");
}

}  // namespace
}  // namespace dj::member
