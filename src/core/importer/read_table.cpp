// read_table: tells the file type from its first bytes (users rename files,
// and browsers send whatever type the extension suggests), decodes CSV text,
// and drives the .xlsx or CSV reader into a TableSink.
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "core/error.h"
#include "core/excel/reader.h"
#include "core/importer/detail.h"
#include "core/importer/importer.h"
#include "core/text/text.h"

namespace dj::importer {
namespace {

constexpr std::string_view kZipMagic("PK\x03\x04", 4);
constexpr std::string_view kOleMagic("\xD0\xCF\x11\xE0", 4);
// A CSV is read whole (it must be decoded before it can be split); past this
// the file is almost certainly not a roster, and memory matters more.
constexpr std::uintmax_t kMaxCsvBytes = 200u << 20;

std::string read_head(const std::string& path, std::size_t n) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ApiError(422, "unreadable_file", "无法打开上传的文件，请重新上传。");
  std::string head(n, '\0');
  in.read(head.data(), static_cast<std::streamsize>(n));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

// An OLE compound file is either an Excel 97-2003 workbook or an .xlsx
// saved with a password (Excel wraps it in an "EncryptedPackage" stream,
// whose name appears in UTF-16LE in the file's directory).
bool is_encrypted_ole(const std::string& path) {
  std::string needle;
  for (char c : std::string_view("EncryptedPackage")) {
    needle += c;
    needle += '\0';
  }
  std::ifstream in(path, std::ios::binary);
  std::string buf(1u << 20, '\0');
  std::string carry;  // the end of the previous chunk, for a name split across two
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
    const std::string window = carry + buf.substr(0, static_cast<std::size_t>(in.gcount()));
    if (window.find(needle) != std::string::npos) return true;
    carry = window.substr(window.size() - std::min(window.size(), needle.size()));
  }
  return false;
}

[[noreturn]] void refuse_ole(const std::string& path) {
  if (is_encrypted_ole(path))
    throw ApiError(422, "encrypted_workbook",
                   "文件设置了打开密码，无法读取。请在 Excel 中打开文件，删除密码（文件 → 信息 → 保护工作簿 → "
                   "用密码进行加密，清空密码）并保存后，再上传。");
  throw ApiError(422, "xls_format",
                 "这是旧版 Excel 97-2003 工作簿（.xls），无法直接导入。请在 Excel 中打开它，点击“文件 → 另存为”，"
                 "保存类型选择 “Excel 工作簿(*.xlsx)”，然后上传另存后的 .xlsx 文件。");
}

std::string encoding_name(text::Encoding e) {
  switch (e) {
    case text::Encoding::utf8: return "utf-8";
    case text::Encoding::utf8_bom: return "utf-8-bom";
    case text::Encoding::gbk: return "gbk";
  }
  return "";
}

// The readers throw std::runtime_error for files they cannot read; the user
// gets that message as a 422. Exceptions from the caller's callbacks (which
// travel through the reader) must keep their own type, hence the flag.
template <class Read>
void run_reader(Read&& read, const bool& from_callback) {
  try {
    read();
  } catch (const ApiError&) {
    throw;
  } catch (const std::runtime_error& e) {
    if (from_callback) throw;
    throw ApiError(422, "unreadable_file", e.what());
  }
}

std::string read_all(const std::string& path, std::uintmax_t size) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (!in) throw ApiError(422, "unreadable_file", "读取上传的文件失败，请重新上传。");
  return bytes;
}

}  // namespace

void read_table(const std::string& path, const std::vector<Column>& columns, const Options& options,
                const std::function<void(const Layout&)>& on_header,
                const std::function<void(const Record&)>& on_record,
                const std::function<void(const Repair&)>& on_repair) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) throw ApiError(422, "unreadable_file", "无法打开上传的文件，请重新上传。");
  if (size == 0) throw ApiError(422, "empty_file", "上传的文件是空的（0 字节），请检查是否选错了文件。");

  const std::string head = read_head(path, 8);
  if (head.starts_with(kOleMagic)) refuse_ole(path);

  Layout layout;
  bool from_callback = false;
  if (head.starts_with(kZipMagic)) {
    layout.format = "xlsx";
    layout.sheet = options.sheet;
    // read_xlsx picks the first visible sheet but does not say which it was;
    // the first listed one is right unless it is hidden.
    if (layout.sheet.empty())
      run_reader([&] {
        const auto names = excel::xlsx_sheet_names(path);
        if (!names.empty()) layout.sheet = names.front();
      }, from_callback);
    detail::TableSink sink(columns, options, layout, on_header, on_record, on_repair);
    run_reader([&] {
      excel::read_xlsx(path, [&](const excel::SheetRow& row) {
        try {
          sink.row(row);
        } catch (...) {
          from_callback = true;
          throw;
        }
      }, options.sheet);
    }, from_callback);
    sink.finish();
    return;
  }

  if (size > kMaxCsvBytes)
    throw ApiError(422, "file_too_large",
                   "CSV 文件超过 200 MB，无法导入。请拆分成几个较小的文件，或在 Excel 中另存为 .xlsx 后再上传。");
  Progress* progress = options.progress;
  if (progress) {
    progress->bytes_total = static_cast<std::int64_t>(size);
    progress->bytes_done = 0;
  }
  std::string utf8;
  {
    const std::string bytes = read_all(path, size);
    const text::Encoding encoding = text::detect_encoding(bytes);
    layout.encoding = encoding_name(encoding);
    utf8 = text::to_utf8(bytes, encoding);
  }
  layout.format = "csv";
  // Rows report their line, not their byte offset: progress is the share of
  // lines read, which is close enough for a progress bar.
  const auto lines = static_cast<std::int64_t>(std::count(utf8.begin(), utf8.end(), '\n')) + 1;
  const auto total = static_cast<std::int64_t>(size);

  detail::TableSink sink(columns, options, layout, on_header, on_record, on_repair);
  run_reader([&] {
    excel::read_csv(utf8, [&](const excel::SheetRow& row) {
      try {
        if (progress) progress->bytes_done = std::min(total, total * (row.row_number - 1) / lines);
        sink.row(row);
      } catch (...) {
        from_callback = true;
        throw;
      }
    });
  }, from_callback);
  sink.finish();
  if (progress) progress->bytes_done = total;
}

}  // namespace dj::importer
