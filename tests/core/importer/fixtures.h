// Files and helpers for the importer tests: scratch paths, raw bytes, the
// columns of a typical 党员花名册, and read_table with everything collected.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "core/importer/importer.h"

namespace dj::test {

// A path in the temp directory unique to this process and `name`; the file
// is removed when the Scratch goes out of scope.
class Scratch {
 public:
  explicit Scratch(const std::string& name);
  ~Scratch();
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void write_bytes(const std::string& path, const std::string& bytes);
// The uncompressed bytes of one member of the zip (an .xlsx) at `path`.
std::string zip_member(const std::string& path, const std::string& member);

// 姓名*, 身份证号*, 性别, 入党日期, 手机号码, 备注 with the usual aliases.
std::vector<importer::Column> roster_columns();

// Everything read_table reports, in call order.
struct Table {
  importer::Layout layout;
  int header_calls = 0;
  std::vector<importer::Record> records;
  std::vector<importer::Repair> repairs;
  std::vector<std::string> events;  // "header", "repair:<row>:<field>", "record:<row>"
  // records[i].cells[column index of `key`].value
  std::string value(std::size_t record, const std::string& key) const;
  std::vector<std::int64_t> rows() const;
};

Table read(const std::string& path, const std::vector<importer::Column>& columns = roster_columns(),
           const importer::Options& options = {});
// Writes `bytes` to a scratch file and reads it.
Table read_bytes(const std::string& bytes, const std::vector<importer::Column>& columns = roster_columns(),
                 const importer::Options& options = {});

// The ApiError read_bytes throws; fails the test when none is thrown.
ApiError read_error(const std::string& bytes, const std::vector<importer::Column>& columns = roster_columns(),
                    const importer::Options& options = {});

}  // namespace dj::test
