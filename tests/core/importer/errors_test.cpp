// Files refused as a whole: each a 422 with a stable code and a Chinese
// message that says what to do.
#include <gtest/gtest.h>

#include "fixtures.h"

namespace dj::importer {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(Errors, MissingRequiredColumnNamesItAndItsAliases) {
  const ApiError e = test::read_error("姓名,性别\n张三,男\n");
  EXPECT_EQ(e.status(), 422);
  EXPECT_EQ(e.code(), "missing_column");
  EXPECT_EQ(e.field(), "id_number");
  EXPECT_TRUE(contains(e.message(), "缺少必需的列“身份证号”（也可写作：公民身份号码、身份证号码、身份证）")) << e.message();
}

TEST(Errors, NoHeaderListsTheExpectedLabels) {
  const ApiError e = test::read_error("编号,金额\n1,2\n3,4\n");
  EXPECT_EQ(e.status(), 422);
  EXPECT_EQ(e.code(), "no_header");
  EXPECT_TRUE(contains(e.message(), "姓名、身份证号、性别、入党日期、手机号码、备注")) << e.message();
}

TEST(Errors, HeaderMustStartWithinTheSearchRows) {
  const std::string csv = "标题\n副标题\n说明\n姓名,身份证号\n张三,110105199001011234\n";
  EXPECT_EQ(test::read_bytes(csv).layout.header_row, 4);
  Options options;
  options.header_search_rows = 3;
  EXPECT_EQ(test::read_error(csv, test::roster_columns(), options).code(), "no_header");
}

TEST(Errors, DuplicateColumnNamesBothLetters) {
  const ApiError e = test::read_error("姓名,身份证号,身份证号码\n张三,1,2\n");
  EXPECT_EQ(e.code(), "duplicate_column");
  EXPECT_EQ(e.field(), "id_number");
  EXPECT_TRUE(contains(e.message(), "B 列")) << e.message();
  EXPECT_TRUE(contains(e.message(), "C 列")) << e.message();
}

TEST(Errors, OldXlsIsRefusedWithSaveAsAdvice) {
  std::string xls("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  xls.append(4096, '\0');
  const ApiError e = test::read_error(xls);
  EXPECT_EQ(e.status(), 422);
  EXPECT_EQ(e.code(), "xls_format");
  EXPECT_TRUE(contains(e.message(), ".xls")) << e.message();
  EXPECT_TRUE(contains(e.message(), "另存为")) << e.message();
  EXPECT_TRUE(contains(e.message(), "Excel 工作簿(*.xlsx)")) << e.message();
}

TEST(Errors, PasswordProtectedWorkbookIsToldApart) {
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole.append(3000, '\0');
  for (char c : std::string("EncryptedPackage")) {
    ole += c;
    ole += '\0';
  }
  ole.append(100, '\0');
  const ApiError e = test::read_error(ole);
  EXPECT_EQ(e.code(), "encrypted_workbook");
  EXPECT_TRUE(contains(e.message(), "密码")) << e.message();
}

TEST(Errors, EmptyFileIsRefused) {
  const ApiError e = test::read_error("");
  EXPECT_EQ(e.status(), 422);
  EXPECT_EQ(e.code(), "empty_file");
}

TEST(Errors, FileWithOnlyBlankLinesHasNoHeader) {
  EXPECT_EQ(test::read_error("\xEF\xBB\xBF\n,,\n").code(), "no_header");
}

TEST(Errors, CorruptXlsxIsA422WithTheReadersMessage) {
  const ApiError e = test::read_error(std::string("PK\x03\x04", 4) + "this is not really a zip");
  EXPECT_EQ(e.status(), 422);
  EXPECT_EQ(e.code(), "unreadable_file");
  EXPECT_FALSE(e.message().empty());
}

TEST(Errors, UnterminatedCsvQuoteIsA422) {
  const ApiError e = test::read_error("姓名,身份证号\n张三,\"110105\n");
  EXPECT_EQ(e.code(), "unreadable_file");
  EXPECT_TRUE(contains(e.message(), "引号")) << e.message();
}

TEST(Errors, TooManyRowsStopsAtTheLimit) {
  std::string csv = "姓名,身份证号\n";
  for (int i = 0; i < 10; ++i) csv += "张三,110105199001011234\n";
  Options options;
  options.max_rows = 5;
  test::Scratch file("many.csv");
  test::write_bytes(file.path(), csv);
  int delivered = 0;
  try {
    read_table(file.path(), test::roster_columns(), options, nullptr, [&](const Record&) { ++delivered; }, nullptr);
    FAIL() << "10 rows accepted with max_rows 5";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 422);
    EXPECT_EQ(e.code(), "too_many_rows");
    EXPECT_TRUE(contains(e.message(), "5 行")) << e.message();
  }
  EXPECT_EQ(delivered, 5);

  options.max_rows = 10;  // exactly the limit is fine
  EXPECT_EQ(test::read(file.path(), test::roster_columns(), options).records.size(), 10u);
}

TEST(Errors, CallbackExceptionsKeepTheirType) {
  test::Scratch file("callback.csv");
  test::write_bytes(file.path(), "姓名,身份证号\n张三,110105199001011234\n");
  // A plain runtime_error from the caller is not turned into "unreadable file".
  EXPECT_THROW(
      {
        try {
          read_table(file.path(), test::roster_columns(), {}, nullptr,
                     [](const Record&) { throw std::runtime_error("caller bug"); }, nullptr);
        } catch (const ApiError&) {
          FAIL() << "became an ApiError";
        }
      },
      std::runtime_error);
  try {
    read_table(file.path(), test::roster_columns(), {}, nullptr,
               [](const Record&) { throw ApiError::conflict("已存在", "id_number"); }, nullptr);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 409);
  }
}

TEST(Errors, MissingFileIsA422) {
  try {
    test::read("/nonexistent/dir/upload.csv");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), "unreadable_file");
  }
}

}  // namespace
}  // namespace dj::importer
