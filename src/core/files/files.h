// Uploaded files (evidence, attachments) for every module: what types are
// accepted and how their bytes are kept. The bytes live once per content in
// <data_dir>/files/<aa>/<sha256> (content-addressed, written atomically);
// modules keep their own rows naming the file, its organisation and owner,
// and serve it only after their own scope check.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http/message.h"

namespace dj::files {

// Evidence files: images, PDF and Office documents.
constexpr std::size_t kMaxEvidenceBytes = 20u * 1024 * 1024;  // 20 MB

struct Checked {
  std::string name;  // cleaned display name (path parts and control characters removed)
  std::string mime;  // from the verified type, never from the client
};

// Accepts jpg/jpeg/png/gif/webp, pdf, doc/docx, xls/xlsx, ppt/pptx, wps/et
// when the extension matches the bytes' signature (a renamed .exe is not a
// .pdf). Throws ApiError 413 "file_too_large" (over `max_bytes`), 415
// "file_type" (refused or mismatched type) or 400 (empty, no name); the
// message names the file, in Chinese. Nothing is stored by a check.
Checked check_evidence(std::string_view name, std::string_view bytes, std::size_t max_bytes = kMaxEvidenceBytes);

class FileStore {
 public:
  explicit FileStore(std::string data_dir);
  // Stores the bytes (if not already there) and returns their SHA-256 (hex).
  std::string put(std::string_view bytes) const;
  std::string path_of(std::string_view sha256_hex) const;
  bool exists(std::string_view sha256_hex) const;

 private:
  std::string root_;
};

// A stored file as a download: `inline` for images and PDF (shown in the
// browser, e.g. on a phone), attachment otherwise; the Chinese name survives
// (RFC 6266 filename*). Sent with X-Content-Type-Options: nosniff by the server.
http::Response serve(const FileStore& store, std::string_view sha256_hex, std::string_view mime,
                     std::string_view utf8_name);

}  // namespace dj::files
