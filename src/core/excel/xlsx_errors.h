// The messages a user sees when an upload is not a readable .xlsx, and the
// check that tells an old .xls or an encrypted workbook from garbage.
#pragma once

#include <string>
#include <string_view>

namespace dj::excel::detail {

std::string not_xlsx_message();

// A cap of xlsx_limits.h that the file went past.
enum class Limit {
  part_bytes,           // kMaxPartBytes
  ratio,                // kMaxRatio
  element_bytes,        // kMaxElementBytes
  cell_chars,           // kMaxCellChars
  row_text,             // kMaxRowTextBytes
  rows,                 // kMaxRows
  sheet_cells,          // kMaxSheetCells
  sheet_text,           // kMaxSheetTextBytes
  shared_strings,       // kMaxSharedStrings
  shared_string_bytes,  // kMaxSharedStringBytes
  merges,               // kMaxMerges
  merged_text,          // kMaxMergedTextBytes
  merges_per_row,       // more merged ranges over one row than it has columns
  package_info,         // kMaxPackageInfoBytes
  cell_formats,         // kMaxCellFormats
  number_formats,       // kMaxNumberFormats
};
// "中文 / English", naming the cap. `where` places it when known: a cell
// ("B7") for cell_chars, a row number for row_text and merges_per_row.
std::string limit_message(Limit what, std::string_view where = {});
// Throws std::runtime_error(limit_message(what, where)).
[[noreturn]] void throw_limit(Limit what, std::string_view where = {});
// Throws std::runtime_error with the right message when the file at `path`
// is not a zip: an .xls, a password-protected .xlsx (also an OLE compound
// file), or anything else. Returns when it starts like a zip.
void check_xlsx_signature(const std::string& path);

}  // namespace dj::excel::detail
