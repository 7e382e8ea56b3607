// Reading spreadsheets people upload (党员花名册 and the like): .xlsx and CSV.
// Both readers hand back rows of cells as the user sees them and leave the
// meaning (which row is the header, which column is 身份证号) to the caller;
// real files have title rows, footers (填报人/制表人) and numbers stored as
// text, and only the caller knows what it expects.
//
// Memory: rows are streamed. An .xlsx sheet is decompressed in 64 KiB chunks
// and parsed one <row> at a time, so memory does not grow with the number of
// rows; what does grow is the shared-string table (every distinct text in the
// workbook, packed into one buffer: its bytes + 4 bytes an entry) and the list
// of merged ranges (12 bytes each). Reading 100,000 rows measured 0.5 MB of
// RSS growth with inline strings and 3.6 MB with 200,000 distinct shared
// strings (tests/core/excel_reader's XlsxMemory tests print the figures). The
// sheet is decompressed twice: merged ranges are stored after the rows but
// needed while reading them.
//
// Limits: an .xlsx is a zip, and a few hundred KB of it can describe millions
// of elements or gigabytes of text, so read_xlsx / xlsx_sheet_names refuse,
// with a std::runtime_error naming the limit ("中文 / English", shown to the
// user by the import), a file that goes past any of these (xlsx_limits.h has
// the reasons for each figure; a 200,000 × 20 roster with long Chinese text
// and merged titles is far inside all of them):
//   - a zip member inflating past 1 GiB, or past 100 MiB at more than 250:1
//     (a zip bomb: gigabytes of zeros stop after ~0.2 s);
//   - one XML element (a <row>, an <si>, a start tag) over 1 MiB, or one that
//     never ends;
//   - a cell over 32,767 characters (Excel's own limit);
//   - over 16 MiB of text written into one row (shared strings and merged
//     copies included), over 2 GiB into one sheet, or over 134,217,728 cells
//     delivered in one sheet (1,048,576 rows × 128 columns, gaps and merged
//     copies included); over 2,097,152 <row> elements;
//   - over 4,194,304 shared strings or 256 MiB of shared-string text;
//   - over 1,000,000 merged ranges, over 16,384 of them covering one row (they
//     overlap), or 16 MiB of text held for the merged ranges covering one row;
//   - over 16 MiB of sheet names and relationships, 1,048,576 cell formats or
//     65,536 number formats.
// What the reader holds at once is thus bounded whatever the file: under
// 64 MB for every bomb the tests build, ~350 MB at the very worst (256 MiB of
// it shared-string text, which a 50 MB upload can legitimately hold).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dj::excel {

// (Not "Cell": that is the writer's cell variant in excel.h, and a caller
// may well include both.)
struct SheetCell {
  // What the user sees, as closely as practical: text as stored; numbers
  // without a trailing ".0" and to Excel's 15 significant digits; date-styled
  // numbers as "YYYY-MM-DD" (plus " HH:MM:SS" when there is a time of day,
  // or just "HH:MM:SS" below one day); booleans as TRUE/FALSE; errors as
  // Excel shows them (#N/A).
  std::string text;
  bool is_number = false;  // `number` holds the stored value (a date serial for dates)
  double number = 0;
  // The cell's number format shows a date or time (built-in formats 14–22,
  // 27–36, 45–47, 50–58, or a custom format with y/m/d tokens), so `number`
  // is an Excel serial day rather than a count.
  bool is_date_style = false;
  // The cell lies inside a merged range but is not its top-left cell; its
  // value was copied from that cell (see read_xlsx).
  bool merged = false;
};

struct SheetRow {
  std::int64_t row_number = 0;  // 1-based, as Excel (or a text editor, for CSV) shows it
  // cells[i] is column i (A = 0); gaps in the file are empty cells, so
  // positions are preserved. Trailing empty cells are dropped.
  std::vector<SheetCell> cells;
};

// Streams the rows of one worksheet of the .xlsx at `path`, calling `on_row`
// for each row that has at least one non-empty cell, in order.
//
// `sheet` names the worksheet; empty means the first visible one.
//
// Merged cells: every cell covered by a merged range gets the range's
// top-left value, with SheetCell::merged set. A title merged across the columns
// thus reads as one value repeated (cells[1..].merged all true), a header
// merged over two columns names both, and a 党支部 column merged down over
// its members gives each member its branch.
//
// Throws std::runtime_error (Chinese / English message) when the file is not
// an .xlsx, is an old .xls, is password-protected, goes past one of the
// limits above, or `sheet` is not in it. Rows already delivered stay
// delivered. An exception thrown by `on_row` propagates unchanged.
void read_xlsx(const std::string& path, const std::function<void(const SheetRow&)>& on_row,
               const std::string& sheet = "");

// The worksheet names of an .xlsx, in workbook order (for asking the user
// which sheet to import). Same errors as read_xlsx.
std::vector<std::string> xlsx_sheet_names(const std::string& path);

// Streams the records of CSV text (RFC 4180: quoted fields, "" for a quote,
// line breaks inside quotes, CRLF, LF or CR line ends). `utf8` must already
// be UTF-8 (a leading BOM is skipped). The delimiter — comma, tab or
// semicolon — is the one that occurs most often outside quotes in the first
// lines (comma on a tie). row_number is the line where the record starts;
// records whose fields are all empty (blank lines, ",,,") are skipped. All
// cells are text (is_number false): the caller decides what is a number, so
// an 18-digit ID can never lose digits here.
// Throws std::runtime_error when a quoted field is never closed.
void read_csv(std::string_view utf8, const std::function<void(const SheetRow&)>& on_row);

}  // namespace dj::excel
