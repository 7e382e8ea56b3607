// Roster import end to end: bytes → a file → importer::read_table (file type
// sniffing, .xls/encrypted refusal, CSV decoding, the .xlsx and CSV readers,
// header search, column mapping, footers, generic cleaning, repairs).
//
// The columns are the roster's shape (required 姓名/身份证号/入党日期,
// aliases, each Clean kind) but defined here, so the target links
// dj_importer only and not the member module.
//
// Findings: crashes and sanitizer reports; any exception other than the
// documented dj::ApiError(422) with one of its codes (a std::runtime_error
// from a reader that escapes unwrapped is a finding too); out-of-memory; and
// broken contracts (trap): on_header exactly once and before any record or
// repair, records sized like the columns, absent cells empty, cleaned cells
// valid UTF-8 (compact ones without spaces), repairs that change something,
// CSV records in line order below the header, no more than max_rows records.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/importer/importer.h"
#include "core/text/text.h"

namespace {

using dj::importer::Clean;
using dj::importer::Column;

int g_fd = -1;
std::string g_path;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

const std::vector<Column>& columns() {
  static const std::vector<Column> cols = {
      {"seq", "序号", {"编号"}, false, Clean::compact},
      {"name", "姓名", {"党员姓名", "名字"}, true, Clean::compact},
      {"sex", "性别", {}, false, Clean::compact},
      {"id_number", "身份证号", {"公民身份号码", "身份证号码", "身份证"}, true, Clean::compact},
      {"birth_date", "出生日期", {"出生年月"}, false, Clean::compact},
      {"join_date", "入党日期", {"入党时间"}, true, Clean::compact},
      {"status", "人员类别", {"党员状态", "类别"}, false, Clean::compact},
      {"post", "职务", {"现任职务"}, false, Clean::text},
      {"org", "所在支部", {"党支部", "支部"}, false, Clean::text},
      {"note", "备注", {"说明"}, false, Clean::raw},
  };
  return cols;
}

constexpr std::int64_t kMaxRows = 500;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_fd = memfd_create("fuzz_import", 0);
  if (g_fd < 0) {
    std::perror("memfd_create");
    std::abort();
  }
  g_path = "/proc/self/fd/" + std::to_string(g_fd);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (ftruncate(g_fd, 0) != 0 || pwrite(g_fd, data, size, 0) != static_cast<ssize_t>(size)) std::abort();
  const auto& cols = columns();
  dj::importer::Options options;
  options.max_rows = kMaxRows;
  options.header_search_rows = 10;
  dj::importer::Progress progress;
  options.progress = &progress;

  int headers = 0;
  dj::importer::Layout layout;
  std::int64_t records = 0, last_row = 0;
  try {
    dj::importer::read_table(
        g_path, cols, options,
        [&](const dj::importer::Layout& l) {
          check(++headers == 1);
          check(l.format == "xlsx" || l.format == "csv");
          if (l.format == "csv") check(l.encoding == "utf-8" || l.encoding == "utf-8-bom" || l.encoding == "gbk");
          check(l.headers.size() == cols.size() && l.letters.size() == cols.size());
          for (std::size_t c = 0; c < cols.size(); ++c) {
            if (cols[c].required) check(!l.headers[c].empty() && !l.letters[c].empty());
            check(l.headers[c].empty() == l.letters[c].empty());
          }
          layout = l;
        },
        [&](const dj::importer::Record& r) {
          check(headers == 1);
          check(++records <= kMaxRows);
          check(r.cells.size() == cols.size());
          if (layout.format == "csv") {
            check(r.row > layout.header_row && r.row > last_row);
            last_row = r.row;
          }
          bool filled = false;
          for (std::size_t c = 0; c < cols.size(); ++c) {
            const dj::importer::Cell& cell = r.cells[c];
            check(cell.present == !layout.headers[c].empty());
            if (!cell.present) check(cell.value.empty() && cell.original.empty() && !cell.is_number);
            if (cols[c].clean != Clean::raw) check(dj::text::valid_utf8(cell.value));
            if (cols[c].clean == Clean::compact) check(cell.value.find(' ') == std::string::npos);
            filled = filled || !cell.value.empty();
          }
          check(filled);
        },
        [&](const dj::importer::Repair& rep) {
          check(headers == 1);
          check(rep.from != rep.to);
          check(rep.row >= last_row);
        });
  } catch (const dj::ApiError& e) {
    static const std::set<std::string> kCodes = {"xls_format",    "encrypted_workbook", "empty_file",
                                                 "file_too_large", "unreadable_file",    "no_header",
                                                 "missing_column", "duplicate_column",   "too_many_rows"};
    check(e.status() == 422);
    check(kCodes.contains(e.code()));
    check(!e.message().empty());
  }
  check(progress.rows == records);
  return 0;
}
