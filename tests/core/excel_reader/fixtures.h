// Files for the reader tests: a scratch path per test, raw bytes, and zips
// assembled member by member.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/excel/reader.h"

namespace dj::test {

// A path in the temp directory unique to this process and `name`.
std::string scratch(const std::string& name);
void write_bytes(const std::string& path, const std::string& bytes);
// A zip of (member name, content) pairs, deflated.
void write_zip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& members);

// A member whose content is head + unit × times + tail. The content is never
// held whole: the unit is deflated once (in ~1 MiB runs) and those deflate
// blocks are written again and again, so a member of gigabytes takes
// milliseconds and a few MiB of memory. For the limit tests' bombs.
struct RepeatedMember {
  std::string name, head, unit;
  std::uint64_t times = 0;
  std::string tail;
};
void write_zip_repeated(const std::string& path, const std::vector<RepeatedMember>& members);

// Every row read_xlsx / read_csv delivers, collected.
std::vector<excel::SheetRow> xlsx_rows(const std::string& path, const std::string& sheet = "");
std::vector<excel::SheetRow> csv_rows(std::string_view text);
// Cell texts of one row, for compact assertions.
std::vector<std::string> texts(const excel::SheetRow& row);

}  // namespace dj::test
