#include "fixtures.h"

#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace dj::test {

std::string scratch(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("dj_excel_reader_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

void write_zip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& members) {
  zipFile z = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  if (!z) throw std::runtime_error("cannot create " + path);
  for (const auto& [name, content] : members) {
    zip_fileinfo info{};
    if (zipOpenNewFileInZip64(z, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                              Z_DEFAULT_COMPRESSION, 0) != ZIP_OK ||
        zipWriteInFileInZip(z, content.data(), static_cast<unsigned>(content.size())) != ZIP_OK ||
        zipCloseFileInZip(z) != ZIP_OK)
      throw std::runtime_error("cannot add " + name + " to " + path);
  }
  if (zipClose(z, nullptr) != ZIP_OK) throw std::runtime_error("cannot close " + path);
}

namespace {

// `data` as raw deflate blocks that stand alone (no back-references before
// their start) and end byte-aligned: Z_FULL_FLUSH, or Z_FINISH for the last.
std::string deflate_blocks(std::string_view data, int flush) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, flush);
  const bool ok = z.avail_in == 0 && (flush == Z_FINISH ? rc == Z_STREAM_END : rc == Z_OK);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  if (!ok) throw std::runtime_error("deflate");
  return out;
}

std::uint32_t crc_of(std::string_view s) {
  return static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

}  // namespace

void write_zip_repeated(const std::string& path, const std::vector<RepeatedMember>& members) {
  zipFile z = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  if (!z) throw std::runtime_error("cannot create " + path);
  for (const auto& m : members) {
    const std::uint64_t per_run = m.unit.empty() ? 0 : std::max<std::uint64_t>(1, (1u << 20) / m.unit.size());
    const std::uint64_t runs = per_run ? m.times / per_run : 0, rest = per_run ? m.times % per_run : 0;
    std::string run, last;
    for (std::uint64_t i = 0; i < std::min(per_run, m.times); ++i) run += m.unit;
    for (std::uint64_t i = 0; i < rest; ++i) last += m.unit;
    const std::uint64_t total = m.head.size() + m.times * m.unit.size() + m.tail.size();
    zip_fileinfo info{};
    if (zipOpenNewFileInZip2_64(z, m.name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                Z_BEST_COMPRESSION, /*raw=*/1, /*zip64=*/total >= 0xFFFFFFFFu) != ZIP_OK)
      throw std::runtime_error("cannot add " + m.name + " to " + path);
    auto put = [&](const std::string& blocks) {
      if (zipWriteInFileInZip(z, blocks.data(), static_cast<unsigned>(blocks.size())) != ZIP_OK)
        throw std::runtime_error("cannot write " + m.name + " to " + path);
    };
    std::uint32_t crc = crc_of(m.head);
    put(deflate_blocks(m.head, Z_FULL_FLUSH));
    if (runs) {
      const std::string blocks = deflate_blocks(run, Z_FULL_FLUSH);
      const std::uint32_t run_crc = crc_of(run);
      for (std::uint64_t i = 0; i < runs; ++i) {
        put(blocks);
        crc = static_cast<std::uint32_t>(crc32_combine(crc, run_crc, static_cast<z_off_t>(run.size())));
      }
    }
    put(deflate_blocks(last, Z_FULL_FLUSH));
    crc = static_cast<std::uint32_t>(crc32_combine(crc, crc_of(last), static_cast<z_off_t>(last.size())));
    put(deflate_blocks(m.tail, Z_FINISH));
    crc = static_cast<std::uint32_t>(crc32_combine(crc, crc_of(m.tail), static_cast<z_off_t>(m.tail.size())));
    if (zipCloseFileInZipRaw64(z, total, crc) != ZIP_OK) throw std::runtime_error("cannot close " + m.name);
  }
  if (zipClose(z, nullptr) != ZIP_OK) throw std::runtime_error("cannot close " + path);
}

std::vector<excel::SheetRow> xlsx_rows(const std::string& path, const std::string& sheet) {
  std::vector<excel::SheetRow> rows;
  excel::read_xlsx(path, [&](const excel::SheetRow& r) { rows.push_back(r); }, sheet);
  return rows;
}

std::vector<excel::SheetRow> csv_rows(std::string_view text) {
  std::vector<excel::SheetRow> rows;
  excel::read_csv(text, [&](const excel::SheetRow& r) { rows.push_back(r); });
  return rows;
}

std::vector<std::string> texts(const excel::SheetRow& row) {
  std::vector<std::string> out;
  for (const auto& c : row.cells) out.push_back(c.text);
  return out;
}

}  // namespace dj::test
