// read_xlsx on a roster shaped like the ones organs send: a merged title,
// a header, IDs stored as text, dates, gaps, a footer, several sheets.
#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <filesystem>

#include "fixtures.h"

namespace dj::excel {
namespace {

using Strings = std::vector<std::string>;

// 说明 (hidden) | 花名册 | 统计, written with libxlsxwriter directly because
// the product's Writer makes no merges or dates.
std::string roster_file() {
  const std::string path = test::scratch("roster.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* notes = workbook_add_worksheet(wb, "说明");
  lxw_worksheet* roster = workbook_add_worksheet(wb, "花名册");
  lxw_worksheet* stats = workbook_add_worksheet(wb, "统计");
  lxw_format* iso = workbook_add_format(wb);
  format_set_num_format(iso, "yyyy-mm-dd");
  lxw_format* builtin14 = workbook_add_format(wb);
  format_set_num_format_index(builtin14, 14);
  lxw_format* chinese = workbook_add_format(wb);
  format_set_num_format(chinese, "yyyy\"年\"m\"月\"d\"日\"");
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0.00\"元\"");

  worksheet_write_string(notes, 0, 0, "请勿修改表头", nullptr);
  worksheet_activate(roster);  // the active sheet cannot be hidden
  worksheet_hide(notes);

  // Row 1: the title merged over A:G. Row 2: header. Rows 3-4: members,
  // 所属支部 (G) merged down over both. Row 5: empty. Row 6: footer.
  worksheet_merge_range(roster, 0, 0, 0, 6, "XX市直机关党员花名册", nullptr);
  const char* header[] = {"姓名", "性别", "身份证号", "入党日期", "党费", "是否预备", "所属支部"};
  for (lxw_col_t c = 0; c < 7; ++c) worksheet_write_string(roster, 1, c, header[c], nullptr);
  worksheet_write_string(roster, 2, 0, "张三", nullptr);
  worksheet_write_string(roster, 2, 1, "男", nullptr);
  worksheet_write_string(roster, 2, 2, "110105199001011234", nullptr);
  lxw_datetime d1 = {2010, 7, 1, 0, 0, 0};
  worksheet_write_datetime(roster, 2, 3, &d1, iso);
  worksheet_write_number(roster, 2, 4, 13, money);
  worksheet_write_boolean(roster, 2, 5, 1, nullptr);
  worksheet_merge_range(roster, 2, 6, 3, 6, "第一党支部", nullptr);
  worksheet_write_string(roster, 3, 0, "李四", nullptr);  // 性别 left empty: a gap
  worksheet_write_string(roster, 3, 2, "11010519850203567X", nullptr);
  lxw_datetime d2 = {1985, 2, 3, 0, 0, 0};
  worksheet_write_datetime(roster, 3, 3, &d2, builtin14);
  worksheet_write_number(roster, 3, 4, 18.5, nullptr);
  worksheet_write_boolean(roster, 3, 5, 0, nullptr);
  lxw_datetime d3 = {2021, 6, 30, 14, 30, 0};
  worksheet_write_datetime(roster, 3, 7, &d3, chinese);
  worksheet_write_string(roster, 5, 0, "填报人：王五", nullptr);

  worksheet_write_string(stats, 0, 0, "合计", nullptr);
  worksheet_write_number(stats, 0, 1, 2, nullptr);
  worksheet_write_number(stats, 2, 3, 0.1 + 0.2, nullptr);
  EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
  return path;
}

class XlsxRead : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { path_ = new std::string(roster_file()); }
  static void TearDownTestSuite() {
    std::filesystem::remove(*path_);
    delete path_;
  }
  static std::string* path_;
};
std::string* XlsxRead::path_ = nullptr;

TEST_F(XlsxRead, DefaultIsTheFirstVisibleSheetAndRowNumbersMatchExcel) {
  const auto rows = test::xlsx_rows(*path_);
  ASSERT_EQ(rows.size(), 5u);  // the empty row 5 is skipped
  EXPECT_EQ(rows[0].row_number, 1);
  EXPECT_EQ(rows[1].row_number, 2);
  EXPECT_EQ(rows[2].row_number, 3);
  EXPECT_EQ(rows[3].row_number, 4);
  EXPECT_EQ(rows[4].row_number, 6);
  EXPECT_EQ(test::texts(rows[4]), Strings{"填报人：王五"});
}

TEST_F(XlsxRead, MergedTitleFillsEveryCoveredCellAndSaysSo) {
  const auto rows = test::xlsx_rows(*path_);
  ASSERT_EQ(rows[0].cells.size(), 7u);
  for (std::size_t c = 0; c < 7; ++c) {
    EXPECT_EQ(rows[0].cells[c].text, "XX市直机关党员花名册") << c;
    EXPECT_EQ(rows[0].cells[c].merged, c != 0) << c;
  }
  EXPECT_EQ(test::texts(rows[1]), (Strings{"姓名", "性别", "身份证号", "入党日期", "党费", "是否预备", "所属支部"}));
  // The vertical merge gives both members their branch.
  EXPECT_EQ(rows[2].cells[6].text, "第一党支部");
  EXPECT_FALSE(rows[2].cells[6].merged);
  EXPECT_EQ(rows[3].cells[6].text, "第一党支部");
  EXPECT_TRUE(rows[3].cells[6].merged);
}

TEST_F(XlsxRead, ValuesComeBackAsTheUserSeesThem) {
  const auto rows = test::xlsx_rows(*path_);
  const auto& zhang = rows[2].cells;
  EXPECT_EQ(zhang[0].text, "张三");
  EXPECT_EQ(zhang[2].text, "110105199001011234");  // text, every digit
  EXPECT_FALSE(zhang[2].is_number);
  EXPECT_EQ(zhang[3].text, "2010-07-01");
  EXPECT_TRUE(zhang[3].is_number);
  EXPECT_TRUE(zhang[3].is_date_style);
  EXPECT_DOUBLE_EQ(zhang[3].number, 40360);
  EXPECT_EQ(zhang[4].text, "13");  // a money format is not a date
  EXPECT_TRUE(zhang[4].is_number);
  EXPECT_FALSE(zhang[4].is_date_style);
  EXPECT_EQ(zhang[5].text, "TRUE");

  const auto& li = rows[3].cells;
  ASSERT_EQ(li.size(), 8u);
  EXPECT_EQ(li[1].text, "");  // the gap keeps later columns in place
  EXPECT_EQ(li[2].text, "11010519850203567X");
  EXPECT_EQ(li[3].text, "1985-02-03");  // built-in format 14
  EXPECT_TRUE(li[3].is_date_style);
  EXPECT_EQ(li[4].text, "18.5");
  EXPECT_EQ(li[5].text, "FALSE");
  EXPECT_EQ(li[7].text, "2021-06-30 14:30:00");  // custom yyyy"年"m"月"d"日" with a time of day
  EXPECT_TRUE(li[7].is_date_style);
}

TEST_F(XlsxRead, SheetsAreChosenByName) {
  EXPECT_EQ(xlsx_sheet_names(*path_), (Strings{"说明", "花名册", "统计"}));
  const auto notes = test::xlsx_rows(*path_, "说明");  // hidden, but asked for by name
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(test::texts(notes[0]), Strings{"请勿修改表头"});
  const auto stats = test::xlsx_rows(*path_, "统计");
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(test::texts(stats[0]), (Strings{"合计", "2"}));
  EXPECT_EQ(stats[1].row_number, 3);
  EXPECT_EQ(test::texts(stats[1]), (Strings{"", "", "", "0.3"}));
  EXPECT_EQ(test::xlsx_rows(*path_, "花名册").size(), 5u);
}

TEST_F(XlsxRead, AMissingSheetNamesTheOnesThereAre) {
  try {
    test::xlsx_rows(*path_, "党员");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("党员"), std::string::npos) << what;
    EXPECT_NE(what.find("花名册"), std::string::npos) << what;
  }
}

