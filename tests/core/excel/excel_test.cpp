// The .xlsx writer: what lands in the sheet XML, and flat memory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/excel/excel.h"
#include "core/excel/text.h"
#include "xlsx_reader.h"

namespace dj::test {
namespace {

using excel::Cell;

class ExcelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dj-excel-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  std::string dir_;
};

long resident_kib() {
  std::ifstream statm("/proc/self/statm");
  long total = 0, resident = 0;
  statm >> total >> resident;
  return resident * (::sysconf(_SC_PAGESIZE) / 1024);
}

TEST_F(ExcelTest, WritesSheetsStringsAndNumbers) {
  const auto file = path("export.xlsx");
  {
    excel::Writer w(file);
    w.sheet("党员名单", {"姓名", "身份证号", "党龄", "备注", "得分"});
    w.row({std::string("张三"), std::int64_t{110101199001011234}, std::int64_t{12}, std::string("=1+1"), 95.5});
    w.row({std::string("李四"), std::int64_t{9007199254740993}, std::int64_t{-3}, std::string("@SUM(A1)"),
           Cell{}});
    w.sheet("组织", {"名称"});
    w.row({std::string("第一党支部")});
    w.sheet("空表", {"列"});
    w.close();
  }
  const auto members = zip_members(file);
  for (const char* m : {"xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                        "xl/worksheets/sheet3.xml", "xl/styles.xml"})
    EXPECT_NE(std::find(members.begin(), members.end(), m), members.end()) << m;

  const auto book = zip_member(file, "xl/workbook.xml");
  EXPECT_NE(book.find("name=\"党员名单\""), std::string::npos);
  EXPECT_NE(book.find("name=\"组织\""), std::string::npos);

  // Strings may be shared or inline depending on the mode; search both.
  std::string strings;
  if (std::find(members.begin(), members.end(), "xl/sharedStrings.xml") != members.end())
    strings = zip_member(file, "xl/sharedStrings.xml");
  const auto sheet1 = zip_member(file, "xl/worksheets/sheet1.xml");
  const auto all = sheet1 + strings;
  for (const char* text : {"姓名", "张三", "李四", "=1+1", "@SUM(A1)", "9007199254740993"})
    EXPECT_NE(all.find(text), std::string::npos) << text;
  // Beyond 2^53 an integer is text, below it a number.
  EXPECT_EQ(all.find("<v>9007199254740992</v>"), std::string::npos);
  EXPECT_EQ(all.find("<v>9.007"), std::string::npos);
  EXPECT_NE(sheet1.find("<v>12</v>"), std::string::npos);
  EXPECT_NE(sheet1.find("<v>-3</v>"), std::string::npos);
  EXPECT_NE(sheet1.find("<v>95.5</v>"), std::string::npos);
  // No formulas anywhere: "=1+1" stayed a string.
  for (const auto& m : members) {
    if (m.rfind("xl/worksheets/", 0) == 0) {
      EXPECT_EQ(zip_member(file, m).find("<f>"), std::string::npos) << m;
    }
  }
  // Frozen, bold header row and widths that fit.
  EXPECT_NE(sheet1.find("<pane ySplit=\"1\""), std::string::npos) << sheet1.substr(0, 800);
  EXPECT_NE(sheet1.find("<cols>"), std::string::npos);
  EXPECT_NE(zip_member(file, "xl/styles.xml").find("<b/>"), std::string::npos);
  EXPECT_NE(zip_member(file, "xl/worksheets/sheet2.xml").find("第一党支部"), std::string::npos);
}

TEST_F(ExcelTest, ColumnWidthsCountChineseAsTwo) {
  EXPECT_EQ(excel::detail::display_width("abc"), 3u);
  EXPECT_EQ(excel::detail::display_width("党员"), 4u);
  EXPECT_EQ(excel::detail::display_width("Ａ１"), 4u);  // full-width forms
  const auto file = path("w.xlsx");
  excel::Writer w(file);
  w.sheet("s", {"短", "x"});
  w.row({std::string("中华人民共和国中央人民政府"), std::string("a")});  // 13 CJK = 26 columns
  w.close();
  const auto sheet = zip_member(file, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("width=\"28"), std::string::npos) << sheet.substr(0, 800);  // 26 + margin
  EXPECT_NE(sheet.find("width=\"8"), std::string::npos);                          // the minimum
}

TEST_F(ExcelTest, BadTextIsCleanedNotFatal) {
  EXPECT_EQ(excel::detail::clean_utf8("ok\xff", 100), "ok\xEF\xBF\xBD");
  EXPECT_EQ(excel::detail::clean_utf8("\xE5\x85", 100), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated sequence
  EXPECT_EQ(excel::detail::clean_utf8("党员ab", 3), "党员a");
  EXPECT_EQ(excel::detail::sheet_name("a/b:c[1]?"), "a_b_c_1__");
  EXPECT_EQ(excel::detail::sheet_name("'quoted'"), "quoted");
  EXPECT_EQ(excel::detail::sheet_name(""), "Sheet");
  EXPECT_EQ(excel::detail::sheet_name(std::string(40, 'x')).size(), 31u);

  const auto file = path("bad.xlsx");
  excel::Writer w(file);
  w.sheet("a/b", {"h"});
  w.row({std::string("bad \xff byte, control \x01 char")});
  w.row({std::string(40000, 'y')});  // past Excel's 32 767 characters per cell
  w.sheet("A/B", {"h"});             // same name once cleaned, in another case
  w.close();
  const auto book = zip_member(file, "xl/workbook.xml");
  EXPECT_NE(book.find("name=\"a_b\""), std::string::npos);
  EXPECT_NE(book.find("name=\"A_B(2)\""), std::string::npos) << book;
  const auto sheet = zip_member(file, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("bad \xEF\xBF\xBD byte"), std::string::npos);
  EXPECT_EQ(sheet.find('\x01'), std::string::npos);  // escaped, not raw
  EXPECT_NE(sheet.find(std::string(32767, 'y')), std::string::npos);
  EXPECT_EQ(sheet.find(std::string(32768, 'y')), std::string::npos);
}

// The writer's one-pass check: valid text is written as it is, with the
// same width display_width gives; anything else goes through clean_utf8.
TEST_F(ExcelTest, CleanTextIsRecognisedInOnePass) {
  std::size_t w = 0;
  EXPECT_TRUE(excel::detail::is_clean_utf8("3205011980010112 3X", 100, w));
  EXPECT_EQ(w, 19u);
  EXPECT_TRUE(excel::detail::is_clean_utf8("党员Ａ1", 4, w));
  EXPECT_EQ(w, excel::detail::display_width("党员Ａ1"));
  EXPECT_EQ(w, 7u);
  EXPECT_FALSE(excel::detail::is_clean_utf8("党员ab", 3, w)) << "longer than the limit";
  EXPECT_FALSE(excel::detail::is_clean_utf8("ok\xff", 100, w));
  EXPECT_FALSE(excel::detail::is_clean_utf8("\xE5\x85", 100, w)) << "truncated sequence";
  EXPECT_FALSE(excel::detail::is_clean_utf8("\xC0\xAF", 100, w)) << "overlong form";
  EXPECT_FALSE(excel::detail::is_clean_utf8("\xED\xA0\x80", 100, w)) << "surrogate";
  EXPECT_TRUE(excel::detail::is_clean_utf8("", 0, w));
  EXPECT_EQ(w, 0u);
}

// Shared strings (test files only): Excel's layout, the same cells.
TEST_F(ExcelTest, SharedStringsModeWritesTheSameCells) {
  const auto file = path("sst.xlsx");
  {
    excel::Writer w(file, excel::WriterOptions{.shared_strings = true});
    w.sheet("花名册", {"姓名", "身份证号"});
    w.row({std::string("张三"), std::string("320501198001011234")});
    w.row({std::string("张三"), std::int64_t{42}});
    w.close();
  }
  const auto strings = zip_member(file, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("320501198001011234"), std::string::npos) << strings;
  EXPECT_EQ(strings.find("张三"), strings.rfind("张三")) << "one entry for a repeated text";
  const auto sheet = zip_member(file, "xl/worksheets/sheet1.xml");
  EXPECT_EQ(sheet.find("inlineStr"), std::string::npos);
  EXPECT_NE(sheet.find("<v>42</v>"), std::string::npos) << sheet;
}

// read_file returns exactly the file, whatever its size.
TEST_F(ExcelTest, ReadFileReturnsTheWholeFile) {
  std::string bytes(3 * 1024 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 131 % 251);
  {
    std::ofstream out(path("raw.bin"), std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  EXPECT_EQ(excel::read_file(path("raw.bin")), bytes);
  { std::ofstream empty(path("empty.bin"), std::ios::binary); }
  EXPECT_EQ(excel::read_file(path("empty.bin")), "");
}

TEST_F(ExcelTest, CloseReportsErrorsInChineseAndEnglish) {
  excel::Writer w(path("no/such/dir/x.xlsx"));
  w.sheet("s", {"h"});
  w.row({std::string("v")});
  try {
    w.close();
    FAIL() << "close() succeeded into a missing directory";
  } catch (const std::runtime_error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("无法保存 Excel 文件"), std::string::npos) << msg;
    EXPECT_NE(msg.find("cannot save Excel file"), std::string::npos) << msg;
  }
  w.close();  // a second close is a no-op
}

TEST_F(ExcelTest, MisuseIsALogicError) {
  excel::Writer w(path("m.xlsx"));
  EXPECT_THROW(w.row({std::string("no sheet yet")}), std::logic_error);
  w.sheet("s", {});
  w.row({std::string("no headers is fine")});
  w.close();
  EXPECT_THROW(w.sheet("t", {}), std::logic_error);
  EXPECT_EQ(excel::read_file(path("m.xlsx")).substr(0, 2), "PK");
  EXPECT_THROW(excel::read_file(path("missing.xlsx")), std::runtime_error);
}

TEST_F(ExcelTest, DestructorClosesTheWorkbook) {
  {
    excel::Writer w(path("d.xlsx"));
    w.sheet("s", {"h"});
    w.row({std::string("v")});
  }
  EXPECT_NE(zip_member(path("d.xlsx"), "xl/worksheets/sheet1.xml").find(">v<"), std::string::npos);
}

TEST_F(ExcelTest, TwoHundredThousandRowsKeepMemoryFlat) {
  const auto file = path("big.xlsx");
  const long before = resident_kib();
  long peak = before;
  {
    excel::Writer w(file);
    w.sheet("党员", {"序号", "姓名", "所在支部", "身份证号", "备注"});
    for (std::int64_t i = 0; i < 200000; ++i) {
      w.row({i, std::string("党员") + std::to_string(i), std::string("机关第") + std::to_string(i % 97) + "党支部",
             std::string("11010119900101") + std::to_string(1000 + i % 9000), std::string("=HYPERLINK(\"x\")")});
      if (i % 20000 == 0) peak = std::max(peak, resident_kib());
    }
    w.close();
  }
  peak = std::max(peak, resident_kib());
  const long growth_mib = (peak - before) / 1024;
  RecordProperty("rss_growth_mib", std::to_string(growth_mib));
  std::printf("[ excel ] 200000 rows: RSS %ld -> peak %ld KiB, file %ld KiB\n", before, peak,
              static_cast<long>(std::filesystem::file_size(file) / 1024));
#if !defined(__SANITIZE_ADDRESS__)
  // Not under AddressSanitizer: its quarantine and shadow memory keep
  // hundreds of MiB of freed blocks resident (measured ~400 MiB here), which
  // says nothing about the writer. The plain builds check the bound.
  EXPECT_LT(growth_mib, 50);
#endif
  const auto sheet = zip_member(file, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("党员199999"), std::string::npos);
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);
}

}  // namespace
}  // namespace dj::test
