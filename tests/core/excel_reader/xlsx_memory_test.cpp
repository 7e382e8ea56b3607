// 100,000 rows through read_xlsx: memory must not grow with the rows.
#include <gtest/gtest.h>
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/excel/excel.h"
#include "fixtures.h"

namespace dj::excel {
namespace {

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  return -1;
}

// Written in a child process so the writer's heap does not pad the
// reader's: the parent's RSS growth is then the reader's own.
void write_big(const std::string& path, std::int64_t rows, bool shared_strings) {
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (shared_strings) {  // as Excel saves: every text in sharedStrings.xml
      lxw_workbook* wb = workbook_new(path.c_str());
      lxw_worksheet* ws = workbook_add_worksheet(wb, "花名册");
      worksheet_write_string(ws, 0, 0, "姓名", nullptr);
      worksheet_write_string(ws, 0, 1, "身份证号", nullptr);
      for (std::int64_t i = 0; i < rows; ++i) {
        const auto r = static_cast<lxw_row_t>(i + 1);
        worksheet_write_string(ws, r, 0, ("党员" + std::to_string(i)).c_str(), nullptr);
        worksheet_write_string(ws, r, 1, std::to_string(110105199000000000LL + i).c_str(), nullptr);
        worksheet_write_number(ws, r, 2, static_cast<double>(i % 60), nullptr);
        worksheet_write_string(ws, r, 3, ("第" + std::to_string(i % 97) + "党支部").c_str(), nullptr);
      }
      ::_exit(workbook_close(wb) == LXW_NO_ERROR ? 0 : 1);
    }
    Writer w(path);  // the product's writer: inline strings, constant memory
    w.sheet("花名册", {"姓名", "身份证号", "党龄", "备注"});
    for (std::int64_t i = 0; i < rows; ++i)
      w.row({std::string("党员") + std::to_string(i), std::to_string(110105199000000000LL + i), i % 60,
             std::string("第") + std::to_string(i % 97) + "党支部"});
    w.close();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

class XlsxMemory : public ::testing::TestWithParam<bool> {};

TEST_P(XlsxMemory, HundredThousandRowsStayFlat) {
  constexpr std::int64_t kRows = 100000;
  const bool shared = GetParam();
  const std::string path = test::scratch(shared ? "big_shared.xlsx" : "big_inline.xlsx");
  write_big(path, kRows, shared);
  // Heap that earlier tests in this process freed would otherwise be reused
  // without showing as growth.
  ::malloc_trim(0);
  const long before = rss_kib();
  long peak = before;
  std::int64_t count = 0, last_row = 0;
  std::string last_id;
  read_xlsx(path, [&](const SheetRow& r) {
    ++count;
    last_row = r.row_number;
    last_id = r.cells.at(1).text;
    if (count % 1000 == 0) peak = std::max(peak, rss_kib());
  });
  peak = std::max(peak, rss_kib());
  std::filesystem::remove(path);

  EXPECT_EQ(count, kRows + 1);
  EXPECT_EQ(last_row, kRows + 1);
  EXPECT_EQ(last_id, std::to_string(110105199000000000LL + kRows - 1));
  const double growth_mb = static_cast<double>(peak - before) / 1024.0;
  std::cout << "[ memory ] reading " << kRows << (shared ? " rows (shared strings)" : " rows (inline strings)")
            << ": RSS " << before / 1024 << " MB before, peak growth "
            << growth_mb << " MB\n";
#if !defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer keeps freed memory in quarantine, so RSS says nothing
  // about the reader there; the bound is checked in the normal build.
  EXPECT_LT(growth_mb, 100.0);
#endif
}

INSTANTIATE_TEST_SUITE_P(Strings, XlsxMemory, ::testing::Values(false, true),
                         [](const auto& p) { return p.param ? "Shared" : "Inline"; });

}  // namespace
}  // namespace dj::excel
