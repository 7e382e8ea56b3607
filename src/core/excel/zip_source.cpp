#include "core/excel/zip_source.h"

#include <unzip.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "core/excel/xlsx_errors.h"
#include "core/excel/xlsx_limits.h"

namespace dj::excel::detail {

ZipSource::ZipSource(const std::string& path) : path_(path) {
  zip_ = unzOpen64(path.c_str());
  if (!zip_) throw std::runtime_error(not_xlsx_message());
}

ZipSource::~ZipSource() {
  if (zip_) unzClose(zip_);
}

bool ZipSource::stream(const std::string& member, const std::function<void(std::string_view)>& on_chunk) {
  constexpr int kCaseInsensitive = 2;
  if (unzLocateFile(zip_, member.c_str(), kCaseInsensitive) != UNZ_OK) return false;
  if (unzOpenCurrentFile(zip_) != UNZ_OK) throw std::runtime_error(not_xlsx_message());
  // Close the member on every path out, including an exception from on_chunk.
  struct CloseCurrent {
    void* z;
    ~CloseCurrent() { unzCloseCurrentFile(z); }
  } closer{zip_};
  // Where the member's compressed data starts: the position minizip has
  // read up to, less this, is the compressed bytes consumed so far (ahead of
  // inflate by at most minizip's 16 KiB buffer, which only lowers the ratio).
  const std::uint64_t data_start = unzGetCurrentFileZStreamPos64(zip_);
  std::uint64_t inflated = 0;
  std::vector<char> buf(64 * 1024);
  for (;;) {
    const int n = unzReadCurrentFile(zip_, buf.data(), static_cast<unsigned>(buf.size()));
    if (n < 0) throw std::runtime_error(not_xlsx_message());  // corrupt deflate data or CRC
    if (n == 0) break;
    inflated += static_cast<std::uint64_t>(n);
    if (inflated > kMaxPartBytes) throw_limit(Limit::part_bytes);
    if (inflated > kRatioCheckFrom) {
      const std::uint64_t pos = unzGetCurrentFileZStreamPos64(zip_);
      const std::uint64_t consumed = pos > data_start ? pos - data_start : 1;
      if (inflated > kMaxRatio * consumed) throw_limit(Limit::ratio);
    }
    on_chunk(std::string_view(buf.data(), static_cast<std::size_t>(n)));
  }
  return true;
}

}  // namespace dj::excel::detail
