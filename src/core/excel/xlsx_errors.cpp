#include "core/excel/xlsx_errors.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <stdexcept>
#include <string_view>

#include "core/excel/xlsx_limits.h"

namespace dj::excel::detail {
namespace {

constexpr std::string_view kZipMagic("PK\x03\x04", 4);
constexpr std::string_view kOleMagic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

// Excel saves a password-protected workbook not as a zip but as an OLE
// compound file holding an "EncryptedPackage" stream; the stream's name is
// in the directory as UTF-16LE. Scanning in chunks keeps memory flat.
bool has_encrypted_package(std::ifstream& in) {
  static const std::string needle = [] {
    std::string s;
    for (char c : std::string_view("EncryptedPackage")) {
      s += c;
      s += '\0';
    }
    return s;
  }();
  in.clear();
  in.seekg(0);
  std::string window;
  std::array<char, 64 * 1024> buf{};
  while (in.read(buf.data(), buf.size()) || in.gcount() > 0) {
    window.append(buf.data(), static_cast<std::size_t>(in.gcount()));
    if (window.find(needle) != std::string::npos) return true;
    // Keep a tail so a name split across two chunks is still found.
    window.erase(0, window.size() - std::min(window.size(), needle.size()));
  }
  return false;
}

std::string n(std::uint64_t v) { return std::to_string(v); }
std::string mib(std::uint64_t bytes) {
  return bytes % (1u << 30) == 0 ? std::to_string(bytes >> 30) + " GiB" : std::to_string(bytes >> 20) + " MiB";
}

}  // namespace

std::string limit_message(Limit what, std::string_view where) {
  const std::string at(where);
  switch (what) {
    case Limit::part_bytes:
      return "文件解压后超过 " + mib(kMaxPartBytes) +
             "，过大或已损坏，无法读取。请删除不需要的工作表，或拆分成几个文件后再导入。 / the file inflates to more than " +
             mib(kMaxPartBytes) + " (too large or damaged); remove unneeded sheets or split it into several files";
    case Limit::ratio:
      return "文件的压缩比异常（超过 " + n(kMaxRatio) +
             ":1），疑似压缩炸弹或文件已损坏，未读取。 / the file's compression ratio is over " + n(kMaxRatio) +
             ":1 (a zip bomb or a damaged file); it was not read";
    case Limit::element_bytes:
      return "文件中有一段 XML（如一行数据）超过 " + mib(kMaxElementBytes) +
             " 或没有结束，文件可能已损坏。 / an XML element (such as a row) is larger than " +
             mib(kMaxElementBytes) + " or never ends; the file may be damaged";
    case Limit::cell_chars:
      return (at.empty() ? std::string("有单元格") : "单元格 " + at + " ") + "的内容超过 " + n(kMaxCellChars) +
             " 个字符（Excel 的上限），请删减后再导入。 / " + (at.empty() ? std::string("a cell") : "cell " + at) +
             " holds more than " + n(kMaxCellChars) + " characters (Excel's limit); shorten it and upload again";
    case Limit::row_text:
      return (at.empty() ? std::string("有一行") : "第 " + at + " 行") + "的文字（含合并单元格复制的内容）超过 " +
             mib(kMaxRowTextBytes) + "，请检查是否有很长的内容合并到了整行。 / " +
             (at.empty() ? std::string("a row") : "row " + at) + " holds more than " + mib(kMaxRowTextBytes) +
             " of text (merged cells included); check for long text merged across the row";
    case Limit::rows:
      return "工作表超过 " + n(kMaxRows) + " 行，无法读取。 / the sheet has more than " + n(kMaxRows) + " rows";
    case Limit::sheet_cells:
      return "工作表的单元格（含合并单元格填充的）超过 " + n(kMaxSheetCells) +
             " 个，请删除多余的行、列和合并单元格后再导入。 / the sheet has more than " + n(kMaxSheetCells) +
             " cells (merged cells included); remove unneeded rows, columns and merges";
    case Limit::sheet_text:
      return "工作表的文字（含共享字符串和合并单元格填充的）超过 " + mib(kMaxSheetTextBytes) +
             "，请删除多余的内容，或拆分成几个文件后再导入。 / the sheet holds more than " + mib(kMaxSheetTextBytes) +
             " of text (shared strings and merged cells included); remove unneeded content or split the file";
    case Limit::shared_strings:
      return "共享字符串超过 " + n(kMaxSharedStrings) + " 条，文件过大或已损坏。 / the file has more than " +
             n(kMaxSharedStrings) + " shared strings (too large or damaged)";
    case Limit::shared_string_bytes:
      return "共享字符串的文字超过 " + mib(kMaxSharedStringBytes) + "，文件过大或已损坏。 / the shared strings hold more than " +
             mib(kMaxSharedStringBytes) + " of text (too large or damaged)";
    case Limit::merges:
      return "工作表的合并单元格区域超过 " + n(kMaxMerges) + " 个，文件可能已损坏。 / the sheet has more than " +
             n(kMaxMerges) + " merged ranges; the file may be damaged";
    case Limit::merged_text:
      return "合并单元格同时需要保留的文字超过 " + mib(kMaxMergedTextBytes) +
             "，文件可能已损坏。 / the merged ranges covering one row hold more than " + mib(kMaxMergedTextBytes) +
             " of text; the file may be damaged";
    case Limit::merges_per_row:
      return (at.empty() ? std::string("有一行") : "第 " + at + " 行") +
             "被超过 16384 个合并单元格区域覆盖（区域互相重叠），文件可能已损坏。 / more than 16384 merged ranges cover " +
             (at.empty() ? std::string("a row") : "row " + at) + " (they overlap); the file may be damaged";
    case Limit::package_info:
      return "工作簿的工作表和关系信息超过 " + mib(kMaxPackageInfoBytes) +
             "，文件可能已损坏。 / the workbook's sheet list and relationships exceed " + mib(kMaxPackageInfoBytes) +
             "; the file may be damaged";
    case Limit::cell_formats:
      return "单元格格式超过 " + n(kMaxCellFormats) + " 个，文件可能已损坏。 / the file defines more than " +
             n(kMaxCellFormats) + " cell formats; it may be damaged";
    case Limit::number_formats:
      return "自定义数字格式超过 " + n(kMaxNumberFormats) + " 个，文件可能已损坏。 / the file defines more than " +
             n(kMaxNumberFormats) + " number formats; it may be damaged";
  }
  return not_xlsx_message();
}

void throw_limit(Limit what, std::string_view where) { throw std::runtime_error(limit_message(what, where)); }

std::string not_xlsx_message() { return "文件不是有效的 Excel .xlsx 文件 / not a valid .xlsx file"; }

void check_xlsx_signature(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("无法打开文件 / cannot open the file: " + path);
  std::array<char, 8> head{};
  in.read(head.data(), head.size());
  const std::string_view got(head.data(), static_cast<std::size_t>(in.gcount()));
  if (got.starts_with(kZipMagic)) return;
  if (got == kOleMagic) {
    if (has_encrypted_package(in))
      throw std::runtime_error(
          "文件设置了打开密码（已加密），请在 Excel 中取消密码后另存为 .xlsx 再导入。 / "
          "the workbook is password-protected (encrypted); remove the password in Excel, save, and upload again");
    throw std::runtime_error(
        "这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入。 / "
        "this is an old .xls file; open it in Excel, save it as .xlsx, and upload that");
  }
  throw std::runtime_error(not_xlsx_message());
}

}  // namespace dj::excel::detail
