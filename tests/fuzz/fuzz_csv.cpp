// CSV upload path: raw bytes → text::detect_encoding / text::decode (GBK,
// UTF-8, BOM) → excel::read_csv → text::clean_cell on every cell.
//
// Findings are crashes and sanitizer reports, any exception other than the
// documented std::runtime_error for an unclosed quote, and a broken contract
// (checked with __builtin_trap so libFuzzer saves the input):
//  - decode() and clean_cell() always return valid UTF-8;
//  - detect_encoding() says utf8 only for valid UTF-8, utf8_bom only after a BOM;
//  - rows come in increasing row_number order, from line 1, and never end
//    with an empty cell.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/excel/reader.h"
#include "core/text/text.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dj;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  const text::Encoding enc = text::detect_encoding(bytes);
  if (enc == text::Encoding::utf8) check(text::valid_utf8(bytes));
  if (enc == text::Encoding::utf8_bom) check(bytes.starts_with("\xEF\xBB\xBF"));

  const std::string utf8 = text::decode(bytes);
  check(text::valid_utf8(utf8));

  std::size_t cells = 0;
  std::int64_t last_row = 0;
  try {
    excel::read_csv(utf8, [&](const excel::SheetRow& row) {
      check(row.row_number > last_row);
      last_row = row.row_number;
      check(!row.cells.empty() && !row.cells.back().text.empty());
      for (const excel::SheetCell& cell : row.cells) {
        check(!cell.is_number && !cell.is_date_style && !cell.merged);
        ++cells;
        const text::Cleaned cleaned = text::clean_cell(cell.text);
        check(text::valid_utf8(cleaned.value));
      }
    });
  } catch (const std::runtime_error&) {
    // Documented: a quoted field that is never closed.
  }
  // The reader must not depend on the bytes being valid UTF-8 either
  // (read_csv is public and takes any string_view).
  try {
    excel::read_csv(bytes, [&](const excel::SheetRow& row) { cells += row.cells.size(); });
  } catch (const std::runtime_error&) {
  }
  // Keep the count observable so the loops are not optimised away.
  volatile std::size_t sink = cells;
  (void)sink;
  return 0;
}
