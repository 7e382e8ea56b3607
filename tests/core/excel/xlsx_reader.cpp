#include "xlsx_reader.h"

#include <unzip.h>

#include <memory>
#include <stdexcept>

namespace dj::test {
namespace {

struct Closer {
  void operator()(void* z) const { unzClose(z); }
};
using Zip = std::unique_ptr<void, Closer>;

Zip open(const std::string& path) {
  Zip z(unzOpen64(path.c_str()));
  if (!z) throw std::runtime_error("not a zip: " + path);
  return z;
}

}  // namespace

std::vector<std::string> zip_members(const std::string& path) {
  auto z = open(path);
  std::vector<std::string> out;
  for (int rc = unzGoToFirstFile(z.get()); rc == UNZ_OK; rc = unzGoToNextFile(z.get())) {
    char name[512];
    unz_file_info64 info;
    if (unzGetCurrentFileInfo64(z.get(), &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK)
      throw std::runtime_error("bad zip entry in " + path);
    out.emplace_back(name);
  }
  return out;
}

std::string zip_member(const std::string& path, const std::string& member) {
  auto z = open(path);
  if (unzLocateFile(z.get(), member.c_str(), 1) != UNZ_OK) throw std::runtime_error(member + " not in " + path);
  if (unzOpenCurrentFile(z.get()) != UNZ_OK) throw std::runtime_error("cannot open " + member);
  std::string out;
  char buf[65536];
  for (;;) {
    const int n = unzReadCurrentFile(z.get(), buf, sizeof buf);
    if (n < 0) throw std::runtime_error("cannot read " + member);
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  unzCloseCurrentFile(z.get());
  return out;
}

}  // namespace dj::test
