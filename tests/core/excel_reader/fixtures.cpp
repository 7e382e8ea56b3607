#include "fixtures.h"

#include <unistd.h>
#include <zip.h>

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
