#include "core/excel/zip_source.h"

#include <unzip.h>

#include <stdexcept>
#include <vector>

#include "core/excel/xlsx_errors.h"

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
  std::vector<char> buf(64 * 1024);
  for (;;) {
    const int n = unzReadCurrentFile(zip_, buf.data(), static_cast<unsigned>(buf.size()));
    if (n < 0) throw std::runtime_error(not_xlsx_message());  // corrupt deflate data or CRC
    if (n == 0) break;
    on_chunk(std::string_view(buf.data(), static_cast<std::size_t>(n)));
  }
  return true;
}

std::optional<std::string> ZipSource::read(const std::string& member, std::size_t max_bytes) {
  std::string out;
  const bool found = stream(member, [&](std::string_view chunk) {
    if (out.size() + chunk.size() > max_bytes) throw std::runtime_error(not_xlsx_message());
    out.append(chunk);
  });
  if (!found) return std::nullopt;
  return out;
}

}  // namespace dj::excel::detail
