#include "fixtures.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <unzip.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace dj::test {

Scratch::Scratch(const std::string& name) {
  static std::atomic<int> counter{0};
  path_ = (std::filesystem::temp_directory_path() /
           ("dj_importer_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + name))
              .string();
}

Scratch::~Scratch() {
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string zip_member(const std::string& path, const std::string& member) {
  unzFile z = unzOpen64(path.c_str());
  if (!z) throw std::runtime_error("not a zip: " + path);
  std::string out;
  const bool ok = unzLocateFile(z, member.c_str(), 1) == UNZ_OK && unzOpenCurrentFile(z) == UNZ_OK;
  if (ok) {
    char buf[65536];
    for (int n; (n = unzReadCurrentFile(z, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    unzCloseCurrentFile(z);
  }
  unzClose(z);
  if (!ok) throw std::runtime_error(member + " not in " + path);
  return out;
}

std::vector<importer::Column> roster_columns() {
  using importer::Clean;
  return {
      {"name", "姓名", {"名字"}, true, Clean::compact},
      {"id_number", "身份证号", {"公民身份号码", "身份证号码", "身份证"}, true, Clean::compact},
      {"gender", "性别", {}, false, Clean::text},
      {"joined_on", "入党日期", {"入党时间"}, false, Clean::compact},
      {"phone", "手机号码", {"联系电话", "手机号"}, false, Clean::compact},
      {"note", "备注", {}, false, Clean::raw},
  };
}

std::string Table::value(std::size_t record, const std::string& key) const {
  const auto columns = roster_columns();
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].key == key) return records.at(record).cells.at(i).value;
  throw std::logic_error("no column " + key);
}

std::vector<std::int64_t> Table::rows() const {
  std::vector<std::int64_t> out;
  for (const auto& r : records) out.push_back(r.row);
  return out;
}

Table read(const std::string& path, const std::vector<importer::Column>& columns, const importer::Options& options) {
  Table t;
  importer::read_table(
      path, columns, options,
      [&](const importer::Layout& l) {
        t.layout = l;
        ++t.header_calls;
        t.events.push_back("header");
      },
      [&](const importer::Record& r) {
        t.records.push_back(r);
        t.events.push_back("record:" + std::to_string(r.row));
      },
      [&](const importer::Repair& r) {
        t.repairs.push_back(r);
        t.events.push_back("repair:" + std::to_string(r.row) + ":" + r.field);
      });
  return t;
}

Table read_bytes(const std::string& bytes, const std::vector<importer::Column>& columns,
                 const importer::Options& options) {
  Scratch file("upload");
  write_bytes(file.path(), bytes);
  return read(file.path(), columns, options);
}

ApiError read_error(const std::string& bytes, const std::vector<importer::Column>& columns,
                    const importer::Options& options) {
  try {
    read_bytes(bytes, columns, options);
  } catch (const ApiError& e) {
    return e;
  }
  ADD_FAILURE() << "read_table accepted the file";
  return ApiError(0, "", "");
}

}  // namespace dj::test
