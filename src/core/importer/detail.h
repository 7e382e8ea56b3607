// Pieces shared by the files of dj_importer; not part of the public API.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/excel/reader.h"
#include "core/importer/importer.h"

namespace dj::importer::detail {

// 0 → "A", 25 → "Z", 26 → "AA": the letter Excel shows above a column.
std::string column_letter(std::size_t index);

// The cell after the generic cleaning of `kind` (see Clean in importer.h).
std::string clean(Clean kind, std::string_view cell);

// Finds the column a header text names, by label or alias, after
// normalize_header on both sides.
class HeaderNames {
 public:
  explicit HeaderNames(const std::vector<Column>& columns);
  // Index into the columns, or -1 when the header names none of them.
  int find(std::string_view header) const;

 private:
  std::unordered_map<std::string, int> index_;
};

// A row starting with 填报人、制表人、注：… (the signature block and notes
// under a table).
bool is_footer(const excel::SheetRow& row);

// Consumes the rows a reader delivers: finds the header, then turns the data
// rows into Records (see read_table). finish() reports a file without header.
class TableSink {
 public:
  TableSink(const std::vector<Column>& columns, const Options& options, Layout layout,
            const std::function<void(const Layout&)>& on_header,
            const std::function<void(const Record&)>& on_record,
            const std::function<void(const Repair&)>& on_repair);
  void row(const excel::SheetRow& row);
  void finish() const;

 private:
  void search_header(const excel::SheetRow& row);
  void take_header(const excel::SheetRow& row);
  void data(const excel::SheetRow& row);
  // Header-like cells of `row`: non-empty cells naming a column, not counting
  // the copies a horizontally merged cell leaves to its right.
  int count_header_cells(const excel::SheetRow& row) const;
  bool repeats_header(const excel::SheetRow& row) const;
  [[noreturn]] void fail_no_header() const;

  const std::vector<Column>& columns_;
  const Options& options_;
  Layout layout_;
  const std::function<void(const Layout&)>& on_header_;
  const std::function<void(const Record&)>& on_record_;
  const std::function<void(const Repair&)>& on_repair_;
  HeaderNames names_;
  int threshold_;                   // header-like cells that make a header row
  std::vector<int> file_col_;       // file column of each Column, -1 when absent
  bool have_header_ = false;
  int rows_searched_ = 0;
  bool footer_seen_ = false;
  std::int64_t data_rows_ = 0;
};

}  // namespace dj::importer::detail
