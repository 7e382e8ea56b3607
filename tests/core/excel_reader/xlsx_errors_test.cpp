// What a user is told when the upload is not an .xlsx the reader can read.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "fixtures.h"

namespace dj::excel {
namespace {

std::string error_for(const std::string& name, const std::string& bytes) {
  const std::string path = test::scratch(name);
  test::write_bytes(path, bytes);
  std::string what;
  try {
    read_xlsx(path, [](const SheetRow&) {});
  } catch (const std::runtime_error& e) {
    what = e.what();
  }
  std::filesystem::remove(path);
  return what;
}

const std::string kOle("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

TEST(XlsxErrors, OldXlsIsToldToSaveAsXlsx) {
  const std::string what = error_for("old.xls", kOle + std::string(1024, '\0'));
  EXPECT_NE(what.find("这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入。"), std::string::npos) << what;
}

TEST(XlsxErrors, PasswordProtectedWorkbookIsToldSo) {
  // An encrypted .xlsx is an OLE file whose directory names an EncryptedPackage stream
  // (UTF-16LE); put the name across the 64 KiB scan boundary to check the overlap.
  std::string name;
  for (char c : std::string("EncryptedPackage")) name += {c, '\0'};
  std::string bytes = kOle + std::string(64 * 1024 - 8 - 10, '\0') + name + std::string(512, '\0');
  const std::string what = error_for("locked.xlsx", bytes);
  EXPECT_NE(what.find("密码"), std::string::npos) << what;
  EXPECT_NE(what.find("password"), std::string::npos) << what;
}

TEST(XlsxErrors, NotAZipIsNotAnXlsx) {
  const std::string what = error_for("text.xlsx", "姓名,性别\n张三,男\n");
  EXPECT_EQ(what, "文件不是有效的 Excel .xlsx 文件 / not a valid .xlsx file");
  EXPECT_EQ(error_for("empty.xlsx", ""), what);
}

TEST(XlsxErrors, AZipWithoutAWorkbookIsNotAnXlsx) {
  const std::string path = test::scratch("other.zip");
  test::write_zip(path, {{"readme.txt", "hello"}});
  EXPECT_THROW(
      try { read_xlsx(path, [](const SheetRow&) {}); } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("not a valid .xlsx"), std::string::npos) << e.what();
        throw;
      },
      std::runtime_error);
  std::filesystem::remove(path);
}

TEST(XlsxErrors, ATruncatedZipIsNotAnXlsx) {
  const std::string path = test::scratch("cut.xlsx");
  test::write_zip(path, {{"xl/workbook.xml", std::string(10000, 'x')}});
  const std::string bytes = [&] {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }();
  std::filesystem::remove(path);
  EXPECT_NE(error_for("cut.xlsx", bytes.substr(0, bytes.size() / 2)).find("not a valid .xlsx"), std::string::npos);
}

TEST(XlsxErrors, AMissingFileSaysItCannotBeOpened) {
  EXPECT_THROW(read_xlsx(test::scratch("does-not-exist.xlsx"), [](const SheetRow&) {}), std::runtime_error);
}

}  // namespace
}  // namespace dj::excel
