// Reading members of an .xlsx (a zip) with minizip, in chunks, so that no
// part is ever held whole.
//
// Every member is inflated under two caps (xlsx_limits.h): at most
// kMaxPartBytes (1 GiB), and past kRatioCheckFrom (100 MiB) no more than
// kMaxRatio (250) times the compressed bytes read so far. A zip bomb (a
// sheet of gigabytes of zeros) thus stops with the reader's runtime_error
// after ~100 MiB, a fraction of a second, whatever the sizes the zip claims.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace dj::excel::detail {

class ZipSource {
 public:
  // Throws std::runtime_error with the reader's "not a valid .xlsx" message
  // when `path` cannot be opened as a zip.
  explicit ZipSource(const std::string& path);
  ~ZipSource();
  ZipSource(const ZipSource&) = delete;
  ZipSource& operator=(const ZipSource&) = delete;

  // Feeds the member to `on_chunk` in pieces of at most 64 KiB; false when
  // there is no such member. Names are compared case-insensitively (some
  // writers spell xl/SharedStrings.xml). Throws std::runtime_error when the
  // data is corrupt or goes past the caps above.
  bool stream(const std::string& member, const std::function<void(std::string_view)>& on_chunk);

 private:
  void* zip_ = nullptr;
  std::string path_;
};

}  // namespace dj::excel::detail