TEST_F(XlsxRead, AnExceptionFromTheCallbackStopsTheRead) {
  int seen = 0;
  EXPECT_THROW(read_xlsx(*path_,
                         [&](const SheetRow&) {
                           if (++seen == 2) throw std::logic_error("stop");
                         }),
               std::logic_error);
  EXPECT_EQ(seen, 2);
}

// A workbook zipped by hand: no styles, no content types, prefixed element
// names (as .NET's OpenXML SDK writes), inline strings, rich-text shared
// strings with a phonetic run, cells without r="" and rows without r="".
std::string hand_zipped() {
  const std::string path = test::scratch("hand.xlsx");
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  test::write_zip(path, {
    {"_rels/.rels",
     R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
     R"(<Relationship Id="rId1" Type=")" + rel + R"(/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
    {"xl/workbook.xml",
     R"(<?xml version="1.0"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
     R"(xmlns:r=")" + rel + R"("><x:sheets><x:sheet name="名单" sheetId="1" r:id="R7"/></x:sheets></x:workbook>)"},
    {"xl/_rels/workbook.xml.rels",
     R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
     R"(<Relationship Id="R7" Type=")" + rel + R"(/worksheet" Target="/xl/worksheets/data.xml"/>)"
     R"(<Relationship Id="R8" Type=")" + rel + R"(/sharedStrings" Target="strings.xml"/></Relationships>)"},
    {"xl/strings.xml",
     R"(<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2">)"
     R"(<si><r><rPr><b/></rPr><t>中共</t></r><r><t xml:space="preserve"> 某某局</t></r>)"
     R"(<rPh sb="0" eb="1"><t>ちゅう</t></rPh></si>)"
     R"(<si><t>第一行_x000D_第二行 &amp; &lt;三&gt;</t></si></sst>)"},
    {"xl/worksheets/data.xml",
     R"(<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
     R"(<x:sheetData>)"
     R"(<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="C2" t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c></x:row>)"
     R"(<x:row><x:c t="s"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c><x:v>1.23E+2</x:v></x:c>)"
     R"(<x:c t="str"><x:f>A1&amp;"x"</x:f><x:v>公式结果</x:v></x:c></x:row>)"
     R"(<x:row r="5" spans="1:3"/>)"
     R"(<x:row r="9"><x:c r="B9" t="inlineStr"><x:is><x:r><x:t>富</x:t></x:r><x:r><x:t>文本</x:t></x:r></x:is></x:c>)"
     R"(<x:c r="D9"/></x:row>)"
     R"(</x:sheetData><x:rowBreaks count="0"/></x:worksheet>)"},
  });
  return path;
}

