#include "core/download.h"

#include <filesystem>

#include "core/crypto/crypto.h"
#include "core/excel/excel.h"

namespace dj::download {
namespace fs = std::filesystem;

TempFile::TempFile(const std::string& dir, std::string_view suffix) {
  fs::path where = dir.empty() ? fs::temp_directory_path() : fs::path(dir);
  if (!dir.empty() && !fs::exists(where)) {
    fs::create_directories(where);
    fs::permissions(where, fs::perms::owner_all, fs::perm_options::replace);
  }
  // Random, never the client-supplied request id.
  path_ = (where / ("dj-" + crypto::random_token(12) + std::string(suffix))).string();
}

TempFile::~TempFile() {
  std::error_code ec;
  fs::remove(path_, ec);
}

namespace {
std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    bool plain = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                 ch == '.' || ch == '_' || ch == '~';
    if (plain) {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}
}  // namespace

std::string disposition(std::string_view kind, std::string_view ascii_name, std::string_view utf8_name) {
  return std::string(kind) + "; filename=\"" + std::string(ascii_name) + "\"; filename*=UTF-8''" +
         percent_encode(utf8_name);
}

http::Response xlsx(const std::string& path, std::string_view ascii_name, std::string_view utf8_name) {
  http::Response r = http::Response::text(excel::read_file(path),
                                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  r.set_header("Content-Disposition", disposition("attachment", ascii_name, utf8_name));
  return r;
}

}  // namespace dj::download
