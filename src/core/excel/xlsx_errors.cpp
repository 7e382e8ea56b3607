#include "core/excel/xlsx_errors.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <stdexcept>
#include <string_view>

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

}  // namespace

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
