// The .xlsx upload path: bytes → a file → excel::xlsx_sheet_names and
// excel::read_xlsx (minizip, the streaming XML scanner, pugixml, shared
// strings, styles, merged ranges, number and date formatting).
//
// The bytes go to a memfd and the reader opens /proc/self/fd/N, so nothing
// touches the disk and parallel runs never share a file.
//
// Findings: crashes and sanitizer reports; any exception other than the
// documented std::runtime_error ("not an .xlsx", ".xls", encrypted, no such
// sheet) — libFuzzer reports an escaping exception as a deadly signal;
// allocations past -rss_limit_mb / -malloc_limit_mb (zip bombs); and broken
// row contracts (trap): cells never end with an empty one, never reach past
// column XFD, and only numeric cells carry is_number.
//
// zip_mutator.cpp unpacks each input, mutates one XML part and packs it
// again, so the fuzzer works on the XML the reader parses rather than on
// deflate streams and CRCs; one mutation in eight is a plain byte-level one,
// which keeps the zip and signature handling fuzzed too.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/excel/reader.h"

namespace {

int g_fd = -1;
std::string g_path;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

void check_row(const dj::excel::SheetRow& row, std::size_t& cells) {
  check(!row.cells.empty() && !row.cells.back().text.empty());
  check(row.cells.size() <= 16384);
  for (const dj::excel::SheetCell& c : row.cells) {
    if (!c.is_number) check(c.number == 0);
    cells += c.text.size() > 0;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_fd = memfd_create("fuzz_xlsx", 0);
  if (g_fd < 0) {
    std::perror("memfd_create");
    std::abort();
  }
  g_path = "/proc/self/fd/" + std::to_string(g_fd);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (ftruncate(g_fd, 0) != 0 || pwrite(g_fd, data, size, 0) != static_cast<ssize_t>(size)) std::abort();

  std::size_t cells = 0;
  std::vector<std::string> names;
  try {
    names = dj::excel::xlsx_sheet_names(g_path);
    check(!names.empty());
  } catch (const std::runtime_error&) {
    return 0;  // documented: not an .xlsx (the same checks guard read_xlsx)
  }
  try {
    dj::excel::read_xlsx(g_path, [&](const dj::excel::SheetRow& row) { check_row(row, cells); });
  } catch (const std::runtime_error&) {
  }
  // A sheet by name (the import dialog's choice), when there is another one.
  if (names.size() > 1) {
    try {
      dj::excel::read_xlsx(g_path, [&](const dj::excel::SheetRow& row) { check_row(row, cells); }, names.back());
    } catch (const std::runtime_error&) {
    }
  }
  volatile std::size_t sink = cells;
  (void)sink;
  return 0;
}
