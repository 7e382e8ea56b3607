// CSV uploads: encodings (GBK from Chinese Excel/WPS, UTF-8 with and
// without BOM), line numbers, footers and progress.
#include <gtest/gtest.h>

#include "fixtures.h"

namespace dj::importer {
namespace {

// GBK bytes of 姓名, 身份证号, 张三, 性别, 男, 填报人 (iconv -f utf-8 -t gbk).
const std::string kName = "\xD0\xD5\xC3\xFB";
const std::string kId = "\xC9\xED\xB7\xDD\xD6\xA4\xBA\xC5";
const std::string kZhangSan = "\xD5\xC5\xC8\xFD";
const std::string kGender = "\xD0\xD4\xB1\xF0";
const std::string kMale = "\xC4\xD0";
const std::string kFiller = "\xCC\xEE\xB1\xA8\xC8\xCB";

TEST(Csv, GbkIsDetectedAndDecoded) {
  const auto t = test::read_bytes(kName + "," + kId + "," + kGender + "\r\n" + kZhangSan +
                                  ",110105199001011234," + kMale + "\r\n" + kFiller + "\xA3\xBA" + kZhangSan + "\r\n");
  EXPECT_EQ(t.layout.format, "csv");
  EXPECT_EQ(t.layout.encoding, "gbk");
  EXPECT_EQ(t.layout.headers[0], "姓名");
  ASSERT_EQ(t.records.size(), 1u);  // the 填报人：张三 footer is skipped
  EXPECT_EQ(t.value(0, "name"), "张三");
  EXPECT_EQ(t.value(0, "gender"), "男");
  EXPECT_EQ(t.records[0].row, 2);
}

TEST(Csv, Utf8WithBom) {
  const auto t = test::read_bytes("\xEF\xBB\xBF姓名,身份证号\n张三,110105199001011234\n");
  EXPECT_EQ(t.layout.encoding, "utf-8-bom");
  EXPECT_EQ(t.layout.header_row, 1);
  EXPECT_EQ(t.layout.headers[0], "姓名");  // no BOM glued to the first header
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.value(0, "id_number"), "110105199001011234");
}

TEST(Csv, Utf8WithoutBomAndTabDelimiter) {
  const auto t = test::read_bytes("姓名\t身份证号\n张三\t110105199001011234\n");
  EXPECT_EQ(t.layout.encoding, "utf-8");
  ASSERT_EQ(t.records.size(), 1u);
  EXPECT_EQ(t.value(0, "name"), "张三");
}

TEST(Csv, QuotedLineBreakRowIsItsStartLine) {
  const auto t = test::read_bytes(
      "姓名,身份证号,备注\n"
      "张三,110105199001011234,\"第一行\n第二行\"\n"
      "李四,11010519850203567X,x\n");
  EXPECT_EQ(t.rows(), (std::vector<std::int64_t>{2, 4}));
  EXPECT_EQ(t.value(0, "note"), "第一行\n第二行");  // raw keeps inner line breaks
}

TEST(Csv, TitleRowsAboveTheHeaderAreSkipped) {
  const auto t = test::read_bytes(
      "XX支部党员名单,,\n"
      "截至2024年6月30日,,\n"
      "\n"
      "姓名,身份证号,性别\n"
      "张三,110105199001011234,男\n");
  EXPECT_EQ(t.layout.header_row, 4);
  EXPECT_EQ(t.rows(), (std::vector<std::int64_t>{5}));
}

TEST(Csv, FootersAndNotesAreSkipped) {
  const auto t = test::read_bytes(
      "姓名,身份证号,性别\n"
      "张三,110105199001011234,男\n"
      "李四,,\n"  // one filled cell before any footer: data (the caller rejects it)
      ",,\n"
      "填报人：王五,审核人：赵六,\n"
      "注：1.身份证号须为18位,,\n"
      "2.性别填男或女,,\n"
      "3.其他,说明,\n"  // two cells after a footer: data again
      "制表日期：2024-06-30,,\n");
  EXPECT_EQ(t.rows(), (std::vector<std::int64_t>{2, 3, 8}));
}

TEST(Csv, FooterWordsInsideDataAreData) {
  // Only the first non-empty cell decides; 负责人 in a later column is data.
  const auto t = test::read_bytes("姓名,身份证号,备注\n张三,110105199001011234,负责人\n");
  EXPECT_EQ(t.records.size(), 1u);
}

TEST(Csv, RepeatedHeaderIsSkipped) {
  const auto t = test::read_bytes(
      "姓名,身份证号\n张三,110105199001011234\n姓名,身份证号\n李四,11010519850203567X\n*姓名,公民身份号码\n");
  EXPECT_EQ(t.rows(), (std::vector<std::int64_t>{2, 4}));
}

TEST(Csv, ProgressReachesTheFileSize) {
  std::string csv = "姓名,身份证号\n";
  for (int i = 0; i < 50; ++i) csv += "张三,110105199001011234\n";
  Progress progress;
  Options options;
  options.progress = &progress;
  std::int64_t seen_bytes_max = 0;
  test::Scratch file("progress.csv");
  test::write_bytes(file.path(), csv);
  read_table(
      file.path(), test::roster_columns(), options, nullptr,
      [&](const Record&) {
        // Mid-file, bytes_done is between 0 and the total.
        const auto done = progress.bytes_done.load();
        EXPECT_LE(done, progress.bytes_total.load());
        EXPECT_GE(done, seen_bytes_max);
        seen_bytes_max = done;
      },
      nullptr);
  EXPECT_EQ(progress.rows.load(), 50);
  EXPECT_EQ(progress.bytes_total.load(), static_cast<std::int64_t>(csv.size()));
  EXPECT_EQ(progress.bytes_done.load(), static_cast<std::int64_t>(csv.size()));
  EXPECT_GT(seen_bytes_max, 0);
}

}  // namespace
}  // namespace dj::importer
