// Tabular import: the part of "import a messy spreadsheet" that does not
// depend on what is being imported (党员花名册, the organisation tree, later
// modules' lists). It opens an .xlsx or CSV (UTF-8 with or without BOM, or
// GBK — detected), finds the header row below title rows, maps header names
// and their variants to the caller's columns, skips footers (填报人/制表人…),
// applies the safe generic repairs (full-width characters, leading
// apostrophes, tabs, stray spaces) and hands each data row to the caller with
// the row number the user sees in Excel or a text editor. The caller applies
// its domain rules and fills in the Report; Report renders as JSON and .xlsx.
#pragma once

#include <boost/json/value.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dj::importer {

// How the generic cleaning treats a column's cells. Every change, even a
// trimmed space, is reported as a repair (row, field, from, to), so the user
// can see exactly what the import did to the file.
enum class Clean {
  text,     // fold full-width ASCII (１２３ → 123, ＡＢ → AB, 全角空格 → space), drop a leading
            // apostrophe, turn tabs/line breaks into spaces, collapse runs of spaces, trim
  compact,  // as text, then remove every space: IDs, phone numbers, codes, dates,
            // and Chinese personal names ("张  三" is 张三 aligned by hand)
  raw,      // trim only (free text where inner spacing matters)
};

struct Column {
  std::string key;                   // stable English field name used in reports: "id_number"
  std::string label;                 // the canonical Chinese header: "身份证号"
  std::vector<std::string> aliases;  // other header texts: "公民身份号码", "身份证号码", "身份证"
  bool required = false;             // header must be present (the file is refused without it)
  Clean clean = Clean::text;
};

// One data row, values indexed like the `columns` passed to read_table.
struct Cell {
  std::string value;        // after the generic cleaning
  std::string original;     // as the reader gave it (for "from" in repairs)
  bool is_number = false;   // an .xlsx numeric cell (an ID stored as a number lost digits)
  bool is_date_style = false;
  bool present = false;     // the column exists in the file
};

struct Record {
  std::int64_t row = 0;     // as the user sees it: the Excel row, or the CSV line
  std::vector<Cell> cells;  // cells[i] belongs to columns[i]
};

struct Repair {
  std::int64_t row = 0;
  std::string field;   // Column::key
  std::string from, to;
};

struct Rejection {
  std::int64_t row = 0;
  std::string field;   // Column::key, or "" when about the row as a whole
  std::string code;    // stable English code: "id_checksum", "duplicate_in_file", ...
  std::string message; // Chinese, says what is wrong and how to fix it
};

// What the header search found, for the report and for messages.
struct Layout {
  std::string format;          // "xlsx" | "csv"
  std::string encoding;        // "utf-8" | "utf-8-bom" | "gbk" (CSV), "" for xlsx
  std::string sheet;           // worksheet read (xlsx)
  std::int64_t header_row = 0;
  // Header text as found in the file for each column ("" when absent), and
  // the spreadsheet column letter ("E").
  std::vector<std::string> headers;
  std::vector<std::string> letters;
  std::vector<std::string> ignored_headers;  // headers in the file that map to no column
};

struct Progress {
  std::atomic<std::int64_t> rows{0};        // data rows handed to the caller so far
  std::atomic<std::int64_t> bytes_done{0};  // CSV: bytes consumed; xlsx: 0
  std::atomic<std::int64_t> bytes_total{0}; // CSV: file size; xlsx: 0
};

struct Options {
  std::string sheet;             // xlsx worksheet name, "" = the first visible one
  std::int64_t max_rows = 200000;  // more data rows than this: the file is refused (ApiError 422)
  int header_search_rows = 30;   // the header must start within this many non-empty rows
  Progress* progress = nullptr;
};

// Reads `path` (format detected from its bytes, not its name) and calls
// `on_header` once with the layout, then `on_record` for each data row in
// order, and `on_repair` for each generic repair (in row order, before that
// row's on_record). Blank rows, repeated header rows and footers are skipped.
//
// Throws dj::ApiError(422) with a Chinese message for: an old .xls, a
// password-protected or corrupt workbook, an empty file, no recognisable
// header row ("未找到表头行…，应包含：姓名、身份证号…"), a missing required
// column ("缺少必需的列“身份证号”"), two file columns mapping to the same
// column, more than max_rows data rows.
// ApiError codes: "xls_format", "encrypted_workbook", "empty_file",
// "file_too_large" (CSV over 200 MiB), "unreadable_file" (the reader's own
// message: corrupt zip, unknown sheet, unclosed CSV quote), "no_header",
// "missing_column" / "duplicate_column" (field = the Column's key),
// "too_many_rows". Exceptions thrown by the callbacks propagate unchanged.
void read_table(const std::string& path, const std::vector<Column>& columns, const Options& options,
                const std::function<void(const Layout&)>& on_header,
                const std::function<void(const Record&)>& on_record,
                const std::function<void(const Repair&)>& on_repair);

// Normalises a header cell for matching: removes spaces, line breaks, '*',
// '＊', "(必填)"/"（必填）"/"（选填）" and trailing '：'/':'; folds full width.
std::string normalize_header(std::string_view header);

// The report every import returns (dry run or real). Counts say what a real
// run did or, for a dry run, would do.
struct Report {
  bool dry_run = true;
  bool all_or_nothing = false;
  bool applied = false;         // rows were written
  std::int64_t rows = 0;        // data rows read
  std::int64_t imported = 0;    // new records
  std::int64_t updated = 0;     // existing records changed
  std::int64_t unchanged = 0;   // existing records identical to the row
  std::vector<Repair> repaired;
  std::vector<Rejection> rejected;
  std::vector<std::string> notes;  // Chinese remarks ("全部或全不导入：因有被拒绝的行，未导入任何数据")
  Layout layout;

  // {"dry_run","all_or_nothing","applied","rows","imported","updated","unchanged",
  //  "rejected_rows" (distinct rows rejected), "repaired":[{row,field,label,column,from,to}],
  //  "rejected":[{row,field,label,column,code,message}], "notes":[...],
  //  "layout":{format,encoding,sheet,header_row,headers:{key:header},ignored_headers}}
  // `columns` gives each field its Chinese label and file column letter.
  // Lists longer than max_items are cut and "repaired_total"/"rejected_total" say how many.
  boost::json::value to_json(const std::vector<Column>& columns, std::size_t max_items = 100000) const;

  // The report as an .xlsx the user can download and fix from: sheet 汇总
  // (counts and notes), sheet 被拒绝的行 (行号, 列, 字段, 原因, 代码), sheet 已修正
  // (行号, 列, 字段, 原值, 修正为). Written with the constant-memory writer.
  void write_xlsx(const std::string& path, const std::vector<Column>& columns) const;

  std::int64_t rejected_rows() const;  // distinct row numbers in `rejected`
};

// The same workbook from a report's JSON (Report::to_json), e.g. a finished
// job's stored result.
void write_report_xlsx(const boost::json::value& report, const std::string& path);

// A blank import template: sheet 1 has the columns' labels as headers (required ones marked
// with *), an example row when `example` is not empty, and text format on every column so
// IDs keep their digits; sheet 填写说明 has `instructions`, one line per row.
void write_template(const std::string& path, const std::string& sheet_name, const std::vector<Column>& columns,
                    const std::vector<std::string>& example, const std::vector<std::string>& instructions);

}  // namespace dj::importer
