// The pieces under the readers: number and date text, date formats, and the
// streamed element scanner fed in awkward chunks.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>

#include "core/excel/cell_format.h"
#include "core/excel/xlsx_limits.h"
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

// A chunk holding many elements (more than the element cap in all): each is
// handed out whole and in order, however the input is cut, and only an
// element's own size counts against the cap.
TEST(ElementScanner, ManyElementsPerChunkAndOneCutAtTheEdge) {
  constexpr int kRows = 40000;
  std::string xml = "<worksheet><sheetData>";
  for (int i = 1; i <= kRows; ++i)
    xml += "<row r=\"" + std::to_string(i) + "\"><c t=\"s\"><v>" + std::to_string(i * 7) + "</v></c></row>";
  xml += "</sheetData></worksheet>";
  ASSERT_GT(xml.size(), kMaxElementBytes);
  for (std::size_t chunk : {xml.size(), std::size_t{64 * 1024}, std::size_t{1000}, std::size_t{13}}) {
    const auto rows = scan(xml, "row", chunk);
    ASSERT_EQ(rows.size(), static_cast<std::size_t>(kRows)) << chunk;
    EXPECT_EQ(rows.front(), "<row r=\"1\"><c t=\"s\"><v>7</v></c></row>") << chunk;
    EXPECT_EQ(rows[12345], "<row r=\"12346\"><c t=\"s\"><v>86422</v></c></row>") << chunk;
    EXPECT_EQ(rows.back(), "<row r=\"40000\"><c t=\"s\"><v>280000</v></c></row>") << chunk;
  }
}

TEST(ElementScanner, ContentOfAContainerIsPassedOnInPieces) {
  // <xf> only inside <cellXfs>, not inside <cellStyleXfs>.
  const std::string xml =
      "<styleSheet><cellStyleXfs count=\"1\"><xf a=\"0\"/></cellStyleXfs><x:cellXfs count=\"2\"><xf a=\"1\"/>"
      "<xf a=\"2\"><alignment/></xf></x:cellXfs><cellXfs/><dxfs><dxf><xf a=\"3\"/></dxf></dxfs></styleSheet>";
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 1000u}) {
    std::vector<std::string> xfs;
    std::string content;
    ElementScanner xf("xf", [&](std::string_view e) { xfs.emplace_back(e); });
    ElementScanner cellxfs("cellXfs", [&](std::string_view piece) {
      content.append(piece);
      xf.feed(piece);
    }, ElementScanner::Deliver::content);
    for (std::size_t i = 0; i < xml.size(); i += chunk) cellxfs.feed(std::string_view(xml).substr(i, chunk));
    EXPECT_EQ(content, "<xf a=\"1\"/><xf a=\"2\"><alignment/></xf>") << chunk;
    EXPECT_EQ(xfs, (std::vector<std::string>{"<xf a=\"1\"/>", "<xf a=\"2\"><alignment/></xf>"})) << chunk;
  }
}

// Feeds `head` then `filler` in 64 KiB chunks until `total` bytes; true when
// the scanner threw the element-size error.
bool refuses(const std::string& name, const std::string& head, char filler, std::size_t total) {
  ElementScanner s(name, [](std::string_view) {});
  try {
    s.feed(head);
    const std::string chunk(64 * 1024, filler);
    for (std::size_t fed = head.size(); fed < total; fed += chunk.size()) s.feed(chunk);
  } catch (const std::runtime_error& e) {
    return std::string_view(e.what()).find("larger than 1 MiB") != std::string_view::npos;
  }
  return false;
}

TEST(ElementScanner, AnElementOrStartTagPastOneMiBIsRefused) {
  EXPECT_TRUE(refuses("row", "<row r=\"1\"><c><is><t>", ' ', 2u << 20));          // never ends
  EXPECT_TRUE(refuses("row", "<row r=\"1\" x=\"", 'y', 2u << 20));               // the start tag never ends
  EXPECT_TRUE(refuses("row", "<row>", 'y', kMaxElementBytes + 64 * 1024));         // just past the cap
  EXPECT_FALSE(refuses("row", "<row>", 'y', kMaxElementBytes - 64 * 1024));        // under it, not ended yet
  EXPECT_FALSE(refuses("mergeCell", "<row>", 'y', 8u << 20));                      // not a wanted element
  // In Deliver::content only the start tag is held, however long the content.
  ElementScanner c("cellXfs", [](std::string_view) {}, ElementScanner::Deliver::content);
  c.feed("<cellXfs>");
  const std::string chunk(64 * 1024, 'z');
  for (int i = 0; i < 64; ++i) c.feed(chunk);

  // A complete element over the cap is refused too, however it was chunked.
  ElementScanner whole("si", [](std::string_view) {});
  EXPECT_THROW(whole.feed("<si><t>" + std::string(kMaxElementBytes, 'x') + "</t></si>"), std::runtime_error);
  // Also when it follows other elements in the same chunk.
  ElementScanner late("si", [](std::string_view) {});
  EXPECT_THROW(late.feed("<si><t>a</t></si><si><t>" + std::string(kMaxElementBytes, 'x') + "</t></si>"),
               std::runtime_error);
  std::size_t got = 0;
  ElementScanner fits("si", [&](std::string_view e) { got = e.size(); });
  fits.feed("<si><t>" + std::string(kMaxElementBytes - 16, 'x') + "</t></si>");
  EXPECT_EQ(got, kMaxElementBytes - 16 + 16);
}

TEST(ElementScanner, TextThatRepeatsTheNameIsScannedInLinearTime) {
  // "mergeCellmergeCell…" between the wanted elements: each hit used to walk
  // back over every name character before it (minutes for a few MiB).
  std::string run;
  while (run.size() < 64 * 1024) run += "mergeCell";
  std::vector<std::string> got;
  ElementScanner s("mergeCell", [&](std::string_view e) { got.emplace_back(e); });
  const auto t0 = std::chrono::steady_clock::now();
  s.feed("<row><c><is><t>");
  for (int i = 0; i < 128; ++i) s.feed(run);  // 8 MiB
  s.feed("</t></is></c></row><mergeCells><x:mergeCell ref=\"A1:B1\"/></mergeCells>");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(got, std::vector<std::string>{"<x:mergeCell ref=\"A1:B1\"/>"});
  EXPECT_LT(seconds, 10.0);
}

}  // namespace
}  // namespace dj::excel::detail