TEST(XlsxHandZipped, InlineAndRichStringsPrefixesAndImpliedPositions) {
  const std::string path = hand_zipped();
  EXPECT_EQ(xlsx_sheet_names(path), Strings{"名单"});
  const auto rows = test::xlsx_rows(path);
  std::filesystem::remove(path);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].row_number, 2);
  EXPECT_EQ(test::texts(rows[0]), (Strings{"中共 某某局", "", "内联"}));
  EXPECT_EQ(rows[1].row_number, 3);  // no r="": the one after 2
  EXPECT_EQ(test::texts(rows[1]), (Strings{"第一行\r第二行 & <三>", "#N/A", "123", "公式结果"}));
  EXPECT_TRUE(rows[1].cells[2].is_number);
  EXPECT_EQ(rows[2].row_number, 9);
  EXPECT_EQ(test::texts(rows[2]), (Strings{"", "富文本"}));  // the empty D9 is dropped
}

// Shared strings in the shapes read without pugixml (<si/>, plain <t>) and
// in those that need it (entities, _xHHHH_ escapes, CR, rich text) come out
// the same way.
TEST(XlsxHandZipped, SharedStringShapesReadAlike) {
  const std::string path = test::scratch("sst-shapes.xlsx");
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
  const std::string ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
  const std::vector<std::string> si = {
      "<si/>",
      "<si><t>张三</t></si>",
      "<si><t xml:space=\"preserve\"> 李 四 </t></si>",
      "<si><t>a&amp;b&lt;c&gt;</t></si>",
      "<si><t>x_x000D_y</t></si>",
      "<si><t>one\r\ntwo\rthree</t></si>",
      "<si><r><t>富</t></r><r><t>文本</t></r></si>",
      "<si><t/></si>",
      "<si><t>tail</t><rPh sb=\"0\" eb=\"1\"><t>ヨミ</t></rPh></si>",
  };
  std::string sst = "<?xml version=\"1.0\"?><sst " + ns + ">";
  std::string row = "<row r=\"1\">";
  for (std::size_t i = 0; i < si.size(); ++i) {
    sst += si[i];
    row += "<c t=\"s\"><v>" + std::to_string(i) + "</v></c>";
  }
  test::write_zip(path, {
    {"_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" +
                        rel + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
    {"xl/workbook.xml", "<?xml version=\"1.0\"?><workbook " + ns + " xmlns:r=\"" + rel +
                            "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
    {"xl/_rels/workbook.xml.rels",
     "<?xml version=\"1.0\"?><Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel +
         "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" + rel +
         "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"},
    {"xl/sharedStrings.xml", sst + "</sst>"},
    {"xl/worksheets/sheet1.xml", "<?xml version=\"1.0\"?><worksheet " + ns + "><sheetData>" + row +
                                     "</row></sheetData></worksheet>"},
  });
  const auto rows = test::xlsx_rows(path);
  std::filesystem::remove(path);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(test::texts(rows[0]), (Strings{"", "张三", " 李 四 ", "a&b<c>", "x\ry", "one\ntwo\nthree", "富文本", "",
                                           "tail"}));
}

}  // namespace
}  // namespace dj::excel
