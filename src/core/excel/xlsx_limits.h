// The caps that keep read_xlsx / xlsx_sheet_names bounded in memory and time
// whatever the upload holds. An .xlsx is a zip of XML, and deflate packs
// repetitive XML up to ~1000:1, so a 300 KB upload can describe 40 million
// shared strings, an element that never ends, or one cell copied into
// 16,384 merged columns. Each cap below is far above what a real roster
// needs (the yardstick: 200,000 members × 20 columns, long Chinese text in
// 备注/简历 columns, a title merged over the whole width, a 党支部 column
// merged down over its members) and turns the rest into the reader's usual
// std::runtime_error, which the import shows as 422 "unreadable_file" with
// the message (xlsx_errors.h: limit_message).
//
// What the reader can hold at once, all caps reached together: shared
// strings (256 MiB of text in 1 MiB blocks + 16 MiB for 4 bytes an entry) +
// merged ranges (12 MiB, and 16 MiB of values for those over the current
// row) + the package (16 MiB) and styles (4 MiB) + one row (16 MiB of text;
// its XML ≤ 1 MiB, whose pugixml DOM is ≤ ~26 MiB) + the part being inflated
// (64 KiB): ~350 MB at the very worst, of which 256 MiB only for shared-string
// text that a 50 MB upload can legitimately hold. Every bomb measured in
// tests/core/excel_reader/xlsx_limits_test.cpp stays under 64 MB of RSS
// growth.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dj::excel::detail {

// ---- the zip (zip_source.cpp) ----

// Bytes one part may inflate to. A 200,000 × 20 roster's sheet is ~150–400 MB
// of XML (inline strings with long text at the top end); 1 GiB also bounds
// the time spent on a part (the sheet is inflated twice, ~1–2 s each).
inline constexpr std::uint64_t kMaxPartBytes = std::uint64_t{1} << 30;
// Past kRatioCheckFrom inflated bytes, a part that has inflated more than
// kMaxRatio times the compressed bytes read so far is refused. Sheets as
// writers produce them compress 5–30:1 (a 200,000-row roster measured 9–15:1:
// cell references such as r="T123456" change on every cell); even a million
// identical rows without references stay near 400:1. The classic zip bomb
// (gigabytes of zeros) is at deflate's ceiling of ~1032:1 but measures only
// ~900:1 at 100 MiB, because minizip reads compressed data 16 KiB ahead: a
// cap of 1000:1 would let it run to ~500 MiB, 250:1 stops it at 100 MiB.
// Checked only past 100 MiB, so small parts with a lucky ratio (an empty
// sheet, a repetitive styles part) are never refused.
inline constexpr std::uint64_t kRatioCheckFrom = std::uint64_t{100} << 20;
inline constexpr std::uint64_t kMaxRatio = 250;

// ---- XML (xml_scan.cpp) ----

// Bytes of one element (a <row>, an <si>, a start tag) held while waiting
// for its end. A row of Excel's maximum 16,384 numeric cells is ~750 KB with
// references and styles; a 20-column row of inline text at 10,000 Chinese
// characters a cell ~600 KB (Excel itself writes text as shared strings,
// so its rows are far smaller).
// pugixml's DOM of an element is at most ~26× its text (<c/> is 4 bytes, its
// node 64), so a row never costs more than ~30 MB to parse.
inline constexpr std::size_t kMaxElementBytes = std::size_t{1} << 20;

// ---- cells and rows (xlsx_reader.cpp) ----

// Characters in one cell (a shared string, an inline string, a formula's
// text result): Excel's own limit, which no file Excel saved exceeds.
inline constexpr std::size_t kMaxCellChars = 32767;
// Text written into one row, counted at each write: its own cells, the
// shared strings they refer to and the values copied into merged cells. 20
// columns of 32,767-character Chinese text are 2 MB; a 300-character
// (900-byte) title merged over all 16,384 columns is ~15 MB.
inline constexpr std::size_t kMaxRowTextBytes = std::size_t{16} << 20;
// <row> elements in one sheet: Excel's own maximum (1,048,576) twice over, for
// writers that emit extra empty rows. Bounds the time spent on a sheet of
// `<row/>` (each row is parsed on its own).
inline constexpr std::uint64_t kMaxRows = std::uint64_t{2} << 20;
// Cells delivered in one sheet (every row's cells.size(), gaps included)
// plus merged copies made: 1,048,576 rows × 128 columns. A 200,000 × 20
// roster is 4 million. Without it one cell at column XFD in each of a few
// million rows (or a merge over A1:XFD1048576) is hours of copying.
inline constexpr std::uint64_t kMaxSheetCells = std::uint64_t{1} << 27;
// Bytes of text written into the cells of one sheet, counted at each write
// (a shared string copied into a cell, a merged copy): 1,048,576 rows × 20
// cells of 100 bytes. A roster of 200,000 × 20 is ~100–400 MB. Bounds the
// time spent copying a 32,767-character shared string into every cell.
inline constexpr std::uint64_t kMaxSheetTextBytes = std::uint64_t{2} << 30;

// ---- shared strings (xlsx_reader.cpp) ----

// Entries of the shared-string table: one per distinct text of the whole
// workbook as Excel writes it; 4,194,304 is more than one per cell of a
// 200,000 × 20 roster even from a writer that does not deduplicate.
// The table keeps 4 bytes an entry besides the text.
inline constexpr std::size_t kMaxSharedStrings = std::size_t{4} << 20;
// Bytes of text in the table: 4 million 60-byte strings.
inline constexpr std::size_t kMaxSharedStringBytes = std::size_t{256} << 20;

// ---- merged ranges (xlsx_reader.cpp) ----

// <mergeCell> elements in one sheet (each kept as 12 bytes): five per row of
// a 200,000-row roster. Real rosters merge a title, header cells and a
// 党支部/单位 column per group, i.e. hundreds to thousands.
inline constexpr std::size_t kMaxMerges = 1000000;
// Text held at once for the merged ranges covering the current row (each
// range keeps its top-left value until its last row): a 党支部 name per
// merged column, a title. Those ranges are also at most 16,384, one per
// column, as ranges Excel makes never overlap (Limit::merges_per_row).
inline constexpr std::size_t kMaxMergedTextBytes = std::size_t{16} << 20;

// ---- the package (xlsx_reader.cpp) ----

// Bytes kept from the relationship parts and workbook.xml: sheet names,
// relationship ids and targets (~200 bytes a sheet; 80,000 sheets).
inline constexpr std::size_t kMaxPackageInfoBytes = std::size_t{16} << 20;
// Cell formats (<xf> in cellXfs; Excel's limit is 64,000) and custom number
// formats (<numFmt>; Excel's limit is ~250) read from styles.xml.
inline constexpr std::size_t kMaxCellFormats = std::size_t{1} << 20;
inline constexpr std::size_t kMaxNumberFormats = std::size_t{1} << 16;

}  // namespace dj::excel::detail
