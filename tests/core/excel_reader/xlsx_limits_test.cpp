// The caps of core/excel/xlsx_limits.h. The bombs a fuzzing pass found
// (tests/fuzz/findings/xlsx_bombs.py: a small upload that asks for gigabytes)
// and others of their kind must end in the reader's runtime_error, quickly
// and without the memory they ask for; real shapes at the edge of the caps
// must still be read.
//
// Each bomb is read in a child process: its peak RSS growth is measured
// there (VmHWM reset through /proc/self/clear_refs), and an address-space
// limit turns a regression into a failed test rather than a machine out of
// memory. The inputs are built here the way the script builds them, with
// their deflate blocks repeated (test::write_zip_repeated), so even the
// 10 GiB zip bomb takes milliseconds to write.
#include <gtest/gtest.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "core/excel/xlsx_limits.h"
#include "fixtures.h"

#if defined(__SANITIZE_ADDRESS__)
#define DJ_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DJ_TEST_ASAN 1
#endif
#endif

namespace dj::excel {
namespace {

using test::RepeatedMember;
namespace limits = detail;

constexpr double kMaxGrowthMb = 64.0;

const std::string kXml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const std::string kNs = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
const std::string kSheetHead = kXml + "<worksheet " + kNs + "><sheetData>";

RepeatedMember plain(std::string name, std::string content) { return {std::move(name), std::move(content), "", 0, ""}; }

// A workbook around `sheet` (xl/worksheets/sheet1.xml) and, when given,
// `sst` (xl/sharedStrings.xml), shaped as tests/fuzz/make_seeds.py makes them.
std::string bomb(const std::string& name, RepeatedMember sheet, std::optional<RepeatedMember> sst = {},
                 std::optional<RepeatedMember> styles = {}) {
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
  std::vector<RepeatedMember> parts = {
      plain("_rels/.rels", kXml + "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel +
                               "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
      plain("xl/workbook.xml", kXml + "<workbook " + kNs + " xmlns:r=\"" + rel +
                                   "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
      plain("xl/_rels/workbook.xml.rels",
            kXml + "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel +
                "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" + rel +
                "/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"" + rel +
                "/styles\" Target=\"styles.xml\"/></Relationships>"),
  };
  sheet.name = "xl/worksheets/sheet1.xml";
  parts.push_back(std::move(sheet));
  if (sst) {
    sst->name = "xl/sharedStrings.xml";
    parts.push_back(std::move(*sst));
  }
  if (styles) {
    styles->name = "xl/styles.xml";
    parts.push_back(std::move(*styles));
  }
  const std::string path = test::scratch(name);
  test::write_zip_repeated(path, parts);
  return path;
}

long status_kib(std::string_view key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with(key)) return std::stol(line.substr(key.size()));
  return -1;
}

struct Outcome {
  std::string error;      // the runtime_error's message; empty when there was none
  std::string other;      // anything else that went wrong (another exception, a crash)
  long rows = 0;          // rows delivered before it stopped
  double seconds = 0;
  double growth_mb = -1;  // peak RSS over RSS before the read; -1 when it cannot be measured
  std::uintmax_t file_bytes = 0;
};

// read_xlsx(path) in a child process; removes the file.
Outcome read_isolated(const std::string& path) {
  Outcome o;
  o.file_bytes = std::filesystem::file_size(path);
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork");
  if (pid == 0) {
    ::close(fds[0]);
#if !defined(DJ_TEST_ASAN)  // AddressSanitizer reserves terabytes of address space
    const rlim_t room = static_cast<rlim_t>(status_kib("VmSize:")) * 1024 + (rlim_t{1} << 30);
    const rlimit lim{room, room};
    ::setrlimit(RLIMIT_AS, &lim);
#endif
    ::malloc_trim(0);  // what the test freed before must not be reused unseen
    { std::ofstream("/proc/self/clear_refs") << "5"; }  // VmHWM := VmRSS
    const long before = status_kib("VmRSS:");
    const bool measurable = status_kib("VmHWM:") <= before + 1024;
    std::string error, other;
    long rows = 0;
    const auto t0 = std::chrono::steady_clock::now();
    try {
      read_xlsx(path, [&](const SheetRow&) { ++rows; });
    } catch (const std::runtime_error& e) {
      error = e.what();
    } catch (const std::exception& e) {
      other = std::string("not a runtime_error: ") + e.what();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double growth = measurable ? static_cast<double>(status_kib("VmHWM:") - before) / 1024.0 : -1;
    std::ostringstream out;
    out << rows << ' ' << seconds << ' ' << growth << '\n' << other << '\n' << error;
    const std::string msg = out.str();
    std::size_t done = 0;
    while (done < msg.size()) {
      const ssize_t n = ::write(fds[1], msg.data() + done, msg.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string got;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) got.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::filesystem::remove(path);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    o.other = "the reading process died (status " + std::to_string(status) + ")";
    return o;
  }
  std::istringstream in(got);
  in >> o.rows >> o.seconds >> o.growth_mb;
  in.ignore(1);
  std::getline(in, o.other);
  o.error.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return o;
}

// The read ended in the runtime_error naming the cap (`needle`), within
// kMaxGrowthMb of RSS growth.
void expect_refused(const std::string& what, const Outcome& o, std::string_view needle) {
  std::cout << "[ limits ] " << what << ": " << o.file_bytes << " bytes, " << o.seconds << " s, peak RSS growth "
            << o.growth_mb << " MB\n           " << o.error << "\n";
  EXPECT_EQ(o.other, "");
  EXPECT_NE(o.error.find(needle), std::string::npos) << o.error;
#if !defined(DJ_TEST_ASAN)
  // AddressSanitizer keeps freed memory in quarantine, so RSS says nothing
  // about the reader there; the bound is checked in the normal build.
  if (o.growth_mb >= 0) {
    EXPECT_LT(o.growth_mb, kMaxGrowthMb) << what;
  }
#endif
}

// ---- the four findings of tests/fuzz/findings/xlsx_bombs.py ----

// a) An element that never closes was buffered whole (205 KB → 259 MB).
TEST(XlsxLimits, AnUnclosedElementStopsAtOneMiB) {
  const std::string path = bomb("a-unclosed.xlsx", {"", kSheetHead + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>",
                                                    " ", 8u << 20, ""});
  expect_refused("unclosed <row>, 8 MiB", read_isolated(path), "larger than 1 MiB or never ends");
}

// The same at the script's size, 200 MiB of spaces: now a zip bomb by ratio.
TEST(XlsxLimits, AnUnclosedElementAsTheFuzzerFoundItIsStoppedAsAZipBomb) {
  const std::string path = bomb("a-unclosed-200.xlsx", {"", kSheetHead + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>",
                                                        " ", 200u << 20, ""});
  expect_refused("unclosed <row>, 200 MiB", read_isolated(path), "compression ratio");
}

// b) A 100 KB cell merged over A1:XFD1 was copied into 16,383 cells (1.4 KB → 1.6 GB).
TEST(XlsxLimits, AMergedCellOverExcelsLengthIsRefused) {
  const std::string path =
      bomb("b-merge-wide.xlsx",
           plain("", kSheetHead + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" + std::string(100 << 10, 'x') +
                         "</t></is></c></row></sheetData><mergeCells><mergeCell ref=\"A1:XFD1\"/></mergeCells></worksheet>"));
  expect_refused("100 KB cell merged over A1:XFD1", read_isolated(path), "cell A1 holds more than 32767 characters");
}

// …and one within Excel's length stops at the row's text cap.
TEST(XlsxLimits, AMergedCellCopiedPastTheRowCapIsRefused) {
  std::string text;
  for (int i = 0; i < 30000; ++i) text += "党";  // 90 KB; × 16,384 would be 1.4 GB
  const std::string path =
      bomb("b-merge-wide-cjk.xlsx",
           plain("", kSheetHead + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" + text +
                         "</t></is></c></row></sheetData><mergeCells><mergeCell ref=\"A1:XFD1\"/></mergeCells></worksheet>"));
  expect_refused("30,000 characters merged over A1:XFD1", read_isolated(path), "row 1 holds more than 16 MiB");
}

// c) 40 million <si/> became 40 million strings (307 KB → 2 GB, 34 s).
TEST(XlsxLimits, EmptySharedStringsStopAtTheCountCap) {
  const std::string path = bomb("c-empty-si.xlsx", plain("", kXml + "<worksheet " + kNs + "><sheetData/></worksheet>"),
                                RepeatedMember{"", kXml + "<sst " + kNs + ">", "<si/>", (200u << 20) / 5, "</sst>"});
  expect_refused("41,943,040 <si/>", read_isolated(path), "more than 4194304 shared strings");
}

// d) 8.7 million <mergeCell> each held a cell (510 KB → 1.4 GB, 19 s).
TEST(XlsxLimits, ManyMergedRangesStopAtTheCountCap) {
  const std::string path =
      bomb("d-many-merges.xlsx", {"", kSheetHead + "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData><mergeCells>",
                                  "<mergeCell ref=\"A1:B2\"/>", (200u << 20) / 24, "</mergeCells></worksheet>"});
  expect_refused("8,738,133 <mergeCell>", read_isolated(path), "more than 1000000 merged ranges");
}

// ---- the zip layer ----

TEST(XlsxLimits, AZipBombSheetStopsEarly) {
  // 10 GiB of zeros in a 10 MB file.
  const std::string path = bomb("zip-bomb.xlsx", {"", kSheetHead, std::string(1, '\0'), std::uint64_t{10} << 30, ""});
  const Outcome o = read_isolated(path);
  expect_refused("10 GiB of zeros", o, "compression ratio");
  EXPECT_LT(o.seconds, 30.0);  // ~0.2 s; minutes before the cap
}

TEST(XlsxLimits, APartOverOneGiBIsRefusedWhateverItsRatio) {
  // Zeros with a stray byte every ~600: ~200:1, under the ratio cap.
  std::string unit(1 << 16, ' ');
  std::uint32_t x = 12345;
  for (std::size_t i = 0; i < unit.size(); i += 400 + (x >> 24)) {
    x = x * 1103515245 + 12345;
    unit[i] = static_cast<char>('a' + (x >> 16) % 26);
  }
  const std::string path = bomb("gib.xlsx", {"", kSheetHead, unit, (std::uint64_t{1} << 30) / unit.size() + 1, ""});
  expect_refused("1 GiB at ~200:1", read_isolated(path), "more than 1 GiB");
}

// ---- others of the same kind ----

TEST(XlsxLimits, SharedStringsCopiedIntoEveryCellStopAtTheRowCap) {
  // One 30,000-character shared string used by all 16,384 cells of a row.
  std::string text(30000, 'y');
  const std::string path = bomb(
      "sst-wide.xlsx",
      {"", kSheetHead + "<row r=\"1\">", "<c t=\"s\"><v>0</v></c>", 16384, "</row></sheetData></worksheet>"},
      plain("", kXml + "<sst " + kNs + "><si><t>" + text + "</t></si></sst>"));
  expect_refused("a 30,000-character shared string in 16,384 cells", read_isolated(path), "more than 16 MiB");
}

TEST(XlsxLimits, ACellAtColumnXfdInEveryRowStopsAtTheSheetCellCap) {
  // Each row is 16,384 cells wide; 8,193 rows pass 2^27.
  const std::string path = bomb("xfd-rows.xlsx", {"", kSheetHead, "<row><c r=\"XFD1\"><v>1</v></c></row>",
                                                  (limits::kMaxSheetCells >> 14) + 1, "</sheetData></worksheet>"});
  expect_refused("8,193 rows reaching XFD", read_isolated(path), "more than 134217728 cells");
}

TEST(XlsxLimits, OverlappingMergesAreRefused) {
  // 20,000 copies of A1:XFD4 over four rows: 1.3 billion copies asked for.
  // Ranges that do not overlap cover a row 16,384 times at most.
  const std::string path = bomb(
      "merge-overlap.xlsx",
      {"", kSheetHead + "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"/><row r=\"3\"/><row r=\"4\"/>"
               "</sheetData><mergeCells>",
       "<mergeCell ref=\"A1:XFD4\"/>", 20000, "</mergeCells></worksheet>"});
  expect_refused("20,000 × A1:XFD4", read_isolated(path), "more than 16384 merged ranges cover row 1");
}

TEST(XlsxLimits, OverlappingMergesUnderTheirCapStopAtTheRowCap) {
  // 10,000 copies of A1:XFD1: every copy counts against the row's text,
  // overwritten or not.
  const std::string path = bomb(
      "merge-overlap-row.xlsx",
      {"", kSheetHead + "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData><mergeCells>",
       "<mergeCell ref=\"A1:XFD1\"/>", 10000, "</mergeCells></worksheet>"});
  expect_refused("10,000 × A1:XFD1", read_isolated(path), "row 1 holds more than 16 MiB");
}

TEST(XlsxLimits, EmptyRowsStopAtTheRowCap) {
  const std::string path =
      bomb("rows.xlsx", {"", kSheetHead, "<row/>", limits::kMaxRows + 1, "</sheetData></worksheet>"});
  expect_refused("2,097,153 <row/>", read_isolated(path), "more than 2097152 rows");
}

TEST(XlsxLimits, CellFormatsStopAtTheirCap) {
  const std::string path = bomb(
      "xf.xlsx", plain("", kSheetHead + "</sheetData></worksheet>"), {},
      RepeatedMember{"", kXml + "<styleSheet " + kNs + "><cellXfs>", "<xf numFmtId=\"14\"/>",
                     limits::kMaxCellFormats + 1, "</cellXfs></styleSheet>"});
  expect_refused("1,048,577 <xf>", read_isolated(path), "more than 1048576 cell formats");
}

TEST(XlsxLimits, NumberFormatsStopAtTheirCap) {
  const std::string path = bomb(
      "numfmt.xlsx", plain("", kSheetHead + "</sheetData></worksheet>"), {},
      RepeatedMember{"", kXml + "<styleSheet " + kNs + "><numFmts>", "<numFmt numFmtId=\"164\" formatCode=\"yyyy\"/>",
                     limits::kMaxNumberFormats + 1, "</numFmts></styleSheet>"});
  expect_refused("65,537 <numFmt>", read_isolated(path), "more than 65536 number formats");
}

TEST(XlsxLimits, SheetListsStopAtThePackageCap) {
  // 100,000 sheets with 200-character names: 20 MB of names.
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
  const std::string path = test::scratch("sheets.xlsx");
  test::write_zip_repeated(path, {
      plain("_rels/.rels", kXml + "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel +
                               "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
      {"xl/workbook.xml", kXml + "<workbook " + kNs + " xmlns:r=\"" + rel + "\"><sheets>",
       "<sheet name=\"" + std::string(200, 'n') + "\" sheetId=\"1\" r:id=\"rId1\"/>", 100000, "</sheets></workbook>"},
      plain("xl/_rels/workbook.xml.rels", kXml + "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" +
                                              rel + "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"),
      plain("xl/worksheets/sheet1.xml", kSheetHead + "</sheetData></worksheet>"),
  });
  expect_refused("100,000 sheets", read_isolated(path), "sheet list and relationships exceed 16 MiB");
}

// ---- real shapes at the edge are read ----

TEST(XlsxLimits, RealShapesAtTheEdgeAreRead) {
  std::string title;
  for (int i = 0; i < 300; ++i) title += "党";  // a 300-character title merged over the whole width
  std::string longest;
  for (std::size_t i = 0; i < limits::kMaxCellChars; ++i) longest += "简";  // Excel's longest cell, 96 KB
  std::string wide = "<row r=\"3\">";  // all 16,384 columns: ~600 KB of XML
  for (std::size_t c = 0; c < 16384; ++c) wide += "<c s=\"1\"><v>" + std::to_string(c) + ".25</v></c>";
  wide += "</row>";
  const std::string path = bomb(
      "edge.xlsx",
      plain("", kSheetHead + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" + title + "</t></is></c></row>" +
                    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>" + longest +
                    "</t></is></c></row>" + wide +
                    "</sheetData><mergeCells><mergeCell ref=\"A1:XFD1\"/></mergeCells></worksheet>"),
      plain("", kXml + "<sst " + kNs + "><si><t>" + longest + "</t></si></sst>"));
  const auto rows = test::xlsx_rows(path);
  std::filesystem::remove(path);
  ASSERT_EQ(rows.size(), 3u);
  ASSERT_EQ(rows[0].cells.size(), 16384u);
  EXPECT_EQ(rows[0].cells.back().text, title);
  EXPECT_TRUE(rows[0].cells.back().merged);
  EXPECT_EQ(rows[1].cells.at(0).text, longest);
  EXPECT_EQ(rows[1].cells.at(1).text, longest);
  ASSERT_EQ(rows[2].cells.size(), 16384u);
  EXPECT_EQ(rows[2].cells.back().text, "16383.25");

  // One character more is refused, as a shared string and inline.
  const std::string sst_path = bomb("too-long-sst.xlsx", plain("", kSheetHead + "</sheetData></worksheet>"),
                                    plain("", kXml + "<sst " + kNs + "><si><t>" + longest + "x</t></si></sst>"));
  EXPECT_NE(read_isolated(sst_path).error.find("a cell holds more than 32767"), std::string::npos);
  const std::string inline_path =
      bomb("too-long-inline.xlsx", plain("", kSheetHead + "<row r=\"7\"><c r=\"B7\" t=\"inlineStr\"><is><t>" +
                                                 longest + "x</t></is></c></row></sheetData></worksheet>"));
  EXPECT_NE(read_isolated(inline_path).error.find("cell B7 holds more than 32767"), std::string::npos);
}

// kMaxMerges itself is accepted: 200,000 rows with five merged ranges each
// (a roster merging cells on every row), in bounded memory.
TEST(XlsxLimits, AMillionMergedRangesAreRead) {
  constexpr int kRows = 200000;
  std::string rows, merges;
  for (int r = 1; r <= kRows; ++r) {
    const std::string n = std::to_string(r);
    rows += "<row r=\"" + n + "\"><c r=\"A" + n + "\"><v>" + n + "</v></c><c r=\"E" + n + "\" t=\"inlineStr\"><is><t>第" +
            std::to_string(r % 97) + "党支部</t></is></c></row>";
    for (const char* cols : {"A%:B%", "C%:D%", "E%:F%", "G%:H%", "I%:J%"}) {
      std::string ref(cols);
      for (std::size_t at; (at = ref.find('%')) != std::string::npos;) ref.replace(at, 1, n);
      merges += "<mergeCell ref=\"" + ref + "\"/>";
    }
  }
  const std::string path = test::scratch("million-merges.xlsx");
  {
    std::vector<std::pair<std::string, std::string>> parts;
    const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
    parts.emplace_back("_rels/.rels", kXml + "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" +
                                          rel + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    parts.emplace_back("xl/workbook.xml", kXml + "<workbook " + kNs + " xmlns:r=\"" + rel +
                                              "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
    parts.emplace_back("xl/_rels/workbook.xml.rels", kXml + "<Relationships xmlns=\"" + pkg +
                                                         "\"><Relationship Id=\"rId1\" Type=\"" + rel +
                                                         "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
    parts.emplace_back("xl/worksheets/sheet1.xml", kSheetHead + rows + "</sheetData><mergeCells count=\"1000000\">" +
                                                       merges + "</mergeCells></worksheet>");
    rows.clear();
    rows.shrink_to_fit();
    merges.clear();
    merges.shrink_to_fit();
    test::write_zip(path, parts);
  }
  const Outcome o = read_isolated(path);
  std::cout << "[ limits ] 1,000,000 merged ranges over 200,000 rows: " << o.file_bytes << " bytes, " << o.seconds
            << " s, peak RSS growth " << o.growth_mb << " MB\n";
  EXPECT_EQ(o.other, "");
  EXPECT_EQ(o.error, "");
  EXPECT_EQ(o.rows, kRows);
#if !defined(DJ_TEST_ASAN)
  if (o.growth_mb >= 0) {
    EXPECT_LT(o.growth_mb, kMaxGrowthMb);
  }
#endif
}

// <mergeCell ref="…"/> is read without pugixml (a million of them take
// seconds otherwise); the other shapes go through it and read the same.
TEST(XlsxLimits, MergeCellShapesReadAlike) {
  std::string rows;
  for (int r = 1; r <= 6; ++r)
    rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>" + std::to_string(r) +
            "</v></c></row>";
  const std::string path = bomb(
      "merge-shapes.xlsx",
      plain("", kSheetHead + rows +
                    "</sheetData><mergeCells><mergeCell ref=\"A1:B1\"/><x:mergeCell xmlns:x=\"urn:x\" ref=\"A2:B2\"/>"
                    "<mergeCell ref=\"A3:B3\" /><mergeCell ref = 'A4:B4'/><mergeCell/><mergeCell ref=\"\"/>"
                    "<mergeCell ref=\"A5:&#66;5\"/><mergeCell ref=\"A6\"/></mergeCells></worksheet>"));
  const auto got = test::xlsx_rows(path);
  std::filesystem::remove(path);
  ASSERT_EQ(got.size(), 6u);
  for (int r = 0; r < 5; ++r) {
    EXPECT_EQ(test::texts(got[r]), (std::vector<std::string>{std::to_string(r + 1), std::to_string(r + 1)})) << r;
    EXPECT_TRUE(got[r].cells[1].merged) << r;
  }
  EXPECT_EQ(test::texts(got[5]), std::vector<std::string>{"6"});  // ref="A6": no range
}

// The table keeps its text in 1 MiB blocks; entries that do not fit in what
// is left of one start the next. Long, short and empty entries all read back.
TEST(XlsxLimits, SharedStringsAcrossBlocksReadBack) {
  std::vector<std::string> texts;
  const char* const kChars[] = {"党", "员", "名", "册", "支", "部"};
  for (int i = 0; i < 150; ++i) {  // 50 × 96 KB: ~5 blocks
    std::string t;
    const std::size_t chars = i % 3 == 0 ? 32000 : i % 3 == 1 ? 7 : 0;  // 96 KB, 21 bytes, empty
    for (std::size_t k = 0; k < chars; ++k) t += kChars[(i + k) % 6];
    texts.push_back(t);
  }
  std::string sst = kXml + "<sst " + kNs + ">", rows;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    sst += texts[i].empty() && i % 2 ? "<si/>" : "<si><t>" + texts[i] + "</t></si>";
    rows += "<row r=\"" + std::to_string(i + 1) + "\"><c r=\"B" + std::to_string(i + 1) + "\" t=\"s\"><v>" +
            std::to_string(i) + "</v></c><c r=\"C" + std::to_string(i + 1) + "\"><v>" + std::to_string(i) +
            "</v></c></row>";
  }
  const std::string path = bomb("sst-blocks.xlsx", plain("", kSheetHead + rows + "</sheetData></worksheet>"),
                                plain("", sst + "</sst>"));
  const auto got = test::xlsx_rows(path);
  std::filesystem::remove(path);
  ASSERT_EQ(got.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    ASSERT_EQ(got[i].cells.size(), 3u) << i;
    EXPECT_EQ(got[i].cells[1].text, texts[i]) << i;
    EXPECT_EQ(got[i].cells[2].text, std::to_string(i)) << i;
  }
}

}  // namespace
}  // namespace dj::excel
