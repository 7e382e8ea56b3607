// Reading members of an .xlsx (a zip) with minizip: whole, for the small
// parts (workbook, styles), or in chunks, for the sheets that can be large.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
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

  // The member's bytes, or nullopt when there is no such member. Names are
  // compared case-insensitively (some writers spell xl/SharedStrings.xml).
  // `max_bytes` guards against a zip bomb in parts that must fit in memory.
  std::optional<std::string> read(const std::string& member, std::size_t max_bytes = 64u << 20);
  // Feeds the member to `on_chunk` in pieces; false when there is no such member.
  bool stream(const std::string& member, const std::function<void(std::string_view)>& on_chunk);

 private:
  void* zip_ = nullptr;
  std::string path_;
};

}  // namespace dj::excel::detail
