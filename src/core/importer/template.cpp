// write_template: a blank import file. Written with libxlsxwriter directly
// because the product's Writer has no column formats, and the text format
// ("@") is the point: typed into a text column, an 18-digit ID keeps its
// digits instead of becoming 3.20402E+17.
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "core/excel/text.h"
#include "core/importer/importer.h"

namespace dj::importer {
namespace {

constexpr std::size_t kCellMaxChars = 32767;

class Book {
 public:
  explicit Book(const std::string& path) : book_(workbook_new(path.c_str())) {
    if (!book_) throw std::runtime_error("无法创建模板文件 " + path + " / cannot create template " + path);
  }
  ~Book() {
    if (book_) workbook_close(book_);
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;

  lxw_workbook* get() { return book_; }
  lxw_worksheet* sheet(const std::string& name) {
    lxw_worksheet* s = workbook_add_worksheet(book_, excel::detail::sheet_name(name).c_str());
    if (!s) throw std::runtime_error("无法新建工作表 " + name + " / cannot add worksheet " + name);
    return s;
  }
  void check(lxw_error err) const {
    if (err != LXW_NO_ERROR)
      throw std::runtime_error(std::string("写入模板失败：") + lxw_strerror(err) + " / writing the template failed: " +
                               lxw_strerror(err));
  }
  void close() {
    lxw_workbook* b = book_;
    book_ = nullptr;  // workbook_close frees it whatever the outcome
    check(workbook_close(b));
  }

 private:
  lxw_workbook* book_;
};

std::string cell_text(const std::string& s) { return excel::detail::clean_utf8(s, kCellMaxChars); }

}  // namespace

void write_template(const std::string& path, const std::string& sheet_name, const std::vector<Column>& columns,
                    const std::vector<std::string>& example, const std::vector<std::string>& instructions) {
  Book book(path);
  // Built-in format 49 is "@" (Text), the one Excel's 设置单元格格式 → 文本 sets.
  constexpr std::uint8_t kTextFormat = 49;
  lxw_format* text = workbook_add_format(book.get());
  format_set_num_format_index(text, kTextFormat);
  lxw_format* header = workbook_add_format(book.get());
  format_set_bold(header);
  format_set_num_format_index(header, kTextFormat);

  lxw_worksheet* sheet = book.sheet(sheet_name);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto col = static_cast<lxw_col_t>(i);
    const std::string label = (columns[i].required ? "*" : "") + columns[i].label;
    // Wide enough for the header or the example, whichever is longer; an
    // 18-digit ID needs about 20.
    std::size_t width = excel::detail::display_width(label);
    if (i < example.size()) width = std::max(width, excel::detail::display_width(example[i]));
    book.check(worksheet_set_column(sheet, col, col, static_cast<double>(std::clamp<std::size_t>(width + 4, 10, 60)),
                                    text));
    book.check(worksheet_write_string(sheet, 0, col, cell_text(label).c_str(), header));
    if (i < example.size() && !example[i].empty())
      book.check(worksheet_write_string(sheet, 1, col, cell_text(example[i]).c_str(), text));
  }
  worksheet_freeze_panes(sheet, 1, 0);

  lxw_worksheet* help = book.sheet("填写说明");
  book.check(worksheet_set_column(help, 0, 0, 100, nullptr));
  for (std::size_t r = 0; r < instructions.size(); ++r)
    book.check(worksheet_write_string(help, static_cast<lxw_row_t>(r), 0, cell_text(instructions[r]).c_str(), nullptr));
  book.close();
}

}  // namespace dj::importer
