// The .xlsx writer on libxlsxwriter. constant_memory mode streams each row
// to a temporary file as soon as the next one starts, so an export's memory
// does not grow with its length; the price is that rows must be written in
// order, which is all an export does.
#include "core/excel/excel.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/excel/text.h"
#include "core/log.h"

namespace dj::excel {
namespace {

constexpr std::size_t kCellMaxChars = 32767;     // Excel's limit for one cell
constexpr std::int64_t kExactDouble = 1LL << 53;  // larger integers lose digits as numbers
constexpr std::size_t kMinWidth = 8, kMaxWidth = 60;

std::string fail_text(const std::string& what_zh, const std::string& what_en, lxw_error err) {
  return what_zh + "：" + lxw_strerror(err) + " / " + what_en + ": " + lxw_strerror(err);
}

}  // namespace

struct Writer::Impl {
  std::string path;
  lxw_workbook* book = nullptr;
  lxw_format* bold = nullptr;
  lxw_worksheet* sheet = nullptr;
  std::string sheet_title;              // as asked for, for continuation sheets
  std::vector<std::string> headers;     // repeated on continuation sheets
  std::vector<std::size_t> widths;      // widest text seen per column, in display units
  std::set<std::string> used_names;     // lower-cased: Excel compares names case-insensitively
  lxw_row_t next_row = 0;
  int continuation = 1;

  void check(lxw_error err, const char* what_zh, const char* what_en) const {
    if (err == LXW_NO_ERROR) return;
    throw std::runtime_error(fail_text(std::string("写入 Excel 文件失败（") + what_zh + "）",
                                       std::string("writing the Excel file failed (") + what_en + ")", err));
  }

  std::string unique_name(const std::string& wanted) {
    std::string name = detail::sheet_name(wanted);
    auto key = [](std::string s) {
      for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      return s;
    };
    for (int n = 2; used_names.contains(key(name)); ++n)
      name = detail::with_suffix(detail::sheet_name(wanted), "(" + std::to_string(n) + ")");
    used_names.insert(key(name));
    return name;
  }

  // Column widths are only known once every row is written; libxlsxwriter
  // emits <cols> when the workbook is closed, so setting them last works
  // even in constant_memory mode.
  void finish_sheet() {
    if (!sheet) return;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const double w = static_cast<double>(std::clamp(widths[c] + 2, kMinWidth, kMaxWidth));
      check(worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w, nullptr),
            "列宽", "column width");
    }
    sheet = nullptr;
  }

  void start_sheet(const std::string& name) {
    finish_sheet();
    sheet = workbook_add_worksheet(book, unique_name(name).c_str());
    if (!sheet) throw std::runtime_error("无法新建工作表 " + name + " / cannot add worksheet " + name);
    widths.assign(headers.size(), 0);
    next_row = 0;
    for (std::size_t c = 0; c < headers.size(); ++c) write_string(c, headers[c], bold);
    if (!headers.empty()) {
      worksheet_freeze_panes(sheet, 1, 0);
      next_row = 1;
    }
  }

  void write_string(std::size_t col, const std::string& text, lxw_format* format) {
    // Valid text (nearly always) is written as it is; only broken or
    // over-long text is copied and repaired first.
    std::size_t width = 0;
    std::string repaired;
    const std::string* clean = &text;
    if (!detail::is_clean_utf8(text, kCellMaxChars, width)) {
      repaired = detail::clean_utf8(text, kCellMaxChars);
      width = detail::display_width(repaired);
      clean = &repaired;
    }
    if (col >= widths.size()) widths.resize(col + 1, 0);
    widths[col] = std::max(widths[col], std::min(width, kMaxWidth));
    // Always a string cell, never a formula: "=1+1" typed into a form stays
    // text in the export (no formula injection).
    check(worksheet_write_string(sheet, next_row, static_cast<lxw_col_t>(col), clean->c_str(), format),
          "文本单元格", "string cell");
  }

  void write_number(std::size_t col, double v, std::size_t shown_width) {
    if (col >= widths.size()) widths.resize(col + 1, 0);
    widths[col] = std::max(widths[col], shown_width);
    check(worksheet_write_number(sheet, next_row, static_cast<lxw_col_t>(col), v, nullptr), "数字单元格",
          "number cell");
  }
};

