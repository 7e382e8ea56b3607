// Files that routes write and hand back (exports, templates, reports) and
// files uploads are spooled to: one temp-file type with a random name that is
// removed whatever happens, and one way to answer with an .xlsx whose Chinese
// file name survives every browser (RFC 6266 filename*).
#pragma once

#include <string>
#include <string_view>

#include "http/message.h"

namespace dj::download {

class TempFile {
 public:
  // `dir` "" = the system temp directory; otherwise created (mode 0700) when missing.
  TempFile(const std::string& dir, std::string_view suffix);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The file at `path` as an attachment: `ascii_name` for old clients,
// `utf8_name` (e.g. "党员名册.xlsx") percent-encoded in filename*.
// A Content-Disposition value ("attachment" or "inline") with both names.
std::string disposition(std::string_view kind, std::string_view ascii_name, std::string_view utf8_name);

http::Response xlsx(const std::string& path, std::string_view ascii_name, std::string_view utf8_name);

}  // namespace dj::download
