// The pieces under the readers: number and date text, date formats, and the
// streamed element scanner fed in awkward chunks.
#include <gtest/gtest.h>

#include "core/excel/cell_format.h"
#include "core/excel/xml_scan.h"

namespace dj::excel::detail {
namespace {

TEST(CellFormat, NumbersAsExcelShowsThem) {
  EXPECT_EQ(format_number(17), "17");
  EXPECT_EQ(format_number(-3.5), "-3.5");
  EXPECT_EQ(format_number(0.1 + 0.2), "0.3");
  EXPECT_EQ(format_number(0), "0");
  EXPECT_EQ(format_number(123456789012345.0), "123456789012345");
  // An 18-digit ID typed as a number has already lost digits; Excel shows 15.
  EXPECT_EQ(format_number(110105199001011234.0), "110105199001011000");
}

TEST(CellFormat, Serials) {
  EXPECT_EQ(format_serial(1, false), "1900-01-01");
  EXPECT_EQ(format_serial(59, false), "1900-02-28");
  EXPECT_EQ(format_serial(60, false), "1900-02-29");
  EXPECT_EQ(format_serial(61, false), "1900-03-01");
  EXPECT_EQ(format_serial(45292, false), "2024-01-01");
  EXPECT_EQ(format_serial(45292.5, false), "2024-01-01 12:00:00");
  EXPECT_EQ(format_serial(0.75, false), "18:00:00");
  EXPECT_EQ(format_serial(0, true), "00:00:00");
  EXPECT_EQ(format_serial(1, true), "1904-01-02");
  EXPECT_EQ(format_serial(-1, false), "-1");
}

TEST(CellFormat, DateFormats) {
  EXPECT_TRUE(is_date_format(14, ""));
  EXPECT_TRUE(is_date_format(22, ""));
  EXPECT_TRUE(is_date_format(31, ""));  // yyyy"年"m"月"d"日" in a Chinese Excel
  EXPECT_FALSE(is_date_format(0, ""));
  EXPECT_FALSE(is_date_format(49, ""));  // @ (text)
  EXPECT_TRUE(is_date_format(164, "yyyy/m/d"));
  EXPECT_TRUE(is_date_format(165, "[$-804]yyyy\"年\"m\"月\";@"));
  EXPECT_TRUE(is_date_format(166, "h:mm"));
  EXPECT_FALSE(is_date_format(167, "#,##0.00\"元\""));
  EXPECT_FALSE(is_date_format(168, "0.00_);[Red]\\(0.00\\)"));
  EXPECT_FALSE(is_date_format(169, "\"第\"0\"号\""));
  EXPECT_FALSE(is_date_format(170, "General"));
  EXPECT_FALSE(is_date_format(171, "[DBNum1]0"));
}

TEST(CellFormat, Escapes) {
  EXPECT_EQ(decode_escapes("a_x000D_b"), "a\rb");
  EXPECT_EQ(decode_escapes("_x4E2D_"), "中");
  EXPECT_EQ(decode_escapes("my_xbad_name"), "my_xbad_name");
}

std::vector<std::string> scan(const std::string& xml, const std::string& name, std::size_t chunk) {
  std::vector<std::string> out;
  ElementScanner s(name, [&](std::string_view e) { out.emplace_back(e); });
  for (std::size_t i = 0; i < xml.size(); i += chunk) s.feed(std::string_view(xml).substr(i, chunk));
  return out;
}

TEST(ElementScanner, FindsElementsWhateverTheChunking) {
  const std::string xml =
      "<worksheet><sheetData><row r=\"1\"><c><is><t>arrow row</t></is></c></row><row r=\"2\"/>"
      "<x:row r=\"3\"><c/></x:row></sheetData><rowBreaks/><mergeCells><mergeCell ref=\"A1:B1\"/>"
      "</mergeCells></worksheet>";
  const std::vector<std::string> rows = {"<row r=\"1\"><c><is><t>arrow row</t></is></c></row>", "<row r=\"2\"/>",
                                         "<x:row r=\"3\"><c/></x:row>"};
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 1000u}) {
    EXPECT_EQ(scan(xml, "row", chunk), rows) << chunk;
    EXPECT_EQ(scan(xml, "mergeCell", chunk), std::vector<std::string>{"<mergeCell ref=\"A1:B1\"/>"}) << chunk;
  }
}

}  // namespace
}  // namespace dj::excel::detail
