// From the rows a reader delivers to Records: the header search below title
// rows, the column mapping and its errors, and the skipping of blank rows,
// repeated headers (multi-page prints) and footers.
#include <algorithm>
#include <string>
#include <utility>

#include "core/error.h"
#include "core/importer/detail.h"
#include "core/text/text.h"

namespace dj::importer::detail {
namespace {

const excel::SheetCell kNoCell{};

const excel::SheetCell& cell_at(const excel::SheetRow& row, int col) {
  if (col < 0 || static_cast<std::size_t>(col) >= row.cells.size()) return kNoCell;
  return row.cells[static_cast<std::size_t>(col)];
}

// A merged range copies its value into every cell it covers. Copies to the
// right of the same text are one header (or one title) seen many times, not
// separate columns; a copy from above (a header merged down over two header
// rows) is a real header of its own column.
bool horizontal_copy(const excel::SheetRow& row, std::size_t i) {
  return row.cells[i].merged && i > 0 && row.cells[i - 1].text == row.cells[i].text;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : "、") + s;
  return out;
}

}  // namespace

TableSink::TableSink(const std::vector<Column>& columns, const Options& options, Layout layout,
                     const std::function<void(const Layout&)>& on_header,
                     const std::function<void(const Record&)>& on_record,
                     const std::function<void(const Repair&)>& on_repair)
    : columns_(columns), options_(options), layout_(std::move(layout)), on_header_(on_header),
      on_record_(on_record), on_repair_(on_repair), names_(columns),
      // One column recognised is too weak a sign for a header (a title could
      // be "姓名"), unless the caller only has one column.
      threshold_(static_cast<int>(std::min<std::size_t>(2, std::max<std::size_t>(columns.size(), 1)))),
      file_col_(columns.size(), -1) {}

void TableSink::row(const excel::SheetRow& row) {
  if (have_header_) data(row);
  else search_header(row);
}

void TableSink::finish() const {
  if (!have_header_) fail_no_header();
}

int TableSink::count_header_cells(const excel::SheetRow& row) const {
  int n = 0;
  for (std::size_t i = 0; i < row.cells.size(); ++i)
    if (!horizontal_copy(row, i) && names_.find(row.cells[i].text) >= 0) ++n;
  return n;
}

void TableSink::search_header(const excel::SheetRow& row) {
  // Readers deliver only non-empty rows, so every row counts as searched.
  if (++rows_searched_ > options_.header_search_rows) fail_no_header();
  if (count_header_cells(row) >= threshold_) take_header(row);
}

void TableSink::fail_no_header() const {
  std::vector<std::string> labels;
  for (const auto& c : columns_) labels.push_back(c.label);
  const std::string expected = "表头应包含：" + quoted_list(labels) + "。";
  if (rows_searched_ == 0)
    throw ApiError(422, "no_header", "文件中没有任何内容，请检查是否选错了文件或工作表。" + expected);
  const std::string enough = threshold_ > 1 ? "至少两个可识别的列名" : "可识别的列名";
  throw ApiError(422, "no_header",
                 "未找到表头行：前 " + std::to_string(options_.header_search_rows) + " 个非空行中没有一行包含" +
                     enough + "。" + expected + "请检查表头文字，或下载导入模板对照填写。");
}

void TableSink::take_header(const excel::SheetRow& row) {
  layout_.header_row = row.row_number;
  layout_.headers.assign(columns_.size(), "");
  layout_.letters.assign(columns_.size(), "");
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    const std::string& text = row.cells[i].text;
    if (text::clean_cell(text).value.empty() || horizontal_copy(row, i)) continue;
    const int col = names_.find(text);
    if (col < 0) {
      layout_.ignored_headers.push_back(text);
      continue;
    }
    const auto c = static_cast<std::size_t>(col);
    if (file_col_[c] >= 0) {
      const std::string first = column_letter(static_cast<std::size_t>(file_col_[c]));
      throw ApiError(422, "duplicate_column",
                     "表头（第 " + std::to_string(row.row_number) + " 行）中 " + first + " 列“" + layout_.headers[c] +
                         "”和 " + column_letter(i) + " 列“" + text + "”都对应“" + columns_[c].label +
                         "”，请删除或改名其中一列。",
                     columns_[c].key);
    }
    file_col_[c] = static_cast<int>(i);
    layout_.headers[c] = text;
    layout_.letters[c] = column_letter(i);
  }

  std::vector<std::string> missing;
  std::string first_missing_key;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (!columns_[c].required || file_col_[c] >= 0) continue;
    std::string m = "缺少必需的列“" + columns_[c].label + "”";
    if (!columns_[c].aliases.empty()) m += "（也可写作：" + quoted_list(columns_[c].aliases) + "）";
    missing.push_back(std::move(m));
    if (first_missing_key.empty()) first_missing_key = columns_[c].key;
  }
  if (!missing.empty()) {
    std::string message;
    for (const auto& m : missing) message += (message.empty() ? "" : "；") + m;
    throw ApiError(422, "missing_column",
                   message + "。表头在第 " + std::to_string(row.row_number) + " 行，请补上该列或改正列名。",
                   first_missing_key);
  }
  have_header_ = true;
  if (on_header_) on_header_(layout_);
}

bool TableSink::repeats_header(const excel::SheetRow& row) const {
  // Printed rosters repeat the header on every page; a row where each filled
  // column holds a name of that same column is such a repeat.
  int same = 0;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (file_col_[c] < 0) continue;
    const std::string& text = cell_at(row, file_col_[c]).text;
    if (normalize_header(text).empty()) continue;
    if (names_.find(text) != static_cast<int>(c)) return false;
    ++same;
  }
  return same >= threshold_;
}

void TableSink::data(const excel::SheetRow& row) {
  if (is_footer(row)) {
    footer_seen_ = true;
    return;
  }
  if (repeats_header(row)) return;

  Record record;
  record.row = row.row_number;
  record.cells.resize(columns_.size());
  int filled = 0;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    Cell& cell = record.cells[c];
    if (file_col_[c] < 0) continue;
    const excel::SheetCell& in = cell_at(row, file_col_[c]);
    cell.present = true;
    cell.original = in.text;
    cell.value = clean(columns_[c].clean, in.text);
    cell.is_number = in.is_number;
    cell.is_date_style = in.is_date_style;
    if (!cell.value.empty()) ++filled;
  }
  if (filled == 0) return;  // blank in every column we read (other columns may hold notes)
  // Notes under a footer ("1. 身份证号请填写18位") often spill into a
  // second column; a row that fills fewer than two columns there is not data.
  if (footer_seen_ && filled < threshold_) return;

  if (++data_rows_ > options_.max_rows)
    throw ApiError(422, "too_many_rows",
                   "文件的数据行超过了 " + std::to_string(options_.max_rows) +
                       " 行的上限，请把文件拆分成几个较小的文件分别导入。");
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    const Cell& cell = record.cells[c];
    if (cell.present && cell.value != cell.original && on_repair_)
      on_repair_({record.row, columns_[c].key, cell.original, cell.value});
  }
  if (options_.progress) ++options_.progress->rows;
  if (on_record_) on_record_(record);
}

}  // namespace dj::importer::detail