Writer::Writer(const std::string& path, const WriterOptions& wanted) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  lxw_workbook_options options{};
  options.constant_memory = wanted.shared_strings ? LXW_FALSE : LXW_TRUE;
  options.tmpdir = nullptr;        // the system's temporary directory
  options.use_zip64 = LXW_TRUE;    // exports past 4 GiB uncompressed stay valid
  impl_->book = workbook_new_opt(path.c_str(), &options);
  if (!impl_->book) throw std::runtime_error("无法创建 Excel 文件 " + path + " / cannot create Excel file " + path);
  impl_->bold = workbook_add_format(impl_->book);
  format_set_bold(impl_->bold);
}

Writer::~Writer() {
  if (!impl_->book) return;
  try {
    close();
  } catch (const std::exception& e) {
    log::error("excel close failed", {{"path", impl_->path}, {"error", e.what()}});
  }
}

void Writer::sheet(const std::string& name, const std::vector<std::string>& headers) {
  if (!impl_->book) throw std::logic_error("excel::Writer used after close()");
  impl_->sheet_title = name;
  impl_->headers = headers;
  impl_->continuation = 1;
  impl_->start_sheet(name);
}

void Writer::row(const std::vector<Cell>& cells) {
  auto& m = *impl_;
  if (!m.book) throw std::logic_error("excel::Writer used after close()");
  if (!m.sheet) throw std::logic_error("excel::Writer::row() before sheet()");
  // A sheet holds 1 048 576 rows; longer exports continue on "name(2)" with
  // the same headers instead of failing.
  if (m.next_row >= LXW_ROW_MAX)
    m.start_sheet(detail::with_suffix(m.sheet_title, "(" + std::to_string(++m.continuation) + ")"));
  for (std::size_t col = 0; col < cells.size(); ++col) {
    const Cell& cell = cells[col];
    if (const auto* i = std::get_if<std::int64_t>(&cell)) {
      const std::string digits = std::to_string(*i);
      if (*i > -kExactDouble && *i < kExactDouble) m.write_number(col, static_cast<double>(*i), digits.size());
      else m.write_string(col, digits, nullptr);  // an ID number must not become 1.23E+17
    } else if (const auto* d = std::get_if<double>(&cell)) {
      // NaN and infinities have no .xlsx representation; the cell stays blank.
      if (std::isfinite(*d)) {
        std::ostringstream shown;
        shown << *d;
        m.write_number(col, *d, shown.str().size());
      }
    } else if (const auto* s = std::get_if<std::string>(&cell)) {
      if (!s->empty()) m.write_string(col, *s, nullptr);
    }
  }
  ++m.next_row;
}

void Writer::close() {
  auto& m = *impl_;
  if (!m.book) return;
  lxw_workbook* book = m.book;
  m.book = nullptr;  // workbook_close frees it whatever happens
  try {
    m.finish_sheet();
  } catch (...) {
    workbook_close(book);
    throw;
  }
  const lxw_error err = workbook_close(book);
  if (err != LXW_NO_ERROR)
    throw std::runtime_error(fail_text("无法保存 Excel 文件 " + m.path, "cannot save Excel file " + m.path, err));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error("无法读取文件 " + path + " / cannot read file " + path);
  // Sized once: a stringstream would hold the file twice (its buffer and the
  // copy str() returns), 180 MB for a 1,000,000-member export.
  const std::streamoff size = in.tellg();
  if (size < 0) throw std::runtime_error("读取文件失败 " + path + " / reading file failed " + path);
  std::string out(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(out.data(), size)) throw std::runtime_error("读取文件失败 " + path + " / reading file failed " + path);
  return out;
}

}  // namespace dj::excel
